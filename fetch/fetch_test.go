package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// testOptions are fast options for a loopback server: no rate limit, tiny
// backoff.
func testOptions() Options {
	return Options{
		AllowPrivateNetworks: true,
		HostInterval:         -1,
		Backoff:              time.Millisecond,
		Timeout:              5 * time.Second,
	}
}

func TestFetchBasics(t *testing.T) {
	var gotUA, gotAccept string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotUA, gotAccept = r.UserAgent(), r.Header.Get("Accept")
		w.Header().Set("Content-Type", "text/HTML; charset=utf-8")
		fmt.Fprint(w, "<p>hello</p>")
	}))
	defer srv.Close()
	c := New(testOptions())
	resp, err := c.Fetch(context.Background(), Request{URL: srv.URL + "/a", Accept: "text/html"})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != "<p>hello</p>" || resp.ContentType != "text/html" || resp.URL != srv.URL+"/a" {
		t.Errorf("got body %q type %q url %q", resp.Body, resp.ContentType, resp.URL)
	}
	if !strings.Contains(gotUA, "saywho") || gotAccept != "text/html" {
		t.Errorf("User-Agent %q, Accept %q", gotUA, gotAccept)
	}
}

func TestConditionalGet(t *testing.T) {
	const etag = `"v1"`
	const lastMod = "Fri, 29 Nov 2024 10:00:00 GMT"
	var full, notModified atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag && r.Header.Get("If-Modified-Since") == lastMod {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		full.Add(1)
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		fmt.Fprint(w, "body")
	}))
	defer srv.Close()
	c := New(testOptions())
	ctx := context.Background()
	first, err := c.Fetch(ctx, Request{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if first.NotModified || first.Validator != (Validator{etag, lastMod}) {
		t.Fatalf("first fetch: NotModified=%v Validator=%+v", first.NotModified, first.Validator)
	}
	second, err := c.Fetch(ctx, Request{URL: srv.URL, Validator: first.Validator})
	if err != nil {
		t.Fatal(err)
	}
	if !second.NotModified || second.Body != nil || second.Validator != first.Validator {
		t.Errorf("second fetch: NotModified=%v body=%q validator=%+v", second.NotModified, second.Body, second.Validator)
	}
	if full.Load() != 1 || notModified.Load() != 1 {
		t.Errorf("server answered %d full, %d not-modified; want 1 and 1", full.Load(), notModified.Load())
	}
}

func TestFetchErrors(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Write(bytes.Repeat([]byte("x"), 2000))
	})
	mux.HandleFunc("/big-streamed", func(w http.ResponseWriter, r *http.Request) {
		// No Content-Length: the limit must hold while streaming.
		for range 100 {
			w.Write(bytes.Repeat([]byte("x"), 100))
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/gzip-bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		gz := gzip.NewWriter(w)
		gz.Write(bytes.Repeat([]byte("x"), 1<<20))
		gz.Close()
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/to-file", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	mux.HandleFunc("/missing", http.NotFound)
	srv := httptest.NewServer(mux)
	defer srv.Close()

	opts := testOptions()
	opts.MaxBytes = 1000
	c := New(opts)
	for _, tc := range []struct {
		url  string
		want error
	}{
		{srv.URL + "/big", ErrTooLarge},
		{srv.URL + "/big-streamed", ErrTooLarge},
		{srv.URL + "/gzip-bomb", ErrTooLarge},
		{srv.URL + "/loop", ErrRedirects},
		{srv.URL + "/to-file", ErrScheme},
		{"file:///etc/passwd", ErrScheme},
		{"ftp://example.org/x", ErrScheme},
		{"http:///nohost", nil},
		{"%zz", nil},
		{srv.URL + "/missing", nil},
	} {
		t.Run(tc.url, func(t *testing.T) {
			resp, err := c.Fetch(context.Background(), Request{URL: tc.url})
			if err == nil {
				t.Fatalf("no error; got %d bytes", len(resp.Body))
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("error %v, want %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), strings.TrimPrefix(tc.url, "%")) {
				t.Errorf("error %q does not name the URL", err)
			}
		})
	}
	_, err := c.Fetch(context.Background(), Request{URL: srv.URL + "/missing"})
	var se *StatusError
	if !errors.As(err, &se) || se.StatusCode != 404 {
		t.Errorf("404: got %v, want *StatusError 404", err)
	}
}

func TestGzipDecoded(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			t.Errorf("client did not offer gzip")
		}
		w.Header().Set("Content-Encoding", "gzip")
		gz := gzip.NewWriter(w)
		fmt.Fprint(gz, "<html>compressed</html>")
		gz.Close()
	}))
	defer srv.Close()
	resp, err := New(testOptions()).Fetch(context.Background(), Request{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != "<html>compressed</html>" {
		t.Errorf("body %q", resp.Body)
	}
}

func TestRetry(t *testing.T) {
	var calls atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/flaky", func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, "ok")
	})
	mux.HandleFunc("/down", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusTooManyRequests)
	})
	mux.HandleFunc("/later", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusGone)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := New(testOptions()) // 2 retries
	for _, tc := range []struct {
		path   string
		ok     bool
		status int
		calls  int32
	}{
		{"/flaky", true, 0, 2},
		{"/down", false, 429, 3},
		{"/later", false, 503, 1}, // Retry-After beyond MaxBackoff: give up at once
		{"/gone", false, 410, 1},  // not retryable
	} {
		t.Run(tc.path, func(t *testing.T) {
			calls.Store(0)
			_, err := c.Fetch(context.Background(), Request{URL: srv.URL + tc.path})
			if tc.ok != (err == nil) {
				t.Fatalf("error %v, want ok=%v", err, tc.ok)
			}
			var se *StatusError
			if !tc.ok && (!errors.As(err, &se) || se.StatusCode != tc.status) {
				t.Errorf("error %v, want status %d", err, tc.status)
			}
			if calls.Load() != tc.calls {
				t.Errorf("server saw %d requests, want %d", calls.Load(), tc.calls)
			}
		})
	}
}

func TestRateLimitPerHost(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
	}))
	defer srv.Close()
	opts := testOptions()
	opts.HostInterval = time.Hour
	c := New(opts)
	if _, err := c.Fetch(context.Background(), Request{URL: srv.URL + "/1"}); err != nil {
		t.Fatal(err)
	}
	// A second request to the same host must wait an hour; a context that
	// ends sooner makes it fail without reaching the server.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.Fetch(ctx, Request{URL: srv.URL + "/2"}); err == nil {
		t.Fatal("second request to the same host was not held back")
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
	// Another host name for the same server has its own budget.
	other := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	if _, err := c.Fetch(context.Background(), Request{URL: other + "/3"}); err != nil {
		t.Fatalf("other host: %v", err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("server saw %d requests, want 2", n)
	}
}

func TestPrivateAddressRefused(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }))
	defer srv.Close()
	opts := testOptions()
	opts.AllowPrivateNetworks = false
	_, err := New(opts).Fetch(context.Background(), Request{URL: srv.URL})
	if !errors.Is(err, ErrPrivateTarget) {
		t.Errorf("error %v, want ErrPrivateTarget", err)
	}
	if calls.Load() != 0 {
		t.Errorf("server was reached")
	}
}

func TestSlowServer(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/headers", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // never answers
	})
	mux.HandleFunc("/drip", func(w http.ResponseWriter, r *http.Request) {
		for {
			if _, err := w.Write([]byte("x")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	opts := testOptions()
	opts.HeaderTimeout = 100 * time.Millisecond
	opts.Timeout = 300 * time.Millisecond
	c := New(opts)
	for _, p := range []string{"/headers", "/drip"} {
		if _, err := c.Fetch(context.Background(), Request{URL: srv.URL + p}); err == nil {
			t.Errorf("%s: no timeout error", p)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"", 0}, {"5", 5 * time.Second}, {"-3", 0}, {"soon", 0},
		{"Wed, 21 Oct 2015 07:28:00 GMT", 0}, // in the past
	} {
		if got := retryAfter(tc.in); got != tc.want {
			t.Errorf("retryAfter(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
	future := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
	if got := retryAfter(future); got < 59*time.Minute {
		t.Errorf("retryAfter(%q) = %v", future, got)
	}
}
