package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/saywho/saywho/store"
	"github.com/saywho/saywho/store/sqlite"
	"github.com/saywho/saywho/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, openVerified)
}

// openVerified opens a new store that, when the suite closes it, first
// checks that no row refers to a missing one: the schema's foreign keys
// are not enforced on each write (see Verify).
func openVerified(t *testing.T) store.Store {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	return verified{st, t}
}

type verified struct {
	*sqlite.DB
	t *testing.T
}

func (v verified) Close() error {
	if err := v.Verify(context.Background()); err != nil {
		v.t.Error(err)
	}
	return v.DB.Close()
}

// TestVerify checks that Verify finds a reference to a missing row.
func TestVerify(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v.db")
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Verify(ctx); err != nil {
		t.Fatalf("Verify on an empty store: %v", err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`INSERT INTO article_sources (article_id, ext_id) VALUES (42, 'x')`); err != nil {
		t.Fatal(err)
	}
	err = st.Verify(ctx)
	if err == nil || !strings.Contains(err.Error(), "article_sources row 1 refers to a missing articles") {
		t.Errorf("Verify = %v, want the orphan source named", err)
	}
}

func TestOpenByURL(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for _, u := range []string{filepath.Join(dir, "a.db"), "sqlite:" + filepath.Join(dir, "b.db"), filepath.Join(dir, "odd ?#%name.db")} {
		st, err := store.Open(ctx, u)
		if err != nil {
			t.Fatalf("Open(%q): %v", u, err)
		}
		if _, err := st.Stats(ctx); err != nil {
			t.Errorf("Open(%q): Stats: %v", u, err)
		}
		st.Close()
	}
	if _, err := os.Stat(filepath.Join(dir, "odd ?#%name.db")); err != nil {
		t.Errorf("database file not where asked: %v", err)
	}
	if _, err := store.Open(ctx, "mysql://x"); err == nil {
		t.Error("Open(mysql://x): no error")
	}
	if _, err := store.Open(ctx, "sqlite::memory:"); err == nil {
		t.Error("Open(sqlite::memory:): no error")
	}
}
