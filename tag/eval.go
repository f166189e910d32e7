package tag

import (
	"fmt"
	"sort"
	"strings"

	"github.com/saywho/saywho/token"
)

// Report is a tagger's agreement with reference tags.
type Report struct {
	Tokens     int
	POSCorrect int
	// Entities maps each class to its entity-level counts: an entity is a
	// maximal run of tokens of one class, right when the reference has
	// the same run with the same class.
	Entities map[Class]*PRF
}

// PRF counts matches for precision, recall and F1.
type PRF struct{ TP, FP, FN int }

func (p PRF) Precision() float64 { return ratio(p.TP, p.TP+p.FP) }
func (p PRF) Recall() float64    { return ratio(p.TP, p.TP+p.FN) }
func (p PRF) F1() float64 {
	pr, re := p.Precision(), p.Recall()
	if pr+re == 0 {
		return 0
	}
	return 2 * pr * re / (pr + re)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// POSAccuracy is the share of tokens whose part of speech matches.
func (r *Report) POSAccuracy() float64 { return ratio(r.POSCorrect, r.Tokens) }

// Total sums the entity counts over the given classes (all when none).
func (r *Report) Total(classes ...Class) PRF {
	var t PRF
	for c, p := range r.Entities {
		if len(classes) > 0 && !contains(classes, c) {
			continue
		}
		t.TP += p.TP
		t.FP += p.FP
		t.FN += p.FN
	}
	return t
}

func contains(cs []Class, c Class) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "POS accuracy %.4f over %d tokens\n", r.POSAccuracy(), r.Tokens)
	cs := make([]Class, 0, len(r.Entities))
	for c := range r.Entities {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i] < cs[j] })
	for _, c := range cs {
		p := r.Entities[c]
		fmt.Fprintf(&b, "%-13s P %.3f R %.3f F1 %.3f (gold %d)\n", c, p.Precision(), p.Recall(), p.F1(), p.TP+p.FN)
	}
	t := r.Total()
	fmt.Fprintf(&b, "%-13s P %.3f R %.3f F1 %.3f\n", "all", t.Precision(), t.Recall(), t.F1())
	return b.String()
}

// Evaluate tags the documents' tokens and compares with their tags. The
// classes the CoreNLP reference lacks are scored as it would have them:
// TITLE as no entity, NATIONALITY as MISC.
func (t *Tagger) Evaluate(docs []Doc) *Report {
	r := &Report{Entities: map[Class]*PRF{}}
	var pos []POS
	var ner []NER
	for _, d := range docs {
		n := len(d.Tokens)
		pos = append(pos[:0], make([]POS, n)...)
		ner = append(ner[:0], make([]NER, n)...)
		t.Tag(d.Text, d.Tokens, d.Sents, pos, ner)
		for i := 0; i < n; i++ {
			r.Tokens++
			if pos[i] == d.POS[i] {
				r.POSCorrect++
			}
		}
		gold := entitySpans(d.NER, d.Sents, func(i int) (Class, bool) { return d.NER[i], false })
		pred := entitySpans(d.NER, d.Sents, func(i int) (Class, bool) {
			c := ner[i].Class()
			switch c {
			case Title:
				c = None
			case Nationality:
				c = Misc
			}
			return c, ner[i].Begin()
		})
		for k, c := range pred {
			p := r.class(c)
			if gold[k] == c {
				p.TP++
			} else {
				p.FP++
			}
		}
		for k, c := range gold {
			if pred[k] != c {
				r.class(c).FN++
			}
		}
	}
	return r
}

func (r *Report) class(c Class) *PRF {
	p := r.Entities[c]
	if p == nil {
		p = &PRF{}
		r.Entities[c] = p
	}
	return p
}

// entitySpans returns the entities of one labelling: token ranges
// [a, b) to their class. A new entity starts where the class changes,
// where begin says so, or at a sentence start.
func entitySpans(ref []Class, sents []token.Sentence, at func(i int) (Class, bool)) map[[2]int]Class {
	m := map[[2]int]Class{}
	for _, s := range sents {
		a, cur := -1, None
		for i := int(s.Start); i <= int(s.End); i++ {
			c, begin := None, false
			if i < int(s.End) {
				c, begin = at(i)
			}
			if cur != None && (c != cur || begin) {
				m[[2]int{a, i}] = cur
				cur = None
			}
			if c != None && cur == None {
				a, cur = i, c
			}
		}
	}
	return m
}
