package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/identity"
	"github.com/saywho/saywho/store"
)

// Identity in the SQLite store (see store.Identities and package
// identity). Put keys a speaker by its normalised name; Identify then
// resolves who is who over the whole corpus and writes it back:
//
//   - each speaker identity has one row in speakers (the row of its name
//     when no other identity claimed it, else a new one); every statement
//     points to its identity's row, its speaker tag in the full-text
//     index follows, and rows of names merged into an identity get
//     merged_into, so that Put sends new statements by that name to it
//     and lookups by that name find it;
//   - aliases, roles and organisations of speakers are rebuilt from the
//     identities and their statements;
//   - entities merge by the identity of their mentions (Kiev into Kyiv,
//     "Dmitri Peskov" into "Dmitry Peskov"), creating the canonical row
//     when no article named it so (the Kremlin into "Russian presidency",
//     marked as a metonym).
//
// Users' corrections are stored as identity.Rules in identity_rules, keyed
// by names and statement keys, and applied by every Identify: re-ingesting
// or re-extracting articles keeps them.

var _ store.Identities = (*DB)(nil)

// Rules lists the stored identity rules, oldest first.
func (db *DB) Rules(ctx context.Context) ([]identity.Rule, error) {
	rules, _, err := readRules(ctx, db.r)
	return rules, err
}

type rowQueryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func readRules(ctx context.Context, q rowQueryer) ([]identity.Rule, []int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, kind, names, statements FROM identity_rules ORDER BY id`)
	if err != nil {
		return nil, nil, fmt.Errorf("identity rules: %w", err)
	}
	defer rows.Close()
	var out []identity.Rule
	var ids []int64
	for rows.Next() {
		var id int64
		var kind, names, stmts string
		if err := rows.Scan(&id, &kind, &names, &stmts); err != nil {
			return nil, nil, fmt.Errorf("identity rules: %w", err)
		}
		r := identity.Rule{Kind: identity.RuleKind(kind)}
		if err := json.Unmarshal([]byte(names), &r.Names); err != nil {
			return nil, nil, fmt.Errorf("identity rule %d: names: %w", id, err)
		}
		if err := json.Unmarshal([]byte(stmts), &r.Statements); err != nil {
			return nil, nil, fmt.Errorf("identity rule %d: statements: %w", id, err)
		}
		out = append(out, r)
		ids = append(ids, id)
	}
	return out, ids, rows.Err()
}

// AddRule stores a rule, dropping the earlier ones it supersedes.
func (db *DB) AddRule(ctx context.Context, r identity.Rule) error {
	if err := r.Validate(); err != nil {
		return fmt.Errorf("%w: %w", err, store.ErrBadQuery)
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("identity rule: %w", err)
	}
	defer tx.Rollback()
	old, ids, err := readRules(ctx, tx)
	if err != nil {
		return err
	}
	for i, o := range old {
		if r.Supersedes(o) {
			if _, err := tx.ExecContext(ctx, `DELETE FROM identity_rules WHERE id = ?`, ids[i]); err != nil {
				return fmt.Errorf("identity rule: %w", err)
			}
		}
	}
	names, _ := json.Marshal(r.Names)
	stmts, _ := json.Marshal(orEmpty(r.Statements))
	if _, err := tx.ExecContext(ctx, `INSERT INTO identity_rules (kind, names, statements, created) VALUES (?, ?, ?, ?)`,
		string(r.Kind), string(names), string(stmts), time.Now().UTC().Unix()); err != nil {
		return fmt.Errorf("identity rule: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("identity rule: %w", err)
	}
	return nil
}

// stmtRow is what Identify keeps of a statement.
type stmtRow struct {
	id      int64
	article int64
	date    sql.NullInt64
	role    string
	org     string
	unit    int32 // -1: none
	name    int32 // index into the names read, -1 for no name
	// renamed is set when the mention names a body after the speaker's
	// name ("the Trump campaign" for "Trump"): not a statement by the
	// name, for forwarding it.
	renamed bool
	speaker int64 // current speaker row, 0 for none
	target  int64 // speaker row after identity
}

type speakerRow struct {
	id     int64
	name   string
	typ    string
	merged int64
}

// plan is what Identify computed and will write.
type plan struct {
	maxStmt  int64
	stmts    []stmtRow
	names    []string // normalised speaker names of statements
	speakers map[string]*speakerRow
	res      *identity.Result
	units    []identity.Unit
	// per identity with statements: its row (0: to be created) and the
	// name to create it under
	rowOf   []int64
	newName []string
	// entities: per entity row, the units of its mentions
	entUnits map[int64][]int
	entities map[int64]*entityRow
	ruleList []identity.Rule
	stats    store.IdentifyStats
}

type entityRow struct {
	name, norm, typ string
	merged          int64
	metonym         bool
}

// Identify recomputes identities and writes them. It reads the corpus in
// one read transaction and writes in one write transaction, touching only
// what changed; statements Put adds meanwhile keep the speaker Put gave
// them until the next run.
func (db *DB) Identify(ctx context.Context) (store.IdentifyStats, error) {
	start := time.Now()
	p, err := db.readForIdentity(ctx)
	if err != nil {
		return store.IdentifyStats{}, fmt.Errorf("identify %s: %w", db.path, err)
	}
	p.res = identity.Resolve(p.units, p.rules())
	p.assign()
	if err := db.writeIdentity(ctx, p); err != nil {
		return store.IdentifyStats{}, fmt.Errorf("identify %s: %w", db.path, err)
	}
	p.stats.Elapsed = time.Since(start)
	return p.stats, nil
}

func (p *plan) rules() []identity.Rule { return p.ruleList }

// clear empties the cache.
func (c *cache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ids, c.seen = nil, nil
}

func (db *DB) readForIdentity(ctx context.Context) (*plan, error) {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	p := &plan{speakers: map[string]*speakerRow{}, entUnits: map[int64][]int{}, entities: map[int64]*entityRow{}}
	if p.ruleList, _, err = readRules(ctx, tx); err != nil {
		return nil, err
	}
	p.stats.Rules = len(p.ruleList)
	moves := map[string]string{} // statement key -> speaker name
	for _, r := range p.ruleList {
		if r.Kind == identity.Move {
			for _, k := range r.Statements {
				moves[k] = r.Names[0]
			}
		}
	}
	var maxStmt sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT max(id) FROM statements`).Scan(&maxStmt); err != nil {
		return nil, err
	}
	p.maxStmt = maxStmt.Int64

	type art struct {
		hash string
		date time.Time
	}
	arts := map[int64]art{}
	rows, err := tx.QueryContext(ctx, `SELECT id, hash, published FROM articles`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var a art
		var pub sql.NullInt64
		if err := rows.Scan(&id, &a.hash, &pub); err != nil {
			rows.Close()
			return nil, err
		}
		if pub.Valid {
			a.date = time.Unix(pub.Int64, 0).UTC()
		}
		arts[id] = a
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	b := identity.NewBuilder()
	rows, err = tx.QueryContext(ctx, `SELECT ae.article_id, ae.entity_id, ae.name, e.type, ae.aliases, ae.metonym, ae.role, ae.org,
		e.name, e.norm, e.merged_into, e.metonym
		FROM article_entities ae JOIN entities e ON e.id = ae.entity_id ORDER BY ae.article_id, ae.local`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var artID, entID int64
		var en identity.Entity
		var typ, aliases string
		var er entityRow
		var merged sql.NullInt64
		if err := rows.Scan(&artID, &entID, &en.Name, &typ, &aliases, &en.Metonym, &en.Role, &en.Org,
			&er.name, &er.norm, &merged, &er.metonym); err != nil {
			rows.Close()
			return nil, err
		}
		en.Type = saywho.EntityType(typ)
		if err := json.Unmarshal([]byte(aliases), &en.Aliases); err != nil {
			rows.Close()
			return nil, fmt.Errorf("article %d entity %q: aliases: %w", artID, en.Name, err)
		}
		a := arts[artID]
		u := b.AddEntity(strconv.FormatInt(artID, 10), a.date, en)
		if u >= 0 {
			p.entUnits[entID] = append(p.entUnits[entID], u)
		}
		if p.entities[entID] == nil {
			er.typ, er.merged = typ, merged.Int64
			p.entities[entID] = &er
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	rows, err = tx.QueryContext(ctx, `SELECT id, name, norm, type, merged_into FROM speakers`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var s speakerRow
		var norm string
		var merged sql.NullInt64
		if err := rows.Scan(&s.id, &s.name, &norm, &s.typ, &merged); err != nil {
			rows.Close()
			return nil, err
		}
		s.merged = merged.Int64
		p.speakers[norm] = &s
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	rows, err = tx.QueryContext(ctx, `SELECT id, article_id, speaker_id, speaker_name, speaker_type, speaker_role, speaker_org,
		coalesce(mention_text, ''), quote_id, published FROM statements WHERE id <= ? ORDER BY id`, p.maxStmt)
	if err != nil {
		return nil, err
	}
	nameIndex := map[string]int32{}
	for rows.Next() {
		var s stmtRow
		var artID int64
		var speaker, quote sql.NullInt64
		var sp identity.Speaker
		var typ string
		if err := rows.Scan(&s.id, &artID, &speaker, &sp.Name, &typ, &sp.Role, &sp.Org, &sp.Mention, &quote, &s.date); err != nil {
			rows.Close()
			return nil, err
		}
		s.article, s.role, s.org = artID, strings.TrimSpace(sp.Role), strings.TrimSpace(sp.Org)
		sp.Type = saywho.SpeakerType(typ)
		s.speaker = speaker.Int64
		a := arts[artID]
		if len(moves) > 0 && quote.Valid {
			if name, ok := moves[identity.StatementKey(a.hash, strconv.FormatInt(quote.Int64, 10))]; ok {
				sp = identity.Speaker{Name: name, Type: saywho.Person}
			}
		}
		s.name = -1
		if eff, _ := identity.SpeakerName(sp.Name, sp.Type, sp.Mention); eff != sp.Name {
			s.renamed = store.NormalizeName(eff) != store.NormalizeName(sp.Name)
		}
		if norm := store.NormalizeName(sp.Name); norm != "" {
			k, ok := nameIndex[norm]
			if !ok {
				k = int32(len(p.names))
				nameIndex[norm] = k
				p.names = append(p.names, norm)
			}
			s.name = k
		}
		s.unit = int32(b.AddSpeaker(strconv.FormatInt(artID, 10), a.date, sp))
		p.stmts = append(p.stmts, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	p.units = b.Units()
	p.stats.Names = len(p.names)
	return p, tx.Commit()
}

// assign decides each speaker identity's row, each statement's speaker,
// and each entity's canonical row.
func (p *plan) assign() {
	res := p.res
	// Identities with statements, most statements first, claim the row
	// of their name.
	var order []int
	for k, id := range res.Identities {
		if id.Statements > 0 {
			order = append(order, k)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Compare(res.Identities[b].Statements, res.Identities[a].Statements)
	})
	p.rowOf = make([]int64, len(res.Identities))
	p.newName = make([]string, len(res.Identities))
	claimed := map[string]bool{}
	for _, k := range order {
		id := &res.Identities[k]
		p.stats.Speakers++
		if id.Pooled {
			p.stats.Pooled++
		}
		name := id.Name
		for n := 1; ; n++ {
			norm := store.NormalizeName(name)
			if norm != "" && !claimed[norm] {
				claimed[norm] = true
				if row, ok := p.speakers[norm]; ok {
					p.rowOf[k] = row.id
				} else {
					p.newName[k] = name
				}
				break
			}
			// Another identity bears the name: "Trump (organization)".
			name = fmt.Sprintf("%s (%s)", id.Name, id.Type)
			if n > 1 {
				name = fmt.Sprintf("%s (%s %d)", id.Name, id.Type, n)
			}
		}
	}
	for i := range p.stmts {
		s := &p.stmts[i]
		if s.unit < 0 || res.Of[s.unit] < 0 {
			continue
		}
		k := res.Of[s.unit]
		if s.name < 0 {
			p.stats.ByRole++
		} else if !s.renamed && p.names[s.name] != store.NormalizeName(res.Identities[k].Name) {
			p.stats.Merged++
		}
	}
}

// speakerType is the row type of an identity.
func rowType(t identity.Type) string {
	if t == identity.Organization {
		return string(saywho.Organization)
	}
	return string(saywho.Person)
}

func (db *DB) writeIdentity(ctx context.Context, p *plan) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res := p.res

	// Rows for identities whose name no row has.
	for k, name := range p.newName {
		if name == "" {
			continue
		}
		id := &res.Identities[k]
		err := tx.QueryRowContext(ctx, `INSERT INTO speakers (name, norm, type) VALUES (?, ?, ?)
			ON CONFLICT (norm) DO UPDATE SET norm = excluded.norm RETURNING id`,
			name, store.NormalizeName(name), rowType(id.Type)).Scan(&p.rowOf[k])
		if err != nil {
			return fmt.Errorf("speaker %q: %w", name, err)
		}
	}
	roots := map[int64]int{} // row -> identity
	for k, row := range p.rowOf {
		if row != 0 {
			roots[row] = k
		}
	}
	// Each statement's speaker; names forward to the identity most of
	// their statements went to.
	forward := map[int32]map[int64]int{}
	for i := range p.stmts {
		s := &p.stmts[i]
		if s.unit >= 0 {
			if k := res.Of[s.unit]; k >= 0 {
				s.target = p.rowOf[k]
			}
		}
		if s.name >= 0 && s.target != 0 && !s.renamed {
			if forward[s.name] == nil {
				forward[s.name] = map[int64]int{}
			}
			forward[s.name][s.target]++
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE speakers SET merged_into = NULL WHERE merged_into IS NOT NULL`); err != nil {
		return err
	}
	setType, err := tx.PrepareContext(ctx, `UPDATE speakers SET type = ? WHERE id = ? AND type != ?`)
	if err != nil {
		return err
	}
	defer setType.Close()
	for row, k := range roots {
		t := rowType(res.Identities[k].Type)
		if _, err := setType.ExecContext(ctx, t, row, t); err != nil {
			return err
		}
	}
	setMerged, err := tx.PrepareContext(ctx, `UPDATE speakers SET merged_into = ? WHERE id = ?`)
	if err != nil {
		return err
	}
	defer setMerged.Close()
	// A name none of whose statements is by that name any more (all of
	// "Clinton"'s were "the Clinton campaign") forwards to the identity
	// with the most statements that bears it as an alias.
	byAlias := map[string]int64{}
	for row, k := range roots {
		id := &res.Identities[k]
		for _, a := range id.Aliases {
			norm := store.NormalizeName(a.Name)
			if cur, ok := byAlias[norm]; !ok || res.Identities[roots[cur]].Statements < id.Statements ||
				res.Identities[roots[cur]].Statements == id.Statements && row < cur {
				byAlias[norm] = row
			}
		}
	}
	nameIndex := make(map[string]int32, len(p.names))
	for i, n := range p.names {
		nameIndex[n] = int32(i)
	}
	for norm, row := range p.speakers {
		if _, isRoot := roots[row.id]; isRoot {
			continue
		}
		best, bn := int64(0), 0
		if ni, ok := nameIndex[norm]; ok {
			for t, n := range forward[ni] {
				if n > bn || n == bn && t < best {
					best, bn = t, n
				}
			}
		}
		if best == 0 {
			best = byAlias[norm]
		}
		if best != 0 && best != row.id {
			if _, err := setMerged.ExecContext(ctx, best, row.id); err != nil {
				return err
			}
		}
	}

	// Statements whose speaker changes: the row, and the speaker tag in
	// the full-text index.
	get, err := tx.PrepareContext(ctx, `SELECT text, tags FROM statements WHERE id = ?`)
	if err != nil {
		return err
	}
	defer get.Close()
	ftsDel, err := tx.PrepareContext(ctx, `INSERT INTO statements_fts (statements_fts, rowid, text, tags) VALUES ('delete', ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ftsDel.Close()
	ftsAdd, err := tx.PrepareContext(ctx, `INSERT INTO statements_fts (rowid, text, tags) VALUES (?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ftsAdd.Close()
	upd, err := tx.PrepareContext(ctx, `UPDATE statements SET speaker_id = ?, tags = ? WHERE id = ?`)
	if err != nil {
		return err
	}
	defer upd.Close()
	for i := range p.stmts {
		s := &p.stmts[i]
		if s.target == s.speaker {
			continue
		}
		var text, tags string
		if err := get.QueryRowContext(ctx, s.id).Scan(&text, &tags); err != nil {
			return fmt.Errorf("statement %d: %w", s.id, err)
		}
		newTags := retag(tags, s.speaker, s.target)
		var target sql.NullInt64
		if s.target != 0 {
			target = sql.NullInt64{Int64: s.target, Valid: true}
		}
		if _, err := ftsDel.ExecContext(ctx, s.id, text, tags); err != nil {
			return fmt.Errorf("statement %d: %w", s.id, err)
		}
		if _, err := ftsAdd.ExecContext(ctx, s.id, text, newTags); err != nil {
			return fmt.Errorf("statement %d: %w", s.id, err)
		}
		if _, err := upd.ExecContext(ctx, target, newTags, s.id); err != nil {
			return fmt.Errorf("statement %d: %w", s.id, err)
		}
		p.stats.Changed++
	}

	// Counts, aliases, roles and organisations of speakers, from the
	// identities and the statements as they now are.
	for _, q := range []string{
		`UPDATE speakers SET statements = 0, first = NULL, last = NULL`,
		`UPDATE speakers SET statements = c.n, first = c.f, last = c.l
			FROM (SELECT speaker_id, count(*) AS n, min(published) AS f, max(published) AS l
				FROM statements WHERE speaker_id IS NOT NULL GROUP BY speaker_id) AS c
			WHERE speakers.id = c.speaker_id`,
		`DELETE FROM speaker_attributes`,
		`DELETE FROM speaker_aliases`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("speakers: %w", err)
		}
	}
	addAlias, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias, norm) VALUES (?, ?, ?)`)
	if err != nil {
		return err
	}
	defer addAlias.Close()
	for row, k := range roots {
		id := &res.Identities[k]
		names := []string{id.Name}
		for _, a := range id.Aliases {
			names = append(names, a.Name)
		}
		for _, n := range names {
			if norm := store.NormalizeName(n); norm != "" {
				if _, err := addAlias.ExecContext(ctx, row, n, norm); err != nil {
					return fmt.Errorf("speaker aliases: %w", err)
				}
			}
		}
	}

	if err := p.writeAttributes(ctx, tx); err != nil {
		return fmt.Errorf("speaker attributes: %w", err)
	}
	if err := p.writeEntities(ctx, tx); err != nil {
		return fmt.Errorf("entities: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	// Put's cache knows names by the rows they had and aliases as
	// written: both changed.
	db.cache.clear()
	return nil
}

// writeAttributes writes each statement's role and organisation as its
// speaker's, under the form its identity shows ("Kremlin spokesman" for
// "the Kremlin spokesman" and "Kremlin Spokesman"), so that a speaker page
// counts one role once.
func (p *plan) writeAttributes(ctx context.Context, tx *sql.Tx) error {
	shown := func(attrs []identity.Attribute, key func(string) string) map[string]string {
		m := make(map[string]string, len(attrs))
		for _, a := range attrs {
			m[key(a.Value)] = a.Value
		}
		return m
	}
	roles := map[int]map[string]string{}
	orgs := map[int]map[string]string{}
	ins, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO speaker_attributes (speaker_id, kind, value, article_id, published) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for i := range p.stmts {
		s := &p.stmts[i]
		if s.target == 0 || s.role == "" && s.org == "" {
			continue
		}
		k := p.res.Of[s.unit]
		if roles[k] == nil {
			roles[k] = shown(p.res.Identities[k].Roles, identity.RoleKey)
			orgs[k] = shown(p.res.Identities[k].Orgs, identity.NameKey)
		}
		for _, a := range []struct {
			kind, v string
			shown   map[string]string
			key     func(string) string
		}{{"role", s.role, roles[k], identity.RoleKey}, {"org", s.org, orgs[k], identity.NameKey}} {
			if a.v == "" {
				continue
			}
			v := a.v
			if sv, ok := a.shown[a.key(v)]; ok {
				v = sv
			}
			if _, err := ins.ExecContext(ctx, s.target, a.kind, v, s.article, s.date); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeEntities merges entity rows into the row of their identity's name.
func (p *plan) writeEntities(ctx context.Context, tx *sql.Tx) error {
	res := p.res
	byNorm := map[string]int64{}
	for id, e := range p.entities {
		byNorm[e.norm] = id
	}
	type target struct {
		name, typ string
		metonym   bool
	}
	targets := map[int64]target{}
	for eid, us := range p.entUnits {
		count := map[int]int{}
		metonym := 0
		for _, u := range us {
			if k := res.Of[u]; k >= 0 {
				count[k]++
			}
			if p.units[u].Metonym != "" {
				metonym++
			}
		}
		best, bn := -1, 0
		for k, n := range count {
			if n > bn || n == bn && k < best {
				best, bn = k, n
			}
		}
		if best < 0 {
			continue
		}
		id := &res.Identities[best]
		if store.NormalizeName(id.Name) == p.entities[eid].norm {
			continue
		}
		typ := string(id.Type)
		if id.Type == identity.Unknown {
			typ = string(saywho.EntityPerson)
		}
		targets[eid] = target{name: id.Name, typ: typ, metonym: 2*metonym > len(us)}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE entities SET merged_into = NULL, metonym = 0 WHERE merged_into IS NOT NULL OR metonym != 0`); err != nil {
		return err
	}
	set, err := tx.PrepareContext(ctx, `UPDATE entities SET merged_into = ?, metonym = ? WHERE id = ?`)
	if err != nil {
		return err
	}
	defer set.Close()
	eids := make([]int64, 0, len(targets))
	for eid := range targets {
		eids = append(eids, eid)
	}
	slices.Sort(eids)
	for _, eid := range eids {
		t := targets[eid]
		norm := store.NormalizeName(t.name)
		root, ok := byNorm[norm]
		if ok {
			// The canonical row may itself be a variant of another
			// name's identity; one step settles it (names of
			// identities are canonical).
			if t2, moved := targets[root]; moved && store.NormalizeName(t2.name) != norm {
				if r2, ok2 := byNorm[store.NormalizeName(t2.name)]; ok2 {
					root = r2
				}
			}
		} else {
			if err := tx.QueryRowContext(ctx, `INSERT INTO entities (name, norm, type) VALUES (?, ?, ?)
				ON CONFLICT (norm) DO UPDATE SET norm = excluded.norm RETURNING id`, t.name, norm, t.typ).Scan(&root); err != nil {
				return fmt.Errorf("entity %q: %w", t.name, err)
			}
			byNorm[norm] = root
		}
		if root == eid {
			continue
		}
		if _, err := set.ExecContext(ctx, root, t.metonym, eid); err != nil {
			return err
		}
		p.stats.EntitiesMerged++
	}
	return nil
}

// retag replaces the speaker tag of old by that of new in a statement's
// tags (either may be 0: none).
func retag(tags string, old, new int64) string {
	f := strings.Fields(tags)
	if old != 0 {
		f = slices.DeleteFunc(f, func(t string) bool { return t == speakerTag(old) })
	}
	if new != 0 {
		f = append(f, speakerTag(new))
	}
	return strings.Join(f, " ")
}
