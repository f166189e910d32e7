package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store"
	"github.com/saywho/saywho/store/postgres"
	"github.com/saywho/saywho/store/postgres/pgtest"
)

var _ Queue = (*postgres.DB)(nil)

func openQueue(t *testing.T, url string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// TestRunQueue ingests through the PostgreSQL queue what TestRun
// ingests through the pool, and then lists the same inputs again.
func TestRunQueue(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	corpus(t, filepath.Join(dir, "in", "a.jsonl"), 120)
	write(t, filepath.Join(dir, "in", "b.txt"), "Plain\nMayor Smith said the bridge would open.\n")
	write(t, filepath.Join(dir, "in", "empty.txt"), "")
	db := openQueue(t, pgtest.URL(t))
	defer db.Close()

	rec := &recorder{}
	opts := QueueOptions{Options: Options{Extractor: saidExtractor{}, Batch: 16, Progress: rec, Workers: 3}, Poll: 50 * time.Millisecond}
	sum, err := RunQueue(ctx, db, NewFiles(filepath.Join(dir, "in")), opts)
	if err != nil {
		t.Fatal(err)
	}
	// 3 broken lines fail as they are listed; the empty file as a job.
	if sum.Inputs != 125 || sum.New != 121 || sum.Failed != 4 || sum.Statements != 121 || sum.Queued != 122 {
		t.Errorf("first run: %+v", sum)
	}
	if len(rec.all) != sum.Inputs {
		t.Errorf("progress saw %d inputs, summary %d", len(rec.all), sum.Inputs)
	}
	for _, f := range sum.Failures {
		if f.Err == nil || !strings.Contains(f.Err.Error(), filepath.Base(f.Name)) {
			t.Errorf("failure %q: error %v does not name it", f.Name, f.Err)
		}
	}
	s1, _ := db.Stats(ctx)
	if s1.Articles != 121 || s1.Statements != 121 {
		t.Errorf("stats %+v", s1)
	}
	counts, _ := db.JobCounts(ctx)
	if counts["done"] != 121 || counts["failed"] != 1 {
		t.Errorf("jobs %v", counts)
	}

	// Listed again: no new job, nothing claimed, the store unchanged.
	opts.Progress = nil
	sum, err = RunQueue(ctx, db, NewFiles(filepath.Join(dir, "in")), opts)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Queued != 0 || sum.New != 0 || sum.Duplicate != 0 || sum.Failed != 3 {
		t.Errorf("second run: %+v", sum)
	}
	if s2, _ := db.Stats(ctx); s2 != s1 {
		t.Errorf("stats changed on the second run: %+v -> %+v", s1, s2)
	}
}

// TestRunQueueCancel stops a worker mid-run: what it extracted is stored,
// and another worker finishes the rest once the lease runs out.
func TestRunQueueCancel(t *testing.T) {
	dir := t.TempDir()
	corpus(t, filepath.Join(dir, "a.jsonl"), 300)
	db := openQueue(t, pgtest.URL(t))
	defer db.Close()
	// Cancelled as soon as an article is stored.
	ctx, cancel := context.WithCancel(context.Background())
	opts := QueueOptions{Options: Options{Extractor: slowExtractor{time.Millisecond}, Batch: 8, Workers: 2,
		Progress: cancelOnFirst{cancel}}, Lease: 200 * time.Millisecond, Poll: 20 * time.Millisecond}
	first, err := RunQueue(ctx, db, NewFiles(filepath.Join(dir, "a.jsonl")), opts)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run: %v", err)
	}
	opts.Progress = nil
	rest, err := RunQueue(context.Background(), db, NewFiles(filepath.Join(dir, "a.jsonl")), opts)
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := db.Stats(context.Background()); first.New == 0 || first.New+rest.New != s.Articles || s.Articles != 300 {
		t.Errorf("first run stored %d, the second %d; store %+v; want 300 in all", first.New, rest.New, s)
	}
}

type cancelOnFirst struct{ cancel func() }

func (c cancelOnFirst) Done(r Result) {
	if r.Status == store.New {
		c.cancel()
	}
}

// slowExtractor is saidExtractor taking its time, so that workers are
// caught mid-job.
type slowExtractor struct{ d time.Duration }

func (s slowExtractor) Extract(a *saywho.Article) *saywho.Analysis {
	time.Sleep(s.d)
	return saidExtractor{}.Extract(a)
}

// TestQueueWorkersKilled starts three ingest processes (this test binary,
// re-executed) on one job set in PostgreSQL, each listing the same input,
// and kills one with SIGKILL while it holds claimed jobs. The other two
// must finish everything, its jobs included once their lease runs out:
// every article stored exactly once, no job left pending or claimed.
func TestQueueWorkersKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes; skipped in -short")
	}
	url := pgtest.URL(t)
	dir := t.TempDir()
	input := filepath.Join(dir, "in.jsonl")
	const docs = 600
	corpus(t, input, docs) // and 12 broken lines, failures of the listing
	db := openQueue(t, url)
	defer db.Close()
	ctx := context.Background()

	var children []*exec.Cmd
	exited := make(chan int, 3)
	for i := 0; i < 3; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestQueueChild$", "-test.v")
		cmd.Env = append(os.Environ(), "SAYWHO_QUEUE_CHILD=1", "SAYWHO_INPUT="+input, "SAYWHO_DB="+url)
		out := &strings.Builder{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		children = append(children, cmd)
		go func(i int) {
			cmd.Wait()
			exited <- i
		}(i)
		t.Cleanup(func() {
			cmd.Process.Kill()
			if t.Failed() {
				t.Logf("child %d:\n%s", i, out)
			}
		})
	}

	// Kill the child holding claimed jobs once a fifth of the work is done.
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	killed := -1
	deadline := time.Now().Add(2 * time.Minute)
	for killed < 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
		var done int
		var by *string
		err := conn.QueryRow(ctx, `SELECT (SELECT count(*) FROM jobs WHERE status = 'done'),
			(SELECT claimed_by FROM jobs WHERE status = 'claimed' ORDER BY id DESC LIMIT 1)`).Scan(&done, &by)
		if err != nil || done < docs/5 || by == nil {
			continue // the schema may not be there yet
		}
		for i, c := range children {
			if strings.Contains(*by, ":"+strconv.Itoa(c.Process.Pid)+":") {
				c.Process.Kill() // SIGKILL: no deferred function runs
				killed = i
			}
		}
	}
	if killed < 0 {
		t.Fatal("no child held claimed jobs after a fifth of the work")
	}
	var claimedByKilled int
	conn.QueryRow(ctx, `SELECT count(*) FROM jobs WHERE status = 'claimed' AND claimed_by LIKE $1`,
		"%:"+strconv.Itoa(children[killed].Process.Pid)+":%").Scan(&claimedByKilled)
	t.Logf("killed child %d holding %d claimed jobs", killed, claimedByKilled)

	for n := 0; n < 3; n++ {
		select {
		case i := <-exited:
			if i != killed && !children[i].ProcessState.Success() {
				t.Errorf("child %d: %v", i, children[i].ProcessState)
			}
		case <-time.After(2 * time.Minute):
			t.Fatal("workers did not finish")
		}
	}

	counts, err := db.JobCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts["done"] != docs || counts["pending"] != 0 || counts["claimed"] != 0 || counts["failed"] != 0 {
		t.Errorf("jobs %v, want %d done and nothing else", counts, docs)
	}
	s, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Articles != docs || s.Statements != docs || s.Sources != docs {
		t.Errorf("stats %+v, want %d articles, statements and sources", s, docs)
	}
	var dupArticles, dupStatements, jobsPerArticle, retaken int
	err = conn.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM (SELECT ext_id FROM articles GROUP BY ext_id HAVING count(*) > 1) x),
		(SELECT count(*) FROM (SELECT text FROM statements GROUP BY text HAVING count(*) > 1) x),
		(SELECT count(DISTINCT article_id) FROM jobs WHERE status = 'done'),
		(SELECT count(*) FROM jobs WHERE attempts > 1)`).Scan(&dupArticles, &dupStatements, &jobsPerArticle, &retaken)
	if err != nil {
		t.Fatal(err)
	}
	if dupArticles != 0 || dupStatements != 0 || jobsPerArticle != docs {
		t.Errorf("%d articles and %d statements stored twice; %d distinct articles for %d done jobs",
			dupArticles, dupStatements, jobsPerArticle, docs)
	}
	if claimedByKilled > 0 && retaken < claimedByKilled {
		t.Errorf("%d jobs claimed again, want at least the %d the killed worker held", retaken, claimedByKilled)
	}
	t.Logf("%d jobs claimed more than once", retaken)
}

// TestQueueChild is one ingest process of TestQueueWorkersKilled.
func TestQueueChild(t *testing.T) {
	if os.Getenv("SAYWHO_QUEUE_CHILD") != "1" {
		t.Skip("run by TestQueueWorkersKilled")
	}
	db := openQueue(t, os.Getenv("SAYWHO_DB"))
	defer db.Close()
	// Workers sleep in extraction, so that the run lasts long enough to
	// kill one mid-job, and the lease is short, so that its jobs come
	// back soon.
	opts := QueueOptions{Options: Options{Extractor: slowExtractor{5 * time.Millisecond}, Batch: 8, Workers: 2},
		Lease: time.Second, Poll: 50 * time.Millisecond}
	sum, err := RunQueue(context.Background(), db, NewFiles(os.Getenv("SAYWHO_INPUT")), opts)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("child %d: %+v\n", os.Getpid(), sum)
}
