package server

import (
	"net/http"
	"sort"
	"strings"
)

// route is one endpoint. The table is the single list of what the server
// answers: the mux is built from it, and a test checks it against the
// OpenAPI document, so that neither can drift from the other.
type route struct {
	method string
	path   string // a ServeMux path pattern
	h      http.HandlerFunc
}

func (s *Server) table() []route {
	return []route{
		// JSON API.
		{"GET", "/api/search", s.apiSearch},
		{"GET", "/api/facets", s.apiFacets},
		{"GET", "/api/statements/{id}", s.apiStatement},
		{"GET", "/api/articles/{ref}", s.apiArticle},
		{"POST", "/api/articles", s.apiPostArticle},
		{"GET", "/api/speakers", s.apiSpeakers},
		{"GET", "/api/speakers/{ref}", s.apiSpeaker},
		{"GET", "/api/speakers/{ref}/timeline", s.apiTimeline},
		{"GET", "/api/entities/{ref}", s.apiEntity},
		{"GET", "/api/stats", s.apiStats},
		{"GET", "/api/openapi.json", s.apiOpenAPI},

		// Web pages.
		{"GET", "/{$}", s.pageSearch},
		{"GET", "/articles/{ref}", s.pageArticle},
		{"GET", "/statements/{id}", s.pageStatement},
		{"GET", "/speakers", s.pageSpeakers},
		{"GET", "/speakers/{ref}", s.pageSpeaker},
		{"GET", "/entities/{ref}", s.pageEntity},
		{"GET", "/static/{file}", s.static},
	}
}

// routes registers the table, and for every path a catch-all that
// answers other methods with 405 and an Allow header, and for unknown
// paths a 404, both in the format of the part of the site asked for
// (JSON under /api/, HTML elsewhere).
func (s *Server) routes() {
	allow := map[string][]string{}
	var paths []string
	for _, rt := range s.table() {
		s.mux.HandleFunc(rt.method+" "+rt.path, rt.h)
		if allow[rt.path] == nil {
			paths = append(paths, rt.path)
		}
		allow[rt.path] = append(allow[rt.path], rt.method)
		if rt.method == "GET" {
			allow[rt.path] = append(allow[rt.path], "HEAD")
		}
	}
	sort.Strings(paths)
	for _, p := range paths {
		methods := strings.Join(allow[p], ", ")
		s.mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", methods)
			s.fail(w, r, &httpError{http.StatusMethodNotAllowed, "method_not_allowed",
				r.Method + " is not allowed here; use " + methods})
		})
	}
	notFound := func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, &httpError{http.StatusNotFound, "not_found", "no such page: " + r.URL.Path})
	}
	s.mux.HandleFunc("/api/", notFound)
	s.mux.HandleFunc("/", notFound)
}

// isAPI reports whether r asks for the JSON API rather than a page.
func isAPI(r *http.Request) bool {
	return r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/")
}
