package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/saywho/saywho/extract"
	"github.com/saywho/saywho/store/postgres"
	"github.com/saywho/saywho/store/postgres/pgtest"
	"github.com/saywho/saywho/store/sqlite"
)

// BenchmarkIngestWorkers ingests PolNeAR train (840 articles, real
// extraction) into a new store per iteration, with 1 and 2 workers: into
// SQLite through Run (the in-process pool), and into PostgreSQL through
// RunQueue, as one process with that many workers and as that many
// processes of one worker each sharing the queue (RunQueue calls with
// their own connections, in this process). It reports articles per
// second. Needs ../shared/eval and, for PostgreSQL, SAYWHO_TEST_POSTGRES.
func BenchmarkIngestWorkers(b *testing.B) {
	fi, err := os.Stat(polnearTrain)
	if err != nil {
		b.Skipf("evaluation data not found (%v); it lives in ../shared/eval", err)
	}
	x := extract.New()
	ctx := context.Background()
	for _, mode := range []string{"sqlite", "postgres", "postgres-processes"} {
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/workers=%d", mode, workers), func(b *testing.B) {
				b.SetBytes(fi.Size())
				articles := 0
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					var sum Summary
					if mode == "sqlite" {
						st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "b.db"))
						if err != nil {
							b.Fatal(err)
						}
						b.StartTimer()
						sum, err = Run(ctx, NewFiles(polnearTrain), st, Options{Extractor: x, Workers: workers})
						b.StopTimer()
						st.Close()
						if err != nil {
							b.Fatal(err)
						}
						articles += sum.New
						continue
					}
					url := pgtest.URL(b)
					procs, perProc := 1, workers
					if mode == "postgres-processes" {
						procs, perProc = workers, 1
					}
					var dbs []*postgres.DB
					for p := 0; p < procs; p++ {
						db, err := postgres.Open(ctx, url)
						if err != nil {
							b.Fatal(err)
						}
						dbs = append(dbs, db)
					}
					sums := make([]Summary, procs)
					errs := make([]error, procs)
					var wg sync.WaitGroup
					b.StartTimer()
					for p, db := range dbs {
						wg.Add(1)
						go func() {
							defer wg.Done()
							sums[p], errs[p] = RunQueue(ctx, db, NewFiles(polnearTrain),
								QueueOptions{Options: Options{Extractor: x, Workers: perProc}, Worker: fmt.Sprint("bench-", p)})
						}()
					}
					wg.Wait()
					b.StopTimer()
					for p, db := range dbs {
						db.Close()
						if errs[p] != nil {
							b.Fatal(errs[p])
						}
						articles += sums[p].New
					}
				}
				b.ReportMetric(float64(articles)/b.Elapsed().Seconds(), "articles/s")
			})
		}
	}
}
