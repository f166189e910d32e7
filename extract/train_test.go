package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	saywho "github.com/saywho/saywho"
)

// tinyExamples is a training set with one separable pattern: the content
// is what follows "mused" and the source what precedes it, in a verb
// the rules' lexicon does not hold as a strong cue.
func tinyExamples() []Example {
	names := []string{"Alice Brown", "The committee", "Mr. Smith", "Officials", "Karen Diaz", "The mayor"}
	claims := []string{"the bridge will open in May", "taxes must fall", "the plan was sound", "nothing had changed", "the vote was fair", "prices would rise"}
	var exs []Example
	for i := 0; i < 24; i++ {
		who, what := names[i%len(names)], claims[(i*5)%len(claims)]
		text := fmt.Sprintf("On Monday %s mused %s. The weather was mild and the shops were open.", who, what)
		rt := []rune(text)
		find := func(s string) saywho.Span {
			i := bytes.Index([]byte(text), []byte(s))
			start := len([]rune(text[:i]))
			return saywho.Span{Start: start, End: start + len([]rune(s))}
		}
		_ = rt
		exs = append(exs, Example{
			Article: &saywho.Article{ID: fmt.Sprint(i), Text: text},
			Gold: []GoldAttribution{{
				Content: []saywho.Span{find(what)},
				Cue:     []saywho.Span{find("mused")},
				Source:  []saywho.Span{find(who)},
			}},
		})
	}
	return exs
}

func TestTrainLearnsSeparablePattern(t *testing.T) {
	x := NewWith(Options{RulesOnly: true})
	m, err := x.Train(tinyExamples(), TrainOptions{CueEpochs: 10, ArgEpochs: 10})
	if err != nil {
		t.Fatal(err)
	}
	text := "On Friday The council mused the roads were safe. The weather was mild and the shops were open."
	an := NewWith(Options{Model: m}).Extract(&saywho.Article{Text: text})
	tx := saywho.NewText(text)
	if len(an.Statements) != 1 {
		t.Fatalf("got %d statements, want 1: %+v", len(an.Statements), an.Statements)
	}
	s := an.Statements[0]
	if got := tx.Slice(s.Content); got != "the roads were safe" {
		t.Errorf("content %q", got)
	}
	if got := tx.Slice(s.Cue); got != "mused" {
		t.Errorf("cue %q", got)
	}
	if got := tx.Slice(s.Speaker.Mention); got != "The council" {
		t.Errorf("source %q", got)
	}
	// The rules alone know no such cue.
	if n := len(NewWith(Options{RulesOnly: true}).Extract(&saywho.Article{Text: text}).Statements); n != 0 {
		t.Errorf("rules found %d statements; the pattern is only learnable", n)
	}
}

func TestTrainDeterministic(t *testing.T) {
	x := NewWith(Options{RulesOnly: true})
	var outs [2][3]bytes.Buffer
	for i := range outs {
		m, err := x.Train(tinyExamples(), TrainOptions{CueEpochs: 3, ArgEpochs: 3, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Save(&outs[i][0], &outs[i][1], &outs[i][2]); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(outs[0][0].Bytes(), outs[1][0].Bytes()) || !bytes.Equal(outs[0][1].Bytes(), outs[1][1].Bytes()) || !bytes.Equal(outs[0][2].Bytes(), outs[1][2].Bytes()) {
		t.Error("two trainings on the same data gave different model bytes")
	}
}

// TestModelRoundTrip saves the embedded model and loads it back: the
// extraction of the example is the same, statement for statement.
func TestModelRoundTrip(t *testing.T) {
	m, err := DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	if m == nil {
		t.Skip("no embedded model")
	}
	var c, a, cal bytes.Buffer
	if err := m.Save(&c, &a, &cal); err != nil {
		t.Fatal(err)
	}
	m2, err := LoadModel(&c, &a, &cal)
	if err != nil {
		t.Fatal(err)
	}
	art := readExample(t)
	r1 := NewWith(Options{Model: m}).Extract(art).Record(false)
	r2 := NewWith(Options{Model: m2}).Extract(art).Record(false)
	j1, _ := json.Marshal(r1.Statements)
	j2, _ := json.Marshal(r2.Statements)
	if !bytes.Equal(j1, j2) {
		t.Error("extraction differs after a save and load of the model")
	}
}

func TestLoadModelRejectsGarbage(t *testing.T) {
	if _, err := LoadModel(bytes.NewReader([]byte("x")), bytes.NewReader(nil), bytes.NewReader(nil)); err == nil {
		t.Error("LoadModel accepted garbage")
	}
}
