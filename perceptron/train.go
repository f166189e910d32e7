package perceptron

// Trainer updates a Model by the averaged perceptron rule. Averaging is
// lazy: each weight remembers when it last changed, so an update costs
// the features it touches, not the table.
type Trainer struct {
	M     *Model
	acc   []float64 // summed weights over time, for averaging
	stamp []int32   // step at which each weight was last brought up to date
	tacc  []float64
	tstmp []int32
	step  int32
}

// NewTrainer starts training an empty model.
func NewTrainer(classes int, bits uint) *Trainer {
	m := New(classes, bits)
	return &Trainer{M: m, acc: make([]float64, len(m.W)), stamp: make([]int32, len(m.W)),
		tacc: make([]float64, len(m.Trans)), tstmp: make([]int32, len(m.Trans))}
}

// Tick advances the clock by one example. Call it once per example (or
// per sequence), updates or not: the average weighs weights by how long
// they stood.
func (t *Trainer) Tick() { t.step++ }

func (t *Trainer) bump(i int, d float32) {
	t.acc[i] += float64(t.step-t.stamp[i]) * float64(t.M.W[i])
	t.stamp[i] = t.step
	t.M.W[i] += d
}

func (t *Trainer) bumpTrans(i int, d float32) {
	t.tacc[i] += float64(t.step-t.tstmp[i]) * float64(t.M.Trans[i])
	t.tstmp[i] = t.step
	t.M.Trans[i] += d
}

// Update moves weight d onto class c for feats.
func (t *Trainer) Update(feats []Feature, c int, d float32) {
	C := t.M.Classes
	for _, f := range feats {
		t.bump(f.Row(t.M.Bits)*C+c, d)
	}
}

// Train makes one classification step: when the gold class does not
// strictly outscore every other, move the weights from the strongest rival
// to the gold class. A tie counts as an error, so untouched features do
// not stay at a tie the bias happens to break. It returns the prediction
// before the update.
func (t *Trainer) Train(feats []Feature, gold int, scores []float32) int {
	t.Tick()
	p := t.M.Predict(feats, scores)
	rival := -1
	for c := 0; c < t.M.Classes; c++ {
		if c != gold && (rival < 0 || scores[c] > scores[rival]) {
			rival = c
		}
	}
	if rival >= 0 && scores[rival] >= scores[gold] {
		t.Update(feats, gold, 1)
		t.Update(feats, rival, -1)
	}
	return p
}

// TrainSeq makes one structured step on a sequence: feats[i] are the
// features of item i, gold its labels. It decodes with the current
// weights and, where the decoding differs, rewards the gold path and
// penalises the predicted one (emissions and transitions). It returns the
// number of items labelled wrong.
func (t *Trainer) TrainSeq(feats [][]Feature, gold []int, allowed []bool, pred []int, emit []float32) int {
	t.Tick()
	n := len(gold)
	C := t.M.Classes
	for i := 0; i < n; i++ {
		t.M.Scores(feats[i], emit[i*C:i*C+C])
	}
	t.M.Viterbi(emit, n, allowed, pred)
	wrong := 0
	for i := 0; i < n; i++ {
		if pred[i] != gold[i] {
			wrong++
			t.Update(feats[i], gold[i], 1)
			t.Update(feats[i], pred[i], -1)
		}
		gp, pp := C, C
		if i > 0 {
			gp, pp = gold[i-1], pred[i-1]
		}
		if gp != pp || gold[i] != pred[i] {
			t.bumpTrans(gp*C+gold[i], 1)
			t.bumpTrans(pp*C+pred[i], -1)
		}
	}
	return wrong
}

// Average returns the averaged model, the one to keep. The trainer can go
// on training after it.
func (t *Trainer) Average() *Model {
	m := &Model{Classes: t.M.Classes, Bits: t.M.Bits, W: make([]float32, len(t.M.W)), Trans: make([]float32, len(t.M.Trans))}
	if t.step == 0 {
		return m
	}
	for i, w := range t.M.W {
		a := t.acc[i] + float64(t.step-t.stamp[i])*float64(w)
		m.W[i] = float32(a / float64(t.step))
	}
	for i, w := range t.M.Trans {
		a := t.tacc[i] + float64(t.step-t.tstmp[i])*float64(w)
		m.Trans[i] = float32(a / float64(t.step))
	}
	return m
}
