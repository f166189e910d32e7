package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/saywho/saywho/store"
)

// The fixture corpus (store/storetest): nine statements in four articles
// (plus a verbatim reprint of the first by "Other Paper"); six by Dmitry
// Peskov, four naming negotiations.

func TestAPISearch(t *testing.T) {
	s, _ := newServer(t)
	tests := []struct {
		query string
		n     int
		more  bool
		check func(t *testing.T, h *store.Hit)
	}{
		{"", 9, false, nil},
		{"q=negotiations", 4, false, func(t *testing.T, h *store.Hit) {
			if !strings.Contains(strings.ToLower(h.Text), "negotiations") || h.Snippet == "" {
				t.Errorf("hit %q (snippet %q) does not match negotiations", h.Text, h.Snippet)
			}
		}},
		{"q=%22peace+talks%22", 1, false, nil},
		{"q=negotiat*&kind=direct", 2, false, func(t *testing.T, h *store.Hit) {
			if h.Kind != "direct" {
				t.Errorf("kind %s", h.Kind)
			}
		}},
		{"q=negotiations+-peace", 3, false, nil},
		{"speaker=Dmitry+Peskov", 6, false, func(t *testing.T, h *store.Hit) {
			if h.Speaker.Name != "Dmitry Peskov" || h.SpeakerID == 0 {
				t.Errorf("speaker %q (%d)", h.Speaker.Name, h.SpeakerID)
			}
		}},
		{"speaker=Peskov&since=2024-12&until=2024-12", 1, false, nil},
		{"since=2025", 2, false, nil},
		{"outlet=other+paper", 3, false, nil},
		{"entity=Tokyo", 2, false, nil},
		{"speaker=Nobody+Here", 0, false, nil},
		{"limit=2", 2, true, nil},
		{"limit=2&offset=8", 1, false, nil},
		{"kind=INDIRECT", 6, false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			res := searchHits(t, s, tc.query)
			if len(res.Hits) != tc.n || res.More != tc.more {
				t.Fatalf("got %d hits (more %v), want %d (more %v)", len(res.Hits), res.More, tc.n, tc.more)
			}
			for _, h := range res.Hits {
				if h.ID == 0 || h.Article.Hash == "" {
					t.Errorf("hit without ids: %+v", h)
				}
				if tc.check != nil {
					tc.check(t, h)
				}
			}
		})
	}
}

// TestAPISearchPages follows next links to the end and back: every
// statement once, in the order of one big page.
func TestAPISearchPages(t *testing.T) {
	s, _ := newServer(t)
	all := searchHits(t, s, "limit=100")
	var ids []int64
	link := "/api/search?limit=4&speaker=&kind="
	pages := 0
	var last SearchResponse
	for link != "" {
		r := get(t, s, link)
		if r.status != 200 {
			t.Fatalf("%s: %d %s", link, r.status, r.body)
		}
		var res SearchResponse
		r.json(t, &res)
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if pages > 0 && res.Prev == "" {
			t.Errorf("page %d has no prev link", pages)
		}
		link, last = res.Next, res
		pages++
	}
	if pages != 3 || len(ids) != len(all.Hits) {
		t.Fatalf("%d pages, %d ids; want 3 pages, %d ids", pages, len(ids), len(all.Hits))
	}
	for i, h := range all.Hits {
		if ids[i] != h.ID {
			t.Fatalf("paged order differs at %d: %v", i, ids)
		}
	}
	u, err := url.Parse(last.Prev)
	if err != nil || u.Query().Get("offset") != "4" || u.Query().Get("limit") != "4" {
		t.Errorf("prev of the last page = %q", last.Prev)
	}
}

func TestAPIBadParameters(t *testing.T) {
	s, _ := newServer(t)
	long := strings.Repeat("a", maxParamLen+1)
	tests := []struct {
		target, code, mention string
	}{
		{"/api/search?since=yesterday", "bad_parameter", "since"},
		{"/api/search?until=2024-13-45", "bad_parameter", "until"},
		{"/api/search?since=2025&until=2024", "bad_query", "since"},
		{"/api/search?kind=loud", "bad_query", "kind"},
		{"/api/search?limit=-1", "bad_parameter", "limit"},
		{"/api/search?limit=ten", "bad_parameter", "limit"},
		{"/api/search?limit=5000", "bad_parameter", "limit"},
		{"/api/search?offset=-3", "bad_parameter", "offset"},
		{"/api/search?offset=100000000", "bad_parameter", "offset"},
		{"/api/search?q=%21%21%21", "bad_parameter", "q"},
		{"/api/search?q=-peace", "bad_parameter", "q"},
		{"/api/search?q=a&q=b", "bad_parameter", "q"},
		{"/api/search?q=" + long, "bad_parameter", "q"},
		{"/api/search?q=%ff%fe", "bad_parameter", "q"},
		{"/api/search?speaker=%21%21", "bad_query", "speaker"},
		{"/api/facets?since=x", "bad_parameter", "since"},
		{"/api/facets?kind=x", "bad_query", "kind"},
		{"/api/statements/abc", "bad_parameter", "id"},
		{"/api/statements/0", "bad_parameter", "id"},
		{"/api/statements/-4", "bad_parameter", "id"},
		{"/api/speakers?limit=x", "bad_parameter", "limit"},
		{"/api/speakers?offset=-1", "bad_parameter", "offset"},
		{"/api/speakers/%21%21", "bad_query", "speaker"},
		{"/api/entities/%21%21", "bad_query", "entity"},
		{"/api/articles/" + url.PathEscape(long), "bad_parameter", "ref"},
	}
	for _, tc := range tests {
		t.Run(tc.target[:min(len(tc.target), 60)], func(t *testing.T) {
			r := get(t, s, tc.target)
			if r.status != http.StatusBadRequest || r.errorCode() != tc.code {
				t.Fatalf("status %d code %q, want 400 %q: %s", r.status, r.errorCode(), tc.code, r.body)
			}
			var e errorBody
			r.json(t, &e)
			if !strings.Contains(e.Error.Message, tc.mention) {
				t.Errorf("message %q does not name %q", e.Error.Message, tc.mention)
			}
		})
	}
}

func TestAPINotFound(t *testing.T) {
	s, _ := newServer(t)
	for _, target := range []string{"/api/statements/99999", "/api/articles/nope", "/api/articles/00000000",
		"/api/speakers/Nobody", "/api/speakers/99999", "/api/speakers/Nobody/timeline", "/api/entities/Atlantis",
		"/api/nothing", "/api/", "/api/search/more"} {
		r := get(t, s, target)
		if r.status != http.StatusNotFound || r.errorCode() != "not_found" {
			t.Errorf("%s: status %d code %q, want 404 not_found: %s", target, r.status, r.errorCode(), r.body)
		}
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("%s: Content-Type %q", target, ct)
		}
	}
}

func TestAPIMethodNotAllowed(t *testing.T) {
	s, _ := newServer(t)
	for _, tc := range []struct{ method, target, allow string }{
		{"POST", "/api/search", "GET, HEAD"},
		{"DELETE", "/api/articles/abc", "GET, HEAD"},
		{"PUT", "/api/articles", "POST"},
		{"GET", "/api/articles", "POST"},
		{"POST", "/api/speakers/1/timeline", "GET, HEAD"},
	} {
		r := do(t, s, tc.method, tc.target, nil)
		if r.status != http.StatusMethodNotAllowed || r.errorCode() != "method_not_allowed" || r.header.Get("Allow") != tc.allow {
			t.Errorf("%s %s: status %d code %q Allow %q, want 405 Allow %q", tc.method, tc.target,
				r.status, r.errorCode(), r.header.Get("Allow"), tc.allow)
		}
	}
	if r := do(t, s, "HEAD", "/api/stats", nil); r.status != 200 {
		t.Errorf("HEAD /api/stats: %d %q", r.status, r.body)
	}
}

func TestAPIFacets(t *testing.T) {
	s, _ := newServer(t)
	var f Facets
	get(t, s, "/api/facets?limit=1&offset=5").json(t, &f)
	if f.Counted != 9 || !f.Complete {
		t.Fatalf("counted %d complete %v, want 9 true", f.Counted, f.Complete)
	}
	if len(f.Speakers) == 0 || f.Speakers[0].Name != "Dmitry Peskov" || f.Speakers[0].Count != 6 || f.Speakers[0].ID == 0 {
		t.Errorf("top speaker %+v, want Dmitry Peskov with 6", f.Speakers)
	}
	kinds := map[string]int{}
	for _, k := range f.Kinds {
		kinds[k.Value] = k.Count
	}
	if kinds["direct"] != 3 || kinds["indirect"] != 6 {
		t.Errorf("kinds %v", kinds)
	}
	weeks := 0
	for i, w := range f.Weeks {
		weeks += w.Count
		if w.Start.Weekday() != time.Monday || i > 0 && !f.Weeks[i-1].Start.Before(w.Start) {
			t.Errorf("week %v out of order or not a Monday", w.Start)
		}
	}
	if weeks != 8 { // the undated statement is not in any week
		t.Errorf("weeks count %d statements, want 8", weeks)
	}
	get(t, s, "/api/facets?q=negotiations&speaker=Peskov").json(t, &f)
	if f.Counted != 4 || len(f.Speakers) != 1 || len(f.Outlets) != 3 {
		t.Errorf("filtered facets: %+v", f)
	}
}

func TestAPIStatementArticle(t *testing.T) {
	s, _ := newServer(t)
	res := searchHits(t, s, "q=rain")
	if len(res.Hits) != 1 {
		t.Fatalf("rain: %d hits", len(res.Hits))
	}
	hit := res.Hits[0]
	var h store.Hit
	get(t, s, "/api/statements/"+strconv.FormatInt(hit.ID, 10)).json(t, &h)
	if h.Text != "it would rain" || h.Speaker.Type != "unknown" || h.Article.ID != "planet-7" {
		t.Errorf("statement: %+v", h)
	}
	for _, ref := range []string{hit.Article.Hash, hit.Article.Hash[:10], "planet-7"} {
		var v store.ArticleView
		r := get(t, s, "/api/articles/"+ref)
		if r.status != 200 {
			t.Fatalf("article %s: %d %s", ref, r.status, r.body)
		}
		r.json(t, &v)
		if v.Record.Article.Hash != hit.Article.Hash || len(v.Hits) != 3 || !strings.Contains(v.Record.Article.Text, "Someone said") {
			t.Errorf("article %s: %+v", ref, v.Record.Article)
		}
	}
	var v store.ArticleView
	get(t, s, "/api/articles/wire-1").json(t, &v)
	if len(v.Sources) != 2 {
		t.Errorf("wire-1 sources: %+v, want the wire and its reprint", v.Sources)
	}
}

func TestAPISpeakers(t *testing.T) {
	s, _ := newServer(t)
	var list SpeakersResponse
	get(t, s, "/api/speakers").json(t, &list)
	if len(list.Speakers) != 3 || list.Speakers[0].Name != "Dmitry Peskov" || list.Speakers[0].Statements != 6 || list.Next != "" {
		t.Fatalf("speakers: %+v", list)
	}
	get(t, s, "/api/speakers?limit=1").json(t, &list)
	if len(list.Speakers) != 1 || list.Next == "" {
		t.Fatalf("limit 1: %+v", list)
	}
	get(t, s, list.Next).json(t, &list)
	if len(list.Speakers) != 1 || list.Speakers[0].Name == "Dmitry Peskov" || list.Prev == "" {
		t.Fatalf("second page: %+v", list)
	}
	get(t, s, "/api/speakers?prefix=shig").json(t, &list)
	if len(list.Speakers) != 1 || list.Speakers[0].Name != "Shigeru Ishiba" {
		t.Fatalf("prefix shig: %+v", list)
	}

	var p store.SpeakerPage
	get(t, s, "/api/speakers/Dmitry%20Peskov").json(t, &p)
	if p.Statements != 6 || len(p.Timeline) == 0 || !contains(rolesOf(p.Roles), "Kremlin spokesman") {
		t.Errorf("speaker page: %+v", p)
	}
	id := strconv.FormatInt(p.ID, 10)
	var byID store.SpeakerPage
	get(t, s, "/api/speakers/"+id).json(t, &byID)
	if byID.Name != "Dmitry Peskov" {
		t.Errorf("speaker by id %s: %q", id, byID.Name)
	}

	var tl TimelineResponse
	get(t, s, "/api/speakers/"+id+"/timeline").json(t, &tl)
	total, sum := 0, 0
	for _, w := range p.Timeline {
		total += w.Count
	}
	for i, w := range tl.Weeks {
		sum += w.Count
		if i > 0 && !w.Start.Equal(tl.Weeks[i-1].Start.AddDate(0, 0, 7)) {
			t.Fatalf("timeline weeks not consecutive at %d: %v", i, w.Start)
		}
	}
	// 2024-11-25 to 2025-03-10: 16 weeks, most of them empty.
	if tl.Name != "Dmitry Peskov" || len(tl.Weeks) != 16 || sum != total || total != 5 {
		t.Errorf("timeline: %d weeks, %d statements (page says %d): %+v", len(tl.Weeks), sum, total, tl)
	}
}

func rolesOf(a []store.Attribute) []string {
	var out []string
	for _, x := range a {
		out = append(out, x.Value)
	}
	return out
}

func TestAPIEntityStats(t *testing.T) {
	s, _ := newServer(t)
	var e store.EntityPage
	get(t, s, "/api/entities/Tokyo").json(t, &e)
	if e.Name != "Tokyo" || len(e.Speakers) != 1 || e.Speakers[0].Name != "Dmitry Peskov" || e.Statements != 2 {
		t.Errorf("entity Tokyo: %+v", e)
	}
	var st store.Stats
	get(t, s, "/api/stats").json(t, &st)
	if st.Articles != 4 || st.Statements != 9 || st.Sources != 5 {
		t.Errorf("stats: %+v", st)
	}
}

// failing is a store whose reads fail with an error holding details a
// client must not see, or panic.
type failing struct {
	store.Store
	panics bool
}

func (f failing) Stats(context.Context) (store.Stats, error) {
	if f.panics {
		panic("secret internals: /var/lib/saywho/db")
	}
	return store.Stats{}, errors.New("disk I/O error at /var/lib/secret/saywho.db")
}

func (f failing) Search(context.Context, store.Query) (*store.Results, error) {
	return nil, errors.New("disk I/O error at /var/lib/secret/saywho.db")
}

func TestAPIInternalErrors(t *testing.T) {
	for _, panics := range []bool{false, true} {
		s := serverOn(t, failing{panics: panics}, Options{})
		for _, target := range []string{"/api/stats", "/api/search?q=x", "/"} {
			if !panics && target == "/" {
				continue
			}
			r := get(t, s, target)
			if r.status != 500 || strings.Contains(r.body, "secret") || strings.Contains(r.body, "goroutine") ||
				strings.Contains(r.body, ".go:") {
				t.Errorf("%s (panic %v): %d %s", target, panics, r.status, r.body)
			}
			if strings.HasPrefix(target, "/api/") && r.errorCode() != "internal" {
				t.Errorf("%s: code %q", target, r.errorCode())
			}
			if r.header.Get("Content-Security-Policy") == "" {
				t.Errorf("%s: no CSP on an error", target)
			}
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	s, _ := newServer(t)
	for _, target := range []string{"/", "/api/stats", "/static/app.js", "/nowhere", "/api/search?since=x"} {
		r := get(t, s, target)
		csp := r.header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "frame-ancestors 'none'", "script-src 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", target, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP %q allows inline code", target, csp)
		}
		if r.header.Get("X-Content-Type-Options") != "nosniff" || r.header.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", target, r.header)
		}
	}
}

func TestHTTPServerTimeouts(t *testing.T) {
	s, _ := newServer(t)
	hs := s.HTTPServer("127.0.0.1:0")
	if hs.ReadHeaderTimeout <= 0 || hs.ReadTimeout <= 0 || hs.WriteTimeout <= 0 || hs.IdleTimeout <= 0 {
		t.Errorf("timeouts not all set: %+v", hs)
	}
}
