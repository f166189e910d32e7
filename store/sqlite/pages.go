package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store"
)

// Speakers lists speakers, most statements first.
func (db *DB) Speakers(ctx context.Context, prefix string, limit, offset int) ([]store.SpeakerSummary, error) {
	if limit <= 0 || limit > store.MaxLimit {
		limit = store.MaxLimit
	}
	if offset < 0 {
		return nil, fmt.Errorf("offset %d: %w", offset, store.ErrBadQuery)
	}
	cond, args := "", []any{}
	if p := store.NormalizeName(prefix); p != "" {
		// Every name starting with p sorts in [p, p+U+10FFFF).
		cond, args = " AND sp.norm >= ? AND sp.norm < ?", []any{p, p + "\U0010FFFF"}
	}
	// Counts kept by Put; a speaker merged into another adds its own.
	rows, err := db.r.QueryContext(ctx, `SELECT sp.id, sp.name, sp.type,
		sp.statements + coalesce((SELECT sum(m.statements) FROM speakers m WHERE m.merged_into = sp.id), 0),
		sp.first, sp.last
		FROM speakers sp WHERE sp.merged_into IS NULL`+cond+`
		ORDER BY sp.statements DESC, sp.name, sp.id LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, fmt.Errorf("speakers: %w", err)
	}
	defer rows.Close()
	out := []store.SpeakerSummary{}
	for rows.Next() {
		s, err := scanSummary(rows)
		if err != nil {
			return nil, fmt.Errorf("speakers: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func scanSummary(row scanner) (store.SpeakerSummary, error) {
	var s store.SpeakerSummary
	var typ string
	var first, last sql.NullInt64
	if err := row.Scan(&s.ID, &s.Name, &typ, &s.Statements, &first, &last); err != nil {
		return s, err
	}
	s.Type, s.First, s.Last = saywho.SpeakerType(typ), timePtr(first), timePtr(last)
	return s, nil
}

// Speaker returns a speaker's page. A name that is an alias of several
// speakers picks the one with the most statements.
func (db *DB) Speaker(ctx context.Context, ref string) (*store.SpeakerPage, error) {
	ids, err := db.speakerIDs(ctx, ref)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("speaker %q: %w", ref, store.ErrNotFound)
	}
	var id int64
	best := -1
	for _, cand := range ids {
		var n int
		var merged sql.NullInt64
		if err := db.r.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM statements WHERE speaker_id = ?1), merged_into FROM speakers WHERE id = ?1`, cand).Scan(&n, &merged); err != nil {
			return nil, fmt.Errorf("speaker %q: %w", ref, err)
		}
		if !merged.Valid && n > best {
			id, best = cand, n
		}
	}
	all, err := db.ints(ctx, `SELECT id FROM speakers WHERE id = ?1 OR merged_into = ?1`, id)
	if err != nil {
		return nil, fmt.Errorf("speaker %q: %w", ref, err)
	}
	in := "(" + placeholders(len(all)) + ")"
	args := make([]any, len(all))
	for i, v := range all {
		args[i] = v
	}
	p := &store.SpeakerPage{}
	row := db.r.QueryRowContext(ctx, `SELECT sp.id, sp.name, sp.type,
		(SELECT count(*) FROM statements s WHERE s.speaker_id IN `+in+`),
		(SELECT min(published) FROM statements s WHERE s.speaker_id IN `+in+`),
		(SELECT max(published) FROM statements s WHERE s.speaker_id IN `+in+`)
		FROM speakers sp WHERE sp.id = ?`, append(append(append(append([]any{}, args...), args...), args...), id)...)
	if p.SpeakerSummary, err = scanSummary(row); err != nil {
		return nil, fmt.Errorf("speaker %q: %w", ref, err)
	}
	wrap := func(what string, err error) error { return fmt.Errorf("speaker %q: %s: %w", ref, what, err) }

	if p.Aliases, err = db.strings(ctx, `SELECT min(alias) FROM speaker_aliases WHERE speaker_id IN `+in+` GROUP BY norm ORDER BY min(alias)`, args...); err != nil {
		return nil, wrap("aliases", err)
	}
	for _, k := range []struct {
		kind string
		dst  *[]store.Attribute
	}{{"role", &p.Roles}, {"org", &p.Organizations}} {
		rows, err := db.r.QueryContext(ctx, `SELECT value, count(DISTINCT article_id), min(published), max(published)
			FROM speaker_attributes WHERE kind = ? AND speaker_id IN `+in+`
			GROUP BY lower(value) ORDER BY count(DISTINCT article_id) DESC, max(published) DESC, value`, append([]any{k.kind}, args...)...)
		if err != nil {
			return nil, wrap(k.kind, err)
		}
		for rows.Next() {
			var a store.Attribute
			var first, last sql.NullInt64
			if err := rows.Scan(&a.Value, &a.Articles, &first, &last); err != nil {
				rows.Close()
				return nil, wrap(k.kind, err)
			}
			a.First, a.Last = timePtr(first), timePtr(last)
			*k.dst = append(*k.dst, a)
		}
		rows.Close()
	}

	// Weeks start on Monday: the Unix epoch was a Thursday, 3 days after one.
	rows, err := db.r.QueryContext(ctx, `SELECT wk, count(*) FROM (
			SELECT (published / 86400 - (((published / 86400 + 3) % 7) + 7) % 7) AS wk
			FROM statements WHERE published IS NOT NULL AND speaker_id IN `+in+`)
		GROUP BY wk ORDER BY wk`, args...)
	if err != nil {
		return nil, wrap("timeline", err)
	}
	for rows.Next() {
		var day int64
		var w store.Week
		if err := rows.Scan(&day, &w.Count); err != nil {
			rows.Close()
			return nil, wrap("timeline", err)
		}
		w.Start = time.Unix(day*86400, 0).UTC()
		p.Timeline = append(p.Timeline, w)
	}
	rows.Close()

	if p.TopEntities, err = db.entityCounts(ctx, `SELECT e.id, e.name, e.type, count(*) FROM statements s
		JOIN statement_entities se ON se.statement_id = s.id JOIN entities e ON e.id = se.entity_id
		WHERE s.speaker_id IN `+in+` GROUP BY e.id ORDER BY count(*) DESC, e.name LIMIT 10`, args...); err != nil {
		return nil, wrap("entities", err)
	}
	// Candidates first: the speaker's quotes printed in the most
	// articles; their sightings (sources of every article printing them,
	// whoever they are attributed to there) are then counted exactly.
	if p.MostCited, err = db.quotes(ctx, `SELECT quote_id FROM statements
		WHERE speaker_id IN `+in+` AND quote_id IS NOT NULL
		GROUP BY quote_id ORDER BY count(DISTINCT article_id) DESC LIMIT 50`, args...); err != nil {
		return nil, wrap("quotes", err)
	}
	return p, nil
}

func (db *DB) entityCounts(ctx context.Context, q string, args ...any) ([]store.EntityCount, error) {
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.EntityCount
	for rows.Next() {
		var e store.EntityCount
		var typ string
		if err := rows.Scan(&e.ID, &e.Name, &typ, &e.Count); err != nil {
			return nil, err
		}
		e.Type = saywho.EntityType(typ)
		out = append(out, e)
	}
	return out, rows.Err()
}

// quotes returns the quotes whose ids the query selects, most sightings
// first, at most 10. A sighting is one source (article, outlet, URL) of an
// article holding the quote.
func (db *DB) quotes(ctx context.Context, idsQuery string, args ...any) ([]store.Quote, error) {
	// CROSS JOIN keeps SQLite from starting at the other end.
	rows, err := db.r.QueryContext(ctx, `WITH q AS (`+idsQuery+`)
		SELECT s.quote_id, count(DISTINCT src.rowid), min(src.published)
		FROM q CROSS JOIN statements s ON s.quote_id = q.quote_id
		CROSS JOIN article_sources src ON src.article_id = s.article_id
		GROUP BY s.quote_id ORDER BY count(DISTINCT src.rowid) DESC, min(src.published), s.quote_id LIMIT 10`, args...)
	if err != nil {
		return nil, err
	}
	var out []store.Quote
	for rows.Next() {
		var qu store.Quote
		var first sql.NullInt64
		if err := rows.Scan(&qu.ID, &qu.Sightings, &first); err != nil {
			rows.Close()
			return nil, err
		}
		qu.First = timePtr(first)
		out = append(out, qu)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		q := &out[i]
		if err := db.r.QueryRowContext(ctx, `SELECT text FROM statements WHERE quote_id = ? ORDER BY id LIMIT 1`, q.ID).Scan(&q.Text); err != nil {
			return nil, err
		}
		const sources = `FROM statements s JOIN article_sources src ON src.article_id = s.article_id WHERE s.quote_id = ?`
		if q.Outlets, err = db.strings(ctx, `SELECT DISTINCT src.outlet `+sources+` AND src.outlet != '' ORDER BY src.outlet`, q.ID); err != nil {
			return nil, err
		}
		if q.URLs, err = db.strings(ctx, `SELECT DISTINCT src.url `+sources+` AND src.url != '' ORDER BY src.url`, q.ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// column runs q and returns its one column, as T, in order.
func column[T any](ctx context.Context, db *DB, q string, args ...any) ([]T, error) {
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func (db *DB) strings(ctx context.Context, q string, args ...any) ([]string, error) {
	return column[string](ctx, db, q, args...)
}

// Entity returns an entity's page: how often it is named and who talks
// about it (the speakers of statements naming it).
func (db *DB) Entity(ctx context.Context, ref string) (*store.EntityPage, error) {
	roots, err := db.entityRoots(ctx, ref)
	if err != nil {
		return nil, err
	}
	if len(roots) == 0 {
		return nil, fmt.Errorf("entity %q: %w", ref, store.ErrNotFound)
	}
	// An alias shared by several entities: the most named one, counting
	// the entities merged into it.
	var id int64
	best := -1
	for _, cand := range roots {
		var n int
		if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM article_entities WHERE entity_id IN
			(SELECT id FROM entities WHERE id = ?1 OR merged_into = ?1)`, cand).Scan(&n); err != nil {
			return nil, fmt.Errorf("entity %q: %w", ref, err)
		}
		if n > best {
			id, best = cand, n
		}
	}
	// The entity and those merged into it by identity (Kiev into Kyiv).
	const members = `(SELECT id FROM entities WHERE id = ?1 OR merged_into = ?1)`
	p := &store.EntityPage{ID: id}
	var typ string
	err = db.r.QueryRowContext(ctx, `SELECT name, type,
		(SELECT count(DISTINCT article_id) FROM article_entities WHERE entity_id IN `+members+`),
		(SELECT count(DISTINCT statement_id) FROM statement_entities WHERE entity_id IN `+members+`)
		FROM entities WHERE id = ?1`, id).Scan(&p.Name, &typ, &p.Articles, &p.Statements)
	if err != nil {
		return nil, fmt.Errorf("entity %q: %w", ref, err)
	}
	p.Type = saywho.EntityType(typ)
	if p.Aliases, err = db.strings(ctx, `SELECT min(al.alias) FROM entity_aliases al JOIN entities e ON e.id = al.entity_id
		WHERE e.id IN `+members+` AND e.metonym = 0 GROUP BY al.norm ORDER BY min(al.alias)`, id); err != nil {
		return nil, fmt.Errorf("entity %q: aliases: %w", ref, err)
	}
	if p.Metonyms, err = db.strings(ctx, `SELECT min(al.alias) FROM entity_aliases al JOIN entities e ON e.id = al.entity_id
		WHERE e.merged_into = ?1 AND e.metonym = 1 GROUP BY al.norm ORDER BY min(al.alias)`, id); err != nil {
		return nil, fmt.Errorf("entity %q: metonyms: %w", ref, err)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT sp.id, sp.name, sp.type, count(DISTINCT s.id), min(s.published), max(s.published)
		FROM statement_entities se JOIN statements s ON s.id = se.statement_id
		JOIN speakers sp ON sp.id = s.speaker_id
		WHERE se.entity_id IN `+members+` GROUP BY sp.id ORDER BY count(DISTINCT s.id) DESC, sp.name LIMIT 50`, id)
	if err != nil {
		return nil, fmt.Errorf("entity %q: speakers: %w", ref, err)
	}
	defer rows.Close()
	for rows.Next() {
		s, err := scanSummary(rows)
		if err != nil {
			return nil, fmt.Errorf("entity %q: speakers: %w", ref, err)
		}
		p.Speakers = append(p.Speakers, s)
	}
	return p, rows.Err()
}

// Article returns a stored article by id, hash, hash prefix (8 or more
// hex digits) or the id its input gave it (the newest, if several).
func (db *DB) Article(ctx context.Context, ref string) (*store.ArticleView, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, fmt.Errorf("article: empty reference: %w", store.ErrBadQuery)
	}
	id, err := db.articleID(ctx, ref)
	if err != nil {
		return nil, err
	}
	v := &store.ArticleView{ID: id, Hits: []*store.Hit{}}
	ar := &v.Record.Article
	var published, updated sql.NullInt64
	var sections, figures, source string
	err = db.r.QueryRowContext(ctx, `SELECT hash, ext_id, title, outlet, url, author, language, published, updated,
		length, sections, figures, text, source FROM articles WHERE id = ?`, id).Scan(
		&ar.Hash, &ar.ID, &ar.Headline, &ar.Outlet, &ar.URL, &ar.Author, &ar.Language, &published, &updated,
		&ar.Length, &sections, &figures, &ar.Text, &source)
	if err != nil {
		return nil, fmt.Errorf("article %s: %w", ref, err)
	}
	ar.Published, ar.Updated = timePtr(published), timePtr(updated)
	v.Record.ID = ar.ID
	if err := json.Unmarshal([]byte(sections), &ar.Sections); err != nil {
		return nil, fmt.Errorf("article %s: sections: %w", ref, err)
	}
	if err := json.Unmarshal([]byte(figures), &v.Record.Figures); err != nil {
		return nil, fmt.Errorf("article %s: figures: %w", ref, err)
	}
	if len(ar.Sections) == 0 {
		ar.Sections = nil
	}
	wrap := func(what string, err error) error { return fmt.Errorf("article %s: %s: %w", ref, what, err) }

	rows, err := db.r.QueryContext(ctx, `SELECT `+hitColumns+` FROM statements s JOIN articles a ON a.id = s.article_id
		WHERE s.article_id = ? ORDER BY s.ord`, id)
	if err != nil {
		return nil, wrap("statements", err)
	}
	for rows.Next() {
		h, err := scanHit(rows)
		if err != nil {
			rows.Close()
			return nil, wrap("statements", err)
		}
		v.Hits = append(v.Hits, h)
		v.Record.Statements = append(v.Record.Statements, h.StatementRecord)
	}
	rows.Close()
	if v.Record.Statements == nil {
		v.Record.Statements = []saywho.StatementRecord{}
	}

	t := saywho.NewText(ar.Text)
	rows, err = db.r.QueryContext(ctx, `SELECT ae.local, ae.name, e.type, ae.aliases, ae.metonym, ae.role, ae.org, ae.mentions
		FROM article_entities ae JOIN entities e ON e.id = ae.entity_id WHERE ae.article_id = ?
		ORDER BY CAST(substr(ae.local, 2) AS INTEGER)`, id)
	if err != nil {
		return nil, wrap("entities", err)
	}
	v.Record.Entities = []saywho.EntityRecord{}
	for rows.Next() {
		var e saywho.EntityRecord
		var typ, aliases, mentions string
		if err := rows.Scan(&e.ID, &e.Name, &typ, &aliases, &e.Metonym, &e.Role, &e.Org, &mentions); err != nil {
			rows.Close()
			return nil, wrap("entities", err)
		}
		e.Type = saywho.EntityType(typ)
		var spans [][2]int
		if err := errors.Join(json.Unmarshal([]byte(aliases), &e.Aliases), json.Unmarshal([]byte(mentions), &spans)); err != nil {
			rows.Close()
			return nil, wrap("entities", err)
		}
		if len(e.Aliases) == 0 {
			e.Aliases = nil
		}
		e.Mentions = make([]saywho.SpanText, len(spans))
		for k, m := range spans {
			e.Mentions[k] = saywho.SpanText{Start: m[0], End: m[1], Text: t.Slice(saywho.Span{Start: m[0], End: m[1]})}
		}
		v.Record.Entities = append(v.Record.Entities, e)
	}
	rows.Close()

	rows, err = db.r.QueryContext(ctx, `SELECT ext_id, url, outlet, published, source FROM article_sources
		WHERE article_id = ? ORDER BY rowid`, id)
	if err != nil {
		return nil, wrap("sources", err)
	}
	for rows.Next() {
		var s store.Source
		var p sql.NullInt64
		if err := rows.Scan(&s.ID, &s.URL, &s.Outlet, &p, &s.Source); err != nil {
			rows.Close()
			return nil, wrap("sources", err)
		}
		s.Published = timePtr(p)
		v.Sources = append(v.Sources, s)
	}
	rows.Close()

	if ar.URL != "" {
		rows, err = db.r.QueryContext(ctx, `SELECT id, hash, updated, ingested FROM articles WHERE url = ? AND id != ? ORDER BY ingested, id`, ar.URL, id)
		if err != nil {
			return nil, wrap("versions", err)
		}
		for rows.Next() {
			var ver store.Version
			var up sql.NullInt64
			var ing int64
			if err := rows.Scan(&ver.ID, &ver.Hash, &up, &ing); err != nil {
				rows.Close()
				return nil, wrap("versions", err)
			}
			ver.Updated, ver.Ingested = timePtr(up), time.Unix(ing, 0).UTC()
			v.Versions = append(v.Versions, ver)
		}
		rows.Close()
	}
	return v, nil
}

func (db *DB) articleID(ctx context.Context, ref string) (int64, error) {
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil && len(ref) < 8 {
		var got int64
		err := db.r.QueryRowContext(ctx, `SELECT id FROM articles WHERE id = ?`, id).Scan(&got)
		if err == nil {
			return got, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return 0, fmt.Errorf("article %s: %w", ref, err)
		}
	}
	if len(ref) >= 8 && len(ref) <= 64 && isHex(ref) {
		p := strings.ToLower(ref)
		ids, err := db.ints(ctx, `SELECT id FROM articles WHERE hash >= ? AND hash < ? LIMIT 2`, p, p+"g")
		if err != nil {
			return 0, fmt.Errorf("article %s: %w", ref, err)
		}
		if len(ids) > 1 {
			return 0, fmt.Errorf("article %s: hash prefix matches several articles: %w", ref, store.ErrBadQuery)
		}
		if len(ids) == 1 {
			return ids[0], nil
		}
	}
	ids, err := db.ints(ctx, `SELECT id FROM articles WHERE ext_id = ? ORDER BY ingested DESC, id DESC LIMIT 1`, ref)
	if err != nil {
		return 0, fmt.Errorf("article %s: %w", ref, err)
	}
	if len(ids) == 0 {
		return 0, fmt.Errorf("article %s: %w", ref, store.ErrNotFound)
	}
	return ids[0], nil
}

func isHex(s string) bool {
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}
