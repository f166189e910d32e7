package quote

import (
	"unicode"
	"unicode/utf8"
)

// open is a quote whose closing mark has not been seen yet.
type open struct {
	m     mark
	parts [][2]int // earlier paragraphs of a continued quote
	start int      // start of the whole quote
}

// Scan returns the quotes of text in order of their opening marks. Each
// line is a paragraph; a quote left open at the end of a paragraph
// continues only when the next paragraph opens with a mark of the same
// kind (the convention for quotes that run over several paragraphs);
// otherwise it is dropped as unbalanced.
func Scan(text string) []Quote {
	return AppendScan(nil, text)
}

// AppendScan is Scan appending to dst, for callers reusing a buffer.
func AppendScan(dst []Quote, text string) []Quote {
	var (
		marks []mark
		stack []open
		carry *open // outermost quote carried over from the previous paragraph
	)
	base := len(dst)
	for from := 0; from < len(text); {
		to := from
		for to < len(text) && text[to] != '\n' {
			to++
		}
		// Skip blank lines: they neither continue nor end a carried quote.
		if isBlank(text[from:to]) {
			from = to + 1
			continue
		}
		marks = scanMarks(text, from, to, marks[:0])
		stack = stack[:0]
		first := firstNonSpace(text, from, to)
		if carry != nil {
			if len(marks) > 0 && marks[0].pos == first && marks[0].roles&opener != 0 && family(marks[0].r) == family(carry.m.r) {
				// The quote goes on: this paragraph's opening mark is
				// not a new quote.
				c := *carry
				c.m.pos = marks[0].pos
				c.m.size = marks[0].size
				stack = append(stack, c)
				marks = marks[1:]
			}
			carry = nil
		}
		for _, m := range marks {
			if m.roles&closer != 0 {
				if k := closing(stack, m); k >= 0 {
					o := stack[k]
					end := m.pos + m.size
					q := Quote{Start: o.start, End: end, Double: o.m.double, Depth: k, Closed: true}
					if len(o.parts) > 0 {
						q.Parts = append(append([][2]int(nil), o.parts...), [2]int{o.m.pos, end})
					}
					dst = append(dst, q)
					stack = stack[:k] // inner quotes left open were apostrophes or typos
					continue
				}
			}
			if m.roles&opener != 0 {
				stack = append(stack, open{m: m, start: m.pos})
			}
		}
		// Only the outermost quote may continue into the next paragraph.
		if len(stack) > 0 {
			o := stack[0]
			o.parts = append(o.parts, [2]int{o.m.pos, trimRightSpace(text, from, to)})
			carry = &o
		}
		from = to + 1
	}
	sortByStart(dst[base:])
	return dst
}

// closing returns the index in the stack of the quote m closes, or -1.
// The innermost quote that m can close wins; a double mark may close a
// double quote below unclosed single marks (which were apostrophes).
func closing(stack []open, m mark) int {
	for k := len(stack) - 1; k >= 0; k-- {
		o := stack[k]
		if closes(o.m.r, m.r) && o.m.pos+o.m.size < m.pos+1 {
			if m.roles&opener != 0 && k != len(stack)-1 && family(stack[len(stack)-1].m.r) == family(m.r) {
				return -1
			}
			return k
		}
		if o.m.double && !m.double {
			return -1 // a single mark never closes across an open double quote
		}
	}
	return -1
}

func isBlank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

func firstNonSpace(text string, from, to int) int {
	for from < to {
		r, n := utf8.DecodeRuneInString(text[from:to])
		if !unicode.IsSpace(r) {
			return from
		}
		from += n
	}
	return to
}

func trimRightSpace(text string, from, to int) int {
	for to > from {
		r, n := utf8.DecodeLastRuneInString(text[from:to])
		if !unicode.IsSpace(r) {
			return to
		}
		to -= n
	}
	return to
}

// sortByStart orders quotes by start, outer before inner (insertion sort:
// the slice is nearly sorted already, closers come in order).
func sortByStart(q []Quote) {
	for i := 1; i < len(q); i++ {
		for j := i; j > 0 && (q[j].Start < q[j-1].Start || q[j].Start == q[j-1].Start && q[j].End > q[j-1].End); j-- {
			q[j], q[j-1] = q[j-1], q[j]
		}
	}
}
