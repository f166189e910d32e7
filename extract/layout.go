package extract

import (
	"strings"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/token"
)

// Attributions that layout makes, with no verb: a headline that names its
// speaker before a colon ("Pence: Gennifer Flowers Won't Be at Debate"),
// a quotation signed with a dash on its line or the next (“... lives.” ―
// Pamela Padilla), and the turns of a transcript ("WALLACE: Let's
// start ..."). All are conventions of news pages; the cue is the colon or
// the dash.

// signDashes are the dashes that sign a quotation.
var signDashes = map[string]bool{"-": true, "–": true, "—": true, "―": true}

// layoutAttributions returns the attributions of the headline, the
// signed quotations and the transcript turns that none of atts already
// covers.
func (d *doc) layoutAttributions(atts []attribution) []attribution {
	var out []attribution
	if a, ok := d.headlineAttribution(); ok && !clashes(a, atts) {
		out = append(out, a)
	}
	for i, t := range d.toks {
		var a attribution
		ok := false
		switch {
		case t.Kind == token.Punct || t.Kind == token.Symbol:
			a, ok = d.signedQuote(i)
		case i == 0 || d.paraOf[i-1] != d.paraOf[i]:
			a, ok = d.transcriptTurn(i)
		}
		if ok && !clashes(a, atts) && !clashes(a, out) {
			out = append(out, a)
		}
	}
	return out
}

// transcriptTurn reads a turn of a transcript at token i: a paragraph
// that opens with a speaker's name in capitals and a colon ("PENCE: Well,
// look, ..."), the name being one the article gives (Mike Pence). The
// turn runs to the end of the paragraph.
func (d *doc) transcriptTurn(i int) (attribution, bool) {
	if i > 0 && d.paraOf[i-1] == d.paraOf[i] {
		return attribution{}, false
	}
	para := d.paraOf[i]
	s0 := i
	if d.toks[s0].Kind == token.Quote {
		s0++ // a quoted transcript
	}
	colon := -1
	for k := s0; k < min(len(d.toks), s0+4) && d.paraOf[k] == para; k++ {
		if d.isPunct(k, ":") {
			colon = k
			break
		}
		if !d.allCaps(k) {
			return attribution{}, false
		}
	}
	if colon <= s0 {
		return attribution{}, false
	}
	end := colon + 1
	for end < len(d.toks) && d.paraOf[end] == para {
		end++
	}
	if end-colon < 3 || !d.surnameOfPerson(d.lower[colon-1]) {
		return attribution{}, false
	}
	return attribution{cue: [2]int{colon, colon + 1}, source: [2]int{s0, colon}, content: [][2]int{{colon + 1, end}}, via: "transcript", score: 0.8}, true
}

// allCaps reports whether token k is a word in capitals ("PENCE").
func (d *doc) allCaps(k int) bool {
	w := d.word(k)
	return d.toks[k].Kind == token.Word && strings.ToUpper(w) == w && strings.ToLower(w) != w
}

// surnameOfPerson reports whether the lower-cased word w ends the name of
// a person the article mentions.
func (d *doc) surnameOfPerson(w string) bool {
	_, found := d.personBySurname(w)
	return found
}

// personBySurname returns the person entity whose mentions end with the
// lower-cased word w, and whether any person's mention does. Where
// several persons' do, the one the article names at least twice as often
// as any other is meant ("Trump" in an article on Donald Trump that
// names Melania Trump once); else ent is -1, as two Clintons named alike
// leave "CLINTON" open.
func (d *doc) personBySurname(w string) (ent int, found bool) {
	var counts map[int]int
	for _, m := range d.mentions {
		if m.typ != saywho.EntityPerson || d.lower[m.b-1] != w {
			continue
		}
		found = true
		if m.ent >= 0 {
			if counts == nil {
				counts = map[int]int{}
			}
			counts[m.ent]++
		}
	}
	ent = -1
	best, second := 0, 0
	for e, n := range counts {
		switch {
		case n > best || n == best && e < ent:
			ent, best, second = e, n, max(best, second)
		case n > second:
			second = n
		}
	}
	if len(counts) > 1 && best < 2*second {
		ent = -1
	}
	return ent, found
}

// mostlyNonPerson reports whether the article names an organisation or
// a place with the lower-cased word w alone more often than persons'
// mentions end with it: "Twitter" stays a company where a tagging slip
// made one "Wilayat Twitter", while "Trump", tagged once as a company, is
// still the candidate the article names twenty times.
func (d *doc) mostlyNonPerson(w string) bool {
	n := 0
	for _, m := range d.mentions {
		switch {
		case m.typ == saywho.EntityPerson && d.lower[m.b-1] == w:
			n--
		case m.typ != saywho.EntityPerson && m.b-m.a == 1 && d.lower[m.a] == w:
			n++
		}
	}
	return n > 0
}

// clashes reports whether a's cue or content overlaps one of atts'.
func clashes(a attribution, atts []attribution) bool {
	for _, b := range atts {
		if overlapsAny(a.cue, [][2]int{b.cue}) {
			return true
		}
		for _, c := range a.content {
			if overlapsAny(c, b.content) {
				return true
			}
		}
	}
	return false
}

// headlineAttribution reads "Source: words" in the headline. The source
// must be someone the article names in its body (the whole name, or the
// surname alone: "Sanders:"), or a poll or report ("AP-GfK Poll:"), so
// that the labels of news pages ("The Latest:", "EXCLUSIVE:", "Watch:")
// are not taken for speakers.
func (d *doc) headlineAttribution() (attribution, bool) {
	h := d.art.Headline
	if h.Empty() {
		return attribution{}, false
	}
	hb0, hb1 := d.rt.Byte(h.Start), d.rt.Byte(h.End)
	h0 := d.tokenAt(hb0)
	if h0 < 0 {
		return attribution{}, false
	}
	h1 := h0
	for h1 < len(d.toks) && int(d.toks[h1].Start) < hb1 {
		h1++
	}
	colon := -1
	for k := h0 + 1; k < min(h1, h0+6); k++ {
		if d.isPunct(k, ":") {
			colon = k
			break
		}
		if d.toks[k].Kind != token.Word && d.word(k) != "&" {
			return attribution{}, false
		}
	}
	if colon < 0 {
		return attribution{}, false
	}
	end := d.sentEnd(colon+1, h1)
	if end-(colon+1) < 2 {
		return attribution{}, false
	}
	s0 := h0
	if d.lower[s0] == "the" {
		s0++
	}
	if s0 >= colon || !d.capitalised(s0) || !d.namedInBody(s0, colon, hb1) && !reportNouns[d.lower[colon-1]] {
		return attribution{}, false
	}
	return attribution{cue: [2]int{colon, colon + 1}, source: [2]int{s0, colon}, content: [][2]int{{colon + 1, end}}, via: "headline", score: 0.8}, true
}

// namedInBody reports whether tokens [a, b) are the name, or the surname,
// of a person or organisation the article mentions after byte bodyStart.
func (d *doc) namedInBody(a, b, bodyStart int) bool {
	name := strings.ToLower(d.textOf(a, b))
	for _, m := range d.mentions {
		if int(d.toks[m.a].Start) < bodyStart || m.typ != saywho.EntityPerson && m.typ != saywho.EntityOrganization {
			continue
		}
		if strings.ToLower(d.textOf(m.a, m.b)) == name {
			return true
		}
		if m.typ == saywho.EntityPerson && b-a == 1 && d.lower[m.b-1] == d.lower[a] {
			return true
		}
	}
	return false
}

// signedQuote reads a quotation signed by the dash at token i: the
// quotation closes right before the dash (on its line or the line
// before), and the dash opens a short capitalised name that runs to the
// end of its line or to a comma ("― Jacklyn Ashley", "- Bernie Sanders.",
// "-Michelle Marks, Philadelphia.").
func (d *doc) signedQuote(i int) (attribution, bool) {
	if k := d.toks[i].Kind; k != token.Punct && k != token.Symbol || !signDashes[d.word(i)] || i == 0 || i+1 >= len(d.toks) {
		return attribution{}, false
	}
	q := d.quoteOf[i-1]
	if q < 0 || d.qtok[q][1] != i {
		return attribution{}, false
	}
	para := d.paraOf[i]
	if d.paraOf[i-1] != para && d.paraOf[i-1] != para-1 {
		return attribution{}, false
	}
	s0 := i + 1
	if d.paraOf[s0] != para || !d.capitalised(s0) {
		return attribution{}, false
	}
	s1 := s0
	for s1 < len(d.toks) && d.paraOf[s1] == para && d.toks[s1].Kind == token.Word && (d.capitalised(s1) || d.isPunct(s1, ".")) {
		s1++
	}
	for s1 > s0 && d.isPunct(s1-1, ".") {
		s1--
	}
	// The name ends the line, or a comma follows it (a place, a role).
	if n := s1 - s0; n == 0 || n > 5 {
		return attribution{}, false
	}
	if s1 < len(d.toks) && d.paraOf[s1] == para && !d.isPunct(s1, ",") && !d.isPunct(s1, ".") && !d.isPunct(s1, "(") {
		return attribution{}, false
	}
	return attribution{cue: [2]int{i, i + 1}, source: [2]int{s0, s1}, content: [][2]int{d.qtok[q]}, via: "signed", score: 0.8}, true
}
