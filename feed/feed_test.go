package feed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/saywho/saywho/article"
	"github.com/saywho/saywho/fetch"
)

func testClient(maxBytes int64) *fetch.Client {
	return fetch.New(fetch.Options{
		AllowPrivateNetworks: true,
		HostInterval:         -1,
		Backoff:              time.Millisecond,
		Retries:              -1,
		MaxBytes:             maxBytes,
		HeaderTimeout:        500 * time.Millisecond,
		Timeout:              2 * time.Second,
	})
}

func htmlPage(title string) string {
	return "<!DOCTYPE html><html><head><title>" + title + "</title></head><body><p>" + title + ", Peskov said.</p></body></html>"
}

var longContent = strings.Repeat("The spokesman told reporters that the talks would go on. ", 12)

func rss(items ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Example News</title><link>https://news.example/</link><language>en</language>
` + strings.Join(items, "\n") + `
</channel></rss>`
}

func rssItem(guid, link, title string, extra ...string) string {
	return fmt.Sprintf(`<item><guid>%s</guid><link>%s</link><title>%s</title><pubDate>Fri, 29 Nov 2024 10:15:00 +0300</pubDate><dc:creator>Jane Reporter</dc:creator>%s</item>`,
		guid, link, title, strings.Join(extra, ""))
}

// server is a news site: feeds and pages, counting requests per path.
type server struct {
	*httptest.Server
	mu    sync.Mutex
	hits  map[string]int
	feeds map[string]func(w http.ResponseWriter, r *http.Request)
}

func newServer(t *testing.T) *server {
	s := &server{hits: map[string]int{}, feeds: map[string]func(http.ResponseWriter, *http.Request){}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		h := s.feeds[r.URL.Path]
		s.mu.Unlock()
		if h != nil {
			h(w, r)
			return
		}
		switch {
		case strings.HasPrefix(r.URL.Path, "/page/"):
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("ETag", `"`+r.URL.Path+`"`)
			io.WriteString(w, htmlPage(strings.TrimPrefix(r.URL.Path, "/page/")))
		case r.URL.Path == "/doc.pdf":
			w.Header().Set("Content-Type", "application/pdf")
			io.WriteString(w, "%PDF-1.4")
		case r.URL.Path == "/huge":
			w.Header().Set("Content-Type", "text/html")
			for range 1024 {
				w.Write(bytes.Repeat([]byte("<p>x</p>"), 128))
			}
		case r.URL.Path == "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) handle(path string, h func(w http.ResponseWriter, r *http.Request)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.feeds[path] = h
}

func (s *server) static(path, contentType, body string) {
	s.handle(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		io.WriteString(w, body)
	})
}

func (s *server) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// call is one Next result.
type call struct {
	in  article.Input
	err error
}

// drain calls Next until io.EOF.
func drain(t *testing.T, ctx context.Context, src *Source) []call {
	t.Helper()
	var out []call
	for i := 0; i < 200; i++ {
		in, err := src.Next(ctx)
		if err == io.EOF {
			return out
		}
		out = append(out, call{in, err})
	}
	t.Fatal("source never ended")
	return nil
}

func TestRSS(t *testing.T) {
	srv := newServer(t)
	srv.static("/rss.xml", "application/rss+xml", rss(
		rssItem("g1", srv.URL+"/page/one", "One &amp; only"),
		rssItem("g2", "/page/two", "Relative link"),
		rssItem("g3", srv.URL+"/doc.pdf", "A PDF"),
		rssItem("g4", srv.URL+"/missing", "Gone, but with content", "<description><![CDATA[<p>"+longContent+"</p>]]></description>"),
		rssItem("g5", "file:///etc/passwd", "Local file"),
		rssItem("g6", srv.URL+"/loop", "Redirect loop"),
		rssItem("g7", srv.URL+"/page/one#comments", "Same page again"),
		rssItem("g8", srv.URL+"/huge", "A megabyte page"),
	))
	src := New([]string{srv.URL + "/rss.xml"}, Options{Client: testClient(256 << 10)})
	got := drain(t, context.Background(), src)

	type want struct {
		name   string
		source string // Meta["source"], or "" for an error
		err    error
	}
	wants := []want{
		{srv.URL + "/page/one", "page", nil},
		{srv.URL + "/page/two", "page", nil},
		{srv.URL + "/doc.pdf", "", ErrNotHTML},
		{srv.URL + "/missing", "feed", nil},
		{"file:///etc/passwd", "", fetch.ErrScheme},
		{srv.URL + "/loop", "", fetch.ErrRedirects},
		{srv.URL + "/huge", "", fetch.ErrTooLarge},
	}
	if len(got) != len(wants) {
		for _, c := range got {
			t.Logf("%s %v", c.in.Name, c.err)
		}
		t.Fatalf("got %d results, want %d", len(got), len(wants))
	}
	for i, w := range wants {
		c := got[i]
		if c.in.Name != w.name {
			t.Errorf("%d: name %q, want %q", i, c.in.Name, w.name)
		}
		if w.err != nil {
			var ie *ItemError
			if !errors.Is(c.err, w.err) || !errors.As(c.err, &ie) || !strings.Contains(c.err.Error(), w.name) {
				t.Errorf("%s: error %v, want an ItemError naming the item, wrapping %v", w.name, c.err, w.err)
			}
			continue
		}
		if c.err != nil {
			t.Errorf("%s: %v", w.name, c.err)
			continue
		}
		if c.in.Meta["source"] != w.source {
			t.Errorf("%s: source %q, want %q", w.name, c.in.Meta["source"], w.source)
		}
	}

	one := got[0].in
	if !strings.HasPrefix(one.ContentType, "text/html") || string(one.Body) != htmlPage("one") || one.Fetched.IsZero() {
		t.Errorf("page one: %q %q %v", one.ContentType, one.Body, one.Fetched)
	}
	wantMeta := map[string]string{
		"title": "One & only", "outlet": "Example News", "author": "Jane Reporter",
		"published": "2024-11-29T07:15:00Z", "language": "en", "url": srv.URL + "/page/one",
		"guid": "g1", "feed": srv.URL + "/rss.xml", "source": "page",
	}
	for k, v := range wantMeta {
		if one.Meta[k] != v {
			t.Errorf("Meta[%q] = %q, want %q", k, one.Meta[k], v)
		}
	}
	fb := got[3].in
	if !bytes.Contains(fb.Body, []byte(longContent[:100])) || fb.Meta["fetch_error"] == "" || !strings.Contains(string(fb.Body), "<title>Gone, but with content</title>") {
		t.Errorf("fallback: %q, meta %v", fb.Body, fb.Meta)
	}
	// The page the fallback replaced must read as an article.
	if a, err := article.Read(fb); err != nil || !strings.Contains(a.Text, "told reporters") {
		t.Errorf("fallback does not read as an article: %v", err)
	}
	if n := srv.count("/page/one"); n != 1 {
		t.Errorf("/page/one fetched %d times; the second item links the same page", n)
	}
}

func TestAtom(t *testing.T) {
	srv := newServer(t)
	srv.static("/atom.xml", "application/atom+xml", `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Atom Wire</title>
  <id>urn:uuid:60a76c80-d399-11d9-b91C-0003939e0af6</id>
  <updated>2024-11-29T12:00:00Z</updated>
  <entry>
    <title>Talks hindered</title>
    <link href="`+srv.URL+`/page/atom1"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <published>2024-11-29T09:00:00+01:00</published>
    <updated>2024-11-29T11:30:00Z</updated>
    <author><name>A. Writer</name></author>
    <author><name>B. Writer</name></author>
    <summary>Short.</summary>
  </entry>
</feed>`)
	got := drain(t, context.Background(), New([]string{srv.URL + "/atom.xml"}, Options{Client: testClient(0)}))
	if len(got) != 1 || got[0].err != nil {
		t.Fatalf("got %+v", got)
	}
	m := got[0].in.Meta
	if m["outlet"] != "Atom Wire" || m["author"] != "A. Writer, B. Writer" || m["published"] != "2024-11-29T08:00:00Z" ||
		m["updated"] != "2024-11-29T11:30:00Z" || m["title"] != "Talks hindered" || m["language"] != "en" {
		t.Errorf("meta %v", m)
	}
	if got[0].in.ID != srv.URL+"/page/atom1" {
		t.Errorf("ID %q", got[0].in.ID)
	}
}

// TestPolling: the second poll is conditional and gets 304; a later
// version of the feed yields only its new item; no page is fetched twice.
func TestPolling(t *testing.T) {
	srv := newServer(t)
	const lastMod = "Fri, 29 Nov 2024 10:00:00 GMT"
	var version atomic.Int32 // 1, then 2 after the first 304
	version.Store(1)
	var notModified atomic.Int32
	// Cancelled by the server once the test has seen enough; the timeout
	// only keeps a broken Source from hanging the test.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	srv.handle("/rss.xml", func(w http.ResponseWriter, r *http.Request) {
		v := version.Load()
		etag := fmt.Sprintf(`"v%d"`, v)
		if r.Header.Get("If-None-Match") == etag && r.Header.Get("If-Modified-Since") == lastMod {
			w.WriteHeader(http.StatusNotModified)
			switch notModified.Add(1) {
			case 1:
				version.Store(2) // a new item appears
			case 2:
				cancel() // seen both kinds of poll: stop
			}
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		items := []string{
			rssItem("a", srv.URL+"/page/a", "A"),
			rssItem("b", srv.URL+"/page/b", "B"),
		}
		if v == 2 {
			items = append([]string{rssItem("c", srv.URL+"/page/c", "C")}, items...)
		}
		io.WriteString(w, rss(items...))
	})
	src := New([]string{srv.URL + "/rss.xml"}, Options{Client: testClient(0), Every: 10 * time.Millisecond})
	got := drain(t, ctx, src)
	var names []string
	for _, c := range got[:len(got)-1] {
		if c.err != nil {
			t.Fatalf("unexpected error %v", c.err)
		}
		names = append(names, strings.TrimPrefix(c.in.Name, srv.URL))
	}
	if strings.Join(names, " ") != "/page/a /page/b /page/c" {
		t.Errorf("items %v, want a, b, then c", names)
	}
	if last := got[len(got)-1].err; !errors.Is(last, context.Canceled) {
		t.Errorf("last result %v, want context.Canceled once, then io.EOF", last)
	}
	for _, p := range []string{"/page/a", "/page/b", "/page/c"} {
		if n := srv.count(p); n != 1 {
			t.Errorf("%s fetched %d times, want 1", p, n)
		}
	}
	if n := notModified.Load(); n != 2 {
		t.Errorf("%d not-modified answers, want 2", n)
	}
}

// TestSeenOnlyWhenTaken: an item counts as seen only when the caller comes
// back for the next one.
func TestSeenOnlyWhenTaken(t *testing.T) {
	srv := newServer(t)
	srv.static("/rss.xml", "application/rss+xml", rss(rssItem("a", srv.URL+"/page/a", "A"), rssItem("b", srv.URL+"/page/b", "B")))
	seen := NewMemorySeen(100)
	src := New([]string{srv.URL + "/rss.xml"}, Options{Client: testClient(0), Seen: seen})
	ctx := context.Background()
	key := "link " + srv.URL + "/page/a"
	if _, err := src.Next(ctx); err != nil {
		t.Fatal(err)
	}
	if ok, _ := seen.Has(ctx, key); ok {
		t.Error("item a is seen before the caller took it")
	}
	if _, err := src.Next(ctx); err != nil {
		t.Fatal(err)
	}
	if ok, _ := seen.Has(ctx, key); !ok {
		t.Error("item a is not seen after the caller asked for the next")
	}
	// A new source sharing the set finds nothing new but b (not yet taken).
	got := drain(t, ctx, New([]string{srv.URL + "/rss.xml"}, Options{Client: testClient(0), Seen: seen}))
	if len(got) != 1 || got[0].in.Name != srv.URL+"/page/b" {
		t.Errorf("second source: %+v", got)
	}
}

func TestFailingItemRetried(t *testing.T) {
	srv := newServer(t)
	// Cancelled by the server once the test has seen enough; the timeout
	// only keeps a broken Source from hanging the test.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var polls atomic.Int32
	srv.handle("/rss.xml", func(w http.ResponseWriter, r *http.Request) {
		if polls.Add(1) == 6 {
			cancel()
		}
		io.WriteString(w, rss(rssItem("dead", srv.URL+"/dead", "Dead link")))
	})
	src := New([]string{srv.URL + "/rss.xml"}, Options{Client: testClient(0), Every: 5 * time.Millisecond, MaxAttempts: 3})
	var itemErrs int
	for _, c := range drain(t, ctx, src) {
		var ie *ItemError
		if errors.As(c.err, &ie) {
			itemErrs++
		}
	}
	if itemErrs != 3 || srv.count("/dead") != 3 {
		t.Errorf("%d item errors, %d fetches of the dead link; want 3 and 3", itemErrs, srv.count("/dead"))
	}
}

func TestHostileFeeds(t *testing.T) {
	srv := newServer(t)
	srv.static("/malformed.xml", "application/rss+xml", `<rss version="2.0"><channel><title>Broken</title><item><title>x</item></channel>`)
	srv.static("/notafeed", "text/html", "<html><body>hello</body></html>")
	srv.static("/empty", "application/rss+xml", "")
	srv.static("/huge.xml", "application/rss+xml", rss(strings.Repeat(rssItem("g", srv.URL+"/page/x", "x"), 5000)))
	srv.static("/laughs.xml", "application/rss+xml", `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><link>`+srv.URL+`/page/lol</link></item></channel></rss>`)
	srv.handle("/slow.xml", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	srv.static("/good.xml", "application/rss+xml", rss(rssItem("ok", srv.URL+"/page/ok", "OK")))

	feeds := []string{"/malformed.xml", "/notafeed", "/empty", "/huge.xml", "/slow.xml", "/loop", "/missing"}
	var urls []string
	for _, f := range feeds {
		urls = append(urls, srv.URL+f)
	}
	urls = append(urls, "file:///etc/passwd", srv.URL+"/laughs.xml", srv.URL+"/good.xml")
	src := New(urls, Options{Client: testClient(64 << 10)})
	got := drain(t, context.Background(), src)

	var feedErrs []string
	var pages []string
	for _, c := range got {
		var fe *FeedError
		switch {
		case errors.As(c.err, &fe):
			if c.in.Name != fe.URL || !strings.Contains(c.err.Error(), fe.URL) {
				t.Errorf("feed error %q with Input.Name %q", c.err, c.in.Name)
			}
			feedErrs = append(feedErrs, strings.TrimPrefix(fe.URL, srv.URL))
		case c.err != nil:
			t.Errorf("unexpected error %v", c.err)
		default:
			pages = append(pages, strings.TrimPrefix(c.in.Name, srv.URL))
		}
	}
	wantErrs := append(append([]string{}, feeds...), "file:///etc/passwd")
	if strings.Join(feedErrs, " ") != strings.Join(wantErrs, " ") {
		t.Errorf("feed errors for\n%v\nwant\n%v", feedErrs, wantErrs)
	}
	// The entity bomb is not expanded: its item has an empty title but
	// still links a page; the good feed comes through after all of it.
	if strings.Join(pages, " ") != "/page/lol /page/ok" {
		t.Errorf("pages %v", pages)
	}
	for _, c := range got {
		if len(c.in.Meta["title"]) > 1000 || len(c.in.Meta["outlet"]) > 1000 {
			t.Errorf("entity expanded into meta: %d bytes", len(c.in.Meta["title"]))
		}
	}
}

func TestMemorySeenBounded(t *testing.T) {
	ctx := context.Background()
	s := NewMemorySeen(3)
	for _, k := range []string{"a", "b", "c", "a", "d"} {
		s.Add(ctx, k)
	}
	for k, want := range map[string]bool{"a": false, "b": true, "c": true, "d": true, "e": false} {
		if got, _ := s.Has(ctx, k); got != want {
			t.Errorf("Has(%q) = %v, want %v", k, got, want)
		}
	}
}

func TestNormalise(t *testing.T) {
	for in, want := range map[string]string{
		"HTTPS://News.Example/a?utm_source=rss&id=3#top": "https://news.example/a?id=3",
		"https://news.example/a":                         "https://news.example/a",
		"https://news.example/a?utm_medium=x":            "https://news.example/a",
	} {
		if got := normalise(in); got != want {
			t.Errorf("normalise(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(rss(rssItem("g1", "https://x/a", "A", "<description>"+longContent+"</description>"))))
	f.Add([]byte(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>E</title><link href="/a"/><author><name>N</name></author><content type="html">&lt;p&gt;x&lt;/p&gt;</content></entry></feed>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","url":"https://x/1","content_html":"<p>x</p>"}]}`))
	f.Add([]byte(`<rss><channel><item><title>&lol;</title></item></channel></rss>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		feed, err := Parse(data)
		if err != nil {
			return
		}
		for _, it := range feed.Items {
			if it == nil {
				continue
			}
			meta("https://x/feed", feed, it, resolve(nil, it.Link))
			fallback(it, 10)
			normalise(it.Link)
		}
	})
}
