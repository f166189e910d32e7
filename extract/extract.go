// Package extract finds attributed statements, entities and figures in an
// article. It is the core of saywho: it reads a *saywho.Article and returns
// a *saywho.Analysis, and knows nothing of where the article came from or
// where the analysis goes.
//
// Extraction is a short list of steps over one doc (doc.go), each adding a
// layer of token-indexed annotations: tokens and sentences, part of speech
// and names, quotations, entities, attributions (cue, source, content),
// speakers, figures. Offsets become code point spans only at the end.
package extract

import (
	"slices"
	"sort"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/tag"
)

// Extractor runs the extraction pipeline. It is safe for concurrent use; the
// models it holds are read-only after New.
type Extractor struct {
	tagger  *tag.Tagger
	model   *Model // nil: rules only
	minConf float64
}

// Options choose the pipeline.
type Options struct {
	// RulesOnly extracts with the hand-written rules alone, without the
	// learned models: the baseline `saywho eval` compares against.
	RulesOnly bool
	// Model replaces the embedded model (for training and evaluation).
	Model *Model
	// MinConfidence leaves out the statements whose confidence is below
	// it; 0 keeps them all. The confidence estimates the chance that
	// both the content and the speaker are right, so a reader who wants
	// fewer wrong statements trades recall for precision here (saywho
	// eval prints what each threshold keeps).
	MinConfidence float64
}

// New returns an Extractor with the embedded models.
func New() *Extractor { return NewWith(Options{}) }

// NewWith returns an Extractor configured by opts. It panics if the
// embedded model is corrupt, which is a build defect the tests catch.
func NewWith(opts Options) *Extractor {
	x := &Extractor{model: opts.Model, minConf: opts.MinConfidence}
	if x.model == nil && !opts.RulesOnly {
		// The tagger and the models load side by side: a short ingest
		// otherwise spends its first quarter second on one core.
		var err error
		done := make(chan struct{})
		go func() {
			defer close(done)
			x.model, err = DefaultModel()
		}()
		x.tagger = tag.Default()
		<-done
		if err != nil {
			panic("extract: embedded model: " + err.Error())
		}
	} else {
		x.tagger = tag.Default()
	}
	if opts.RulesOnly {
		x.model = nil
	}
	return x
}

// analyse runs the steps every pipeline shares: tokens, sentences, tags,
// quotations, entities.
func (x *Extractor) analyse(a *saywho.Article) *doc {
	d := newDoc(a, x.tagger)
	d.findMentions()
	d.clusterMentions()
	d.assignRoles()
	return d
}

// Extract analyses one article.
func (x *Extractor) Extract(a *saywho.Article) *saywho.Analysis {
	d := x.analyse(a)
	atts := d.ruleAttributions()
	if x.model != nil {
		m := d.modelAttributions(x.model, atts)
		if !ablation.noUnion {
			m = union(m, atts)
		}
		atts = m
	}
	atts = dedupe(atts)
	if !ablation.noCoordinated {
		d.splitCoordinated(atts)
	}
	refs := d.resolveSpeakers(atts)
	var calib []float64
	if x.model != nil {
		calib = x.model.Calib
	}
	sts := d.statements(atts, refs, calib)
	if x.minConf > 0 {
		sts = slices.DeleteFunc(sts, func(s saywho.Statement) bool { return s.Confidence < x.minConf })
	}
	ents, remap := d.entityList()
	for i := range sts {
		if e := sts[i].Speaker.Entity; e >= 0 {
			sts[i].Speaker.Entity = remap[e]
		}
	}
	return &saywho.Analysis{Article: a, Statements: sts, Entities: ents, Figures: d.figures()}
}

// ablation switches parts of the pipeline off, for TestAblation, which
// measures what each part buys (docs/ACCURACY.md). All false in use.
var ablation struct {
	noRuleFeatures      bool // models trained and run without the rules' answers as features
	noUnion             bool // rule attributions the model has no counterpart for are dropped
	noRuleContent       bool // the model's content stands where the rules found it before the cue
	noCircumstantial    bool // participles with a thing as object are kept
	noCoordinated       bool // content runs on over a coordinated attribution
	noCoordinatedClause bool // ... over one with its own speaker or a participle
	keepTitles          bool // a title in quotation marks can be a whole content
	noAccordingNested   bool // "according to X" yields to a model attribution inside its content
	noRuleSource        bool // a model attribution without a source does not take the rules'
	noSenses            bool // no WordNet class features for cues
}

// union keeps the model's attributions and adds the rule attributions
// the model has no counterpart for: neither its cue nor its content
// overlaps one of the model's. The rules are precise on what they know
// (a quotation with its attribution beside it); the model decides
// everywhere else.
func union(model, rules []attribution) []attribution {
	out := model
	for _, r := range rules {
		clash := false
		for _, m := range model {
			if overlapsAny(r.cue, [][2]int{m.cue}) {
				clash = true
				break
			}
			if r.via == "according" && !ablation.noAccordingNested {
				// "Clinton plans to visit Charlotte, according to an
				// aide": the aide's attribution holds the model's
				// ("plans"); only the same cue clashes.
				continue
			}
			for _, c := range r.content {
				if overlapsAny(c, m.content) {
					clash = true
					break
				}
			}
		}
		if !clash && unionRule(r) {
			out = append(out, r)
		}
	}
	return out
}

// unionRule says which rule attributions may stand without the model.
var unionRule = func(r attribution) bool {
	return r.via == "final" || r.via == "middle" || r.via == "final-prev" || r.via == "according" || r.via == "headline" || r.via == "signed" || r.via == "transcript"
}

// dedupe drops attributions whose cue repeats an earlier one, and orders
// them by content start.
func dedupe(atts []attribution) []attribution {
	sort.SliceStable(atts, func(i, j int) bool {
		ai, _ := atts[i].contentSpan()
		aj, _ := atts[j].contentSpan()
		if ai != aj {
			return ai < aj
		}
		return atts[i].cue[0] < atts[j].cue[0]
	})
	out := atts[:0]
	for _, a := range atts {
		dup := false
		for _, b := range out {
			if a.cue == b.cue {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, a)
		}
	}
	return out
}

// splitCoordinated ends a content where a coordinated attribution
// begins: in "China said it was opposed to the test and warned North
// Korea to refrain from further actions", "warned" has a content of its
// own, which is not part of what China said. The same holds for a clause
// with a speaker of its own joined by a conjunction ("..., and
// Republicans want ...") and for a participle after a comma ("...,
// arguing that ..."). An attribution whose speaker is named inside the
// content with nothing to join it is embedded ("said that Clinton
// claimed ...") and stays inside.
func (d *doc) splitCoordinated(atts []attribution) {
	for i := range atts {
		a := &atts[i]
		if len(a.content) == 0 || a.content[0][0] < a.cue[1] {
			continue
		}
		last := &a.content[len(a.content)-1]
		for j := range atts {
			b := &atts[j]
			if j == i || b.cue[0] <= a.cue[1] || b.cue[0] <= last[0] || b.cue[0] >= last[1] {
				continue
			}
			own := b.hasSource() && !overlapsAny(b.source, [][2]int{a.source}) && b.source[0] > a.cue[1]
			var end int
			switch {
			case own && b.source[0] < b.cue[0] && b.source[0] > last[0]:
				// "..., and Republicans want": a conjunction before the
				// clause's own speaker.
				end = b.source[0]
				if !d.is(end-1, cConj) || ablation.noCoordinatedClause {
					continue
				}
			case own:
				continue // embedded
			case d.is(b.cue[0], cGerund) && d.isPunct(b.cue[0]-1, ",") && !ablation.noCoordinatedClause:
				end = b.cue[0] // "..., arguing that ..."
			default:
				end = b.cue[0]
				for end > last[0] && (auxWords[d.lower[end-1]] || d.is(end-1, cAdv)) {
					end--
				}
				if end == last[0] || !d.is(end-1, cConj) {
					continue // coordinated: "... and warned", "..., but added"
				}
			}
			for end > last[0] && (d.is(end-1, cConj) || d.isPunct(end-1, ",")) {
				end--
			}
			if end-last[0] >= 2 {
				last[1] = end
			}
		}
	}
}
