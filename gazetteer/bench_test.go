package gazetteer_test

import (
	"os"
	"runtime"
	"strings"
	"testing"
	"unicode"

	"github.com/saywho/saywho/gazetteer"
)

// BenchmarkLoad measures building the index from the embedded file, which
// happens once per process on first use, and the memory it keeps.
func BenchmarkLoad(b *testing.B) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	keep := gazetteer.ParseEmbedded()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(keep)
	b.SetBytes(int64(gazetteer.EmbeddedSize()))
	for b.Loop() {
		gazetteer.ParseEmbedded()
	}
	// After the loop: ResetTimer and b.Loop clear reported metrics.
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "MB-heap")
}

var lookupNames = []string{
	"Japan", "Kiev", "the Kremlin", "U.S.", "Russia's Foreign Intelligence Service",
	"Dmitry Peskov", "Tokyo", "said", "NATO", "Bucharest", "Western", "Calin Georgescu",
}

func BenchmarkLookup(b *testing.B) {
	gazetteer.Lookup("Japan")
	n := 0
	for _, s := range lookupNames {
		n += len(s)
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, s := range lookupNames {
			gazetteer.Lookup(s)
		}
	}
}

// BenchmarkScan runs LookupTokens at every token of the example article,
// as a scanner over a text would.
func BenchmarkScan(b *testing.B) {
	text, err := os.ReadFile("../testdata/briefing-2024-11-29.txt")
	if err != nil {
		b.Skip("example article missing:", err)
	}
	words := tokens(string(text))
	gazetteer.Lookup("Japan")
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		for i := 0; i < len(words); {
			n, _, ok := gazetteer.LookupTokens(words[i:])
			if !ok {
				n = 1
			}
			i += n
		}
	}
}

// tokens splits a text into words and single punctuation marks, keeping
// apostrophes and full stops inside words; enough for a benchmark.
func tokens(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		start := 0
		for i, r := range f {
			if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '.' || r == '-' {
				continue
			}
			if start < i {
				out = append(out, f[start:i])
			}
			out = append(out, string(r))
			start = i + len(string(r))
		}
		if start < len(f) {
			out = append(out, f[start:])
		}
	}
	return out
}
