package extract

import (
	"math"

	"github.com/saywho/saywho/perceptron"
)

// modelAttributions finds attributions with the learned models: cues by
// the cue model over each sentence, then source and content by the
// argument model over each cue's window. rules are the rule pipeline's
// attributions, given to both models as features.
func (d *doc) modelAttributions(m *Model, rules []attribution) []attribution {
	ruleCue := ruleCueMask(len(d.toks), rules)
	var out []attribution
	var cues [][2]int
	var margins []float32
	for _, s := range d.sents {
		cues, margins = d.decodeCues(m.Cue, int(s.Start), int(s.End), ruleCue, cueBias, cues[:0], margins[:0])
		for k, c := range cues {
			if a, ok := d.modelArguments(m, c, rules); ok {
				// Content before its attribution ("Content, X said.",
				// "“Quote,” said X") is the rules' strength: on
				// polnear-dev they place it right 90% of the time (83%
				// exactly), the argument model 69% (50%). Their content
				// stands there; the model keeps the source and the cue.
				r := ruleFor(rules, c)
				if r != nil && !ablation.noRuleContent && (r.via == "final" || r.via == "final-prev") {
					a.content = r.content
					a.via = "model+" + r.via
				}
				// Where the model finds no source, the rules' stands.
				if !a.hasSource() && r != nil && r.hasSource() && !ablation.noRuleSource {
					a.source = r.source
				}
				a.ruleAgrees = r != nil && samePieces(r.content, a.content)
				if !ablation.noCircumstantial && d.circumstantial(a) {
					continue
				}
				if e := d.cueEnd(a.cue[1]-1, len(d.toks)); e > a.cue[1] && !overlapsAny([2]int{a.cue[1], e}, append(a.content, a.source)) {
					a.cue[1] = e // "told" -> "told reporters"
				}
				a.source = d.balanced(a.source)
				a.cueMargin = margins[k]
				a.score = sigmoid(float64(margins[k])) * a.score
				out = append(out, a)
			}
		}
	}
	return d.continueQuotes(out)
}

// decodeCues labels sentence [s0, s1) with the cue model and appends the
// cues found, with the margin of each cue's first token over O. bias is
// added to the score of beginning a cue.
func (d *doc) decodeCues(m *perceptron.Model, s0, s1 int, ruleCue []bool, bias float32, dst [][2]int, margins []float32) ([][2]int, []float32) {
	L := s1 - s0
	if L <= 0 {
		return dst, margins
	}
	d.emit, d.labs = grow(d.emit, L*cueClasses), growInt(d.labs, L)
	emit, labs := d.emit, d.labs
	for k := 0; k < L; k++ {
		d.flat = d.cueFeatures(s0+k, s0, s1, ruleCue, d.flat[:0])
		m.Scores(d.flat, emit[k*cueClasses:(k+1)*cueClasses])
		emit[k*cueClasses+cueB] += bias
	}
	m.Viterbi(emit, L, cueAllowed, labs)
	for k := 0; k < L; k++ {
		if labs[k] != cueB {
			continue
		}
		e := k + 1
		for e < L && labs[e] == cueI {
			e++
		}
		dst = append(dst, [2]int{s0 + k, s0 + e})
		margins = append(margins, emit[k*cueClasses+cueB]-emit[k*cueClasses+cueO])
	}
	return dst, margins
}

// argTokenScores returns the scores of token i's cue-independent argument
// features on side dir of a cue, computed once per document.
func (d *doc) argTokenScores(m *perceptron.Model, i, dir int) []float32 {
	if d.argTok == nil || d.argTokModel != m {
		d.argTok = make([]float32, len(d.toks)*3*argClasses)
		d.argTokDone = make([]uint8, len(d.toks))
		d.argTokModel = m
	}
	o := (i*3 + dir) * argClasses
	s := d.argTok[o : o+argClasses]
	if d.argTokDone[i]&(1<<dir) == 0 {
		d.feats = d.argTokenFeatures(i, dir, d.feats[:0])
		m.Scores(d.feats, s)
		d.argTokDone[i] |= 1 << dir
	}
	return s
}

// circumstantial reports a participle after a comma whose object is a
// thing, not words: "..., Peskov said, answering the question of how",
// "commenting on reports about". PolNeAR marks some of these; a reader
// of statements does not want the question asked reported as the
// speaker's statement.
func (d *doc) circumstantial(a attribution) bool {
	c := a.cue[0]
	if !d.is(c, cGerund) || c == 0 || !d.isPunct(c-1, ",") || len(a.content) == 0 {
		return false
	}
	switch cueForms[d.lower[c]] {
	case "say", "add", "tell", "note", "argue", "claim", "insist", "warn", "explain", "stress", "emphasize", "emphasise", "suggest":
		return false
	}
	// What follows the participle is its object, even where the content
	// also takes in a quotation before it ("“...,” Peskov said,
	// answering the question of how").
	f := a.content[0][0]
	for _, p := range a.content {
		if p[0] > c {
			f = p[0]
			break
		}
	}
	return d.is(f, cDet|cNoun|cPossPro) && d.quoteOpening(f) < 0
}

// ruleFor returns the rule attribution whose cue overlaps c, if any.
func ruleFor(rules []attribution, c [2]int) *attribution {
	for i := range rules {
		if rules[i].cue[0] < c[1] && c[0] < rules[i].cue[1] {
			return &rules[i]
		}
	}
	return nil
}

// modelArguments labels the window of cue c with the argument model.
func (d *doc) modelArguments(m *Model, c [2]int, rules []attribution) (attribution, bool) {
	x := d.newArgContext(c, ruleFor(rules, c))
	L := x.w1 - x.w0
	if L <= 0 {
		return attribution{}, false
	}
	d.emit, d.labs = grow(d.emit, L*argClasses), growInt(d.labs, L)
	emit, labs := d.emit, d.labs
	for k := 0; k < L; k++ {
		i := x.w0 + k
		dir, _ := x.argDir(i)
		e := emit[k*argClasses : (k+1)*argClasses]
		copy(e, d.argTokenScores(m.Args, i, dir))
		d.flat = d.argCueFeatures(x, i, d.flat[:0])
		m.Args.AddScores(d.flat, e)
	}
	m.Args.Viterbi(emit, L, argAllowed, labs)
	a := attribution{cue: c, via: "model"}
	bestSrc := -1
	var srcConf float64 = 1
	for k := 0; k < L; {
		switch labs[k] {
		case argBS, argBC:
			e := k + 1
			in := argIS
			if labs[k] == argBC {
				in = argIC
			}
			for e < L && labs[e] == in {
				e++
			}
			r := [2]int{x.w0 + k, x.w0 + e}
			if labs[k] == argBC {
				a.content = append(a.content, r)
			} else {
				dist := abs(r[0] - c[0])
				if bestSrc < 0 || dist < bestSrc {
					bestSrc = dist
					a.source = r
					a.srcMargin = emit[k*argClasses+argBS] - emit[k*argClasses+argO]
					srcConf = sigmoid(float64(a.srcMargin))
				}
			}
			k = e
		default:
			k++
		}
	}
	if len(a.content) == 0 {
		return a, false
	}
	// Confidence of the content: the margin of its first label.
	k := a.content[0][0] - x.w0
	a.contMargin = emit[k*argClasses+argBC] - emit[k*argClasses+argO]
	contConf := sigmoid(float64(a.contMargin))
	a.score = contConf
	if a.hasSource() {
		a.score *= 0.5 + 0.5*srcConf
	}
	return a, true
}

// cueBias is added to the score of beginning a cue: the perceptron is
// trained for accuracy over tokens, where cues are rare, and a bias tuned
// on polnear-dev trades some of its precision for recall.
var cueBias float32 = 0

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x/4)) }

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func grow(b []float32, n int) []float32 {
	if cap(b) < n {
		return make([]float32, n)
	}
	return b[:n]
}

func growInt(b []int, n int) []int {
	if cap(b) < n {
		return make([]int, n)
	}
	return b[:n]
}

// balanced returns the range r with its brackets balanced: a closing
// bracket right after it joins it ("(SVR" -> "(SVR)"), a dangling opening
// one at its end leaves it.
func (d *doc) balanced(r [2]int) [2]int {
	if r[1] <= r[0] {
		return r
	}
	open := 0
	for i := r[0]; i < r[1]; i++ {
		switch {
		case d.isPunct(i, "("):
			open++
		case d.isPunct(i, ")"):
			open--
		}
	}
	switch {
	case open > 0 && d.isPunct(r[1], ")"):
		r[1]++
	case open > 0 && d.isPunct(r[1]-1, "("):
		r[1]--
	}
	return r
}

func samePieces(a, b [][2]int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
