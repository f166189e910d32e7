package extract

import (
	"strings"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/gazetteer"
	"github.com/saywho/saywho/tag"
)

// Entity classes, folded from the tagger's NER labels.
type eclass uint8

const (
	eNone eclass = iota
	ePerson
	eOrg
	ePlace
	eTitle       // job title: spokesman, President
	eNationality // Japanese, Russian
	eMisc
)

var eclassOf [256]eclass
var eBegin [256]bool // the label starts a new entity (B- labels)

func init() {
	for n := 0; n < 256; n++ {
		s := tag.NER(n).String()
		if strings.HasPrefix(s, "B-") {
			eBegin[n] = true
		}
		s = strings.TrimPrefix(strings.TrimPrefix(s, "B-"), "I-")
		var c eclass
		switch s {
		case "PERSON", "PER":
			c = ePerson
		case "ORGANIZATION", "ORG":
			c = eOrg
		case "LOCATION", "LOC", "CITY", "COUNTRY", "STATE_OR_PROVINCE", "GPE":
			c = ePlace
		case "TITLE":
			c = eTitle
		case "NATIONALITY", "NORP":
			c = eNationality
		case "MISC":
			c = eMisc
		}
		eclassOf[n] = c
	}
}

// mention is a name in the text: tokens [a, b).
type mention struct {
	a, b    int
	typ     saywho.EntityType
	ent     int    // index into doc.entities
	canon   string // canonical name from the gazetteer, if it knows the name
	metonym string // what the place stands for, when used for a body
	seat    bool   // a gazetteer place or seat that can stand for a body
}

// entity is an article-level entity: all mentions of one person,
// organisation or place.
type entity struct {
	name     string
	typ      saywho.EntityType
	mentions []int // indices into doc.mentions
	aliases  []string
	role     string
	org      string
	metonym  string
	best     int // the mention the name comes from
}

// honorifics are stripped from person names: "Mr. Trump" is "Trump".
var honorifics = map[string]bool{
	"mr.": true, "mrs.": true, "ms.": true, "dr.": true, "mr": true, "mrs": true, "ms": true,
	"dr": true, "sen.": true, "rep.": true, "gov.": true, "prof.": true, "gen.": true,
	"lt.": true, "col.": true, "sgt.": true, "capt.": true, "adm.": true, "rev.": true,
	"sir": true, "dame": true, "lord": true, "lady": true,
}

// findMentions finds the names of the text: what the gazetteer knows
// (countries, capitals, seats, organisations), then what the tagger
// labels as a person, organisation or place. The gazetteer wins where
// both speak, unless its entry is ambiguous ("Jordan", "Georgia") and the
// tagger calls the name a person.
func (d *doc) findMentions() {
	n := len(d.toks)
	words := make([]string, 0, 8)
	layout := d.layoutTokens()
	for i := 0; i < n; {
		c := eclassOf[d.ner[i]]
		if d.toks[i].Kind == 1 && (d.capitalised(i) || d.lower[i] == "the") {
			words = words[:0]
			for k := i; k < n && k < i+8 && d.sentOf[k] == d.sentOf[i]; k++ {
				words = append(words, d.word(k))
			}
			if k, e, ok := gazetteer.LookupTokens(words); ok && k > 0 && e.Kind != gazetteer.Nationality && !(e.Ambiguous && c == ePerson) {
				a := i
				if d.lower[a] == "the" {
					a++
				}
				if a < i+k {
					m := mention{a: a, b: i + k, ent: -1, canon: e.Name}
					switch {
					case e.Kind == gazetteer.Seat:
						m.typ, m.seat, m.metonym = saywho.EntityOrganization, true, e.Stands
					case e.Kind.IsOrganization():
						m.typ = saywho.EntityOrganization
					default:
						m.typ = saywho.EntityPlace
						m.seat = e.Kind == gazetteer.Capital
						if m.seat {
							m.metonym = e.Stands
						}
					}
					d.mentions = append(d.mentions, m)
					i += k
					continue
				}
			}
		}
		if c != ePerson && c != eOrg && c != ePlace || layout[i] {
			// Headlines and headings are in title case, where the
			// tagger sees names everywhere ("Decries", "Unfriendly
			// Actions"): there only the gazetteer names things.
			i++
			continue
		}
		j := i + 1
		for j < n && eclassOf[d.ner[j]] == c && !eBegin[d.ner[j]] && d.sentOf[j] == d.sentOf[i] {
			j++
		}
		a := i
		if c == ePerson {
			for a < j && honorifics[d.lower[a]] {
				a++
			}
		}
		if c == eOrg {
			// "the Syrian Defense Ministry": a nationality before an
			// organisation's name is part of it.
			for a > 0 && d.capitalised(a-1) && eclassOf[d.ner[a-1]] == eNationality || a > 0 && d.capitalised(a-1) && isDemonym(d.word(a-1)) {
				a--
			}
		}
		// Trailing possessive or punctuation is not part of the name.
		b := j
		for b > a && (d.is(b-1, cPossMark) || d.toks[b-1].Kind == 3 && d.word(b-1) != ".") {
			b--
		}
		if b > a {
			d.mentions = append(d.mentions, mention{a: a, b: b, typ: typeOf(c), ent: -1})
		}
		i = j
	}
	d.joinOrgNames()
	// A capital or seat is a metonym where it acts: as a subject or an
	// owner ("Tokyo's unfriendly actions", "Washington's decision", "the
	// Kremlin said"), not where it is a place ("in Tokyo").
	for k := range d.mentions {
		m := &d.mentions[k]
		if !m.seat {
			continue
		}
		if m.typ == saywho.EntityPlace && m.a > 0 && d.is(m.a-1, cPrep) {
			m.metonym = ""
		}
	}
}

// joinOrgNames joins adjacent names that end in an organisation word
// into one organisation: "Save Romania Union" is a party, not a verb, a
// country and a union.
func (d *doc) joinOrgNames() {
	out := d.mentions[:0]
	for k := 0; k < len(d.mentions); k++ {
		m := d.mentions[k]
		j := k
		for j+1 < len(d.mentions) && d.mentions[j+1].a == d.mentions[j].b && d.sentOf[d.mentions[j+1].a] == d.sentOf[m.a] {
			j++
		}
		if last := d.mentions[j]; j > k && orgWords[d.lower[last.b-1]] && d.capitalised(last.b-1) {
			m = mention{a: m.a, b: last.b, typ: saywho.EntityOrganization, ent: -1}
			k = j
		}
		out = append(out, m)
	}
	d.mentions = out
}

// layoutTokens marks the tokens of the headline, the dateline and the
// section headings.
func (d *doc) layoutTokens() []bool {
	mark := make([]bool, len(d.toks))
	spans := []saywho.Span{d.art.Headline, d.art.Dateline}
	for _, s := range d.art.Sections {
		spans = append(spans, s.Heading)
	}
	for _, sp := range spans {
		if sp.Empty() {
			continue
		}
		a, b := d.rt.Byte(sp.Start), d.rt.Byte(sp.End)
		for i := d.tokenAt(a); i >= 0 && i < len(d.toks) && int(d.toks[i].Start) < b; i++ {
			mark[i] = true
		}
	}
	return mark
}

func isDemonym(w string) bool {
	_, ok := gazetteer.Demonym(w)
	return ok
}

func typeOf(c eclass) saywho.EntityType {
	switch c {
	case ePerson:
		return saywho.EntityPerson
	case eOrg:
		return saywho.EntityOrganization
	}
	return saywho.EntityPlace
}

// clusterMentions groups mentions into entities with one canonical name
// each. People: a full name is its own entity; a single surname joins the
// full name that shares it, the last one before it or else the first one
// after (so "Trump" after "Melania Trump" is Melania, never merged with
// "Donald Trump" by the surname alone). Organisations: by name without
// "the", with acronyms in parentheses or by initials as aliases.
func (d *doc) clusterMentions() {
	byName := map[string]int{}
	nameOf := func(m *mention) string { return d.textOf(m.a, m.b) }
	// Pass 1: multi-word names and organisations.
	for mi := range d.mentions {
		m := &d.mentions[mi]
		if m.typ == saywho.EntityPerson && m.b-m.a == 1 {
			continue
		}
		name := nameOf(m)
		if m.canon != "" {
			name = m.canon
		}
		key := string(m.typ) + ":" + normKey(name)
		e, ok := byName[key]
		if !ok {
			e = len(d.entities)
			d.entities = append(d.entities, entity{name: name, typ: m.typ, best: mi})
			byName[key] = e
		}
		if m.metonym != "" && d.entities[e].metonym == "" {
			d.entities[e].metonym = m.metonym
		}
		if m.canon != "" && !strings.EqualFold(nameOf(m), m.canon) && !containsFold(d.entities[e].aliases, nameOf(m)) {
			d.entities[e].aliases = append(d.entities[e].aliases, nameOf(m))
		}
		m.ent = e
		d.entities[e].mentions = append(d.entities[e].mentions, mi)
	}
	// Pass 2: single-word person names and acronyms.
	for mi := range d.mentions {
		m := &d.mentions[mi]
		if m.ent >= 0 {
			continue
		}
		w := d.lower[m.a]
		best, bestDist := -1, 1<<30
		for ei := range d.entities {
			e := &d.entities[ei]
			if e.typ != saywho.EntityPerson {
				continue
			}
			bm := d.mentions[e.best]
			if d.lower[bm.b-1] != w && d.lower[bm.a] != w {
				continue
			}
			// distance: prefer the last full mention before, then the
			// first after
			dist := 1 << 29
			for _, k := range e.mentions {
				km := d.mentions[k]
				if km.b-km.a < 2 {
					continue
				}
				if km.a <= m.a && m.a-km.a < dist {
					dist = m.a - km.a
				} else if km.a > m.a && (km.a-m.a)+(1<<20) < dist {
					dist = (km.a - m.a) + (1 << 20)
				}
			}
			if dist < bestDist {
				best, bestDist = ei, dist
			}
		}
		if best < 0 {
			key := "person:" + w
			e, ok := byName[key]
			if !ok {
				e = len(d.entities)
				d.entities = append(d.entities, entity{name: nameOf(m), typ: m.typ, best: mi})
				byName[key] = e
			}
			best = e
		}
		m.ent = best
		d.entities[best].mentions = append(d.entities[best].mentions, mi)
	}
	// Acronyms: "Foreign Intelligence Service (SVR)" makes SVR an alias;
	// a later "SVR" mention joins the full name.
	for ei := range d.entities {
		e := &d.entities[ei]
		if e.typ != saywho.EntityOrganization {
			continue
		}
		bm := d.mentions[e.best]
		if bm.b+2 < len(d.toks) && d.isPunct(bm.b, "(") && d.isPunct(bm.b+2, ")") {
			acr := d.word(bm.b + 1)
			if !containsFold(e.aliases, acr) {
				e.aliases = append(e.aliases, acr)
			}
		}
	}
	for ei := range d.entities {
		e := &d.entities[ei]
		if e.typ != saywho.EntityOrganization || len(e.mentions) == 0 || strings.ContainsRune(e.name, ' ') {
			continue
		}
		for oi := range d.entities {
			o := &d.entities[oi]
			if oi == ei || o.typ != saywho.EntityOrganization {
				continue
			}
			if containsFold(o.aliases, e.name) || e.name == initials(o.name) {
				if !containsFold(o.aliases, e.name) {
					o.aliases = append(o.aliases, e.name)
				}
				for _, k := range e.mentions {
					d.mentions[k].ent = oi
				}
				o.mentions = append(o.mentions, e.mentions...)
				e.mentions = nil
				break
			}
		}
	}
}

// initials returns the capital initials of a name: "Central Electoral
// Commission" -> "CEC".
func initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		if w == "of" || w == "the" || w == "and" || w == "for" {
			continue
		}
		if c := w[0]; 'A' <= c && c <= 'Z' {
			b.WriteByte(c)
		}
	}
	if b.Len() < 2 {
		return ""
	}
	return b.String()
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// normKey is the key names are compared by: lower case, no leading
// "the", no punctuation, curly apostrophes straight.
func normKey(s string) string {
	s = strings.ToLower(strings.ReplaceAll(s, "’", "'"))
	s = strings.TrimPrefix(s, "the ")
	s = strings.TrimSuffix(s, "'s")
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == '.' || r == ',' || r == '\'' || r == '"':
		case r == ' ' || r == '\n' || r == '\t' || r == '-':
			space = true
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mentionAt returns the mentions overlapping tokens [a, b), in order.
func (d *doc) mentionsIn(a, b int) []int {
	var out []int
	for mi, m := range d.mentions {
		if m.a < b && a < m.b {
			out = append(out, mi)
		}
		if m.a >= b {
			break
		}
	}
	return out
}

// roleRun returns the title words right before a person's name, in the
// same sentence: "Kremlin spokesman" before "Dmitry Peskov", "Japanese
// Prime Minister" before "Shigeru Ishiba". It returns an empty range when
// the words hold no title.
func (d *doc) roleRun(name int) (int, int) {
	s0, _ := d.sent(name)
	k := name
	title := false
	for k > s0 {
		i := k - 1
		c := eclassOf[d.ner[i]]
		switch {
		case c == eTitle || roleNouns[d.lower[i]]:
			title = true
		case c == eOrg || c == eNationality || c == ePlace || d.is(i, cProper) || d.is(i, cPossMark) || d.lower[i] == "former" || d.lower[i] == "deputy" || d.lower[i] == "vice":
		case d.lower[i] == "of" && k < name:
		default:
			goto done
		}
		k--
	}
done:
	for k < name && (d.lower[k] == "of" || d.is(k, cPossMark)) {
		k++
	}
	if !title || k >= name {
		return 0, 0
	}
	return k, name
}

// assignRoles gives each person entity the role and organisation the
// article states next to its name, the first time it does.
func (d *doc) assignRoles() {
	for _, m := range d.mentions {
		if m.typ != saywho.EntityPerson || m.ent < 0 {
			continue
		}
		e := &d.entities[m.ent]
		if e.role != "" {
			continue
		}
		a, b := d.roleRun(m.a)
		if b <= a {
			continue
		}
		e.role = d.textOf(a, b)
		for i := a; i < b; i++ {
			if c := eclassOf[d.ner[i]]; c == eOrg || c == ePlace && false {
				j := i
				for j < b && eclassOf[d.ner[j]] == c {
					j++
				}
				e.org = d.textOf(i, j)
				break
			}
		}
	}
}
