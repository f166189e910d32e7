package extract

import (
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"sync"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/perceptron"
)

// Example is one annotated article to learn from.
type Example struct {
	Article *saywho.Article
	Gold    []GoldAttribution
}

// GoldAttribution is one annotated attribution: spans in code points into
// the article's text. Content may be in several pieces; Cue and Source
// may be empty.
type GoldAttribution struct {
	Content, Cue, Source []saywho.Span
}

// TrainOptions control training. The zero value trains the shipped model.
type TrainOptions struct {
	CueEpochs, ArgEpochs int    // passes over the data (default 8 and 10)
	Seed                 uint64 // shuffling seed (default 1)
	Log                  io.Writer
}

// example is an Example prepared for training: its doc, rule
// attributions, and gold spans in token ranges.
type example struct {
	d       *doc
	rules   []attribution
	ruleCue []bool     // tokens of rule cues
	cues    [][2]int   // gold cue token ranges
	args    []goldArgs // one per gold attribution with a cue
	gold    []goldArgs // every gold attribution, cue or not
}

type goldArgs struct {
	cue     [2]int
	source  [][2]int
	content [][2]int
}

// tokenRange returns the tokens overlapping code point span s, or an empty
// range.
func (d *doc) tokenRange(s saywho.Span) [2]int {
	b0, b1 := d.rt.Byte(s.Start), d.rt.Byte(s.End)
	a := d.tokenAt(b0)
	if a < 0 || int(d.toks[a].Start) >= b1 {
		return [2]int{}
	}
	b := a
	for b < len(d.toks) && int(d.toks[b].Start) < b1 {
		b++
	}
	return [2]int{a, b}
}

func (x *Extractor) prepare(ex Example) *example {
	d := x.analyse(ex.Article)
	e := &example{d: d, rules: d.ruleAttributions()}
	e.ruleCue = ruleCueMask(len(d.toks), e.rules)
	for _, g := range ex.Gold {
		var ga goldArgs
		for _, c := range g.Cue {
			if r := d.cueHead(d.tokenRange(c)); r[1] > r[0] {
				e.cues = append(e.cues, r)
				if ga.cue[1] == 0 {
					ga.cue = r
				}
			}
		}
		for _, s := range g.Source {
			if r := d.tokenRange(s); r[1] > r[0] {
				ga.source = append(ga.source, r)
			}
		}
		for _, s := range g.Content {
			if r := d.tokenRange(s); r[1] > r[0] {
				ga.content = append(ga.content, r)
			}
		}
		e.gold = append(e.gold, ga)
		if ga.cue[1] == 0 {
			continue
		}
		e.args = append(e.args, ga)
	}
	return e
}

// Train learns the cue and argument models from examples. Training is
// deterministic: the same examples and options give the same model, byte
// for byte.
func (x *Extractor) Train(examples []Example, opts TrainOptions) (*Model, error) {
	if opts.CueEpochs == 0 {
		opts.CueEpochs = 8
	}
	if opts.ArgEpochs == 0 {
		opts.ArgEpochs = 10
	}
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	logf := func(format string, a ...any) {
		if opts.Log != nil {
			fmt.Fprintf(opts.Log, format+"\n", a...)
		}
	}
	// Prepare in parallel; each result lands at its own index, so the
	// order (and the model) does not depend on scheduling.
	exs := make([]*example, len(examples))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				exs[i] = x.prepare(examples[i])
			}
		}()
	}
	for i := range examples {
		next <- i
	}
	close(next)
	wg.Wait()
	logf("prepared %d articles", len(exs))

	cue := trainCues(exs, opts, logf)
	args := trainArgs(exs, opts, logf)
	calib := calibrate(exs, opts, logf)
	return &Model{Cue: cue.Quantize(), Args: args.Quantize(), Calib: calib}, nil
}

// calibrate fits the confidence on statements predicted for training
// articles by models trained on the other half of them. A statement is
// right when its content matches an annotated one (character Jaccard >=
// 0.5, on tokens here) and its source overlaps that one's source, or the
// annotation has none.
func calibrate(exs []*example, opts TrainOptions, logf func(string, ...any)) []float64 {
	var xs [][]float64
	var ys []float64
	for fold := 0; fold < 2; fold++ {
		var rest []*example
		for i, e := range exs {
			if i%2 != fold {
				rest = append(rest, e)
			}
		}
		quiet := func(string, ...any) {}
		m := &Model{Cue: trainCues(rest, opts, quiet).Quantize(), Args: trainArgs(rest, opts, quiet).Quantize()}
		for i, e := range exs {
			if i%2 != fold {
				continue
			}
			d := e.d
			atts := dedupe(union(d.modelAttributions(m, e.rules), e.rules))
			refs := d.resolveSpeakers(atts)
			for k := range atts {
				a := &atts[k]
				if len(a.content) == 0 {
					continue
				}
				right := 0.0
				for _, g := range e.gold {
					if overlapJaccard(a.content, g.content) >= 0.5 && (len(g.source) == 0 || a.hasSource() && overlapsAny(a.source, g.source)) {
						right = 1
						break
					}
				}
				xs = append(xs, confFeatures(a, refs[k], d.kind(a)))
				ys = append(ys, right)
			}
		}
	}
	w := fitLogistic(xs, ys)
	logf("calibration: %d statements, weights %.3f", len(xs), w)
	return w
}

// overlapJaccard returns the Jaccard index of the tokens of two sets of
// ranges.
func overlapJaccard(a, b [][2]int) float64 {
	in, na, nb := 0, 0, 0
	for _, x := range a {
		na += x[1] - x[0]
		for _, y := range b {
			lo, hi := max(x[0], y[0]), min(x[1], y[1])
			if lo < hi {
				in += hi - lo
			}
		}
	}
	for _, y := range b {
		nb += y[1] - y[0]
	}
	if na+nb-in == 0 {
		return 0
	}
	return float64(in) / float64(na+nb-in)
}

type sentRef struct{ ex, s int }

func trainCues(exs []*example, opts TrainOptions, logf func(string, ...any)) *perceptron.Model {
	var refs []sentRef
	for ei, e := range exs {
		for si := range e.d.sents {
			refs = append(refs, sentRef{ei, si})
		}
	}
	tr := perceptron.NewTrainer(cueClasses, cueBits)
	var (
		feats [][]perceptron.Feature
		gold  []int
		pred  []int
		emit  []float32
	)
	for epoch := 0; epoch < opts.CueEpochs; epoch++ {
		rng := rand.New(rand.NewPCG(opts.Seed, uint64(epoch)))
		rng.Shuffle(len(refs), func(i, j int) { refs[i], refs[j] = refs[j], refs[i] })
		wrong, total := 0, 0
		for _, r := range refs {
			e := exs[r.ex]
			d := e.d
			s := d.sents[r.s]
			s0, s1 := int(s.Start), int(s.End)
			L := s1 - s0
			ruleCue := e.ruleCue
			feats = feats[:0]
			for i := s0; i < s1; i++ {
				feats = append(feats, d.cueFeatures(i, s0, s1, ruleCue, nil))
			}
			gold = growInt(gold, L)
			for k := range gold {
				gold[k] = cueO
			}
			for _, c := range e.cues {
				if c[0] >= s0 && c[0] < s1 {
					gold[c[0]-s0] = cueB
					for k := c[0] + 1; k < min(c[1], s1); k++ {
						gold[k-s0] = cueI
					}
				}
			}
			pred = growInt(pred, L)
			emit = grow(emit, L*cueClasses)
			wrong += tr.TrainSeq(feats, gold, cueAllowed, pred, emit)
			total += L
		}
		logf("cue epoch %d: %d of %d tokens wrong", epoch+1, wrong, total)
	}
	return tr.Average()
}

// ruleCueMask marks the tokens of the rule cues.
func ruleCueMask(n int, rules []attribution) []bool {
	m := make([]bool, n)
	for _, a := range rules {
		for k := a.cue[0]; k < a.cue[1]; k++ {
			m[k] = true
		}
	}
	return m
}

// argRef is a training instance of the argument model: gold attribution a
// of example ex.
type argRef struct{ ex, a int }

func trainArgs(exs []*example, opts TrainOptions, logf func(string, ...any)) *perceptron.Model {
	var refs []argRef
	for ei, e := range exs {
		for ai := range e.args {
			refs = append(refs, argRef{ei, ai})
		}
	}
	tr := perceptron.NewTrainer(argClasses, argBits)
	var (
		gold []int
		pred []int
		emit []float32
	)
	for epoch := 0; epoch < opts.ArgEpochs; epoch++ {
		rng := rand.New(rand.NewPCG(opts.Seed, 1000+uint64(epoch)))
		rng.Shuffle(len(refs), func(i, j int) { refs[i], refs[j] = refs[j], refs[i] })
		wrong, total := 0, 0
		for _, r := range refs {
			e := exs[r.ex]
			g := e.args[r.a]
			x := e.d.newArgContext(g.cue, ruleFor(e.rules, g.cue))
			L := x.w1 - x.w0
			feats := make([][]perceptron.Feature, L)
			for k := 0; k < L; k++ {
				i := x.w0 + k
				dir, _ := x.argDir(i)
				feats[k] = e.d.argCueFeatures(x, i, e.d.argTokenFeatures(i, dir, nil))
			}
			gold = growInt(gold, L)
			for k := range gold {
				gold[k] = argO
			}
			label := func(rs [][2]int, b, in int) {
				for _, rg := range rs {
					a0, a1 := max(rg[0], x.w0), min(rg[1], x.w1)
					for k := a0; k < a1; k++ {
						if k == a0 {
							gold[k-x.w0] = b
						} else {
							gold[k-x.w0] = in
						}
					}
				}
			}
			label(g.content, argBC, argIC)
			label(g.source, argBS, argIS)
			pred = growInt(pred, L)
			emit = grow(emit, L*argClasses)
			wrong += tr.TrainSeq(feats, gold, argAllowed, pred, emit)
			total += L
		}
		logf("argument epoch %d: %d of %d tokens wrong", epoch+1, wrong, total)
	}
	return tr.Average()
}

// cueHead trims the auxiliaries, negations and adverbs that open an
// annotated cue ("has said", "did not respond", "is widely expected"):
// the models learn and predict a cue by the word that carries it, which
// is what a cue means, and keeps "has said" and "said" one pattern.
func (d *doc) cueHead(r [2]int) [2]int {
	for r[1]-r[0] > 1 && (auxWords[d.lower[r[0]]] || d.is(r[0], cAdv|cModal)) {
		r[0]++
	}
	return r
}

func overlapsAny(c [2]int, rs [][2]int) bool {
	for _, r := range rs {
		if c[0] < r[1] && r[0] < c[1] {
			return true
		}
	}
	return false
}
