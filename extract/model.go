package extract

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/saywho/saywho/perceptron"
	"github.com/saywho/saywho/token"
	"github.com/saywho/saywho/wordnet"
)

// The learned pipeline. Two structured perceptrons over hashed features:
//
//   - the cue model labels the tokens of each sentence B/I/O for cues
//     ("said", "told reporters", "according to", "is expected");
//   - the argument model labels, for one cue, the tokens of the window
//     around it (its sentence, widened over any quotation it touches) as
//     source or content, B/I/O, decoded with Viterbi.
//
// Besides the words, their tags and the quotation marks, the cue model
// sees each verb's WordNet classes (package wordnet), so that a verb of
// communication or cognition it never saw in training resembles those it
// did.
//
// The rules stay in the loop as features: the rule cue, source and content
// for the same cue are features of every token, so the models learn when
// to trust the rules and when not. The rules alone decide what the models
// do not see: quotations that continue over later paragraphs, speaker
// resolution, entities, figures.

// Cue labels.
const (
	cueO = iota
	cueB
	cueI
	cueClasses
)

// Argument labels.
const (
	argO = iota
	argBS
	argIS
	argBC
	argIC
	argClasses
)

const (
	cueBits = 18
	argBits = 20
)

// Model is the learned part of the extractor.
type Model struct {
	Cue  *perceptron.Model
	Args *perceptron.Model
	// Calib are the weights of the calibrated confidence (calib.go).
	Calib []float64
}

//go:embed model/cue.bin
var cueModelFile []byte

//go:embed model/args.bin
var argModelFile []byte

//go:embed model/calib.json
var calibFileData []byte

var (
	defaultModel     *Model
	defaultModelErr  error
	defaultModelOnce sync.Once
)

// DefaultModel returns the embedded model, loaded once; nil when the
// binary was built before any model was trained (the model files are
// empty), in which case extraction runs on the rules alone.
func DefaultModel() (*Model, error) {
	defaultModelOnce.Do(func() {
		if len(cueModelFile) == 0 || len(argModelFile) == 0 {
			return
		}
		defaultModel, defaultModelErr = LoadModel(bytes.NewReader(cueModelFile), bytes.NewReader(argModelFile), bytes.NewReader(calibFileData))
	})
	return defaultModel, defaultModelErr
}

// LoadModel reads the model files written by Model.Save.
func LoadModel(cue, args, calib io.Reader) (*Model, error) {
	c, err := perceptron.Load(cue)
	if err != nil {
		return nil, fmt.Errorf("cue model: %w", err)
	}
	a, err := perceptron.Load(args)
	if err != nil {
		return nil, fmt.Errorf("argument model: %w", err)
	}
	if c.Classes != cueClasses || a.Classes != argClasses {
		return nil, fmt.Errorf("model has %d cue and %d argument classes, want %d and %d", c.Classes, a.Classes, cueClasses, argClasses)
	}
	b, err := io.ReadAll(io.LimitReader(calib, 1<<16))
	if err != nil {
		return nil, fmt.Errorf("calibration: %w", err)
	}
	w, err := unmarshalCalib(b)
	if err != nil {
		return nil, err
	}
	return &Model{Cue: c, Args: a, Calib: w}, nil
}

// Save writes the parts of m.
func (m *Model) Save(cue, args, calib io.Writer) error {
	if err := m.Cue.Save(cue); err != nil {
		return err
	}
	if err := m.Args.Save(args); err != nil {
		return err
	}
	b, err := marshalCalib(m.Calib)
	if err != nil {
		return err
	}
	_, err = calib.Write(append(b, '\n'))
	return err
}

// cueAllowed and argAllowed forbid I- labels without their B-.
var cueAllowed, argAllowed = bioAllowed(cueClasses, func(c int) (bool, int) {
	return c == cueI, cueB
}), bioAllowed(argClasses, func(c int) (bool, int) {
	switch c {
	case argIS:
		return true, argBS
	case argIC:
		return true, argBC
	}
	return false, 0
})

// bioAllowed builds a transition table where an inside label may follow
// only its begin label or itself.
func bioAllowed(C int, inside func(int) (bool, int)) []bool {
	ok := make([]bool, (C+1)*C)
	for p := 0; p <= C; p++ {
		for c := 0; c < C; c++ {
			in, b := inside(c)
			ok[p*C+c] = !in || p == b || p == c
		}
	}
	return ok
}

// Feature templates. Their numbers are part of the model: renumbering
// them invalidates a trained model.
const (
	fBias uint8 = iota + 1
	fWord
	fWordPrev
	fWordNext
	fWordPrev2
	fWordNext2
	fPOS
	fPOSPrev
	fPOSNext
	fPOSBi
	fPOSBiNext
	fSuffix
	fShape
	fLexicon
	fRuleCue
	fQuote
	fNextMark
	fPrevMark
	fNER
	fNERPrev
	fNERNext
	fPosInSent
	fWordPOSNext
	fCueWordDir
	fDirDist
	fDirWord
	fDirPOS
	fDirPOS2
	fDirPOS2n
	fCuePOSDir
	fBetween
	fQuoteRel
	fMarkDir
	fNERDir
	fRule
	fFirstAfter
	fDirWordPrev
	fDirWordNext
	fSentEdge
	fRuleBetween
	fCueInQuote
	fDirDistPOS
	fLexDir
	fCueKind
	fNextPOS3
	fPrevPOS2
	fStem
	fAuxChain
	fWordMark
	fQuoteSide
	fArgMarks
	fCommaSeg
	fOpener
	fCueDirDist
	fSense
	fSenseMarks
)

// shape summarises a word's spelling as a hash of its classes, Xx, xx, X,
// X., d, ... with runs collapsed, without building the string.
func shape(w string) int {
	h := uint64(14695981039346656037)
	var last byte
	n := 0
	for i := 0; i < len(w) && n < 8; i++ {
		c := w[i]
		var s byte
		switch {
		case 'A' <= c && c <= 'Z':
			s = 'X'
		case 'a' <= c && c <= 'z':
			s = 'x'
		case '0' <= c && c <= '9':
			s = 'd'
		case c >= 0x80:
			s = 'u'
		default:
			s = c
		}
		if s != last {
			h ^= uint64(s)
			h *= 1099511628211
			last = s
			n++
		}
	}
	return int(h)
}

func suffix(w string, n int) string {
	if len(w) <= n {
		return w
	}
	return w[len(w)-n:]
}

// within reads a document's token layers inside tokens [s0, s1), with
// fixed values past either edge, for features that look at neighbours.
type within struct {
	d      *doc
	s0, s1 int
}

// word returns the hash of token k's lower-cased word; 1 before the
// range, 2 after it.
func (w within) word(k int) int {
	if k < w.s0 {
		return 1
	}
	if k >= w.s1 {
		return 2
	}
	return w.d.wordHash(k)
}

// pos returns token k's part of speech, 255 outside the range.
func (w within) pos(k int) int {
	if k < w.s0 || k >= w.s1 {
		return 255
	}
	return int(w.d.pos[k])
}

// cueFeatures appends the features of token i, in sentence [s0, s1), for
// the cue model. ruleCue marks the tokens of rule cues.
func (d *doc) cueFeatures(i, s0, s1 int, ruleCue []bool, f []perceptron.Feature) []perceptron.Feature {
	F := perceptron.NewFeature
	w := d.lower[i]
	wh := d.wordHash(i)
	in := within{d, s0, s1}
	word, posAt := in.word, in.pos
	f = append(f, F(fBias),
		F(fWord).Int(wh),
		F(fWordPrev).Int(word(i-1)),
		F(fWordNext).Int(word(i+1)),
		F(fWordPrev2).Int(word(i-2)),
		F(fWordNext2).Int(word(i+2)),
		F(fPOS).Int(posAt(i)),
		F(fPOSPrev).Int(posAt(i-1)),
		F(fPOSNext).Int(posAt(i+1)),
		F(fPOSBi).Int(posAt(i-1)).Int(posAt(i)),
		F(fPOSBiNext).Int(posAt(i)).Int(posAt(i+1)),
		F(fSuffix).Str(suffix(w, 3)),
		F(fShape).Int(shape(d.word(i))),
		F(fWordPOSNext).Int(wh).Int(posAt(i+1)),
		F(fNER).Int(int(d.ner[i])),
		F(fNERPrev).Int(int(nerAt(d, i-1, s0, s1))),
		F(fNERNext).Int(int(nerAt(d, i+1, s0, s1))),
	)
	if base, ok := cueForms[w]; ok {
		f = append(f, F(fLexicon).Str(base), F(fLexicon).Str(base).Int(posAt(i)))
	}
	if ruleCue[i] && !ablation.noRuleFeatures {
		f = append(f, F(fRuleCue), F(fRuleCue).Int(wh))
	}
	inQ := 0
	if d.quoteOf[i] >= 0 {
		inQ = 1
	}
	f = append(f, F(fQuote).Int(inQ))
	mark := func(k int) string {
		switch {
		case k < s0 || k >= s1:
			return "edge"
		case d.toks[k].Kind == token.Quote:
			return "q"
		case d.toks[k].Kind == token.Punct:
			return d.word(k)
		case d.lower[k] == "that":
			return "that"
		}
		return ""
	}
	f = append(f, F(fNextMark).Str(mark(i+1)), F(fPrevMark).Str(mark(i-1)))
	rel := (i - s0) * 4 / max(1, s1-s0)
	f = append(f, F(fPosInSent).Int(rel),
		F(fNextPOS3).Int(posAt(i+1)).Int(posAt(i+2)).Int(posAt(i+3)),
		F(fPrevPOS2).Int(posAt(i-2)).Int(posAt(i-1)),
		F(fStem).Int(d.stemHash(i)).Int(posAt(i)),
		F(fWordMark).Int(wh).Str(mark(i+1)),
	)
	if i > s0 && auxWords[d.lower[i-1]] {
		f = append(f, F(fAuxChain).Int(d.wordHash(i-1)).Int(d.stemHash(i)))
	}
	// Where the sentence's quotation marks lie relative to the token.
	side := 0
	if q := d.sentQuotes[d.sentOf[i]]; q[0] >= 0 {
		if int(q[0]) < i {
			side |= 1
		}
		if int(q[1]) > i {
			side |= 2
		}
	}
	f = append(f, F(fQuoteSide).Int(side).Int(inQ), F(fQuoteSide).Int(side).Int(inQ).Int(d.stemHash(i)))
	if !ablation.noSenses {
		for _, c := range d.senses(i) {
			f = append(f, F(fSense).Int(int(c)).Int(posAt(i)), F(fSenseMarks).Int(int(c)).Str(mark(i+1)).Str(mark(i-1)))
		}
	}
	return f
}

// senses returns the WordNet classes of token i if it is a verb, or a
// participle tagged as an adjective ("unleashed", "shaken"). Nouns'
// classes ("claim", "view" are noun.communication) were tried too and
// bought nothing.
func (d *doc) senses(i int) []wordnet.Class {
	w := d.lower[i]
	if d.is(i, cVerb) || d.is(i, cAdj) && (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "en")) {
		return wordnet.Verb(w)
	}
	return nil
}

var auxWords = map[string]bool{
	"has": true, "have": true, "had": true, "is": true, "was": true, "are": true, "were": true,
	"be": true, "been": true, "will": true, "would": true, "could": true, "should": true,
	"may": true, "might": true, "can": true, "did": true, "does": true, "do": true, "to": true,
	"'s": true, "'re": true, "'ve": true, "'d": true, "'ll": true, "not": true, "also": true,
}

// stem strips the common inflections of an English word, a cheap
// stand-in for a lemma: "says", "said" stay apart, but "argues",
// "argued", "arguing" meet.
func stem(w string) string {
	n := len(w)
	switch {
	case n > 5 && w[n-3:] == "ing":
		return w[:n-3]
	case n > 4 && w[n-2:] == "ed":
		return w[:n-2]
	case n > 4 && w[n-2:] == "es":
		return w[:n-2]
	case n > 3 && w[n-1] == 's' && w[n-2] != 's':
		return w[:n-1]
	case n > 3 && w[n-1] == 'e':
		return w[:n-1]
	}
	return w
}

func nerAt(d *doc, k, s0, s1 int) int {
	if k < s0 || k >= s1 {
		return 255
	}
	return int(d.ner[k])
}

func distBucket(n int) int {
	switch {
	case n <= 3:
		return n
	case n <= 5:
		return 4
	case n <= 10:
		return 5
	case n <= 20:
		return 6
	case n <= 40:
		return 7
	}
	return 8
}

// argWindow returns the tokens the argument model labels for cue c: its
// sentence, widened to the quotations that cross the sentence's edges,
// and to the next sentence when the cue's sentence ends with a colon.
func (d *doc) argWindow(c [2]int) (int, int) {
	w0, w1 := d.sent(c[0])
	if q := d.quoteOf[w0]; q >= 0 && d.qtok[q][0] < w0 {
		w0 = d.qtok[q][0]
	}
	if w1 > w0 && d.isPunct(w1-1, ":") && w1 < len(d.toks) {
		_, w1 = d.sent(w1)
	}
	if w1 > 0 {
		if q := d.quoteOf[w1-1]; q >= 0 && d.qtok[q][1] > w1 {
			w1 = d.qtok[q][1]
		}
	}
	// A bound, so one runaway quotation cannot make a window of a whole
	// article.
	const maxWindow = 250
	if w1-w0 > maxWindow {
		w0 = max(w0, c[0]-maxWindow/2)
		w1 = min(w1, w0+maxWindow)
	}
	return w0, w1
}

// argContext is what the argument features of one cue share.
type argContext struct {
	c        [2]int
	w0, w1   int
	cueWord  string
	cueBase  string
	cueInQ   bool
	ruleSrc  [2]int
	ruleCont [][2]int
	ruleVia  string
	// prefix counts over the window, to test "is there a comma between
	// token and cue" in O(1)
	commas, thats, marks, verbs, sents []int32
	// feature prefixes of the cue's words, hashed once per cue
	fCueWord, fCuePOS, fLex, fCueDist perceptron.Feature
	fRuleVia                          [5]perceptron.Feature // by rule relation of the token
}

func (d *doc) newArgContext(c [2]int, rule *attribution) *argContext {
	x := &argContext{c: c, cueWord: d.lower[c[0]]}
	x.w0, x.w1 = d.argWindow(c)
	x.cueBase = cueForms[x.cueWord]
	x.cueInQ = d.quoteOf[c[0]] >= 0
	if rule != nil && !ablation.noRuleFeatures {
		x.ruleSrc, x.ruleCont, x.ruleVia = rule.source, rule.content, rule.via
	}
	F := perceptron.NewFeature
	x.fCueWord = F(fCueWordDir).Str(x.cueWord)
	x.fCuePOS = F(fCuePOSDir).Str(x.cueWord)
	x.fLex = F(fLexDir).Str(x.cueBase)
	x.fCueDist = F(fCueDirDist).Str(x.cueWord)
	for r := range x.fRuleVia {
		x.fRuleVia[r] = F(fRule).Int(r).Str(x.ruleVia)
	}
	n := x.w1 - x.w0 + 1
	if cap(d.prefix) < 5*n {
		d.prefix = make([]int32, 5*n)
	}
	p := d.prefix[:5*n]
	clear(p)
	x.commas, x.thats, x.marks, x.verbs, x.sents = p[:n], p[n:2*n], p[2*n:3*n], p[3*n:4*n], p[4*n:]
	for k := x.w0; k < x.w1; k++ {
		j := k - x.w0
		x.commas[j+1], x.thats[j+1], x.marks[j+1], x.verbs[j+1], x.sents[j+1] = x.commas[j], x.thats[j], x.marks[j], x.verbs[j], x.sents[j]
		switch {
		case d.isPunct(k, ","):
			x.commas[j+1]++
		case d.lower[k] == "that":
			x.thats[j+1]++
		case d.toks[k].Kind == token.Quote:
			x.marks[j+1]++
		case d.is(k, cVerb|cModal) && (k < c[0] || k >= c[1]):
			x.verbs[j+1]++
		}
		if k > x.w0 && d.sentOf[k] != d.sentOf[k-1] {
			x.sents[j+1]++
		}
	}
	return x
}

// between counts, for prefix sums p, the events strictly between token i
// and the cue.
func (x *argContext) between(p []int32, i int) int32 {
	var a, b int
	if i < x.c[0] {
		a, b = i+1, x.c[0]
	} else {
		a, b = x.c[1], i
	}
	if b <= a {
		return 0
	}
	return p[b-x.w0] - p[a-x.w0]
}

func inRanges(rs [][2]int, i int) bool {
	for _, r := range rs {
		if r[0] <= i && i < r[1] {
			return true
		}
	}
	return false
}

// argDir returns where token i lies relative to the cue: 0 before, 1 in
// it, 2 after, and its distance to the cue in tokens.
func (x *argContext) argDir(i int) (dir, dist int) {
	switch {
	case i >= x.c[1]:
		return 2, i - x.c[1] + 1
	case i >= x.c[0]:
		return 1, 0
	}
	return 0, x.c[0] - i
}

// argTokenFeatures appends the argument features of token i that depend
// only on the token and on which side of the cue it lies, not on the cue
// itself: extraction scores them once per token and side, and reuses the
// scores for every cue of the sentence.
func (d *doc) argTokenFeatures(i, dir int, f []perceptron.Feature) []perceptron.Feature {
	F := perceptron.NewFeature
	s0, s1 := d.sent(i)
	in := within{d, s0, s1}
	word, posAt := in.word, in.pos
	mark := func(k int) string {
		switch {
		case k < s0 || k >= s1:
			return "edge"
		case d.toks[k].Kind == token.Quote:
			if q := d.quoteOf[k]; q >= 0 && d.qtok[q][0] == k {
				return "q("
			}
			return "q)"
		case d.toks[k].Kind == token.Punct:
			return d.word(k)
		}
		switch d.lower[k] {
		case "that", "which", "who", "because", "but", "and", "while", "so", "if", "whether", "to":
			return d.lower[k]
		}
		return ""
	}
	wh := d.wordHash(i)
	p := posAt(i)
	mp, mn := mark(i-1), mark(i+1)
	f = append(f, F(fBias).Int(dir),
		F(fDirWord).Int(dir).Int(wh),
		F(fDirPOS).Int(dir).Int(p),
		F(fDirPOS2).Int(dir).Int(posAt(i-1)).Int(p),
		F(fDirPOS2n).Int(dir).Int(p).Int(posAt(i+1)),
		F(fDirWordPrev).Int(dir).Int(word(i-1)),
		F(fDirWordNext).Int(dir).Int(word(i+1)),
		F(fNERDir).Int(dir).Int(int(d.ner[i])),
		F(fArgMarks).Int(dir).Str(mp).Str(mn),
		F(fArgMarks).Int(dir).Str(mn).Int(p),
		F(fArgMarks).Int(dir).Str(mp).Int(p),
	)
	if i == s0 {
		f = append(f, F(fSentEdge).Int(1).Int(dir))
	}
	if i+1 == s1 {
		f = append(f, F(fSentEdge).Int(2).Int(dir).Int(wh))
	}
	return f
}

// argCueFeatures appends the argument features of token i that depend on
// the cue: distance, what lies between, the cue's words, the quotation
// next to it, the rules' answer for it.
func (d *doc) argCueFeatures(x *argContext, i int, f []perceptron.Feature) []perceptron.Feature {
	F := perceptron.NewFeature
	dir, dist := x.argDir(i)
	db := distBucket(dist)
	wh := d.wordHash(i)
	p := int(d.pos[i])
	f = append(f,
		F(fDirDist).Int(dir).Int(db),
		F(fDirDistPOS).Int(dir).Int(db).Int(p),
		x.fCueWord.Int(dir),
		x.fCuePOS.Int(dir).Int(p),
		x.fLex.Int(dir).Int(db),
		x.fCueDist.Int(dir).Int(db),
	)
	// What lies between the token and the cue.
	var bits int
	if x.between(x.commas, i) > 0 {
		bits |= 1
	}
	if x.between(x.thats, i) > 0 {
		bits |= 2
	}
	if x.between(x.marks, i) > 0 {
		bits |= 4
	}
	if x.between(x.verbs, i) > 0 {
		bits |= 8
	}
	if x.between(x.sents, i) > 0 {
		bits |= 16
	}
	f = append(f, F(fBetween).Int(dir).Int(bits), F(fBetween).Int(dir).Int(bits).Int(p),
		F(fCommaSeg).Int(dir).Int(min(int(x.between(x.commas, i)), 3)).Int(min(int(x.between(x.verbs, i)), 2)))
	// Quotation: inside one, which one, its marks.
	q := d.quoteOf[i]
	qrel := 0
	if q >= 0 {
		qrel = 1
		qa, qb := d.qtok[q][0], d.qtok[q][1]
		if qb <= x.c[0] && x.c[0]-qb <= 3 || qa >= x.c[1] && qa-x.c[1] <= 3 {
			qrel = 2 // the quotation next to the cue
		}
		if qa <= x.c[0] && x.c[1] <= qb {
			qrel = 3 // the cue is inside it
		}
		if i == qa {
			f = append(f, F(fMarkDir).Int(dir).Int(1).Int(qrel))
		} else if i == qb-1 {
			f = append(f, F(fMarkDir).Int(dir).Int(2).Int(qrel))
		}
	}
	f = append(f, F(fQuoteRel).Int(dir).Int(qrel), F(fQuoteRel).Int(dir).Int(qrel).Int(p))
	if x.cueInQ {
		f = append(f, F(fCueInQuote).Int(dir).Int(qrel))
	}
	// The rules' answer for this cue.
	r := 0
	switch {
	case x.ruleSrc[0] <= i && i < x.ruleSrc[1]:
		r = 1
		if i == x.ruleSrc[0] {
			r = 2
		}
	case inRanges(x.ruleCont, i):
		r = 3
		for _, c := range x.ruleCont {
			if c[0] == i {
				r = 4
			}
		}
	}
	f = append(f, F(fRule).Int(r), x.fRuleVia[r], F(fRule).Int(r).Int(dir).Int(p))
	switch {
	case i == x.c[1]:
		f = append(f, F(fFirstAfter).Int(wh))
	case i+1 == x.c[0]:
		f = append(f, F(fFirstAfter).Int(-1).Int(wh))
	}
	if i == x.w0 || i+1 == x.w1 {
		f = append(f, F(fSentEdge).Int(3).Int(dir).Int(i-x.w0))
	}
	return f
}
