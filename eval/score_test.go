package eval

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	saywho "github.com/saywho/saywho"
)

const example = "../testdata/briefing-2024-11-29.gold.jsonl"

func readAll(t *testing.T, path string) []*Doc {
	t.Helper()
	var docs []*Doc
	if err := ReadGold(path, func(d *Doc) error { docs = append(docs, d); return nil }); err != nil {
		t.Fatal(err)
	}
	return docs
}

// fromGold turns gold quotes into predictions, so a perfect prediction
// must score 1.
func fromGold(d *Doc) *saywho.Record {
	r := &saywho.Record{ID: d.Key()}
	for _, q := range d.Quotes {
		if len(q.Content) == 0 {
			continue
		}
		s := saywho.StatementRecord{Kind: saywho.Kind(q.GoldKind()), Start: q.Content[0].Start, End: q.Content[len(q.Content)-1].End}
		if len(q.Content) > 1 {
			for _, c := range q.Content {
				s.Parts = append(s.Parts, saywho.Span{Start: c.Start, End: c.End})
			}
		}
		s.Speaker.Name = q.SpeakerName
		if len(q.SpeakerMention) > 0 {
			m := q.SpeakerMention[0]
			s.Speaker.Mention = &saywho.SpanText{Start: m.Start, End: m.End}
		}
		if len(q.Cue) > 0 {
			s.Cue = &saywho.SpanText{Start: q.Cue[0].Start, End: q.Cue[0].End}
		}
		r.Statements = append(r.Statements, s)
	}
	return r
}

func TestPerfectPredictionScoresOne(t *testing.T) {
	var sc Scores
	for _, d := range readAll(t, example) {
		sc.Add(d, fromGold(d))
	}
	m := sc.Summary()
	if m.AttrF1 != 1 || m.ContentF1 != 1 || m.ExactF1 != 1 || m.SpeakerAcc != 1 || m.CueAcc != 1 || m.ScareReported != 0 {
		t.Errorf("perfect prediction scored %+v", m)
	}
	if m.Gold != 22 || m.ScareTotal != 2 {
		t.Errorf("example has %d statements and %d scare quotes, want 22 and 2", m.Gold, m.ScareTotal)
	}
}

func TestMissingAndScare(t *testing.T) {
	docs := readAll(t, example)
	var sc Scores
	// No prediction at all, then a prediction of both scare quotes only.
	sc.Add(docs[0], nil)
	r := &saywho.Record{ID: docs[0].Key()}
	for _, ns := range docs[0].NotStatements {
		i := strings.Index(docs[0].Text, ns.Text)
		start := len([]rune(docs[0].Text[:i]))
		r.Statements = append(r.Statements, saywho.StatementRecord{Kind: saywho.Direct, Start: start - 1, End: start + len([]rune(ns.Text)) + 1})
	}
	sc.Add(docs[0], r)
	m := sc.Summary()
	if m.MissingDocs != 1 || m.ScareReported != 2 || m.AttrF1 != 0 {
		t.Errorf("got %+v", m)
	}
}

// TestAgreesWithReferenceScorer scores noisy predictions with this package
// and with ../shared/tools/score.py and checks they agree to the third
// decimal.
func TestAgreesWithReferenceScorer(t *testing.T) {
	script := "../../shared/tools/score.py"
	if _, err := os.Stat(script); err != nil {
		t.Skip("reference scorer ../shared/tools/score.py not present")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not installed")
	}
	golds := []string{example}
	if _, err := os.Stat("../../shared/eval/polnear-dev.jsonl"); err == nil {
		golds = append(golds, "../../shared/eval/polnear-dev.jsonl")
	} else {
		t.Log("../shared/eval/polnear-dev.jsonl absent: checking on the example only")
	}
	rng := rand.New(rand.NewPCG(7, 11))
	for _, gold := range golds {
		docs := readAll(t, gold)
		var sc Scores
		var buf bytes.Buffer
		for i, d := range docs {
			r := fromGold(d)
			n := len([]rune(d.Text))
			// Perturb: shift spans, drop statements, move mentions, add
			// junk, leave some documents out.
			if i%7 == 3 {
				sc.Add(d, nil) // missing from the output
				continue
			}
			var kept []saywho.StatementRecord
			for _, s := range r.Statements {
				switch rng.IntN(6) {
				case 0:
					continue
				case 1:
					s.Start += rng.IntN(20)
					s.Parts = nil
				case 2:
					s.End -= rng.IntN(15)
					s.Parts = nil
				case 3:
					if s.Speaker.Mention != nil {
						s.Speaker.Mention.Start += 40
						s.Speaker.Mention.End += 40
					}
					s.Speaker.Name = "Someone Else"
				case 4:
					s.Cue = nil
				}
				kept = append(kept, s)
			}
			if n > 10 {
				a := rng.IntN(n - 5)
				kept = append(kept, saywho.StatementRecord{Kind: saywho.Indirect, Start: a, End: min(n+3, a+rng.IntN(200)+1)})
			}
			r.Statements = kept
			sc.Add(d, r)
			b, _ := json.Marshal(r)
			buf.Write(b)
			buf.WriteByte('\n')
		}
		pred := filepath.Join(t.TempDir(), "pred.jsonl")
		if err := os.WriteFile(pred, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("python3", script, gold, pred, "--json").Output()
		if err != nil {
			t.Fatalf("score.py: %v", err)
		}
		// The JSON is followed by the summary line.
		var ref map[string]float64
		if err := json.NewDecoder(bytes.NewReader(out)).Decode(&ref); err != nil {
			t.Fatalf("score.py output: %v\n%s", err, out)
		}
		m := sc.Summary()
		mine := map[string]float64{
			"docs": float64(m.Docs), "missing_docs": float64(m.MissingDocs), "bad_offsets": float64(m.BadOffsets),
			"gold": float64(m.Gold), "pred": float64(m.Pred), "content_p": m.ContentP, "content_r": m.ContentR,
			"content_f1": m.ContentF1, "content30_f1": m.Content30F1, "exact_f1": m.ExactF1,
			"speaker_acc": m.SpeakerAcc, "cue_acc": m.CueAcc, "attr_p": m.AttrP, "attr_r": m.AttrR,
			"attr_f1": m.AttrF1, "scare_reported": float64(m.ScareReported), "scare_total": float64(m.ScareTotal),
		}
		for k, v := range mine {
			if math.Abs(ref[k]-v) > 0.0005 {
				t.Errorf("%s: %s = %.4f here, %.4f in score.py", gold, k, v, ref[k])
			}
		}
		for _, k := range sc.Kinds() {
			ks := sc.ByKind[k]
			if ks.Gold == 0 {
				continue
			}
			if v := float64(ks.Match50) / float64(ks.Gold); math.Abs(ref["recall_"+k]-v) > 0.0005 {
				t.Errorf("%s: recall_%s = %.4f here, %.4f in score.py", gold, k, v, ref["recall_"+k])
			}
		}
	}
}

// TestErrors checks the classification of unmatched statements: each
// gold statement below misses in one way, and the predictions include
// one whose cue is no gold cue.
func TestErrors(t *testing.T) {
	text := strings.Repeat("x", 400)
	gold := func(c0, c1, k0, k1 int) Quote {
		return Quote{Content: []Span{{Start: c0, End: c1}}, Cue: []Span{{Start: k0, End: k1}}}
	}
	d := &Doc{DocID: "d", Text: text, Quotes: []Quote{
		gold(0, 40, 41, 45),      // matched
		gold(50, 90, 91, 95),     // cue missed
		gold(100, 140, 141, 145), // too short
		gold(150, 170, 171, 175), // too long
		gold(180, 220, 221, 225), // overlapping
		gold(230, 260, 261, 265), // elsewhere
	}}
	pred := func(c0, c1, k0, k1 int) saywho.StatementRecord {
		return saywho.StatementRecord{Kind: saywho.Indirect, Start: c0, End: c1, Cue: &saywho.SpanText{Start: k0, End: k1}}
	}
	r := &saywho.Record{ID: "d", Statements: []saywho.StatementRecord{
		pred(0, 40, 41, 45),
		pred(100, 110, 141, 145),
		pred(150, 200, 171, 175),
		pred(195, 240, 221, 225),
		pred(300, 330, 261, 265),
		pred(350, 380, 381, 385), // its cue is no gold cue
	}}
	var sc Scores
	sc.Add(d, r)
	want := Errors{CueMissed: 1, TooShort: 1, TooLong: 1, Overlapping: 1, Elsewhere: 1, Spurious: 1, OtherContent: 4}
	if sc.Errors != want {
		t.Errorf("errors %+v, want %+v", sc.Errors, want)
	}
}

// FuzzScore scores arbitrary predictions, as saywho eval reads them from
// a file it did not write, against the example's gold: offsets outside
// the text, empty or reversed spans, missing cues and mentions must be
// counted, never a panic.
func FuzzScore(f *testing.F) {
	var docs []*Doc
	if err := ReadGold(example, func(d *Doc) error { docs = append(docs, d); return nil }); err != nil {
		f.Fatal(err)
	}
	seed, _ := json.Marshal(fromGold(docs[0]))
	f.Add(seed)
	f.Add([]byte(`{"statements":[{"start":-5,"end":1e9,"cue":{"start":10,"end":2},"speaker":{"mention":{"start":-1,"end":-2}},"parts":[{"start":3,"end":1}]}]}`))
	f.Add([]byte(`{"statements":[{}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var r saywho.Record
		if json.Unmarshal(b, &r) != nil {
			return
		}
		var sc Scores
		sc.Add(docs[0], &r)
		sc.Write(io.Discard)
		sc.WriteCalibration(io.Discard)
		m := sc.Summary()
		if m.AttrF1 < 0 || m.AttrF1 > 1 || m.ContentF1 < 0 || m.ContentF1 > 1 {
			t.Fatalf("scores out of [0, 1]: %+v", m)
		}
	})
}
