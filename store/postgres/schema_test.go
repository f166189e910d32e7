package postgres

import (
	"context"
	"strings"
	"testing"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store"
	"github.com/saywho/saywho/store/postgres/pgtest"
	"github.com/saywho/saywho/store/storetest"
)

// schema describes the tables, columns, indexes and constraints of the
// current schema, for comparison.
func schema(t *testing.T, db *DB) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	for _, q := range []string{
		`SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' ||
			coalesce(column_default, '') || ' ' || coalesce(generation_expression, '') || ' ' || coalesce(collation_name, '')
		FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, column_name`,
		`SELECT replace(indexdef, ' ' || current_schema() || '.', ' ') FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`,
		`SELECT conrelid::regclass::text || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
		WHERE connamespace = current_schema()::regnamespace ORDER BY 1`,
	} {
		lines, err := db.strs(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(strings.Join(lines, "\n") + "\n")
	}
	return b.String()
}

// TestMigrations migrates from an empty database and from every earlier
// version, with data written at that version, and checks that the result
// has the fresh schema and that the old data is searchable.
func TestMigrations(t *testing.T) {
	ctx := context.Background()
	fresh, err := Open(ctx, pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	want := schema(t, fresh)
	fresh.Close()
	if schemaVersion < 5 {
		t.Fatalf("schema version %d", schemaVersion)
	}
	for from := 0; from < schemaVersion; from++ {
		url := pgtest.URL(t)
		old, err := open(ctx, url, from)
		if err != nil {
			t.Fatalf("open at version %d: %v", from, err)
		}
		if from >= 1 {
			// Data as version 1 stored it, before the full-text column.
			var id int64
			if err := old.pool.QueryRow(ctx, `INSERT INTO articles (hash, ext_id, length, text, ingested, published)
				VALUES ('h1', 'old', 30, 'Ishiba said peace was near.', now(), '2023-11-14') RETURNING id`).Scan(&id); err != nil {
				t.Fatal(err)
			}
			if _, err := old.pool.Exec(ctx, `INSERT INTO statements (article_id, ord, kind, span_start, span_end, text, speaker_type, confidence, published)
				VALUES ($1, 0, 'indirect', 12, 26, 'peace was near', 'unknown', 0.5, '2023-11-14')`, id); err != nil {
				t.Fatal(err)
			}
		}
		old.Close()

		db, err := Open(ctx, url)
		if err != nil {
			t.Fatalf("migrate from %d: %v", from, err)
		}
		if got := schema(t, db); got != want {
			t.Errorf("schema migrated from %d differs from a fresh one:\n%s\nwant\n%s", from, got, want)
		}
		if v, err := version(ctx, db.pool); err != nil || v != schemaVersion {
			t.Errorf("version after migration from %d: %d, %v", from, v, err)
		}
		if from >= 1 {
			res, err := db.Search(ctx, store.Query{Text: "peace"})
			if err != nil || len(res.Hits) != 1 {
				t.Errorf("search after migration from %d: %+v, %v", from, res, err)
			}
		}
		// And the migrated store takes new articles.
		a := storetest.Generated(1)[0].Analysis()
		if r, err := db.Put(ctx, []*saywho.Analysis{a}); err != nil || r[0].Status != store.New {
			t.Errorf("Put after migration from %d: %+v, %v", from, r, err)
		}
		db.Close()
	}
}

// TestConcurrentOpen opens one empty schema from several goroutines at
// once, as ingest processes started together do: one migrates, the
// others wait and find the schema done.
func TestConcurrentOpen(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	errs := make(chan error, 4)
	for i := 0; i < cap(errs); i++ {
		go func() {
			db, err := Open(ctx, url)
			if err == nil {
				db.Close()
			}
			errs <- err
		}()
	}
	for i := 0; i < cap(errs); i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	db, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.pool.Exec(ctx, `UPDATE schema_version SET version = 99`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(ctx, url); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("Open of a newer schema: %v, want a clear error", err)
	}
}
