// Package server is saywho's HTTP face: a JSON API over a store.Store
// (search with filters and facets, statements, articles, speakers,
// entities, stats, and adding articles) and a web UI rendered on the server
// from the same store, with its assets embedded so that it works offline.
//
// Everything shown comes from articles, and article text is hostile input:
// pages are rendered with html/template, the highlighted article text is
// built by escaping every piece of it, JSON is encoded with HTML escaping
// on, and every response carries a Content-Security-Policy that forbids
// inline script.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"time"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store"
)

// Extractor analyses an article posted to the API: extract.New()
// satisfies it.
type Extractor interface {
	Extract(a *saywho.Article) *saywho.Analysis
}

// Options configure a Server. Zero values take the defaults.
type Options struct {
	// Token enables POST /api/articles: requests must carry it as
	// "Authorization: Bearer TOKEN". Empty disables adding articles.
	Token string
	// Extractor analyses posted articles. It must be set when Token is.
	Extractor Extractor
	// MaxBody limits a request body; default 8 MiB.
	MaxBody int64
	// Timeout bounds the work of one request (the store's queries, an
	// extraction); default 30 s.
	Timeout time.Duration
	// CacheTTL is how long counts (store statistics, search facets) are
	// served from memory before they are counted again; default 10 s,
	// negative: counted on every request. Adding an article through the
	// API clears them at once; `saywho ingest` in another process shows
	// up in counts within CacheTTL.
	CacheTTL time.Duration
	// Log receives server errors and recovered panics (with their stack,
	// which never reaches a client); default discards.
	Log *slog.Logger
}

// Server is the HTTP handler. It is safe for concurrent use.
type Server struct {
	st      store.Store
	opts    Options
	mux     *http.ServeMux
	handler http.Handler
	pages   *pages
	counts  *cache // statistics and facets
	// extracting bounds concurrent extractions of posted articles, the
	// one CPU-heavy thing a request can ask for.
	extracting chan struct{}
}

// DefaultMaxBody is the default request body limit.
const DefaultMaxBody = 8 << 20

// New returns a Server reading from st. It fails only when opts are
// inconsistent (a token without an extractor).
func New(st store.Store, opts Options) (*Server, error) {
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 30 * time.Second
	}
	switch {
	case opts.CacheTTL == 0:
		opts.CacheTTL = 10 * time.Second
	case opts.CacheTTL < 0:
		opts.CacheTTL = 0
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.Token != "" && opts.Extractor == nil {
		return nil, errors.New("server: a token enables adding articles, which needs an extractor")
	}
	s := &Server{st: st, opts: opts, mux: http.NewServeMux(),
		extracting: make(chan struct{}, max(1, runtime.GOMAXPROCS(0))), counts: newCache(opts.CacheTTL, 1024)}
	p, err := loadPages()
	if err != nil {
		return nil, err
	}
	s.pages = p
	s.routes()
	s.handler = s.middleware(s.mux)
	return s, nil
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// HTTPServer returns an http.Server for s on addr with timeouts that keep
// a slow or idle client from holding a connection forever.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      s.opts.Timeout + 30*time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.opts.Log.Handler(), slog.LevelWarn),
	}
}

// Serve serves on addr until ctx ends, then shuts down gracefully, giving
// requests in flight a few seconds to finish. ready, if not nil, is called
// with the address once the server listens.
func (s *Server) Serve(ctx context.Context, addr string, ready func(addr string)) error {
	hs := s.HTTPServer(addr)
	ln, err := listen(ctx, addr)
	if err != nil {
		return err
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := hs.Shutdown(sctx); err != nil {
			return err
		}
		return nil
	}
}

func listen(ctx context.Context, addr string) (net.Listener, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	return ln, nil
}
