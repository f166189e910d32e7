package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store"
	"github.com/saywho/saywho/store/sqlite"
	"github.com/saywho/saywho/store/storetest"
)

// TestSaywhoProcess is saywho itself when re-executed by saywhoRun: the
// store commands are tested as a user runs them, exit codes included.
func TestSaywhoProcess(t *testing.T) {
	args := os.Getenv("SAYWHO_TEST_ARGS")
	if args == "" {
		t.Skip("run by the store command tests")
	}
	var a []string
	if err := json.Unmarshal([]byte(args), &a); err != nil {
		t.Fatal(err)
	}
	os.Args = append([]string{"saywho"}, a...)
	main()
	os.Exit(0)
}

// saywhoRun runs saywho with args; it returns stdout, stderr and the exit
// code.
func saywhoRun(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	b, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^TestSaywhoProcess$")
	cmd.Env = append(os.Environ(), "SAYWHO_TEST_ARGS="+string(b))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func fixtureDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fx.db")
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, d := range storetest.Fixtures() {
		if _, err := st.Put(context.Background(), []*saywho.Analysis{d.Analysis()}); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func TestSearchCommand(t *testing.T) {
	db := fixtureDB(t)
	cases := []struct {
		args     []string
		code     int
		contains []string // in stdout (code 0) or stderr
		lines    int      // stdout lines, -1: any
	}{
		{[]string{"search", "--db", db, "negotiations"}, 0, []string{"STATEMENT", "[negotiations]", "Dmitry Peskov", "Herald"}, 5},
		{[]string{"search", "--db", db, "peace", "talks", "--format", "jsonl"}, 0, []string{`"snippet"`}, 1},
		{[]string{"search", "--db", db, "--speaker", "Peskov", "--since", "2025", "--format", "json"}, 0, []string{`"hits"`, "peacekeeping"}, -1},
		{[]string{"search", "--db", db, "--outlet", "daily planet", "--kind", "direct", "--format", "csv"}, 0, []string{"id,published,outlet", "Daily Planet"}, 2},
		{[]string{"search", "--db", db, "--entity", "Japan", "--format", "jsonl"}, 0, nil, 2},
		{[]string{"search", "--db", db, "zebra"}, 0, []string{"no statements found"}, 1},
		{[]string{"search", "--db", db, "--limit", "2"}, 0, []string{"more results: --offset 2"}, 3},
		{[]string{"search", "--db", db, "!!!"}, 2, []string{"no word to search for"}, -1},
		{[]string{"search", "--db", db, "x", "--until", "someday"}, 2, []string{"--until", "someday"}, -1},
		{[]string{"search", "--db", db, "x", "--kind", "shouted"}, 2, []string{"shouted"}, -1},
		{[]string{"search", "--db", db, "x", "--format", "xml"}, 2, []string{"xml"}, -1},
		{[]string{"search", "--db", filepath.Join(t.TempDir(), "none.db"), "x"}, 1, []string{"no database"}, -1},
		{[]string{"speakers", "--db", db}, 0, []string{"Dmitry Peskov", "Shigeru Ishiba", "organization"}, 4},
		{[]string{"speakers", "--db", db, "--prefix", "shi", "--format", "json"}, 0, []string{`"Shigeru Ishiba"`}, -1},
		{[]string{"speaker", "--db", db, "peskov"}, 0, []string{"Dmitry Peskov (person", "6 statements", "Kremlin spokesman  (2 articles",
			"2024-11-25  ", "Talks about: Tokyo (2), Japan (1)", `3× "Tokyo's unfriendly`, "Daily Planet, Other Paper, Wire One"}, -1},
		{[]string{"speaker", "--db", db, "Nobody"}, 1, []string{"not found"}, -1},
		{[]string{"export", "--db", db}, 0, []string{`"quote_id"`}, 9},
		{[]string{"export", "--db", db, "--format", "csv", "--speaker", "Ishiba"}, 0, []string{"Shigeru Ishiba"}, 2},
		{[]string{"export", "--db", db, "--format", "table"}, 2, []string{"table"}, -1},
	}
	for _, c := range cases {
		out, errs, code := saywhoRun(t, c.args...)
		name := strings.Join(c.args[3:], " ")
		if c.args[0] != "search" || len(c.args) <= 3 {
			name = strings.Join(c.args, " ")
		}
		if code != c.code {
			t.Errorf("%s: exit %d, want %d\nstdout: %s\nstderr: %s", name, code, c.code, out, errs)
			continue
		}
		where := out + errs
		for _, s := range c.contains {
			if !strings.Contains(where, s) {
				t.Errorf("%s: output lacks %q:\n%s", name, s, where)
			}
		}
		if c.lines >= 0 && strings.Count(out, "\n") != c.lines {
			t.Errorf("%s: %d lines, want %d:\n%s", name, strings.Count(out, "\n"), c.lines, out)
		}
	}
}

func TestExportRoundTrip(t *testing.T) {
	db := fixtureDB(t)
	out, errs, code := saywhoRun(t, "export", "--db", db, "--format", "csv")
	if code != 0 {
		t.Fatalf("export: %d %s", code, errs)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("export csv: %v", err)
	}
	if len(rows) != 10 {
		t.Fatalf("%d rows, want header and 9", len(rows))
	}
	out, _, _ = saywhoRun(t, "export", "--db", db)
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var h store.Hit
		if err := json.Unmarshal([]byte(line), &h); err != nil || h.ID == 0 || h.Text == "" {
			t.Errorf("export line %s: %v", line, err)
		}
	}
}

func TestIngestCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "i.db")
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	os.WriteFile(filepath.Join(in, "a.txt"), []byte("Headline\nMOSCOW, Nov 29\nSomething happened.\n"), 0o644)
	os.WriteFile(filepath.Join(in, "b.jsonl"), []byte(`{"doc_id":"x","text":"Another story.\nIt went on."}`+"\n{oops\n"), 0o644)
	out, errs, code := saywhoRun(t, "ingest", "--db", db, in)
	if code != 1 || !strings.Contains(out, "3 inputs") || !strings.Contains(out, "2 new, 0 duplicate, 1 failed") ||
		!strings.Contains(errs, "b.jsonl:2") {
		t.Errorf("ingest: exit %d\n%s\n%s", code, out, errs)
	}
	out, errs, code = saywhoRun(t, "ingest", "--db", db, filepath.Join(in, "a.txt"))
	if code != 0 || !strings.Contains(out, "0 new, 1 duplicate, 0 failed") {
		t.Errorf("ingest again: exit %d\n%s\n%s", code, out, errs)
	}
	if _, errs, code = saywhoRun(t, "ingest", "--db", db); code != 2 {
		t.Errorf("ingest without input: exit %d, %s", code, errs)
	}
}

func TestIngestFeedCommand(t *testing.T) {
	page := func(title, body string) string {
		return "<html><head><title>" + title + "</title></head><body><article><h1>" + title + "</h1><p>" +
			strings.Repeat(body+" ", 20) + "</p></article></body></html>"
	}
	mux := http.NewServeMux()
	var srv *httptest.Server
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title><link>%[1]s/</link>
<item><title>Budget vote</title><link>%[1]s/a</link><guid>a</guid><pubDate>Mon, 02 May 2016 10:00:00 GMT</pubDate></item>
<item><title>Gone</title><link>%[1]s/missing</link><guid>b</guid></item>
</channel></rss>`, srv.URL)
	})
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page("Budget vote", "The senator said the vote would come in June."))
	})
	srv = httptest.NewServer(mux)
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "f.db")
	out, errs, code := saywhoRun(t, "ingest", "--db", db, "--allow-private", "--feed", srv.URL+"/feed.xml")
	// The dead link is a failure named by its URL; the page is stored.
	if code != 1 || !strings.Contains(out, "1 new") || !strings.Contains(out, "1 failed") || !strings.Contains(errs, "/missing") {
		t.Errorf("ingest --feed: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s, err := st.Stats(context.Background())
	if err != nil || s.Articles != 1 || s.Sources != 1 {
		t.Errorf("stats %+v, %v", s, err)
	}
	hits, err := st.Search(context.Background(), store.Query{Outlet: "Test Wire"})
	if err != nil || len(hits.Hits) > 0 && hits.Hits[0].Article.URL != srv.URL+"/a" {
		t.Errorf("stored from the feed: %+v, %v", hits, err)
	}
}
