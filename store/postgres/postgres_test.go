package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/saywho/saywho/store"
	"github.com/saywho/saywho/store/postgres"
	"github.com/saywho/saywho/store/postgres/pgtest"
	"github.com/saywho/saywho/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		st, err := postgres.Open(context.Background(), pgtest.URL(t))
		if err != nil {
			t.Fatal(err)
		}
		return st
	})
}

// TestOpenByURL opens the store through package store by both of
// PostgreSQL's URL schemes.
func TestOpenByURL(t *testing.T) {
	ctx := context.Background()
	u := pgtest.URL(t)
	for _, url := range []string{u, "postgresql" + strings.TrimPrefix(u, "postgres")} {
		st, err := store.Open(ctx, url)
		if err != nil {
			t.Fatalf("Open(%q): %v", url, err)
		}
		if _, err := st.Stats(ctx); err != nil {
			t.Errorf("Open(%q): Stats: %v", url, err)
		}
		st.Close()
	}
	// A wrong password is an error that does not print the password.
	bad := strings.Replace(u, "://", "://nobody:hunter2@", 1)
	if i := strings.Index(u, "@"); i > 0 {
		bad = u[:strings.Index(u, "://")+3] + "nobody:hunter2" + u[i:]
	}
	_, err := store.Open(ctx, bad)
	if err == nil {
		t.Fatal("Open with a wrong user: no error")
	}
	if strings.Contains(err.Error(), "hunter2") {
		t.Errorf("error shows the password: %v", err)
	}
}
