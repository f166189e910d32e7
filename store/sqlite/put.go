package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store"
)

// Put stores a batch of analyses in one transaction. Articles are checked
// before it starts, so that one failing inside it is rare: the batch is
// first written straight through, and only if an article fails is it
// written again with a savepoint around each article. (A savepoint makes
// FTS5 flush its pending index to disk, so one per article would write
// the index in tiny segments and spend most of the time merging them.)
func (db *DB) Put(ctx context.Context, batch []*saywho.Analysis) ([]store.PutResult, error) {
	rows := make([]*articleRow, len(batch))
	prepared := make([]store.PutResult, len(batch))
	for i, a := range batch {
		r, err := prepare(a)
		if err != nil {
			prepared[i] = store.PutResult{Status: store.Failed, Err: err}
			if a != nil && a.Article != nil {
				prepared[i].Hash = a.Article.Hash()
			}
			continue
		}
		rows[i] = r
		prepared[i].Hash = r.hash
	}
	db.wrote.Store(true)
	res, err := db.put(ctx, rows, prepared, false)
	if errors.Is(err, errArticleFailed) {
		res, err = db.put(ctx, rows, prepared, true)
	}
	return res, err
}

// errArticleFailed makes put give up a batch written without savepoints.
var errArticleFailed = errors.New("an article failed")

func (db *DB) put(ctx context.Context, rows []*articleRow, prepared []store.PutResult, savepoints bool) ([]store.PutResult, error) {
	res := slices.Clone(prepared)
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("put: begin: %w", err)
	}
	defer tx.Rollback()
	p := &putter{tx: tx, stmts: map[string]*sql.Stmt{}, prepared: db.prepared, cache: &db.cache, batch: newLayer(), words: newDocCounter(), counts: speakerCounts{}}
	defer p.close()
	now := time.Now().UTC().Unix()
	lastID, err := lastStatement(ctx, tx) // statements after it are this batch's
	if err != nil {
		return nil, fmt.Errorf("put: %w", err)
	}
	p.nextID, p.firstID = lastID+1, lastID+1
	for i, r := range rows {
		if r == nil {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if savepoints {
			if _, err := tx.ExecContext(ctx, `SAVEPOINT article`); err != nil {
				return nil, fmt.Errorf("put: savepoint: %w", err)
			}
		}
		p.art = newLayer()
		id, status, n, err := p.article(ctx, r, now)
		if err != nil {
			if !savepoints {
				return nil, errArticleFailed
			}
			if _, err2 := tx.ExecContext(ctx, `ROLLBACK TO article`); err2 != nil {
				return nil, fmt.Errorf("put: rollback article %s: %w", r.extID, err2)
			}
			res[i].Status, res[i].Err = store.Failed, fmt.Errorf("article %s: %w", r.extID, err)
		} else {
			res[i].ArticleID, res[i].Status, res[i].Statements = id, status, n
			p.batch.merge(p.art) // the ids it created now stand with the batch
			if status == store.New {
				for _, s := range r.rec.Statements {
					p.words.add(s.Text)
				}
				for id, n := range p.art.speakers {
					p.counts.add(id, n, r.published)
				}
			}
		}
		if savepoints {
			if _, err := tx.ExecContext(ctx, `RELEASE article`); err != nil {
				return nil, fmt.Errorf("put: release: %w", err)
			}
		}
	}
	if err := p.linkRows(ctx); err != nil {
		return nil, fmt.Errorf("put: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO statements_fts (rowid, text, tags) SELECT id, text, tags FROM statements WHERE id > ?`, lastID); err != nil {
		return nil, fmt.Errorf("put: index statements: %w", err)
	}
	// A quote is new when no statement before the batch has it: one
	// query for the batch, rather than one for each quote of each article.
	var quotes int
	if err := tx.QueryRowContext(ctx, sqlNewQuotes, lastID).Scan(&quotes); err != nil {
		return nil, fmt.Errorf("put: count quotes: %w", err)
	}
	if quotes > 0 {
		p.batch.counts["quotes"] += quotes
	}
	for id, c := range p.counts {
		if _, err := p.exec(ctx, sqlSpeakerCounts, c.n, c.first, c.last, id); err != nil {
			return nil, fmt.Errorf("put: speaker counts: %w", err)
		}
	}
	for name, n := range p.batch.counts {
		if _, err := p.exec(ctx, sqlCounts, n, name); err != nil {
			return nil, fmt.Errorf("put: counts: %w", err)
		}
	}
	db.words.mu.Lock()
	defer db.words.mu.Unlock()
	plan, err := db.words.batch(ctx, tx, p, lastID, p.words)
	if err != nil {
		return nil, fmt.Errorf("put: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("put: commit: %w", err)
	}
	db.words.commit(plan, p.words)
	db.cache.commit(p.batch)
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
	quotes            []sql.NullInt64 // quote id of each statement
}

// quoteID is store.QuoteID as a nullable column value.
func quoteID(text string) sql.NullInt64 {
	id, ok := store.QuoteID(text)
	return sql.NullInt64{Int64: id, Valid: ok}
}

// prepare validates a and computes everything that needs no database, so
// that the write transaction stays short.
func prepare(a *saywho.Analysis) (*articleRow, error) {
	if err := store.CheckAnalysis(a); err != nil {
		return nil, err
	}
	art := a.Article
	name := art.ID
	if name == "" {
		name = art.Source
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
		r.quotes = append(r.quotes, quoteID(s.Text))
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
	tx       *sql.Tx
	stmts    map[string]*sql.Stmt // bound to tx
	prepared map[string]*sql.Stmt // on the writer connection, by SQL
	// Ids of speakers and entities by normalised name, and aliases known
	// to be stored: the article's own, the batch's (articles written in
	// this transaction), and the committed ones. A rolled back article
	// or batch takes its layer with it.
	cache      *cache
	batch, art *layer
	words      *docCounter   // statements added per word
	counts     speakerCounts // statements added per speaker
	nextID     int64         // of the next statement
	firstID    int64         // of the batch's first statement
}

// speakerID and entityID look a name up in the layers.
func (p *putter) lookup(kind byte, norm string) (int64, bool) {
	k := string(kind) + norm
	if id, ok := p.art.ids[k]; ok {
		return id, true
	}
	if id, ok := p.batch.ids[k]; ok {
		return id, true
	}
	return p.cache.id(k)
}

func (p *putter) known(key string) bool {
	return p.art.seen[key] || p.batch.seen[key] || p.cache.has(key)
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
	if ps, ok := p.prepared[q]; ok {
		s := p.tx.StmtContext(ctx, ps)
		p.stmts[q] = s
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

// failAfter, when set (by tests), makes writing the article it names fail
// once its rows are written, as a constraint or a full disk would: the
// path that redoes a batch with savepoints.
var failAfter func(extID string) error

func (p *putter) article(ctx context.Context, r *articleRow, now int64) (id int64, status store.Status, n int, err error) {
	if failAfter != nil {
		defer func() {
			if err == nil && status == store.New {
				if ferr := failAfter(r.extID); ferr != nil {
					id, status, n, err = 0, "", 0, ferr
				}
			}
		}()
	}
	art, rec := r.art, &r.rec
	st, err := p.stmt(ctx, sqlArticleByHash)
	if err != nil {
		return 0, "", 0, err
	}
	err = st.QueryRowContext(ctx, r.hash).Scan(&id)
	switch {
	case err == nil:
		return id, store.Duplicate, 0, p.resighted(ctx, id, r)
	case !errors.Is(err, sql.ErrNoRows):
		return 0, "", 0, err
	}
	id, err = p.id(ctx, sqlInsertArticle,
		r.hash, r.extID, art.URL, art.Outlet, art.Author, art.Title, art.Language,
		r.published, r.update, art.Source, r.sections, r.figures, rec.Article.Length, art.Text, now)
	if err != nil {
		return 0, "", 0, fmt.Errorf("insert article: %w", err)
	}
	if _, err := p.source(ctx, id, r); err != nil {
		return 0, "", 0, err
	}

	// Entities: corpus-level by normalised name, and the article's own.
	// Names not known yet are upserted together.
	norms := make([]string, len(rec.Entities))
	var unknown [][]any
	for i, e := range rec.Entities {
		norms[i] = store.NormalizeName(e.Name)
		if norms[i] == "" {
			continue
		}
		if _, ok := p.lookup('e', norms[i]); !ok {
			p.art.ids["e"+norms[i]] = 0 // queued
			unknown = append(unknown, []any{e.Name, norms[i], string(e.Type)})
		}
	}
	if err := p.upsert(ctx, 'e', unknown); err != nil {
		return 0, "", 0, fmt.Errorf("entities: %w", err)
	}
	entityIDs := make([]int64, len(rec.Entities))
	var ents [][]any
	for i, e := range rec.Entities {
		if norms[i] == "" {
			continue
		}
		eid, _ := p.lookup('e', norms[i])
		entityIDs[i] = eid
		for _, al := range append([]string{e.Name}, e.Aliases...) {
			p.alias('e', eid, al)
		}
		aliases, _ := json.Marshal(orEmpty(e.Aliases))
		mentions := make([][2]int, len(e.Mentions))
		for k, m := range e.Mentions {
			mentions[k] = [2]int{m.Start, m.End}
		}
		ms, _ := json.Marshal(mentions)
		ents = append(ents, []any{id, e.ID, eid, e.Name, e.Metonym, e.Role, e.Org, string(aliases), string(ms)})
	}
	if err := p.rows(ctx, sqlArticleEntities, 9, ents); err != nil {
		return 0, "", 0, fmt.Errorf("entities: %w", err)
	}

	attrs := map[string]bool{} // speaker attributes written for this article
	stmts := make([][]any, 0, len(rec.Statements))
	for i, s := range rec.Statements {
		speakerID, err := p.speaker(ctx, id, r, r.stmts[i].Speaker, s, attrs)
		if err != nil {
			return 0, "", 0, err
		}
		if speakerID.Valid {
			p.art.speakers[speakerID.Int64]++
		}
		var ms, me, as, ae, cs, ce sql.NullInt64
		var mt, at, ct sql.NullString
		spanCols(s.Speaker.Mention, &ms, &me, &mt)
		spanCols(s.Speaker.Antecedent, &as, &ae, &at)
		spanCols(s.Cue, &cs, &ce, &ct)
		// Ids are given here, so that the statements go in with a few
		// multi-row inserts; the transaction is the only writer.
		sid := p.nextID
		p.nextID++
		// The entities whose mentions fall inside the statement's content.
		var ents []int64
		content := saywho.Span{Start: s.Start, End: s.End}
		for k, e := range rec.Entities {
			if entityIDs[k] == 0 || slices.Contains(ents, entityIDs[k]) {
				continue
			}
			for _, m := range e.Mentions {
				if content.Contains(saywho.Span{Start: m.Start, End: m.End}) && store.InParts(s.Parts, m) {
					p.art.named = append(p.art.named, []any{sid, entityIDs[k]})
					ents = append(ents, entityIDs[k])
					break
				}
			}
		}
		tags := statementTags(speakerID.Int64, s.Kind, []string{art.Outlet}, ents, art.Published)
		stmts = append(stmts, []any{sid, id, i, string(s.Kind), s.Start, s.End, r.parts[i], s.Text,
			speakerID, s.Speaker.Name, s.Speaker.ID, string(store.SpeakerType(s.Speaker)), s.Speaker.Role, s.Speaker.Org,
			ms, me, mt, as, ae, at, cs, ce, ct, s.Section, s.Confidence, r.quotes[i], r.published, tags})
	}
	// The full-text index is written at the end of the batch, and the
	// count of new quotes there (sqlNewQuotes). The article's one
	// source sights each of its quotes.
	seenQuote := map[int64]bool{}
	for _, q := range r.quotes {
		if q.Valid {
			seenQuote[q.Int64] = true
		}
	}
	p.art.counts["sightings"] += len(seenQuote)
	p.art.counts["articles"]++
	p.art.counts["statements"] += len(stmts)
	for _, e := range rec.Entities {
		p.art.counts["mentions"] += len(e.Mentions)
	}
	if err := p.rows(ctx, sqlStatements, statementCols, stmts); err != nil {
		return 0, "", 0, fmt.Errorf("statements: %w", err)
	}
	return id, store.New, len(rec.Statements), nil
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
	n, err := p.exec(ctx, sqlInsertSource, id, r.extID, art.URL, art.Outlet, strings.ToLower(art.Outlet), r.published, art.Source)
	if err != nil {
		return false, fmt.Errorf("insert source: %w", err)
	}
	if n > 0 {
		p.art.counts["sources"]++
	}
	return n > 0, nil
}

// resighted handles the same text arriving again: a new URL or outlet is
// a new source of the article, and so a new sighting of each of its
// quotes (sightings are counted from sources). A new outlet is added to
// the tags of the article's statements, so that filtering by it finds
// them.
func (p *putter) resighted(ctx context.Context, id int64, r *articleRow) error {
	added, err := p.source(ctx, id, r)
	if err != nil || !added {
		return err
	}
	var quotes int
	if err := p.tx.QueryRowContext(ctx, `SELECT count(DISTINCT quote_id) FROM statements WHERE article_id = ?`, id).Scan(&quotes); err != nil {
		return err
	}
	p.art.counts["sightings"] += quotes
	if strings.TrimSpace(r.art.Outlet) == "" {
		return nil
	}
	tag := outletTag(r.art.Outlet)
	rows, err := p.tx.QueryContext(ctx, `SELECT id, text, tags FROM statements WHERE article_id = ?`, id)
	if err != nil {
		return err
	}
	type row struct {
		id         int64
		text, tags string
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.text, &r.tags); err != nil {
			rows.Close()
			return err
		}
		if !slices.Contains(strings.Fields(r.tags), tag) {
			all = append(all, r)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range all {
		tags := r.tags + " " + tag
		// Statements of this batch are indexed at its end, with their
		// tags as they are then; older ones are re-indexed now.
		indexed := r.id < p.firstID
		if indexed {
			if _, err := p.tx.ExecContext(ctx, `INSERT INTO statements_fts (statements_fts, rowid, text, tags) VALUES ('delete', ?, ?, ?)`, r.id, r.text, r.tags); err != nil {
				return err
			}
		}
		if _, err := p.tx.ExecContext(ctx, `UPDATE statements SET tags = ? WHERE id = ?`, tags, r.id); err != nil {
			return err
		}
		if indexed {
			if _, err := p.tx.ExecContext(ctx, `INSERT INTO statements_fts (rowid, text, tags) VALUES (?, ?, ?)`, r.id, r.text, tags); err != nil {
				return err
			}
		}
	}
	return nil
}

// alias queues a name of a speaker ('s') or entity ('e') for writing at
// the end of the article, unless it is known to be stored.
func (p *putter) alias(kind byte, id int64, alias string) {
	norm := store.NormalizeName(alias)
	if norm == "" {
		return
	}
	key := string(kind) + strconv.FormatInt(id, 10) + ":" + norm
	if p.known(key) {
		return
	}
	p.art.seen[key] = true
	if kind == 'e' {
		p.art.entityAliases = append(p.art.entityAliases, []any{id, alias, norm})
	} else {
		p.art.speakerAliases = append(p.art.speakerAliases, []any{id, alias, norm})
	}
}

// rows inserts rows with as few statements as it can: multi-row INSERTs
// of 64, 32, ... 1 rows, prepared once when the store opens (see
// valuesSQL), so that an article's 25 entities cost 3 statements, not 25.
func (p *putter) rows(ctx context.Context, insert string, cols int, rows [][]any) error {
	for len(rows) > 0 {
		n := maxRows
		for n > len(rows) {
			n /= 2
		}
		args := make([]any, 0, n*cols)
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		if _, err := p.exec(ctx, valuesSQL(insert, cols, n)+multiEnd(insert), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// upsert creates the entities ('e') given as (name, norm, type) rows, or
// finds them, and records their ids in the article's layer.
func (p *putter) upsert(ctx context.Context, kind byte, rows [][]any) error {
	for len(rows) > 0 {
		n := maxRows
		for n > len(rows) {
			n /= 2
		}
		args := make([]any, 0, n*3)
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		st, err := p.stmt(ctx, valuesSQL(sqlEntitiesUpsert, 3, n)+sqlEntitiesUpsertEnd)
		if err != nil {
			return err
		}
		res, err := st.QueryContext(ctx, args...)
		if err != nil {
			return err
		}
		for res.Next() {
			var norm string
			var id int64
			if err := res.Scan(&norm, &id); err != nil {
				res.Close()
				return err
			}
			p.art.ids[string(kind)+norm] = id
		}
		res.Close()
		if err := res.Err(); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// linkRows writes the batch's statement entities and aliases, each table's
// rows in its key's order: a few large inserts that walk each index
// once, rather than several small ones an article. An article's rows
// wait in its layer and join the batch's only once the article is
// written, so those of an article that failed never come here; and they
// cannot fail themselves on a constraint (INSERT OR IGNORE, and the rows
// they refer to are written).
func (p *putter) linkRows(ctx context.Context) error {
	b := p.batch
	slices.SortFunc(b.named, func(x, y []any) int { // (entity, statement)
		return cmp.Or(cmp.Compare(x[1].(int64), y[1].(int64)), cmp.Compare(x[0].(int64), y[0].(int64)))
	})
	byIDNorm := func(x, y []any) int { // (id, norm)
		return cmp.Or(cmp.Compare(x[0].(int64), y[0].(int64)), strings.Compare(x[2].(string), y[2].(string)))
	}
	slices.SortFunc(b.entityAliases, byIDNorm)
	slices.SortFunc(b.speakerAliases, byIDNorm)
	for _, w := range []struct {
		sql  string
		cols int
		rows [][]any
	}{
		{sqlStatementEntities, 2, b.named},
		{sqlEntityAliases, 3, b.entityAliases},
		{sqlSpeakerAliases, 3, b.speakerAliases},
	} {
		if err := p.rows(ctx, w.sql, w.cols, w.rows); err != nil {
			return err
		}
	}
	return nil
}

// speaker finds or creates the corpus speaker of a statement, by
// normalised canonical name, and records the aliases, role and
// organisation the article gives.
func (p *putter) speaker(ctx context.Context, articleID int64, r *articleRow, sp saywho.Speaker, s saywho.StatementRecord, attrs map[string]bool) (sql.NullInt64, error) {
	norm := store.NormalizeName(sp.Name)
	if norm == "" {
		return sql.NullInt64{}, nil
	}
	typ := sp.Type
	if typ == "" {
		typ = saywho.Unknown
	}
	id, ok := p.lookup('s', norm)
	if !ok || typ != saywho.Unknown && !p.known("t"+norm) {
		// A speaker merged away by identity resolution forwards to the
		// one it was merged into. A known type replaces "unknown".
		var err error
		id, err = p.id(ctx, sqlUpsertSpeaker, sp.Name, norm, string(typ))
		if err != nil {
			return sql.NullInt64{}, fmt.Errorf("speaker %q: %w", sp.Name, err)
		}
		p.art.ids["s"+norm] = id
		if typ != saywho.Unknown {
			p.art.seen["t"+norm] = true
		}
	}
	p.alias('s', id, sp.Name)
	if sp.Entity >= 0 {
		for _, al := range r.rec.Entities[sp.Entity].Aliases {
			p.alias('s', id, al)
		}
	}
	for _, at := range []struct{ kind, v string }{{"role", s.Speaker.Role}, {"org", s.Speaker.Org}} {
		v := strings.TrimSpace(at.v)
		key := strconv.FormatInt(id, 10) + at.kind + v
		if v == "" || attrs[key] {
			continue
		}
		attrs[key] = true
		if _, err := p.exec(ctx, sqlInsertAttribute, id, at.kind, v, articleID, r.published); err != nil {
			return sql.NullInt64{}, err
		}
	}
	return sql.NullInt64{Int64: id, Valid: true}, nil
}

// layer holds ids and known aliases created by one article or one batch.
type layer struct {
	ids      map[string]int64 // "s"+norm: speaker id; "e"+norm: entity id
	seen     map[string]bool  // aliases written; "t"+norm: speaker type known
	speakers map[int64]int    // statements of the article per speaker
	counts   map[string]int   // what it adds to the totals of Stats
	// Rows written at the end of the batch, in key order (see linkRows):
	// which entities each statement names, and the aliases found.
	named, entityAliases, speakerAliases [][]any
}

func newLayer() *layer {
	return &layer{ids: map[string]int64{}, seen: map[string]bool{}, speakers: map[int64]int{}, counts: map[string]int{}}
}

// speakerCounts are the statements a batch adds per speaker, with their
// first and last publication times.
type speakerCounts map[int64]*speakerCount

type speakerCount struct {
	n           int
	first, last sql.NullInt64
}

func (c speakerCounts) add(id int64, n int, published sql.NullInt64) {
	sc := c[id]
	if sc == nil {
		sc = &speakerCount{}
		c[id] = sc
	}
	sc.n += n
	if published.Valid {
		if !sc.first.Valid || published.Int64 < sc.first.Int64 {
			sc.first = published
		}
		if !sc.last.Valid || published.Int64 > sc.last.Int64 {
			sc.last = published
		}
	}
}

func (l *layer) merge(o *layer) {
	for k, v := range o.counts {
		l.counts[k] += v
	}
	for k, v := range o.ids {
		l.ids[k] = v
	}
	for k := range o.seen {
		l.seen[k] = true
	}
	l.named = append(l.named, o.named...)
	l.entityAliases = append(l.entityAliases, o.entityAliases...)
	l.speakerAliases = append(l.speakerAliases, o.speakerAliases...)
}

// cache holds what committed transactions of this process stored, so
// that a name seen before costs no query. Ids never change once
// committed; a merge by identity resolution is followed the next time the
// cache is cleared. It is bounded: past maxCache entries it starts over.
type cache struct {
	mu   sync.Mutex
	ids  map[string]int64
	seen map[string]bool
}

const maxCache = 500_000

func (c *cache) id(k string) (int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	id, ok := c.ids[k]
	return id, ok
}

func (c *cache) has(k string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.seen[k]
}

func (c *cache) commit(l *layer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ids == nil || len(c.ids)+len(c.seen) > maxCache {
		c.ids, c.seen = map[string]int64{}, map[string]bool{}
	}
	for k, v := range l.ids {
		c.ids[k] = v
	}
	for k := range l.seen {
		c.seen[k] = true
	}
}
