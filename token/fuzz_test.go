package token

import (
	"os"
	"testing"
	"unicode/utf8"
)

func FuzzTokenize(f *testing.F) {
	if b, err := os.ReadFile("../testdata/briefing-2024-11-29.txt"); err == nil {
		f.Add(string(b))
	}
	for _, s := range []string{
		"", "Mr. Trump's don't U.S.-Mexico 100,000 22.94% $5",
		`"It was an order," Peskov said. He left.`, "''Yes,'' he said. ‘No.’ «Да»",
		"https://t.co/x). a@b.co @h #t <a href='x'>", "wait... . . . … !!! ?!",
		"caf\xe9 \xff\xfe\x80", "'80s ’em rock 'n' roll O'Malley n't", "\u2028\u2029\r\n\v",
		"R-Fla. D-N.Y. Ph.D. p.m U.S", "1.2.3 9/11 a/b/c", "<<>><a\n>", "-- — – ―",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		toks := Tokenize(text, nil)
		prev := 0
		for i, tk := range toks {
			a, b := int(tk.Start), int(tk.End)
			if a < prev || b <= a || b > len(text) {
				t.Fatalf("token %d [%d,%d) out of order or outside [%d,%d]", i, a, b, prev, len(text))
			}
			if tk.Kind < Word || tk.Kind > Markup {
				t.Fatalf("token %d %q: bad kind %d", i, tk.Text(text), tk.Kind)
			}
			checkSpace(t, text[prev:a])
			if utf8.ValidString(text) && (!utf8.RuneStart(text[a]) || b < len(text) && !utf8.RuneStart(text[b])) {
				t.Fatalf("token %d [%d,%d) splits a character", i, a, b)
			}
			prev = b
		}
		checkSpace(t, text[prev:])

		ss := Sentences(text, toks, nil)
		if len(toks) == 0 {
			if len(ss) != 0 {
				t.Fatalf("sentences without tokens: %v", ss)
			}
			return
		}
		next := int32(0)
		for _, s := range ss {
			if s.Start != next || s.End <= s.Start {
				t.Fatalf("sentences do not cover the tokens in order: %v", ss)
			}
			next = s.End
		}
		if next != int32(len(toks)) {
			t.Fatalf("sentences end at token %d of %d", next, len(toks))
		}
		for i := range toks {
			QuoteSide(text, toks, i)
		}
	})
}

// checkSpace fails unless gap, the text between two tokens, is all space.
func checkSpace(t *testing.T, gap string) {
	t.Helper()
	for _, r := range gap {
		if !isSpaceRune(r) {
			t.Fatalf("%q between tokens is not space", gap)
		}
	}
}
