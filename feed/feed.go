// Package feed reads RSS 2.0 and Atom feeds (through
// github.com/mmcdole/gofeed) and hands over each new item's page as an
// article.Input, so that `saywho ingest --feed URL [--every 10m]` can poll
// news sites.
//
// For every item not seen before, the Source fetches the linked page with
// the shared polite fetch.Client and passes the HTML on, with the feed's
// knowledge in Input.Meta (title, author, published, updated, outlet = the
// feed's title, language, url): the HTML reader takes the page's own
// metadata first and falls back to these. When the page cannot be had (an
// error, a non-HTML answer, a link that is not http or https) but the item
// carries substantial content of its own (Options.MinContent characters of
// text), that content is handed over instead, marked Meta["source"] =
// "feed" with the reason in Meta["fetch_error"].
//
// "New" is kept in a Seen set under two keys per item: its GUID within its
// feed, and its normalised link, so that an item re-published with a new
// GUID or listed by two feeds is fetched once. Conditional GET validators
// (ETag, Last-Modified) are remembered per URL in Validators, for the feed
// and for pages. Both are interfaces with in-memory defaults; the caller
// may back them with its store to persist them across runs.
//
// Crash safety: an item is added to Seen, and the validators of its page
// and feed are kept, only when Next is called again after the item was
// handed over (the caller has taken it), never when it is fetched. A feed's
// validator is kept once all of that feed's items have been taken, so a
// crash never makes a 304 hide items that were not ingested. A Seen backed
// by a store can go further and answer Has from the articles it holds,
// making an item seen only once it is stored.
//
// An item that fails (no page, no substantial content) is retried at the
// next polls and marked seen after Options.MaxAttempts failures, so that a
// dead link is not reported forever.
//
// Errors: *FeedError (a feed could not be fetched or parsed) and
// *ItemError (one item could not be had) concern one input: the Source goes
// on at the next call, and the Input returned with the error carries the
// feed or item URL in Name and URL. Any other error (the context ending, a
// Seen or Validators failure) ends the Source: it is returned once, then
// io.EOF.
package feed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	xhtml "golang.org/x/net/html"

	"github.com/saywho/saywho/article"
	"github.com/saywho/saywho/fetch"
)

// Defaults for zero Options fields.
const (
	DefaultMinContent  = 500
	DefaultMaxAttempts = 3
	DefaultMaxSeen     = 200_000
)

// Accept headers: what a feed reader and a browser would ask for.
const (
	acceptFeed = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
	acceptPage = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1"
)

// Seen is the set of items already handed over. Keys are opaque strings of
// at most a few hundred bytes.
type Seen interface {
	Has(ctx context.Context, key string) (bool, error)
	Add(ctx context.Context, key string) error
}

// Validators remembers the conditional-GET validators of URLs.
type Validators interface {
	Get(ctx context.Context, url string) (fetch.Validator, error)
	Put(ctx context.Context, url string, v fetch.Validator) error
}

// Options configures a Source.
type Options struct {
	// Client fetches feeds and pages; share one per process so that the
	// per-host rate limit holds across sources. Nil: fetch.New with
	// default options.
	Client *fetch.Client
	// Seen and Validators default to in-memory sets.
	Seen       Seen
	Validators Validators
	// Every > 0 polls the feeds again every Every until the context ends;
	// 0 reads them once and then returns io.EOF.
	Every time.Duration
	// MinContent is the number of characters of text an item's own
	// content needs to stand in for a page that could not be fetched.
	MinContent int
	// MaxAttempts is how many polls a failing item is tried in.
	MaxAttempts int
}

// ErrNotHTML is wrapped by an ItemError for a page that is not HTML or
// plain text.
var ErrNotHTML = errors.New("page is not HTML")

// ErrNoLink is wrapped by an ItemError for an item without a link and
// without substantial content.
var ErrNoLink = errors.New("item has no link")

// FeedError is the failure of one feed: unreachable, too large, malformed.
type FeedError struct {
	URL string
	Err error
}

func (e *FeedError) Error() string { return fmt.Sprintf("feed %s: %v", e.URL, e.Err) }
func (e *FeedError) Unwrap() error { return e.Err }

// ItemError is the failure of one item of a feed.
type ItemError struct {
	Feed  string // feed URL
	URL   string // item link, or the GUID when there is no link
	Title string
	Err   error
}

func (e *ItemError) Error() string {
	return fmt.Sprintf("feed %s: item %s: %v", e.Feed, e.URL, e.Err)
}
func (e *ItemError) Unwrap() error { return e.Err }

// Source hands over new feed items as article.Input. It is not safe for
// concurrent use.
type Source struct {
	urls []string
	opts Options

	feedIdx   int    // index of the next feed to fetch in this round
	items     []item // items of the current feed still to process
	feedAck   *ack   // the current feed's validator, kept when its items are done
	pending   []ack  // what the last item handed over commits on the next call
	failures  map[string]int
	roundFrom time.Time
	done      bool
}

// item is one feed entry with what it needs from its feed.
type item struct {
	feedURL string
	link    string // absolute, or "" when none
	keys    []string
	it      *gofeed.Item
	meta    map[string]string
}

// ack is a commitment deferred until the caller comes back for more.
type ack struct {
	keys      []string // Seen keys
	url       string   // validator to keep, if url != ""
	validator fetch.Validator
}

// New returns a Source over the given feed URLs.
func New(urls []string, opts Options) *Source {
	if opts.Client == nil {
		opts.Client = fetch.New(fetch.Options{})
	}
	if opts.Seen == nil {
		opts.Seen = NewMemorySeen(DefaultMaxSeen)
	}
	if opts.Validators == nil {
		opts.Validators = NewMemoryValidators(DefaultMaxSeen)
	}
	if opts.MinContent <= 0 {
		opts.MinContent = DefaultMinContent
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = DefaultMaxAttempts
	}
	return &Source{
		urls:      append([]string(nil), urls...),
		opts:      opts,
		failures:  make(map[string]int),
		roundFrom: time.Now(),
	}
}

// Next returns the next new item. See the package comment for its errors.
func (s *Source) Next(ctx context.Context) (article.Input, error) {
	if s.done {
		return article.Input{}, io.EOF
	}
	in, err := s.next(ctx)
	if err != nil && !isPerInput(err) && err != io.EOF {
		s.done = true
	}
	return in, err
}

func isPerInput(err error) bool {
	var fe *FeedError
	var ie *ItemError
	return errors.As(err, &fe) || errors.As(err, &ie)
}

func (s *Source) next(ctx context.Context) (article.Input, error) {
	if err := s.commit(ctx, s.pending); err != nil {
		return article.Input{}, err
	}
	s.pending = nil
	for {
		if err := ctx.Err(); err != nil {
			return article.Input{}, err
		}
		if len(s.items) > 0 {
			it := s.items[0]
			s.items = s.items[1:]
			in, err := s.item(ctx, it)
			if err == errSkip {
				continue
			}
			return in, err
		}
		if s.feedAck != nil {
			// Every item of the feed has been taken: its validator may
			// now make the next poll conditional.
			if err := s.commit(ctx, []ack{*s.feedAck}); err != nil {
				return article.Input{}, err
			}
			s.feedAck = nil
		}
		if s.feedIdx < len(s.urls) {
			u := s.urls[s.feedIdx]
			s.feedIdx++
			if err := s.loadFeed(ctx, u); err != nil {
				return article.Input{Name: u, URL: u}, err
			}
			continue
		}
		if s.opts.Every <= 0 {
			return article.Input{}, io.EOF
		}
		wait := time.Until(s.roundFrom.Add(s.opts.Every))
		if wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return article.Input{}, ctx.Err()
			case <-t.C:
			}
		}
		s.roundFrom = time.Now()
		s.feedIdx = 0
	}
}

func (s *Source) commit(ctx context.Context, acks []ack) error {
	for _, a := range acks {
		for _, k := range a.keys {
			if err := s.opts.Seen.Add(ctx, k); err != nil {
				return fmt.Errorf("feed: remembering seen item: %w", err)
			}
		}
		if a.url != "" && !a.validator.Zero() {
			if err := s.opts.Validators.Put(ctx, a.url, a.validator); err != nil {
				return fmt.Errorf("feed: remembering validator of %s: %w", a.url, err)
			}
		}
	}
	return nil
}

// loadFeed fetches and parses one feed and queues its items that are not
// seen yet. A 304 queues nothing.
func (s *Source) loadFeed(ctx context.Context, feedURL string) error {
	v, err := s.opts.Validators.Get(ctx, feedURL)
	if err != nil {
		return fmt.Errorf("feed: validator of %s: %w", feedURL, err)
	}
	resp, err := s.opts.Client.Fetch(ctx, fetch.Request{URL: feedURL, Accept: acceptFeed, Validator: v})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &FeedError{URL: feedURL, Err: err}
	}
	if resp.NotModified {
		return nil
	}
	f, err := Parse(resp.Body)
	if err != nil {
		return &FeedError{URL: feedURL, Err: err}
	}
	base, _ := url.Parse(resp.URL)
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		item := item{feedURL: feedURL, it: it, link: resolve(base, it.Link)}
		if it.GUID != "" {
			item.keys = append(item.keys, "guid "+feedURL+" "+it.GUID)
		}
		if item.link != "" {
			item.keys = append(item.keys, "link "+normalise(item.link))
		}
		if len(item.keys) == 0 { // neither: the title is all there is
			item.keys = append(item.keys, "title "+feedURL+" "+it.Title)
		}
		seen, err := s.seen(ctx, item.keys)
		if err != nil {
			return err
		}
		if seen {
			continue
		}
		item.meta = meta(feedURL, f, it, item.link)
		s.items = append(s.items, item)
	}
	s.feedAck = &ack{url: feedURL, validator: resp.Validator}
	return nil
}

func (s *Source) seen(ctx context.Context, keys []string) (bool, error) {
	for _, k := range keys {
		ok, err := s.opts.Seen.Has(ctx, k)
		if err != nil {
			return false, fmt.Errorf("feed: looking up seen item: %w", err)
		}
		if ok {
			return true, nil
		}
	}
	return false, nil
}

var errSkip = errors.New("skip")

// item fetches one item's page, or falls back to its own content.
func (s *Source) item(ctx context.Context, it item) (article.Input, error) {
	// The item may have been taken from another feed since it was queued.
	if seen, err := s.seen(ctx, it.keys); err != nil || seen {
		if err == nil {
			err = errSkip
		}
		return article.Input{}, err
	}
	name := it.link
	if name == "" {
		name = it.feedURL + "#" + it.it.GUID
	}
	in := article.Input{ID: name, Name: name, URL: it.link, Meta: it.meta}

	var fetchErr error
	if it.link == "" {
		fetchErr = ErrNoLink
	} else {
		v, err := s.opts.Validators.Get(ctx, it.link)
		if err != nil {
			return article.Input{}, fmt.Errorf("feed: validator of %s: %w", it.link, err)
		}
		resp, err := s.opts.Client.Fetch(ctx, fetch.Request{URL: it.link, Accept: acceptPage, Validator: v})
		switch {
		case err != nil:
			if ctx.Err() != nil {
				return article.Input{}, ctx.Err()
			}
			fetchErr = err
		case resp.NotModified:
			// Fetched and handed over before; the page has not changed.
			s.pending = []ack{{keys: it.keys}}
			return article.Input{}, errSkip
		case !isPage(resp.ContentType):
			fetchErr = fmt.Errorf("%w: %s is %s", ErrNotHTML, resp.URL, resp.ContentType)
		default:
			in.URL = resp.URL
			in.ContentType = resp.Header.Get("Content-Type")
			in.Body = resp.Body
			in.Fetched = resp.Fetched
			in.Meta["source"] = "page"
			s.pending = []ack{{keys: it.keys, url: it.link, validator: resp.Validator}}
			delete(s.failures, it.keys[0])
			return in, nil
		}
	}

	if body, ok := fallback(it.it, s.opts.MinContent); ok {
		in.ContentType = "text/html; charset=utf-8"
		in.Body = body
		in.Fetched = time.Now().UTC()
		in.Meta["source"] = "feed"
		in.Meta["fetch_error"] = fetchErr.Error()
		s.pending = []ack{{keys: it.keys}}
		delete(s.failures, it.keys[0])
		return in, nil
	}
	if len(s.failures) > 10_000 { // items that left their feeds while failing
		clear(s.failures)
	}
	s.failures[it.keys[0]]++
	if s.failures[it.keys[0]] >= s.opts.MaxAttempts || s.opts.Every <= 0 {
		delete(s.failures, it.keys[0])
		s.pending = []ack{{keys: it.keys}}
	}
	return in, &ItemError{Feed: it.feedURL, URL: name, Title: it.it.Title, Err: fetchErr}
}

func isPage(mediaType string) bool {
	switch mediaType {
	case "text/html", "application/xhtml+xml", "text/plain", "":
		return true
	}
	return false
}

// Parse parses an RSS, Atom or JSON feed. It is what the Source uses, and
// is exported for tests and tools that hold a feed already.
func Parse(body []byte) (*gofeed.Feed, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, errors.New("empty feed")
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("parsing feed: %w", err)
	}
	return f, nil
}

// meta is what the feed knows of an item, under the keys article.Input
// documents.
func meta(feedURL string, f *gofeed.Feed, it *gofeed.Item, link string) map[string]string {
	m := map[string]string{"feed": feedURL}
	set := func(k, v string) {
		if v = strings.TrimSpace(v); v != "" {
			m[k] = v
		}
	}
	set("title", html.UnescapeString(it.Title))
	set("outlet", f.Title)
	set("language", f.Language)
	set("url", link)
	set("guid", it.GUID)
	var authors []string
	for _, p := range it.Authors {
		if p != nil && strings.TrimSpace(p.Name) != "" {
			authors = append(authors, strings.TrimSpace(p.Name))
		}
	}
	if len(authors) == 0 && it.DublinCoreExt != nil {
		authors = it.DublinCoreExt.Creator
	}
	set("author", strings.Join(authors, ", "))
	if it.PublishedParsed != nil {
		set("published", it.PublishedParsed.UTC().Format(time.RFC3339))
	} else {
		set("published", it.Published)
	}
	if it.UpdatedParsed != nil {
		set("updated", it.UpdatedParsed.UTC().Format(time.RFC3339))
	} else {
		set("updated", it.Updated)
	}
	return m
}

// fallback wraps an item's own content as an HTML page when it holds at
// least min characters of text.
func fallback(it *gofeed.Item, min int) ([]byte, bool) {
	content := it.Content
	if textLen(it.Description) > textLen(content) {
		content = it.Description
	}
	if textLen(content) < min {
		return nil, false
	}
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
	b.WriteString(html.EscapeString(html.UnescapeString(it.Title)))
	b.WriteString("</title></head><body><article>\n")
	if !strings.Contains(content, "<") {
		// Plain text content: keep its paragraphs.
		for _, p := range strings.Split(content, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				b.WriteString("<p>" + html.EscapeString(p) + "</p>\n")
			}
		}
	} else {
		b.WriteString(content)
	}
	b.WriteString("\n</article></body></html>\n")
	return b.Bytes(), true
}

// textLen counts the characters of text in an HTML fragment, ignoring
// markup and runs of white space.
func textLen(fragment string) int {
	z := xhtml.NewTokenizer(strings.NewReader(fragment))
	n := 0
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return n
		case xhtml.TextToken:
			n += utf8.RuneCountInString(strings.Join(strings.Fields(string(z.Text())), " "))
		}
	}
}

// resolve makes an item link absolute against the feed's URL; it returns
// "" for an empty link.
func resolve(base *url.URL, link string) string {
	link = strings.TrimSpace(link)
	if link == "" {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil {
		return link // fetch reports the bad URL
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	return u.String()
}

// normalise reduces a link to what identifies the page: no fragment,
// lower-case scheme and host, no tracking parameters.
func normalise(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return link
	}
	u.Fragment, u.RawFragment = "", ""
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			if strings.HasPrefix(strings.ToLower(k), "utm_") {
				q.Del(k)
			}
		}
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// MemorySeen is an in-memory Seen holding at most max keys; the oldest go
// first, which is safe because feeds drop their old items long before.
type MemorySeen struct {
	mu   sync.Mutex
	ring fifo[struct{}]
}

// NewMemorySeen returns an empty set of at most max keys.
func NewMemorySeen(max int) *MemorySeen {
	return &MemorySeen{ring: newFIFO[struct{}](max)}
}

// Has reports whether key was added.
func (m *MemorySeen) Has(_ context.Context, key string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.ring.get(key)
	return ok, nil
}

// Add adds key.
func (m *MemorySeen) Add(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ring.put(key, struct{}{})
	return nil
}

// MemoryValidators is an in-memory Validators of at most max URLs.
type MemoryValidators struct {
	mu   sync.Mutex
	ring fifo[fetch.Validator]
}

// NewMemoryValidators returns an empty store of at most max URLs.
func NewMemoryValidators(max int) *MemoryValidators {
	return &MemoryValidators{ring: newFIFO[fetch.Validator](max)}
}

// Get returns the validator kept for url, or the zero Validator.
func (m *MemoryValidators) Get(_ context.Context, url string) (fetch.Validator, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, _ := m.ring.get(url)
	return v, nil
}

// Put keeps v for url.
func (m *MemoryValidators) Put(_ context.Context, url string, v fetch.Validator) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ring.put(url, v)
	return nil
}

// fifo is a map that forgets its oldest keys past a size.
type fifo[V any] struct {
	max   int
	m     map[string]V
	order []string // insertion order, oldest first
}

func newFIFO[V any](limit int) fifo[V] {
	return fifo[V]{max: max(limit, 1), m: make(map[string]V)}
}

func (f *fifo[V]) get(k string) (V, bool) {
	v, ok := f.m[k]
	return v, ok
}

func (f *fifo[V]) put(k string, v V) {
	if _, ok := f.m[k]; !ok {
		f.order = append(f.order, k)
	}
	f.m[k] = v
	for len(f.m) > f.max {
		delete(f.m, f.order[0])
		f.order = f.order[1:]
	}
}
