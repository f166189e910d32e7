package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/saywho/saywho/store/sqlite"
	"github.com/saywho/saywho/store/storetest"
)

// identityDB is a store holding the identity fixtures, not yet identified.
func identityDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "id.db")
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Put(context.Background(), storetest.IdentityFixtures()); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSpeakersIdentityCommands(t *testing.T) {
	db := identityDB(t)
	steps := []struct {
		args    []string
		code    int
		want    []string // substrings of stdout (or stderr when code != 0)
		wantNot []string
	}{
		{[]string{"speakers", "--db", db, "--merge", "Peskov"}, 2, []string{"two speakers or more"}, nil},
		{[]string{"speakers", "--db", db, "--split", "A", "B"}, 2, []string{"one name"}, nil},
		{[]string{"speakers", "--db", db, "--merge", "--split", "A", "B"}, 2, []string{"one of"}, nil},
		{[]string{"speakers", "--db", db, "--statements", "1"}, 2, []string{"go with --split"}, nil},
		{[]string{"speakers", "--db", db, "Peskov"}, 2, []string{"unexpected argument"}, nil},
		{[]string{"speakers", "--db", db, "--merge", "Nobody Known", "Peskov"}, 2, []string{"not found"}, nil},
		// Before identity, each name is a speaker.
		{[]string{"speakers", "--db", db}, 0, []string{"Dmitri Peskov", "Peskov"}, nil},
		{[]string{"speakers", "--db", db, "--identify"}, 0, []string{"identities: 7 speakers from 9 names", "1 by role"}, nil},
		{[]string{"speakers", "--db", db}, 0, []string{"Dmitry Peskov", "Trump campaign"}, []string{"Dmitri Peskov"}},
		{[]string{"speaker", "--db", db, "Dmitri Peskov"}, 0, []string{"Dmitry Peskov (person", "5 statements", "Also named: Dmitri Peskov;", "; Peskov", "Talks about: Kyiv (2)"}, nil},
		{[]string{"speakers", "--db", db, "--split", "Peskov"}, 0, []string{`stored: split "Peskov"`, "Peskov is now Peskov"}, nil},
		{[]string{"speakers", "--db", db, "--merge", "Jane Smith", "Smith"}, 0, []string{"Smith is now Jane Smith", "2 statements"}, nil},
		{[]string{"speakers", "--db", db, "--rules"}, 0, []string{`split "Peskov"`, `merge "Jane Smith" "Smith"`}, nil},
		// Re-ingesting changes nothing of the corrections.
		{[]string{"speakers", "--db", db, "--identify"}, 0, []string{"0 statements changed", "2 rules"}, nil},
		{[]string{"speaker", "--db", db, "Smith"}, 0, []string{"Jane Smith (person"}, nil},
	}
	for _, s := range steps {
		out, errOut, code := saywhoRun(t, s.args...)
		if code != s.code {
			t.Fatalf("saywho %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(s.args, " "), code, s.code, out, errOut)
		}
		got := out
		if code != 0 {
			got = errOut
		}
		for _, w := range s.want {
			if !strings.Contains(got, w) {
				t.Errorf("saywho %s: output lacks %q:\n%s", strings.Join(s.args, " "), w, got)
			}
		}
		for _, w := range s.wantNot {
			if strings.Contains(got, w) {
				t.Errorf("saywho %s: output has %q:\n%s", strings.Join(s.args, " "), w, got)
			}
		}
	}
}
