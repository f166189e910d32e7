package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/saywho/saywho/store"
	"github.com/saywho/saywho/store/sqlite"
	"github.com/saywho/saywho/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
		if err != nil {
			t.Fatal(err)
		}
		return st
	})
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
