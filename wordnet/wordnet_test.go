package wordnet

import (
	"slices"
	"testing"
)

func TestClasses(t *testing.T) {
	for _, tc := range []struct {
		word string
		pos  POS
		want Class // among the classes
	}{
		{"say", Verb, VerbCommunication},
		{"said", Verb, VerbCommunication},   // irregular form
		{"argues", Verb, VerbCommunication}, // -es -> -e
		{"denied", Verb, VerbCommunication}, // verb.exc
		{"believes", Verb, VerbCognition},
		{"worries", Noun, NounFeeling},
		{"claims", Noun, NounCommunication},
		{"stopped", Verb, 38}, // doubled consonant; verb.motion
	} {
		got := Classes(tc.word, tc.pos)
		if !slices.Contains(got, tc.want) {
			t.Errorf("Classes(%q, %c) = %v, want it to hold %v", tc.word, tc.pos, got, tc.want)
		}
	}
	for _, w := range []string{"", "xyzzy", "the", "s", "ing"} {
		if c := Classes(w, Verb); c != nil {
			t.Errorf("Classes(%q, Verb) = %v, want nil", w, c)
		}
	}
	if c := Classes("say", 'j'); c != nil {
		t.Errorf("unknown part of speech gave %v", c)
	}
}

func BenchmarkClasses(b *testing.B) {
	words := []string{"said", "unleashed", "worries", "the", "arguing", "stopped", "president"}
	Classes("say", Verb)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Classes(words[i%len(words)], Verb)
	}
}

// FuzzClasses checks that any word, inflected or not, looks up without
// a panic and gives classes that have names.
func FuzzClasses(f *testing.F) {
	for _, w := range []string{"said", "worries", "stopped", "ing", "s", "ééing", "abcdefghijklmnopqrstuvwxyzabcdefghijkl"} {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, w string) {
		for _, pos := range []POS{Verb, Noun} {
			for _, c := range Classes(w, pos) {
				if c.String() == "" || int(c) >= len(names) {
					t.Fatalf("Classes(%q) gave class %d", w, c)
				}
			}
		}
	})
}
