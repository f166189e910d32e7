package server

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store"
)

//go:embed assets
var assets embed.FS

// pages holds one template set per page, each the layout plus the page.
type pages struct {
	t map[string]*template.Template
}

var funcs = template.FuncMap{
	"date": func(t *time.Time) string {
		if t == nil {
			return "undated"
		}
		return t.UTC().Format("2 Jan 2006")
	},
	"isodate": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	},
	"day":     func(t time.Time) string { return t.UTC().Format("2 Jan 2006") },
	"percent": percent,
	"color":   speakerColor,
	"speaker": speakerLabel,
	"path":    url.PathEscape,
	"short": func(s string) string {
		if len(s) > 12 {
			return s[:12]
		}
		return s
	},
	"plural": func(n int, word string) string {
		if n == 1 {
			return "1 " + word
		}
		return strconv.Itoa(n) + " " + word + "s"
	},
	"num":           thousands,
	"add":           func(a, b int) int { return a + b },
	"weblink":       webLink,
	"searchSpeaker": func(id int64) string { return "/?speaker=" + strconv.FormatInt(id, 10) },
	"some":          some,
}

func loadPages() (*pages, error) {
	// The layout and the partials go into every page.
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "assets/templates/layout.html", "assets/templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("server: layout template: %w", err)
	}
	names, err := fs.Glob(assets, "assets/templates/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{t: map[string]*template.Template{}}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "assets/templates/"), ".html")
		if base == "layout" {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(assets, n)
		if err != nil {
			return nil, fmt.Errorf("server: template %s: %w", n, err)
		}
		p.t[base] = t
	}
	return p, nil
}

// base is what the layout needs from every page.
type base struct {
	Title string
	Q     string // the header's search box
	// Search hides the header's search box on the search page, which has
	// its own form.
	Search bool
}

// render executes a page into a buffer first, so that a template error
// is a clean 500 rather than half a page.
func (p *pages) render(w http.ResponseWriter, status int, name string, data any) error {
	t := p.t[name]
	if t == nil {
		return fmt.Errorf("no template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
	return nil
}

type errorData struct {
	base
	Status  int
	Code    string
	Message string
}

// renderError shows an error page; it cannot fail in a way that would
// need another error page.
func (p *pages) renderError(w http.ResponseWriter, r *http.Request, he *httpError) {
	d := errorData{base: base{Title: http.StatusText(he.status)}, Status: he.status, Code: he.code, Message: he.message}
	if err := p.render(w, he.status, "error", d); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
	}
}

// page renders a page, failing as any handler does.
func (s *Server) page(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	if err := s.pages.render(w, status, name, data); err != nil {
		s.fail(w, r, err)
	}
}

// hitView is a statement as the result lists and the article panel show
// it: flat fields, each found by the template in one step (looking a name
// up through embedded structs costs the template engine a reflective
// search per use, which dominated the article view's time).
type hitView struct {
	ID, SpeakerID                     int64
	Kind                              saywho.Kind
	Text                              template.HTML // the text, the searched words marked
	Color, Speaker, Title             string
	Role, Org, Mention, Antecedent    string
	Cue, Section                      string
	Confidence                        float64
	Start, End                        int
	Hash, ArticleID, Headline, Outlet string
	Published                         *time.Time
}

func viewHits(hits []*store.Hit, text string) []hitView {
	terms, _ := store.ParseText(text) // nil terms mark nothing
	out := make([]hitView, len(hits))
	for i, h := range hits {
		v := hitView{ID: h.ID, SpeakerID: h.SpeakerID, Kind: h.Kind, Text: markTerms(h.Text, terms),
			Color: hitColor(h), Speaker: speakerLabel(h), Title: hitTitle(h),
			Role: h.Speaker.Role, Org: h.Speaker.Org, Section: h.Section, Confidence: h.Confidence,
			Start: h.Start, End: h.End, Hash: h.Article.Hash, ArticleID: h.Article.ID,
			Headline: h.Article.Headline, Outlet: h.Article.Outlet, Published: h.Article.Published}
		if m := h.Speaker.Mention; m != nil {
			v.Mention = m.Text
		}
		if a := h.Speaker.Antecedent; a != nil {
			v.Antecedent = a.Text
		}
		if c := h.Cue; c != nil {
			v.Cue = c.Text
		}
		out[i] = v
	}
	return out
}

// link is a facet value or an active filter.
type link struct {
	Label  string
	Href   string
	Count  int
	Active bool
	Color  string
}

type facetView struct {
	Speakers, Outlets, Kinds []link
	Weeks                    template.HTML
	Counted                  int
	Complete                 bool
}

type searchForm struct{ Q, Speaker, Entity, Outlet, Since, Until, Kind string }

type searchData struct {
	base
	Form    searchForm
	Results *SearchResponse
	Hits    []hitView
	Facets  *facetView
	Filters []link // active filters, each linking to the search without it
	Stats   *store.Stats
	Error   string
	Browse  bool // no text and no filter: the newest statements
}

// withParam is the search u with parameter k set to v (removed when v is
// empty), back on the first page.
func withParam(u *url.URL, k, v string) string {
	q := u.Query()
	q.Del("offset")
	if v == "" {
		q.Del(k)
	} else {
		q.Set(k, v)
	}
	out := url.URL{Path: "/", RawQuery: q.Encode()}
	return out.String()
}

func (s *Server) pageSearch(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	d := searchData{base: base{Title: "Search statements", Search: true},
		Form: searchForm{Q: get("q"), Speaker: get("speaker"), Entity: get("entity"), Outlet: get("outlet"),
			Since: get("since"), Until: get("until"), Kind: get("kind")}}
	d.Browse = d.Form == searchForm{}
	if d.Form.Q != "" {
		d.Title = d.Form.Q + " — search"
	}
	// Facets and statistics are counted while the page of results is
	// fetched.
	var f *Facets
	var st store.Stats
	var ferr, serr error
	var wg sync.WaitGroup
	if q, err := queryParams(r.URL.Query()); err == nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, ferr = s.facets(r.Context(), q)
			if ferr == nil && d.Browse {
				st, serr = s.stats(r.Context())
			}
		}()
	}
	res, q, err := s.search(r)
	wg.Wait()
	if err != nil {
		he := s.classify(r, err)
		if he.status != http.StatusBadRequest {
			s.fail(w, r, err)
			return
		}
		d.Error = he.message
		s.page(w, r, http.StatusBadRequest, "search", d)
		return
	}
	if err := errors.Join(ferr, serr); err != nil {
		s.fail(w, r, err)
		return
	}
	d.Results = res
	d.Hits = viewHits(res.Hits, q.Text)
	d.Facets = s.facetLinks(r.URL, f, d.Form)
	d.Filters = filterLinks(r.URL, d.Form, f)
	if d.Browse {
		d.Stats = &st
	}
	s.page(w, r, http.StatusOK, "search", d)
}

func (s *Server) facetLinks(u *url.URL, f *Facets, form searchForm) *facetView {
	fv := &facetView{Counted: f.Counted, Complete: f.Complete}
	for _, sc := range f.Speakers {
		l := link{Label: sc.Name, Count: sc.Count, Color: speakerColor(sc.ID, sc.Name)}
		if sc.ID == 0 {
			l.Label = "unresolved speakers"
		} else {
			id := strconv.FormatInt(sc.ID, 10)
			l.Active = form.Speaker == id
			if l.Active {
				l.Href = withParam(u, "speaker", "")
			} else {
				l.Href = withParam(u, "speaker", id)
			}
		}
		fv.Speakers = append(fv.Speakers, l)
	}
	for _, o := range f.Outlets {
		l := link{Label: o.Value, Count: o.Count, Active: strings.EqualFold(form.Outlet, o.Value)}
		l.Href = withParam(u, "outlet", o.Value)
		if l.Active {
			l.Href = withParam(u, "outlet", "")
		}
		fv.Outlets = append(fv.Outlets, l)
	}
	for _, k := range f.Kinds {
		l := link{Label: k.Value, Count: k.Count, Active: strings.EqualFold(form.Kind, k.Value)}
		l.Href = withParam(u, "kind", k.Value)
		if l.Active {
			l.Href = withParam(u, "kind", "")
		}
		fv.Kinds = append(fv.Kinds, l)
	}
	fv.Weeks = weekChart(smallChart, f.Weeks, "Matching statements per week", func(wk store.Week) string {
		q := u.Query()
		q.Del("offset")
		q.Set("since", wk.Start.Format(time.DateOnly))
		q.Set("until", wk.Start.AddDate(0, 0, 6).Format(time.DateOnly))
		out := url.URL{Path: "/", RawQuery: q.Encode()}
		return out.String()
	})
	return fv
}

// filterLinks lists the active filters, each linking to the search
// without it. A speaker given by id is named from the facets when it can
// be.
func filterLinks(u *url.URL, form searchForm, f *Facets) []link {
	var out []link
	add := func(k, label, v string) {
		if v != "" {
			out = append(out, link{Label: label + ": " + v, Href: withParam(u, k, "")})
		}
	}
	speaker := form.Speaker
	for _, sc := range f.Speakers {
		if sc.ID != 0 && strconv.FormatInt(sc.ID, 10) == speaker {
			speaker = sc.Name
		}
	}
	add("speaker", "speaker", speaker)
	add("entity", "about", form.Entity)
	add("outlet", "outlet", form.Outlet)
	add("kind", "kind", form.Kind)
	add("since", "since", form.Since)
	add("until", "until", form.Until)
	return out
}

type articleData struct {
	base
	View     *store.ArticleView
	Text     template.HTML
	Hits     []hitView
	Speakers []link // the legend: each speaker of the article, its color and count
	Link     string // the article's URL, when it is a web address
}

func (s *Server) pageArticle(w http.ResponseWriter, r *http.Request) {
	ref, err := pathRef(r, "ref")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.st.Article(r.Context(), ref)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ar := v.Record.Article
	d := articleData{base: base{Title: ar.Headline}, View: v,
		Text: highlight(ar.Text, ar.Headline, ar.Sections, v.Hits),
		Hits: viewHits(v.Hits, "")}
	if d.Title == "" {
		d.Title = "Article " + ar.ID
	}
	d.Link = webLink(ar.URL)
	seen := map[string]int{}
	for _, h := range v.Hits {
		key := speakerLabel(h) + "\x00" + strconv.FormatInt(h.SpeakerID, 10)
		if i, ok := seen[key]; ok {
			d.Speakers[i].Count++
			continue
		}
		seen[key] = len(d.Speakers)
		l := link{Label: speakerLabel(h), Count: 1, Color: hitColor(h)}
		if h.SpeakerID != 0 {
			l.Href = "/speakers/" + strconv.FormatInt(h.SpeakerID, 10)
		}
		d.Speakers = append(d.Speakers, l)
	}
	s.page(w, r, http.StatusOK, "article", d)
}

// pageStatement sends a statement's link to its place in the article.
func (s *Server) pageStatement(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h, err := s.st.Statement(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/articles/"+url.PathEscape(h.Article.Hash)+"#s"+strconv.FormatInt(h.ID, 10), http.StatusFound)
}

type speakersData struct {
	base
	Prefix string
	List   *SpeakersResponse
}

func (s *Server) pageSpeakers(w http.ResponseWriter, r *http.Request) {
	list, err := s.speakers(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.page(w, r, http.StatusOK, "speakers", speakersData{base: base{Title: "Speakers"},
		Prefix: strings.TrimSpace(r.URL.Query().Get("prefix")), List: list})
}

type speakerData struct {
	base
	P       *store.SpeakerPage
	Color   string
	Chart   template.HTML
	Hits    []hitView
	Results *SearchResponse
}

// statementsOf lists one page of the statements matching q, newest first,
// paged by the request's offset parameter.
func (s *Server) statementsOf(r *http.Request, q store.Query) (*SearchResponse, error) {
	off, err := intParam(r.URL.Query(), "offset", 0, maxOffset)
	if err != nil {
		return nil, err
	}
	q.Limit, q.Offset = store.DefaultLimit, off
	res, err := s.st.Search(r.Context(), q)
	if err != nil {
		return nil, err
	}
	out := &SearchResponse{Hits: res.Hits, More: res.More, Offset: off, Limit: q.Limit}
	if res.More {
		out.Next = pageURL(r.URL, off+q.Limit)
	}
	if off > 0 {
		out.Prev = pageURL(r.URL, max(0, off-q.Limit))
	}
	return out, nil
}

func (s *Server) pageSpeaker(w http.ResponseWriter, r *http.Request) {
	ref, err := pathRef(r, "ref")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.st.Speaker(r.Context(), ref)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Aliases = otherNames(p.Name, p.Aliases)
	id := strconv.FormatInt(p.ID, 10)
	res, err := s.statementsOf(r, store.Query{Speaker: id})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := speakerData{base: base{Title: p.Name}, P: p, Color: speakerColor(p.ID, p.Name), Results: res,
		Hits: viewHits(res.Hits, "")}
	d.Chart = weekChart(wideChart, p.Timeline, "Statements by "+p.Name+" per week", func(wk store.Week) string {
		q := url.Values{"speaker": {id}, "since": {wk.Start.Format(time.DateOnly)},
			"until": {wk.Start.AddDate(0, 0, 6).Format(time.DateOnly)}}
		return "/?" + q.Encode()
	})
	s.page(w, r, http.StatusOK, "speaker", d)
}

type entityData struct {
	base
	P       *store.EntityPage
	Hits    []hitView
	Results *SearchResponse
}

func (s *Server) pageEntity(w http.ResponseWriter, r *http.Request) {
	ref, err := pathRef(r, "ref")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.st.Entity(r.Context(), ref)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Aliases = otherNames(p.Name, p.Aliases)
	res, err := s.statementsOf(r, store.Query{Entity: strconv.FormatInt(p.ID, 10)})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.page(w, r, http.StatusOK, "entity", entityData{base: base{Title: p.Name}, P: p, Results: res,
		Hits: viewHits(res.Hits, "")})
}

// static serves the embedded scripts, styles and icon.
func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	b, err := assets.ReadFile("assets/static/" + name)
	if err != nil || strings.Contains(name, "/") {
		s.fail(w, r, &httpError{http.StatusNotFound, "not_found", "no such file: " + name})
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeContent(w, r, name, startedAt, bytes.NewReader(b))
}

// some lists the first n of items, and how many more there are.
func some(n int, items []string) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:n], ", ") + " and " + strconv.Itoa(len(items)-n) + " more"
}

// otherNames drops the aliases that are the name itself but for case or
// spacing.
func otherNames(name string, aliases []string) []string {
	var out []string
	for _, a := range aliases {
		if store.NormalizeName(a) != store.NormalizeName(name) {
			out = append(out, a)
		}
	}
	return out
}

// webLink keeps a URL only when it is an http(s) address: anything else
// (javascript:, data:) is not shown as a link at all.
func webLink(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// thousands writes n with thin separators: 123 456.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(",")
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
