package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store"
)

// Put stores a batch of analyses in one transaction, each article under
// its own savepoint.
func (db *DB) Put(ctx context.Context, batch []*saywho.Analysis) ([]store.PutResult, error) {
	res := make([]store.PutResult, len(batch))
	rows := make([]*articleRow, len(batch))
	for i, a := range batch {
		r, err := prepare(a)
		if err != nil {
			res[i] = store.PutResult{Status: store.Failed, Err: err}
			if a != nil && a.Article != nil {
				res[i].Hash = a.Article.Hash()
			}
			continue
		}
		rows[i] = r
		res[i].Hash = r.hash
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("put: begin: %w", err)
	}
	defer tx.Rollback()
	p := &putter{tx: tx, stmts: map[string]*sql.Stmt{}}
	defer p.close()
	now := time.Now().UTC().Unix()
	for i, r := range rows {
		if r == nil {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `SAVEPOINT article`); err != nil {
			return nil, fmt.Errorf("put: savepoint: %w", err)
		}
		id, status, n, err := p.article(ctx, r, now)
		if err != nil {
			if _, err2 := tx.ExecContext(ctx, `ROLLBACK TO article`); err2 != nil {
				return nil, fmt.Errorf("put: rollback article %s: %w", r.extID, err2)
			}
			res[i].Status, res[i].Err = store.Failed, fmt.Errorf("article %s: %w", r.extID, err)
		} else {
			res[i].ArticleID, res[i].Status, res[i].Statements = id, status, n
		}
		if _, err := tx.ExecContext(ctx, `RELEASE article`); err != nil {
			return nil, fmt.Errorf("put: release: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("put: commit: %w", err)
	}
	return res, nil
}

// articleRow is an analysis checked and turned into what is written.
type articleRow struct {
	hash, extID       string
	art               *saywho.Article
	stmts             []saywho.Statement
	rec               saywho.Record
	published, update sql.NullInt64
	sections, figures string
	parts             []sql.NullString
}

// prepare validates a and computes everything that needs no database, so
// that the write transaction stays short.
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
	r := &articleRow{art: art, stmts: a.Statements, rec: a.Record(false), extID: name}
	r.hash = r.rec.Article.Hash
	if r.extID == "" {
		r.extID = r.hash
	}
	r.published = unix(art.Published)
	r.update = unix(art.Updated)
	b, _ := json.Marshal(orEmpty(r.rec.Article.Sections))
	r.sections = string(b)
	b, _ = json.Marshal(r.rec.Figures)
	r.figures = string(b)
	for _, s := range r.rec.Statements {
		var ps sql.NullString
		if len(s.Parts) > 0 {
			b, _ := json.Marshal(s.Parts)
			ps = sql.NullString{String: string(b), Valid: true}
		}
		r.parts = append(r.parts, ps)
	}
	return r, nil
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func unix(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UTC().Unix(), Valid: true}
}

// putter writes articles within one transaction, preparing each SQL
// statement once per batch.
type putter struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func (p *putter) close() {
	for _, s := range p.stmts {
		s.Close()
	}
}

func (p *putter) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if s, ok := p.stmts[q]; ok {
		return s, nil
	}
	s, err := p.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("prepare %.40q: %w", q, err)
	}
	p.stmts[q] = s
	return s, nil
}

func (p *putter) exec(ctx context.Context, q string, args ...any) (int64, error) {
	s, err := p.stmt(ctx, q)
	if err != nil {
		return 0, err
	}
	res, err := s.ExecContext(ctx, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// id runs a query returning one integer (an upsert ... RETURNING id).
func (p *putter) id(ctx context.Context, q string, args ...any) (int64, error) {
	s, err := p.stmt(ctx, q)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.QueryRowContext(ctx, args...).Scan(&id)
	return id, err
}

func (p *putter) article(ctx context.Context, r *articleRow, now int64) (int64, store.Status, int, error) {
	art, rec := r.art, &r.rec
	var id int64
	err := p.tx.QueryRowContext(ctx, `SELECT id FROM articles WHERE hash = ?`, r.hash).Scan(&id)
	switch {
	case err == nil:
		return id, store.Duplicate, 0, p.resighted(ctx, id, r)
	case !errors.Is(err, sql.ErrNoRows):
		return 0, "", 0, err
	}
	id, err = p.id(ctx, `INSERT INTO articles (hash, ext_id, url, outlet, author, title, language,
		published, updated, source, sections, figures, length, text, ingested)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		r.hash, r.extID, art.URL, art.Outlet, art.Author, art.Title, art.Language,
		r.published, r.update, art.Source, r.sections, r.figures, rec.Article.Length, art.Text, now)
	if err != nil {
		return 0, "", 0, fmt.Errorf("insert article: %w", err)
	}
	if _, err := p.source(ctx, id, r); err != nil {
		return 0, "", 0, err
	}

	// Entities: corpus-level by normalised name, and the article's own.
	entityIDs := make([]int64, len(rec.Entities))
	for i, e := range rec.Entities {
		norm := store.NormalizeName(e.Name)
		if norm == "" {
			continue
		}
		eid, err := p.id(ctx, `INSERT INTO entities (name, norm, type) VALUES (?, ?, ?)
			ON CONFLICT (norm) DO UPDATE SET norm = excluded.norm RETURNING id`, e.Name, norm, string(e.Type))
		if err != nil {
			return 0, "", 0, fmt.Errorf("entity %q: %w", e.Name, err)
		}
		entityIDs[i] = eid
		for _, al := range append([]string{e.Name}, e.Aliases...) {
			if an := store.NormalizeName(al); an != "" {
				if _, err := p.exec(ctx, `INSERT OR IGNORE INTO entity_aliases (entity_id, alias, norm) VALUES (?, ?, ?)`, eid, al, an); err != nil {
					return 0, "", 0, err
				}
			}
		}
		aliases, _ := json.Marshal(orEmpty(e.Aliases))
		if _, err := p.exec(ctx, `INSERT INTO article_entities (article_id, local, entity_id, name, metonym, role, org, aliases)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, e.ID, eid, e.Name, e.Metonym, e.Role, e.Org, string(aliases)); err != nil {
			return 0, "", 0, fmt.Errorf("entity %q: %w", e.Name, err)
		}
		for _, m := range e.Mentions {
			if _, err := p.exec(ctx, `INSERT OR IGNORE INTO entity_mentions (article_id, local, start, end) VALUES (?, ?, ?, ?)`,
				id, e.ID, m.Start, m.End); err != nil {
				return 0, "", 0, err
			}
		}
	}

	for i, s := range rec.Statements {
		speakerID, err := p.speaker(ctx, id, r, r.stmts[i].Speaker, s)
		if err != nil {
			return 0, "", 0, err
		}
		quoteID, err := p.quote(ctx, id, r, s.Text)
		if err != nil {
			return 0, "", 0, err
		}
		var ms, me, as, ae, cs, ce sql.NullInt64
		var mt, at, ct sql.NullString
		spanCols(s.Speaker.Mention, &ms, &me, &mt)
		spanCols(s.Speaker.Antecedent, &as, &ae, &at)
		spanCols(s.Cue, &cs, &ce, &ct)
		sid, err := p.id(ctx, `INSERT INTO statements (article_id, ord, kind, start, end, parts, text,
			speaker_id, speaker_name, speaker_local, speaker_type, speaker_role, speaker_org,
			mention_start, mention_end, mention_text, antecedent_start, antecedent_end, antecedent_text,
			cue_start, cue_end, cue_text, section, confidence, quote_id, published)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			id, i, string(s.Kind), s.Start, s.End, r.parts[i], s.Text,
			speakerID, s.Speaker.Name, s.Speaker.ID, string(speakerType(s.Speaker)), s.Speaker.Role, s.Speaker.Org,
			ms, me, mt, as, ae, at, cs, ce, ct, s.Section, s.Confidence, quoteID, r.published)
		if err != nil {
			return 0, "", 0, fmt.Errorf("statement %d: %w", i, err)
		}
		if _, err := p.exec(ctx, `INSERT INTO statements_fts (rowid, text) VALUES (?, ?)`, sid, s.Text); err != nil {
			return 0, "", 0, fmt.Errorf("statement %d: index: %w", i, err)
		}
		// The entities whose mentions fall inside the statement's content.
		content := saywho.Span{Start: s.Start, End: s.End}
		for k, e := range rec.Entities {
			if entityIDs[k] == 0 {
				continue
			}
			for _, m := range e.Mentions {
				if content.Contains(saywho.Span{Start: m.Start, End: m.End}) && inParts(s.Parts, m) {
					if _, err := p.exec(ctx, `INSERT OR IGNORE INTO statement_entities (statement_id, entity_id) VALUES (?, ?)`,
						sid, entityIDs[k]); err != nil {
						return 0, "", 0, err
					}
					break
				}
			}
		}
	}
	return id, store.New, len(rec.Statements), nil
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

func spanCols(s *saywho.SpanText, start, end *sql.NullInt64, text *sql.NullString) {
	if s == nil {
		return
	}
	*start = sql.NullInt64{Int64: int64(s.Start), Valid: true}
	*end = sql.NullInt64{Int64: int64(s.End), Valid: true}
	*text = sql.NullString{String: s.Text, Valid: true}
}

// source records where the article's text was seen; it reports whether
// this source is new.
func (p *putter) source(ctx context.Context, id int64, r *articleRow) (bool, error) {
	art := r.art
	n, err := p.exec(ctx, `INSERT OR IGNORE INTO article_sources (article_id, ext_id, url, outlet, outlet_key, published, source)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, id, r.extID, art.URL, art.Outlet, strings.ToLower(art.Outlet), r.published, art.Source)
	if err != nil {
		return false, fmt.Errorf("insert source: %w", err)
	}
	return n > 0, nil
}

// resighted handles the same text arriving again: a new URL or outlet is a
// new source of the article and a new sighting of each of its quotes.
func (p *putter) resighted(ctx context.Context, id int64, r *articleRow) error {
	added, err := p.source(ctx, id, r)
	if err != nil || !added {
		return err
	}
	rows, err := p.tx.QueryContext(ctx, `SELECT DISTINCT quote_id FROM statements WHERE article_id = ? AND quote_id IS NOT NULL`, id)
	if err != nil {
		return err
	}
	var quotes []int64
	for rows.Next() {
		var q int64
		if err := rows.Scan(&q); err != nil {
			rows.Close()
			return err
		}
		quotes = append(quotes, q)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, q := range quotes {
		if err := p.sighting(ctx, q, id, r); err != nil {
			return err
		}
	}
	return nil
}

// quote finds or creates the quote for a statement's text and records the
// article's sighting of it. A text with no word in it is no quote.
func (p *putter) quote(ctx context.Context, articleID int64, r *articleRow, text string) (sql.NullInt64, error) {
	norm := store.NormalizeQuote(text)
	if norm == "" {
		return sql.NullInt64{}, nil
	}
	q, err := p.id(ctx, `INSERT INTO quotes (norm, text) VALUES (?, ?)
		ON CONFLICT (norm) DO UPDATE SET norm = excluded.norm RETURNING id`, norm, text)
	if err != nil {
		return sql.NullInt64{}, fmt.Errorf("quote: %w", err)
	}
	return sql.NullInt64{Int64: q, Valid: true}, p.sighting(ctx, q, articleID, r)
}

func (p *putter) sighting(ctx context.Context, quote, articleID int64, r *articleRow) error {
	n, err := p.exec(ctx, `INSERT OR IGNORE INTO quote_sightings (quote_id, article_id, url, outlet, published)
		VALUES (?, ?, ?, ?, ?)`, quote, articleID, r.art.URL, r.art.Outlet, r.published)
	if err != nil {
		return fmt.Errorf("sighting: %w", err)
	}
	if n == 0 {
		return nil
	}
	_, err = p.exec(ctx, `UPDATE quotes SET sightings = sightings + 1,
		first = CASE WHEN ?1 IS NULL THEN first WHEN first IS NULL OR ?1 < first THEN ?1 ELSE first END
		WHERE id = ?2`, r.published, quote)
	return err
}

// speaker finds or creates the corpus speaker of a statement, by
// normalised canonical name, and records the aliases, role and
// organisation the article gives.
func (p *putter) speaker(ctx context.Context, articleID int64, r *articleRow, sp saywho.Speaker, s saywho.StatementRecord) (sql.NullInt64, error) {
	norm := store.NormalizeName(sp.Name)
	if norm == "" {
		return sql.NullInt64{}, nil
	}
	typ := sp.Type
	if typ == "" {
		typ = saywho.Unknown
	}
	// A speaker merged away by identity resolution forwards to the one it
	// was merged into.
	id, err := p.id(ctx, `INSERT INTO speakers (name, norm, type) VALUES (?, ?, ?)
		ON CONFLICT (norm) DO UPDATE SET type = CASE WHEN speakers.type = 'unknown' THEN excluded.type ELSE speakers.type END
		RETURNING coalesce(merged_into, id)`, sp.Name, norm, string(typ))
	if err != nil {
		return sql.NullInt64{}, fmt.Errorf("speaker %q: %w", sp.Name, err)
	}
	aliases := []string{sp.Name}
	if sp.Entity >= 0 {
		aliases = append(aliases, r.rec.Entities[sp.Entity].Aliases...)
	}
	for _, al := range aliases {
		if an := store.NormalizeName(al); an != "" {
			if _, err := p.exec(ctx, `INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias, norm) VALUES (?, ?, ?)`, id, al, an); err != nil {
				return sql.NullInt64{}, err
			}
		}
	}
	for _, at := range []struct{ kind, v string }{{"role", s.Speaker.Role}, {"org", s.Speaker.Org}} {
		if v := strings.TrimSpace(at.v); v != "" {
			if _, err := p.exec(ctx, `INSERT OR IGNORE INTO speaker_attributes (speaker_id, kind, value, article_id, published)
				VALUES (?, ?, ?, ?, ?)`, id, at.kind, v, articleID, r.published); err != nil {
				return sql.NullInt64{}, err
			}
		}
	}
	return sql.NullInt64{Int64: id, Valid: true}, nil
}
