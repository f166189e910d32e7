package identity

import (
	"slices"
	"strings"
	"time"

	saywho "github.com/saywho/saywho"
)

// Entity is an article's entity as Builder takes it: the fields of a
// saywho.Entity that identity uses, so that a store can feed its rows.
type Entity struct {
	Name     string
	Type     saywho.EntityType
	Aliases  []string
	Metonym  string
	Role     string
	Org      string
	Mentions int // how often the article names it; unused but for weight
}

// Speaker is a statement's speaker as Builder takes it.
type Speaker struct {
	Name    string
	Type    saywho.SpeakerType
	Role    string
	Org     string
	Mention string // the mention as printed, next to the cue
}

// Builder collects the units of a corpus: one for each entity of each
// article, one for each speaker not among them, and one for each role a
// speaker is known only by ("the Kremlin spokesman"). Statements of one
// article by the same speaker share a unit.
type Builder struct {
	units []Unit
	index map[string]int
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder { return &Builder{index: map[string]int{}} }

// Units returns the units collected so far. The slice is the Builder's.
func (b *Builder) Units() []Unit { return b.units }

func (b *Builder) unit(article string, date time.Time, key string) (int, *Unit) {
	k := article + "\x00" + key
	if i, ok := b.index[k]; ok {
		return i, &b.units[i]
	}
	b.index[k] = len(b.units)
	b.units = append(b.units, Unit{Article: article, Date: date})
	return len(b.units) - 1, &b.units[len(b.units)-1]
}

func appendNew(list []string, v string) []string {
	v = strings.TrimSpace(v)
	if v == "" || slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}

func entityLetter(t saywho.EntityType) string {
	switch t {
	case saywho.EntityOrganization:
		return "o|"
	case saywho.EntityPlace:
		return "l|"
	}
	return "p|"
}

// AddEntity adds an entity of an article and returns its unit.
func (b *Builder) AddEntity(article string, date time.Time, e Entity) int {
	key := NameKey(e.Name)
	if key == "" {
		return -1
	}
	i, u := b.unit(article, date, entityLetter(e.Type)+key)
	if u.Name == "" {
		u.Name = strings.TrimSpace(e.Name)
		u.Type = Type(e.Type)
	}
	if e.Metonym != "" && e.Type == saywho.EntityOrganization {
		u.Metonym = e.Metonym
	}
	for _, al := range e.Aliases {
		if NameKey(al) != key {
			u.Aliases = appendNew(u.Aliases, al)
		}
	}
	u.Roles = appendNew(u.Roles, e.Role)
	u.Orgs = appendNew(u.Orgs, e.Org)
	return i
}

// AddSpeaker adds one statement's speaker and returns its unit, or -1 for
// a speaker of whom nothing is known that could name it (a pronoun, "the
// official").
func (b *Builder) AddSpeaker(article string, date time.Time, s Speaker) int {
	name, typ := SpeakerName(strings.TrimSpace(s.Name), s.Type, s.Mention)
	var i int
	var u *Unit
	if key := NameKey(name); key != "" {
		letter := "p|"
		if typ == saywho.Organization {
			letter = "o|"
		}
		i, u = b.unit(article, date, letter+key)
		if u.Name == "" {
			u.Name = name
			u.Type = Person
			if typ == saywho.Organization {
				u.Type = Organization
			}
		}
	} else {
		k := roleOnly(s.Mention)
		if k == "" {
			return -1
		}
		i, u = b.unit(article, date, "r|"+k)
		u.Type = Unknown
	}
	u.Said = appendNew(u.Said, s.Mention)
	u.Roles = appendNew(u.Roles, s.Role)
	u.Orgs = appendNew(u.Orgs, s.Org)
	u.Statements++
	return i
}

// AddAnalysis adds an analysed article: its entities and its statements'
// speakers. It returns the unit of each statement, -1 where there is
// none. The article is keyed by its ID, or its hash when it has none.
func (b *Builder) AddAnalysis(a *saywho.Analysis) []int {
	if a == nil || a.Article == nil {
		return nil
	}
	art := a.Article
	key := art.ID
	if key == "" {
		key = art.Hash()
	}
	date := art.Published
	for _, e := range a.Entities {
		b.AddEntity(key, date, Entity{Name: e.Name, Type: e.Type, Aliases: e.Aliases, Metonym: e.Metonym,
			Role: e.Role, Org: e.Org, Mentions: len(e.Mentions)})
	}
	t := saywho.NewText(art.Text)
	out := make([]int, len(a.Statements))
	for k, s := range a.Statements {
		out[k] = b.AddSpeaker(key, date, Speaker{Name: s.Speaker.Name, Type: s.Speaker.Type,
			Role: s.Speaker.Role, Org: s.Speaker.Org, Mention: t.Slice(s.Speaker.Mention)})
	}
	return out
}
