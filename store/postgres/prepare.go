package postgres

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
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
	if a == nil || a.Article == nil {
		return nil, errors.New("analysis without article")
	}
	art := a.Article
	name := art.ID
	if name == "" {
		name = art.Source
	}
	n := saywho.NewText(art.Text).Len()
	check := func(what string, s saywho.Span, required bool) error {
		if s.Start == 0 && s.End == 0 && !required {
			return nil
		}
		if s.Start < 0 || s.End > n || s.End < s.Start {
			return fmt.Errorf("article %s: %s span [%d,%d) outside text of %d code points", name, what, s.Start, s.End, n)
		}
		return nil
	}
	for i, st := range a.Statements {
		what := fmt.Sprintf("statement %d", i)
		switch st.Kind {
		case saywho.Direct, saywho.Indirect, saywho.Mixed:
		default:
			return nil, fmt.Errorf("article %s: %s: unknown kind %q", name, what, st.Kind)
		}
		if err := check(what+" content", st.Content, true); err != nil {
			return nil, err
		}
		for _, p := range st.Parts {
			if err := check(what+" part", p, true); err != nil {
				return nil, err
			}
		}
		for _, s := range []struct {
			w string
			s saywho.Span
		}{{"mention", st.Speaker.Mention}, {"antecedent", st.Speaker.Antecedent}, {"cue", st.Cue}} {
			if err := check(what+" "+s.w, s.s, false); err != nil {
				return nil, err
			}
		}
		if math.IsNaN(st.Confidence) || st.Confidence < 0 || st.Confidence > 1 {
			return nil, fmt.Errorf("article %s: %s: confidence %v outside [0,1]", name, what, st.Confidence)
		}
		if st.Speaker.Entity >= len(a.Entities) {
			return nil, fmt.Errorf("article %s: %s: speaker entity %d of %d", name, what, st.Speaker.Entity, len(a.Entities))
		}
	}
	for i, e := range a.Entities {
		for _, m := range e.Mentions {
			if err := check(fmt.Sprintf("entity %d mention", i), m, true); err != nil {
				return nil, err
			}
		}
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

// quoteID is the id of the quote a statement's text belongs to: 63 bits
// of the SHA-256 of its normalised words. It is the embedded store's
// function, so that both stores (and every process) give the same words
// the same id without a lookup.
func quoteID(text string) *int64 {
	norm := store.NormalizeQuote(text)
	if norm == "" {
		return nil
	}
	h := sha256.Sum256([]byte(norm))
	id := int64(binary.BigEndian.Uint64(h[:8]) >> 1)
	if id == 0 {
		id = 1
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

// inParts reports whether mention m lies inside one of the statement's
// pieces (or there is only one piece), so that the attribution between two
// pieces ("...," Peskov said, "...") is not counted as what was said.
func inParts(parts []saywho.Span, m saywho.SpanText) bool {
	if len(parts) == 0 {
		return true
	}
	for _, p := range parts {
		if p.Contains(saywho.Span{Start: m.Start, End: m.End}) {
			return true
		}
	}
	return false
}

func speakerType(s saywho.SpeakerRecord) saywho.SpeakerType {
	if s.Type == "" {
		return saywho.Unknown
	}
	return s.Type
}
