package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store"
	"github.com/saywho/saywho/store/postgres"
	"github.com/saywho/saywho/store/postgres/pgtest"
	"github.com/saywho/saywho/store/storetest"
)

// TestSearchSyntax checks what the PostgreSQL index makes of queries
// beyond the conformance suite: word splitting as store.ParseText does
// it, stemming, stop words, and the precedence of OR and exclusions.
func TestSearchSyntax(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	var docs []storetest.Doc
	for i, s := range []string{
		"U.S. officials expected the vote by 3.5 percent",
		"the theory of negotiations was sound",
		"a negotiation over the war would start",
		"peace was near and the war was over",
		"rain would fall on the capital",
		"snow and peace would come together",
	} {
		docs = append(docs, storetest.Doc{ID: fmt.Sprint("s", i), Text: "Ann said " + s + ".\n",
			Statements: []storetest.Stmt{{Kind: saywho.Indirect, Content: s, Mention: "Ann", Cue: "said", Speaker: "Ann"}}})
	}
	if _, err := db.Put(ctx, analyses(docs)); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		q    string
		want []int // docs, sorted
	}{
		{"U.S.", []int{0}},
		{"u.s. officials", []int{0}},
		{"3.5", []int{0}},
		{`"3.5 percent"`, []int{0}},
		{"negotiation", []int{1, 2}}, // stemmed: both forms
		{"negotiations*", []int{1, 2}},
		{"the*", []int{1}}, // a stop word as a prefix: "theory"
		{"the", nil},       // only a stop word: nothing to look for
		{"the -war", nil},  // only an exclusion left: nothing, not a scan
		{"-war peace", []int{5}},
		{"peace -war", []int{5}},
		{"rain OR snow peace", []int{4, 5}},
		{"rain OR peace war", []int{3, 4}},
		{"snow peace OR rain", []int{4, 5}},
		{`"war would start"`, []int{2}},
		{`"the war"`, []int{2, 3}},
		{`"peace was"*`, []int{3, 5}}, // a stop word ends the phrase: not in the index
		{`"peace was ne"*`, []int{3}},
		{`"we would"`, []int{2, 4, 5}}, // a leading stop word is dropped
		{"ne*", []int{1, 2, 3}},
	}
	for _, c := range cases {
		r, err := db.Search(ctx, store.Query{Text: c.q, Limit: 100})
		if err != nil {
			t.Errorf("search %q: %v", c.q, err)
			continue
		}
		var got []int
		for _, h := range r.Hits {
			var n int
			fmt.Sscanf(h.Article.ID, "s%d", &n)
			got = append(got, n)
		}
		if fmt.Sprint(sorted(got)) != fmt.Sprint(c.want) {
			t.Errorf("search %q: docs %v, want %v", c.q, sorted(got), c.want)
		}
	}
}

func sorted(v []int) []int {
	for i := 1; i < len(v); i++ {
		for j := i; j > 0 && v[j] < v[j-1]; j-- {
			v[j], v[j-1] = v[j-1], v[j]
		}
	}
	if len(v) == 0 {
		return nil
	}
	return v
}

// FuzzSearch checks that no search text reaches PostgreSQL as syntax:
// whatever is typed, Search returns results or ErrBadQuery.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"peace", `"peace talks"`, "peace*", "rain OR snow", "peace -war", `'quoted' & !x`,
		`a:* | b`, `"unclosed`, `*`, `a <-> b`, `\'`, `"""`, "Tokyo’s", "«paix» -„krieg“", "- -- -* OR OR", "the*", "U.S."} {
		f.Add(s)
	}
	ctx := context.Background()
	db, err := postgres.Open(ctx, pgtest.URL(f))
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Put(ctx, analyses(storetest.Generated(20))); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		_, err := db.Search(ctx, store.Query{Text: text, Limit: 5})
		if err != nil && !errors.Is(err, store.ErrBadQuery) {
			t.Fatalf("Search(%q): %v", text, err)
		}
	})
}

// TestRankCap stores more statements naming a word than a search ranks:
// the search says it is capped, and ranks the newest RankCap of them.
func TestRankCap(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	docs := analyses(storetest.Generated(postgres.RankCap + 10))
	for i := 0; i < len(docs); i += 500 {
		if _, err := db.Put(ctx, docs[i:min(i+500, len(docs))]); err != nil {
			t.Fatal(err)
		}
	}
	r, err := db.Search(ctx, store.Query{Text: "budget", Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Capped || !r.More || len(r.Hits) != 5 {
		t.Errorf("common word: capped %v, more %v, %d hits; want capped, more, 5", r.Capped, r.More, len(r.Hits))
	}
	var oldest int64 = 1 << 62
	err = db.Export(ctx, store.Query{Text: "budget"}, func(h *store.Hit) error {
		oldest = min(oldest, h.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range r.Hits {
		if h.ID < oldest+10 {
			t.Errorf("hit %d is among the 10 oldest matches: not ranked when capped", h.ID)
		}
	}
	r, err = db.Search(ctx, store.Query{Text: `"project 17"`})
	if err != nil || r.Capped || len(r.Hits) != 1 {
		t.Errorf("rare phrase: %+v, %v; want one hit, not capped", r, err)
	}
}
