package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store/storetest"
)

// BenchmarkPut writes generated articles in batches of 1 (a commit per
// article, the baseline) and of 64 (what ingest does).
func BenchmarkPut(b *testing.B) {
	docs := storetest.Generated(4096)
	ans := make([]*saywho.Analysis, len(docs))
	var bytes int64
	for i, d := range docs {
		ans[i] = d.Analysis()
		bytes += int64(len(d.Text))
	}
	for _, batch := range []int{1, 64} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			ctx := context.Background()
			db, err := Open(ctx, filepath.Join(b.TempDir(), "b.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			b.SetBytes(bytes / int64(len(ans)))
			b.ResetTimer()
			for i := 0; i < b.N; i += batch {
				var bt []*saywho.Analysis
				for k := i; k < i+batch && k < b.N; k++ {
					a := *ans[k%len(ans)]
					art := *a.Article
					art.Text += fmt.Sprintf("\n%d", k) // a new article each time
					a.Article = &art
					bt = append(bt, &a)
				}
				if _, err := db.Put(ctx, bt); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}
