package server

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/article"
	"github.com/saywho/saywho/store"
)

// PostArticle is the JSON body of POST /api/articles: the article's text
// or its HTML page (exactly one), with what the page may not say about
// itself.
type PostArticle struct {
	ID        string `json:"id,omitempty"`
	Text      string `json:"text,omitempty"`
	HTML      string `json:"html,omitempty"`
	URL       string `json:"url,omitempty"`
	Outlet    string `json:"outlet,omitempty"`
	Title     string `json:"title,omitempty"`
	Author    string `json:"author,omitempty"`
	Published string `json:"published,omitempty"`
	Updated   string `json:"updated,omitempty"`
	Language  string `json:"language,omitempty"`
}

// PostResponse says what became of a posted article.
type PostResponse struct {
	Status     store.Status `json:"status"` // new, or duplicate when the same text was stored before
	ArticleID  int64        `json:"article_id"`
	Hash       string       `json:"hash"`
	Statements int          `json:"statements"` // statements added
	URL        string       `json:"url"`        // the stored article in the API
	Page       string       `json:"page"`       // the article view
}

// metaParams are the URL parameters a raw (non-JSON) body may come with.
var metaParams = []string{"id", "url", "outlet", "title", "author", "published", "updated", "language"}

// apiPostArticle reads, extracts and stores one article. It is disabled
// unless a token is configured, and the token is compared in constant
// time so that its bytes cannot be guessed one by one from timings.
func (s *Server) apiPostArticle(w http.ResponseWriter, r *http.Request) {
	if s.opts.Token == "" {
		s.fail(w, r, &httpError{http.StatusForbidden, "disabled",
			"adding articles is disabled: start the server with --token or SAYWHO_TOKEN"})
		return
	}
	if !s.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="saywho"`)
		s.fail(w, r, &httpError{http.StatusUnauthorized, "unauthorized", "missing or wrong bearer token"})
		return
	}
	in, err := readUpload(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := article.Read(in)
	if err != nil {
		if errors.Is(err, article.ErrTooLarge) {
			s.fail(w, r, err)
			return
		}
		s.fail(w, r, &httpError{http.StatusBadRequest, "bad_article", err.Error()})
		return
	}
	an, err := s.extract(r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.st.Put(r.Context(), []*saywho.Analysis{an})
	if err == nil && len(res) != 1 {
		err = fmt.Errorf("store returned %d results for one article", len(res))
	}
	if err == nil && res[0].Status == store.Failed {
		err = res[0].Err
	}
	if err != nil {
		s.fail(w, r, fmt.Errorf("store article %s: %w", in.Name, err))
		return
	}
	s.counts.clear()
	out := PostResponse{Status: res[0].Status, ArticleID: res[0].ArticleID, Hash: res[0].Hash,
		Statements: res[0].Statements, URL: "/api/articles/" + res[0].Hash, Page: "/articles/" + res[0].Hash}
	status := http.StatusCreated
	if out.Status != store.New {
		status = http.StatusOK
	}
	w.Header().Set("Location", out.URL)
	writeJSON(w, status, out)
}

func (s *Server) authorized(r *http.Request) bool {
	auth := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(auth, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	// Comparing digests keeps the time independent of the token's length
	// too, which ConstantTimeCompare alone would reveal.
	got := sha256.Sum256([]byte(strings.TrimSpace(tok)))
	want := sha256.Sum256([]byte(s.opts.Token))
	return subtle.ConstantTimeCompare(got[:], want[:]) == 1
}

// extract runs the extractor, at most GOMAXPROCS at once: a burst of
// uploads queues rather than starving searches of CPU.
func (s *Server) extract(r *http.Request, a *saywho.Article) (*saywho.Analysis, error) {
	select {
	case s.extracting <- struct{}{}:
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
	defer func() { <-s.extracting }()
	an := s.opts.Extractor.Extract(a)
	if an == nil || an.Article == nil {
		return nil, fmt.Errorf("extract %s: extractor returned no analysis", a.ID)
	}
	return an, nil
}

// readUpload turns the request body into an article input: JSON
// (PostArticle), HTML, or plain text, with metadata from URL parameters
// for the raw forms.
func readUpload(r *http.Request) (article.Input, error) {
	in := article.Input{Name: "upload", Fetched: time.Now().UTC(), Meta: map[string]string{}}
	ct := r.Header.Get("Content-Type")
	mt := "text/plain"
	if ct != "" {
		var err error
		if mt, _, err = mime.ParseMediaType(ct); err != nil {
			return in, &httpError{http.StatusUnsupportedMediaType, "bad_content_type", fmt.Sprintf("Content-Type %q: %v", ct, err)}
		}
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return in, fmt.Errorf("read upload: %w", err)
	}
	switch mt {
	case "application/json":
		var p PostArticle
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			return in, &httpError{http.StatusBadRequest, "bad_body", "JSON body: " + err.Error()}
		}
		if dec.More() {
			return in, &httpError{http.StatusBadRequest, "bad_body", "JSON body: more than one value"}
		}
		switch {
		case (p.Text == "") == (p.HTML == ""):
			return in, &httpError{http.StatusBadRequest, "bad_body", "JSON body: give exactly one of text and html"}
		case p.Text != "":
			in.Body, in.ContentType = []byte(p.Text), "text/plain; charset=utf-8"
		default:
			in.Body, in.ContentType = []byte(p.HTML), "text/html; charset=utf-8"
		}
		for k, v := range map[string]string{"url": p.URL, "outlet": p.Outlet, "title": p.Title, "author": p.Author,
			"published": p.Published, "updated": p.Updated, "language": p.Language} {
			if v != "" {
				in.Meta[k] = v
			}
		}
		in.ID = p.ID
	case "text/html", "application/xhtml+xml", "text/plain":
		in.Body, in.ContentType = body, ct
		v := r.URL.Query()
		for _, k := range metaParams {
			val, err := param(v, k)
			if err != nil {
				return in, err
			}
			if val != "" {
				in.Meta[k] = val
			}
		}
		in.ID = in.Meta["id"]
		delete(in.Meta, "id")
	default:
		return in, &httpError{http.StatusUnsupportedMediaType, "bad_content_type",
			fmt.Sprintf("Content-Type %q: send text/plain, text/html or application/json", mt)}
	}
	if u := in.Meta["url"]; u != "" {
		if err := checkURL(u); err != nil {
			return in, err
		}
		in.URL = u
		in.Name = "upload " + u
	}
	if len(in.ID) > 200 {
		return in, badParam("id", "longer than 200 bytes")
	}
	return in, nil
}

// checkURL accepts only absolute http(s) URLs for an article's address:
// it is shown as a link, and a javascript: or data: URL there would run.
func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return badParam("url", "%q is not an absolute http or https URL", s)
	}
	return nil
}
