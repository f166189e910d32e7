package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/extract"
	"github.com/saywho/saywho/store"
	"github.com/saywho/saywho/store/sqlite"
	"github.com/saywho/saywho/store/storetest"
)

const testToken = "test-token-0123456789"

// openStore returns a new SQLite store in a temporary folder holding docs.
func openStore(t testing.TB, docs ...storetest.Doc) *sqlite.DB {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "saywho.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if len(docs) > 0 {
		batch := make([]*saywho.Analysis, len(docs))
		for i, d := range docs {
			batch[i] = d.Analysis()
		}
		put(t, st, batch...)
	}
	return st
}

func put(t testing.TB, st store.Store, batch ...*saywho.Analysis) {
	t.Helper()
	res, err := st.Put(context.Background(), batch)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Err != nil {
			t.Fatalf("Put %s: %v", r.Hash, r.Err)
		}
	}
}

// newServer serves the fixture corpus, with adding articles enabled
// (token testToken, the real extractor).
func newServer(t testing.TB) (*Server, store.Store) {
	t.Helper()
	st := openStore(t, storetest.Fixtures()...)
	return serverOn(t, st, Options{Token: testToken, Extractor: extract.New()}), st
}

func serverOn(t testing.TB, st store.Store, opts Options) *Server {
	t.Helper()
	s, err := New(st, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// response is what a request returned.
type response struct {
	status int
	header http.Header
	body   string
}

func (r response) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("response is not JSON (%v): %.300s", err, r.body)
	}
}

// errorCode is the code of a JSON error response, "" if it is not one.
func (r response) errorCode() string {
	var e errorBody
	if json.Unmarshal([]byte(r.body), &e) != nil {
		return ""
	}
	return e.Error.Code
}

func do(t testing.TB, h http.Handler, method, target string, body io.Reader, header ...string) response {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return response{w.Code, w.Result().Header, w.Body.String()}
}

func get(t testing.TB, h http.Handler, target string) response {
	t.Helper()
	return do(t, h, "GET", target, nil)
}

// searchHits runs an API search and returns the hits.
func searchHits(t *testing.T, h http.Handler, query string) SearchResponse {
	t.Helper()
	r := get(t, h, "/api/search?"+query)
	if r.status != 200 {
		t.Fatalf("search %s: status %d: %s", query, r.status, r.body)
	}
	var res SearchResponse
	r.json(t, &res)
	return res
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
