package store

import (
	"fmt"
	"strings"
	"time"
	"unicode"
)

// Term is one element of a parsed search text. Every store renders terms
// into its own full-text syntax, so that what users may type is the same
// whatever the store, and no user text reaches a query parser unescaped.
type Term struct {
	// Words are the term's words, lower-cased, made only of letters and
	// digits: one for a plain word, several for a "phrase".
	Words  []string
	Prefix bool // the last word is a prefix (word*)
	Not    bool // -word: must not match
	// Or joins this term to the previous one with OR instead of AND.
	Or bool
}

// ParseText reads a search text: words must all match; "several words" in
// quote marks match as a phrase; word* matches words starting with word;
// -word or -"a phrase" excludes; OR between two terms accepts either. Any
// other character separates words, as the full-text index does. A text
// with no word to look for, or made only of exclusions, is ErrBadQuery.
func ParseText(s string) ([]Term, error) {
	var terms []Term
	r := []rune(s)
	pendingOr := false
	positive := 0
	for i := 0; i < len(r); {
		c := r[i]
		if unicode.IsSpace(c) {
			i++
			continue
		}
		not := false
		if c == '-' && i+1 < len(r) && (isQuote(r[i+1]) || isWordRune(r[i+1])) {
			not = true
			i++
			c = r[i]
		}
		var t Term
		if isQuote(c) {
			j := i + 1
			for j < len(r) && !isQuote(r[j]) {
				j++
			}
			t.Words = words(string(r[i+1 : j]))
			i = j + 1
			if i < len(r) && r[i] == '*' {
				t.Prefix = true
				i++
			}
		} else {
			j := i
			for j < len(r) && !unicode.IsSpace(r[j]) && !isQuote(r[j]) {
				j++
			}
			tok := string(r[i:j])
			i = j
			if tok == "OR" && !not {
				pendingOr = len(terms) > 0
				continue
			}
			if strings.HasSuffix(tok, "*") {
				t.Prefix = true
			}
			t.Words = words(tok)
		}
		if len(t.Words) == 0 {
			pendingOr = false
			continue
		}
		t.Not = not
		if pendingOr && !not && !terms[len(terms)-1].Not {
			t.Or = true
		}
		pendingOr = false
		if !not {
			positive++
		}
		terms = append(terms, t)
	}
	if len(terms) == 0 {
		return nil, fmt.Errorf("search %q: no word to search for: %w", s, ErrBadQuery)
	}
	if positive == 0 {
		return nil, fmt.Errorf("search %q: only exclusions, nothing to search for: %w", s, ErrBadQuery)
	}
	return terms, nil
}

func isQuote(c rune) bool {
	switch c {
	case '"', '“', '”', '„', '«', '»':
		return true
	}
	return false
}

func isWordRune(c rune) bool {
	return unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.Is(unicode.Mn, c)
}

// words splits s into lower-cased runs of letters and digits, the way the
// full-text tokenizer does.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(c rune) bool { return !isWordRune(c) })
}

// NormalizeQuote folds a statement's text to the key under which reprints
// of it are one quote: lower case, letters and digits only, single spaces.
// Quote marks, punctuation and spacing differ between outlets printing the
// same words; the words do not.
func NormalizeQuote(s string) string {
	return strings.Join(words(s), " ")
}

// NormalizeName folds a speaker or entity name to its identity key within
// the corpus: case, punctuation and spacing ignored ("Dmitry  Peskov",
// "dmitry peskov" and "Dmitry Peskov," are one speaker).
func NormalizeName(s string) string {
	return strings.Join(words(s), " ")
}

// ParseSince reads the start of a date range: 2016, 2016-05, 2016-05-31 or
// an RFC 3339 time. The result is UTC.
func ParseSince(s string) (time.Time, error) {
	t, _, err := parseDate(s)
	return t, err
}

// ParseUntil reads the end of a date range, inclusive as people mean it:
// "--until 2016-05" includes all of May. The result is the exclusive end
// (2016-06-01T00:00Z).
func ParseUntil(s string) (time.Time, error) {
	t, next, err := parseDate(s)
	if err != nil {
		return t, err
	}
	return next(t), nil
}

func parseDate(s string) (time.Time, func(time.Time) time.Time, error) {
	s = strings.TrimSpace(s)
	layouts := []struct {
		layout string
		next   func(time.Time) time.Time
	}{
		{time.RFC3339Nano, func(t time.Time) time.Time { return t.Add(time.Nanosecond) }},
		{"2006-01-02T15:04:05", func(t time.Time) time.Time { return t.Add(time.Second) }},
		{"2006-01-02T15:04", func(t time.Time) time.Time { return t.Add(time.Minute) }},
		{time.DateOnly, func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
	}
	for _, l := range layouts {
		if t, err := time.Parse(l.layout, s); err == nil {
			return t.UTC(), l.next, nil
		}
	}
	return time.Time{}, nil, fmt.Errorf("date %q: want YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339: %w", s, ErrBadQuery)
}
