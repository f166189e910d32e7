package gazetteer_test

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/saywho/saywho/gazetteer"
)

// FuzzLookup checks that no name crashes the lookups, and that what they
// return is consistent: a found entry's canonical name finds an entry of
// the same name, Canonical agrees with Lookup, token lookups stay within
// their input.
func FuzzLookup(f *testing.F) {
	for _, s := range []string{
		"Kiev", "U.S.", "the Kremlin's", "Russia's Foreign Intelligence Service (SVR)",
		"Côte d’Ivoire", "OPEC+", "U. S. A.", "Guinea-Bissau", "the", "'s", "&", "ǅ",
		"\xff\xfe", "İstanbul", "ΣΊΣΥΦΟΣ", "the the the", "Trinidad & Tobago", "No. 10",
	} {
		f.Add(s)
	}
	if b, err := os.ReadFile("../testdata/briefing-2024-11-29.txt"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			f.Add(l)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, ok := gazetteer.Lookup(s)
		if ok {
			if e.Name == "" {
				t.Fatalf("Lookup(%q) found an entry with no name", s)
			}
			if c := gazetteer.Canonical(s); c != e.Name {
				t.Fatalf("Canonical(%q) = %q, Lookup says %q", s, c, e.Name)
			}
			if !findsEntry(e.Name, e) {
				t.Fatalf("canonical name %q does not find its entry", e.Name)
			}
		} else if c := gazetteer.Canonical(s); c != s {
			t.Fatalf("Canonical(%q) = %q for an unknown name", s, c)
		}
		gazetteer.LookupAll(s)
		gazetteer.Metonym(s)
		gazetteer.Demonym(s)
		gazetteer.GovernmentOf(s)
		gazetteer.ByCode(s)
		words := strings.Fields(s)
		n, _, ok := gazetteer.LookupTokens(words)
		if n < 0 || n > len(words) || ok != (n > 0) {
			t.Fatalf("LookupTokens(%q) = %d, %v", words, n, ok)
		}
		if utf8.ValidString(s) && len(words) == 1 && ok != (n == 1) {
			t.Fatalf("LookupTokens of one word: %d, %v", n, ok)
		}
		// Punctuation as tokens of its own, as a tokenizer gives them.
		toks := tokens(s)
		for i := range toks {
			n, _, ok := gazetteer.LookupTokens(toks[i:])
			if n < 0 || n > len(toks)-i || ok != (n > 0) {
				t.Fatalf("LookupTokens(%q) = %d, %v", toks[i:], n, ok)
			}
		}
	})
}
