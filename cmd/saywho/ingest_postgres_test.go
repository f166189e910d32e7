package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/saywho/saywho/store/postgres/pgtest"
)

// TestIngestPostgres runs saywho ingest against PostgreSQL as users do:
// inputs go through the job queue, a process with no PATH only works on
// what others listed, and search reads the result.
func TestIngestPostgres(t *testing.T) {
	url := pgtest.URL(t)
	input := filepath.Join("..", "..", "testdata", "briefing-2024-11-29.txt")
	out, errs, code := saywhoRun(t, "ingest", "-q", "--db", url, input)
	if code != 0 || !strings.Contains(out, "1 new,") || !strings.Contains(out, "1 new jobs queued") {
		t.Fatalf("ingest: exit %d\n%s%s", code, out, errs)
	}
	// Listed again: no job; no PATH: nothing to do.
	for _, args := range [][]string{{"ingest", "-q", "--db", url, input}, {"ingest", "-q", "--db", url}} {
		out, errs, code = saywhoRun(t, args...)
		if code != 0 || !strings.Contains(out, "0 inputs") || !strings.Contains(out, "0 new jobs queued") {
			t.Errorf("%q: exit %d\n%s%s", args, code, out, errs)
		}
	}
	out, errs, code = saywhoRun(t, "search", "--db", url, "--speaker", "Dmitry Peskov", "negotiations")
	if code != 0 || !strings.Contains(out, "[negotiations]") {
		t.Errorf("search: exit %d\n%s%s", code, out, errs)
	}
	// The embedded store has no queue to work on: a PATH is needed.
	if _, errs, code = saywhoRun(t, "ingest", "--db", filepath.Join(t.TempDir(), "x.db")); code != 2 {
		t.Errorf("ingest without PATH into SQLite: exit %d, want 2\n%s", code, errs)
	}
}
