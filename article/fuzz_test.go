package article

import (
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// seeds are the real inputs the fuzzers start from: the example article,
// the test pages and a few shapes that once went wrong.
func seeds(f *testing.F) [][]byte {
	var out [][]byte
	for _, p := range []string{example, "testdata/wrapped.txt", "testdata/news.html", "testdata/latin1.html", "testdata/briefing.html"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
	for _, s := range []string{
		"", " ", "\n\n", "\uFEFF", "\r\n\r", "a",
		"Headline\n11:22 GMT 29.11.2024 (Updated: 13:03 GMT 29.11.2024)\nText.",
		"Headline\n\nWrapped line that goes on and on for a while until it\nbreaks here.\n\nOn Topic Heading\n\nMore text here.",
		"<p>x", "<html><body><h2>A</h2><p>b</p></body></html>", "<div><div><div>",
		`<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","publisher":{"@id":"x"}},{"@id":"x","name":"N"}]}</script><p>t</p>`,
		"Nov. 29, 2024 11:22 AM EST\nx", "\xff\xfeH\x00i\x00", "\xfe\xff\x00H\x00i",
	} {
		out = append(out, []byte(s))
	}
	return out
}

func FuzzParseText(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s, "")
	}
	f.Add([]byte("caf\xe9"), "text/plain; charset=latin1")
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		in := Input{Name: "fuzz", ContentType: ct, Body: body}
		a, err := ParseText(in)
		if err != nil {
			if !isSentinel(err) || !strings.Contains(err.Error(), "fuzz") {
				t.Fatalf("error %q wraps no sentinel or does not name the input", err)
			}
			return
		}
		if err := checkArticle(a); err != nil {
			t.Fatalf("%v\ntext %q", err, a.Text)
		}
		// Valid UTF-8 without a declared charset is kept as it was, line
		// endings and a BOM aside.
		if ct == "" && utf8.Valid(body) && !strings.HasPrefix(string(body), "\xff\xfe") && !strings.HasPrefix(string(body), "\xfe\xff") {
			want := normalizeNewlines(strings.TrimPrefix(string(body), "\uFEFF"))
			if a.Text != want {
				t.Fatalf("text changed: %q, want %q", a.Text, want)
			}
		}
	})
}

func FuzzParseHTML(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s, "")
	}
	f.Add([]byte("<meta charset=latin1><p>caf\xe9</p>"), "text/html")
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		in := Input{Name: "fuzz", ContentType: ct, URL: "https://example.org/a/b", Body: body}
		a, err := ParseHTML(in)
		if err != nil {
			if !isSentinel(err) || !strings.Contains(err.Error(), "fuzz") {
				t.Fatalf("error %q wraps no sentinel or does not name the input", err)
			}
			return
		}
		if err := checkArticle(a); err != nil {
			t.Fatalf("%v\ntext %q", err, a.Text)
		}
		if strings.ContainsAny(a.Text, "\x00\r") {
			t.Fatalf("NUL or CR in text %q", a.Text)
		}
	})
}

func FuzzRead(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s, "")
	}
	for _, ct := range []string{"text/html", "text/plain", "application/octet-stream", "text/html; charset=\"", ";;;"} {
		f.Add([]byte("<p>Hello</p>"), ct)
	}
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		a, err := Read(Input{Name: "fuzz", ContentType: ct, Body: body})
		if err != nil {
			if !isSentinel(err) || !strings.Contains(err.Error(), "fuzz") {
				t.Fatalf("error %q wraps no sentinel or does not name the input", err)
			}
			return
		}
		if err := checkArticle(a); err != nil {
			t.Fatalf("%v\ntext %q", err, a.Text)
		}
	})
}

func isSentinel(err error) bool {
	for _, s := range []error{ErrEmpty, ErrBinary, ErrTooLarge, ErrEncoding, ErrTooDeep} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}
