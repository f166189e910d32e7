package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/article"
	"github.com/saywho/saywho/extract"
	"github.com/saywho/saywho/ingest"
	"github.com/saywho/saywho/store"
	"github.com/saywho/saywho/store/sqlite"
)

const polnearTrain = "../../shared/eval/polnear-train.jsonl"

// TestLoad is the bounded load run of docs/BENCHMARKS.md ("Web and API"):
// 2,000 requests, 16 at a time, over loopback HTTP, against a store of at
// least 100,000 statements made from real news, reporting latency
// percentiles per endpoint. It runs only when SAYWHO_LOAD is set:
//
//	SAYWHO_LOAD=1 go test ./server -run TestLoad -v -timeout 30m
//
// SAYWHO_LOAD_DB=path keeps the generated store there and reuses it on the
// next run. The corpus is PolNeAR's training split read and extracted once,
// then stored in copies (a marker line makes each copy a new article; each
// copy is dated 13 months later than the one before) until the store holds
// SAYWHO_LOAD_STATEMENTS statements (default 100,000).
func TestLoad(t *testing.T) {
	if os.Getenv("SAYWHO_LOAD") == "" {
		t.Skip("load run: set SAYWHO_LOAD=1 (and see docs/BENCHMARKS.md)")
	}
	want := 100_000
	if s := os.Getenv("SAYWHO_LOAD_STATEMENTS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("SAYWHO_LOAD_STATEMENTS=%q: %v", s, err)
		}
		want = n
	}
	path := os.Getenv("SAYWHO_LOAD_DB")
	if path == "" {
		path = filepath.Join(t.TempDir(), "load.db")
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	fill(t, st, want)
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("store: %d articles, %d statements, %d speakers, %d entities", stats.Articles, stats.Statements, stats.Speakers, stats.Entities)

	ts := httptest.NewServer(serverOn(t, st, Options{}))
	defer ts.Close()
	uncached := httptest.NewServer(serverOn(t, st, Options{CacheTTL: -1}))
	defer uncached.Close()
	speakers, err := st.Speakers(ctx, "", 30, 0)
	if err != nil {
		t.Fatal(err)
	}
	some, err := st.Search(ctx, store.Query{Text: "said", Limit: 200})
	if err != nil {
		t.Fatal(err)
	}

	// Searches as people type them: words, phrases, prefixes, exclusions,
	// OR, filters, and the browsing list without text.
	words := []string{"trump", "clinton", "immigration", "email*", `"the campaign"`, "debate -trump", "sanders OR cruz",
		"economy", "wall", "obama", `"white house"`, "polls", "voters said", "isis", "tax*", "women", "guns",
		"republican nominee", "foreign policy", "refugees", "bernie", "delegates", "super pac", "jobs", "russia"}
	var queries []string
	for i, w := range words {
		v := url.Values{"q": {w}}
		switch i % 5 {
		case 1:
			v.Set("kind", "direct")
		case 2:
			v.Set("speaker", speakers[i%len(speakers)].Name)
		case 3:
			v.Set("since", "2016-03")
			v.Set("until", "2018")
		case 4:
			v.Set("offset", "20")
		}
		queries = append(queries, "/api/search?"+v.Encode())
	}
	queries = append(queries, "/api/search", "/api/search?kind=indirect&offset=100",
		"/api/search?speaker="+url.QueryEscape(speakers[0].Name))

	// Facets and statistics are cached for a few seconds (Options.CacheTTL)
	// and the queries repeat, so the facet runs say "cached"; the
	// uncached server shows what counting costs each time.
	runs := []struct {
		name    string
		base    string
		targets []string
		n, c    int
	}{
		{"GET /api/search, one at a time", ts.URL, queries, 200, 1},
		{"GET /api/search", ts.URL, queries, 2000, 16},
		{"GET /api/facets, uncached", uncached.URL, prefixed(queries, "/api/search", "/api/facets"), 2000, 16},
		{"GET /api/facets, cached", ts.URL, prefixed(queries, "/api/search", "/api/facets"), 2000, 16},
		{"GET / (search page), cached", ts.URL, prefixed(queries, "/api/search", "/"), 2000, 16},
		{"GET /api/statements/{id}", ts.URL, statementTargets(some.Hits), 2000, 16},
		{"GET /articles/{hash}", ts.URL, articleTargets(some.Hits), 2000, 16},
		{"GET /speakers/{id}", ts.URL, speakerTargets(speakers), 2000, 16},
	}
	for _, r := range runs {
		lat, elapsed, err := load(r.base, r.targets, r.n, r.c)
		if err != nil {
			t.Fatalf("%s: %v", r.name, err)
		}
		t.Logf("%-32s %4d requests, %2d at a time: %5.0f req/s  p50 %6.1f ms  p90 %6.1f ms  p99 %6.1f ms  max %6.1f ms",
			r.name, r.n, r.c, float64(r.n)/elapsed.Seconds(), ms(pct(lat, 50)), ms(pct(lat, 90)), ms(pct(lat, 99)), ms(lat[len(lat)-1]))
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// pct is the p-th percentile of sorted latencies.
func pct(sorted []time.Duration, p int) time.Duration {
	i := (len(sorted)*p + 99) / 100
	return sorted[min(max(i-1, 0), len(sorted)-1)]
}

func prefixed(targets []string, from, to string) []string {
	out := make([]string, len(targets))
	for i, s := range targets {
		out[i] = to + s[len(from):]
	}
	return out
}

func statementTargets(hits []*store.Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, "/api/statements/"+strconv.FormatInt(h.ID, 10))
	}
	return out
}

func articleTargets(hits []*store.Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, "/articles/"+h.Article.Hash)
	}
	return out
}

func speakerTargets(sp []store.SpeakerSummary) []string {
	var out []string
	for _, s := range sp {
		out = append(out, "/speakers/"+strconv.FormatInt(s.ID, 10))
	}
	return out
}

// load sends n GET requests, c at a time, cycling through targets, after
// a warm-up of one pass over the targets; it returns the latencies,
// sorted, and the wall time.
func load(base string, targets []string, n, c int) ([]time.Duration, time.Duration, error) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: c}}
	get := func(target string) (time.Duration, error) {
		start := time.Now()
		resp, err := client.Get(base + target)
		if err != nil {
			return 0, err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err == nil && resp.StatusCode != 200 {
			err = fmt.Errorf("%s: status %d", target, resp.StatusCode)
		}
		return time.Since(start), err
	}
	for _, tg := range targets {
		if _, err := get(tg); err != nil {
			return nil, 0, err
		}
	}
	lat := make([]time.Duration, n)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	next := make(chan int)
	start := time.Now()
	for w := 0; w < c; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				d, err := get(targets[i%len(targets)])
				lat[i] = d
				if err != nil {
					mu.Lock()
					firstErr = errors.Join(firstErr, err)
					mu.Unlock()
				}
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	return lat, elapsed, firstErr
}

// fill stores copies of PolNeAR's training split until st holds want
// statements.
func fill(t *testing.T, st *sqlite.DB, want int) {
	ctx := context.Background()
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Statements >= want {
		return
	}
	if _, err := os.Stat(polnearTrain); err != nil {
		t.Skipf("evaluation data not found (%v); the load run builds its store from it", err)
	}
	start := time.Now()
	src := ingest.NewFiles(polnearTrain)
	defer src.Close()
	x := extract.New()
	var base []*saywho.Analysis
	perCopy := 0
	for {
		in, err := src.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		a, err := article.Read(in)
		if err != nil {
			t.Fatal(err)
		}
		an := x.Extract(a)
		perCopy += len(an.Statements)
		base = append(base, an)
	}
	if perCopy == 0 {
		t.Fatal("the extractor found no statement in PolNeAR")
	}
	t.Logf("extracted %d articles, %d statements, in %v", len(base), perCopy, time.Since(start).Round(time.Millisecond))
	start = time.Now()
	stored := stats.Statements
	for k := stats.Articles / len(base); stored < want; k++ {
		for i := 0; i < len(base); i += 64 {
			var batch []*saywho.Analysis
			for _, an := range base[i:min(i+64, len(base))] {
				batch = append(batch, copyAnalysis(an, k))
			}
			res, err := st.Put(ctx, batch)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range res {
				if r.Err != nil {
					t.Fatal(r.Err)
				}
				stored += r.Statements
			}
		}
	}
	t.Logf("stored up to %d statements in %v", stored, time.Since(start).Round(time.Millisecond))
}

// copyAnalysis is copy k of an analysis: its text with a marker line
// appended (so a new article; every span still points at the same words),
// its id suffixed, its dates 13 months later per copy.
func copyAnalysis(an *saywho.Analysis, k int) *saywho.Analysis {
	if k == 0 {
		return an
	}
	c := *an
	art := *an.Article
	art.Text += fmt.Sprintf("\n[copy %d]", k)
	art.ID = fmt.Sprintf("%s~%d", art.ID, k)
	if !art.Published.IsZero() {
		art.Published = art.Published.AddDate(0, 13*k, 0)
	}
	if !art.Updated.IsZero() {
		art.Updated = art.Updated.AddDate(0, 13*k, 0)
	}
	c.Article = &art
	return &c
}
