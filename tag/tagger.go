// Package tag labels tokens with Penn Treebank parts of speech and with
// named-entity classes (PERSON, ORGANIZATION, LOCATION, TITLE, ...).
//
// Both taggers are greedy left-to-right averaged perceptrons over hashed
// features (package perceptron), trained on Stanford CoreNLP's analysis
// of the PolNeAR training articles. Tagging must stay far cheaper than
// the extraction that uses it, so: frequent words that always take the
// same tag skip the model (tag dictionaries); the weights of the features
// that depend on a known word alone are summed once, at load time; and
// the weights are kept compact (16-bit, touched rows only) to stay in
// cache. Default returns the model embedded in the binary, model.bin,
// which `go test ./tag -run TrainPolNeAR -retrain` rebuilds from the
// PolNeAR data, byte for byte (about 1.5 MB: weights, tag dictionaries and
// a vocabulary of the 13k words seen three times or more; no article text).
package tag

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"

	"github.com/saywho/saywho/perceptron"
	"github.com/saywho/saywho/token"
)

// Tagger tags tokens. It is read-only after loading and safe for
// concurrent use.
type Tagger struct {
	pos *perceptron.Model // classes: POS-1
	ner *perceptron.Model // classes: index into nerClasses

	nerClasses []Class // model class -> entity class; [0] is None

	// posDict maps the hash of a frequent word to the one tag it took in
	// training (POS-1); oDict holds frequent words that were never part
	// of an entity; vocab are the words seen often enough in training to
	// precompute their word features.
	posDict map[uint64]uint8
	oDict   map[uint64]bool
	vocab   []string
	// vocabTags are the tags each vocabulary word took in training (bit
	// POS-1): the only ones it is given.
	vocabTags []uint64
	// vocabClasses are the entity classes (bit: model class) each took.
	vocabClasses []uint64

	// Built from the above by compact, for tagging.
	posTable, nerTable *table
	lex                map[uint64]lexEntry // by hashBytes of the word
	posVec, nerVec     []int32             // vocab x classes: the word features' summed weights
	cands              []uint8             // the tags of vocabulary word v are cands[candAt[v]:candAt[v+1]]
	candAt             []int32
	nerCands           []uint8 // the same for entity classes
	nerCandAt          []int32

	scratch *sync.Pool // of *scratch
}

// lexEntry is what the tagger knows of one word.
type lexEntry struct {
	vocab int32 // row of posVec and nerVec, or -1
	pos   int16 // the word's only tag (POS-1), or -1
	o     bool  // never in an entity
}

var noEntry = lexEntry{vocab: -1, pos: -1}

type scratch struct {
	words  []word
	feats  []perceptron.Feature
	scores []int32
}

//go:embed model.bin
var embedded []byte

var (
	defaultOnce   sync.Once
	defaultTagger *Tagger
	defaultErr    error
)

// Default returns the tagger embedded in the binary, loaded on first use.
// It panics if the embedded model is corrupt, which tests rule out.
func Default() *Tagger {
	defaultOnce.Do(func() {
		defaultTagger, defaultErr = Load(bytes.NewReader(embedded))
	})
	if defaultErr != nil {
		panic(fmt.Sprintf("tag: embedded model: %v", defaultErr))
	}
	return defaultTagger
}

// Tag labels toks, cut from text by token.Tokenize and grouped into sents
// by token.Sentences, writing pos[i] and ner[i] for token i. ner may be
// nil to skip entity tagging. Sentences or tokens that lie outside the
// slices given are skipped, never a panic; with no sentences, all tokens
// are tagged as one.
func (t *Tagger) Tag(text string, toks []token.Token, sents []token.Sentence, pos []POS, ner []NER) {
	n := min(len(toks), len(pos))
	if ner != nil {
		n = min(n, len(ner))
	}
	if sents == nil && n > 0 {
		sents = []token.Sentence{{Start: 0, End: int32(n)}}
	}
	sc, _ := t.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{scores: make([]int32, max(int(numPOS), len(t.nerClasses)))}
	}
	for _, s := range sents {
		a, b := int(s.Start), int(s.End)
		if a < 0 || b > n || a >= b {
			continue
		}
		t.tagSentence(sc, text, toks, a, b, pos, ner)
	}
	t.scratch.Put(sc)
}

func (t *Tagger) tagSentence(sc *scratch, text string, toks []token.Token, a, b int, pos []POS, ner []NER) {
	sc.words = describeAll(sc.words[:0], text, toks, a, b)
	ws := sc.words
	t.tagPOS(sc, ws, pos[a:b])
	if ner == nil {
		return
	}
	t.tagNER(sc, ws, pos[a:b], ner[a:b])
	markTitles(text, toks[a:b], pos[a:b], ner[a:b])
	markNationalities(text, toks[a:b], ner[a:b])
}

// describeAll appends the word descriptions of toks[a:b].
func describeAll(ws []word, text string, toks []token.Token, a, b int) []word {
	for i := a; i < b; i++ {
		tk := toks[i]
		s := tokenText(text, tk)
		side := token.Unknown
		if tk.Kind == token.Quote {
			side = token.QuoteSide(text, toks, i)
		}
		ws = append(ws, word{})
		describe(&ws[len(ws)-1], s, i == a, side)
	}
	return ws
}

// tokenText returns the text of tk, or "" when tk does not lie in text.
func tokenText(text string, tk token.Token) string {
	if 0 <= tk.Start && tk.Start <= tk.End && int(tk.End) <= len(text) {
		return text[tk.Start:tk.End]
	}
	return ""
}

func (t *Tagger) entry(w *word) lexEntry {
	if e, ok := t.lex[w.word]; ok {
		return e
	}
	return noEntry
}

func (t *Tagger) tagPOS(sc *scratch, ws []word, out []POS) {
	C := t.posTable.classes
	var p1, p2 uint64
	for i := range ws {
		e := t.entry(&ws[i])
		var c int
		switch {
		case e.pos >= 0:
			c = int(e.pos)
		case e.vocab >= 0:
			v := int(e.vocab)
			cands := t.cands[t.candAt[v]:t.candAt[v+1]]
			if len(cands) == 1 {
				c = int(cands[0])
				break
			}
			sc.feats = posContext(sc.feats[:0], ws, i, p1, p2)
			c = t.posTable.addOnly(sc.feats, t.posVec[v*C:v*C+C], cands, sc.scores)
		default:
			sc.feats = posFeatures(sc.feats[:0], ws, i, p1, p2)
			clear(sc.scores[:C])
			c = t.posTable.add(sc.feats, sc.scores)
		}
		out[i] = POS(c + 1)
		p2, p1 = p1, uint64(c)+1
	}
}

func (t *Tagger) tagNER(sc *scratch, ws []word, pos []POS, out []NER) {
	C := t.nerTable.classes
	var n1, n2 uint64
	inQuote := false
	prev := None
	for i := range ws {
		e := t.entry(&ws[i])
		var c int
		switch {
		case e.o:
			c = 0
		case e.vocab >= 0:
			v := int(e.vocab)
			cands := t.nerCands[t.nerCandAt[v]:t.nerCandAt[v+1]]
			if len(cands) == 1 {
				c = int(cands[0])
				break
			}
			sc.feats = nerContext(sc.feats[:0], ws, pos, i, n1, n2, inQuote)
			c = t.nerTable.addOnly(sc.feats, t.nerVec[v*C:v*C+C], cands, sc.scores)
		default:
			sc.feats = nerFeatures(sc.feats[:0], ws, pos, i, n1, n2, inQuote)
			clear(sc.scores[:C])
			c = t.nerTable.add(sc.feats, sc.scores)
		}
		cl := t.nerClasses[c]
		out[i] = Label(cl, cl == prev)
		prev = cl
		n2, n1 = n1, uint64(c)+1
		inQuote = quoteState(inQuote, &ws[i])
	}
}

// quoteState returns whether the words after w are inside quote marks,
// given whether w is.
func quoteState(in bool, w *word) bool {
	switch w.quote {
	case uint64(token.Open):
		return true
	case uint64(token.Close):
		return false
	}
	return in
}

// compact builds what tagging reads from the models and dictionaries.
func (t *Tagger) compact() {
	t.posTable, t.nerTable = compact(t.pos), compact(t.ner)
	t.scratch = &sync.Pool{}
	t.lex = make(map[uint64]lexEntry, len(t.vocab)+len(t.posDict)+len(t.oDict))
	get := func(h uint64) lexEntry {
		if e, ok := t.lex[h]; ok {
			return e
		}
		return noEntry
	}
	for h, p := range t.posDict {
		e := get(h)
		e.pos = int16(p)
		t.lex[h] = e
	}
	for h := range t.oDict {
		e := get(h)
		e.o = true
		t.lex[h] = e
	}
	pc, nc := t.posTable.classes, t.nerTable.classes
	t.posVec = make([]int32, len(t.vocab)*pc)
	t.nerVec = make([]int32, len(t.vocab)*nc)
	t.cands, t.candAt = candidates(t.vocabTags, pc)
	t.nerCands, t.nerCandAt = candidates(t.vocabClasses, nc)
	var w word
	var fs []perceptron.Feature
	for v, s := range t.vocab {
		describe(&w, s, false, token.Unknown)
		fs = posLocal(fs[:0], &w)
		t.posTable.add(fs, t.posVec[v*pc:v*pc+pc])
		fs = nerLocal(fs[:0], &w)
		t.nerTable.add(fs, t.nerVec[v*nc:v*nc+nc])
		e := get(w.word)
		e.vocab = int32(v)
		t.lex[w.word] = e
	}
}

// candidates lists the classes in each mask: those of mask v are
// cands[at[v]:at[v+1]].
func candidates(masks []uint64, classes int) (cands []uint8, at []int32) {
	at = append(at, 0)
	for _, m := range masks {
		for c := 0; c < classes; c++ {
			if m&(1<<c) != 0 {
				cands = append(cands, uint8(c))
			}
		}
		at = append(at, int32(len(cands)))
	}
	return cands, at
}
