package token

import (
	"os"
	"strings"
	"testing"
)

// benchText returns the PolNeAR dev articles when present, else the
// example article.
func benchText(b *testing.B) string {
	if evalDir() != "" {
		var sb strings.Builder
		for _, d := range loadRef(b) {
			if d.split == "dev" {
				sb.WriteString(d.text)
				sb.WriteString("\n\n")
			}
		}
		return sb.String()
	}
	t, err := os.ReadFile("../testdata/briefing-2024-11-29.txt")
	if err != nil {
		b.Fatal(err)
	}
	return string(t)
}

func BenchmarkTokenize(b *testing.B) {
	text := benchText(b)
	toks := Tokenize(text, nil)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		toks = Tokenize(text, toks[:0])
	}
}

func BenchmarkTokenizeSentences(b *testing.B) {
	text := benchText(b)
	toks := Tokenize(text, nil)
	ss := Sentences(text, toks, nil)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		toks = Tokenize(text, toks[:0])
		ss = Sentences(text, toks, ss[:0])
	}
}
