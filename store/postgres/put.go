package postgres

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store"
)

// Put stores a batch of analyses in one transaction. When the database
// refuses one of them (a check the preparation did not foresee), the
// batch is written again one article per transaction, so that only that
// article fails.
func (db *DB) Put(ctx context.Context, batch []*saywho.Analysis) ([]store.PutResult, error) {
	rows, res := prepareBatch(batch)
	return db.write(ctx, rows, res, nil)
}

// prepareBatch prepares each analysis; a failure is that article's.
func prepareBatch(batch []*saywho.Analysis) ([]*articleRow, []store.PutResult) {
	rows := make([]*articleRow, len(batch))
	res := make([]store.PutResult, len(batch))
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
	return rows, res
}

// txHook runs inside the transaction that writes the batch entries idx,
// after them, with their results: the job queue marks jobs done there.
type txHook func(ctx context.Context, tx pgx.Tx, idx []int, res []store.PutResult) error

// write stores rows (nil entries are failed already, with their result in
// prepared) and runs hook in the same transaction.
func (db *DB) write(ctx context.Context, rows []*articleRow, prepared []store.PutResult, hook txHook) ([]store.PutResult, error) {
	res := slices.Clone(prepared)
	all := make([]int, len(rows))
	for i := range all {
		all[i] = i
	}
	err := db.tx(ctx, func(tx pgx.Tx) error {
		copy(res, prepared)
		return writeRows(ctx, tx, rows, all, res, hook)
	})
	if err == nil {
		return res, nil
	}
	if !dataError(err) {
		return nil, fmt.Errorf("put: %w", err)
	}
	// One article at a time, to find the one the database refuses.
	copy(res, prepared)
	for _, i := range all {
		if rows[i] == nil {
			continue
		}
		one := []int{i}
		err := db.tx(ctx, func(tx pgx.Tx) error {
			res[i] = prepared[i]
			return writeRows(ctx, tx, rows, one, res, hook)
		})
		if err == nil {
			continue
		}
		if !dataError(err) {
			return nil, fmt.Errorf("put: %w", err)
		}
		res[i] = store.PutResult{Hash: rows[i].hash, Status: store.Failed, Err: fmt.Errorf("article %s: %w", rows[i].extID, err)}
	}
	// The hook sees the failures too, in a transaction of their own.
	if hook != nil {
		var failed []int
		for _, i := range all {
			if res[i].Status == store.Failed {
				failed = append(failed, i)
			}
		}
		if len(failed) > 0 {
			none := make([]*articleRow, len(rows))
			if err := db.tx(ctx, func(tx pgx.Tx) error { return writeRows(ctx, tx, none, failed, res, hook) }); err != nil {
				return nil, fmt.Errorf("put: %w", err)
			}
		}
	}
	return res, nil
}

// tx runs fn in a transaction, again when PostgreSQL aborted it for a
// deadlock or a serialization failure: the lock order of writeRows makes
// those rare, and a retry is their remedy.
func (db *DB) tx(ctx context.Context, fn func(pgx.Tx) error) error {
	for attempt := 1; ; attempt++ {
		err := pgx.BeginFunc(ctx, db.pool, fn)
		if err == nil || !retryable(err) || attempt == 5 {
			return err
		}
		wait := time.Duration(attempt*attempt) * (10*time.Millisecond + rand.N(10*time.Millisecond))
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return err
		}
	}
}

func sqlState(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

func retryable(err error) bool {
	s := sqlState(err)
	return s == "40001" || s == "40P01"
}

// dataError reports whether err is the database refusing what was
// written (bad data, a broken constraint, a value past a limit such as
// tsvector's 1 MB) rather than the database or the connection failing.
func dataError(err error) bool {
	s := sqlState(err)
	return strings.HasPrefix(s, "22") || strings.HasPrefix(s, "23") || strings.HasPrefix(s, "54")
}

// batcher queues statements into one pipelined round trip.
type batcher struct{ b pgx.Batch }

func (b *batcher) exec(sql string, args ...any) { b.b.Queue(sql, args...) }

func (b *batcher) query(sql string, scan func(pgx.Rows) error, args ...any) {
	b.b.Queue(sql, args...).Query(func(rows pgx.Rows) error {
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

func (b *batcher) send(ctx context.Context, tx pgx.Tx) error {
	if b.b.Len() == 0 {
		return nil
	}
	err := tx.SendBatch(ctx, &b.b).Close()
	b.b = pgx.Batch{}
	return err
}

// writeRows writes the batch entries idx in tx, in three pipelined round
// trips: the articles; then the speakers, entities and statement ids of
// the new ones; then everything that points to those. Every statement
// that can wait on another writer's row (a unique key another transaction
// is inserting) takes its rows sorted, and the statements come in the
// same order in every transaction, so that writers never deadlock.
func writeRows(ctx context.Context, tx pgx.Tx, rows []*articleRow, idx []int, res []store.PutResult, hook txHook) error {
	// The first entry of each text is written; later ones are duplicates.
	var cand []int
	first := map[string]int{}
	for _, i := range idx {
		r := rows[i]
		if r == nil {
			continue
		}
		if _, dup := first[r.hash]; !dup {
			first[r.hash] = i
			cand = append(cand, i)
		}
	}
	slices.SortFunc(cand, func(a, b int) int { return strings.Compare(rows[a].hash, rows[b].hash) })
	now := time.Now().UTC()

	// 1. Articles: new ones inserted, existing ones found.
	ids := map[string]int64{}
	isNew := map[string]bool{}
	var b batcher
	if len(cand) > 0 {
		var a struct {
			hash, extID, url, outlet, author, title, language, source, sections, figures, text []string
			published, updated                                                                 []*time.Time
			length, pos                                                                        []int32
		}
		hashes := make([]string, 0, len(cand))
		for _, i := range cand {
			r := rows[i]
			hashes = append(hashes, r.hash)
			a.hash = append(a.hash, r.hash)
			a.extID = append(a.extID, r.extID)
			a.url = append(a.url, r.art.URL)
			a.outlet = append(a.outlet, r.art.Outlet)
			a.author = append(a.author, r.art.Author)
			a.title = append(a.title, r.art.Title)
			a.language = append(a.language, r.art.Language)
			a.source = append(a.source, r.art.Source)
			a.sections = append(a.sections, r.sections)
			a.figures = append(a.figures, r.figures)
			a.text = append(a.text, r.art.Text)
			a.published = append(a.published, r.published)
			a.updated = append(a.updated, r.updated)
			a.length = append(a.length, int32(r.rec.Article.Length))
			a.pos = append(a.pos, int32(i))
		}
		// Ids are drawn in the batch's order, so that of two versions of
		// a URL in one batch the later is the newer; rows go in by hash.
		b.query(`WITH u AS (
				SELECT nextval(pg_get_serial_sequence('articles', 'id')) AS id, * FROM (
					SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
						$8::timestamptz[], $9::timestamptz[], $10::text[], $11::text[], $12::text[], $13::int[], $14::text[], $16::int[])
						AS u(hash, ext_id, url, outlet, author, title, language, published, updated, source, sections, figures, length, text, pos)
					ORDER BY pos) ordered)
			INSERT INTO articles (id, hash, ext_id, url, outlet, author, title, language, published, updated,
				source, sections, figures, length, text, ingested)
			SELECT id, hash, ext_id, url, outlet, author, title, language, published, updated,
				source, sections::jsonb, figures::jsonb, length, text, $15
			FROM u ORDER BY hash
			ON CONFLICT (hash) DO NOTHING
			RETURNING hash, id`,
			func(rs pgx.Rows) error {
				var h string
				var id int64
				if err := rs.Scan(&h, &id); err != nil {
					return err
				}
				isNew[h] = true
				return nil
			},
			a.hash, a.extID, a.url, a.outlet, a.author, a.title, a.language, a.published, a.updated,
			a.source, a.sections, a.figures, a.length, a.text, now, a.pos)
		b.query(`SELECT hash, id FROM articles WHERE hash = ANY($1)`, func(rs pgx.Rows) error {
			var h string
			var id int64
			if err := rs.Scan(&h, &id); err != nil {
				return err
			}
			ids[h] = id
			return nil
		}, hashes)
		if err := b.send(ctx, tx); err != nil {
			return fmt.Errorf("articles: %w", err)
		}
	}
	var fresh []*articleRow // new articles, by hash
	for _, i := range cand {
		if isNew[rows[i].hash] {
			fresh = append(fresh, rows[i])
		}
	}
	for _, i := range idx {
		r := rows[i]
		if r == nil {
			continue
		}
		res[i].ArticleID = ids[r.hash]
		if first[r.hash] == i && isNew[r.hash] {
			res[i].Status, res[i].Statements = store.New, len(r.rec.Statements)
		} else {
			res[i].Status = store.Duplicate
		}
		if res[i].ArticleID == 0 {
			return fmt.Errorf("article %s: no id after insert", r.extID)
		}
	}

	// 2. Speakers and entities by normalised name, and statement ids.
	speakers := map[string]int64{}
	entities := map[string]int64{}
	var stmtIDs []int64
	if len(fresh) > 0 {
		type named struct{ name, norm, typ string }
		sp := map[string]named{}
		en := map[string]named{}
		nStmts := 0
		for _, r := range fresh {
			nStmts += len(r.rec.Statements)
			for k, s := range r.rec.Statements {
				norm := r.norms[k]
				if norm == "" {
					continue
				}
				typ := string(store.SpeakerType(s.Speaker))
				if old, ok := sp[norm]; !ok {
					sp[norm] = named{s.Speaker.Name, norm, typ}
				} else if old.typ == string(saywho.Unknown) {
					sp[norm] = named{old.name, norm, typ}
				}
			}
			for _, e := range r.rec.Entities {
				norm := store.NormalizeName(e.Name)
				if _, ok := en[norm]; norm != "" && !ok {
					en[norm] = named{e.Name, norm, string(e.Type)}
				}
			}
		}
		cols := func(m map[string]named) (names, norms, types []string) {
			keys := make([]string, 0, len(m))
			for k := range m {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				names, norms, types = append(names, m[k].name), append(norms, k), append(types, m[k].typ)
			}
			return
		}
		scanID := func(m map[string]int64) func(pgx.Rows) error {
			return func(rs pgx.Rows) error {
				var norm string
				var id int64
				if err := rs.Scan(&norm, &id); err != nil {
					return err
				}
				m[norm] = id
				return nil
			}
		}
		if len(sp) > 0 {
			names, norms, types := cols(sp)
			// A known type replaces "unknown"; a speaker merged away by
			// identity resolution forwards to the one it was merged into.
			b.exec(`INSERT INTO speakers (name, norm, type)
				SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ORDER BY 2
				ON CONFLICT (norm) DO UPDATE SET type = excluded.type
				WHERE speakers.type = 'unknown' AND excluded.type <> 'unknown'`, names, norms, types)
			b.query(`SELECT norm, coalesce(merged_into, id) FROM speakers WHERE norm = ANY($1)`, scanID(speakers), norms)
		}
		if len(en) > 0 {
			names, norms, types := cols(en)
			b.exec(`INSERT INTO entities (name, norm, type)
				SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ORDER BY 2
				ON CONFLICT (norm) DO NOTHING`, names, norms, types)
			b.query(`SELECT norm, id FROM entities WHERE norm = ANY($1)`, scanID(entities), norms)
		}
		if nStmts > 0 {
			b.query(`SELECT nextval(pg_get_serial_sequence('statements', 'id')) FROM generate_series(1, $1)`,
				func(rs pgx.Rows) error {
					var id int64
					if err := rs.Scan(&id); err != nil {
						return err
					}
					stmtIDs = append(stmtIDs, id)
					return nil
				}, nStmts)
		}
		if err := b.send(ctx, tx); err != nil {
			return fmt.Errorf("speakers and entities: %w", err)
		}
	}

	// 3. Sources of every entry (a duplicate may be a new sighting), and
	// the rows of the new articles.
	type source struct {
		article                               int64
		extID, url, outlet, outletKey, origin string
		published                             *time.Time
	}
	var srcs []source
	for _, i := range idx {
		if r := rows[i]; r != nil {
			srcs = append(srcs, source{ids[r.hash], r.extID, r.art.URL, r.art.Outlet, strings.ToLower(r.art.Outlet), r.art.Source, r.published})
		}
	}
	if len(srcs) > 0 {
		var s struct {
			article                               []int64
			extID, url, outlet, outletKey, origin []string
			published                             []*time.Time
		}
		for _, x := range srcs {
			s.article = append(s.article, x.article)
			s.extID = append(s.extID, x.extID)
			s.url = append(s.url, x.url)
			s.outlet = append(s.outlet, x.outlet)
			s.outletKey = append(s.outletKey, x.outletKey)
			s.origin = append(s.origin, x.origin)
			s.published = append(s.published, x.published)
		}
		// Ids in the batch's order (sources are listed by id), rows in
		// key order.
		b.exec(`WITH u AS (
				SELECT nextval(pg_get_serial_sequence('article_sources', 'id')) AS id, * FROM (
					SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[])
						WITH ORDINALITY AS u(article_id, ext_id, url, outlet, outlet_key, published, source, pos)
					ORDER BY pos) ordered)
			INSERT INTO article_sources (id, article_id, ext_id, url, outlet, outlet_key, published, source)
			SELECT id, article_id, ext_id, url, outlet, outlet_key, published, source FROM u
			ORDER BY article_id, url, outlet
			ON CONFLICT DO NOTHING`, s.article, s.extID, s.url, s.outlet, s.outletKey, s.published, s.origin)
	}
	if len(fresh) > 0 {
		w := newArticleWriter(speakers, entities, stmtIDs)
		for _, r := range fresh {
			w.add(r, ids[r.hash])
		}
		w.queue(&b)
	}
	if err := b.send(ctx, tx); err != nil {
		return fmt.Errorf("statements: %w", err)
	}
	if hook != nil {
		return hook(ctx, tx, idx, res)
	}
	return nil
}

// articleWriter gathers the rows of new articles into column arrays, one
// multi-row statement per table.
type articleWriter struct {
	speakers, entities map[string]int64
	stmtIDs            []int64

	st struct {
		id, article, speaker, quote                                        []*int64
		ord, start, end                                                    []int32
		ms, me, as, ae, cs, ce                                             []*int32
		kind, parts, text, spName, spLocal, spType, spRole, spOrg, section []*string
		mt, at, ct                                                         []*string
		confidence                                                         []float64
		published                                                          []*time.Time
	}
	attrs map[attrKey]*time.Time
	en    struct {
		article, entity                                    []int64
		ord                                                []int32
		local, name, metonym, role, org, aliases, mentions []string
	}
	stEnts   map[[2]int64]bool
	enAlias  map[aliasKey]string
	spAlias  map[aliasKey]string
	nextStmt int
}

type attrKey struct {
	speaker     int64
	kind, value string
	article     int64
}

type aliasKey struct {
	id   int64
	norm string
}

func newArticleWriter(speakers, entities map[string]int64, stmtIDs []int64) *articleWriter {
	return &articleWriter{speakers: speakers, entities: entities, stmtIDs: stmtIDs,
		attrs: map[attrKey]*time.Time{}, stEnts: map[[2]int64]bool{},
		enAlias: map[aliasKey]string{}, spAlias: map[aliasKey]string{}}
}

func ptr[T any](v T) *T { return &v }

// mustJSON marshals values that cannot fail to marshal (strings, ints).
func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func spanCols(s *saywho.SpanText) (start, end *int32, text *string) {
	if s == nil {
		return nil, nil, nil
	}
	return ptr(int32(s.Start)), ptr(int32(s.End)), ptr(s.Text)
}

func alias(m map[aliasKey]string, id int64, name string) {
	norm := store.NormalizeName(name)
	if norm == "" {
		return
	}
	k := aliasKey{id, norm}
	if _, ok := m[k]; !ok {
		m[k] = name
	}
}

func (w *articleWriter) add(r *articleRow, articleID int64) {
	rec := &r.rec
	entityIDs := make([]int64, len(rec.Entities))
	for k, e := range rec.Entities {
		eid, ok := w.entities[store.NormalizeName(e.Name)]
		if !ok {
			continue // a name with no letters or digits: no corpus entity
		}
		entityIDs[k] = eid
		alias(w.enAlias, eid, e.Name)
		for _, al := range e.Aliases {
			alias(w.enAlias, eid, al)
		}
		aliases := e.Aliases
		if aliases == nil {
			aliases = []string{}
		}
		mentions := make([][2]int, len(e.Mentions))
		for m, sp := range e.Mentions {
			mentions[m] = [2]int{sp.Start, sp.End}
		}
		en := &w.en
		en.article, en.entity, en.ord = append(en.article, articleID), append(en.entity, eid), append(en.ord, int32(k))
		en.local, en.name, en.metonym = append(en.local, e.ID), append(en.name, e.Name), append(en.metonym, e.Metonym)
		en.role, en.org = append(en.role, e.Role), append(en.org, e.Org)
		en.aliases, en.mentions = append(en.aliases, mustJSON(aliases)), append(en.mentions, mustJSON(mentions))
	}
	for k, s := range rec.Statements {
		sid := w.stmtIDs[w.nextStmt]
		w.nextStmt++
		var speaker *int64
		if id, ok := w.speakers[r.norms[k]]; ok {
			speaker = ptr(id)
			alias(w.spAlias, id, s.Speaker.Name)
			if e := r.stmts[k].Speaker.Entity; e >= 0 {
				for _, al := range rec.Entities[e].Aliases {
					alias(w.spAlias, id, al)
				}
			}
			for _, at := range []struct{ kind, v string }{{"role", s.Speaker.Role}, {"org", s.Speaker.Org}} {
				if v := strings.TrimSpace(at.v); v != "" {
					w.attrs[attrKey{id, at.kind, v, articleID}] = r.published
				}
			}
		}
		st := &w.st
		st.id = append(st.id, ptr(sid))
		st.article = append(st.article, ptr(articleID))
		st.ord = append(st.ord, int32(k))
		st.kind = append(st.kind, ptr(string(s.Kind)))
		st.start = append(st.start, int32(s.Start))
		st.end = append(st.end, int32(s.End))
		st.parts = append(st.parts, r.parts[k])
		st.text = append(st.text, ptr(s.Text))
		st.speaker = append(st.speaker, speaker)
		st.spName = append(st.spName, ptr(s.Speaker.Name))
		st.spLocal = append(st.spLocal, ptr(s.Speaker.ID))
		st.spType = append(st.spType, ptr(string(store.SpeakerType(s.Speaker))))
		st.spRole = append(st.spRole, ptr(s.Speaker.Role))
		st.spOrg = append(st.spOrg, ptr(s.Speaker.Org))
		ms, me, mt := spanCols(s.Speaker.Mention)
		as, ae, at := spanCols(s.Speaker.Antecedent)
		cs, ce, ct := spanCols(s.Cue)
		st.ms, st.me, st.mt = append(st.ms, ms), append(st.me, me), append(st.mt, mt)
		st.as, st.ae, st.at = append(st.as, as), append(st.ae, ae), append(st.at, at)
		st.cs, st.ce, st.ct = append(st.cs, cs), append(st.ce, ce), append(st.ct, ct)
		st.section = append(st.section, ptr(s.Section))
		st.confidence = append(st.confidence, s.Confidence)
		st.quote = append(st.quote, r.quotes[k])
		st.published = append(st.published, r.published)

		// The entities whose mentions fall inside the statement's content.
		content := saywho.Span{Start: s.Start, End: s.End}
		for e, ent := range rec.Entities {
			if entityIDs[e] == 0 {
				continue
			}
			for _, m := range ent.Mentions {
				if content.Contains(saywho.Span{Start: m.Start, End: m.End}) && store.InParts(s.Parts, m) {
					w.stEnts[[2]int64{sid, entityIDs[e]}] = true
					break
				}
			}
		}
	}
}

// queue adds the statements writing the gathered rows to b, those that
// can wait on other writers (aliases) sorted by key.
func (w *articleWriter) queue(b *batcher) {
	st := &w.st
	if len(st.id) > 0 {
		b.exec(`INSERT INTO statements (id, article_id, ord, kind, span_start, span_end, parts, text,
				speaker_id, speaker_name, speaker_local, speaker_type, speaker_role, speaker_org,
				mention_start, mention_end, mention_text, antecedent_start, antecedent_end, antecedent_text,
				cue_start, cue_end, cue_text, section, confidence, quote_id, published)
			SELECT id, article_id, ord, kind, span_start, span_end, parts::jsonb, text,
				speaker_id, speaker_name, speaker_local, speaker_type, speaker_role, speaker_org,
				mention_start, mention_end, mention_text, antecedent_start, antecedent_end, antecedent_text,
				cue_start, cue_end, cue_text, section, confidence, quote_id, published
			FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::text[], $5::int[], $6::int[], $7::text[], $8::text[],
				$9::bigint[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[],
				$15::int[], $16::int[], $17::text[], $18::int[], $19::int[], $20::text[],
				$21::int[], $22::int[], $23::text[], $24::text[], $25::float8[], $26::bigint[], $27::timestamptz[])
				AS u(id, article_id, ord, kind, span_start, span_end, parts, text,
				speaker_id, speaker_name, speaker_local, speaker_type, speaker_role, speaker_org,
				mention_start, mention_end, mention_text, antecedent_start, antecedent_end, antecedent_text,
				cue_start, cue_end, cue_text, section, confidence, quote_id, published)`,
			st.id, st.article, st.ord, st.kind, st.start, st.end, st.parts, st.text,
			st.speaker, st.spName, st.spLocal, st.spType, st.spRole, st.spOrg,
			st.ms, st.me, st.mt, st.as, st.ae, st.at, st.cs, st.ce, st.ct,
			st.section, st.confidence, st.quote, st.published)
	}
	if len(w.attrs) > 0 {
		var sp, art []int64
		var kind, value []string
		var pub []*time.Time
		for k, p := range w.attrs {
			sp, kind, value, art, pub = append(sp, k.speaker), append(kind, k.kind), append(value, k.value), append(art, k.article), append(pub, p)
		}
		b.exec(`INSERT INTO speaker_attributes (speaker_id, kind, value, article_id, published)
			SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::timestamptz[])
			ON CONFLICT DO NOTHING`, sp, kind, value, art, pub)
	}
	if e := &w.en; len(e.article) > 0 {
		b.exec(`INSERT INTO article_entities (article_id, local, ord, entity_id, name, metonym, role, org, aliases, mentions)
			SELECT article_id, local, ord, entity_id, name, metonym, role, org, aliases::jsonb, mentions::jsonb
			FROM unnest($1::bigint[], $2::text[], $3::int[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
				AS u(article_id, local, ord, entity_id, name, metonym, role, org, aliases, mentions)`,
			e.article, e.local, e.ord, e.entity, e.name, e.metonym, e.role, e.org, e.aliases, e.mentions)
	}
	if len(w.stEnts) > 0 {
		var sid, eid []int64
		for k := range w.stEnts {
			sid, eid = append(sid, k[0]), append(eid, k[1])
		}
		b.exec(`INSERT INTO statement_entities (statement_id, entity_id)
			SELECT * FROM unnest($1::bigint[], $2::bigint[])`, sid, eid)
	}
	for _, a := range []struct {
		table, col string
		m          map[aliasKey]string
	}{{"entity_aliases", "entity_id", w.enAlias}, {"speaker_aliases", "speaker_id", w.spAlias}} {
		if len(a.m) == 0 {
			continue
		}
		keys := make([]aliasKey, 0, len(a.m))
		for k := range a.m {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(x, y aliasKey) int { return cmp.Or(cmp.Compare(x.id, y.id), strings.Compare(x.norm, y.norm)) })
		ids, names, norms := make([]int64, len(keys)), make([]string, len(keys)), make([]string, len(keys))
		for i, k := range keys {
			ids[i], names[i], norms[i] = k.id, a.m[k], k.norm
		}
		b.exec(`INSERT INTO `+a.table+` (`+a.col+`, alias, norm)
			SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[]) ORDER BY 1, 3
			ON CONFLICT DO NOTHING`, ids, names, norms)
	}
}
