package ingest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/article"
	"github.com/saywho/saywho/extract"
	"github.com/saywho/saywho/internal/cputime"
	"github.com/saywho/saywho/store/sqlite"
)

const polnearTrain = "../../shared/eval/polnear-train.jsonl"

// BenchmarkIngestPolNeAR ingests the PolNeAR training split (840 articles)
// into a new SQLite store per iteration and reports articles per second:
// with the real extraction, and with none (what reading and storing cost).
// Skipped when the evaluation data is absent.
func BenchmarkIngestPolNeAR(b *testing.B) {
	fi, err := os.Stat(polnearTrain)
	if err != nil {
		b.Skipf("evaluation data not found (%v); it lives in ../shared/eval", err)
	}
	for _, bc := range []struct {
		name string
		x    Extractor
	}{{"extract", extract.New()}, {"no-extraction", noExtraction{}}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(fi.Size())
			articles := 0
			cpu0 := cputime.Process()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				st, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "b.db"))
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				sum, err := Run(context.Background(), NewFiles(polnearTrain), st, Options{Extractor: bc.x})
				if err != nil {
					b.Fatal(err)
				}
				articles += sum.Inputs
				b.StopTimer()
				st.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(articles)/b.Elapsed().Seconds(), "articles/s")
			reportCPU(b, cputime.Process()-cpu0, articles)
		})
	}
}

type noExtraction struct{}

func (noExtraction) Extract(a *saywho.Article) *saywho.Analysis { return &saywho.Analysis{Article: a} }

// BenchmarkPutPolNeAR times only the store's side of ingesting PolNeAR:
// the articles are read and extracted before the clock starts.
func BenchmarkPutPolNeAR(b *testing.B) {
	if _, err := os.Stat(polnearTrain); err != nil {
		b.Skipf("evaluation data not found (%v); it lives in ../shared/eval", err)
	}
	var ans []*saywho.Analysis
	src := NewFiles(polnearTrain)
	x := extract.New()
	for {
		in, err := src.Next(context.Background())
		if err != nil {
			break
		}
		a, err := article.Read(in)
		if err != nil {
			b.Fatal(err)
		}
		ans = append(ans, x.Extract(a))
	}
	b.ResetTimer()
	cpu0 := cputime.Process()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "b.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for k := 0; k < len(ans); k += 64 {
			if _, err := st.Put(context.Background(), ans[k:min(k+64, len(ans))]); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.N*len(ans))/b.Elapsed().Seconds(), "articles/s")
	reportCPU(b, cputime.Process()-cpu0, b.N*len(ans))
}

// reportCPU reports the process's CPU time per article, opening and
// closing stores included. On this shared machine the wall clock swings
// with other tenants' load; CPU time much less, and two cores' worth of
// it bounds the rate from above.
func reportCPU(b *testing.B, cpu time.Duration, articles int) {
	if cpu > 0 && articles > 0 {
		b.ReportMetric(cpu.Seconds()*1000/float64(articles), "cpu-ms/article")
	}
}

// BenchmarkParseLine reads PolNeAR train's JSON lines: most of each line
// is the annotation, which the reader skips.
func BenchmarkParseLine(b *testing.B) {
	data, err := os.ReadFile(polnearTrain)
	if err != nil {
		b.Skipf("evaluation data not found (%v); it lives in ../shared/eval", err)
	}
	lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
	b.SetBytes(int64(len(data)) / int64(len(lines)))
	for i := 0; b.Loop(); i++ {
		if _, err := parseLine(lines[i%len(lines)], "train.jsonl:1"); err != nil {
			b.Fatal(err)
		}
	}
}
