package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/token"
)

// speakerRef is a resolved source: who the mention refers to.
type speakerRef struct {
	ent        int // entity index, or -1
	name       string
	typ        saywho.SpeakerType
	antecedent [2]int // the mention the name comes from, if not the source itself
	role, org  string
	resolved   bool    // by a name in the mention itself (true) or by reference
	conf       float64 // confidence in the resolution
}

var personPronouns = map[string]bool{"he": true, "she": true, "him": true, "her": true}
var groupPronouns = map[string]bool{"they": true, "them": true, "it": true, "we": true}

// orgWords mark a capitalised phrase as an organisation when the tagger
// has not: "the Syrian Defense Ministry".
var orgWords = map[string]bool{
	"ministry": true, "service": true, "department": true, "commission": true, "committee": true,
	"party": true, "council": true, "agency": true, "office": true, "bureau": true,
	"government": true, "administration": true, "campaign": true, "court": true, "congress": true,
	"senate": true, "house": true, "army": true, "police": true, "company": true, "inc.": true,
	"corp.": true, "university": true, "institute": true, "foundation": true, "association": true,
	"union": true, "bank": true, "group": true, "kremlin": true, "parliament": true, "cabinet": true,
	"embassy": true, "command": true, "forces": true, "authority": true, "authorities": true,
	"organization": true, "organisation": true, "federation": true, "network": true, "times": true,
	"post": true, "news": true, "press": true, "journal": true, "center": true, "centre": true,
	"board": true, "fund": true, "coalition": true, "alliance": true, "league": true,
}

// resolveSpeakers fills the speaker of every attribution, in text order,
// so that pronouns and role nouns can refer back to earlier speakers.
func (d *doc) resolveSpeakers(atts []attribution) []speakerRef {
	refs := make([]speakerRef, len(atts))
	order := make([]int, len(atts))
	for i := range order {
		order[i] = i
	}
	// text order of the source (or cue) position
	pos := func(i int) int {
		if atts[i].hasSource() {
			return atts[i].source[0]
		}
		return atts[i].cue[0]
	}
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && pos(order[j]) < pos(order[j-1]); j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	var history []speakerRef // resolved speakers so far, in text order
	for _, i := range order {
		r := d.resolve(&atts[i], history)
		refs[i] = r
		if r.ent >= 0 || r.name != "" {
			r.antecedent = atts[i].source
			history = append(history, r)
		}
	}
	// "I" is whoever speaks the words it stands in: inside a quotation or
	// a transcript's turn, the speaker of the statement around it
	// ("“I believe we will win,” Trump said", "PENCE: I think ..."); else
	// the writer, where the byline names one person and the article is
	// no transcript ("“Okay,” I said, attempting to regroup").
	byline := ""
	if d.art != nil && !d.transcript() {
		byline = bylineName(d.art.Author)
	}
	for i := range atts {
		a := &atts[i]
		if !a.hasSource() || a.source[1]-a.source[0] != 1 || !firstPerson[d.lower[a.source[0]]] || refs[i].ent >= 0 || refs[i].name != "" {
			continue
		}
		j := enclosing(atts, i)
		switch {
		case j >= 0 && (d.quoteOf[a.source[0]] >= 0 || atts[j].via == "transcript"):
			if refs[j].ent >= 0 || refs[j].name != "" {
				r := refs[j]
				if r.antecedent == [2]int{} {
					r.antecedent = atts[j].source
				}
				r.resolved, r.conf = false, 0.8*refs[j].conf
				refs[i] = r
			}
		case byline != "" && d.quoteOf[a.source[0]] < 0:
			refs[i] = speakerRef{ent: -1, name: byline, typ: saywho.Person, conf: 0.7}
		}
	}
	return refs
}

var firstPerson = map[string]bool{"i": true, "me": true}

// enclosing returns the attribution whose content holds the source of
// atts[i] in its smallest piece, or -1.
func enclosing(atts []attribution, i int) int {
	s := atts[i].source
	best, size := -1, 1<<30
	for j := range atts {
		if j == i {
			continue
		}
		for _, p := range atts[j].content {
			if p[0] <= s[0] && s[1] <= p[1] && p[1]-p[0] < size {
				best, size = j, p[1]-p[0]
			}
		}
	}
	return best
}

// resolve finds who the source of a refers to. history holds the
// speakers resolved before it, most recent last.
func (d *doc) resolve(a *attribution, history []speakerRef) speakerRef {
	unknown := speakerRef{ent: -1, typ: saywho.Unknown, conf: 0.5}
	if !a.hasSource() {
		return unknown
	}
	s0, s1 := a.source[0], a.source[1]
	// A name in the mention itself.
	if r, ok := d.named(s0, s1); ok {
		return r
	}
	// A surname the tagger did not take for a name, as a transcript
	// ("PENCE: Well, look"), a headline ("Pence: Flowers Won't Be at
	// Debate") or a phrase ("Bush, Florida's former governor", "Mr.
	// Hedge") gives it: the article's person with that surname, unless
	// the word alone names an organisation or a place more often
	// ("Twitter"). After an honorific it is a person's in any case.
	e, h := d.headEnd(s0, s1), s0
	for h < e && (honorifics[d.lower[h]] || h > s0 && d.isPunct(h, ".")) {
		h++
	}
	if e-h == 1 && d.toks[h].Kind == token.Word && d.capitalised(h) && (h > s0 || !d.mostlyNonPerson(d.lower[h])) {
		if ei, _ := d.personBySurname(d.lower[h]); ei >= 0 {
			p := &d.entities[ei]
			bm := d.mentions[p.best]
			return speakerRef{ent: ei, name: p.name, typ: saywho.Person, antecedent: [2]int{bm.a, bm.b}, role: p.role, org: p.org, conf: 0.8}
		}
		if h > s0 {
			return speakerRef{ent: -1, name: d.word(h), typ: saywho.Person, resolved: true, conf: 0.6}
		}
	}
	head := d.lower[s1-1]
	if d.isPunct(s1-1, ",") && s1-2 >= s0 {
		head = d.lower[s1-2]
	}
	// Pronouns: the last person (he, she) or group (they) who spoke,
	// else the last person named before the mention.
	if s1-s0 == 1 && personPronouns[head] {
		for k := len(history) - 1; k >= 0; k-- {
			if history[k].typ == saywho.Person && history[k].ent >= 0 {
				r := history[k]
				r.resolved, r.conf = false, 0.75
				return r
			}
		}
		if r, ok := d.lastNamed(s0, saywho.EntityPerson); ok {
			r.conf = 0.6
			return r
		}
		return unknown
	}
	if s1-s0 == 1 && (head == "who" || head == "which") {
		// "Peskov, who said ...": the phrase before the relative pronoun.
		e := s0
		if e > 0 && d.isPunct(e-1, ",") {
			e--
		}
		sb, _ := d.sent(s0)
		if st := d.npLeft(e, sb); st < e {
			if r, ok := d.named(st, e); ok {
				r.antecedent = [2]int{st, e}
				r.resolved, r.conf = false, 0.8
				return r
			}
		}
		return unknown
	}
	if s1-s0 == 1 && groupPronouns[head] {
		for k := len(history) - 1; k >= 0; k-- {
			if history[k].typ == saywho.Organization {
				r := history[k]
				r.resolved, r.conf = false, 0.5
				return r
			}
			break
		}
		return unknown
	}
	// A role noun: "the spokesman", "Kremlin spokesman", "the official".
	det := d.lower[s0]
	indefinite := det == "a" || det == "an" || det == "another" || det == "some" || det == "one" || det == "two" || det == "several" || det == "many"
	if roleNouns[head] && !indefinite && !strings.HasSuffix(head, "s") {
		phrase := normKey(d.textOf(s0, s1))
		// Someone the article gave that role to, the most recent first.
		for k := len(history) - 1; k >= 0; k-- {
			h := history[k]
			if h.typ == saywho.Person && h.role != "" && (strings.Contains(normKey(h.role), head) || strings.Contains(phrase, normKey(h.role))) {
				h.resolved, h.conf = false, 0.8
				return h
			}
		}
		for ei := range d.entities {
			e := &d.entities[ei]
			if e.typ == saywho.EntityPerson && e.role != "" && strings.Contains(normKey(e.role), head) && d.mentions[e.best].a < s0 {
				return speakerRef{ent: ei, name: e.name, typ: saywho.Person, antecedent: [2]int{d.mentions[e.best].a, d.mentions[e.best].b}, role: e.role, org: e.org, conf: 0.7}
			}
		}
		// A generic role ("the official"): the most salient person who
		// has spoken, by statements so far, the last one breaking ties.
		if r, ok := salient(history); ok {
			r.resolved, r.conf = false, 0.6
			return r
		}
		return unknown
	}
	// An organisation the tagger missed: capitalised words with an
	// organisation noun.
	if d.is(s1-1, cProper) || orgWords[head] && d.capitalised(s1-1) {
		a0 := s0
		if d.is(a0, cDet) {
			a0++
		}
		return speakerRef{ent: -1, name: d.textOf(a0, s1), typ: saywho.Organization, resolved: true, conf: 0.6}
	}
	return unknown
}

// named returns the speaker named inside tokens [s0, s1). Only the head
// of the phrase counts: its first part before a comma ("Mike DuHaime, a
// Republican strategist"), and there the last person named, else the last
// organisation, else a place that stands for a government. A phrase whose
// last word is a role ("Kremlin spokesman") names a person by role, not
// the organisation in front of it.
func (d *doc) named(s0, s1 int) (speakerRef, bool) {
	end := d.headEnd(s0, s1)
	ms := d.mentionsIn(s0, end)
	pick := -1
	for _, want := range []saywho.EntityType{saywho.EntityPerson, saywho.EntityOrganization, saywho.EntityPlace} {
		for _, mi := range ms {
			if d.mentions[mi].typ == want && d.mentions[mi].ent >= 0 {
				pick = mi // the last one wins
			}
		}
		if pick >= 0 {
			break
		}
	}
	if pick < 0 {
		return speakerRef{}, false
	}
	m := d.mentions[pick]
	if m.b < end && roleNouns[d.lower[end-1]] {
		// "Kremlin spokesman", "a senior Obama administration official":
		// the name qualifies a role; the speaker is whoever holds it.
		return speakerRef{}, false
	}
	e := &d.entities[m.ent]
	r := speakerRef{ent: m.ent, name: e.name, typ: saywho.Person, resolved: true, conf: 0.9, role: e.role, org: e.org}
	if e.typ != saywho.EntityPerson {
		r.typ = saywho.Organization
		if m.metonym != "" {
			r.name = m.metonym // "Tokyo said": the government speaks
		}
	}
	if bm := d.mentions[e.best]; bm.a != m.a {
		r.antecedent = [2]int{bm.a, bm.b}
	}
	// Role in the mention: the words before the name ("Kremlin
	// spokesman", "Japanese Prime Minister") or an apposition after it.
	if e.typ == saywho.EntityPerson {
		if role := d.roleBefore(s0, m.a); role != "" {
			r.role = role
		} else if m.b+1 < s1 && d.isPunct(m.b, ",") {
			r.role = strings.TrimSpace(strings.Trim(d.textOf(m.b+1, s1), ", "))
			r.role = strings.TrimPrefix(strings.TrimPrefix(r.role, "a "), "an ")
		}
	}
	return r, true
}

// headEnd returns where the head of the phrase [s0, s1) ends: at its
// first comma or parenthesis ("Mike DuHaime, a Republican strategist").
func (d *doc) headEnd(s0, s1 int) int {
	for k := s0; k < s1; k++ {
		if d.isPunct(k, ",") || d.isPunct(k, "(") {
			return k
		}
	}
	return s1
}

// roleBefore returns the title words between a phrase start and a name:
// "Kremlin spokesman" in "Kremlin spokesman Dmitry Peskov".
func (d *doc) roleBefore(s0, name int) string {
	a := s0
	for a < name && (d.is(a, cDet|cPossPro) || d.lower[a] == "former" || d.lower[a] == "then") {
		a++
	}
	if a >= name {
		return ""
	}
	has := false
	for i := a; i < name; i++ {
		if eclassOf[d.ner[i]] == eTitle || roleNouns[d.lower[i]] {
			has = true
		}
	}
	if !has {
		return ""
	}
	return d.textOf(a, name)
}

// lastNamed returns the last entity of type t mentioned before token i.
func (d *doc) lastNamed(i int, t saywho.EntityType) (speakerRef, bool) {
	for mi := len(d.mentions) - 1; mi >= 0; mi-- {
		m := d.mentions[mi]
		if m.b > i || m.typ != t || m.ent < 0 {
			continue
		}
		e := &d.entities[m.ent]
		return speakerRef{ent: m.ent, name: e.name, typ: saywho.Person, antecedent: [2]int{m.a, m.b}, role: e.role, org: e.org}, true
	}
	return speakerRef{}, false
}

// salient returns the person in history with the most statements, the
// most recent one among equals.
func salient(history []speakerRef) (speakerRef, bool) {
	count := map[int]int{}
	best, bestN := -1, 0
	for k, h := range history {
		if h.typ != saywho.Person || h.ent < 0 {
			continue
		}
		count[h.ent]++
		if n := count[h.ent]; n >= bestN {
			best, bestN = k, n
		}
	}
	if best < 0 {
		return speakerRef{}, false
	}
	// the latest reference to that person
	for k := len(history) - 1; k >= 0; k-- {
		if history[k].ent == history[best].ent {
			return history[k], true
		}
	}
	return history[best], true
}

// transcript reports whether a paragraph of the article opens with a
// speaker's label in capitals and a colon ("FALLIN: I think"): there "I"
// is the speaker's, whether or not each turn was found.
func (d *doc) transcript() bool {
	for i := range d.toks {
		if i > 0 && d.paraOf[i-1] == d.paraOf[i] {
			continue
		}
		k := i
		if d.toks[k].Kind == token.Quote && k+1 < len(d.toks) {
			k++
		}
		if k+1 < len(d.toks) && d.allCaps(k) && len(d.word(k)) > 1 && d.isPunct(k+1, ":") {
			return true
		}
	}
	return false
}

// bylineName returns the one person a byline names, in the case of a
// name ("AMY CHOZICK" -> "Amy Chozick", "Heidi M. Przybyla, USA TODAY" ->
// "Heidi M. Przybyla"), or "" for a byline of an agency, a desk, several
// writers or none ("AP", "Breitbart News", "None", "A and B").
func bylineName(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 3 && strings.EqualFold(s[:3], "by ") {
		s = strings.TrimSpace(s[3:])
	}
	if i := strings.IndexAny(s, ",|;"); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	words := strings.Fields(s)
	if len(words) < 2 || len(words) > 4 {
		return ""
	}
	upper := strings.ToUpper(s) == s
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || bylineWords[strings.ToLower(strings.Trim(w, "."))] {
			return ""
		}
		if upper && len(w) > 2 {
			words[i] = string(r) + strings.ToLower(w[utf8.RuneLen(r):])
		}
	}
	return strings.Join(words, " ")
}

// bylineWords mark a byline that names no one person.
var bylineWords = map[string]bool{
	"and": true, "news": true, "staff": true, "editorial": true, "board": true, "press": true,
	"associated": true, "desk": true, "team": true, "report": true, "reports": true,
	"times": true, "post": true, "wire": true, "agency": true, "editors": true, "none": true,
}
