package server

import (
	"context"
	"fmt"
	"strings"
	"testing"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store"
	"github.com/saywho/saywho/store/postgres/pgtest"
	"github.com/saywho/saywho/store/storetest"

	_ "github.com/saywho/saywho/store/postgres"
)

// TestServeFromPostgres serves the fixture corpus from PostgreSQL, as
// `saywho serve --db postgres://...` does: the API and the pages answer
// as they do from the embedded store.
func TestServeFromPostgres(t *testing.T) {
	url := pgtest.URL(t) // skips without SAYWHO_TEST_POSTGRES
	ctx := context.Background()
	st, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var batch []*saywho.Analysis
	for _, d := range storetest.Fixtures() {
		batch = append(batch, d.Analysis())
	}
	put(t, st, batch...)
	h := serverOn(t, st, Options{})

	res := searchHits(t, h, "q=negotiations")
	if len(res.Hits) == 0 {
		t.Fatal("no hits for negotiations")
	}
	hit := res.Hits[0]
	for _, target := range []string{
		"/api/speakers",
		"/api/stats",
		fmt.Sprintf("/api/statements/%d", hit.ID),
		"/api/articles/" + hit.Article.Hash,
		"/",
		"/?q=negotiations",
		"/articles/" + hit.Article.Hash,
		"/speakers",
	} {
		if r := get(t, h, target); r.status != 200 {
			t.Errorf("GET %s: %d %.200s", target, r.status, r.body)
		}
	}
	if hit.SpeakerID != 0 {
		if r := get(t, h, fmt.Sprintf("/speakers/%d", hit.SpeakerID)); r.status != 200 || !strings.Contains(r.body, "<svg") {
			t.Errorf("speaker page: %d, chart present %v", r.status, strings.Contains(r.body, "<svg"))
		}
	}
	if r := get(t, h, "/api/search?q=negotiations&since=yesterday-ish"); r.status != 400 {
		t.Errorf("bad date: %d", r.status)
	}
}
