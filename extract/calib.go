package extract

import (
	"encoding/json"
	"fmt"
	"math"

	saywho "github.com/saywho/saywho"
)

// A statement's confidence is a calibrated probability that its content
// and its speaker are both right, as PolNeAR's annotators would judge
// them: a logistic regression over what the pipeline knows of each
// decision (the models' margins, who decided, how the speaker was
// resolved, the kind). Its weights are fitted by saywho train on
// predictions for training articles made by models that did not see them
// (two folds), so that the margins are those of unseen text; they are
// stored beside the models (model/calib.json).

// confFeatures describes one statement for the calibration.
func confFeatures(a *attribution, r speakerRef, kind saywho.Kind) []float64 {
	b := func(v bool) float64 {
		if v {
			return 1
		}
		return 0
	}
	squash := func(m float32) float64 { return math.Tanh(float64(m) / 40) }
	model := a.cueMargin != 0 || a.contMargin != 0
	n := 0
	for _, c := range a.content {
		n += c[1] - c[0]
	}
	return []float64{
		1,
		squash(a.cueMargin),
		squash(a.contMargin),
		b(a.hasSource()),
		squash(a.srcMargin),
		r.conf,
		b(r.typ == saywho.Unknown || r.typ == ""),
		b(kind == saywho.Direct),
		b(kind == saywho.Mixed),
		b(a.ruleAgrees),
		b(!model), // a rule attribution the models did not make
		math.Log1p(float64(n)) / 4,
		b(len(a.content) > 1),
	}
}

func calibrated(w, x []float64) float64 {
	z := 0.0
	for i := range x {
		if i < len(w) {
			z += w[i] * x[i]
		}
	}
	return 1 / (1 + math.Exp(-z))
}

// fitLogistic fits weights to (x, y) by full-batch gradient descent with
// a little L2: deterministic, and quick for a dozen features.
func fitLogistic(xs [][]float64, ys []float64) []float64 {
	if len(xs) == 0 {
		return nil
	}
	w := make([]float64, len(xs[0]))
	g := make([]float64, len(w))
	const rate, l2 = 0.5, 1e-4
	for it := 0; it < 3000; it++ {
		for j := range g {
			g[j] = l2 * w[j]
		}
		for i, x := range xs {
			p := calibrated(w, x)
			for j := range x {
				g[j] += (p - ys[i]) * x[j] / float64(len(xs))
			}
		}
		for j := range w {
			w[j] -= rate * g[j]
		}
	}
	return w
}

// calibration file: the weights with the names of their features, so a
// reader can see what the confidence weighs.
type calibFile struct {
	Features []string  `json:"features"`
	Weights  []float64 `json:"weights"`
}

var confFeatureNames = []string{"bias", "cue margin", "content margin", "has source", "source margin",
	"speaker resolution", "unknown speaker", "direct", "mixed", "rules agree", "rules alone", "log length", "several parts"}

func marshalCalib(w []float64) ([]byte, error) {
	return json.MarshalIndent(calibFile{Features: confFeatureNames, Weights: w}, "", " ")
}

func unmarshalCalib(b []byte) ([]float64, error) {
	var c calibFile
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("calibration: %w", err)
	}
	if len(c.Weights) != len(confFeatureNames) {
		return nil, fmt.Errorf("calibration has %d weights, want %d", len(c.Weights), len(confFeatureNames))
	}
	for _, v := range c.Weights {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("calibration: weight %v", v)
		}
	}
	return c.Weights, nil
}
