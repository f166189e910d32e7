package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/article"
	"github.com/saywho/saywho/store"
	"github.com/saywho/saywho/store/postgres"
	"github.com/saywho/saywho/store/storetest"
)

func inputs(n int) []article.Input {
	var in []article.Input
	for i, d := range storetest.Generated(n) {
		in = append(in, article.Input{ID: d.ID, Name: fmt.Sprintf("gen.jsonl:%d", i+1), URL: d.URL,
			ContentType: "text/plain", Body: []byte(d.Text), Meta: map[string]string{"publisher": d.Outlet}})
	}
	return in
}

// analysis stands for reading and extracting a claimed input: the
// generated fixture of the same id.
func analysis(t *testing.T, in article.Input) *saywho.Analysis {
	t.Helper()
	var i int
	if _, err := fmt.Sscanf(in.ID, "gen-%d", &i); err != nil {
		t.Fatalf("input %q: %v", in.ID, err)
	}
	return storetest.Generated(i + 1)[i].Analysis()
}

func names(in []article.Input) string {
	var s []string
	for _, x := range in {
		s = append(s, x.Name)
	}
	return strings.Join(s, " ")
}

func TestQueue(t *testing.T) {
	db, url := openTest(t)
	ctx := context.Background()
	in := inputs(10)
	if n, err := db.Enqueue(ctx, in[:6]); err != nil || n != 6 {
		t.Fatalf("Enqueue: %d, %v", n, err)
	}
	// Listed again, with more: only the new ones are added.
	if n, err := db.Enqueue(ctx, in); err != nil || n != 4 {
		t.Fatalf("Enqueue again: %d, %v; want 4", n, err)
	}
	if n, _ := db.Pending(ctx); n != 10 {
		t.Errorf("pending %d, want 10", n)
	}

	// Two workers claim disjoint jobs, oldest first, inputs intact.
	a, err := db.Claim(ctx, "a", 4, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	b, err := db.Claim(ctx, "b", 4, 300*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(a); got != "gen.jsonl:1 gen.jsonl:2 gen.jsonl:3 gen.jsonl:4" {
		t.Errorf("a claimed %s", got)
	}
	if got := names(b); got != "gen.jsonl:5 gen.jsonl:6 gen.jsonl:7 gen.jsonl:8" {
		t.Errorf("b claimed %s", got)
	}
	if a[0].ID != "gen-0" || string(a[0].Body) != string(in[0].Body) || a[0].Meta["publisher"] != "Outlet 0" ||
		a[0].URL != in[0].URL || a[0].ContentType != "text/plain" {
		t.Errorf("claimed input %+v, listed %+v", a[0], in[0])
	}

	// a finishes: three articles stored, one input failed to read.
	batch := []*saywho.Analysis{analysis(t, a[0]), analysis(t, a[1]), analysis(t, a[2])}
	res, err := db.Done(ctx, "a", a[:3], batch)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Status != store.New {
			t.Errorf("Done: %+v", r)
		}
	}
	if err := db.Fail(ctx, "a", a[3:], []string{"gen.jsonl:4: empty document"}); err != nil {
		t.Fatal(err)
	}

	// b dies; its lease runs out and c takes its jobs (and the rest).
	time.Sleep(400 * time.Millisecond)
	c, err := db.Claim(ctx, "c", 10, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(c); got != "gen.jsonl:5 gen.jsonl:6 gen.jsonl:7 gen.jsonl:8 gen.jsonl:9 gen.jsonl:10" {
		t.Errorf("c claimed %s", got)
	}
	// b comes back to life late and finishes one job c also holds; c
	// then finishes all of them: the article is stored once.
	if _, err := db.Done(ctx, "b", b[:1], []*saywho.Analysis{analysis(t, b[0])}); err != nil {
		t.Fatal(err)
	}
	var cb []*saywho.Analysis
	for _, x := range c {
		cb = append(cb, analysis(t, x))
	}
	res, err = db.Done(ctx, "c", c, cb)
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Status != store.Duplicate || res[1].Status != store.New {
		t.Errorf("c's results %v, %v; want duplicate (b stored it), new", res[0].Status, res[1].Status)
	}
	if n, _ := db.Pending(ctx); n != 0 {
		t.Errorf("pending %d, want 0", n)
	}
	counts, err := db.JobCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts["done"] != 9 || counts["failed"] != 1 || len(counts) != 2 {
		t.Errorf("jobs %v, want 9 done, 1 failed", counts)
	}
	if s, _ := db.Stats(ctx); s.Articles != 9 || s.Statements != 9 {
		t.Errorf("stats %+v: want 9 articles", s)
	}

	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var attempts, withBody, withArticle int
	var reason string
	if err := conn.QueryRow(ctx, `SELECT
			(SELECT attempts FROM jobs WHERE name = 'gen.jsonl:5'),
			(SELECT count(*) FROM jobs WHERE body IS NOT NULL),
			(SELECT count(DISTINCT article_id) FROM jobs WHERE status = 'done'),
			(SELECT error FROM jobs WHERE status = 'failed')`).Scan(&attempts, &withBody, &withArticle, &reason); err != nil {
		t.Fatal(err)
	}
	if attempts != 2 || withBody != 1 || withArticle != 9 || !strings.Contains(reason, "empty document") {
		t.Errorf("attempts %d (want 2), inputs kept %d (want 1, the failed one), articles of done jobs %d (want 9), error %q",
			attempts, withBody, withArticle, reason)
	}
}

// TestQueueGivesUp claims one job MaxAttempts times without finishing:
// the next claim fails it instead of handing it out again.
func TestQueueGivesUp(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	if _, err := db.Enqueue(ctx, inputs(1)); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < postgres.MaxAttempts; i++ {
		got, err := db.Claim(ctx, fmt.Sprint("w", i), 1, time.Millisecond)
		if err != nil || len(got) != 1 {
			t.Fatalf("claim %d: %v, %v", i, got, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	got, err := db.Claim(ctx, "last", 1, time.Minute)
	if err != nil || len(got) != 0 {
		t.Fatalf("claim after %d attempts: %v, %v; want nothing", postgres.MaxAttempts, got, err)
	}
	if c, _ := db.JobCounts(ctx); c["failed"] != 1 {
		t.Errorf("jobs %v, want the job failed", c)
	}
}

// TestQueueOddInputs queues inputs with names too long for an index and
// strings PostgreSQL cannot hold.
func TestQueueOddInputs(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	in := []article.Input{
		{Name: "https://example.com/" + strings.Repeat("x", 10000), Body: []byte("long name")},
		{Name: "nul\x00name", ID: "bad\xffid", Meta: map[string]string{"title": "a\x00b"}, Body: []byte("\x00binary\xff")},
		{Name: "empty"},
	}
	if n, err := db.Enqueue(ctx, in); err != nil || n != 3 {
		t.Fatalf("Enqueue: %d, %v", n, err)
	}
	got, err := db.Claim(ctx, "w", 10, time.Minute)
	if err != nil || len(got) != 3 {
		t.Fatalf("Claim: %v, %v", got, err)
	}
	if string(got[1].Body) != "\x00binary\xff" || got[1].Meta["title"] != "a\uFFFDb" || got[2].Body == nil && len(got[2].Body) != 0 {
		t.Errorf("claimed %q", got)
	}
	// Jobs are found again by the names as listed, not as stored.
	if err := db.Fail(ctx, "w", in, []string{"x", "y", "z"}); err != nil {
		t.Fatal(err)
	}
	if c, _ := db.JobCounts(ctx); c["failed"] != 3 {
		t.Errorf("jobs %v, want 3 failed", c)
	}
}
