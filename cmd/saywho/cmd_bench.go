package main

import (
	"fmt"
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
)

var benchOpts struct {
	data    string
	minTime time.Duration
	workers int
}

var cmdBench = &cobra.Command{
	Use:   "bench",
	Short: "Measure extraction throughput",
	Long: `Bench extracts the articles of a JSONL file (the ../shared/eval format: one
document a line with a "text") over and over for at least --time, and
reports throughput in MB/s and articles/s: on one core, and on all cores,
for the full pipeline and for the rules alone, in the same run, with the
ratio between them. Reading (the text reader) is included, as in saywho
extract; the file is read once, before timing.

Ingest and search are measured by the Go benchmarks of the store packages
(docs/BENCHMARKS.md says how).`,
	Example: `  saywho bench --data ../shared/eval/polnear-dev.jsonl`,
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
		for _, p := range []struct {
			name string
			x    *extract.Extractor
		}{{"rules", extract.NewWith(extract.Options{RulesOnly: true})}, {"full", extract.New()}} {
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
		return tw.Flush()
	},
}

func init() {
	f := cmdBench.Flags()
	f.StringVar(&benchOpts.data, "data", "../shared/eval/polnear-train.jsonl", "JSONL articles to extract")
	f.DurationVar(&benchOpts.minTime, "time", 5*time.Second, "minimum time of each run")
	f.IntVar(&benchOpts.workers, "workers", 0, "cores for the parallel run (default: all)")
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
