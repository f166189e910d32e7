package article

import (
	"strings"

	saywho "github.com/saywho/saywho"
)

// ParseText reads a plain text article in the house format: a headline
// line, a dateline, then one paragraph a line, with topic subheadings on
// lines of their own (blank-line separated and hard-wrapped paragraphs are
// read too). Text is the input with CRLF and CR turned into LF and a
// leading byte order mark removed, nothing else: every span counts code
// points in it. The body must be UTF-8 unless ContentType names another
// charset or it starts with a UTF-16 byte order mark.
func ParseText(in Input) (*saywho.Article, error) {
	if err := in.checkSize(); err != nil {
		return nil, err
	}
	s, err := in.decodeText()
	if err != nil {
		return nil, err
	}
	s = normalizeNewlines(strings.TrimPrefix(s, "\uFEFF"))
	if strings.TrimFunc(s, isSpace) == "" {
		return nil, in.errorf("only white space: %w", ErrEmpty)
	}
	l := layoutText(s, in.Meta["title"])
	a := l.article(s)
	setDates(a, in, l.pub, l.upd)
	finish(a, in)
	return a, nil
}

// normalizeNewlines turns CRLF and lone CR into LF.
func normalizeNewlines(s string) string {
	if !strings.ContainsRune(s, '\r') {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// setDates chooses Published and Updated among the candidates, in the
// order given, and the source's hints last: the most precise one wins (a
// time with its zone over a time alone over a day), the first one on a tie.
func setDates(a *saywho.Article, in Input, pub, upd stamp, more ...[2]stamp) {
	pubs := []stamp{pub}
	upds := []stamp{upd}
	for _, m := range more {
		pubs = append(pubs, m[0])
		upds = append(upds, m[1])
	}
	pubs = append(pubs, parseDate(in.Meta["published"]), parseDate(in.Meta["date"]))
	upds = append(upds, parseDate(in.Meta["updated"]), parseDate(in.Meta["modified"]))
	if p := best(pubs); p.prec > 0 {
		a.Published = p.t
	}
	if u := best(upds); u.prec > 0 {
		a.Updated = u.t
	}
}

// best returns the most precise stamp, the first on a tie.
func best(ss []stamp) stamp {
	var b stamp
	for _, s := range ss {
		if s.prec > b.prec {
			b = s
		}
	}
	return b
}
