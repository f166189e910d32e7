// Package quote finds quotations in text: spans delimited by quote marks,
// whatever marks the outlet prints (" “ ” ‘ ’ « » „ ‚ ‹ › and the ”...”
// of some wire copy), including quotes that run over several paragraphs,
// where each new paragraph reopens the quote without closing the last one.
//
// Scanning is a single pass over bytes that cannot fail: unbalanced or
// stray marks are left out, never guessed into a quote that swallows the
// rest of the article.
package quote

import (
	"unicode"
	"unicode/utf8"
)

// Quote is one quotation: the span from its opening mark to its closing
// mark (both included), in byte offsets into the scanned text. A quote
// that runs over several paragraphs has one Part per paragraph.
type Quote struct {
	Start, End int      // byte offsets, marks included
	Parts      [][2]int // per paragraph, marks included; nil for a one-paragraph quote
	Double     bool     // delimited by double marks (" “ ” « » „ ''), not single ones
	Depth      int      // 0 for an outermost quote, 1 for a quote inside one, ...
	Closed     bool     // false when the paragraph ended with the quote open and no continuation followed
}

// Inner returns the span inside the marks of a one-part quote.
func (q Quote) Inner(text string) (int, int) {
	_, n1 := utf8.DecodeRuneInString(text[q.Start:])
	a := q.Start + n1
	b := q.End
	if q.Closed {
		_, n2 := utf8.DecodeLastRuneInString(text[:q.End])
		b -= n2
		if text[q.End-1] == '\'' && q.End-2 >= a && text[q.End-2] == '\'' {
			b--
		}
	}
	if text[q.Start] == '\'' && a < len(text) && text[a] == '\'' {
		a++
	}
	if b < a {
		b = a
	}
	return a, b
}

type role uint8

const (
	opener role = 1 << iota
	closer
)

// mark is a quote mark found in the text.
type mark struct {
	pos, size int
	r         rune // the mark, '"' for '' as well
	roles     role // what it can be here
	double    bool
}

// family groups marks that close each other.
func family(r rune) int {
	switch r {
	case '"', '“', '”', '„', '«', '»', '‟':
		return 2
	case '\'', '‘', '’', '‚', '‹', '›', '‛':
		return 1
	}
	return 0
}

// closes reports whether c can close a quote opened by o.
func closes(o, c rune) bool {
	switch o {
	case '"':
		return c == '"' || c == '”' || c == '“'
	case '“':
		return c == '”' || c == '"' || c == '“' // “...“ is a common typo; „...“ German
	case '„':
		return c == '“' || c == '”' || c == '"'
	case '”': // ”...” (Swedish, Finnish), or a typo for “
		return c == '”' || c == '"'
	case '«':
		return c == '»'
	case '»':
		return c == '«'
	case '‘':
		return c == '’' || c == '\''
	case '‚':
		return c == '‘' || c == '’'
	case '\'':
		return c == '\'' || c == '’'
	case '‹':
		return c == '›'
	case '›':
		return c == '‹'
	}
	return false
}

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// before/after return the rune before pos and at pos (utf8.RuneError, 0
// outside the text).
func before(text string, pos int) rune {
	if pos <= 0 {
		return 0
	}
	r, _ := utf8.DecodeLastRuneInString(text[:pos])
	return r
}

func after(text string, pos int) rune {
	if pos >= len(text) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(text[pos:])
	return r
}

// leftFlank: the mark can open (nothing word-like before it, something
// after it that is not a space). rightFlank: the mark can close.
func flanks(text string, pos, end int) (left, right bool) {
	b, a := before(text, pos), after(text, end)
	bSpace := b == 0 || unicode.IsSpace(b) || b == '(' || b == '[' || b == '{' || b == '—' || b == '–' || b == '-' || b == '/' || family(b) != 0
	aSpace := a == 0 || unicode.IsSpace(a)
	aPunct := a != 0 && (unicode.IsPunct(a) || unicode.IsSymbol(a)) && family(a) == 0
	left = bSpace && !aSpace
	right = !bSpace || (aSpace || aPunct) && b != 0 && !unicode.IsSpace(b)
	if aSpace || a == 0 {
		right = b != 0 && !unicode.IsSpace(b)
		left = false
	}
	return left, right
}

// scanMarks lists the quote marks of one paragraph [from, to), deciding
// what each can be from its neighbours. Apostrophes are left out.
func scanMarks(text string, from, to int, dst []mark) []mark {
	for i := from; i < to; {
		c := text[i]
		if c < utf8.RuneSelf {
			switch c {
			case '"':
				l, r := flanks(text, i, i+1)
				dst = append(dst, mark{i, 1, '"', roleOf(l, r), true})
			case '\'':
				if i+1 < to && text[i+1] == '\'' { // '' as a double mark
					l, r := flanks(text, i, i+2)
					dst = append(dst, mark{i, 2, '"', roleOf(l, r), true})
					i += 2
					continue
				}
				if m, ok := single(text, i, 1, '\''); ok {
					dst = append(dst, m)
				}
			case '`':
				if i+1 < to && text[i+1] == '`' {
					dst = append(dst, mark{i, 2, '"', opener, true})
					i += 2
					continue
				}
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		switch r {
		case '“', '„', '‟':
			// “ opens, unless it plainly ends a word before a space (a
			// typo for ”, or German „...“, which closes).
			ro := opener
			b, a := before(text, i), after(text, i+n)
			if r == '“' && b != 0 && !unicode.IsSpace(b) && (a == 0 || unicode.IsSpace(a)) {
				ro = closer
			} else if r == '“' {
				ro |= closer
			}
			dst = append(dst, mark{i, n, r, ro, true})
		case '”':
			// ” closes, unless it plainly starts a word after a space
			// (”...” Swedish style, or a typo for “).
			ro := closer
			b, a := before(text, i), after(text, i+n)
			if (b == 0 || unicode.IsSpace(b)) && a != 0 && isLetterOrDigit(a) {
				ro = opener
			}
			dst = append(dst, mark{i, n, '”', ro, true})
		case '«':
			dst = append(dst, mark{i, n, r, opener | closer, true})
		case '»':
			dst = append(dst, mark{i, n, r, opener | closer, true})
		case '‘', '‚', '‹', '›':
			if m, ok := single(text, i, n, r); ok {
				dst = append(dst, m)
			}
		case '’':
			if m, ok := single(text, i, n, r); ok {
				dst = append(dst, m)
			}
		}
		i += n
	}
	return dst
}

func roleOf(l, r bool) role {
	var ro role
	if l {
		ro |= opener
	}
	if r {
		ro |= closer
	}
	if ro == 0 {
		ro = opener | closer
	}
	return ro
}

// single classifies a single mark, which is far more often an apostrophe
// (don't, Peskov’s, voters’, ’90s) than a quote mark.
func single(text string, i, n int, r rune) (mark, bool) {
	b, a := before(text, i), after(text, i+n)
	if isLetterOrDigit(b) && isLetterOrDigit(a) {
		return mark{}, false // don't, Peskov’s
	}
	l, rr := flanks(text, i, i+n)
	switch r {
	case '‘', '‚', '‹':
		if isLetterOrDigit(a) && (b == 0 || !isLetterOrDigit(b)) && looksElided(text, i+n) {
			return mark{}, false // ‘90s, ‘em
		}
		return mark{i, n, r, opener, false}, true
	case '›':
		return mark{i, n, r, opener | closer, false}, true
	case '’', '\'':
		if l && !rr {
			if looksElided(text, i+n) {
				return mark{}, false
			}
			return mark{i, n, r, opener, false}, true
		}
		if rr && !l {
			// voters’ (plural possessive) is as likely as a closing mark:
			// the pairing decides, since a closer with no opener is dropped.
			return mark{i, n, r, closer, false}, true
		}
	}
	return mark{}, false
}

// looksElided reports whether the word after an apostrophe-like mark is an
// elision ('90s, 'em, 'til, 'cause) rather than the start of a quote.
func looksElided(text string, pos int) bool {
	end := pos
	for end < len(text) && end-pos < 8 {
		r, n := utf8.DecodeRuneInString(text[end:])
		if !isLetterOrDigit(r) {
			break
		}
		end += n
	}
	w := text[pos:end]
	switch w {
	case "em", "til", "tis", "twas", "cause", "n", "round", "bout", "nuff", "s":
		return true
	}
	if len(w) == 2 && w[0] >= '0' && w[0] <= '9' && w[1] >= '0' && w[1] <= '9' {
		return true // '90s, '16
	}
	return len(w) == 3 && w[0] >= '0' && w[0] <= '9' && w[2] == 's'
}
