package wordnet

import (
	"slices"
	"testing"
)

func TestVerb(t *testing.T) {
	for _, tc := range []struct {
		word string
		want Class // among the classes
	}{
		{"say", Communication},
		{"said", Communication},   // irregular form (verb.exc)
		{"argues", Communication}, // -es -> -e
		{"denied", Communication}, // verb.exc
		{"believes", Cognition},
		{"worries", 37},      // -ies -> -y; verb.emotion
		{"stopped", Motion},  // doubled consonant
		{"unleashed", 35},    // verb.contact
		{"found", Cognition}, // a base form (found a company) and an irregular one (find)
	} {
		got := Verb(tc.word)
		if !slices.Contains(got, tc.want) {
			t.Errorf("Verb(%q) = %v, want it to hold %v", tc.word, got, tc.want)
		}
	}
	for _, w := range []string{"", "xyzzy", "the", "s", "ing", "president"} {
		if c := Verb(w); c != nil {
			t.Errorf("Verb(%q) = %v, want nil", w, c)
		}
	}
}

func TestClassString(t *testing.T) {
	if s := Communication.String(); s != "verb.communication" {
		t.Errorf("Communication is %q", s)
	}
	if s := Class(3).String(); s != "class3" {
		t.Errorf("class 3 is %q", s)
	}
}

func BenchmarkVerb(b *testing.B) {
	words := []string{"said", "unleashed", "worries", "the", "arguing", "stopped", "president"}
	Verb("say")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Verb(words[i%len(words)])
	}
}

// FuzzVerb checks that any word, inflected or not, looks up without a
// panic and gives classes that have names.
func FuzzVerb(f *testing.F) {
	for _, w := range []string{"said", "worries", "stopped", "ing", "s", "ééing", "abcdefghijklmnopqrstuvwxyzabcdefghijkl"} {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, w string) {
		for _, c := range Verb(w) {
			if c < firstVerb || int(c-firstVerb) >= len(names) {
				t.Fatalf("Verb(%q) gave class %d", w, c)
			}
		}
	})
}
