package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/saywho/saywho/article"
	"github.com/saywho/saywho/store"
)

// httpError is an error with the status and code a client sees. Its
// message is shown to the client, so it must say only what the client
// sent or may know.
type httpError struct {
	status  int
	code    string
	message string
}

func (e *httpError) Error() string { return e.message }

// errorBody is the JSON form of every API error.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// classify turns an error into what the client is told. Errors the
// client caused (a bad query, a missing id, a body too large) keep their
// message, which names the input; anything else is logged and reported
// as an internal error without detail.
func (s *Server) classify(r *http.Request, err error) *httpError {
	var he *httpError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &he):
		return he
	case errors.As(err, &mbe), errors.Is(err, article.ErrTooLarge):
		return &httpError{http.StatusRequestEntityTooLarge, "too_large", err.Error()}
	case errors.Is(err, store.ErrBadQuery):
		return &httpError{http.StatusBadRequest, "bad_query", err.Error()}
	case errors.Is(err, store.ErrNotFound):
		return &httpError{http.StatusNotFound, "not_found", err.Error()}
	case errors.Is(err, context.DeadlineExceeded):
		s.opts.Log.Warn("request timed out", "method", r.Method, "path", r.URL.Path, "err", err)
		return &httpError{http.StatusServiceUnavailable, "timeout", "the request took too long; narrow it down"}
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		// The client went away; nobody reads the answer.
		return &httpError{499, "canceled", "request canceled"}
	}
	s.opts.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	return &httpError{http.StatusInternalServerError, "internal", "internal error"}
}

// fail answers r with err: JSON under /api/, an HTML page elsewhere.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	he := s.classify(r, err)
	if he.status == 499 {
		return
	}
	if !isAPI(r) {
		s.pages.renderError(w, r, he)
		return
	}
	var body errorBody
	body.Error.Code, body.Error.Message = he.code, he.message
	writeJSON(w, he.status, body)
}

// writeJSON writes v with HTML characters escaped (\u003c), so that a
// response sniffed or embedded as HTML still cannot run article text.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"error":{"code":"internal","message":"internal error"}}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b)
	w.Write([]byte{'\n'})
}
