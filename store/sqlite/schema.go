package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// migrations are the schema's steps, in order: migrations[i] takes a
// database from version i to version i+1. A released step is never
// edited; a change is a new step, tested from every earlier version.
var migrations = []string{
	// 1: articles, statements, speakers, quotes, entities.
	`
CREATE TABLE articles (
	id        INTEGER PRIMARY KEY,
	hash      TEXT NOT NULL UNIQUE,   -- SHA-256 of text: the article's identity
	ext_id    TEXT NOT NULL,          -- the id its first input gave it
	url       TEXT NOT NULL DEFAULT '',
	outlet    TEXT NOT NULL DEFAULT '',
	author    TEXT NOT NULL DEFAULT '',
	title     TEXT NOT NULL DEFAULT '',
	language  TEXT NOT NULL DEFAULT '',
	published INTEGER,                -- unix seconds UTC, NULL when unknown
	updated   INTEGER,
	source    TEXT NOT NULL DEFAULT '',
	sections  TEXT NOT NULL DEFAULT '[]', -- JSON: headings, in order
	figures   TEXT NOT NULL DEFAULT '[]', -- JSON: saywho.FigureRecord
	length    INTEGER NOT NULL,       -- code points
	text      TEXT NOT NULL,
	ingested  INTEGER NOT NULL
);
CREATE INDEX articles_url ON articles(url) WHERE url != '';
CREATE INDEX articles_ext_id ON articles(ext_id);

-- Every place an article's text was seen: the first input, and any
-- reprint of the very same text under another URL or outlet.
CREATE TABLE article_sources (
	article_id INTEGER NOT NULL REFERENCES articles(id),
	ext_id     TEXT NOT NULL,
	url        TEXT NOT NULL DEFAULT '',
	outlet     TEXT NOT NULL DEFAULT '',
	outlet_key TEXT NOT NULL DEFAULT '', -- lower-cased outlet, for filters
	published  INTEGER,
	source     TEXT NOT NULL DEFAULT '',
	UNIQUE (article_id, url, outlet)
);
CREATE INDEX article_sources_outlet ON article_sources(outlet_key, article_id);

CREATE TABLE speakers (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL,        -- canonical display name
	norm        TEXT NOT NULL UNIQUE, -- store.NormalizeName(name)
	type        TEXT NOT NULL,
	merged_into INTEGER REFERENCES speakers(id) -- set when identity merges it away
);
CREATE TABLE speaker_aliases (
	speaker_id INTEGER NOT NULL REFERENCES speakers(id),
	alias      TEXT NOT NULL,
	norm       TEXT NOT NULL,
	UNIQUE (speaker_id, norm)
);
CREATE INDEX speaker_aliases_norm ON speaker_aliases(norm);
-- Roles and organisations as each article states them.
CREATE TABLE speaker_attributes (
	speaker_id INTEGER NOT NULL REFERENCES speakers(id),
	kind       TEXT NOT NULL CHECK (kind IN ('role', 'org')),
	value      TEXT NOT NULL,
	article_id INTEGER NOT NULL REFERENCES articles(id),
	published  INTEGER,
	UNIQUE (speaker_id, kind, value, article_id)
);

CREATE TABLE statements (
	id               INTEGER PRIMARY KEY,
	article_id       INTEGER NOT NULL REFERENCES articles(id),
	ord              INTEGER NOT NULL,  -- index in the article's analysis
	kind             TEXT NOT NULL,
	start            INTEGER NOT NULL,  -- code points, end exclusive
	end              INTEGER NOT NULL,
	parts            TEXT,              -- JSON [{start,end}], NULL for one piece
	text             TEXT NOT NULL,
	speaker_id       INTEGER REFERENCES speakers(id),
	speaker_name     TEXT NOT NULL DEFAULT '',
	speaker_local    TEXT NOT NULL DEFAULT '', -- entity id in the article ("e3")
	speaker_type     TEXT NOT NULL,
	speaker_role     TEXT NOT NULL DEFAULT '',
	speaker_org      TEXT NOT NULL DEFAULT '',
	mention_start    INTEGER, mention_end INTEGER, mention_text TEXT,
	antecedent_start INTEGER, antecedent_end INTEGER, antecedent_text TEXT,
	cue_start        INTEGER, cue_end INTEGER, cue_text TEXT,
	section          TEXT NOT NULL DEFAULT '',
	confidence       REAL NOT NULL,
	-- The quote: 63 bits of the SHA-256 of store.NormalizeQuote(text), so
	-- that reprints of the same words share it without a lookup. Its
	-- sightings are the sources of the articles of its statements.
	quote_id         INTEGER,
	published        INTEGER,           -- the article's, copied for the date index
	-- Filter tokens indexed beside the text (see tags.go), so that a
	-- search intersects short posting lists instead of filtering rows.
	tags             TEXT NOT NULL DEFAULT '',
	UNIQUE (article_id, ord)
);
CREATE INDEX statements_speaker ON statements(speaker_id, published);
CREATE INDEX statements_published ON statements(published);
CREATE INDEX statements_quote ON statements(quote_id) WHERE quote_id IS NOT NULL;

-- Entities are one per normalised name in the corpus.
CREATE TABLE entities (
	id   INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	norm TEXT NOT NULL UNIQUE,
	type TEXT NOT NULL
);
CREATE TABLE entity_aliases (
	entity_id INTEGER NOT NULL REFERENCES entities(id),
	alias     TEXT NOT NULL,
	norm      TEXT NOT NULL,
	UNIQUE (entity_id, norm)
);
CREATE INDEX entity_aliases_norm ON entity_aliases(norm);
-- The entities of one article, under their ids within it ("e3").
CREATE TABLE article_entities (
	article_id INTEGER NOT NULL REFERENCES articles(id),
	local      TEXT NOT NULL,
	entity_id  INTEGER NOT NULL REFERENCES entities(id),
	name       TEXT NOT NULL,   -- as the article's analysis names it
	metonym    TEXT NOT NULL DEFAULT '',
	role       TEXT NOT NULL DEFAULT '',
	org        TEXT NOT NULL DEFAULT '',
	aliases    TEXT NOT NULL DEFAULT '[]',
	mentions   TEXT NOT NULL DEFAULT '[]', -- JSON [[start, end], ...]
	PRIMARY KEY (article_id, local)
);
CREATE INDEX article_entities_entity ON article_entities(entity_id);
-- Which entities a statement's content mentions.
CREATE TABLE statement_entities (
	statement_id INTEGER NOT NULL REFERENCES statements(id),
	entity_id    INTEGER NOT NULL REFERENCES entities(id),
	PRIMARY KEY (entity_id, statement_id)
) WITHOUT ROWID;
CREATE INDEX statement_entities_statement ON statement_entities(statement_id);
`,
	// 2: full-text index over statements, filled from existing rows.
	`
CREATE VIRTUAL TABLE statements_fts USING fts5(
	text, tags, content='statements', content_rowid='id',
	tokenize='unicode61 remove_diacritics 2'
);
-- Rank by the text alone: tags say what a statement is, not how well it
-- matches.
INSERT INTO statements_fts(statements_fts, rank) VALUES ('rank', 'bm25(1.0, 0.0)');
INSERT INTO statements_fts(statements_fts) VALUES ('rebuild');
-- Each word's number of statements, for ranking (see rank.go).
CREATE VIRTUAL TABLE statements_vocab USING fts5vocab(statements_fts, 'row');
-- Put indexes a batch's statements in one statement at its end: FTS5
-- flushes its pending index at every statement savepoint, so a trigger
-- per row would write one tiny segment per statement.
CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN
	INSERT INTO statements_fts (statements_fts, rowid, text, tags) VALUES ('delete', old.id, old.text, old.tags);
END;
`,
	// 3: each word's number of statements, kept by Put, since fts5vocab
	// counts them by reading the word's whole posting list on every query.
	`
CREATE TABLE word_docs (
	term TEXT PRIMARY KEY,
	doc  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE VIRTUAL TABLE temp.text_vocab USING fts5vocab(main, statements_fts, 'col');
INSERT INTO word_docs (term, doc) SELECT term, doc FROM temp.text_vocab WHERE col = 'text';
DROP TABLE temp.text_vocab;
DROP TABLE statements_vocab;
`,
	// 4: each speaker's statement count and first and last dates, kept by
	// Put, so that listing speakers reads no statement.
	`
ALTER TABLE speakers ADD COLUMN statements INTEGER NOT NULL DEFAULT 0;
ALTER TABLE speakers ADD COLUMN first INTEGER;
ALTER TABLE speakers ADD COLUMN last INTEGER;
UPDATE speakers SET
	statements = (SELECT count(*) FROM statements s WHERE s.speaker_id = speakers.id),
	first = (SELECT min(published) FROM statements s WHERE s.speaker_id = speakers.id),
	last = (SELECT max(published) FROM statements s WHERE s.speaker_id = speakers.id);
CREATE INDEX speakers_statements ON speakers(statements DESC, name);
`,
	// 5: corpus identity (package identity): users' corrections, kept as
	// rules keyed by names, and entities merged into their canonical row.
	`
CREATE TABLE identity_rules (
	id         INTEGER PRIMARY KEY,
	kind       TEXT NOT NULL,             -- identity.RuleKind: merge, split, move
	names      TEXT NOT NULL,             -- JSON array of names
	statements TEXT NOT NULL DEFAULT '[]', -- JSON array of identity.StatementKey
	created    INTEGER NOT NULL
);
CREATE INDEX speakers_merged ON speakers(merged_into) WHERE merged_into IS NOT NULL;
ALTER TABLE entities ADD COLUMN merged_into INTEGER REFERENCES entities(id);
-- Set when the entity stands for the one it is merged into by metonymy
-- ("the Kremlin" for the Russian presidency) rather than naming it.
ALTER TABLE entities ADD COLUMN metonym INTEGER NOT NULL DEFAULT 0;
CREATE INDEX entities_merged ON entities(merged_into) WHERE merged_into IS NOT NULL;
`,
	// 6: totals kept by Put, so that Stats reads no statement (counting
	// a million statements' quotes and sightings took 15 s).
	`
CREATE TABLE counts (name TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO counts (name, n) VALUES
	('articles', (SELECT count(*) FROM articles)),
	('sources', (SELECT count(*) FROM article_sources)),
	('statements', (SELECT count(*) FROM statements)),
	('mentions', (SELECT coalesce(sum(json_array_length(mentions)), 0) FROM article_entities)),
	('quotes', (SELECT count(DISTINCT quote_id) FROM statements)),
	('sightings', (SELECT count(*) FROM (SELECT DISTINCT s.quote_id, src.rowid FROM statements s
		JOIN article_sources src ON src.article_id = s.article_id WHERE s.quote_id IS NOT NULL)));
`,
	// 7: word_docs counts the statements up to a watermark, which Put
	// moves every few batches rather than at each (see words.go).
	`
INSERT INTO counts (name, n) VALUES ('words_through', (SELECT coalesce(max(id), 0) FROM statements));
`,
}

// schemaVersion is the version this code writes.
var schemaVersion = len(migrations)

// migrate brings db to version target (schemaVersion in use; lower in
// tests of the migrations themselves), one transaction per step, so that a
// crash mid-migration leaves the previous version intact.
func migrate(ctx context.Context, db *sql.DB, target int) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_version: %w", err)
	}
	for {
		done, err := migrateStep(ctx, db, target)
		if err != nil || done {
			return err
		}
	}
}

func migrateStep(ctx context.Context, db *sql.DB, target int) (done bool, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	v, err := version(ctx, tx)
	if err != nil {
		return false, err
	}
	if v > len(migrations) {
		return false, fmt.Errorf("database schema version %d is newer than this saywho knows (%d): upgrade saywho", v, len(migrations))
	}
	if v >= target {
		return true, nil
	}
	if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
		return false, fmt.Errorf("migration %d: %w", v+1, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM schema_version`); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (?)`, v+1); err != nil {
		return false, err
	}
	return false, tx.Commit()
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func version(ctx context.Context, q queryer) (int, error) {
	var v int
	err := q.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}
