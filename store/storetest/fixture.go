package storetest

import (
	"fmt"
	"strings"
	"time"

	saywho "github.com/saywho/saywho"
)

// Doc describes a test article in words rather than offsets: every span
// is found by searching the text, so fixtures stay readable.
type Doc struct {
	ID, Outlet, URL string
	Published       string // YYYY-MM-DD, or empty
	Text            string
	Statements      []Stmt
	Entities        []Ent
}

// Stmt is a statement of a Doc. Content, Mention and Cue are substrings
// of the text (the first occurrence at or after the previous statement's
// start).
type Stmt struct {
	Kind                  saywho.Kind
	Content, Mention, Cue string
	Speaker               string // canonical name; empty: unknown
	Type                  saywho.SpeakerType
	Entity                int // 1 + index into Doc.Entities; 0: none
	Role, Org             string
}

// Ent is an entity of a Doc; each of Mentions is found at every place it
// occurs in the text.
type Ent struct {
	Name     string
	Type     saywho.EntityType
	Aliases  []string
	Mentions []string
}

// Analysis turns d into what extraction would return. It panics on a
// fixture that does not match its text: that is a bug in the test.
func (d Doc) Analysis() *saywho.Analysis {
	t := saywho.NewText(d.Text)
	find := func(sub string, from int) saywho.Span {
		if sub == "" {
			return saywho.Span{}
		}
		i := strings.Index(d.Text[from:], sub)
		if i < 0 {
			panic(fmt.Sprintf("fixture %s: %q not in text", d.ID, sub))
		}
		return t.SpanOf(from+i, from+i+len(sub))
	}
	art := &saywho.Article{ID: d.ID, Text: d.Text, Outlet: d.Outlet, URL: d.URL, Source: "fixture/" + d.ID}
	if d.Published != "" {
		p, err := time.Parse(time.DateOnly, d.Published)
		if err != nil {
			panic(err)
		}
		art.Published = p
	}
	a := &saywho.Analysis{Article: art}
	for _, e := range d.Entities {
		ent := saywho.Entity{Name: e.Name, Type: e.Type, Aliases: e.Aliases}
		for _, m := range e.Mentions {
			for from := 0; ; {
				i := strings.Index(d.Text[from:], m)
				if i < 0 {
					break
				}
				ent.Mentions = append(ent.Mentions, t.SpanOf(from+i, from+i+len(m)))
				from += i + len(m)
			}
		}
		a.Entities = append(a.Entities, ent)
	}
	from := 0
	for _, s := range d.Statements {
		c := find(s.Content, from)
		from = t.Byte(c.Start)
		typ := s.Type
		if typ == "" {
			typ = saywho.Person
			if s.Speaker == "" {
				typ = saywho.Unknown
			}
		}
		a.Statements = append(a.Statements, saywho.Statement{
			Kind: s.Kind, Content: c, Cue: find(s.Cue, 0), Section: -1, Confidence: 0.9,
			Speaker: saywho.Speaker{Name: s.Speaker, Entity: s.Entity - 1, Type: typ,
				Mention: find(s.Mention, 0), Role: s.Role, Org: s.Org},
		})
	}
	return a
}
