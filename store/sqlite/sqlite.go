// Package sqlite is the embedded store: one SQLite file (modernc.org/sqlite,
// pure Go, FTS5 built in) in WAL mode, so readers never wait for the writer.
// It registers itself with package store for "sqlite:path" URLs and plain
// paths.
//
// Writes go through one connection and each batch is one IMMEDIATE
// transaction with a savepoint per article: a batch amortises the commit
// (the fsync) over many articles, and an article that fails is rolled back
// alone. A process killed at any moment leaves the last committed batch;
// rerunning the same input adds exactly what was missing, since articles
// are keyed by their content hash.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"

	"github.com/saywho/saywho/store"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

func init() {
	store.Register("sqlite", func(ctx context.Context, u string) (store.Store, error) {
		return Open(ctx, strings.TrimPrefix(u, "sqlite:"))
	})
}

// DB is the SQLite store. Use Open.
type DB struct {
	path string
	w    *sql.DB // one connection, BEGIN IMMEDIATE
	r    *sql.DB // readers

	cache    cache                // of the writer: speaker and entity ids by name
	prepared map[string]*sql.Stmt // the writer's statements
	has      *sql.Stmt            // Has, on the readers: ingest asks it of every article
	wrote    atomic.Bool          // Put was called
	words    wordDocs             // word counts not yet in word_docs
}

var _ store.Store = (*DB)(nil)

// Open opens (creating it if needed) the database file at path and brings
// its schema up to date. ":memory:" is not supported: readers and the
// writer need to share the file.
func Open(ctx context.Context, path string) (*DB, error) {
	return open(ctx, path, schemaVersion)
}

func open(ctx context.Context, path string, version int) (*DB, error) {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file::memory:") {
		return nil, fmt.Errorf("sqlite: need a file path, not %q", path)
	}
	w, err := sql.Open("sqlite", dsn(path, "immediate"))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := migrate(ctx, w, version); err != nil {
		w.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	var prepared map[string]*sql.Stmt
	if version == schemaVersion {
		if prepared, err = prepareWriter(ctx, w); err != nil {
			w.Close()
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
	}
	// Readers map the file: a search reads a thousand rows scattered over
	// it, and a read through the map costs no system call.
	r, err := sql.Open("sqlite", dsn(path, "deferred")+"&_pragma=mmap_size(2147483648)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	r.SetMaxIdleConns(4)
	db := &DB{path: path, w: w, r: r, prepared: prepared}
	if version == schemaVersion {
		if db.has, err = r.PrepareContext(ctx, sqlHas); err != nil {
			r.Close()
			w.Close()
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
	}
	return db, nil
}

// dsn builds the connection string: WAL so that readers run beside the
// writer, a busy timeout so that two processes writing wait rather than
// fail, synchronous=NORMAL (durable at each checkpoint, never corrupt in
// WAL mode), and a checkpoint every 10,000 pages (40 MB of log) rather
// than SQLite's 1,000: an ingest rewrites the same index pages batch
// after batch, and each checkpoint copies the latest of them once
// (BenchmarkPutPolNeAR, nine runs alternating: median 550 -> 588
// articles/s).
//
// Foreign keys are declared but not enforced: Put and identity
// resolution are the only writers of rows that refer to others, and they
// write the rows referred to first. Checking each reference cost 7% of
// Put's CPU (BenchmarkPutPolNeAR, four runs alternating); Verify checks
// them all at once, and the conformance, identity and crash tests call
// it on the stores they build.
func dsn(path, txlock string) string {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(0)", "cache_size(-32000)", "temp_store(MEMORY)", "wal_autocheckpoint(10000)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", txlock)
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Verify checks that every row's references lead to rows that exist. It
// reads the whole database, and is meant for tests and repairs, not for
// every write.
func (db *DB) Verify(ctx context.Context) error {
	rows, err := db.r.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return fmt.Errorf("verify %s: %w", db.path, err)
	}
	defer rows.Close()
	var bad []string
	n := 0
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fk int
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return fmt.Errorf("verify %s: %w", db.path, err)
		}
		if n++; len(bad) < 5 {
			bad = append(bad, fmt.Sprintf("%s row %d refers to a missing %s", table, rowid.Int64, parent))
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("verify %s: %w", db.path, err)
	}
	if n > 0 {
		return fmt.Errorf("verify %s: %d broken references: %s", db.path, n, strings.Join(bad, "; "))
	}
	return nil
}

// Path returns the database file's path.
func (db *DB) Path() string { return db.path }

// Close closes the database.
func (db *DB) Close() error {
	var err0 error
	if db.wrote.Load() {
		err0 = db.flushWords(context.Background())
	}
	if db.has != nil {
		db.has.Close()
	}
	err1 := db.r.Close()
	for _, s := range db.prepared {
		s.Close()
	}
	// After writes, let SQLite refresh the statistics its planner uses
	// (cheap: it analyses only tables that changed much).
	if db.wrote.Load() {
		if _, err := db.w.Exec(`PRAGMA optimize`); err != nil && err1 == nil {
			err1 = err
		}
	}
	err2 := db.w.Close()
	return errors.Join(err0, err1, err2)
}

const sqlHas = `SELECT 1 FROM articles WHERE hash = ?`

// Has reports whether an article with this content hash is stored.
func (db *DB) Has(ctx context.Context, hash string) (bool, error) {
	var one int
	var err error
	if db.has != nil {
		err = db.has.QueryRowContext(ctx, hash).Scan(&one)
	} else {
		err = db.r.QueryRowContext(ctx, sqlHas, hash).Scan(&one)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("has %s: %w", hash, err)
	}
	return true, nil
}

// Stats counts rows.
func (db *DB) Stats(ctx context.Context) (store.Stats, error) {
	var s store.Stats
	err := db.r.QueryRowContext(ctx, `SELECT
		(SELECT n FROM counts WHERE name = 'articles'), (SELECT n FROM counts WHERE name = 'sources'),
		(SELECT n FROM counts WHERE name = 'statements'), (SELECT count(*) FROM speakers WHERE merged_into IS NULL),
		(SELECT count(*) FROM entities), (SELECT n FROM counts WHERE name = 'mentions'),
		(SELECT n FROM counts WHERE name = 'quotes'), (SELECT n FROM counts WHERE name = 'sightings')`).Scan(
		&s.Articles, &s.Sources, &s.Statements, &s.Speakers, &s.Entities, &s.Mentions, &s.Quotes, &s.Sightings)
	if err != nil {
		return s, fmt.Errorf("stats %s: %w", db.path, err)
	}
	return s, nil
}
