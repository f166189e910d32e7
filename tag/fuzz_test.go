package tag

import (
	"os"
	"testing"

	"github.com/saywho/saywho/token"
)

// FuzzTag tags any text: no panic, every token gets a real tag, and I-
// labels only continue an entity of their class.
func FuzzTag(f *testing.F) {
	if b, err := os.ReadFile("../testdata/briefing-2024-11-29.txt"); err == nil {
		f.Add(string(b))
	}
	for _, s := range []string{"", "Mr. Smith said.", "“Yes,” Peskov said. Prime Minister", "\xff\xfe “ ” ' n't"} {
		f.Add(s)
	}
	tg := Default()
	f.Fuzz(func(t *testing.T, text string) {
		toks := token.Tokenize(text, nil)
		sents := token.Sentences(text, toks, nil)
		pos := make([]POS, len(toks))
		ner := make([]NER, len(toks))
		tg.Tag(text, toks, sents, pos, ner)
		for i := range toks {
			if pos[i] == NoPOS || pos[i] >= numPOS {
				t.Fatalf("token %d %q: POS %v", i, toks[i].Text(text), pos[i])
			}
			if ner[i].Inside() && (i == 0 || ner[i-1].Class() != ner[i].Class()) {
				t.Fatalf("token %d %q: %v after %v", i, toks[i].Text(text), ner[i], ner[max(0, i-1)])
			}
		}
	})
}
