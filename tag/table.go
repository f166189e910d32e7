package tag

import (
	"math"

	"github.com/saywho/saywho/perceptron"
)

// table is a perceptron model compacted for tagging: only the rows that
// hold a weight, as 16-bit integers, found through a direct index. The
// dense float table of package perceptron (tens of megabytes for 45 part
// of speech classes) does not stay in cache; this one mostly does, and
// scoring a feature is one index read and one short row.
type table struct {
	bits    uint
	classes int
	index   []int32 // row -> offset into w, or -1; nil when w is dense
	w       []int16
	scale   float32
}

// denseMax is the largest table kept dense, in bytes: one cache miss per
// feature instead of two (index, then row).
var denseMax = 8 << 20

func compact(m *perceptron.Model) *table {
	C := m.Classes
	rows := len(m.W) / C
	q, qscale := m.Quantized()
	var maxAbs float32
	if q != nil {
		// W is q times qscale: its largest weight is the largest of q's,
		// found without converting ten million floats.
		var mq int16
		for _, v := range q {
			mq = max(mq, v, -v)
		}
		maxAbs = float32(mq) * qscale
	} else {
		for _, v := range m.W {
			maxAbs = max(maxAbs, v, -v)
		}
	}
	scale := maxAbs / 32767
	if scale == 0 {
		scale = 1
	}
	// quant is a weight in steps of scale. For a loaded model, scale is
	// qscale to within a rounding and the steps are q's own.
	quant := func(i int) int16 {
		if q != nil {
			return q[i]
		}
		return int16(math.Round(float64(m.W[i] / scale)))
	}
	t := &table{bits: m.Bits, classes: C, scale: scale}
	if rows*C*2 <= denseMax {
		if q != nil {
			t.w = q
			return t
		}
		t.w = make([]int16, rows*C)
		for i := range m.W {
			t.w[i] = quant(i)
		}
		return t
	}
	t.index = make([]int32, rows)
	for r := 0; r < rows; r++ {
		t.index[r] = -1
		nz := false
		for i := r * C; i < r*C+C; i++ {
			if quant(i) != 0 {
				nz = true
				break
			}
		}
		if !nz {
			continue
		}
		t.index[r] = int32(len(t.w))
		for i := r * C; i < r*C+C; i++ {
			t.w = append(t.w, quant(i))
		}
	}
	return t
}

// add adds the weights of feats to scores (at least t.classes long) and
// returns the best class.
func (t *table) add(feats []perceptron.Feature, scores []int32) int {
	C := t.classes
	scores = scores[:C]
	if t.index == nil {
		for _, f := range feats {
			o := f.Row(t.bits) * C
			ws := t.w[o : o+C]
			ws = ws[:len(scores)]
			for c := range scores {
				scores[c] += int32(ws[c])
			}
		}
		return argmax(scores)
	}
	for _, f := range feats {
		o := t.index[f.Row(t.bits)]
		if o < 0 {
			continue
		}
		ws := t.w[o : int(o)+C]
		ws = ws[:len(scores)]
		for c := range scores {
			scores[c] += int32(ws[c])
		}
	}
	return argmax(scores)
}

func argmax(scores []int32) int {
	best := 0
	for c := 1; c < len(scores); c++ {
		if scores[c] > scores[best] {
			best = c
		}
	}
	return best
}

// addOnly scores only the candidate classes cands, starting from base
// (the scores of all classes so far), and returns the best of them.
// scores is scratch of at least t.classes.
func (t *table) addOnly(feats []perceptron.Feature, base []int32, cands []uint8, scores []int32) int {
	C := t.classes
	for _, c := range cands {
		scores[c] = base[c]
	}
	for _, f := range feats {
		var ws []int16
		if t.index == nil {
			o := f.Row(t.bits) * C
			ws = t.w[o : o+C]
		} else {
			o := t.index[f.Row(t.bits)]
			if o < 0 {
				continue
			}
			ws = t.w[o : int(o)+C]
		}
		for _, c := range cands {
			scores[c] += int32(ws[c])
		}
	}
	best := int(cands[0])
	for _, c := range cands[1:] {
		if scores[c] > scores[best] {
			best = int(c)
		}
	}
	return best
}
