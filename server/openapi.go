package server

import (
	"net/http"
)

// The OpenAPI 3.1 document is written by hand (assets/openapi.json), as
// the contract clients read; TestOpenAPIMatchesRoutes keeps it and the
// route table the same set of endpoints.

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	b, err := assets.ReadFile("assets/openapi.json")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=3600")
	w.Write(b)
}
