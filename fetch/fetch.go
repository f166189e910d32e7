// Package fetch is the polite HTTP client that saywho uses for feeds and the
// pages they link to. Everything it is asked to fetch comes from untrusted
// input (a feed names the links), so every request is bounded: connect,
// header and total timeouts, a streaming size limit, a redirect limit, http
// and https only, and by default no connection to loopback, private or
// link-local addresses (a feed item linking to http://169.254.169.254/ or
// http://localhost:6379/ must not turn ingest into a proxy for the local
// network).
//
// It is polite to the sites it reads: one request at a time per host at most
// every HostInterval (redirect hops and retries included), a User-Agent that
// names saywho, conditional GET (the caller keeps the Validator of the last
// answer and gets NotModified back when nothing changed), and bounded retries
// with exponential backoff on 429 and 5xx answers, honouring Retry-After.
// gzip is negotiated and decoded by net/http; the size limit applies to the
// decoded body, so a gzip bomb is cut off like any other oversized answer.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/time/rate"
)

// DefaultUserAgent names saywho to the sites it reads, so that their
// operators can tell who is fetching and why.
const DefaultUserAgent = "saywho/1 (news statement indexer; +https://github.com/saywho/saywho)"

// Defaults used for zero fields of Options.
const (
	DefaultConnectTimeout = 10 * time.Second
	DefaultHeaderTimeout  = 20 * time.Second
	DefaultTimeout        = 60 * time.Second
	DefaultMaxBytes       = 10 << 20
	DefaultHostInterval   = time.Second
	DefaultMaxRedirects   = 5
	DefaultRetries        = 2
	DefaultBackoff        = time.Second
	DefaultMaxBackoff     = 30 * time.Second
)

// Options configures a Client. Zero fields take the defaults above; for the
// counts and intervals a negative value switches the feature off.
type Options struct {
	UserAgent      string
	ConnectTimeout time.Duration // TCP (and TLS handshake) per connection
	HeaderTimeout  time.Duration // from request sent to response headers
	Timeout        time.Duration // one attempt as a whole, body included
	MaxBytes       int64         // decoded body size limit
	HostInterval   time.Duration // minimum time between requests to one host; < 0: no limit
	MaxRedirects   int           // < 0: follow none
	Retries        int           // extra attempts on 429/5xx; < 0: none
	Backoff        time.Duration // first retry delay, doubled each time
	MaxBackoff     time.Duration // longest wait; a longer Retry-After ends the retries

	// AllowPrivateNetworks permits connections to loopback, private,
	// link-local and unspecified addresses. Off by default because the
	// URLs come from untrusted feeds; tests and intranet feeds turn it on.
	AllowPrivateNetworks bool
}

func (o Options) withDefaults() Options {
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&o.ConnectTimeout, DefaultConnectTimeout)
	def(&o.HeaderTimeout, DefaultHeaderTimeout)
	def(&o.Timeout, DefaultTimeout)
	def(&o.HostInterval, DefaultHostInterval)
	def(&o.Backoff, DefaultBackoff)
	def(&o.MaxBackoff, DefaultMaxBackoff)
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxRedirects == 0 {
		o.MaxRedirects = DefaultMaxRedirects
	}
	if o.Retries == 0 {
		o.Retries = DefaultRetries
	}
	return o
}

// Validator holds what a server said to identify the version of a resource
// it sent; sending it back makes the next request conditional.
type Validator struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// Zero reports whether v holds nothing to send.
func (v Validator) Zero() bool { return v.ETag == "" && v.LastModified == "" }

// Request is one fetch.
type Request struct {
	URL       string
	Accept    string    // Accept header; empty sends none
	Validator Validator // from the previous Response for URL, if any
}

// Response is a fetched resource, its body read in full (within MaxBytes).
type Response struct {
	URL         string // final URL, after redirects
	StatusCode  int
	Header      http.Header
	ContentType string // media type without parameters, lower case
	Body        []byte // nil when NotModified
	Fetched     time.Time
	// NotModified is true when the server answered 304 to a conditional
	// request: the resource is unchanged since Validator was issued.
	NotModified bool
	// Validator identifies this version, for the next conditional request.
	// On 304 it is the request's own validator.
	Validator Validator
}

// Errors a fetch can wrap; test them with errors.Is.
var (
	ErrTooLarge      = errors.New("body larger than the size limit")
	ErrScheme        = errors.New("only http and https URLs are fetched")
	ErrRedirects     = errors.New("too many redirects")
	ErrPrivateTarget = errors.New("refusing to connect to a private, loopback or link-local address (AllowPrivateNetworks is off)")
)

// StatusError is a final answer other than 2xx or 304.
type StatusError struct {
	URL        string
	StatusCode int
	Status     string
}

func (e *StatusError) Error() string { return fmt.Sprintf("%s: HTTP %s", e.URL, e.Status) }

// Client fetches URLs politely. It is safe for concurrent use; create one
// per process so that the per-host limits are shared.
type Client struct {
	opts  Options
	http  *http.Client
	hosts hostLimits
}

// New returns a Client with the given options.
func New(opts Options) *Client {
	o := opts.withDefaults()
	dialer := &net.Dialer{Timeout: o.ConnectTimeout, KeepAlive: 30 * time.Second}
	if !o.AllowPrivateNetworks {
		dialer.Control = refusePrivate
	}
	transport := &http.Transport{
		// No proxy: the private-address check applies to the address we
		// connect to, which would be the proxy's.
		Proxy:                  nil,
		DialContext:            dialer.DialContext,
		TLSHandshakeTimeout:    o.ConnectTimeout,
		ResponseHeaderTimeout:  o.HeaderTimeout,
		ExpectContinueTimeout:  time.Second,
		MaxIdleConnsPerHost:    2,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: 1 << 20,
		ForceAttemptHTTP2:      true,
	}
	c := &Client{opts: o}
	c.hosts.interval = o.HostInterval
	c.http = &http.Client{
		Transport:     &limitedTransport{next: transport, hosts: &c.hosts},
		Timeout:       o.Timeout,
		CheckRedirect: c.checkRedirect,
	}
	return c
}

func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if err := checkScheme(req.URL); err != nil {
		return err
	}
	if c.opts.MaxRedirects < 0 || len(via) > c.opts.MaxRedirects {
		return fmt.Errorf("%w (limit %d)", ErrRedirects, max(c.opts.MaxRedirects, 0))
	}
	return nil
}

func checkScheme(u *url.URL) error {
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return fmt.Errorf("URL %q has no host", u.Redacted())
		}
		return nil
	}
	return fmt.Errorf("%w, not %q", ErrScheme, u.Scheme)
}

// Fetch gets req.URL. It returns an error wrapping the URL for a bad URL, a
// network failure or timeout, a body over MaxBytes (ErrTooLarge), a redirect
// loop (ErrRedirects) or a final status other than 2xx and 304
// (*StatusError). A 304 is not an error: Response.NotModified is set.
func (c *Client) Fetch(ctx context.Context, req Request) (*Response, error) {
	u, err := url.Parse(req.URL)
	if err != nil {
		return nil, fmt.Errorf("fetch %q: %w", req.URL, err)
	}
	if err := checkScheme(u); err != nil {
		return nil, fmt.Errorf("fetch %q: %w", req.URL, err)
	}
	retries := max(c.opts.Retries, 0)
	for attempt := 0; ; attempt++ {
		resp, wait, err := c.once(ctx, u, req)
		if err == nil {
			return resp, nil
		}
		if wait < 0 || attempt >= retries {
			return nil, fmt.Errorf("fetch %s: %w", u.Redacted(), err)
		}
		if wait == 0 {
			wait = c.opts.Backoff << attempt
			wait += rand.N(wait/4 + 1) // spread retries of many clients
		}
		if wait > c.opts.MaxBackoff {
			return nil, fmt.Errorf("fetch %s: %w (server asks to wait %s, more than %s)", u.Redacted(), err, wait.Round(time.Second), c.opts.MaxBackoff)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("fetch %s: %w (while waiting to retry after: %v)", u.Redacted(), ctx.Err(), err)
		case <-t.C:
		}
	}
}

// once makes one attempt. wait is -1 when the error is not worth a retry,
// 0 for the default backoff, or the server's Retry-After.
func (c *Client) once(ctx context.Context, u *url.URL, req Request) (*Response, time.Duration, error) {
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, -1, err
	}
	hreq.Header.Set("User-Agent", c.opts.UserAgent)
	if req.Accept != "" {
		hreq.Header.Set("Accept", req.Accept)
	}
	if req.Validator.ETag != "" {
		hreq.Header.Set("If-None-Match", req.Validator.ETag)
	}
	if req.Validator.LastModified != "" {
		hreq.Header.Set("If-Modified-Since", req.Validator.LastModified)
	}
	hresp, err := c.http.Do(hreq)
	if err != nil {
		return nil, -1, err
	}
	defer hresp.Body.Close()
	final := hresp.Request.URL.String()
	switch {
	case hresp.StatusCode == http.StatusNotModified:
		return &Response{
			URL: final, StatusCode: hresp.StatusCode, Header: hresp.Header,
			Fetched: time.Now().UTC(), NotModified: true, Validator: req.Validator,
		}, 0, nil
	case hresp.StatusCode == http.StatusTooManyRequests || hresp.StatusCode >= 500:
		// Drain a little so the connection can be reused; never much.
		_, _ = io.CopyN(io.Discard, hresp.Body, 4<<10)
		return nil, retryAfter(hresp.Header.Get("Retry-After")), &StatusError{final, hresp.StatusCode, hresp.Status}
	case hresp.StatusCode < 200 || hresp.StatusCode > 299:
		return nil, -1, &StatusError{final, hresp.StatusCode, hresp.Status}
	}
	if hresp.ContentLength > c.opts.MaxBytes {
		return nil, -1, fmt.Errorf("%w: Content-Length %d > %d", ErrTooLarge, hresp.ContentLength, c.opts.MaxBytes)
	}
	body, err := io.ReadAll(io.LimitReader(hresp.Body, c.opts.MaxBytes+1))
	if err != nil {
		return nil, -1, fmt.Errorf("reading body: %w", err)
	}
	if int64(len(body)) > c.opts.MaxBytes {
		return nil, -1, fmt.Errorf("%w (%d bytes)", ErrTooLarge, c.opts.MaxBytes)
	}
	return &Response{
		URL:         final,
		StatusCode:  hresp.StatusCode,
		Header:      hresp.Header,
		ContentType: MediaType(hresp.Header.Get("Content-Type")),
		Body:        body,
		Fetched:     time.Now().UTC(),
		Validator: Validator{
			ETag:         hresp.Header.Get("ETag"),
			LastModified: hresp.Header.Get("Last-Modified"),
		},
	}, 0, nil
}

// retryAfter reads a Retry-After header (seconds or an HTTP date); 0 when
// absent or unreadable, so the default backoff applies.
func retryAfter(v string) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return 0
		}
		return time.Duration(min(n, 1<<20)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}

// MediaType returns the media type of a Content-Type value, lower case,
// without parameters ("text/html; charset=utf-8" -> "text/html").
func MediaType(contentType string) string {
	mt, _, _ := strings.Cut(contentType, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

// refusePrivate is a net.Dialer Control hook: it runs after name
// resolution, on the address actually dialled, so DNS tricks cannot get
// round it.
func refusePrivate(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return fmt.Errorf("dial %s: not an IP address", address)
	}
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsUnspecified() || ip.IsMulticast() || ip.IsInterfaceLocalMulticast() {
		return fmt.Errorf("dial %s: %w", address, ErrPrivateTarget)
	}
	return nil
}

// hostLimits keeps one rate limiter per host.
type hostLimits struct {
	interval time.Duration
	mu       sync.Mutex
	m        map[string]*rate.Limiter
}

// maxIdleHosts bounds the limiter map in a long polling run; limiters that
// are idle (full bucket) carry no state worth keeping.
const maxIdleHosts = 4096

func (h *hostLimits) wait(ctx context.Context, host string) error {
	if h.interval < 0 {
		return nil
	}
	host = strings.ToLower(host)
	h.mu.Lock()
	if h.m == nil {
		h.m = make(map[string]*rate.Limiter)
	}
	l := h.m[host]
	if l == nil {
		if len(h.m) >= maxIdleHosts {
			for k, v := range h.m {
				if v.Tokens() >= 1 {
					delete(h.m, k)
				}
			}
		}
		l = rate.NewLimiter(rate.Every(h.interval), 1)
		h.m[host] = l
	}
	h.mu.Unlock()
	if err := l.Wait(ctx); err != nil {
		return fmt.Errorf("waiting for the rate limit of %s: %w", host, err)
	}
	return nil
}

// limitedTransport applies the per-host rate limit to every request that
// leaves, redirect hops included.
type limitedTransport struct {
	next  http.RoundTripper
	hosts *hostLimits
}

func (t *limitedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.hosts.wait(req.Context(), req.URL.Host); err != nil {
		return nil, err
	}
	return t.next.RoundTrip(req)
}
