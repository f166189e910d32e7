// Package pgtest gives tests a PostgreSQL database of their own: a new
// schema in the database that SAYWHO_TEST_POSTGRES names (.ci/run starts
// a server and sets it), dropped when the test ends. Tests that need one
// skip, saying why, when the variable is unset; no mock stands in.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env is the variable naming the test server's database.
const Env = "SAYWHO_TEST_POSTGRES"

// URL creates an empty schema and returns a URL whose connections use it
// (search_path), so that every table the store creates lands there. The
// schema is dropped by t's cleanup.
func URL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(Env)
	if base == "" {
		t.Skipf("%s is not set: no PostgreSQL to test against (.ci/run starts one)", Env)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := fmt.Sprintf("saywho_test_%s_%s", time.Now().UTC().Format("20060102150405"), hex.EncodeToString(b[:]))
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to %s: %v", Env, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return WithSchema(t, base, schema)
}

// WithSchema returns base with its connections' search_path set to
// schema.
func WithSchema(t testing.TB, base, schema string) string {
	t.Helper()
	if !strings.Contains(base, "://") {
		return base + " search_path=" + schema // key=value form
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: not a URL", Env)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
