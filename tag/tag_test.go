package tag

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/saywho/saywho/perceptron"
	"github.com/saywho/saywho/token"
)

// tagText tokenizes and tags text with tg.
func tagText(tg *Tagger, text string) ([]token.Token, []POS, []NER) {
	toks := token.Tokenize(text, nil)
	sents := token.Sentences(text, toks, nil)
	pos := make([]POS, len(toks))
	ner := make([]NER, len(toks))
	tg.Tag(text, toks, sents, pos, ner)
	return toks, pos, ner
}

func TestEmbeddedModel(t *testing.T) {
	tg := Default()
	if tg != Default() {
		t.Error("Default loads twice")
	}
	text := "Kremlin spokesman Dmitry Peskov said on Friday that Japanese Prime Minister Shigeru Ishiba had called Moscow."
	toks, pos, ner := tagText(tg, text)
	got := map[string]string{}
	for i, tk := range toks {
		got[tk.Text(text)] = pos[i].String() + "/" + ner[i].String()
	}
	for w, want := range map[string]string{
		"spokesman": "NN/B-TITLE",
		"Dmitry":    "NNP/B-PERSON",
		"Peskov":    "NNP/I-PERSON",
		"said":      "VBD/O",
		"Friday":    "NNP/B-DATE",
		"Japanese":  "JJ/B-NATIONALITY",
		"Prime":     "NNP/B-TITLE",
		"Minister":  "NNP/I-TITLE",
		"Ishiba":    "NNP/I-PERSON",
		"Moscow":    "NNP/B-LOCATION",
		".":         "./O",
	} {
		if got[w] != want {
			t.Errorf("%s: got %s, want %s", w, got[w], want)
		}
	}
}

// TestAgreementWithCoreNLP scores the embedded model on the PolNeAR dev
// split. Floors: the measured values less a small margin.
func TestAgreementWithCoreNLP(t *testing.T) {
	corenlp, texts := evalFiles(t)
	dev, err := ReadCoreNLP(corenlp, texts, "dev")
	if err != nil {
		t.Fatal(err)
	}
	r := Default().Evaluate(dev)
	t.Logf("embedded model on dev vs CoreNLP:\n%s", r)
	if a := r.POSAccuracy(); a < 0.975 {
		t.Errorf("POS accuracy %.4f < 0.975", a)
	}
	if f := r.Total().F1(); f < 0.86 {
		t.Errorf("entity F1 %.4f < 0.86", f)
	}
	for c, min := range map[Class]float64{Person: 0.88, Organization: 0.69, Location: 0.87} {
		if f := r.Entities[c].F1(); f < min {
			t.Errorf("%v F1 %.4f < %.2f", c, f, min)
		}
	}
}

func TestTitles(t *testing.T) {
	tests := []struct{ text, word, want string }{
		{"Kremlin spokesman Dmitry Peskov said so.", "spokesman", "B-TITLE"},
		{"White House press secretary Josh Earnest said.", "press", "B-TITLE"},
		{"White House press secretary Josh Earnest said.", "secretary", "I-TITLE"},
		{"Senior officials said on Monday that it was over.", "officials", "B-TITLE"},
		{"Two spokesmen declined to comment.", "spokesmen", "B-TITLE"},
		{"He will head the team next year.", "head", "O"},
		{"The general mood was bleak.", "general", "O"},
	}
	tg := Default()
	for _, tt := range tests {
		toks, _, ner := tagText(tg, tt.text)
		found := false
		for i, tk := range toks {
			if tk.Text(tt.text) == tt.word {
				found = true
				if ner[i].String() != tt.want {
					t.Errorf("%q: %s is %v, want %s", tt.text, tt.word, ner[i], tt.want)
				}
			}
		}
		if !found {
			t.Errorf("%q: no token %q", tt.text, tt.word)
		}
	}
}

// TestVocabularyShortcut checks that summing the word features of known
// words at load time changes no tag, and that known words get only the
// tags they took in training.
func TestVocabularyShortcut(t *testing.T) {
	text := readExample(t)
	tg := Default()
	toks, pos, _ := tagText(tg, text)
	for i, tk := range toks {
		var w word
		describe(&w, tk.Text(text), false, token.Unknown)
		if e := tg.entry(&w); e.vocab >= 0 && tg.vocabTags[e.vocab]&(1<<(pos[i]-1)) == 0 {
			t.Errorf("%q tagged %v, a tag it never took in training", tk.Text(text), pos[i])
		}
	}

	// With every tag allowed, the shortcut must agree with the full sum.
	all := *tg
	all.scratch = &sync.Pool{}
	every := func(classes int) []uint64 {
		m := make([]uint64, len(tg.vocab))
		for v := range m {
			m[v] = 1<<classes - 1
		}
		return m
	}
	all.cands, all.candAt = candidates(every(tg.posTable.classes), tg.posTable.classes)
	all.nerCands, all.nerCandAt = candidates(every(tg.nerTable.classes), tg.nerTable.classes)
	_, pos1, ner1 := tagText(&all, text)
	plain := all
	plain.scratch = &sync.Pool{}
	plain.lex = map[uint64]lexEntry{}
	for h, e := range tg.lex {
		e.vocab = -1
		plain.lex[h] = e
	}
	_, pos2, ner2 := tagText(&plain, text)
	for i := range pos1 {
		if pos1[i] != pos2[i] || ner1[i] != ner2[i] {
			t.Fatalf("token %d: %v/%v with the vocabulary, %v/%v without", i, pos1[i], ner1[i], pos2[i], ner2[i])
		}
	}
}

// TestTableMatchesModel checks the compact tables against the models they
// come from, and that the table finds rows as package perceptron does.
func TestTableMatchesModel(t *testing.T) {
	tg := Default()
	for _, m := range []struct {
		m  *perceptron.Model
		tb *table
	}{{tg.pos, tg.posTable}, {tg.ner, tg.nerTable}} {
		C := m.m.Classes
		want := make([]float32, C)
		got := make([]int32, C)
		for k := uint64(0); k < 2000; k++ {
			f := []perceptron.Feature{feat(fWord, hashBytes(fmt.Sprint("w", k)), 0)}
			m.m.Scores(f, want)
			clear(got)
			m.tb.add(f, got)
			for c := range want {
				if d := float32(got[c])*m.tb.scale - want[c]; d > 1e-3*m.tb.scale*32767 || d < -1e-3*m.tb.scale*32767 {
					t.Fatalf("feature %d class %d: table %v, model %v", k, c, float32(got[c])*m.tb.scale, want[c])
				}
			}
		}
	}
}

// TestCompactQuantized checks that compacting a loaded model from its
// 16-bit weights gives the table compacting its float weights gives.
func TestCompactQuantized(t *testing.T) {
	tg := Default()
	for _, m := range []*perceptron.Model{tg.pos, tg.ner} {
		if q, _ := m.Quantized(); q == nil {
			t.Fatal("embedded model has no 16-bit weights")
		}
		fresh := perceptron.New(m.Classes, m.Bits) // same weights, as if trained here
		copy(fresh.W, m.W)
		a, b := compact(m), compact(fresh)
		if a.scale != b.scale || !slices.Equal(a.w, b.w) || !slices.Equal(a.index, b.index) {
			t.Errorf("%d classes: tables differ (scale %v, %v)", m.Classes, a.scale, b.scale)
		}
	}
}

// toyDocs is a tiny separable training set: "zib" is always a noun, "zab"
// a verb; a capitalised word after "Mr" is a person, any word after "in"
// a location.
func toyDocs() []Doc {
	words := []string{"Mr Kalo zab zib in Vedo", "zib zab in Moro", "Mr Tem zab", "zib zab zib", "Mr Kalo zab in Moro"}
	posOf := map[string]POS{"Mr": NNP, "zib": NN, "zab": VBZ, "in": IN}
	var docs []Doc
	for k, s := range words {
		d := Doc{ID: fmt.Sprint("toy", k), Split: "train", Text: s}
		d.Tokens = token.Tokenize(s, nil)
		d.Sents = []token.Sentence{{Start: 0, End: int32(len(d.Tokens))}}
		for i, tk := range d.Tokens {
			w := tk.Text(s)
			p, ok := posOf[w]
			if !ok {
				p = NNP
			}
			c := None
			if i > 0 && d.Tokens[i-1].Text(s) == "Mr" {
				c = Person
			}
			if i > 0 && d.Tokens[i-1].Text(s) == "in" {
				c = Location
			}
			d.POS = append(d.POS, p)
			d.NER = append(d.NER, c)
		}
		docs = append(docs, d)
	}
	return docs
}

func TestTrainToy(t *testing.T) {
	docs := toyDocs()
	tg, err := Train(docs, Options{Epochs: 10, POSBits: 12, NERBits: 12})
	if err != nil {
		t.Fatal(err)
	}
	r := tg.Evaluate(docs)
	if r.POSAccuracy() != 1 || r.Total().F1() != 1 {
		t.Errorf("toy set not learnt:\n%s", r)
	}
	// Unseen names in the learnt places.
	text := "Mr Bilu zab in Zanu"
	toks, pos, ner := tagText(tg, text)
	var got []string
	for i, tk := range toks {
		got = append(got, tk.Text(text)+"/"+pos[i].String()+"/"+ner[i].String())
	}
	if g, want := strings.Join(got, " "), "Mr/NNP/O Bilu/NNP/B-PERSON zab/VBZ/O in/IN/O Zanu/NNP/B-LOCATION"; g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
}

func TestTrainErrors(t *testing.T) {
	if _, err := Train(nil, Options{}); err == nil {
		t.Error("training on nothing: no error")
	}
	d := toyDocs()[0]
	d.POS = d.POS[:1]
	if _, err := Train([]Doc{d}, Options{}); err == nil || !strings.Contains(err.Error(), "toy0") {
		t.Errorf("mismatched tags: error %v, want one naming the doc", err)
	}
	if _, err := Train(toyDocs(), Options{POSBits: 30}); err == nil {
		t.Error("30 bits: no error")
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	tg, err := Train(toyDocs(), Options{Epochs: 5, POSBits: 12, NERBits: 12})
	if err != nil {
		t.Fatal(err)
	}
	var a bytes.Buffer
	if err := tg.Save(&a); err != nil {
		t.Fatal(err)
	}
	tg2, err := Load(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := tg2.Save(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("saving a loaded model gives other bytes")
	}
	text := "Mr Kalo zab zib in Vedo. Mr Tem zab in Moro."
	_, p1, n1 := tagText(tg, text)
	_, p2, n2 := tagText(tg2, text)
	if fmt.Sprint(p1, n1) != fmt.Sprint(p2, n2) {
		t.Errorf("tags differ after a round trip: %v %v, %v %v", p1, n1, p2, n2)
	}
	// The embedded model too.
	var e bytes.Buffer
	if err := Default().Save(&e); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(e.Bytes(), embedded) {
		t.Error("saving the embedded model gives other bytes")
	}
}

func TestTrainDeterministic(t *testing.T) {
	docs := toyDocs()
	if corenlp, texts := evalFilesQuiet(); corenlp != "" && !testing.Short() {
		all, err := ReadCoreNLP(corenlp, texts, "train")
		if err != nil {
			t.Fatal(err)
		}
		docs = all[:40]
	}
	var out [2]bytes.Buffer
	for k := range out {
		tg, err := Train(docs, Options{Epochs: 2, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		if err := tg.Save(&out[k]); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(out[0].Bytes(), out[1].Bytes()) {
		t.Error("two trainings on the same data give different models")
	}
}

func TestLoadErrors(t *testing.T) {
	for name, b := range map[string][]byte{
		"empty":     nil,
		"garbage":   []byte("not a model at all"),
		"truncated": embedded[:len(embedded)/2],
		"header":    []byte(fileMagic),
	} {
		if _, err := Load(bytes.NewReader(b)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestTagOddInput hands Tag tokens, sentences and slices that do not fit
// together: it must not panic.
func TestTagOddInput(t *testing.T) {
	tg := Default()
	text := "Mr. Smith went to Washington."
	toks := token.Tokenize(text, nil)
	bad := append([]token.Token{{Start: 50, End: 60, Kind: token.Word}, {Start: 5, End: 2, Kind: token.Quote}}, toks...)
	for _, c := range []struct {
		toks  []token.Token
		sents []token.Sentence
		n     int
	}{
		{toks, nil, len(toks)},
		{toks, []token.Sentence{{Start: -1, End: 3}, {Start: 2, End: 100}, {Start: 3, End: 1}}, len(toks)},
		{toks, []token.Sentence{{Start: 0, End: int32(len(toks))}}, 2},
		{bad, nil, len(bad)},
		{nil, nil, 0},
	} {
		pos := make([]POS, c.n)
		tg.Tag(text, c.toks, c.sents, pos, nil)
		tg.Tag(text, c.toks, c.sents, pos, make([]NER, c.n))
	}
}

func TestLabels(t *testing.T) {
	if NER(0).String() != "O" || Label(Person, false).String() != "B-PERSON" || Label(Location, true).String() != "I-LOCATION" {
		t.Error("NER names")
	}
	if Label(None, true) != 0 || !Label(Title, false).Begin() || !Label(Title, true).Inside() {
		t.Error("NER flags")
	}
	for n := 0; n < 256; n++ {
		_ = NER(n).String()
		_ = POS(n).String()
	}
	for p := POS(1); p < numPOS; p++ {
		q, ok := ParsePOS(p.String())
		if !ok || q != p {
			t.Errorf("ParsePOS(%q) = %v", p, q)
		}
	}
	if !VBD.IsVerb() || MD.IsVerb() || !NNPS.IsProperNoun() || NN.IsProperNoun() || !NNS.IsNoun() || !PRPS.IsPronoun() {
		t.Error("POS predicates")
	}
	if c, ok := ParseClass("STATE_OR_PROVINCE"); !ok || c != Location {
		t.Error("STATE_OR_PROVINCE is not folded into LOCATION")
	}
}

func readExample(t testing.TB) string {
	b, err := os.ReadFile("../testdata/briefing-2024-11-29.txt")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func benchText(b testing.TB) string {
	if corenlp, texts := evalFilesQuiet(); corenlp != "" {
		docs, err := ReadCoreNLP(corenlp, texts, "dev")
		if err != nil {
			b.Fatal(err)
		}
		var sb strings.Builder
		for _, d := range docs {
			sb.WriteString(d.Text)
			sb.WriteString("\n\n")
		}
		return sb.String()
	}
	return readExample(b)
}

func BenchmarkTag(b *testing.B) {
	text := benchText(b)
	tg := Default()
	toks := token.Tokenize(text, nil)
	sents := token.Sentences(text, toks, nil)
	pos := make([]POS, len(toks))
	ner := make([]NER, len(toks))
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		tg.Tag(text, toks, sents, pos, ner)
	}
}

func BenchmarkTagPOS(b *testing.B) {
	text := benchText(b)
	tg := Default()
	toks := token.Tokenize(text, nil)
	sents := token.Sentences(text, toks, nil)
	pos := make([]POS, len(toks))
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		tg.Tag(text, toks, sents, pos, nil)
	}
}

// BenchmarkPipeline measures what extraction pays before its own work:
// tokens, sentences, tags.
func BenchmarkPipeline(b *testing.B) {
	text := benchText(b)
	tg := Default()
	var toks []token.Token
	var sents []token.Sentence
	var pos []POS
	var ner []NER
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		toks = token.Tokenize(text, toks[:0])
		sents = token.Sentences(text, toks, sents[:0])
		pos = append(pos[:0], make([]POS, len(toks))...)
		ner = append(ner[:0], make([]NER, len(toks))...)
		tg.Tag(text, toks, sents, pos, ner)
	}
}
