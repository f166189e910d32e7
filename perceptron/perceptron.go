// Package perceptron is an averaged perceptron over hashed features, for
// classification and for first-order sequence labelling (Viterbi), with
// the structured-perceptron update of Collins (2002).
//
// Features are 64-bit hashes folded into a fixed table of 2^Bits rows, one
// weight per class per row (the hashing trick): no feature strings are
// kept, scoring a token is a handful of array reads, and a model is its
// table. Collisions cost a little accuracy and buy speed and size; the
// table is saved sparse and quantised, so a model file holds only the
// weights training touched.
package perceptron

import (
	"errors"
	"math"
	"sync"
)

// Feature is a hashed feature. Build one with NewFeature.
type Feature uint64

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// NewFeature starts a feature for template t (a small integer naming the
// kind of feature, so that the same string under two templates differs).
func NewFeature(t uint8) Feature {
	return Feature((fnvOffset ^ uint64(t)) * fnvPrime)
}

// Str mixes s into f.
func (f Feature) Str(s string) Feature {
	h := uint64(f)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	h ^= 0xff // separator, so ("ab","c") != ("a","bc")
	h *= fnvPrime
	return Feature(h)
}

// Lower mixes s into f as if it were lower-cased (ASCII letters only;
// other bytes as they are), without allocating.
func (f Feature) Lower(s string) Feature {
	h := uint64(f)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		h ^= uint64(c)
		h *= fnvPrime
	}
	h ^= 0xff
	h *= fnvPrime
	return Feature(h)
}

// Int mixes v into f: one multiply, as integer parts (tags, buckets,
// flags) are the most common parts of a feature.
func (f Feature) Int(v int) Feature {
	h := uint64(f) ^ uint64(v)*0x9E3779B97F4A7C15
	h *= fnvPrime
	return Feature(h)
}

// Row folds a feature into a table of 2^bits rows. The high bits of the
// FNV product mix best. Packages that lay out their own tables (tag) use
// it to find a feature's row.
func (f Feature) Row(bits uint) int {
	h := uint64(f)
	h ^= h >> 29
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 32
	return int(h >> (64 - bits))
}

// Model is a trained table of weights: Classes weights per row, and for
// sequence models a Classes x Classes transition matrix (previous class,
// class) with a start row.
type Model struct {
	Classes int
	Bits    uint
	W       []float32 // rows * Classes
	Trans   []float32 // (Classes+1) * Classes; row Classes is the start
	// scale is the quantisation step of a model read by Load: its
	// weights are multiples of it, and Save keeps it, so that saving a
	// loaded model gives back the same bytes. Zero for a trained model.
	scale float32
	// w16 holds W as multiples of scale, for a loaded model: half the
	// memory of W, so twice as much of the table stays in cache, which is
	// what scoring waits on.
	w16 []int16
}

// ErrModel is returned when a model file is not a model.
var ErrModel = errors.New("perceptron: bad model")

// New returns an empty model.
func New(classes int, bits uint) *Model {
	return &Model{Classes: classes, Bits: bits,
		W:     make([]float32, (1<<bits)*classes),
		Trans: make([]float32, (classes+1)*classes)}
}

// Quantized returns the 16-bit weights of a model read by Load, W as
// multiples of scale, row by row; nil for a model trained in this process
// and not saved. Callers must not modify them.
func (m *Model) Quantized() (w []int16, scale float32) { return m.w16, m.scale }

// Scores sets scores[c] to the sum of the weights of feats for class c.
func (m *Model) Scores(feats []Feature, scores []float32) {
	for c := range scores[:m.Classes] {
		scores[c] = 0
	}
	m.AddScores(feats, scores)
}

// AddScores adds to scores[c] the sum of the weights of feats for class c.
func (m *Model) AddScores(feats []Feature, scores []float32) {
	C := m.Classes
	if m.w16 != nil {
		// The cue and argument models have 3 and 5 classes: with the sums
		// in registers rather than an array, extracting PolNeAR takes a
		// tenth less CPU time.
		switch C {
		case 3:
			m.add3(feats, scores)
			return
		case 5:
			m.add5(feats, scores)
			return
		}
		var acc [16]int32
		if C <= len(acc) {
			for _, f := range feats {
				r := f.Row(m.Bits) * C
				for c, v := range m.w16[r : r+C] {
					acc[c] += int32(v)
				}
			}
			for c := 0; c < C; c++ {
				scores[c] += float32(acc[c]) * m.scale
			}
			return
		}
	}
	for _, f := range feats {
		r := f.Row(m.Bits) * C
		for c, v := range m.W[r : r+C] {
			scores[c] += v
		}
	}
}

func (m *Model) add3(feats []Feature, scores []float32) {
	var a0, a1, a2 int32
	w := m.w16
	for _, f := range feats {
		r := f.Row(m.Bits) * 3
		x := w[r : r+3 : r+3]
		a0 += int32(x[0])
		a1 += int32(x[1])
		a2 += int32(x[2])
	}
	scores[0] += float32(a0) * m.scale
	scores[1] += float32(a1) * m.scale
	scores[2] += float32(a2) * m.scale
}

func (m *Model) add5(feats []Feature, scores []float32) {
	var a0, a1, a2, a3, a4 int32
	w := m.w16
	for _, f := range feats {
		r := f.Row(m.Bits) * 5
		x := w[r : r+5 : r+5]
		a0 += int32(x[0])
		a1 += int32(x[1])
		a2 += int32(x[2])
		a3 += int32(x[3])
		a4 += int32(x[4])
	}
	scores[0] += float32(a0) * m.scale
	scores[1] += float32(a1) * m.scale
	scores[2] += float32(a2) * m.scale
	scores[3] += float32(a3) * m.scale
	scores[4] += float32(a4) * m.scale
}

// Predict returns the best class for feats.
func (m *Model) Predict(feats []Feature, scores []float32) int {
	m.Scores(feats, scores)
	best := 0
	for c := 1; c < m.Classes; c++ {
		if scores[c] > scores[best] {
			best = c
		}
	}
	return best
}

// viterbiScratch holds Viterbi's tables between calls: decoding runs for
// every sentence and every cue, and allocating them each time was a tenth
// of extraction's allocations.
type viterbiScratch struct {
	delta []float32
	back  []int32
	tr    []float32 // transitions by current class, then previous; -Inf where not allowed
}

var viterbiPool = sync.Pool{New: func() any { return new(viterbiScratch) }}

// Viterbi labels a sequence given its emission scores (n * Classes, row i
// for item i), writing the best labels into out (len n). allowed, when not
// nil, says which transitions (prev*Classes+cur, start as prev = Classes)
// are possible, e.g. no I- after O in BIO.
func (m *Model) Viterbi(emit []float32, n int, allowed []bool, out []int) {
	C := m.Classes
	if n == 0 {
		return
	}
	sc := viterbiPool.Get().(*viterbiScratch)
	defer viterbiPool.Put(sc)
	if cap(sc.delta) < n*C {
		sc.delta = make([]float32, n*C)
		sc.back = make([]int32, n*C)
	}
	delta, back := sc.delta[:n*C], sc.back[:n*C]
	neg := float32(math.Inf(-1))
	for c := 0; c < C; c++ {
		if allowed != nil && !allowed[C*C+c] {
			delta[c] = neg
			continue
		}
		delta[c] = emit[c] + m.Trans[C*C+c]
	}
	// The transitions into each class, read in order in the inner loop;
	// a forbidden one is -Inf, which never wins, as skipping it would.
	if cap(sc.tr) < C*C {
		sc.tr = make([]float32, C*C)
	}
	tr := sc.tr[:C*C]
	for c := 0; c < C; c++ {
		for p := 0; p < C; p++ {
			tr[c*C+p] = m.Trans[p*C+c]
			if allowed != nil && !allowed[p*C+c] {
				tr[c*C+p] = neg
			}
		}
	}
	for i := 1; i < n; i++ {
		prev, cur := delta[(i-1)*C:i*C], delta[i*C:(i+1)*C]
		for c := range cur {
			best, arg := neg, int32(0)
			for p, t := range tr[c*C : c*C+C] {
				if v := prev[p] + t; v > best {
					best, arg = v, int32(p)
				}
			}
			cur[c] = best + emit[i*C+c]
			back[i*C+c] = arg
		}
	}
	best := 0
	for c := 1; c < C; c++ {
		if delta[(n-1)*C+c] > delta[(n-1)*C+best] {
			best = c
		}
	}
	for i := n - 1; i >= 0; i-- {
		out[i] = best
		best = int(back[i*C+best])
	}
}
