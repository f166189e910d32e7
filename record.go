package saywho

import (
	"strconv"
	"time"
)

// Record is the external JSON form of an Analysis: one line of
// `saywho extract --format jsonl`, one article in the HTTP API. Other tools
// score and read it, so its fields are only ever added to, never renamed or
// dropped. It repeats the text of each span so a reader needs no source to
// see what was found; offsets are code points into ArticleRecord.Text.
// docs/SCHEMA.md documents every field.
type Record struct {
	ID         string            `json:"id"`
	Article    ArticleRecord     `json:"article"`
	Statements []StatementRecord `json:"statements"`
	Entities   []EntityRecord    `json:"entities"`
	Figures    []FigureRecord    `json:"figures"`
	// Error is set, and everything else but ID empty, when the document
	// could not be read; a batch goes on past it.
	Error string `json:"error,omitempty"`
}

// ArticleRecord is the article's metadata. Text is included only where the
// caller asks for it (it is the one large field).
type ArticleRecord struct {
	ID        string     `json:"id"`
	Headline  string     `json:"headline,omitempty"`
	Outlet    string     `json:"outlet,omitempty"`
	URL       string     `json:"url,omitempty"`
	Author    string     `json:"author,omitempty"`
	Language  string     `json:"language,omitempty"`
	Published *time.Time `json:"published,omitempty"`
	Updated   *time.Time `json:"updated,omitempty"`
	Hash      string     `json:"hash"`
	Length    int        `json:"length"` // in code points
	Sections  []string   `json:"sections,omitempty"`
	Text      string     `json:"text,omitempty"`
}

// SpanText is a span with the text it covers.
type SpanText struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// StatementRecord is one statement. Start and End bound the whole content;
// Parts lists its pieces when there is more than one.
type StatementRecord struct {
	Kind       Kind          `json:"kind"`
	Start      int           `json:"start"`
	End        int           `json:"end"`
	Text       string        `json:"text"`
	Parts      []Span        `json:"parts,omitempty"`
	Speaker    SpeakerRecord `json:"speaker"`
	Cue        *SpanText     `json:"cue,omitempty"`
	Section    string        `json:"section"`
	Confidence float64       `json:"confidence"`
}

// SpeakerRecord is the speaker of a statement. ID is the canonical id of
// the speaker within the article ("e3"), or empty when unknown.
type SpeakerRecord struct {
	Name       string      `json:"name"`
	ID         string      `json:"id,omitempty"`
	Type       SpeakerType `json:"type"`
	Role       string      `json:"role,omitempty"`
	Org        string      `json:"org,omitempty"`
	Mention    *SpanText   `json:"mention,omitempty"`
	Antecedent *SpanText   `json:"antecedent,omitempty"`
}

// EntityRecord is an entity of the article.
type EntityRecord struct {
	ID       string     `json:"id"`
	Name     string     `json:"name"`
	Type     EntityType `json:"type"`
	Aliases  []string   `json:"aliases,omitempty"`
	Metonym  string     `json:"metonym,omitempty"`
	Role     string     `json:"role,omitempty"`
	Org      string     `json:"org,omitempty"`
	Mentions []SpanText `json:"mentions"`
}

// FigureRecord is a figure with what it measures.
type FigureRecord struct {
	Start int       `json:"start"`
	End   int       `json:"end"`
	Text  string    `json:"text"`
	Value float64   `json:"value"`
	Unit  string    `json:"unit,omitempty"`
	About *SpanText `json:"about,omitempty"`
}

// EntityID is the id of entity i within its article.
func EntityID(i int) string {
	if i < 0 {
		return ""
	}
	return "e" + strconv.Itoa(i+1)
}

// Record returns the external form of a. withText includes the article's
// text.
func (a *Analysis) Record(withText bool) Record {
	art := a.Article
	t := NewText(art.Text)
	st := func(s Span) *SpanText {
		if s.Empty() {
			return nil
		}
		return &SpanText{s.Start, s.End, t.Slice(s)}
	}
	r := Record{
		ID: art.ID,
		Article: ArticleRecord{
			ID: art.ID, Headline: art.Title, Outlet: art.Outlet, URL: art.URL,
			Author: art.Author, Language: art.Language, Hash: art.Hash(), Length: t.Len(),
		},
		Statements: make([]StatementRecord, 0, len(a.Statements)),
		Entities:   make([]EntityRecord, 0, len(a.Entities)),
		Figures:    make([]FigureRecord, 0, len(a.Figures)),
	}
	if !art.Published.IsZero() {
		p := art.Published.UTC()
		r.Article.Published = &p
	}
	if !art.Updated.IsZero() {
		u := art.Updated.UTC()
		r.Article.Updated = &u
	}
	for _, s := range art.Sections {
		r.Article.Sections = append(r.Article.Sections, t.Slice(s.Heading))
	}
	if withText {
		r.Article.Text = art.Text
	}
	for _, s := range a.Statements {
		sr := StatementRecord{
			Kind: s.Kind, Start: s.Content.Start, End: s.Content.End, Text: t.Slice(s.Content),
			Parts: s.Parts, Cue: st(s.Cue), Confidence: s.Confidence,
			Speaker: SpeakerRecord{
				Name: s.Speaker.Name, ID: EntityID(s.Speaker.Entity), Type: s.Speaker.Type,
				Role: s.Speaker.Role, Org: s.Speaker.Org,
				Mention: st(s.Speaker.Mention), Antecedent: st(s.Speaker.Antecedent),
			},
		}
		if s.Section >= 0 && s.Section < len(art.Sections) {
			sr.Section = t.Slice(art.Sections[s.Section].Heading)
		}
		r.Statements = append(r.Statements, sr)
	}
	for i, e := range a.Entities {
		er := EntityRecord{ID: EntityID(i), Name: e.Name, Type: e.Type, Aliases: e.Aliases,
			Metonym: e.Metonym, Role: e.Role, Org: e.Org, Mentions: make([]SpanText, 0, len(e.Mentions))}
		for _, m := range e.Mentions {
			er.Mentions = append(er.Mentions, SpanText{m.Start, m.End, t.Slice(m)})
		}
		r.Entities = append(r.Entities, er)
	}
	for _, f := range a.Figures {
		r.Figures = append(r.Figures, FigureRecord{Start: f.Span.Start, End: f.Span.End,
			Text: t.Slice(f.Span), Value: f.Value, Unit: f.Unit, About: st(f.About)})
	}
	return r
}
