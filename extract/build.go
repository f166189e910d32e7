package extract

import (
	"strings"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/token"
)

// statements turns attributions into the article's statements: spans in
// code points, kinds, speakers, sections, confidence. calib, when not nil,
// are the weights of the calibrated confidence (calib.go).
func (d *doc) statements(atts []attribution, refs []speakerRef, calib []float64) []saywho.Statement {
	out := make([]saywho.Statement, 0, len(atts))
	for i := range atts {
		a := &atts[i]
		if len(a.content) == 0 || d.titleContent(a) {
			continue
		}
		st := saywho.Statement{Kind: d.kind(a), Section: -1}
		for _, c := range a.content {
			st.Parts = append(st.Parts, d.span(c[0], c[1]))
		}
		st.Content = saywho.Span{Start: st.Parts[0].Start, End: st.Parts[len(st.Parts)-1].End}
		if len(st.Parts) == 1 {
			st.Parts = nil
		}
		st.Cue = d.span(a.cue[0], a.cue[1])
		r := refs[i]
		st.Speaker = saywho.Speaker{Name: r.name, Entity: r.ent, Type: r.typ, Role: r.role, Org: r.org}
		if st.Speaker.Type == "" {
			st.Speaker.Type = saywho.Unknown
		}
		if a.hasSource() {
			s0, s1 := a.source[0], a.source[1]
			for s1 > s0 && d.isPunct(s1-1, ",") { // trailing comma of an apposition
				s1--
			}
			st.Speaker.Mention = d.span(s0, s1)
		}
		if r.antecedent[1] > r.antecedent[0] && r.antecedent != a.source {
			st.Speaker.Antecedent = d.span(r.antecedent[0], r.antecedent[1])
		}
		st.Section = d.art.SectionAt(st.Content.Start)
		var conf float64
		if calib != nil {
			conf = calibrated(calib, confFeatures(a, r, st.Kind))
		} else {
			conf = a.score * r.conf
			if st.Speaker.Type == saywho.Unknown {
				conf *= 0.6
			}
		}
		st.Confidence = float64(int(conf*1000+0.5)) / 1000
		out = append(out, st)
	}
	return out
}

// kind says how a statement is reported: direct when every piece of the
// content is a quotation, mixed when a quoted fragment that is not a scare
// quote lies inside reported speech, else indirect.
func (d *doc) kind(a *attribution) saywho.Kind {
	allQuotes := true
	for _, c := range a.content {
		if q := d.quoteOpening(c[0]); q < 0 || d.qtok[q][1] != c[1] {
			allQuotes = false
		}
	}
	if allQuotes {
		return saywho.Direct
	}
	for _, c := range a.content {
		for i := c[0]; i < c[1]; i++ {
			q := d.quoteOpening(i)
			if q < 0 {
				continue
			}
			if !d.scareQuote(q) {
				return saywho.Mixed
			}
			i = d.qtok[q][1] - 1
		}
	}
	return saywho.Indirect
}

// scareQuote reports whether quote q is a scare quote or a title rather
// than quoted words: one or two words, three without a finite verb, or
// anything after "so-called", "dubbed" and the like.
func (d *doc) scareQuote(q int) bool {
	a, b := d.qtok[q][0], d.qtok[q][1]
	words, verb := 0, false
	for i := a + 1; i < b-1; i++ {
		if d.toks[i].Kind == token.Word || d.toks[i].Kind == token.Number {
			words++
		}
		if d.is(i, cVerb|cModal) && !d.is(i, cGerund) && d.pos[i].String() != "VBN" {
			verb = true
		}
	}
	if a > 0 {
		switch w := d.lower[a-1]; {
		case strings.HasSuffix(w, "so-called"), w == "called", w == "dubbed", w == "titled", w == "entitled", w == "named", w == "term", w == "word", w == "phrase":
			return true
		}
	}
	return words <= 2 || words == 3 && !verb
}

// titleContent reports whether a's whole content is a title in quotation
// marks, a show, book or song the sentence names ("said on “Fox News
// Sunday,”", "his book “Make Your Kid a Millionaire”"): words in title
// case after a preposition, an article or a possessive. No one said it.
func (d *doc) titleContent(a *attribution) bool {
	if len(a.content) != 1 || ablation.keepTitles {
		return false
	}
	c := a.content[0]
	q := d.quoteOpening(c[0])
	if q < 0 || d.qtok[q][1] != c[1] || c[0] == 0 || !d.is(c[0]-1, cPrep|cDet|cPossPro) {
		return false
	}
	words := 0
	for i := c[0] + 1; i < c[1]-1; i++ {
		switch d.toks[i].Kind {
		case token.Word:
			words++
			if !d.capitalised(i) && !titleSmallWords[d.lower[i]] {
				return false
			}
		case token.Number, token.Punct:
		default:
			return false
		}
	}
	return words >= 2 && words <= 8
}

// titleSmallWords are the words a title leaves in lower case.
var titleSmallWords = map[string]bool{"a": true, "an": true, "the": true, "and": true, "or": true, "of": true, "in": true, "on": true, "at": true, "to": true, "for": true, "by": true, "with": true, "from": true}

// entityList returns the article's entities in the domain form, without
// the ones merged into others, and the map from old to new indices.
func (d *doc) entityList() ([]saywho.Entity, []int) {
	out := make([]saywho.Entity, 0, len(d.entities))
	remap := make([]int, len(d.entities))
	for i, e := range d.entities {
		remap[i] = -1
		if len(e.mentions) == 0 {
			continue
		}
		se := saywho.Entity{Name: e.name, Type: e.typ, Aliases: e.aliases, Metonym: e.metonym, Role: e.role, Org: e.org}
		for _, mi := range e.mentions {
			m := d.mentions[mi]
			se.Mentions = append(se.Mentions, d.span(m.a, m.b))
		}
		remap[i] = len(out)
		out = append(out, se)
	}
	return out, remap
}
