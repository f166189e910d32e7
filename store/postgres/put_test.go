package postgres_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store"
	"github.com/saywho/saywho/store/postgres"
	"github.com/saywho/saywho/store/postgres/pgtest"
	"github.com/saywho/saywho/store/storetest"
)

func openTest(t *testing.T) (*postgres.DB, string) {
	t.Helper()
	url := pgtest.URL(t)
	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, url
}

func analyses(docs []storetest.Doc) []*saywho.Analysis {
	out := make([]*saywho.Analysis, len(docs))
	for i, d := range docs {
		out[i] = d.Analysis()
	}
	return out
}

// TestConcurrentWriters has four writers (as four ingest processes) put
// the same articles in different orders and batches at the same time.
// Each article must be stored once, as new by exactly one writer, with
// no deadlock or unique-key error reaching the callers.
func TestConcurrentWriters(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	docs := append(storetest.Generated(150), storetest.Fixtures()...)
	const writers = 4
	var mu sync.Mutex
	news := map[string]int{}
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			ans := analyses(docs)
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			rng.Shuffle(len(ans), func(i, j int) { ans[i], ans[j] = ans[j], ans[i] })
			for i := 0; i < len(ans); {
				n := 1 + rng.IntN(24)
				batch := ans[i:min(i+n, len(ans))]
				i += n
				res, err := db.Put(ctx, batch)
				if err != nil {
					errs <- fmt.Errorf("writer %d: %w", w, err)
					return
				}
				mu.Lock()
				for _, r := range res {
					if r.Err != nil {
						errs <- fmt.Errorf("writer %d: %w", w, r.Err)
					}
					if r.Status == store.New {
						news[r.Hash]++
					}
				}
				mu.Unlock()
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// The fixtures hold one reprint: 154 texts.
	if len(news) != 154 {
		t.Errorf("%d articles reported new, want 154", len(news))
	}
	for h, n := range news {
		if n != 1 {
			t.Errorf("article %s reported new %d times", h[:12], n)
		}
	}
	s, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Generated: 150 articles, statements, sources; 5 speakers. Fixtures:
	// 4 articles, 5 sources, 9 statements, 3 speakers.
	want := store.Stats{Articles: 154, Sources: 155, Statements: 159, Speakers: 8}
	if s.Articles != want.Articles || s.Sources != want.Sources || s.Statements != want.Statements || s.Speakers != want.Speakers {
		t.Errorf("stats %+v, want %+v", s, want)
	}
}

// TestDatabaseRefusesOne makes the database refuse one article of a
// batch for a reason the preparation cannot see (here a constraint the
// test adds): that article fails, alone, and names itself.
func TestDatabaseRefusesOne(t *testing.T) {
	db, url := openTest(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `ALTER TABLE articles ADD CONSTRAINT no_poison CHECK (title <> 'poison')`); err != nil {
		t.Fatal(err)
	}
	ans := analyses(storetest.Generated(3))
	ans[1].Article.Title = "poison"
	res, err := db.Put(ctx, ans)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.Status{store.New, store.Failed, store.New}
	for i, r := range res {
		if r.Status != want[i] {
			t.Errorf("result %d: %v (%v), want %v", i, r.Status, r.Err, want[i])
		}
	}
	if res[1].Err == nil || !strings.Contains(res[1].Err.Error(), "gen-1") {
		t.Errorf("error %v does not name the article", res[1].Err)
	}
	if s, _ := db.Stats(ctx); s.Articles != 2 || s.Statements != 2 {
		t.Errorf("stats %+v: want the two good articles", s)
	}
}

// TestUnstorableText puts strings PostgreSQL cannot hold (NUL, invalid
// UTF-8): they are stored as U+FFFD, the offsets still fit the text, and
// the article keeps the hash of the text as given.
func TestUnstorableText(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	d := storetest.Generated(1)[0]
	d.Text = "Report \xff0\nMinister 0 said the budget \x00for project 0 would grow by 0 percent.\n"
	d.Statements[0].Content = "the budget \x00for project 0 would grow by 0 percent"
	a := d.Analysis()
	a.Article.Title = "Title\x00with NUL"
	res, err := db.Put(ctx, []*saywho.Analysis{a})
	if err != nil || res[0].Status != store.New {
		t.Fatalf("Put: %+v, %v", res, err)
	}
	v, err := db.Article(ctx, a.Article.Hash())
	if err != nil {
		t.Fatal(err)
	}
	if v.Record.Article.Headline != "Title\uFFFDwith NUL" {
		t.Errorf("title %q", v.Record.Article.Headline)
	}
	text := saywho.NewText(v.Record.Article.Text)
	if text.Len() != saywho.NewText(d.Text).Len() {
		t.Errorf("stored text has %d code points, the input %d", text.Len(), saywho.NewText(d.Text).Len())
	}
	s := v.Hits[0]
	if got := text.Slice(saywho.Span{Start: s.Start, End: s.End}); got != s.Text || !strings.HasPrefix(got, "the budget \uFFFDfor") {
		t.Errorf("statement %q, text at its span %q", s.Text, got)
	}
	if r, _ := db.Search(ctx, store.Query{Text: "budget"}); r == nil || len(r.Hits) != 1 {
		t.Errorf("search: %+v", r)
	}
}
