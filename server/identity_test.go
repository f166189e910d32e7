package server

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/saywho/saywho/store"
	"github.com/saywho/saywho/store/storetest"
)

// TestIdentityPages checks that the speaker and entity pages and the API
// show corpus identities: one Dmitry Peskov under his spellings, surname
// and role; Kyiv for Kiev; the Russian presidency with the Kremlin as its
// metonym.
func TestIdentityPages(t *testing.T) {
	st := openStore(t)
	put(t, st, storetest.IdentityFixtures()...)
	if _, err := st.Identify(context.Background()); err != nil {
		t.Fatal(err)
	}
	h := serverOn(t, st, Options{})

	var sp store.SpeakerPage
	r := get(t, h, "/api/speakers/"+url.PathEscape("Dmitri Peskov"))
	if r.status != 200 {
		t.Fatalf("speaker: %d %s", r.status, r.body)
	}
	r.json(t, &sp)
	if sp.Name != "Dmitry Peskov" || sp.Statements != 5 || !contains(sp.Aliases, "Peskov") {
		t.Errorf("/api/speakers/Dmitri Peskov: %s, %d statements, aliases %v; want Dmitry Peskov, 5, Peskov among them", sp.Name, sp.Statements, sp.Aliases)
	}
	if res := searchHits(t, h, "speaker="+url.QueryEscape("Peskov")); len(res.Hits) != 5 {
		t.Errorf("search speaker=Peskov: %d hits, want 5 (the role-only statement included)", len(res.Hits))
	}
	var list SpeakersResponse
	get(t, h, "/api/speakers").json(t, &list)
	for _, s := range list.Speakers {
		if s.Name == "Dmitri Peskov" || s.Name == "Peskov" {
			t.Errorf("speaker list still has %q", s.Name)
		}
	}

	var ep store.EntityPage
	get(t, h, "/api/entities/Kremlin").json(t, &ep)
	if ep.Name != "Russian presidency" || len(ep.Metonyms) != 1 || ep.Metonyms[0] != "Kremlin" {
		t.Errorf("/api/entities/Kremlin: %+v, want the Russian presidency, the Kremlin as its metonym", ep)
	}
	pages := []struct{ path, want string }{
		{"/entities/Kiev", "Also named: Kiev"},
		{"/entities/Kiev", "<h1>Kyiv</h1>"},
		{"/entities/Kremlin", "Stood for by: Kremlin"},
		{"/speakers/" + url.PathEscape("Dmitri Peskov"), "Dmitry Peskov"},
	}
	for _, p := range pages {
		r := get(t, h, p.path)
		if r.status != 200 || !strings.Contains(r.body, p.want) {
			t.Errorf("%s: status %d, want %q in the page", p.path, r.status, p.want)
		}
	}
}
