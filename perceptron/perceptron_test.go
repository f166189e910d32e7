package perceptron

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"
)

func feats(words ...string) []Feature {
	var f []Feature
	for _, w := range words {
		f = append(f, NewFeature(1).Str(w))
	}
	return append(f, NewFeature(0)) // bias
}

// A separable pattern: the class is the word "said" or not.
func TestClassifierLearnsSeparable(t *testing.T) {
	tr := NewTrainer(2, 12)
	words := []string{"said", "told", "apple", "house", "blue", "said", "ran"}
	scores := make([]float32, 2)
	rng := rand.New(rand.NewPCG(1, 2))
	for epoch := 0; epoch < 50; epoch++ {
		for range words {
			w := words[rng.IntN(len(words))]
			gold := 0
			if w == "said" || w == "told" {
				gold = 1
			}
			tr.Train(feats(w, "x"+w), gold, scores)
		}
	}
	m := tr.Average()
	for _, w := range words {
		want := 0
		if w == "said" || w == "told" {
			want = 1
		}
		if got := m.Predict(feats(w, "x"+w), scores); got != want {
			t.Errorf("%s: got %d want %d", w, got, want)
		}
	}
}

// A sequence pattern that needs transitions: after A comes B.
func TestSequenceLearnsTransitions(t *testing.T) {
	tr := NewTrainer(3, 10)
	seqs := [][]string{{"x", "a", "y", "z"}, {"a", "y"}, {"q", "a", "y", "a", "y"}}
	label := func(s []string) []int {
		l := make([]int, len(s))
		for i, w := range s {
			if w == "a" {
				l[i] = 1
			} else if i > 0 && s[i-1] == "a" {
				l[i] = 2 // only the transition tells it
			}
		}
		return l
	}
	for epoch := 0; epoch < 20; epoch++ {
		for _, s := range seqs {
			var fs [][]Feature
			for _, w := range s {
				fs = append(fs, feats(w))
			}
			pred := make([]int, len(s))
			tr.TrainSeq(fs, label(s), nil, pred, make([]float32, len(s)*3))
		}
	}
	m := tr.Average()
	s := []string{"z", "a", "y", "x"}
	var emit []float32
	for _, w := range s {
		e := make([]float32, 3)
		m.Scores(feats(w), e)
		emit = append(emit, e...)
	}
	out := make([]int, len(s))
	m.Viterbi(emit, len(s), nil, out)
	want := label(s)
	for i := range want {
		if out[i] != want[i] {
			t.Fatalf("got %v want %v", out, want)
		}
	}
}

// TestSaveLoadRoundTrip checks that a loaded model scores as the one
// saved, for the class counts that have their own scoring code (3, 5)
// and one that does not (4).
func TestSaveLoadRoundTrip(t *testing.T) {
	for _, C := range []int{3, 4, 5} {
		tr := NewTrainer(C, 14)
		rng := rand.New(rand.NewPCG(3, 4))
		scores := make([]float32, C)
		for i := 0; i < 2000; i++ {
			w := string(rune('a' + rng.IntN(26)))
			tr.Train(feats(w, w+w), int(w[0])%C, scores)
		}
		m := tr.Average().Quantize()
		var a, b bytes.Buffer
		if err := m.Save(&a); err != nil {
			t.Fatal(err)
		}
		m2, err := Load(bytes.NewReader(a.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if err := m2.Save(&b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("%d classes: save, load, save gives other bytes", C)
		}
		s1, s2 := make([]float32, C), make([]float32, C)
		for c := 'a'; c <= 'z'; c++ {
			f := feats(string(c), string(c)+string(c))
			m.Scores(f, s1)
			m2.Scores(f, s2)
			for k := range s1 {
				if s1[k] != s2[k] {
					t.Fatalf("%d classes, %c: scores differ after round trip: %v %v", C, c, s1, s2)
				}
			}
			if m2.Predict(f, s2) != int(c)%C {
				t.Errorf("%d classes, %c: loaded model predicts %d, want %d", C, c, m2.Predict(f, s2), int(c)%C)
			}
		}
	}
}

func TestLoadRejectsGarbage(t *testing.T) {
	for _, in := range [][]byte{nil, []byte("hello"), bytes.Repeat([]byte{0xff}, 100)} {
		if _, err := Load(bytes.NewReader(in)); err == nil {
			t.Errorf("Load(%q) succeeded", in)
		}
	}
}

func FuzzLoad(f *testing.F) {
	var buf bytes.Buffer
	New(2, 4).Save(&buf)
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		Load(bytes.NewReader(b)) // must not panic
	})
}

func BenchmarkScores(b *testing.B) {
	m := New(5, 20)
	fs := feats("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t")
	scores := make([]float32, 5)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Scores(fs, scores)
	}
}

// TestViterbiExhaustive checks Viterbi against trying every label
// sequence, on random scores with some transitions forbidden.
func TestViterbiExhaustive(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := 0; trial < 200; trial++ {
		C, n := 2+rng.IntN(3), 1+rng.IntN(5)
		m := New(C, 4)
		for i := range m.Trans {
			m.Trans[i] = float32(rng.NormFloat64())
		}
		allowed := make([]bool, (C+1)*C)
		for i := range allowed {
			allowed[i] = rng.IntN(4) > 0
		}
		for c := 0; c < C; c++ {
			allowed[C*C+c], allowed[c*C+c] = true, true // some path always exists
		}
		emit := make([]float32, n*C)
		for i := range emit {
			emit[i] = float32(rng.NormFloat64())
		}
		got := make([]int, n)
		m.Viterbi(emit, n, allowed, got)

		best, bestSeq := float32(math.Inf(-1)), []int(nil)
		seq := make([]int, n)
		var try func(i int, score float32)
		try = func(i int, score float32) {
			if i == n {
				if score > best {
					best, bestSeq = score, append([]int(nil), seq...)
				}
				return
			}
			prev := C
			if i > 0 {
				prev = seq[i-1]
			}
			for c := 0; c < C; c++ {
				if !allowed[prev*C+c] {
					continue
				}
				seq[i] = c
				try(i+1, score+m.Trans[prev*C+c]+emit[i*C+c])
			}
		}
		try(0, 0)
		score := func(s []int) float32 {
			var v float32
			prev := C
			for i, c := range s {
				v += m.Trans[prev*C+c] + emit[i*C+c]
				prev = c
			}
			return v
		}
		prev := C
		for i, c := range got {
			if !allowed[prev*C+c] {
				t.Fatalf("trial %d: Viterbi %v takes a forbidden transition at %d", trial, got, i)
			}
			prev = c
		}
		if d := score(got) - best; d < -1e-4 || d > 1e-4 {
			t.Fatalf("trial %d (C=%d n=%d): Viterbi %v scores %v, best %v scores %v", trial, C, n, got, score(got), bestSeq, best)
		}
	}
}
