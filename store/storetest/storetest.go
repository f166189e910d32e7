// Package storetest is the conformance suite every store.Store must pass:
// the SQLite store runs it, and so will the PostgreSQL one. It also holds
// the generator of large corpora from real annotated news, for benchmarks.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store"
)

// Run runs the suite. open must return a new, empty store for each call;
// the suite closes it.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"PutGet", testPutGet},
		{"Idempotent", testIdempotent},
		{"FailedArticle", testFailedArticle},
		{"QuoteDedup", testQuoteDedup},
		{"Versions", testVersions},
		{"Text", testText},
		{"Filters", testFilters},
		{"Pagination", testPagination},
		{"BadQueries", testBadQueries},
		{"Speakers", testSpeakers},
		{"SpeakerPage", testSpeakerPage},
		{"EntityPage", testEntityPage},
		{"Export", testExport},
		{"ConcurrentReaders", testConcurrent},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := open(t)
			defer func() {
				if err := st.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			}()
			tc.fn(t, st)
		})
	}
}

func put(t *testing.T, st store.Store, docs ...Doc) []store.PutResult {
	t.Helper()
	batch := make([]*saywho.Analysis, len(docs))
	for i, d := range docs {
		batch[i] = d.Analysis()
	}
	res, err := st.Put(context.Background(), batch)
	if err != nil {
		t.Fatalf("Put: %v", err)
	}
	if len(res) != len(docs) {
		t.Fatalf("Put returned %d results for %d articles", len(res), len(docs))
	}
	return res
}

// loadCorpus stores the fixture corpus, one batch per outlet, the reprint
// last.
func loadCorpus(t *testing.T, st store.Store) {
	t.Helper()
	put(t, st, docWire, docPlanet)
	put(t, st, docHerald, docUndated)
	put(t, st, docReprint)
}

func stats(t *testing.T, st store.Store) store.Stats {
	t.Helper()
	s, err := st.Stats(context.Background())
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	return s
}

func search(t *testing.T, st store.Store, q store.Query) []*store.Hit {
	t.Helper()
	r, err := st.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return r.Hits
}

// texts returns the hits' statement texts, sorted.
func texts(hits []*store.Hit) []string {
	var s []string
	for _, h := range hits {
		s = append(s, h.Text)
	}
	sort.Strings(s)
	return s
}

func testPutGet(t *testing.T, st store.Store) {
	ctx := context.Background()
	res := put(t, st, docWire, docPlanet)
	for i, r := range res {
		if r.Status != store.New || r.Err != nil || r.ArticleID == 0 {
			t.Errorf("result %d: %+v, want new", i, r)
		}
	}
	if res[0].Statements != 3 || res[1].Statements != 3 {
		t.Errorf("statements added: %d, %d; want 3, 3", res[0].Statements, res[1].Statements)
	}
	want := docWire.Analysis()
	if res[0].Hash != want.Article.Hash() {
		t.Errorf("hash %s, want %s", res[0].Hash, want.Article.Hash())
	}
	for _, ref := range []string{res[0].Hash, res[0].Hash[:12], "wire-1", fmt.Sprint(res[0].ArticleID)} {
		v, err := st.Article(ctx, ref)
		if err != nil {
			t.Fatalf("Article(%q): %v", ref, err)
		}
		if v.ID != res[0].ArticleID {
			t.Errorf("Article(%q) = article %d, want %d", ref, v.ID, res[0].ArticleID)
		}
	}
	v, err := st.Article(ctx, res[0].Hash)
	if err != nil {
		t.Fatal(err)
	}
	rec := want.Record(true)
	if v.Record.Article.Text != rec.Article.Text || v.Record.Article.Outlet != "Wire One" ||
		v.Record.Article.URL != "https://wire.example/a1" || v.Record.Article.Hash != rec.Article.Hash ||
		v.Record.Article.Length != rec.Article.Length {
		t.Errorf("article record = %+v", v.Record.Article)
	}
	if v.Record.Article.Published == nil || !v.Record.Article.Published.Equal(time.Date(2024, 11, 29, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("published = %v, want 2024-11-29", v.Record.Article.Published)
	}
	if len(v.Record.Statements) != len(rec.Statements) || len(v.Hits) != len(rec.Statements) {
		t.Fatalf("%d statements, want %d", len(v.Record.Statements), len(rec.Statements))
	}
	for i, got := range v.Record.Statements {
		w := rec.Statements[i]
		if got.Text != w.Text || got.Start != w.Start || got.End != w.End || got.Kind != w.Kind ||
			got.Speaker.Name != w.Speaker.Name || got.Speaker.Type != w.Speaker.Type ||
			got.Speaker.Role != w.Speaker.Role || got.Speaker.Org != w.Speaker.Org ||
			!sameSpan(got.Speaker.Mention, w.Speaker.Mention) || !sameSpan(got.Cue, w.Cue) || got.Confidence != w.Confidence {
			t.Errorf("statement %d:\n got %+v\nwant %+v", i, got, w)
		}
	}
	if len(v.Record.Entities) != len(rec.Entities) {
		t.Fatalf("%d entities, want %d", len(v.Record.Entities), len(rec.Entities))
	}
	for i, got := range v.Record.Entities {
		w := rec.Entities[i]
		if got.ID != w.ID || got.Name != w.Name || got.Type != w.Type || len(got.Mentions) != len(w.Mentions) {
			t.Errorf("entity %d: got %+v, want %+v", i, got, w)
		}
	}
	h, err := st.Statement(ctx, v.Hits[0].ID)
	if err != nil {
		t.Fatalf("Statement: %v", err)
	}
	if h.Text != rec.Statements[0].Text || h.Article.Hash != rec.Article.Hash || h.SpeakerID == 0 || h.QuoteID == 0 {
		t.Errorf("Statement(%d) = %+v", v.Hits[0].ID, h)
	}
	if _, err := st.Statement(ctx, 1<<40); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Statement(missing): %v, want ErrNotFound", err)
	}
	if _, err := st.Article(ctx, "no-such-article"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Article(missing): %v, want ErrNotFound", err)
	}
}

func sameSpan(a, b *saywho.SpanText) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func testIdempotent(t *testing.T, st store.Store) {
	loadCorpus(t, st)
	before := stats(t, st)
	want := store.Stats{Articles: 4, Sources: 5, Statements: 9, Speakers: 3, Quotes: 8, Sightings: 12}
	if before.Articles != want.Articles || before.Sources != want.Sources || before.Statements != want.Statements ||
		before.Speakers != want.Speakers || before.Quotes != want.Quotes || before.Sightings != want.Sightings {
		t.Errorf("after the corpus: %+v, want %+v", before, want)
	}
	for _, d := range []Doc{docWire, docPlanet, docHerald, docUndated, docReprint} {
		for _, r := range put(t, st, d) {
			if r.Status != store.Duplicate || r.Statements != 0 || r.Err != nil {
				t.Errorf("%s again: %+v, want duplicate", d.ID, r)
			}
		}
	}
	// The same article twice in one batch: the second is a duplicate.
	res := put(t, st, Generated(1)[0], Generated(1)[0])
	if res[0].Status != store.New || res[1].Status != store.Duplicate {
		t.Errorf("twice in a batch: %v, %v", res[0].Status, res[1].Status)
	}
	after := stats(t, st)
	before.Articles++
	before.Sources++
	before.Statements++
	before.Speakers++
	before.Quotes++
	before.Sightings++
	if after != before {
		t.Errorf("stats after re-put: %+v, want %+v", after, before)
	}
}

func testFailedArticle(t *testing.T, st store.Store) {
	bad := docPlanet.Analysis()
	bad.Statements[1].Content.End = 1 << 20
	nilArticle := &saywho.Analysis{}
	badKind := docHerald.Analysis()
	badKind.Statements[0].Kind = "shouted"
	res, err := st.Put(context.Background(), []*saywho.Analysis{docWire.Analysis(), bad, nilArticle, badKind, Generated(1)[0].Analysis()})
	if err != nil {
		t.Fatalf("Put: %v", err)
	}
	wantStatus := []store.Status{store.New, store.Failed, store.Failed, store.Failed, store.New}
	for i, r := range res {
		if r.Status != wantStatus[i] {
			t.Errorf("result %d: %v (%v), want %v", i, r.Status, r.Err, wantStatus[i])
		}
		if (r.Status == store.Failed) != (r.Err != nil) {
			t.Errorf("result %d: status %v with error %v", i, r.Status, r.Err)
		}
	}
	if s := stats(t, st); s.Articles != 2 || s.Statements != 4 {
		t.Errorf("stats %+v: want the two good articles only", s)
	}
	if res[1].Err != nil && !strings.Contains(res[1].Err.Error(), "planet-7") {
		t.Errorf("error %q does not name the article", res[1].Err)
	}
	// Nothing of the failed article remains, so a corrected one goes in.
	if r := put(t, st, docPlanet); r[0].Status != store.New {
		t.Errorf("corrected article: %+v", r[0])
	}
}

func findQuote(qs []store.Quote, prefix string) *store.Quote {
	for i := range qs {
		if strings.Contains(store.NormalizeQuote(qs[i].Text), prefix) {
			return &qs[i]
		}
	}
	return nil
}

func testQuoteDedup(t *testing.T, st store.Store) {
	ctx := context.Background()
	put(t, st, docPlanet, docWire)
	hits := search(t, st, store.Query{Text: "unfriendly"})
	if len(hits) != 2 {
		t.Fatalf("%d hits for the quote, want 2", len(hits))
	}
	if hits[0].QuoteID == 0 || hits[0].QuoteID != hits[1].QuoteID {
		t.Errorf("quote ids %d and %d: the same words in two outlets must be one quote", hits[0].QuoteID, hits[1].QuoteID)
	}
	p, err := st.Speaker(ctx, "Dmitry Peskov")
	if err != nil {
		t.Fatal(err)
	}
	q := findQuote(p.MostCited, "tokyo s unfriendly")
	if q == nil {
		t.Fatalf("most cited %+v lacks the Tokyo quote", p.MostCited)
	}
	if q.Sightings != 2 || !slices.Equal(q.Outlets, []string{"Daily Planet", "Wire One"}) || len(q.URLs) != 2 {
		t.Errorf("quote %+v: want 2 sightings from Daily Planet and Wire One", q)
	}
	if q.First == nil || !q.First.Equal(time.Date(2024, 11, 29, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("quote first seen %v, want 2024-11-29 (the earlier outlet)", q.First)
	}
	if &p.MostCited[0] != q {
		t.Errorf("most cited starts with %q, want the quote with most sightings", p.MostCited[0].Text)
	}
	// A verbatim reprint elsewhere: no new statement, one more sighting.
	if r := put(t, st, docReprint); r[0].Status != store.Duplicate {
		t.Errorf("reprint: %v, want duplicate", r[0].Status)
	}
	p, _ = st.Speaker(ctx, "Dmitry Peskov")
	if q := findQuote(p.MostCited, "tokyo s unfriendly"); q == nil || q.Sightings != 3 || len(q.Outlets) != 3 {
		t.Errorf("after the reprint: %+v, want 3 sightings, 3 outlets", q)
	}
	if got := len(search(t, st, store.Query{Outlet: "Other Paper"})); got != 3 {
		t.Errorf("outlet of the reprint: %d statements, want 3", got)
	}
	v, err := st.Article(ctx, docWire.Analysis().Article.Hash())
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Sources) != 2 || v.Sources[1].Outlet != "Other Paper" {
		t.Errorf("sources %+v, want Wire One then Other Paper", v.Sources)
	}
	// Putting the reprint again changes nothing.
	before := stats(t, st)
	put(t, st, docReprint)
	if after := stats(t, st); after != before {
		t.Errorf("reprint again: %+v, want %+v", after, before)
	}
}

func testVersions(t *testing.T, st store.Store) {
	ctx := context.Background()
	v2 := docWire
	v2.ID = "wire-1"
	v2.Text = docWire.Text + "Updated: a correction.\n"
	r := put(t, st, docWire, v2)
	if r[0].Status != store.New || r[1].Status != store.New || r[0].Hash == r[1].Hash {
		t.Fatalf("two versions: %+v", r)
	}
	v, err := st.Article(ctx, r[0].Hash)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Versions) != 1 || v.Versions[0].Hash != r[1].Hash {
		t.Errorf("versions %+v, want the other version", v.Versions)
	}
	// By its input id, the newest version.
	if v, err := st.Article(ctx, "wire-1"); err != nil || v.ID != r[1].ArticleID {
		t.Errorf("Article(wire-1): %v, %v; want the newest version", v, err)
	}
}

func testText(t *testing.T, st store.Store) {
	loadCorpus(t, st)
	cases := []struct {
		text string
		want []string // statement texts, sorted; nil: count only
		n    int
	}{
		{text: "negotiations", n: 4},
		{text: "NEGOTIATIONS", n: 4},
		{text: "hinder negotiations", n: 2},
		{text: `"peace talks"`, want: []string{"Japan wanted peace talks to resume soon"}},
		{text: `“peace talks”`, want: []string{"Japan wanted peace talks to resume soon"}},
		{text: "peace*", n: 3},
		{text: "peacekeep*", want: []string{`"We are ready for peacekeeping talks,"`}},
		{text: "rain OR sanctions", want: []string{"it would rain", "the sanctions against Japan would stay in place"}},
		{text: "negotiations -hinder", want: []string{"peace negotiations were possible in principle", "the negotiations had not started"}},
		{text: "zebra", want: nil, n: 0},
		{text: "Tokyo's", n: 2},
		{text: "tokyo’s unfriendly", n: 2},
	}
	for _, c := range cases {
		hits := search(t, st, store.Query{Text: c.text})
		if c.want != nil {
			if got := texts(hits); !slices.Equal(got, c.want) {
				t.Errorf("search %q: %q, want %q", c.text, got, c.want)
			}
		} else if len(hits) != c.n {
			t.Errorf("search %q: %d hits %q, want %d", c.text, len(hits), texts(hits), c.n)
		}
		for _, h := range hits {
			if h.Snippet == "" || !strings.Contains(h.Snippet, "[") || h.Score <= 0 {
				t.Errorf("search %q: hit %d has snippet %q, score %v", c.text, h.ID, h.Snippet, h.Score)
			}
		}
	}
	// Best first: the statement that says "negotiations" among few words
	// outranks the longer ones, and scores do not increase.
	hits := search(t, st, store.Query{Text: "negotiations"})
	for i := 1; i < len(hits); i++ {
		if hits[i].Score > hits[i-1].Score {
			t.Errorf("hit %d score %v above hit %d score %v", i, hits[i].Score, i-1, hits[i-1].Score)
		}
	}
}

func testFilters(t *testing.T, st store.Store) {
	ctx := context.Background()
	loadCorpus(t, st)
	since := func(s string) time.Time { v, _ := store.ParseSince(s); return v }
	until := func(s string) time.Time { v, _ := store.ParseUntil(s); return v }
	peskov, err := st.Speaker(ctx, "Dmitry Peskov")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		q    store.Query
		n    int
	}{
		{"all", store.Query{Limit: 100}, 9},
		{"speaker name", store.Query{Speaker: "Dmitry Peskov"}, 6},
		{"speaker name case and space", store.Query{Speaker: " dmitry  PESKOV "}, 6},
		{"speaker alias", store.Query{Speaker: "Peskov"}, 6},
		{"speaker id", store.Query{Speaker: fmt.Sprint(peskov.ID)}, 6},
		{"speaker organization", store.Query{Speaker: "Foreign Ministry"}, 1},
		{"speaker unknown to the store", store.Query{Speaker: "Nobody Atall"}, 0},
		{"entity", store.Query{Entity: "Japan"}, 2},
		{"entity in the statement only", store.Query{Entity: "Bucharest"}, 1},
		{"entity alias", store.Query{Entity: "Ishiba"}, 0}, // named only in the attribution
		{"entity not in any statement", store.Query{Entity: "Nowhere"}, 0},
		{"outlet", store.Query{Outlet: "Daily Planet"}, 3},
		{"outlet case", store.Query{Outlet: "daily planet"}, 3},
		{"since", store.Query{Since: since("2024-12-01")}, 5},
		{"until inclusive", store.Query{Until: until("2024-11-29")}, 3},
		{"month", store.Query{Since: since("2024-12"), Until: until("2024-12")}, 3},
		{"kind", store.Query{Kind: saywho.Direct}, 3},
		{"text and speaker and since", store.Query{Text: "negotiations", Speaker: "Peskov", Since: since("2025")}, 1},
		{"text and outlet", store.Query{Text: "negotiations", Outlet: "Herald"}, 1},
		{"text and kind", store.Query{Text: "negotiations", Kind: saywho.Indirect}, 2},
		{"text and entity", store.Query{Text: "unfriendly", Entity: "Tokyo"}, 2},
	}
	for _, c := range cases {
		hits := search(t, st, c.q)
		if len(hits) != c.n {
			t.Errorf("%s: %d hits %q, want %d", c.name, len(hits), texts(hits), c.n)
		}
	}
	// An exclusion excludes wherever it is typed.
	all, both := len(search(t, st, store.Query{Text: "negotiations"})), len(search(t, st, store.Query{Text: "negotiations unfriendly"}))
	if both == 0 || both == all {
		t.Fatalf("fixture: %d statements say negotiations, %d of them unfriendly; the test needs some of each", all, both)
	}
	for _, q := range []string{"negotiations -unfriendly", "-unfriendly negotiations"} {
		if n := len(search(t, st, store.Query{Text: q})); n != all-both {
			t.Errorf("%q: %d hits, want %d", q, n, all-both)
		}
	}
	// Without text, newest first, undated last.
	hits := search(t, st, store.Query{Speaker: "Peskov"})
	for i := 1; i < len(hits); i++ {
		a, b := hits[i-1].Article.Published, hits[i].Article.Published
		if a == nil && b != nil || a != nil && b != nil && b.After(*a) {
			t.Errorf("hit %d (%v) before hit %d (%v): want newest first", i-1, a, i, b)
		}
	}
}

func testPagination(t *testing.T, st store.Store) {
	docs := Generated(23)
	put(t, st, docs[:10]...)
	put(t, st, docs[10:]...)
	for _, q := range []store.Query{{Text: "budget"}, {}, {Outlet: "Outlet 1"}} {
		var all []*store.Hit
		q.Limit = 5
		for page := 0; ; page++ {
			q.Offset = page * q.Limit
			r, err := st.Search(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, r.Hits...)
			if !r.More {
				break
			}
			if len(r.Hits) != q.Limit || page > 10 {
				t.Fatalf("query %+v page %d: %d hits and more", q, page, len(r.Hits))
			}
		}
		want := 23
		if q.Outlet != "" {
			want = 8
		}
		seen := map[int64]bool{}
		for _, h := range all {
			if seen[h.ID] {
				t.Errorf("query %+v: statement %d on two pages", q, h.ID)
			}
			seen[h.ID] = true
		}
		if len(seen) != want {
			t.Errorf("query %+v: %d statements over all pages, want %d", q, len(seen), want)
		}
	}
}

func testBadQueries(t *testing.T, st store.Store) {
	ctx := context.Background()
	loadCorpus(t, st)
	bad := []store.Query{
		{Text: "!!!"},
		{Text: `""`},
		{Text: "-negotiations"},
		{Text: "OR"},
		{Kind: "shouted"},
		{Limit: -1},
		{Since: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Speaker: "???"},
		{Entity: "..."},
	}
	for _, q := range bad {
		if _, err := st.Search(ctx, q); !errors.Is(err, store.ErrBadQuery) {
			t.Errorf("Search(%+v): %v, want ErrBadQuery", q, err)
		}
		if err := st.Export(ctx, q, func(*store.Hit) error { return nil }); !errors.Is(err, store.ErrBadQuery) {
			t.Errorf("Export(%+v): %v, want ErrBadQuery", q, err)
		}
	}
	// FTS5 syntax typed by users is searched as words, never an error.
	for _, s := range []string{`negotiations AND (`, `"unclosed phrase`, `NEAR(peace talks)`, `text:peace`,
		`peace^`, `*`, `a:b:c`, `{peace}`, `peace NOT`, `AND OR NOT`, `'single'`, `peace -`, `---x`, `"""`, "\x00peace"} {
		_, err := st.Search(ctx, store.Query{Text: s})
		if err != nil && !errors.Is(err, store.ErrBadQuery) {
			t.Errorf("Search(%q): %v, want results or ErrBadQuery", s, err)
		}
	}
	for _, s := range []string{"yesterday", "2024-13-01", "29/11/2024", ""} {
		if _, err := store.ParseSince(s); !errors.Is(err, store.ErrBadQuery) {
			t.Errorf("ParseSince(%q): %v, want ErrBadQuery", s, err)
		}
	}
	if _, err := st.Speaker(ctx, "Nobody Atall"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Speaker(missing): %v, want ErrNotFound", err)
	}
	if _, err := st.Entity(ctx, "Nowhere"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Entity(missing): %v, want ErrNotFound", err)
	}
}

func testSpeakers(t *testing.T, st store.Store) {
	ctx := context.Background()
	loadCorpus(t, st)
	list, err := st.Speakers(ctx, "", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range list {
		got = append(got, fmt.Sprintf("%s %s %d", s.Name, s.Type, s.Statements))
	}
	want := []string{"Dmitry Peskov person 6", "Russian Foreign Ministry organization 1", "Shigeru Ishiba person 1"}
	if !slices.Equal(got, want) {
		t.Errorf("speakers %q, want %q", got, want)
	}
	if list[0].First == nil || list[0].Last == nil || !list[0].Last.Equal(time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Peskov first %v last %v", list[0].First, list[0].Last)
	}
	if l, err := st.Speakers(ctx, "shig", 0, 0); err != nil || len(l) != 1 || l[0].Name != "Shigeru Ishiba" {
		t.Errorf("Speakers(prefix shig) = %+v, %v", l, err)
	}
	if l, err := st.Speakers(ctx, "", 1, 1); err != nil || len(l) != 1 || l[0].Name != "Russian Foreign Ministry" {
		t.Errorf("Speakers(limit 1, offset 1) = %+v, %v", l, err)
	}
}

func testSpeakerPage(t *testing.T, st store.Store) {
	ctx := context.Background()
	loadCorpus(t, st)
	p, err := st.Speaker(ctx, "peskov")
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Dmitry Peskov" || p.Type != saywho.Person || p.Statements != 6 {
		t.Errorf("summary %+v", p.SpeakerSummary)
	}
	if !slices.Contains(p.Aliases, "Peskov") || !slices.Contains(p.Aliases, "Dmitry Peskov") {
		t.Errorf("aliases %q", p.Aliases)
	}
	if len(p.Roles) != 1 || p.Roles[0].Value != "Kremlin spokesman" || p.Roles[0].Articles != 2 ||
		p.Roles[0].First == nil || !p.Roles[0].First.Equal(time.Date(2024, 11, 29, 0, 0, 0, 0, time.UTC)) ||
		!p.Roles[0].Last.Equal(time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("roles %+v", p.Roles)
	}
	if len(p.Organizations) != 1 || p.Organizations[0].Value != "Kremlin" {
		t.Errorf("organizations %+v", p.Organizations)
	}
	var weeks []string
	for _, w := range p.Timeline {
		weeks = append(weeks, fmt.Sprintf("%s:%d", w.Start.Format(time.DateOnly), w.Count))
	}
	// Weeks start on Monday; the undated statement is in no week.
	if want := []string{"2024-11-25:2", "2024-12-02:1", "2025-03-10:2"}; !slices.Equal(weeks, want) {
		t.Errorf("timeline %q, want %q", weeks, want)
	}
	var ents []string
	for _, e := range p.TopEntities {
		ents = append(ents, fmt.Sprintf("%s:%d", e.Name, e.Count))
	}
	if want := []string{"Tokyo:2", "Japan:1"}; !slices.Equal(ents, want) {
		t.Errorf("top entities %q, want %q", ents, want)
	}
	if len(p.MostCited) == 0 || p.MostCited[0].Sightings != 3 {
		t.Errorf("most cited %+v", p.MostCited)
	}
	byID, err := st.Speaker(ctx, fmt.Sprint(p.ID))
	if err != nil || byID.Name != p.Name {
		t.Errorf("Speaker(id) = %+v, %v", byID, err)
	}
}

func testEntityPage(t *testing.T, st store.Store) {
	loadCorpus(t, st)
	p, err := st.Entity(context.Background(), "japan")
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Japan" || p.Type != saywho.EntityPlace || p.Articles != 2 || p.Statements != 2 {
		t.Errorf("entity %+v", p)
	}
	var sp []string
	for _, s := range p.Speakers {
		sp = append(sp, fmt.Sprintf("%s:%d", s.Name, s.Statements))
	}
	if want := []string{"Dmitry Peskov:1", "Shigeru Ishiba:1"}; !slices.Equal(sp, want) {
		t.Errorf("who talks about Japan: %q, want %q", sp, want)
	}
	if p, err := st.Entity(context.Background(), "Foreign Ministry"); err != nil || p.Name != "Russian Foreign Ministry" {
		t.Errorf("Entity(alias) = %+v, %v", p, err)
	}
}

func testExport(t *testing.T, st store.Store) {
	ctx := context.Background()
	loadCorpus(t, st)
	var ids []int64
	err := st.Export(ctx, store.Query{}, func(h *store.Hit) error {
		ids = append(ids, h.ID)
		if h.Text == "" || h.Article.Hash == "" {
			t.Errorf("exported hit %+v", h)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 9 || !slices.IsSorted(ids) {
		t.Errorf("exported ids %v, want 9 in order", ids)
	}
	n := 0
	if err := st.Export(ctx, store.Query{Text: "negotiations", Speaker: "Peskov"}, func(*store.Hit) error { n++; return nil }); err != nil || n != 4 {
		t.Errorf("filtered export: %d, %v; want 4", n, err)
	}
	stop := errors.New("stop here")
	n = 0
	err = st.Export(ctx, store.Query{}, func(*store.Hit) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("export stopped by fn: %d calls, %v", n, err)
	}
	n = 0
	if err := st.Export(ctx, store.Query{Limit: 4, Offset: 2}, func(*store.Hit) error { n++; return nil }); err != nil || n != 4 {
		t.Errorf("export with limit: %d, %v", n, err)
	}
}

func testConcurrent(t *testing.T, st store.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	docs := Generated(60)
	put(t, st, docs[:5]...)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func(r int) {
			defer wg.Done()
			last := 0
			for i := 0; ctx.Err() == nil; i++ {
				var n int
				switch (r + i) % 3 {
				case 0:
					res, err := st.Search(ctx, store.Query{Text: "budget", Limit: 100})
					if err != nil {
						errs <- fmt.Errorf("reader %d: %w", r, err)
						return
					}
					n = len(res.Hits)
					if n < last {
						errs <- fmt.Errorf("reader %d: %d hits after %d: a committed article vanished", r, n, last)
						return
					}
					last = n
				case 1:
					if _, err := st.Speakers(ctx, "", 10, 0); err != nil {
						errs <- fmt.Errorf("reader %d: %w", r, err)
						return
					}
				case 2:
					s, err := st.Stats(ctx)
					if err != nil {
						errs <- fmt.Errorf("reader %d: %w", r, err)
						return
					}
					if s.Statements != s.Articles {
						errs <- fmt.Errorf("reader %d: saw %d articles and %d statements: a half-written article", r, s.Articles, s.Statements)
						return
					}
				}
			}
		}(r)
	}
	for i := 5; i < len(docs); i += 5 {
		put(t, st, docs[i:i+5]...)
	}
	cancel()
	wg.Wait()
	close(errs)
	for err := range errs {
		if !errors.Is(err, context.Canceled) {
			t.Error(err)
		}
	}
	if s := stats(t, st); s.Articles != 60 || s.Statements != 60 {
		t.Errorf("after concurrent writes: %+v", s)
	}
}
