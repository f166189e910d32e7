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

// hitColumns are read by scanHit, in this order.
const hitColumns = `s.id, s.kind, s.span_start, s.span_end, s.parts, s.text,
	s.speaker_id, s.speaker_name, s.speaker_local, s.speaker_type, s.speaker_role, s.speaker_org,
	s.mention_start, s.mention_end, s.mention_text, s.antecedent_start, s.antecedent_end, s.antecedent_text,
	s.cue_start, s.cue_end, s.cue_text, s.section, s.confidence, s.quote_id,
	a.hash, a.ext_id, a.title, a.outlet, a.url, a.author, a.language, a.published, a.updated, a.length`

func scanHit(row pgx.Row, extra ...any) (*store.Hit, error) {
	h := &store.Hit{}
	var parts []byte
	var speakerID, quoteID *int64
	var published, updated *time.Time
	var ms, me, as, ae, cs, ce *int32
	var mt, at, ct *string
	var kind, typ string
	dest := []any{&h.ID, &kind, &h.Start, &h.End, &parts, &h.Text,
		&speakerID, &h.Speaker.Name, &h.Speaker.ID, &typ, &h.Speaker.Role, &h.Speaker.Org,
		&ms, &me, &mt, &as, &ae, &at, &cs, &ce, &ct, &h.Section, &h.Confidence, &quoteID,
		&h.Article.Hash, &h.Article.ID, &h.Article.Headline, &h.Article.Outlet, &h.Article.URL,
		&h.Article.Author, &h.Article.Language, &published, &updated, &h.Article.Length}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	h.Kind, h.Speaker.Type = saywho.Kind(kind), saywho.SpeakerType(typ)
	if speakerID != nil {
		h.SpeakerID = *speakerID
	}
	if quoteID != nil {
		h.QuoteID = *quoteID
	}
	if parts != nil {
		if err := json.Unmarshal(parts, &h.Parts); err != nil {
			return nil, fmt.Errorf("statement %d: parts: %w", h.ID, err)
		}
	}
	h.Speaker.Mention = spanText(ms, me, mt)
	h.Speaker.Antecedent = spanText(as, ae, at)
	h.Cue = spanText(cs, ce, ct)
	h.Article.Published = utc(published)
	h.Article.Updated = utc(updated)
	return h, nil
}

func spanText(s, e *int32, t *string) *saywho.SpanText {
	if s == nil || e == nil {
		return nil
	}
	st := &saywho.SpanText{Start: int(*s), End: int(*e)}
	if t != nil {
		st.Text = *t
	}
	return st
}

// utc puts a time read from the database in UTC, as every time the store
// hands out is.
func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// params numbers the arguments of a query as they are added.
type params []any

func (p *params) add(v any) string {
	*p = append(*p, v)
	return "$" + strconv.Itoa(len(*p))
}

// tsquery builds, from parsed terms, the SQL expressions of the query to
// match and of the query to rank by (its positive terms alone: ts_rank
// scores a query with a negation near zero). Every term is a parameter,
// its words quoted, so no user text is SQL or tsquery syntax.
//
// Precedence is the embedded store's (FTS5's): a term excluded with -
// binds to the term before it, AND binds tighter than OR, so "a OR b c"
// is a OR (b AND c).
//
// A term's words go through the english configuration like the indexed
// text: stemmed, and stop words dropped with the distance between the
// other words kept, as in the index. A prefix is stemmed too
// ("negotiations*" must find the indexed stem "negoti"), except a lone
// prefix that is a stop word ("the*"), which would vanish: it is kept as
// typed, and finds "theory".
func tsquery(terms []store.Term, p *params) (match, rank string) {
	quote := strings.NewReplacer(`\`, `\\`, `'`, `''`)
	term := func(t store.Term) string {
		q := make([]string, len(t.Words))
		for i, w := range t.Words {
			q[i] = "'" + quote.Replace(w) + "'"
		}
		lit := strings.Join(q, " <-> ")
		if !t.Prefix {
			return "to_tsquery('english', " + p.add(lit) + ")"
		}
		arg := p.add(lit + ":*")
		if len(t.Words) > 1 {
			return "to_tsquery('english', " + arg + ")"
		}
		return fmt.Sprintf("(CASE WHEN numnode(to_tsquery('english', %[1]s)) > 0 THEN to_tsquery('english', %[1]s) ELSE to_tsquery('simple', %[1]s) END)", arg)
	}
	var ors, rankOrs []string
	var and, rankAnd []string
	flush := func() {
		if len(and) > 0 {
			ors = append(ors, "("+strings.Join(and, " && ")+")")
		}
		if len(rankAnd) > 0 {
			rankOrs = append(rankOrs, "("+strings.Join(rankAnd, " && ")+")")
		}
		and, rankAnd = nil, nil
	}
	for i, t := range terms {
		if t.Or && i > 0 {
			flush()
		}
		x := term(t)
		if t.Not {
			and = append(and, "!!"+x)
			continue
		}
		and = append(and, x)
		rankAnd = append(rankAnd, x)
	}
	flush()
	return "(" + strings.Join(ors, " || ") + ")", "(" + strings.Join(rankOrs, " || ") + ")"
}

// where builds the filter part of a statement query.
type where struct {
	conds    []string
	empty    bool    // a filter names nothing that exists: no result
	speakers []int64 // the speaker filter's ids
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " AND " + strings.Join(w.conds, " AND ")
}

func (db *DB) filters(ctx context.Context, q *store.Query, p *params) (*where, error) {
	w := &where{}
	if q.Speaker != "" {
		ids, err := db.speakerIDs(ctx, q.Speaker)
		if err != nil {
			return nil, err
		}
		w.empty = w.empty || len(ids) == 0
		w.speakers = ids
		w.conds = append(w.conds, "s.speaker_id = ANY("+p.add(ids)+")")
	}
	if q.Entity != "" {
		ids, err := db.entityIDs(ctx, q.Entity)
		if err != nil {
			return nil, err
		}
		w.empty = w.empty || len(ids) == 0
		w.conds = append(w.conds, "s.id IN (SELECT statement_id FROM statement_entities WHERE entity_id = ANY("+p.add(ids)+"))")
	}
	if o := strings.TrimSpace(q.Outlet); o != "" {
		// An outlet's articles, when there are not too many, go in as a
		// list the planner can see: it then finds their statements by
		// article, or intersects them with the words' postings, where a
		// subquery made it look the words up once per article.
		key := strings.ToLower(clean(o))
		ids, err := db.ints(ctx, `SELECT DISTINCT article_id FROM article_sources WHERE outlet_key = $1 LIMIT $2`, key, maxOutletArticles+1)
		if err != nil {
			return nil, fmt.Errorf("outlet %q: %w", o, err)
		}
		if len(ids) <= maxOutletArticles {
			w.empty = w.empty || len(ids) == 0
			w.conds = append(w.conds, "s.article_id = ANY("+p.add(ids)+")")
		} else {
			w.conds = append(w.conds, "EXISTS (SELECT 1 FROM article_sources src WHERE src.article_id = s.article_id AND src.outlet_key = "+p.add(key)+")")
		}
	}
	if !q.Since.IsZero() {
		w.conds = append(w.conds, "s.published >= "+p.add(q.Since))
	}
	if !q.Until.IsZero() {
		w.conds = append(w.conds, "s.published < "+p.add(q.Until))
	}
	if q.Kind != "" {
		w.conds = append(w.conds, "s.kind = "+p.add(string(q.Kind)))
	}
	return w, nil
}

// RankCap bounds the matches ranked for one search, as the embedded
// store's does (the same bound, so that a query is capped in both or in
// neither): a query matching more (a common word and no filter) ranks the
// RankCap most recently stored matches and says so (Results.Capped).
// ts_rank reads each match's tsvector, so ranking the 117,000 statements
// that say "Trump" in a million took 0.7 s; finding the newest thousand of
// them takes an index scan of a few milliseconds.
const RankCap = 1000

// maxOutletArticles bounds the article list an outlet filter is turned
// into; past it the outlet is a large part of the corpus and filters
// little.
const maxOutletArticles = 5000

// Search runs q.
func (db *DB) Search(ctx context.Context, q store.Query) (*store.Results, error) {
	if q.Limit == 0 {
		q.Limit = store.DefaultLimit
	}
	if q.Limit > store.MaxLimit {
		q.Limit = store.MaxLimit
	}
	res := &store.Results{Hits: []*store.Hit{}}
	capped, err := db.query(ctx, q, false, func(h *store.Hit) error {
		if len(res.Hits) == q.Limit {
			res.More = true
			return errStop
		}
		res.Hits = append(res.Hits, h)
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return nil, err
	}
	res.Capped = capped
	return res, nil
}

var errStop = errors.New("stop")

// Export streams every statement matching q, in id order. It ranks
// nothing, so nothing is capped.
func (db *DB) Export(ctx context.Context, q store.Query, fn func(*store.Hit) error) error {
	_, err := db.query(ctx, q, true, fn)
	return err
}

// headline marks the matching words of a statement as the embedded
// store's snippet does: [word], at most 24 words around them.
const headline = `'StartSel=[, StopSel=], MaxWords=24, MinWords=12, ShortWord=0, FragmentDelimiter=" … "'`

// query runs q and calls fn for each hit; Search asks for one row more
// than its limit to learn whether there is a next page. It reports
// whether the ranking was capped.
func (db *DB) query(ctx context.Context, q store.Query, export bool, fn func(*store.Hit) error) (bool, error) {
	if err := q.Validate(); err != nil {
		return false, err
	}
	var terms []store.Term
	if strings.TrimSpace(q.Text) != "" {
		var err error
		if terms, err = store.ParseText(q.Text); err != nil {
			return false, err
		}
	}
	var p params
	w, err := db.filters(ctx, &q, &p)
	if err != nil {
		return false, err
	}
	if w.empty {
		return false, nil
	}
	var limit any // NULL: no limit
	if q.Limit > 0 {
		l := q.Limit
		if !export {
			l++
		}
		limit = l
	}
	var sql string
	text := len(terms) > 0
	switch {
	case text && !export:
		match, rank := tsquery(terms, &p)
		// A date range is the exception: its matches are not spread
		// over the ids (a corpus is mostly stored in date order), so the
		// walk from the newest may cross most of the table before the
		// range begins, while the index and the date index intersected
		// fetch only the range's matches.
		order := "s.id DESC"
		dated := !q.Since.IsZero() || !q.Until.IsZero()
		if dated || db.sparse(ctx, `SELECT 1 FROM statements s WHERE s.tsv @@ `+match+w.sql(), p) {
			order = "s.id + 0 DESC" // not the primary key's order: the full-text index
		}
		// The tsquery is written out where it is used, not computed once
		// in a CTE, so that the planner sees its words and picks, for
		// the newest matches, the full-text index (a rare word) or the
		// primary key backwards (a common one). A query the index cannot
		// answer (only exclusions left once stop words are gone) matches
		// nothing rather than scanning every statement. Only the page's
		// statements are marked: ts_headline parses the text again.
		sql = `WITH m AS MATERIALIZED (
				SELECT s.id, s.tsv FROM statements s
				WHERE s.tsv @@ ` + match + ` AND querytree(` + match + `) NOT IN ('', 'T')` + w.sql() + `
				ORDER BY ` + order + ` LIMIT ` + p.add(RankCap+1) + `),
			page AS (
				SELECT top.id, ts_rank(top.tsv, ` + rank + `, 1)::float8 AS rank
				FROM (SELECT id, tsv FROM m ORDER BY id DESC LIMIT ` + p.add(RankCap) + `) top
				ORDER BY rank DESC, top.id LIMIT ` + p.add(limit) + ` OFFSET ` + p.add(q.Offset) + `)
			SELECT ` + hitColumns + `, ts_headline('english', s.text, ` + match + `, ` + headline + `), page.rank,
				(SELECT count(*) FROM m) > ` + p.add(RankCap) + `
			FROM page JOIN statements s ON s.id = page.id JOIN articles a ON a.id = s.article_id
			ORDER BY page.rank DESC, page.id`
	case text:
		match, rank := tsquery(terms, &p)
		sql = `SELECT ` + hitColumns + `, ts_headline('english', s.text, ` + match + `, ` + headline + `),
				ts_rank(s.tsv, ` + rank + `, 1)::float8, false
			FROM statements s JOIN articles a ON a.id = s.article_id
			WHERE s.tsv @@ ` + match + ` AND querytree(` + match + `) NOT IN ('', 'T')` + w.sql() + `
			ORDER BY s.id LIMIT ` + p.add(limit) + ` OFFSET ` + p.add(q.Offset)
	case !export && len(w.speakers) > 0:
		// Newest first for each speaker id from its own index, then
		// merged: with several ids (a name that is an alias of two
		// speakers) PostgreSQL would walk the date index of every
		// statement instead.
		var depth any // the page's last row
		if limit != nil {
			depth = limit.(int) + q.Offset
		}
		sql = `SELECT ` + hitColumns + ` FROM (
				SELECT x.id, x.published FROM unnest(` + p.add(w.speakers) + `::bigint[]) AS sp(id) CROSS JOIN LATERAL (
					SELECT s.id, s.published FROM statements s WHERE s.speaker_id = sp.id` + w.sql() + `
					ORDER BY s.published DESC NULLS LAST, s.id DESC LIMIT ` + p.add(depth) + `) x
				ORDER BY x.published DESC NULLS LAST, x.id DESC LIMIT ` + p.add(limit) + ` OFFSET ` + p.add(q.Offset) + `) page
			JOIN statements s ON s.id = page.id JOIN articles a ON a.id = s.article_id
			ORDER BY page.published DESC NULLS LAST, page.id DESC`
	default:
		order := "s.published DESC NULLS LAST, s.id DESC"
		if export {
			order = "s.id"
		}
		sql = `SELECT ` + hitColumns + ` FROM statements s JOIN articles a ON a.id = s.article_id
			WHERE TRUE` + w.sql() + ` ORDER BY ` + order + ` LIMIT ` + p.add(limit) + ` OFFSET ` + p.add(q.Offset)
	}
	rows, err := db.pool.Query(ctx, sql, p...)
	if err != nil {
		return false, fmt.Errorf("search %q: %w", q.Text, err)
	}
	defer rows.Close()
	capped := false
	for rows.Next() {
		var h *store.Hit
		if text {
			var snippet string
			var score float64
			h, err = scanHit(rows, &snippet, &score, &capped)
			if h != nil {
				h.Snippet, h.Score = snippet, score
			}
		} else {
			h, err = scanHit(rows)
		}
		if err != nil {
			return false, fmt.Errorf("search %q: %w", q.Text, err)
		}
		if err := fn(h); err != nil {
			return capped, err
		}
	}
	if err := rows.Err(); err != nil {
		return false, fmt.Errorf("search %q: %w", q.Text, err)
	}
	return capped, nil
}

// sparse reports whether the statements a query matches are few enough
// that fetching them all through the full-text index beats walking the
// primary key from the newest statement until RankCap+1 of them are
// found. PostgreSQL's planner misjudges this (it takes a tsvector match
// for cheap, and walks the key for words in 1% of statements, scanning
// a third of the table); here the choice uses its estimate of the
// matches and of the statements: fetching a match costs several times
// testing a statement on the walk (three to six, measured, as the table
// is in memory or not), so the walk wins past about
// sqrt(RankCap*statements/4) matches (16,000 in a million). When the
// estimate cannot be had, the planner decides.
func (db *DB) sparse(ctx context.Context, count string, p params) bool {
	var b pgx.Batch
	var plan []byte
	var total float64
	b.Queue(`EXPLAIN (FORMAT JSON) `+count, p...).QueryRow(func(r pgx.Row) error { return r.Scan(&plan) })
	b.Queue(`SELECT reltuples FROM pg_class WHERE oid = 'statements'::regclass`).QueryRow(func(r pgx.Row) error { return r.Scan(&total) })
	if err := db.pool.SendBatch(ctx, &b).Close(); err != nil {
		return false
	}
	var est []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		}
	}
	if err := json.Unmarshal(plan, &est); err != nil || len(est) != 1 || total <= 0 {
		return false
	}
	n := est[0].Plan.Rows
	return n*n*4 < RankCap*total
}

// Statement returns one statement.
func (db *DB) Statement(ctx context.Context, id int64) (*store.Hit, error) {
	row := db.pool.QueryRow(ctx, `SELECT `+hitColumns+` FROM statements s JOIN articles a ON a.id = s.article_id WHERE s.id = $1`, id)
	h, err := scanHit(row)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("statement %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("statement %d: %w", id, err)
	}
	return h, nil
}

// refID reads a reference that is a number ("42" or "#42").
func refID(ref string) (int64, bool) {
	id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(ref), "#"), 10, 64)
	return id, err == nil
}

// speakerIDs resolves a speaker reference (an id, a canonical name or an
// alias) to the speaker ids it covers, including speakers merged into it.
func (db *DB) speakerIDs(ctx context.Context, ref string) ([]int64, error) {
	var roots []int64
	var err error
	if id, ok := refID(ref); ok {
		roots, err = db.ints(ctx, `SELECT coalesce(merged_into, id) FROM speakers WHERE id = $1`, id)
	} else {
		norm := store.NormalizeName(ref)
		if norm == "" {
			return nil, fmt.Errorf("speaker %q: no name in it: %w", ref, store.ErrBadQuery)
		}
		roots, err = db.ints(ctx, `SELECT coalesce(merged_into, id) FROM speakers WHERE norm = $1
			UNION SELECT coalesce(sp.merged_into, sp.id) FROM speaker_aliases al JOIN speakers sp ON sp.id = al.speaker_id WHERE al.norm = $1`, clean(norm))
	}
	if err != nil || len(roots) == 0 {
		return nil, err
	}
	merged, err := db.ints(ctx, `SELECT id FROM speakers WHERE merged_into = ANY($1)`, roots)
	if err != nil {
		return nil, err
	}
	return append(roots, merged...), nil
}

// entityIDs resolves an entity reference: an id, a name or an alias.
func (db *DB) entityIDs(ctx context.Context, ref string) ([]int64, error) {
	if id, ok := refID(ref); ok {
		return db.ints(ctx, `SELECT id FROM entities WHERE id = $1`, id)
	}
	norm := store.NormalizeName(ref)
	if norm == "" {
		return nil, fmt.Errorf("entity %q: no name in it: %w", ref, store.ErrBadQuery)
	}
	return db.ints(ctx, `SELECT id FROM entities WHERE norm = $1 UNION SELECT entity_id FROM entity_aliases WHERE norm = $1`, clean(norm))
}
