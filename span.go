package saywho

import (
	"unicode/utf8"
)

// Span is a half-open range [Start, End) of Unicode code point offsets into
// an article's text. The zero Span is empty; a Span with End <= Start is
// treated as absent.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len returns the number of code points covered by s.
func (s Span) Len() int {
	if s.End < s.Start {
		return 0
	}
	return s.End - s.Start
}

// Empty reports whether s covers no code point.
func (s Span) Empty() bool { return s.End <= s.Start }

// Contains reports whether t lies wholly inside s.
func (s Span) Contains(t Span) bool { return s.Start <= t.Start && t.End <= s.End }

// Overlaps reports whether s and t share at least one code point.
func (s Span) Overlaps(t Span) bool {
	return !s.Empty() && !t.Empty() && s.Start < t.End && t.Start < s.End
}

// Text is an immutable source text with an index from code point offsets to
// byte offsets, so that Spans can be sliced in O(1). Build one with NewText.
type Text struct {
	s string
	// bytes[i] is the byte offset of code point i; bytes[n] == len(s).
	// nil when the text is ASCII, where the two units coincide.
	bytes []int32
	n     int
}

// NewText indexes s. Invalid UTF-8 bytes count as one code point each
// (utf8.RuneError), as Go's range loop counts them.
func NewText(s string) *Text {
	t := &Text{s: s}
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		t.n = len(s)
		return t
	}
	t.bytes = make([]int32, 0, len(s)+1)
	for i := range s {
		t.bytes = append(t.bytes, int32(i))
	}
	t.n = len(t.bytes)
	t.bytes = append(t.bytes, int32(len(s)))
	return t
}

// String returns the whole text.
func (t *Text) String() string { return t.s }

// Len returns the length of the text in code points.
func (t *Text) Len() int { return t.n }

// Byte returns the byte offset of code point offset i, clamped to the text.
func (t *Text) Byte(i int) int {
	if i <= 0 {
		return 0
	}
	if i >= t.n {
		return len(t.s)
	}
	if t.bytes == nil {
		return i
	}
	return int(t.bytes[i])
}

// Rune returns the code point offset of byte offset b, clamped to the text.
// A byte inside a multi-byte sequence maps to the code point it belongs to.
func (t *Text) Rune(b int) int {
	if b <= 0 {
		return 0
	}
	if b >= len(t.s) {
		return t.n
	}
	if t.bytes == nil {
		return b
	}
	// Binary search for the last code point starting at or before b.
	lo, hi := 0, t.n
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if int(t.bytes[m]) <= b {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo - 1
}

// Slice returns the text covered by s, clamped to the text.
func (t *Text) Slice(s Span) string {
	a, b := t.Byte(s.Start), t.Byte(s.End)
	if b < a {
		return ""
	}
	return t.s[a:b]
}

// SpanOf converts a byte range [a, b) of the text into a Span.
func (t *Text) SpanOf(a, b int) Span { return Span{t.Rune(a), t.Rune(b)} }
