package extract

import (
	"os"
	"testing"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/eval"
)

// TestAblation measures what each part of the pipeline buys on
// polnear-dev, retraining where the part is learnt. It takes minutes, so
// it runs only with SAYWHO_ABLATION=1 (and the eval data present):
//
//	SAYWHO_ABLATION=1 go test ./extract -run TestAblation -v -timeout 30m
func TestAblation(t *testing.T) {
	if os.Getenv("SAYWHO_ABLATION") == "" {
		t.Skip("set SAYWHO_ABLATION=1 to run the ablations (several minutes)")
	}
	train, dev := "../../shared/eval/polnear-train.jsonl", "../../shared/eval/polnear-dev.jsonl"
	if _, err := os.Stat(train); err != nil {
		t.Skip("../shared/eval is absent")
	}
	var exs []Example
	err := eval.ReadGold(train, func(g *eval.Doc) error {
		ex := Example{Article: &saywho.Article{ID: g.Key(), Text: g.Text}}
		sp := func(ss []eval.Span) []saywho.Span {
			var o []saywho.Span
			for _, s := range ss {
				o = append(o, saywho.Span{Start: s.Start, End: s.End})
			}
			return o
		}
		for _, q := range g.Quotes {
			ex.Gold = append(ex.Gold, GoldAttribution{sp(q.Content), sp(q.Cue), sp(q.SpeakerMention)})
		}
		exs = append(exs, ex)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	score := func(x *Extractor) eval.Summary {
		var sc eval.Scores
		eval.ReadGold(dev, func(g *eval.Doc) error {
			r := x.Extract(&saywho.Article{ID: g.Key(), Text: g.Text}).Record(false)
			sc.Add(g, &r)
			return nil
		})
		return sc.Summary()
	}
	full := New()
	t.Logf("%-40s %s", "rules alone", score(NewWith(Options{RulesOnly: true})).Line())
	t.Logf("%-40s %s", "full pipeline", score(full).Line())
	for _, c := range []struct {
		name string
		flag *bool
	}{
		{"without rule attributions added", &ablation.noUnion},
		{"without rule content before the cue", &ablation.noRuleContent},
		{"without splitting coordinated content", &ablation.noCoordinated},
		{"without splitting at a clause of its own or a participle", &ablation.noCoordinatedClause},
		{"keeping titles in quotation marks as contents", &ablation.keepTitles},
		{"\"according to\" yielding to a nested attribution", &ablation.noAccordingNested},
		{"without the rules' source where the model has none", &ablation.noRuleSource},
		{"keeping circumstantial participles", &ablation.noCircumstantial},
	} {
		*c.flag = true
		t.Logf("%-40s %s", c.name, score(full).Line())
		*c.flag = false
	}
	// Features the models are trained with: each retrains them.
	for _, c := range []struct {
		name string
		flag *bool
	}{
		{"models without rule features", &ablation.noRuleFeatures},
		{"cue model without WordNet classes", &ablation.noSenses},
	} {
		*c.flag = true
		m, err := NewWith(Options{RulesOnly: true}).Train(exs, TrainOptions{})
		if err != nil {
			*c.flag = false
			t.Fatal(err)
		}
		t.Logf("%-40s %s", c.name, score(NewWith(Options{Model: m})).Line())
		*c.flag = false
	}
}
