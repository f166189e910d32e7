package sqlite

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store"
	"github.com/saywho/saywho/store/storetest"
)

func TestDateRangeTags(t *testing.T) {
	d := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		v, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	lo, hi := d("2015-11-28"), d("2017-01-05")
	cases := []struct{ since, until, want string }{
		{"2016-01-01", "2017-01-01", "y2016"},
		{"2016-05-01", "2016-06-01", "m201605"},
		{"2016-05-30", "2016-07-02", "d20160530 d20160531 m201606 d20160701"},
		{"", "2015-12-01", "d20151128 d20151129 d20151130"},
		{"2016-12-30", "", "d20161230 d20161231 d20170101 d20170102 d20170103 d20170104 d20170105"},
		{"2015-12-01", "2017-01-01", "m201512 y2016"},
		{"2018-01-01", "", ""},
	}
	for _, c := range cases {
		got := strings.Join(dateRangeTags(d(c.since), d(c.until), lo, hi), " ")
		if got != c.want {
			t.Errorf("dateRangeTags(%s, %s) = %q, want %q", c.since, c.until, got, c.want)
		}
	}
	// A bound inside a day covers that day.
	got := dateRangeTags(d("2016-05-03").Add(10*time.Hour), d("2016-05-04").Add(time.Hour), lo, hi)
	if !slices.Equal(got, []string{"d20160503", "d20160504"}) {
		t.Errorf("hour bounds: %q", got)
	}
}

// TestRankCap checks a search matching more statements than RankCap: it
// says so, and its pages are still right.
func TestRankCap(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a few thousand articles")
	}
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "cap.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	docs := storetest.Generated(RankCap + 300)
	for i := 0; i < len(docs); i += 256 {
		var batch []*saywho.Analysis
		for _, d := range docs[i:min(i+256, len(docs))] {
			batch = append(batch, d.Analysis())
		}
		if _, err := db.Put(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	res, err := db.Search(ctx, store.Query{Text: "budget", Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Capped || len(res.Hits) != 50 || !res.More {
		t.Errorf("broad search: capped %v, %d hits, more %v", res.Capped, len(res.Hits), res.More)
	}
	for i, h := range res.Hits {
		if !strings.Contains(h.Snippet, "[budget]") || i > 0 && h.Score > res.Hits[i-1].Score {
			t.Errorf("hit %d: %q score %v", i, h.Snippet, h.Score)
		}
	}
	// A narrow one is not capped, and filters still apply.
	res, err = db.Search(ctx, store.Query{Text: "budget", Speaker: "Minister 3", Outlet: "Outlet 1", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for i := range docs {
		if i%5 == 3 && i%3 == 1 {
			want++
		}
	}
	if res.Capped || len(res.Hits) != want {
		t.Errorf("narrow search: capped %v, %d hits, want %d", res.Capped, len(res.Hits), want)
	}
	// The last page of the ranked ones, and past it.
	res, err = db.Search(ctx, store.Query{Text: "budget", Limit: 100, Offset: RankCap - 50})
	if err != nil || len(res.Hits) != 50 || res.More {
		t.Errorf("last ranked page: %d hits, more %v, %v", len(res.Hits), res.More, err)
	}
	n := 0
	if err := db.Export(ctx, store.Query{Text: "budget"}, func(*store.Hit) error { n++; return nil }); err != nil || n != len(docs) {
		t.Errorf("export of a broad search: %d of %d, %v", n, len(docs), err)
	}
}

// TestWordDocs checks the word counts ranking relies on: one per
// statement holding the word, duplicates and failed articles not counted.
func TestWordDocs(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	fx := storetest.Fixtures()
	bad := fx[1].Analysis()
	bad.Statements[0].Kind = "shouted" // fails in prepare
	var batch []*saywho.Analysis
	for _, d := range fx {
		batch = append(batch, d.Analysis())
	}
	if _, err := db.Put(ctx, append(batch, bad)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Put(ctx, batch); err != nil { // all duplicates
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for word, want := range map[string]int{"negotiations": 4, "tokyo": 2, "peace": 2, "s": 2, "zebra": 0} {
		var n int
		err := db.r.QueryRow(`SELECT coalesce((SELECT doc FROM word_docs WHERE term = ?), 0)`, word).Scan(&n)
		if err != nil || n != want {
			t.Errorf("word_docs[%s] = %d, %v; want %d", word, n, err, want)
		}
	}
	checkWordDocs(t, db)
}

// TestWordDocsWatermark checks that the counts Put holds back come out
// right however the writing ends: counts lost in a crash, another
// writer in between, many words at once, and counts held too long.
func TestWordDocsWatermark(t *testing.T) {
	ctx := context.Background()
	docs := storetest.Generated(300)
	put := func(t *testing.T, db *DB, docs []storetest.Doc) {
		t.Helper()
		var batch []*saywho.Analysis
		for _, d := range docs {
			batch = append(batch, d.Analysis())
		}
		if _, err := db.Put(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	open := func(t *testing.T, path string) *DB {
		t.Helper()
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		return db
	}
	for _, tc := range []struct {
		name string
		run  func(t *testing.T, path string)
	}{
		{"crash", func(t *testing.T, path string) {
			a := open(t, path)
			put(t, a, docs[:100])
			a.words.pending = nil // the process dies holding its counts
			a.wrote.Store(false)  // and writes nothing as it goes
			a.Close()
			b := open(t, path)
			put(t, b, docs[100:200])
			if err := b.Close(); err != nil {
				t.Fatal(err)
			}
		}},
		{"crash before any batch", func(t *testing.T, path string) {
			a := open(t, path)
			put(t, a, docs[:100])
			a.words.pending = nil
			a.Close()
			b := open(t, path) // reads only; closing writes nothing
			if err := b.Close(); err != nil {
				t.Fatal(err)
			}
			c := open(t, path)
			c.wrote.Store(true) // as after a Put of duplicates
			if err := c.Close(); err != nil {
				t.Fatal(err)
			}
		}},
		{"two writers", func(t *testing.T, path string) {
			a, b := open(t, path), open(t, path)
			put(t, a, docs[:50])
			put(t, b, docs[50:100])
			put(t, a, docs[100:150])
			if err := b.Close(); err != nil {
				t.Fatal(err)
			}
			if err := a.Close(); err != nil {
				t.Fatal(err)
			}
		}},
		{"one writer holding while the other writes", func(t *testing.T, path string) {
			a, b := open(t, path), open(t, path)
			put(t, a, docs[:50])     // held by a
			put(t, b, docs[50:100])  // b counts a's too, and writes
			put(t, b, docs[100:150]) // held by b
			if err := a.Close(); err != nil {
				t.Fatal(err)
			}
			b.words.pending = nil // b dies holding its counts
			b.wrote.Store(false)
			b.Close()
		}},
		{"concurrent puts", func(t *testing.T, path string) {
			defer func(n int) { maxPendingWords = n }(maxPendingWords)
			maxPendingWords = 100 // some batches write, some hold
			a := open(t, path)
			var wg sync.WaitGroup
			for k := 0; k < 300; k += 25 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					var batch []*saywho.Analysis
					for _, d := range docs[k : k+25] {
						batch = append(batch, d.Analysis())
					}
					if _, err := a.Put(ctx, batch); err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			if err := a.Close(); err != nil {
				t.Fatal(err)
			}
		}},
		{"many words", func(t *testing.T, path string) {
			defer func(n int) { maxPendingWords = n }(maxPendingWords)
			maxPendingWords = 100
			a := open(t, path)
			held, written := 0, 0
			for k := 0; k < 300; k += 20 {
				put(t, a, docs[k:k+20])
				if a.words.pending != nil {
					held++
				} else {
					written++
				}
			}
			if held == 0 || written == 0 {
				t.Errorf("%d batches held their counts, %d wrote them; want some of each", held, written)
			}
			if err := a.Close(); err != nil {
				t.Fatal(err)
			}
		}},
		{"held too long", func(t *testing.T, path string) {
			a := open(t, path)
			put(t, a, docs[:100])
			a.words.since = a.words.since.Add(-2 * maxPendingAge)
			put(t, a, docs[100:200])
			if a.words.pending != nil {
				t.Error("counts older than maxPendingAge still held after a batch")
			}
			if err := a.Close(); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "w.db")
			tc.run(t, path)
			db := open(t, path)
			defer db.Close()
			checkWordDocs(t, db)
		})
	}
}

// checkWordDocs compares word_docs with the full-text index's own count
// of each word's statements, and checks that the watermark is the last
// statement.
func checkWordDocs(t *testing.T, db *DB) {
	t.Helper()
	ctx := context.Background()
	conn, err := db.r.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, statements_fts, 'col')`); err != nil {
		t.Fatal(err)
	}
	var diff, words int
	err = conn.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM (SELECT term, doc FROM temp.v WHERE col = 'text' EXCEPT SELECT term, doc FROM word_docs)) +
		(SELECT count(*) FROM (SELECT term, doc FROM word_docs WHERE doc > 0 EXCEPT SELECT term, doc FROM temp.v WHERE col = 'text')),
		(SELECT count(*) FROM word_docs)`).Scan(&diff, &words)
	if err != nil {
		t.Fatal(err)
	}
	if diff != 0 || words == 0 {
		t.Errorf("word_docs differs from the index in %d of %d words", diff, words)
	}
	var mark, last int64
	err = conn.QueryRowContext(ctx, `SELECT (SELECT n FROM counts WHERE name = 'words_through'), (SELECT coalesce(max(id), 0) FROM statements)`).Scan(&mark, &last)
	if err != nil || mark != last {
		t.Errorf("watermark %d, last statement %d, %v", mark, last, err)
	}
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("word ", 40)
	cases := []struct {
		text  string
		terms []store.Term
		want  string
	}{
		{"Peskov said talks were possible.", []store.Term{{Words: []string{"talks"}}}, "Peskov said [talks] were possible."},
		{"“Tokyo’s actions hinder negotiations”", []store.Term{{Words: []string{"tokyo"}}, {Words: []string{"negotiat"}, Prefix: true}},
			"“[Tokyo]’s actions hinder [negotiations]”"},
		{"Café Naïve", []store.Term{{Words: []string{"cafe"}}}, "[Café] Naïve"},
		{long + "peace " + long, []store.Term{{Words: []string{"peace"}}},
			"…" + strings.TrimSpace(strings.Repeat("word ", 8)) + " [peace] " + strings.TrimSpace(strings.Repeat("word ", 15)) + "…"},
		{"no match here", []store.Term{{Words: []string{"zebra"}}}, "no match here"},
		{"--", []store.Term{{Words: []string{"x"}}}, "--"},
	}
	for _, c := range cases {
		r := ranked{text: c.text, terms: rankTerms(c.terms)}
		if got := r.snippet(); got != c.want {
			t.Errorf("snippet(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestCounts checks the totals Put keeps against the same totals counted
// from the rows.
func TestCounts(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var batch []*saywho.Analysis
	for _, d := range append(storetest.Fixtures(), storetest.Generated(40)...) {
		batch = append(batch, d.Analysis())
	}
	for _, b := range [][]*saywho.Analysis{batch[:7], batch[7:], batch} {
		if _, err := db.Put(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	checkCounts(t, db)
}

// TestArticleFailsInTransaction takes the path where an article fails after
// its rows are written: the batch is redone with a savepoint per article,
// the others are stored whole, the failed one leaves nothing (rows, index
// entries, totals, cached ids) and can be stored later.
func TestArticleFailsInTransaction(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "f.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	failAfter = func(id string) error {
		if id == "planet-7" {
			return fmt.Errorf("disk full (test)")
		}
		return nil
	}
	defer func() { failAfter = nil }()
	var batch []*saywho.Analysis
	for _, d := range storetest.Fixtures()[:3] { // wire, planet, herald
		batch = append(batch, d.Analysis())
	}
	res, err := db.Put(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Status != store.New || res[1].Status != store.Failed || res[2].Status != store.New ||
		!strings.Contains(fmt.Sprint(res[1].Err), "disk full") {
		t.Fatalf("results %+v", res)
	}
	// Ishiba is named only by the failed article: no speaker, no match.
	if _, err := db.Speaker(ctx, "Shigeru Ishiba"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("speaker of the failed article: %v", err)
	}
	if r, err := db.Search(ctx, store.Query{Text: "rain"}); err != nil || len(r.Hits) != 0 {
		t.Errorf("statement of the failed article found: %+v, %v", r, err)
	}
	if r, err := db.Search(ctx, store.Query{Text: "negotiations"}); err != nil || len(r.Hits) != 2 {
		t.Errorf("statements of the stored articles: %+v, %v", r, err)
	}
	s, _ := db.Stats(ctx)
	if s.Articles != 2 || s.Statements != 5 || s.Sources != 2 || s.Speakers != 2 {
		t.Errorf("stats %+v", s)
	}
	failAfter = nil
	if res, err := db.Put(ctx, batch); err != nil || res[1].Status != store.New {
		t.Fatalf("again without the failure: %+v, %v", res, err)
	}
	if p, err := db.Speaker(ctx, "Ishiba"); err != nil || p.Statements != 1 {
		t.Errorf("speaker after storing the article: %+v, %v", p, err)
	}
	if r, err := db.Search(ctx, store.Query{Text: "rain"}); err != nil || len(r.Hits) != 1 {
		t.Errorf("its statement: %+v, %v", r, err)
	}
	checkCounts(t, db)
}

// checkCounts compares the totals Put keeps with counting the rows.
func checkCounts(t *testing.T, db *DB) {
	t.Helper()
	ctx := context.Background()
	kept, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var counted store.Stats
	err = db.r.QueryRow(`SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM article_sources),
		(SELECT count(*) FROM statements), (SELECT coalesce(sum(json_array_length(mentions)), 0) FROM article_entities),
		(SELECT count(DISTINCT quote_id) FROM statements),
		(SELECT count(*) FROM (SELECT DISTINCT s.quote_id, src.rowid FROM statements s
			JOIN article_sources src ON src.article_id = s.article_id WHERE s.quote_id IS NOT NULL))`).Scan(
		&counted.Articles, &counted.Sources, &counted.Statements, &counted.Mentions, &counted.Quotes, &counted.Sightings)
	if err != nil {
		t.Fatal(err)
	}
	counted.Speakers, counted.Entities = kept.Speakers, kept.Entities
	if kept != counted {
		t.Errorf("kept totals %+v, counted %+v", kept, counted)
	}
}

// TestDocCounterMatchesFold checks that the fast word counter splits and
// folds words as fold does, which ranking relies on.
func TestDocCounterMatchesFold(t *testing.T) {
	for _, s := range []string{"Tokyo’s “unfriendly” actions, Café NAÏVE naïve U.S. 2016 x2y", "", "--", "ÀÉ àé Ångström", "Путин заявил", "a\u0301b"} {
		c := newDocCounter()
		c.add(s)
		c.add(s) // a second statement: each word in two
		got := map[string]int{}
		for w, e := range c.words {
			got[w] = int(e.n)
		}
		want := map[string]int{}
		for _, w := range fold(s) {
			want[w] = 2
		}
		if !maps.Equal(got, want) {
			t.Errorf("%q: docCounter %v, fold %v twice", s, got, want)
		}
	}
}

// TestScanDocMatchesFold checks that ranking counts words and term
// frequencies as fold splits the text.
func TestScanDocMatchesFold(t *testing.T) {
	terms := []rankTerm{{word: "naive"}, {word: "tok", prefix: true}, {word: "2016"}, {word: "путин"}}
	for _, s := range []string{"Tokyo’s “unfriendly” actions, Café NAÏVE naïve U.S. 2016 x2y", "", "--", "ÀÉ àé Ångström tokens TOK", "Путин заявил", "a\u0301b"} {
		n, tf := scanDoc(s, terms)
		words := fold(s)
		want := make([]int, len(terms))
		for _, w := range words {
			for k, term := range terms {
				if w == term.word || term.prefix && strings.HasPrefix(w, term.word) {
					want[k]++
				}
			}
		}
		if n != len(words) || !slices.Equal(tf, want) {
			t.Errorf("%q: scanDoc %d words %v, fold %d words %v", s, n, tf, len(words), want)
		}
	}
}
