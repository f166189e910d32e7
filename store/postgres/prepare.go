package postgres

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store"
)

// articleRow is an analysis checked and turned into what is written: all
// the work that needs no database, done before the transaction starts so
// that it stays short.
type articleRow struct {
	hash, extID string
	art         saywho.Article // a copy, with cleaned strings
	stmts       []saywho.Statement
	rec         saywho.Record
	published   *time.Time
	updated     *time.Time
	sections    string // JSON
	figures     string // JSON
	parts       []*string
	quotes      []*int64
	norms       []string // of rec.Statements' speakers
}

// prepare validates a as the embedded store does (spans inside the text,
// known kinds, confidence in [0,1], speaker entities that exist), so that
// the same analysis fails or succeeds in both stores.
func prepare(a *saywho.Analysis) (*articleRow, error) {
	if err := store.CheckAnalysis(a); err != nil {
		return nil, err
	}
	art := a.Article
	name := art.ID
	if name == "" {
		name = art.Source
	}

	// The record is built from the text as given, so that the hash is
	// the text's; only then are the strings made storable.
	r := &articleRow{art: *art, stmts: a.Statements, rec: a.Record(false), extID: clean(name)}
	r.hash = r.rec.Article.Hash
	if r.extID == "" {
		r.extID = r.hash
	}
	cleanArticle(&r.art)
	cleanRecord(&r.rec)
	r.published = timePtrOf(art.Published)
	r.updated = timePtrOf(art.Updated)
	sections := r.rec.Article.Sections
	if sections == nil {
		sections = []string{}
	}
	b, err := json.Marshal(sections)
	if err != nil {
		return nil, fmt.Errorf("article %s: sections: %w", name, err)
	}
	r.sections = string(b)
	if b, err = json.Marshal(r.rec.Figures); err != nil {
		return nil, fmt.Errorf("article %s: figures: %w", name, err)
	}
	r.figures = string(b)
	for _, s := range r.rec.Statements {
		var ps *string
		if len(s.Parts) > 0 {
			b, _ := json.Marshal(s.Parts) // ints only: cannot fail
			p := string(b)
			ps = &p
		}
		r.parts = append(r.parts, ps)
		r.quotes = append(r.quotes, quoteID(s.Text))
		r.norms = append(r.norms, store.NormalizeName(s.Speaker.Name))
	}
	return r, nil
}

func timePtrOf(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// quoteID is store.QuoteID as a nullable column value.
func quoteID(text string) *int64 {
	id, ok := store.QuoteID(text)
	if !ok {
		return nil
	}
	return &id
}

// clean makes s storable in a PostgreSQL text column, which holds neither
// NUL nor invalid UTF-8: each such code point (as Go counts them) becomes
// U+FFFD, so that code point offsets into the text stay right. Readers
// never produce either; an analysis from elsewhere may.
func clean(s string) string {
	ok := utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
	if ok {
		return s
	}
	var b strings.Builder
	for _, c := range s {
		if c == 0 {
			c = utf8.RuneError
		}
		b.WriteRune(c) // an invalid byte ranges as RuneError, one per byte
	}
	return b.String()
}

func cleanArticle(a *saywho.Article) {
	for _, p := range []*string{&a.Text, &a.Title, &a.URL, &a.Outlet, &a.Author, &a.Language, &a.Source, &a.ID} {
		*p = clean(*p)
	}
}

func cleanSpan(s *saywho.SpanText) {
	if s != nil {
		s.Text = clean(s.Text)
	}
}

func cleanRecord(r *saywho.Record) {
	r.Article.Sections = append([]string(nil), r.Article.Sections...)
	for i := range r.Article.Sections {
		r.Article.Sections[i] = clean(r.Article.Sections[i])
	}
	for i := range r.Statements {
		s := &r.Statements[i]
		for _, p := range []*string{&s.Text, &s.Section, &s.Speaker.Name, &s.Speaker.ID, &s.Speaker.Role, &s.Speaker.Org} {
			*p = clean(*p)
		}
		cleanSpan(s.Speaker.Mention)
		cleanSpan(s.Speaker.Antecedent)
		cleanSpan(s.Cue)
	}
	for i := range r.Entities {
		e := &r.Entities[i]
		for _, p := range []*string{&e.ID, &e.Name, &e.Metonym, &e.Role, &e.Org} {
			*p = clean(*p)
		}
		e.Aliases = append([]string(nil), e.Aliases...)
		for k := range e.Aliases {
			e.Aliases[k] = clean(e.Aliases[k])
		}
	}
	for i := range r.Figures {
		f := &r.Figures[i]
		f.Text, f.Unit = clean(f.Text), clean(f.Unit)
		cleanSpan(f.About)
	}
}
