package sqlite

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/identity"
	"github.com/saywho/saywho/store"
	"github.com/saywho/saywho/store/storetest"
)

// TestSpeakerListing checks that listing a speaker's statements through
// the speaker index (speakerListing) gives the pages that going by the
// speaker's tags gives: merged speakers, date ranges, undated statements
// and pages past the first included.
func TestSpeakerListing(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "l.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	gen := storetest.Generated(200)
	docs := slices.Clone(gen)
	for i := range docs {
		docs[i].Published = gen[i*37%len(gen)].Published // dates out of id order
		if i < 40 {
			docs[i].Published = "" // undated
		}
	}
	docs = append(docs, storetest.Fixtures()...)
	var batch []*saywho.Analysis
	for _, d := range docs {
		batch = append(batch, d.Analysis())
	}
	if _, err := db.Put(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if err := db.AddRule(ctx, identity.Rule{Kind: identity.Merge, Names: []string{"Minister 1", "Minister 2"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Identify(ctx); err != nil {
		t.Fatal(err)
	}
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	var queries []store.Query
	for _, sp := range []string{"Minister 0", "Minister 1", "Minister 2", "Dmitry Peskov", "nobody at all"} {
		for _, dates := range [][2]string{{"", ""}, {"2020-03-01", ""}, {"", "2020-06-01"}, {"2020-02-01", "2020-09-01"}} {
			for _, page := range [][2]int{{5, 0}, {20, 0}, {7, 14}, {50, 100}} {
				q := store.Query{Speaker: sp, Limit: page[0], Offset: page[1]}
				if dates[0] != "" {
					q.Since = day(dates[0])
				}
				if dates[1] != "" {
					q.Until = day(dates[1])
				}
				queries = append(queries, q)
			}
		}
	}
	ids := func(q store.Query) ([]int64, bool) {
		res, err := db.Search(ctx, q)
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		var ids []int64
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		return ids, res.More
	}
	nonEmpty := 0
	for _, q := range queries {
		got, gotMore := ids(q)
		speakerIndex = false
		want, wantMore := ids(q)
		speakerIndex = true
		if !slices.Equal(got, want) || gotMore != wantMore {
			t.Errorf("%+v: by the index %v (more %v), by tags %v (more %v)", q, got, gotMore, want, wantMore)
		}
		if len(want) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty < len(queries)/2 {
		t.Errorf("only %d of %d queries found statements", nonEmpty, len(queries))
	}
}
