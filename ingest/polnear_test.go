package ingest

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/saywho/saywho/store"
	"github.com/saywho/saywho/store/sqlite"
)

// TestPolNeARTwice is issue 4's acceptance check, end to end with the real
// reader and extractor: ingesting PolNeAR train twice leaves the same rows,
// and the stored statements are found by their words, their speaker and
// their date.
func TestPolNeARTwice(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests 840 articles; skipped in -short")
	}
	if _, err := os.Stat(polnearTrain); err != nil {
		t.Skipf("evaluation data not found (%v); it lives in ../shared/eval", err)
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "polnear.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	first, err := Run(ctx, NewFiles(polnearTrain), st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if first.Failed != 0 || first.New == 0 || first.Statements == 0 {
		t.Fatalf("first run: %+v", first)
	}
	s1, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	second, err := Run(ctx, NewFiles(polnearTrain), st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s2, _ := st.Stats(ctx)
	if second.New != 0 || second.Statements != 0 || second.Duplicate != first.Inputs-first.Failed || s2 != s1 {
		t.Errorf("second run: %+v\nstats %+v, after the first %+v", second, s2, s1)
	}
	t.Logf("%d articles, %d statements, %d speakers", s1.Articles, s1.Statements, s1.Speakers)

	// By speaker: the one with most statements.
	sp, err := st.Speakers(ctx, "", 1, 0)
	if err != nil || len(sp) == 0 {
		t.Fatalf("speakers: %v, %v", sp, err)
	}
	res, err := st.Search(ctx, store.Query{Speaker: sp[0].Name, Limit: 5})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("by speaker %q: %+v, %v", sp[0].Name, res, err)
	}
	h := res.Hits[0]
	// By its words: the statement's two longest words find it.
	words := strings.Fields(store.NormalizeQuote(h.Text))
	sort.Slice(words, func(i, j int) bool { return len(words[i]) > len(words[j]) })
	text := strings.Join(words[:min(2, len(words))], " ")
	found := false
	err = st.Export(ctx, store.Query{Text: text}, func(x *store.Hit) error {
		found = found || x.ID == h.ID
		return nil
	})
	if err != nil || !found {
		t.Errorf("statement %d (%q) not found by %q: %v", h.ID, h.Text, text, err)
	}
	// By date: the day it was published.
	if h.Article.Published == nil {
		t.Fatalf("statement %d has no date", h.ID)
	}
	day := h.Article.Published.Truncate(24 * time.Hour)
	found = false
	err = st.Export(ctx, store.Query{Since: day, Until: day.AddDate(0, 0, 1)}, func(x *store.Hit) error {
		found = found || x.ID == h.ID
		if x.Article.Published == nil || x.Article.Published.Before(day) || !x.Article.Published.Before(day.AddDate(0, 0, 1)) {
			t.Errorf("statement %d of %v in the search for %v", x.ID, x.Article.Published, day)
		}
		return nil
	})
	if err != nil || !found {
		t.Errorf("statement %d not found by its day %v: %v", h.ID, day, err)
	}
}
