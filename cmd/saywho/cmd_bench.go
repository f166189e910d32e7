package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/article"
	"github.com/saywho/saywho/eval"
	"github.com/saywho/saywho/extract"
	"github.com/saywho/saywho/ingest"
	"github.com/saywho/saywho/internal/cputime"
	"github.com/saywho/saywho/store/sqlite"
)

var benchOpts struct {
	data    string
	minTime time.Duration
	workers int
	ingest  bool
}

var cmdBench = &cobra.Command{
	Use:   "bench",
	Short: "Measure extraction and ingest throughput",
	Long: `Bench extracts the articles of a JSONL file (the ../shared/eval format: one
document a line with a "text") over and over for at least --time, and
reports throughput in MB/s and articles/s: on one core, and on all cores,
for the full pipeline and for the rules alone, in the same run, with the
ratio between them. Reading (the text reader) is included, as in saywho
extract; the file is read once, before timing.

With --ingest it then ingests the file into a new embedded store, again
and again for at least --time, with each pipeline: articles/s (reading,
extraction and storing, the store's closing included; identities left
out) and the CPU time an article costs. The CPU time is the figure to
compare across runs on a machine shared with other work, whose load
moves the wall clock.

Search is measured by the Go benchmarks of the store package
(docs/BENCHMARKS.md says how).`,
	Example: `  saywho bench --data ../shared/eval/polnear-dev.jsonl
  saywho bench --ingest --time 10s`,
	RunE: func(cmd *cobra.Command, args []string) error {
		var texts []string
		var total int
		err := eval.ReadGold(benchOpts.data, func(d *eval.Doc) error {
			texts = append(texts, d.Text)
			total += len(d.Text)
			return nil
		})
		if err != nil {
			return err
		}
		if len(texts) == 0 {
			return fmt.Errorf("%s: no documents", benchOpts.data)
		}
		out := cmd.OutOrStdout()
		fmt.Fprintf(out, "%s: %d articles, %.2f MB; GOMAXPROCS %d; at least %s a run\n\n",
			benchOpts.data, len(texts), float64(total)/1e6, runtime.GOMAXPROCS(0), benchOpts.minTime)
		workers := benchOpts.workers
		if workers <= 0 {
			workers = runtime.GOMAXPROCS(0)
		}
		type row struct {
			name    string
			cores   int
			mbs, as float64
		}
		var rows []row
		pipelines := []struct {
			name string
			x    *extract.Extractor
		}{{"rules", extract.NewWith(extract.Options{RulesOnly: true})}, {"full", extract.New()}}
		for _, p := range pipelines {
			for _, n := range []int{1, workers} {
				mbs, as := benchRun(p.x, texts, total, n, benchOpts.minTime)
				rows = append(rows, row{p.name, n, mbs, as})
				if workers == 1 {
					break
				}
			}
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "pipeline\tcores\tMB/s\tarticles/s\tMB/s per core\tvs rules\t")
		for _, r := range rows {
			base := r.mbs
			for _, b := range rows {
				if b.name == "rules" && b.cores == r.cores {
					base = b.mbs
				}
			}
			fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.0f\t%.2f\t%.2fx\t\n", r.name, r.cores, r.mbs, r.as, r.mbs/float64(r.cores), r.mbs/base)
		}
		if err := tw.Flush(); err != nil || !benchOpts.ingest {
			return err
		}
		fmt.Fprintf(out, "\ningest into a new embedded store, %d workers:\n\n", workers)
		tw = tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "pipeline\truns\tarticles/s\tCPU ms/article\tvs rules\t")
		var rulesRate float64
		for _, p := range pipelines {
			r, err := benchIngest(cmd.Context(), benchOpts.data, p.x, workers, benchOpts.minTime)
			if err != nil {
				return err
			}
			if p.name == "rules" {
				rulesRate = r.perSec
			}
			cpu := "-"
			if r.cpu > 0 {
				cpu = fmt.Sprintf("%.2f", r.cpu.Seconds()*1000/float64(r.articles))
			}
			fmt.Fprintf(tw, "%s\t%d\t%.0f\t%s\t%.2fx\t\n", p.name, r.runs, r.perSec, cpu, r.perSec/rulesRate)
		}
		return tw.Flush()
	},
}

// ingestResult is what benchIngest measured.
type ingestResult struct {
	runs, articles int
	perSec         float64       // articles a second of wall time
	cpu            time.Duration // the process's, 0 where not read
}

// benchIngest ingests the file at path into a new store in a temporary
// directory, again for at least minTime, and sums up the runs.
func benchIngest(ctx context.Context, path string, x ingest.Extractor, workers int, minTime time.Duration) (ingestResult, error) {
	var r ingestResult
	dir, err := os.MkdirTemp("", "saywho-bench-")
	if err != nil {
		return r, err
	}
	defer os.RemoveAll(dir)
	var wall time.Duration
	for wall < minTime || r.runs == 0 {
		db := filepath.Join(dir, fmt.Sprintf("run%d.db", r.runs))
		start, cpu := time.Now(), cputime.Process()
		st, err := sqlite.Open(ctx, db)
		if err != nil {
			return r, err
		}
		sum, err := ingest.Run(ctx, ingest.NewFiles(path), st, ingest.Options{Extractor: x, Workers: workers})
		if cerr := st.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return r, fmt.Errorf("ingest %s: %w", path, err)
		}
		if sum.Failed > 0 {
			return r, fmt.Errorf("ingest %s: %d of %d articles failed", path, sum.Failed, sum.Inputs)
		}
		wall += time.Since(start)
		r.cpu += cputime.Process() - cpu
		r.runs++
		r.articles += sum.Inputs
		for _, f := range []string{db, db + "-wal", db + "-shm"} {
			if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
				return r, err
			}
		}
	}
	r.perSec = float64(r.articles) / wall.Seconds()
	return r, nil
}

func init() {
	f := cmdBench.Flags()
	f.StringVar(&benchOpts.data, "data", "../shared/eval/polnear-train.jsonl", "JSONL articles to extract")
	f.DurationVar(&benchOpts.minTime, "time", 5*time.Second, "minimum time of each run")
	f.IntVar(&benchOpts.workers, "workers", 0, "cores for the parallel run (default: all)")
	f.BoolVar(&benchOpts.ingest, "ingest", false, "also measure ingesting the file into a new embedded store")
	cmdRoot.AddCommand(cmdBench)
}

// benchRun extracts texts with n goroutines, in passes over the whole set,
// until at least minTime has passed, and returns MB/s and articles/s.
func benchRun(x *extract.Extractor, texts []string, total, n int, minTime time.Duration) (mbs, perSec float64) {
	// One untimed pass to load models and warm caches.
	for _, t := range texts[:min(len(texts), 20)] {
		benchOne(x, t)
	}
	start := time.Now()
	var docs, bytes int64
	for time.Since(start) < minTime {
		var next atomic.Int64
		var wg sync.WaitGroup
		for w := 0; w < n; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := next.Add(1) - 1
					if i >= int64(len(texts)) {
						return
					}
					benchOne(x, texts[i])
				}
			}()
		}
		wg.Wait()
		docs += int64(len(texts))
		bytes += int64(total)
	}
	secs := time.Since(start).Seconds()
	return float64(bytes) / 1e6 / secs, float64(docs) / secs
}

func benchOne(x *extract.Extractor, text string) *saywho.Analysis {
	a, err := article.ParseText(article.Input{ID: "bench", Name: "bench", Body: []byte(text)})
	if err != nil {
		return nil
	}
	return x.Extract(a)
}
