package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

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
	var p params
	cond := ""
	if pre := store.NormalizeName(prefix); pre != "" {
		// Every name starting with pre sorts in [pre, pre+U+10FFFF) in
		// byte order (norm is COLLATE "C").
		cond = " AND sp.norm >= " + p.add(pre) + " AND sp.norm < " + p.add(pre+"\U0010FFFF")
	}
	rows, err := db.pool.Query(ctx, `SELECT sp.id, sp.name, sp.type, count(s.id), min(s.published), max(s.published)
		FROM speakers sp LEFT JOIN statements s ON s.speaker_id = sp.id
		WHERE sp.merged_into IS NULL`+cond+`
		GROUP BY sp.id ORDER BY count(s.id) DESC, sp.name, sp.id LIMIT `+p.add(limit)+` OFFSET `+p.add(offset), p...)
	if err != nil {
		return nil, fmt.Errorf("speakers: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanSummary)
	if err != nil {
		return nil, fmt.Errorf("speakers: %w", err)
	}
	if out == nil {
		out = []store.SpeakerSummary{}
	}
	return out, nil
}

func scanSummary(row pgx.CollectableRow) (store.SpeakerSummary, error) {
	var s store.SpeakerSummary
	var typ string
	var first, last *time.Time
	if err := row.Scan(&s.ID, &s.Name, &typ, &s.Statements, &first, &last); err != nil {
		return s, err
	}
	s.Type, s.First, s.Last = saywho.SpeakerType(typ), utc(first), utc(last)
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
	wrap := func(what string, err error) error { return fmt.Errorf("speaker %q: %s: %w", ref, what, err) }
	var id int64
	err = db.pool.QueryRow(ctx, `SELECT sp.id FROM speakers sp WHERE sp.id = ANY($1) AND sp.merged_into IS NULL
		ORDER BY (SELECT count(*) FROM statements s WHERE s.speaker_id = sp.id) DESC, sp.id LIMIT 1`, ids).Scan(&id)
	if err != nil {
		return nil, wrap("pick", err)
	}
	all, err := db.ints(ctx, `SELECT id FROM speakers WHERE id = $1 OR merged_into = $1`, id)
	if err != nil {
		return nil, wrap("merged", err)
	}
	p := &store.SpeakerPage{}
	row, err := db.pool.Query(ctx, `SELECT sp.id, sp.name, sp.type, count(s.id), min(s.published), max(s.published)
		FROM speakers sp LEFT JOIN statements s ON s.speaker_id = ANY($2)
		WHERE sp.id = $1 GROUP BY sp.id`, id, all)
	if err != nil {
		return nil, wrap("summary", err)
	}
	if p.SpeakerSummary, err = pgx.CollectExactlyOneRow(row, scanSummary); err != nil {
		return nil, wrap("summary", err)
	}

	if p.Aliases, err = db.strs(ctx, `SELECT min(alias) FROM speaker_aliases WHERE speaker_id = ANY($1) GROUP BY norm ORDER BY min(alias)`, all); err != nil {
		return nil, wrap("aliases", err)
	}
	for _, k := range []struct {
		kind string
		dst  *[]store.Attribute
	}{{"role", &p.Roles}, {"org", &p.Organizations}} {
		rows, err := db.pool.Query(ctx, `SELECT value, count(DISTINCT article_id), min(published), max(published)
			FROM speaker_attributes WHERE kind = $1 AND speaker_id = ANY($2)
			GROUP BY value ORDER BY count(DISTINCT article_id) DESC, max(published) DESC NULLS LAST, value`, k.kind, all)
		if err != nil {
			return nil, wrap(k.kind, err)
		}
		*k.dst, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Attribute, error) {
			var a store.Attribute
			var first, last *time.Time
			err := r.Scan(&a.Value, &a.Articles, &first, &last)
			a.First, a.Last = utc(first), utc(last)
			return a, err
		})
		if err != nil {
			return nil, wrap(k.kind, err)
		}
	}

	// Weeks start on Monday 00:00 UTC, as date_trunc's do.
	rows, err := db.pool.Query(ctx, `SELECT date_trunc('week', published AT TIME ZONE 'UTC') AS wk, count(*)
		FROM statements WHERE published IS NOT NULL AND speaker_id = ANY($1)
		GROUP BY wk ORDER BY wk`, all)
	if err != nil {
		return nil, wrap("timeline", err)
	}
	p.Timeline, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Week, error) {
		var w store.Week
		err := r.Scan(&w.Start, &w.Count)
		w.Start = time.Date(w.Start.Year(), w.Start.Month(), w.Start.Day(), 0, 0, 0, 0, time.UTC)
		return w, err
	})
	if err != nil {
		return nil, wrap("timeline", err)
	}

	if p.TopEntities, err = db.entityCounts(ctx, `SELECT e.id, e.name, e.type, count(*) FROM statements s
		JOIN statement_entities se ON se.statement_id = s.id JOIN entities e ON e.id = se.entity_id
		WHERE s.speaker_id = ANY($1) GROUP BY e.id ORDER BY count(*) DESC, e.name LIMIT 10`, all); err != nil {
		return nil, wrap("entities", err)
	}
	if p.MostCited, err = db.quotes(ctx, `SELECT quote_id FROM statements
		WHERE speaker_id = ANY($1) AND quote_id IS NOT NULL`, all); err != nil {
		return nil, wrap("quotes", err)
	}
	return p, nil
}

func (db *DB) entityCounts(ctx context.Context, q string, args ...any) ([]store.EntityCount, error) {
	rows, err := db.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.EntityCount, error) {
		var e store.EntityCount
		var typ string
		err := r.Scan(&e.ID, &e.Name, &typ, &e.Count)
		e.Type = saywho.EntityType(typ)
		return e, err
	})
}

// quotes returns the quotes whose ids the query selects, most sightings
// first, at most 10. A sighting is one source (article, outlet, URL) of an
// article holding the quote.
func (db *DB) quotes(ctx context.Context, idsQuery string, args ...any) ([]store.Quote, error) {
	rows, err := db.pool.Query(ctx, `SELECT s.quote_id, count(DISTINCT src.id), min(src.published)
		FROM statements s JOIN article_sources src ON src.article_id = s.article_id
		WHERE s.quote_id IN (`+idsQuery+`)
		GROUP BY s.quote_id ORDER BY count(DISTINCT src.id) DESC, min(src.published) NULLS LAST, s.quote_id LIMIT 10`, args...)
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Quote, error) {
		var q store.Quote
		var first *time.Time
		err := r.Scan(&q.ID, &q.Sightings, &first)
		q.First = utc(first)
		return q, err
	})
	if err != nil {
		return nil, err
	}
	for i := range out {
		q := &out[i]
		if err := db.pool.QueryRow(ctx, `SELECT text FROM statements WHERE quote_id = $1 ORDER BY id LIMIT 1`, q.ID).Scan(&q.Text); err != nil {
			return nil, err
		}
		const sources = `FROM statements s JOIN article_sources src ON src.article_id = s.article_id WHERE s.quote_id = $1`
		if q.Outlets, err = db.strs(ctx, `SELECT DISTINCT src.outlet COLLATE "C" AS o `+sources+` AND src.outlet <> '' ORDER BY o`, q.ID); err != nil {
			return nil, err
		}
		if q.URLs, err = db.strs(ctx, `SELECT DISTINCT src.url COLLATE "C" AS u `+sources+` AND src.url <> '' ORDER BY u`, q.ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Entity returns an entity's page: how often it is named and who talks
// about it (the speakers of statements naming it).
func (db *DB) Entity(ctx context.Context, ref string) (*store.EntityPage, error) {
	ids, err := db.entityIDs(ctx, ref)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("entity %q: %w", ref, store.ErrNotFound)
	}
	// An alias shared by several entities: the most named one.
	p := &store.EntityPage{}
	var typ string
	err = db.pool.QueryRow(ctx, `SELECT e.id, e.name, e.type,
			(SELECT count(DISTINCT article_id) FROM article_entities WHERE entity_id = e.id),
			(SELECT count(*) FROM statement_entities WHERE entity_id = e.id)
		FROM entities e WHERE e.id = ANY($1)
		ORDER BY (SELECT count(*) FROM article_entities WHERE entity_id = e.id) DESC, e.id LIMIT 1`, ids).Scan(
		&p.ID, &p.Name, &typ, &p.Articles, &p.Statements)
	if err != nil {
		return nil, fmt.Errorf("entity %q: %w", ref, err)
	}
	p.Type = saywho.EntityType(typ)
	if p.Aliases, err = db.strs(ctx, `SELECT min(alias) FROM entity_aliases WHERE entity_id = $1 GROUP BY norm ORDER BY min(alias)`, p.ID); err != nil {
		return nil, fmt.Errorf("entity %q: aliases: %w", ref, err)
	}
	rows, err := db.pool.Query(ctx, `SELECT sp.id, sp.name, sp.type, count(*), min(s.published), max(s.published)
		FROM statement_entities se JOIN statements s ON s.id = se.statement_id
		JOIN speakers sp ON sp.id = s.speaker_id
		WHERE se.entity_id = $1 GROUP BY sp.id ORDER BY count(*) DESC, sp.name LIMIT 50`, p.ID)
	if err != nil {
		return nil, fmt.Errorf("entity %q: speakers: %w", ref, err)
	}
	if p.Speakers, err = pgx.CollectRows(rows, scanSummary); err != nil {
		return nil, fmt.Errorf("entity %q: speakers: %w", ref, err)
	}
	return p, nil
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
	wrap := func(what string, err error) error { return fmt.Errorf("article %s: %s: %w", ref, what, err) }
	v := &store.ArticleView{ID: id, Hits: []*store.Hit{}}
	ar := &v.Record.Article
	var published, updated *time.Time
	var sections, figures []byte
	err = db.pool.QueryRow(ctx, `SELECT hash, ext_id, title, outlet, url, author, language, published, updated,
		length, sections, figures, text FROM articles WHERE id = $1`, id).Scan(
		&ar.Hash, &ar.ID, &ar.Headline, &ar.Outlet, &ar.URL, &ar.Author, &ar.Language, &published, &updated,
		&ar.Length, &sections, &figures, &ar.Text)
	if err != nil {
		return nil, wrap("read", err)
	}
	ar.Published, ar.Updated = utc(published), utc(updated)
	v.Record.ID = ar.ID
	if err := json.Unmarshal(sections, &ar.Sections); err != nil {
		return nil, wrap("sections", err)
	}
	if err := json.Unmarshal(figures, &v.Record.Figures); err != nil {
		return nil, wrap("figures", err)
	}
	if len(ar.Sections) == 0 {
		ar.Sections = nil
	}

	rows, err := db.pool.Query(ctx, `SELECT `+hitColumns+` FROM statements s JOIN articles a ON a.id = s.article_id
		WHERE s.article_id = $1 ORDER BY s.ord`, id)
	if err != nil {
		return nil, wrap("statements", err)
	}
	hits, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*store.Hit, error) { return scanHit(r) })
	if err != nil {
		return nil, wrap("statements", err)
	}
	v.Record.Statements = []saywho.StatementRecord{}
	for _, h := range hits {
		v.Hits = append(v.Hits, h)
		v.Record.Statements = append(v.Record.Statements, h.StatementRecord)
	}

	t := saywho.NewText(ar.Text)
	rows, err = db.pool.Query(ctx, `SELECT ae.local, ae.name, e.type, ae.aliases, ae.metonym, ae.role, ae.org, ae.mentions
		FROM article_entities ae JOIN entities e ON e.id = ae.entity_id WHERE ae.article_id = $1 ORDER BY ae.ord`, id)
	if err != nil {
		return nil, wrap("entities", err)
	}
	v.Record.Entities, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (saywho.EntityRecord, error) {
		var e saywho.EntityRecord
		var typ string
		var aliases, mentions []byte
		if err := r.Scan(&e.ID, &e.Name, &typ, &aliases, &e.Metonym, &e.Role, &e.Org, &mentions); err != nil {
			return e, err
		}
		e.Type = saywho.EntityType(typ)
		var spans [][2]int
		if err := errors.Join(json.Unmarshal(aliases, &e.Aliases), json.Unmarshal(mentions, &spans)); err != nil {
			return e, err
		}
		if len(e.Aliases) == 0 {
			e.Aliases = nil
		}
		e.Mentions = make([]saywho.SpanText, len(spans))
		for k, m := range spans {
			e.Mentions[k] = saywho.SpanText{Start: m[0], End: m[1], Text: t.Slice(saywho.Span{Start: m[0], End: m[1]})}
		}
		return e, nil
	})
	if err != nil {
		return nil, wrap("entities", err)
	}
	if v.Record.Entities == nil {
		v.Record.Entities = []saywho.EntityRecord{}
	}

	rows, err = db.pool.Query(ctx, `SELECT ext_id, url, outlet, published, source FROM article_sources
		WHERE article_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, wrap("sources", err)
	}
	v.Sources, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Source, error) {
		var s store.Source
		var p *time.Time
		err := r.Scan(&s.ID, &s.URL, &s.Outlet, &p, &s.Source)
		s.Published = utc(p)
		return s, err
	})
	if err != nil {
		return nil, wrap("sources", err)
	}

	if ar.URL != "" {
		rows, err = db.pool.Query(ctx, `SELECT id, hash, updated, ingested FROM articles WHERE url = $1 AND id <> $2 ORDER BY ingested, id`, ar.URL, id)
		if err != nil {
			return nil, wrap("versions", err)
		}
		v.Versions, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Version, error) {
			var ver store.Version
			var up *time.Time
			err := r.Scan(&ver.ID, &ver.Hash, &up, &ver.Ingested)
			ver.Updated, ver.Ingested = utc(up), ver.Ingested.UTC()
			return ver, err
		})
		if err != nil {
			return nil, wrap("versions", err)
		}
	}
	return v, nil
}

func (db *DB) articleID(ctx context.Context, ref string) (int64, error) {
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil && len(ref) < 8 {
		ids, err := db.ints(ctx, `SELECT id FROM articles WHERE id = $1`, id)
		if err != nil {
			return 0, fmt.Errorf("article %s: %w", ref, err)
		}
		if len(ids) == 1 {
			return ids[0], nil
		}
	}
	if len(ref) >= 8 && len(ref) <= 64 && isHex(ref) {
		p := strings.ToLower(ref)
		ids, err := db.ints(ctx, `SELECT id FROM articles WHERE hash >= $1 AND hash < $2 LIMIT 2`, p, p+"g")
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
	ids, err := db.ints(ctx, `SELECT id FROM articles WHERE ext_id = $1 ORDER BY ingested DESC, id DESC LIMIT 1`, clean(ref))
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
