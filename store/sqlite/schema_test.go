package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store"
	"github.com/saywho/saywho/store/storetest"
)

// schema returns the database's schema, for comparison.
func schema(t *testing.T, db *sql.DB) string {
	t.Helper()
	rows, err := db.Query(`SELECT type, name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var typ, name, s string
		if err := rows.Scan(&typ, &name, &s); err != nil {
			t.Fatal(err)
		}
		b.WriteString(typ + " " + name + ": " + s + "\n")
	}
	return b.String()
}

// TestMigrations migrates from an empty database and from every earlier
// version, with data written at that version, and checks that the result
// has the fresh schema and that the old data is searchable.
func TestMigrations(t *testing.T) {
	ctx := context.Background()
	fresh, err := Open(ctx, filepath.Join(t.TempDir(), "fresh.db"))
	if err != nil {
		t.Fatal(err)
	}
	want := schema(t, fresh.r)
	fresh.Close()
	if v := schemaVersion; v < 2 {
		t.Fatalf("schema version %d", v)
	}

	for from := 0; from < schemaVersion; from++ {
		path := filepath.Join(t.TempDir(), "old.db")
		old, err := open(ctx, path, from)
		if err != nil {
			t.Fatalf("open at version %d: %v", from, err)
		}
		if from >= 1 {
			// Data as version 1 stored it, written without the full-text
			// index that version 2 adds.
			if _, err := old.w.Exec(`INSERT INTO articles (id, hash, ext_id, length, text, ingested, published)
				VALUES (1, 'h1', 'old', 30, 'Ishiba said peace was near.', 0, 1700000000)`); err != nil {
				t.Fatal(err)
			}
			if _, err := old.w.Exec(`INSERT INTO statements (article_id, ord, kind, start, end, text, speaker_type, confidence, published)
				VALUES (1, 0, 'indirect', 12, 26, 'peace was near', 'unknown', 0.5, 1700000000)`); err != nil {
				t.Fatal(err)
			}
			if from >= 2 {
				if _, err := old.w.Exec(`INSERT INTO statements_fts (rowid, text) SELECT id, text FROM statements`); err != nil {
					t.Fatal(err)
				}
			}
		}
		old.Close()

		db, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("migrate from %d: %v", from, err)
		}
		if got := schema(t, db.r); got != want {
			t.Errorf("schema migrated from %d differs from a fresh one:\n%s\nwant\n%s", from, got, want)
		}
		if v, err := version(ctx, db.r); err != nil || v != schemaVersion {
			t.Errorf("version after migration from %d: %d, %v", from, v, err)
		}
		if from >= 1 {
			res, err := db.Search(ctx, store.Query{Text: "peace"})
			if err != nil || len(res.Hits) != 1 {
				t.Errorf("search after migration from %d: %+v, %v", from, res, err)
			}
		}
		// And the migrated store works.
		if _, err := db.Put(ctx, nil); err != nil {
			t.Errorf("Put after migration from %d: %v", from, err)
		}
		db.Close()
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "new.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.Exec(`UPDATE schema_version SET version = 99`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(ctx, path); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("Open of a newer schema: %v, want a clear error", err)
	}
}

// TestReopen checks that data survives closing and opening again.
func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "re.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	docs := storetest.Generated(3)
	for _, d := range docs {
		if _, err := db.Put(ctx, []*saywho.Analysis{d.Analysis()}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if s, err := db.Stats(ctx); err != nil || s.Statements != 3 {
		t.Errorf("after reopen: %+v, %v", s, err)
	}
}
