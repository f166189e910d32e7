package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store"
	"github.com/saywho/saywho/store/postgres"
	"github.com/saywho/saywho/store/postgres/pgtest"
	"github.com/saywho/saywho/store/sqlite"
	"github.com/saywho/saywho/store/storetest"
)

const polnearTrain = "../../../shared/eval/polnear-train.jsonl"

var errEnough = errors.New("enough")

// fill stores copies of PolNeAR train in st (see storetest.PolNeAR) with
// the given number of concurrent writers, unless st holds statements
// already, and returns a sample of the analyses to draw queries from and
// the write rate in statements per second (0 when it did not build).
func fill(b *testing.B, st store.Store, copies, writers int) ([]*saywho.Analysis, float64) {
	b.Helper()
	f, err := os.Open(polnearTrain)
	if err != nil {
		b.Skipf("evaluation data not found (%v); it lives in ../shared/eval", err)
	}
	defer f.Close()
	ctx := context.Background()
	s, err := st.Stats(ctx)
	if err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(polnearTrain)
	if err != nil {
		b.Fatal(err)
	}
	docs := strings.Count(strings.TrimSpace(string(data)), "\n") + 1 // one a line
	// A store left half built by an interrupted run is filled again:
	// what it holds already is skipped as duplicate.
	build := s.Articles < docs*copies*95/100
	batches := make(chan []*saywho.Analysis, writers)
	var wg sync.WaitGroup
	var werr error
	var mu sync.Mutex
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for bt := range batches {
				if _, err := st.Put(ctx, bt); err != nil {
					mu.Lock()
					werr = err
					mu.Unlock()
				}
			}
		}()
	}
	var sample, batch []*saywho.Analysis
	statements := 0
	start := time.Now()
	err = storetest.PolNeAR(f, copies, func(a *saywho.Analysis) error {
		if len(sample) < 840 {
			sample = append(sample, a)
		} else if !build {
			return errEnough
		}
		if !build {
			return nil
		}
		statements += len(a.Statements)
		batch = append(batch, a)
		if len(batch) == 256 {
			batches <- batch
			batch = nil
		}
		return nil
	})
	if len(batch) > 0 {
		batches <- batch
	}
	close(batches)
	wg.Wait()
	if err != nil && !errors.Is(err, errEnough) {
		b.Fatal(err)
	}
	if werr != nil {
		b.Fatal(werr)
	}
	if !build {
		return sample, 0
	}
	el := time.Since(start)
	rate := float64(statements) / el.Seconds()
	b.Logf("built: %d statements in %v (%.0f statements/s, %d writers)", statements, el.Round(time.Second), rate, writers)
	return sample, rate
}

// benchURL returns the database of SAYWHO_BENCH_PG, creating the schema
// its search_path names; the benchmark keeps it to run again.
func benchURL(b *testing.B) string {
	u := os.Getenv("SAYWHO_BENCH_PG")
	if u == "" {
		b.Skip("set SAYWHO_BENCH_PG to a postgres:// URL with ?search_path=SCHEMA (kept and reused) to run")
	}
	pu, err := url.Parse(u)
	if err != nil || pu.Query().Get("search_path") == "" {
		b.Fatal("SAYWHO_BENCH_PG: want a postgres:// URL with ?search_path=SCHEMA")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{pu.Query().Get("search_path")}.Sanitize()); err != nil {
		b.Fatal(err)
	}
	return u
}

// BenchmarkSearchMillion measures search latency over more than a million
// statements (51 copies of PolNeAR train) in PostgreSQL and, in the same
// run and with the same queries, in the embedded store, and reports both
// and their ratio. The stores are built on the first run and kept:
//
//	SAYWHO_BENCH_PG='postgres://saywho:saywho@127.0.0.1/saywho_test?sslmode=disable&search_path=million' \
//	SAYWHO_BENCH_1M=/tmp/million.db \
//	go test ./store/postgres -run XXX -bench SearchMillion -benchtime 1x -timeout 2h
func BenchmarkSearchMillion(b *testing.B) {
	u := benchURL(b)
	path := os.Getenv("SAYWHO_BENCH_1M")
	if path == "" {
		b.Skip("set SAYWHO_BENCH_1M to an SQLite database path (kept and reused) to run")
	}
	ctx := context.Background()
	pg, err := postgres.Open(ctx, u)
	if err != nil {
		b.Fatal(err)
	}
	defer pg.Close()
	lite, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer lite.Close()
	// One writer each, batches of 256: BenchmarkPut compares writers.
	sample, pgRate := fill(b, pg, 51, 1)
	_, liteRate := fill(b, lite, 51, 1)
	if pgRate > 0 && liteRate > 0 {
		b.Logf("build: postgres %.0f statements/s, sqlite %.0f statements/s: ratio %.2f", pgRate, liteRate, pgRate/liteRate)
	}
	for _, st := range []store.Store{pg, lite} {
		s, err := st.Stats(ctx)
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%T: %d articles, %d statements, %d speakers", st, s.Articles, s.Statements, s.Speakers)
	}
	qs := storetest.Queries(sample, 1000, 7)
	b.ResetTimer()
	var all [2][]time.Duration
	for i := 0; i < b.N; i++ {
		for k, st := range []store.Store{pg, lite} {
			lat, err := storetest.Latency(ctx, st, qs)
			if err != nil {
				b.Fatal(err)
			}
			all[k] = append(all[k], lat...)
		}
	}
	b.StopTimer()
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	for k, name := range []string{"pg", "sqlite"} {
		slices.Sort(all[k])
		b.ReportMetric(ms(storetest.Percentile(all[k], 50)), name+"-p50-ms")
		b.ReportMetric(ms(storetest.Percentile(all[k], 99)), name+"-p99-ms")
		b.ReportMetric(ms(all[k][len(all[k])-1]), name+"-max-ms")
	}
	b.ReportMetric(float64(storetest.Percentile(all[0], 50))/float64(storetest.Percentile(all[1], 50)), "p50-ratio")
	b.ReportMetric(float64(storetest.Percentile(all[0], 99))/float64(storetest.Percentile(all[1], 99)), "p99-ratio")
	// The slowest PostgreSQL queries, to see what to improve.
	type slow struct {
		d time.Duration
		q store.Query
	}
	var worst []slow
	for _, q := range qs {
		start := time.Now()
		pg.Search(ctx, q)
		worst = append(worst, slow{time.Since(start), q})
	}
	slices.SortFunc(worst, func(a, b slow) int { return int(b.d - a.d) })
	for _, w := range worst[:10] {
		b.Logf("pg %v  %s", w.d.Round(time.Millisecond), describe(w.q))
	}
}

func describe(q store.Query) string {
	var s []string
	if q.Text != "" {
		s = append(s, fmt.Sprintf("text=%q", q.Text))
	}
	if q.Speaker != "" {
		s = append(s, "speaker="+q.Speaker)
	}
	if q.Outlet != "" {
		s = append(s, "outlet="+q.Outlet)
	}
	if q.Kind != "" {
		s = append(s, "kind="+string(q.Kind))
	}
	if !q.Since.IsZero() {
		s = append(s, "since="+q.Since.Format(time.DateOnly))
	}
	return strings.Join(s, " ")
}

// BenchmarkPut writes generated articles in batches of 64 (what ingest
// does) with one and two concurrent writers, into PostgreSQL and the
// embedded store, and reports articles per second.
func BenchmarkPut(b *testing.B) {
	docs := storetest.Generated(4096)
	ans := make([]*saywho.Analysis, len(docs))
	for i, d := range docs {
		ans[i] = d.Analysis()
	}
	ctx := context.Background()
	for _, kind := range []string{"postgres", "sqlite"} {
		for _, writers := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/writers=%d", kind, writers), func(b *testing.B) {
				var st store.Store
				var err error
				if kind == "postgres" {
					st, err = postgres.Open(ctx, pgtest.URL(b))
				} else {
					st, err = sqlite.Open(ctx, filepath.Join(b.TempDir(), "b.db"))
				}
				if err != nil {
					b.Fatal(err)
				}
				defer st.Close()
				b.ResetTimer()
				var wg sync.WaitGroup
				next := make(chan int)
				for w := 0; w < writers; w++ {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for i := range next {
							var bt []*saywho.Analysis
							for k := i; k < i+64 && k < b.N; k++ {
								a := *ans[k%len(ans)]
								art := *a.Article
								art.Text += fmt.Sprintf("\n%d", k) // a new article each time
								a.Article = &art
								bt = append(bt, &a)
							}
							if _, err := st.Put(ctx, bt); err != nil {
								b.Error(err)
							}
						}
					}()
				}
				for i := 0; i < b.N; i += 64 {
					next <- i
				}
				close(next)
				wg.Wait()
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
			})
		}
	}
}
