package tag

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"sort"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/perceptron"
	"github.com/saywho/saywho/token"
)

// Doc is one training or test document: tokens with their gold (or
// silver) tags.
type Doc struct {
	ID     string
	Split  string // "train", "dev", ... as the corpus says
	Text   string
	Tokens []token.Token
	Sents  []token.Sentence
	POS    []POS
	NER    []Class
}

// Options steer Train. The zero Options train the default model.
type Options struct {
	Epochs int    // passes over the data per tagger; default 6
	Seed   uint64 // seed of the shuffling between passes
	// log2 of the rows of the feature tables. Defaults 16 and 17: small
	// enough to keep dense and in cache (6 and 3.4 MB: the part-of-speech
	// table has 45 classes a row, the entity table 13), large enough that
	// collisions cost little.
	POSBits, NERBits uint
	Log              io.Writer // progress, one line per pass; nil for none
}

// Tag dictionary thresholds: a word seen this often with one tag this
// large a share of the time always gets it.
const (
	dictMinCount = 20
	dictMinShare = 0.97
	oDictShare   = 0.995
	// vocabMinCount is how often a word must be seen in training to have
	// its word features summed at load time.
	vocabMinCount = 3
	// pruneBelow zeroes averaged weights this small before saving: they
	// change few decisions and would fill the model file.
	pruneBelow = 0.02
)

// Train trains a tagger on docs. The same docs and Options give the same
// model, byte for byte.
func Train(docs []Doc, opt Options) (*Tagger, error) {
	if opt.Epochs <= 0 {
		opt.Epochs = 6
	}
	if opt.POSBits == 0 {
		opt.POSBits = 16
	}
	if opt.NERBits == 0 {
		opt.NERBits = 17
	}
	if opt.POSBits > maxBits || opt.NERBits > maxBits {
		return nil, fmt.Errorf("tag: train: %d/%d bits is too large a table", opt.POSBits, opt.NERBits)
	}
	logf := func(format string, args ...any) {
		if opt.Log != nil {
			fmt.Fprintf(opt.Log, format+"\n", args...)
		}
	}
	// Sentences, and the entity classes present.
	type sent struct{ doc, a, b int }
	var sents []sent
	present := [numClass]bool{}
	for di, d := range docs {
		if len(d.POS) != len(d.Tokens) || len(d.NER) != len(d.Tokens) {
			return nil, fmt.Errorf("tag: train: doc %q: %d tokens, %d POS, %d NER", d.ID, len(d.Tokens), len(d.POS), len(d.NER))
		}
		for _, s := range d.Sents {
			if s.Start < 0 || int(s.End) > len(d.Tokens) || s.Start >= s.End {
				return nil, fmt.Errorf("tag: train: doc %q: sentence [%d,%d) outside its %d tokens", d.ID, s.Start, s.End, len(d.Tokens))
			}
			sents = append(sents, sent{di, int(s.Start), int(s.End)})
		}
		for i, c := range d.NER {
			if c >= numClass {
				return nil, fmt.Errorf("tag: train: doc %q: bad class %d", d.ID, c)
			}
			present[c] = true
			if d.POS[i] == NoPOS || d.POS[i] >= numPOS {
				return nil, fmt.Errorf("tag: train: doc %q: token %d has no POS", d.ID, i)
			}
		}
	}
	if len(sents) == 0 {
		return nil, fmt.Errorf("tag: train: no sentences")
	}
	t := &Tagger{nerClasses: []Class{None}}
	classIndex := [numClass]int{}
	for c := Person; c < numClass; c++ {
		if present[c] {
			classIndex[c] = len(t.nerClasses)
			t.nerClasses = append(t.nerClasses, c)
		}
	}
	t.posDict, t.oDict, t.vocab, t.vocabTags, t.vocabClasses = dictionaries(docs, classIndex)
	logf("tag: %d sentences, %d entity classes, %d words in the tag dictionary, %d always O",
		len(sents), len(t.nerClasses)-1, len(t.posDict), len(t.oDict))

	// Part of speech.
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5eed))
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	var ws []word
	var fs []perceptron.Feature
	scores := make([]float32, max(int(numPOS), len(t.nerClasses)))
	C := int(numPOS - 1)
	tr := perceptron.NewTrainer(C, opt.POSBits)
	for ep := 0; ep < opt.Epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		right, total := 0, 0
		for _, k := range order {
			s := sents[k]
			d := &docs[s.doc]
			ws = describeAll(ws[:0], d.Text, d.Tokens, s.a, s.b)
			var p1, p2 uint64
			for i := range ws {
				gold := int(d.POS[s.a+i]) - 1
				c, ok := t.posDict[ws[i].word]
				guess := int(c)
				if !ok {
					fs = posFeatures(fs[:0], ws, i, p1, p2)
					guess = tr.Train(fs, gold, scores[:C])
				}
				if guess == gold {
					right++
				}
				total++
				p2, p1 = p1, uint64(guess)+1
			}
		}
		logf("tag: POS pass %d: %.2f%% right while training", ep+1, 100*float64(right)/float64(total))
	}
	t.pos = prune(tr.Average()).Quantize()
	t.ner = perceptron.New(len(t.nerClasses), 1) // untrained until below; compact needs one
	t.compact()

	// Entities, over the parts of speech the tagger itself predicts, as it
	// will at run time.
	predPOS := make([][]POS, len(docs))
	for di, d := range docs {
		predPOS[di] = make([]POS, len(d.Tokens))
	}
	sc := &scratch{scores: make([]int32, numPOS)}
	for _, s := range sents {
		d := &docs[s.doc]
		sc.words = describeAll(sc.words[:0], d.Text, d.Tokens, s.a, s.b)
		t.tagPOS(sc, sc.words, predPOS[s.doc][s.a:s.b])
	}
	C = len(t.nerClasses)
	tr = perceptron.NewTrainer(C, opt.NERBits)
	for ep := 0; ep < opt.Epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		right, total := 0, 0
		for _, k := range order {
			s := sents[k]
			d := &docs[s.doc]
			ws = describeAll(ws[:0], d.Text, d.Tokens, s.a, s.b)
			pos := predPOS[s.doc][s.a:s.b]
			var n1, n2 uint64
			inQuote := false
			for i := range ws {
				gold := classIndex[d.NER[s.a+i]]
				guess := 0
				if !t.oDict[ws[i].word] {
					fs = nerFeatures(fs[:0], ws, pos, i, n1, n2, inQuote)
					guess = tr.Train(fs, gold, scores[:C])
				}
				if guess == gold {
					right++
				}
				total++
				n2, n1 = n1, uint64(guess)+1
				inQuote = quoteState(inQuote, &ws[i])
			}
		}
		logf("tag: NER pass %d: %.2f%% right while training", ep+1, 100*float64(right)/float64(total))
	}
	t.ner = prune(tr.Average()).Quantize()
	t.compact()
	return t, nil
}

// dictionaries finds the frequent words that nearly always take one part
// of speech, those nearly never inside an entity, and the vocabulary: the
// words seen at least vocabMinCount times, sorted, with the set of tags
// each took (bit POS-1) and of entity classes (bit classIndex).
func dictionaries(docs []Doc, classIndex [numClass]int) (map[uint64]uint8, map[uint64]bool, []string, []uint64, []uint64) {
	type counts struct {
		pos     [numPOS]int32
		n, o    int32
		classes uint64
	}
	seen := map[string]*counts{}
	for _, d := range docs {
		for i, tk := range d.Tokens {
			w := d.Text[tk.Start:tk.End]
			c := seen[w]
			if c == nil {
				c = &counts{}
				seen[w] = c
			}
			c.pos[d.POS[i]]++
			c.classes |= 1 << classIndex[d.NER[i]]
			c.n++
			if d.NER[i] == None {
				c.o++
			}
		}
	}
	posDict, oDict := map[uint64]uint8{}, map[uint64]bool{}
	var vocab []string
	for w, c := range seen {
		if c.n >= vocabMinCount {
			vocab = append(vocab, w)
		}
		if c.n < dictMinCount {
			continue
		}
		h := hashBytes(w)
		best := POS(1)
		for p := POS(1); p < numPOS; p++ {
			if c.pos[p] > c.pos[best] {
				best = p
			}
		}
		if float64(c.pos[best]) >= dictMinShare*float64(c.n) {
			posDict[h] = uint8(best - 1)
		}
		if float64(c.o) >= oDictShare*float64(c.n) {
			oDict[h] = true
		}
	}
	sort.Strings(vocab)
	tags := make([]uint64, len(vocab))
	classes := make([]uint64, len(vocab))
	for v, w := range vocab {
		classes[v] = seen[w].classes
		for p := POS(1); p < numPOS; p++ {
			if seen[w].pos[p] > 0 {
				tags[v] |= 1 << (p - 1)
			}
		}
	}
	return posDict, oDict, vocab, tags, classes
}

// prune zeroes the weights too small to matter.
func prune(m *perceptron.Model) *perceptron.Model {
	for i, w := range m.W {
		if math.Abs(float64(w)) < pruneBelow {
			m.W[i] = 0
		}
	}
	return m
}

// TrainCoreNLP trains a tagger on the "train" split of a CoreNLP analysis
// in the format of polnear-corenlp.jsonl (see ReadCoreNLP), whose texts
// are in textPaths, and writes the model to w.
func TrainCoreNLP(corenlpPath string, textPaths []string, w io.Writer) error {
	docs, err := ReadCoreNLP(corenlpPath, textPaths, "train")
	if err != nil {
		return err
	}
	t, err := Train(docs, Options{})
	if err != nil {
		return err
	}
	return t.Save(w)
}

// ReadCoreNLP reads the documents of one split ("" for all) of a CoreNLP
// analysis: JSON Lines with doc_id, split, sentences ([first, end) token
// pairs) and tokens ([start, end, POS, NER, lemma], offsets in code
// points into the document's text). The texts come from textPaths, JSON
// Lines with doc_id and text (polnear-train.jsonl, polnear-dev.jsonl).
func ReadCoreNLP(corenlpPath string, textPaths []string, split string) ([]Doc, error) {
	texts := map[string]string{}
	for _, p := range textPaths {
		err := eachLine(p, func(line []byte) error {
			var d struct {
				ID   string `json:"doc_id"`
				Text string `json:"text"`
			}
			if err := json.Unmarshal(line, &d); err != nil {
				return err
			}
			texts[d.ID] = d.Text
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	var docs []Doc
	err := eachLine(corenlpPath, func(line []byte) error {
		var d struct {
			ID        string   `json:"doc_id"`
			Split     string   `json:"split"`
			Sentences [][2]int `json:"sentences"`
			Tokens    [][5]any `json:"tokens"`
		}
		if err := json.Unmarshal(line, &d); err != nil {
			return err
		}
		if split != "" && d.Split != split {
			return nil
		}
		text, ok := texts[d.ID]
		if !ok {
			return fmt.Errorf("doc %q: text not in %v", d.ID, textPaths)
		}
		doc, err := coreNLPDoc(d.ID, d.Split, text, d.Sentences, d.Tokens)
		if err != nil {
			return err
		}
		docs = append(docs, doc)
		return nil
	})
	return docs, err
}

func coreNLPDoc(id, split, text string, sents [][2]int, toks [][5]any) (Doc, error) {
	tx := saywho.NewText(text)
	d := Doc{ID: id, Split: split, Text: text}
	var one []token.Token
	for k, tk := range toks {
		a, ok1 := tk[0].(float64)
		b, ok2 := tk[1].(float64)
		ps, ok3 := tk[2].(string)
		ns, ok4 := tk[3].(string)
		if !ok1 || !ok2 || !ok3 || !ok4 || a < 0 || b <= a || int(b) > tx.Len() {
			return d, fmt.Errorf("doc %q: token %d: bad token %v", id, k, tk)
		}
		start, end := tx.Byte(int(a)), tx.Byte(int(b))
		p, ok := ParsePOS(ps)
		if !ok {
			return d, fmt.Errorf("doc %q: token %d: unknown POS %q", id, k, ps)
		}
		c, ok := ParseClass(ns)
		if !ok {
			c = Misc // a class this tagger does not know
		}
		// The kind is what our tokenizer would say of the same characters.
		kind := token.Word
		if one = token.Tokenize(text[start:end], one[:0]); len(one) > 0 {
			kind = one[0].Kind
		}
		d.Tokens = append(d.Tokens, token.Token{Start: int32(start), End: int32(end), Kind: kind})
		d.POS = append(d.POS, p)
		d.NER = append(d.NER, c)
	}
	for _, s := range sents {
		if s[0] < 0 || s[1] > len(d.Tokens) || s[0] >= s[1] {
			return d, fmt.Errorf("doc %q: sentence %v outside its %d tokens", id, s, len(d.Tokens))
		}
		d.Sents = append(d.Sents, token.Sentence{Start: int32(s[0]), End: int32(s[1])})
	}
	return d, nil
}

func eachLine(path string, f func([]byte) error) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 256<<20)
	n := 0
	for sc.Scan() {
		n++
		if err := f(sc.Bytes()); err != nil {
			return fmt.Errorf("%s:%d: %w", path, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
