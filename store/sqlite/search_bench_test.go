package sqlite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/internal/cputime"
	"github.com/saywho/saywho/store"
	"github.com/saywho/saywho/store/storetest"
)

const polnearTrain = "../../../shared/eval/polnear-train.jsonl"

// buildPolNeAR fills the store at path with copies of PolNeAR train (see
// storetest.PolNeAR) unless it already holds them, and returns a sample
// of the analyses for drawing queries.
func buildPolNeAR(b *testing.B, path string, copies int) (*DB, []*saywho.Analysis) {
	b.Helper()
	f, err := os.Open(polnearTrain)
	if err != nil {
		b.Skipf("evaluation data not found (%v); it lives in ../shared/eval", err)
	}
	defer f.Close()
	ctx := context.Background()
	_, statErr := os.Stat(path)
	db, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	build := os.IsNotExist(statErr)
	var sample, batch []*saywho.Analysis
	start := time.Now()
	statements := 0
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
			_, err := db.Put(ctx, batch)
			batch = batch[:0]
			return err
		}
		return nil
	})
	if err != nil && err != errEnough {
		b.Fatal(err)
	}
	if len(batch) > 0 {
		if _, err := db.Put(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	if build {
		el := time.Since(start)
		b.Logf("built %s: %d statements in %v (%.0f statements/s)", path, statements, el.Round(time.Second), float64(statements)/el.Seconds())
	}
	return db, sample
}

var errEnough = fmt.Errorf("enough")

// BenchmarkSearch compares ranked full-text search (FTS5, bm25) with the
// baseline a store without an index would do (a LIKE scan, newest first)
// over 3 copies of PolNeAR train (about 60,000 statements).
func BenchmarkSearch(b *testing.B) {
	db, sample := buildPolNeAR(b, filepath.Join(b.TempDir(), "s.db"), 3)
	defer db.Close()
	ctx := context.Background()
	var words []string
	for _, q := range storetest.Queries(sample, 400, 1) {
		if q.Speaker == "" && q.Outlet == "" && q.Kind == "" && q.Since.IsZero() && q.Text != "" && !strings.ContainsAny(q.Text, `"* `) {
			words = append(words, q.Text)
		}
	}
	b.Run("fts", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := db.Search(ctx, store.Query{Text: words[i%len(words)]}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("like-scan", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			rows, err := db.r.QueryContext(ctx, `SELECT s.id FROM statements s WHERE s.text LIKE ?
				ORDER BY s.published DESC LIMIT 20`, "%"+words[i%len(words)]+"%")
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
			}
			rows.Close()
		}
	})
}

// BenchmarkSearchMillion measures search latency over a store of more
// than a million statements: 51 copies of PolNeAR train. Building it takes
// minutes, so it runs only when SAYWHO_BENCH_1M names the database file to
// use (built on the first run, reused after):
//
//	SAYWHO_BENCH_1M=/tmp/million.db go test ./store/sqlite -run XXX -bench SearchMillion -benchtime 1x
func BenchmarkSearchMillion(b *testing.B) {
	path := os.Getenv("SAYWHO_BENCH_1M")
	if path == "" {
		b.Skip("set SAYWHO_BENCH_1M to a database path to run")
	}
	db, sample := buildPolNeAR(b, path, 51)
	defer db.Close()
	ctx := context.Background()
	s, err := db.Stats(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("store: %d articles, %d statements, %d speakers", s.Articles, s.Statements, s.Speakers)
	qs := storetest.Queries(sample, 1000, 7)
	b.ResetTimer()
	var all []time.Duration
	// CPU time as well as wall time: on a machine shared with other work,
	// the wall time of a query includes waiting for a core.
	before := cputime.Process()
	for i := 0; i < b.N; i++ {
		lat, err := storetest.Latency(ctx, db, qs)
		if err != nil {
			b.Fatal(err)
		}
		all = append(all, lat...)
	}
	cpu := (cputime.Process() - before) / time.Duration(b.N*len(qs)*11/10)
	b.StopTimer()
	b.ReportMetric(float64(cpu.Microseconds())/1000, "cpu-ms/query")
	// And each query's CPU time on its own thread: its cost without the
	// waits for a core that a shared machine adds to wall time.
	runtime.LockOSThread()
	var perQuery []time.Duration
	for _, q := range qs {
		t0 := cputime.Thread()
		if _, err := db.Search(ctx, q); err != nil {
			b.Fatal(err)
		}
		perQuery = append(perQuery, cputime.Thread()-t0)
	}
	runtime.UnlockOSThread()
	slices.Sort(perQuery)
	b.ReportMetric(float64(storetest.Percentile(perQuery, 50).Microseconds())/1000, "cpu-p50-ms")
	b.ReportMetric(float64(storetest.Percentile(perQuery, 99).Microseconds())/1000, "cpu-p99-ms")
	slices.Sort(all)
	b.ReportMetric(float64(storetest.Percentile(all, 50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(storetest.Percentile(all, 99).Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(all[len(all)-1].Microseconds())/1000, "max-ms")
	// The slowest queries, to see what to improve.
	type slow struct {
		d time.Duration
		q store.Query
	}
	var worst []slow
	for _, q := range qs {
		start := time.Now()
		db.Search(ctx, q)
		worst = append(worst, slow{time.Since(start), q})
	}
	sortSlow := func(a, b slow) int { return int(b.d - a.d) }
	slices.SortFunc(worst, sortSlow)
	for _, w := range worst[:8] {
		b.Logf("%v  %+v", w.d.Round(time.Millisecond), w.q)
	}
}
