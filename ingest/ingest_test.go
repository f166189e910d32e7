package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/article"
	"github.com/saywho/saywho/store"
	"github.com/saywho/saywho/store/sqlite"
)

// saidExtractor finds "NAME said CONTENT." lines: a stand-in for the real
// extractor with statements to store, so these tests do not depend on its
// progress.
type saidExtractor struct{}

func (saidExtractor) Extract(a *saywho.Article) *saywho.Analysis {
	an := &saywho.Analysis{Article: a}
	t := saywho.NewText(a.Text)
	off := 0
	for _, line := range strings.SplitAfter(a.Text, "\n") {
		if i := strings.Index(line, " said "); i > 0 {
			body := strings.TrimRight(line[i+6:], ".\n")
			name := line[:i]
			an.Statements = append(an.Statements, saywho.Statement{
				Kind: saywho.Indirect, Content: t.SpanOf(off+i+6, off+i+6+len(body)),
				Cue: t.SpanOf(off+i+1, off+i+5), Section: -1, Confidence: 0.5,
				Speaker: saywho.Speaker{Name: name, Entity: -1, Type: saywho.Person, Mention: t.SpanOf(off, off+i)},
			})
		}
		off += len(line)
	}
	return an
}

func openStore(t *testing.T, path string) *sqlite.DB {
	t.Helper()
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// corpus writes n documents as JSON Lines, plus broken lines every 50.
func corpus(t *testing.T, path string, n int) {
	t.Helper()
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i%50 == 7 {
			b.WriteString("{broken\n")
		}
		fmt.Fprintf(&b, `{"doc_id": "doc-%d", "text": "Report %d\nSenator %d said the vote on bill %d would come in %s.\nA reporter asked again.\n", "meta": {"publisher": "outlet-%d", "publication_date": "2016-%02d-%02d"}}`+"\n",
			i, i, i%13, i, []string{"June", "July", "the fall"}[i%3], i%4, 1+i%12, 1+i%28)
	}
	write(t, path, b.String())
}

type recorder struct {
	mu  sync.Mutex
	all []Result
}

func (r *recorder) Done(res Result) {
	r.mu.Lock()
	r.all = append(r.all, res)
	r.mu.Unlock()
}

func TestRun(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	corpus(t, filepath.Join(dir, "in", "a.jsonl"), 120)
	write(t, filepath.Join(dir, "in", "b.txt"), "Plain\nMayor Smith said the bridge would open.\n")
	write(t, filepath.Join(dir, "in", "empty.txt"), "")
	st := openStore(t, filepath.Join(dir, "s.db"))
	defer st.Close()

	rec := &recorder{}
	sum, err := Run(ctx, NewFiles(filepath.Join(dir, "in")), st, Options{Extractor: saidExtractor{}, Batch: 16, Progress: rec, Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Inputs != 125 || sum.New != 121 || sum.Duplicate != 0 || sum.Failed != 4 || sum.Statements != 121 {
		t.Errorf("first run: %+v", sum)
	}
	if len(rec.all) != sum.Inputs {
		t.Errorf("progress saw %d inputs, summary %d", len(rec.all), sum.Inputs)
	}
	var failed []string
	for _, f := range sum.Failures {
		failed = append(failed, filepath.Base(f.Name))
		if f.Err == nil || !strings.Contains(f.Err.Error(), filepath.Base(f.Name)) {
			t.Errorf("failure %q: error %v does not name it", f.Name, f.Err)
		}
	}
	slices.Sort(failed)
	if want := []string{"a.jsonl:110", "a.jsonl:59", "a.jsonl:8", "empty.txt"}; !slices.Equal(failed, want) {
		t.Errorf("failures %q, want %q", failed, want)
	}
	s1, _ := st.Stats(ctx)

	// Again: nothing new, and nothing extracted again.
	counter := &countingExtractor{}
	sum, err = Run(ctx, NewFiles(filepath.Join(dir, "in")), st, Options{Extractor: counter})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 0 || sum.Duplicate != 121 || sum.Failed != 4 || sum.Statements != 0 {
		t.Errorf("second run: %+v", sum)
	}
	if n := counter.n.Load(); n != 0 {
		t.Errorf("second run extracted %d stored articles", n)
	}
	if s2, _ := st.Stats(ctx); s2 != s1 {
		t.Errorf("stats changed on the second run: %+v -> %+v", s1, s2)
	}
	// What was stored is what the input says.
	hits, err := st.Search(ctx, store.Query{Text: "bridge", Speaker: "Mayor Smith"})
	if err != nil || len(hits.Hits) != 1 || hits.Hits[0].Text != "the bridge would open" {
		t.Errorf("search: %+v, %v", hits, err)
	}
	hits, err = st.Search(ctx, store.Query{Outlet: "outlet-2", Limit: 1000})
	if err != nil || len(hits.Hits) != 30 {
		t.Errorf("outlet-2: %d hits, %v", len(hits.Hits), err)
	}
	if p := hits.Hits[0].Article.Published; p == nil || p.Year() != 2016 {
		t.Errorf("published %v", p)
	}
}

type countingExtractor struct {
	saidExtractor
	n atomic.Int64
}

func (c *countingExtractor) Extract(a *saywho.Article) *saywho.Analysis {
	c.n.Add(1)
	return c.saidExtractor.Extract(a)
}

type panicky struct{ saidExtractor }

func (p panicky) Extract(a *saywho.Article) *saywho.Analysis {
	if strings.Contains(a.Text, "Senator 3 ") {
		panic("boom")
	}
	return p.saidExtractor.Extract(a)
}

func TestRunSurvivesPanics(t *testing.T) {
	dir := t.TempDir()
	corpus(t, filepath.Join(dir, "a.jsonl"), 30)
	st := openStore(t, filepath.Join(dir, "s.db"))
	defer st.Close()
	sum, err := Run(context.Background(), NewFiles(filepath.Join(dir, "a.jsonl")), st, Options{Extractor: panicky{}})
	if err != nil {
		t.Fatal(err)
	}
	// Senators 3 are docs 3, 16, 29; doc 7's line is broken.
	if sum.New != 27 || sum.Failed != 4 {
		t.Errorf("summary %+v", sum)
	}
	for _, f := range sum.Failures {
		if strings.Contains(f.Err.Error(), "boom") && !strings.Contains(f.Err.Error(), "a.jsonl:") {
			t.Errorf("panic failure %v does not name the input", f.Err)
		}
	}
}

type failingStore struct{ calls int }

func (f *failingStore) Put(context.Context, []*saywho.Analysis) ([]store.PutResult, error) {
	f.calls++
	return nil, errors.New("disk full")
}

func TestRunStoreError(t *testing.T) {
	dir := t.TempDir()
	corpus(t, filepath.Join(dir, "a.jsonl"), 200)
	fs := &failingStore{}
	sum, err := Run(context.Background(), NewFiles(filepath.Join(dir, "a.jsonl")), fs, Options{Extractor: saidExtractor{}, Batch: 10})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Run: %v, want the store's error", err)
	}
	if fs.calls != 1 || sum.New != 0 {
		t.Errorf("%d Put calls after a store error, summary %+v", fs.calls, sum)
	}
}

// slowSource hands out inputs forever, until cancelled.
type slowSource struct{ n int }

func (s *slowSource) Next(ctx context.Context) (article.Input, error) {
	if err := ctx.Err(); err != nil {
		return article.Input{}, err
	}
	s.n++
	time.Sleep(time.Millisecond)
	return article.Input{Name: fmt.Sprint("slow:", s.n), Body: fmt.Appendf(nil, "Item %d\nAnn said %d.\n", s.n, s.n)}, nil
}

func TestRunCancel(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, filepath.Join(dir, "s.db"))
	defer st.Close()
	ctx, cancel := context.WithCancel(context.Background())
	rec := &recorder{}
	go func() {
		time.Sleep(100 * time.Millisecond)
		cancel()
	}()
	sum, err := Run(ctx, &slowSource{}, st, Options{Extractor: saidExtractor{}, Progress: rec, Batch: 1000})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Run: %v, want context.Canceled", err)
	}
	s, _ := st.Stats(context.Background())
	// What was read before the cancel is written, not lost.
	if sum.New == 0 || s.Articles != sum.New {
		t.Errorf("summary %+v, store %+v", sum, s)
	}
}

// TestCrashSafety kills an ingest process with SIGKILL at several moments,
// reruns it to completion, and compares the store with one from a clean
// run. The ingest process is this test binary, re-executed.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes; skipped in -short")
	}
	dir := t.TempDir()
	input := filepath.Join(dir, "in.jsonl")
	corpus(t, input, 1500)

	clean := filepath.Join(dir, "clean.db")
	start := time.Now()
	if out, err := child(input, clean).CombinedOutput(); err != nil {
		t.Fatalf("clean run: %v\n%s", err, out)
	}
	t.Logf("clean run: %v", time.Since(start))

	crashed := filepath.Join(dir, "crashed.db")
	kills := 0
	// Kill once the store holds at least this many articles, so that
	// every kill lands mid-run however fast the machine is.
	for _, at := range []int{1, 300, 700, 1100} {
		cmd := child(input, crashed)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
	wait:
		for {
			select {
			case <-done:
				break wait // finished before the kill: the rest are reruns
			case <-time.After(2 * time.Millisecond):
				if articles(crashed) >= at {
					cmd.Process.Kill() // SIGKILL: no deferred function runs
					<-done
					kills++
					break wait
				}
			}
		}
	}
	if out, err := child(input, crashed).CombinedOutput(); err != nil {
		t.Fatalf("rerun after kills: %v\n%s", err, out)
	}
	t.Logf("killed %d times", kills)
	if kills < 3 {
		t.Errorf("only %d kills landed mid-run", kills)
	}
	if a, b := dump(t, clean), dump(t, crashed); a != b {
		t.Errorf("store after kills and rerun differs from a clean run:\n%s", diff(a, b))
	}
	st := openStore(t, crashed)
	defer st.Close()
	if err := st.Verify(context.Background()); err != nil {
		t.Error(err)
	}
}

// articles counts the articles committed so far, reading beside the
// writer; 0 when the database is not there yet.
func articles(path string) int {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(1000)")
	if err != nil {
		return 0
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM articles`).Scan(&n); err != nil {
		return 0
	}
	return n
}

func child(input, db string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.v")
	cmd.Env = append(os.Environ(), "SAYWHO_CRASH_CHILD=1", "SAYWHO_INPUT="+input, "SAYWHO_DB="+db)
	return cmd
}

// TestCrashChild is the ingest process of TestCrashSafety.
func TestCrashChild(t *testing.T) {
	if os.Getenv("SAYWHO_CRASH_CHILD") != "1" {
		t.Skip("run by TestCrashSafety")
	}
	st := openStore(t, os.Getenv("SAYWHO_DB"))
	defer st.Close()
	_, err := Run(context.Background(), NewFiles(os.Getenv("SAYWHO_INPUT")), st, Options{Extractor: saidExtractor{}, Batch: 8})
	if err != nil {
		t.Fatal(err)
	}
}

// dump prints a store's contents without its ids, which depend on the
// order workers finished in.
func dump(t *testing.T, path string) string {
	t.Helper()
	ctx := context.Background()
	st := openStore(t, path)
	defer st.Close()
	s, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	err = st.Export(ctx, store.Query{}, func(h *store.Hit) error {
		lines = append(lines, fmt.Sprintf("%s %s %d-%d %q %s %s %v", h.Article.Hash[:12], h.Article.ID, h.Start, h.End, h.Text,
			h.Speaker.Name, h.Article.Outlet, h.Article.Published))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sp, err := st.Speakers(ctx, "", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sp {
		lines = append(lines, fmt.Sprintf("speaker %s %d", s.Name, s.Statements))
	}
	slices.Sort(lines)
	return fmt.Sprintf("%+v\n", s) + strings.Join(lines, "\n")
}

func diff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			out = append(out, "- "+x, "+ "+y)
		}
		if len(out) > 20 {
			break
		}
	}
	return strings.Join(out, "\n")
}
