package server

import (
	"bytes"
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
	"github.com/saywho/saywho/internal/cputime"
	"github.com/saywho/saywho/store"
	"github.com/saywho/saywho/store/sqlite"
	"github.com/saywho/saywho/store/storetest"
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
// next run. The corpus is the store's benchmark corpus
// (storetest.PolNeAR: PolNeAR's training split, its annotated
// attributions as statements, in syndicated copies) with as many copies
// as make SAYWHO_LOAD_STATEMENTS statements (default 100,000); the
// searches are 2,000 distinct queries drawn from its statements
// (storetest.Queries, seed 7), so that no answer is served twice.
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
	sample := fill(t, st, want)
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
	var queries []string
	for _, q := range storetest.Queries(sample, 2000, 7) {
		queries = append(queries, "/api/search?"+queryValues(q).Encode())
	}

	// Facets and statistics are cached for a few seconds (Options.CacheTTL)
	// and the queries repeat, so the facet runs say "cached"; the
	// uncached server shows what counting costs each time.
	runs := []struct {
		name    string
		base    string
		targets []string
		n, c    int
	}{
		{"GET /api/search, one at a time", ts.URL, queries[:500], 500, 1},
		{"GET /api/search", ts.URL, queries, 2000, 16},
		{"GET /api/facets, uncached", uncached.URL, prefixed(queries, "/api/search", "/api/facets"), 2000, 16},
		{"GET /api/facets, cached", ts.URL, prefixed(queries, "/api/search", "/api/facets"), 2000, 16},
		{"GET / (search page), cached", ts.URL, prefixed(queries, "/api/search", "/"), 2000, 16},
		{"GET /api/statements/{id}", ts.URL, statementTargets(some.Hits), 2000, 16},
		{"GET /articles/{hash}", ts.URL, articleTargets(some.Hits), 2000, 16},
		{"GET /speakers/{id}", ts.URL, speakerTargets(speakers), 2000, 16},
	}
	for _, r := range runs {
		lat, elapsed, cpu, err := load(r.base, r.targets, r.n, r.c)
		if err != nil {
			t.Fatalf("%s: %v", r.name, err)
		}
		t.Logf("%-32s %4d requests, %2d at a time: %5.0f req/s  p50 %6.1f ms  p90 %6.1f ms  p99 %6.1f ms  max %6.1f ms  CPU %5.2f ms/request",
			r.name, r.n, r.c, float64(r.n)/elapsed.Seconds(), ms(pct(lat, 50)), ms(pct(lat, 90)), ms(pct(lat, 99)), ms(lat[len(lat)-1]),
			ms(cpu/time.Duration(r.n)))
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
// a warm-up over the first tenth of them; it returns the latencies,
// sorted, the wall time, and the CPU time the process spent (server and
// client: they share it).
func load(base string, targets []string, n, c int) ([]time.Duration, time.Duration, time.Duration, error) {
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
	for _, tg := range targets[:max(1, len(targets)/10)] {
		if _, err := get(tg); err != nil {
			return nil, 0, 0, err
		}
	}
	lat := make([]time.Duration, n)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	next := make(chan int)
	start, cpu := time.Now(), cputime.Process()
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
	elapsed, cpu := time.Since(start), cputime.Process()-cpu
	slices.Sort(lat)
	return lat, elapsed, cpu, firstErr
}

// queryValues is q as the API's URL parameters.
func queryValues(q store.Query) url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"q": q.Text, "speaker": q.Speaker, "entity": q.Entity,
		"outlet": q.Outlet, "kind": string(q.Kind)} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if !q.Since.IsZero() {
		v.Set("since", q.Since.Format(time.RFC3339Nano))
	}
	if !q.Until.IsZero() {
		// until is inclusive: the last instant before the exclusive end.
		v.Set("until", q.Until.Add(-time.Nanosecond).Format(time.RFC3339Nano))
	}
	return v
}

// fill stores copies of PolNeAR's training split until st holds want
// statements (nothing when it does already), and returns the first copy:
// the sample queries are drawn from.
func fill(t *testing.T, st *sqlite.DB, want int) []*saywho.Analysis {
	ctx := context.Background()
	raw, err := os.ReadFile(polnearTrain)
	if err != nil {
		t.Skipf("evaluation data not found (%v); the load run builds its store from it", err)
	}
	var sample []*saywho.Analysis
	perCopy := 0
	if err := storetest.PolNeAR(bytes.NewReader(raw), 1, func(a *saywho.Analysis) error {
		sample = append(sample, a)
		perCopy += len(a.Statements)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Statements >= want {
		return sample
	}
	copies := (want + perCopy - 1) / perCopy
	start := time.Now()
	var batch []*saywho.Analysis
	flush := func() error {
		res, err := st.Put(ctx, batch)
		for _, r := range res {
			err = errors.Join(err, r.Err)
		}
		batch = batch[:0]
		return err
	}
	err = storetest.PolNeAR(bytes.NewReader(raw), copies, func(a *saywho.Analysis) error {
		if batch = append(batch, a); len(batch) == 64 {
			return flush()
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = flush()
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("stored %d copies of %d articles (%d statements each copy) in %v", copies, len(sample), perCopy,
		time.Since(start).Round(time.Millisecond))
	return sample
}
