package warc

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	gowarc "github.com/nlnwa/gowarc/v3"

	"github.com/saywho/saywho/article"
)

var update = flag.Bool("update", false, "rewrite testdata/sample.* from the records built in the test")

// rec is a WARC record to build for a test.
type rec struct {
	typ   gowarc.RecordType
	uri   string
	ctype string // WARC Content-Type
	block string
}

func page(title string) string {
	return "<!DOCTYPE html><html><head><title>" + title + "</title></head><body><p>" +
		title + " said the talks would go on.</p></body></html>"
}

func httpResponse(status, header, body string) string {
	if header != "" {
		header += "\r\n"
	}
	return fmt.Sprintf("HTTP/1.1 %s\r\n%sContent-Length: %d\r\n\r\n%s", status, header, len(body), body)
}

func gzipped(s string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	io.WriteString(w, s)
	w.Close()
	return b.String()
}

func brotlied(s string) string {
	var b bytes.Buffer
	w := brotli.NewWriter(&b)
	io.WriteString(w, s)
	w.Close()
	return b.String()
}

func chunked(s string) string {
	half := len(s) / 2
	return fmt.Sprintf("%x\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n", half, s[:half], len(s)-half, s[half:])
}

const httpMsg = "application/http;msgtype=response"

// sampleRecords is a small crawl: everything a Common Crawl News file holds
// and the codings a reader must undo.
func sampleRecords() []rec {
	return []rec{
		{gowarc.Warcinfo, "", "application/warc-fields", "software: saywho test\r\nformat: WARC File Format 1.1\r\n"},
		{gowarc.Request, "https://news.example/a", "application/http;msgtype=request", "GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n"},
		{gowarc.Response, "https://news.example/a", httpMsg, httpResponse("200 OK", "Content-Type: text/html; charset=utf-8", page("Plain"))},
		{gowarc.Metadata, "https://news.example/a", "application/warc-fields", "fetchTimeMs: 120\r\n"},
		{gowarc.Response, "https://news.example/missing", httpMsg, httpResponse("404 Not Found", "Content-Type: text/html", page("Missing"))},
		{gowarc.Response, "https://news.example/logo.png", httpMsg, httpResponse("200 OK", "Content-Type: image/png", "\x89PNG\r\n\x1a\n")},
		{gowarc.Response, "https://news.example/gz", httpMsg, httpResponse("200 OK", "Content-Type: text/html\r\nContent-Encoding: gzip", gzipped(page("Gzipped")))},
		{gowarc.Response, "https://news.example/chunked", httpMsg, httpResponse("200 OK", "Content-Type: text/html\r\nTransfer-Encoding: chunked", chunked(page("Chunked")))},
		{gowarc.Response, "https://news.example/br", httpMsg, httpResponse("200 OK", "Content-Type: text/html\r\nContent-Encoding: br\r\nContent-Language: en-GB, fr", brotlied(page("Brotli")))},
		{gowarc.Response, "https://news.example/xhtml", httpMsg, httpResponse("200 OK", "Content-Type: application/xhtml+xml", page("XHTML"))},
		{gowarc.Response, "https://news.example/untyped", httpMsg, httpResponse("200 OK", "", page("Untyped"))},
		{gowarc.Response, "https://news.example/decoded", httpMsg, httpResponse("200 OK", "Content-Type: text/html\r\nContent-Encoding: gzip", page("Stored decoded"))},
	}
}

// wantURLs are the sample's HTML 200 responses, in order.
var wantURLs = []string{
	"https://news.example/a", "https://news.example/gz", "https://news.example/chunked",
	"https://news.example/br", "https://news.example/xhtml", "https://news.example/untyped",
	"https://news.example/decoded",
}

var sampleDate = time.Date(2024, 11, 29, 10, 15, 0, 0, time.UTC)

// build marshals records with gowarc's writer: plain, one gzip member per
// record, or one gzip stream for the whole file.
func build(t testing.TB, recs []rec, compression string) []byte {
	t.Helper()
	var out, whole bytes.Buffer
	var wholeGz *gzip.Writer
	if compression == "whole" {
		wholeGz = gzip.NewWriter(&whole)
	}
	for i, r := range recs {
		b := gowarc.NewRecordBuilder(r.typ, gowarc.WithAddMissingDigest(true))
		b.AddWarcHeader(gowarc.WarcRecordID, fmt.Sprintf("<urn:uuid:00000000-0000-4000-8000-%012d>", i))
		b.AddWarcHeaderTime(gowarc.WarcDate, sampleDate.Add(time.Duration(i)*time.Second))
		if r.uri != "" {
			b.AddWarcHeader(gowarc.WarcTargetURI, r.uri)
		}
		b.AddWarcHeader(gowarc.ContentType, r.ctype)
		if _, err := b.WriteString(r.block); err != nil {
			t.Fatal(err)
		}
		wr, _, err := b.Build()
		if err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		var one bytes.Buffer
		if _, _, err := gowarc.NewMarshaler().Marshal(&one, wr, 0); err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		wr.Close()
		switch compression {
		case "gz":
			out.WriteString(gzipped(one.String()))
		case "whole":
			wholeGz.Write(one.Bytes())
		default:
			out.Write(one.Bytes())
		}
	}
	if wholeGz != nil {
		wholeGz.Close()
		return whole.Bytes()
	}
	return out.Bytes()
}

// result is one call of Next, in a form tests compare and golden files hold.
type result struct {
	ID          string            `json:"id,omitempty"`
	Name        string            `json:"name,omitempty"`
	URL         string            `json:"url,omitempty"`
	ContentType string            `json:"content_type,omitempty"`
	Fetched     string            `json:"fetched,omitempty"`
	Body        string            `json:"body,omitempty"`
	Meta        map[string]string `json:"meta,omitempty"`
	Err         string            `json:"error,omitempty"`
}

// readAll calls Next until io.EOF, failing if a call makes no progress.
func readAll(t testing.TB, r *Reader) []result {
	t.Helper()
	var out []result
	for i := 0; ; i++ {
		if i > 10000 {
			t.Fatal("Next did not reach io.EOF")
		}
		in, err := r.Next(context.Background())
		if err == io.EOF {
			return out
		}
		if err != nil {
			out = append(out, result{Err: err.Error()})
			continue
		}
		out = append(out, resultOf(in))
	}
}

func resultOf(in article.Input) result {
	return result{
		ID: in.ID, Name: in.Name, URL: in.URL, ContentType: in.ContentType,
		Fetched: in.Fetched.Format(time.RFC3339), Body: string(in.Body), Meta: in.Meta,
	}
}

func TestSample(t *testing.T) {
	for _, compression := range []string{"plain", "gz", "whole"} {
		t.Run(compression, func(t *testing.T) {
			data := build(t, sampleRecords(), compression)
			r := NewReader(bytes.NewReader(data), "sample.warc", Options{})
			got := readAll(t, r)
			var urls []string
			for _, g := range got {
				if g.Err != "" {
					t.Errorf("unexpected error: %s", g.Err)
				}
				urls = append(urls, g.URL)
				if !strings.HasPrefix(g.Body, "<!DOCTYPE html>") || !strings.HasSuffix(g.Body, "</html>") {
					t.Errorf("%s: body not decoded: %q", g.URL, g.Body)
				}
			}
			if strings.Join(urls, " ") != strings.Join(wantURLs, " ") {
				t.Errorf("got URLs\n%v\nwant\n%v", urls, wantURLs)
			}
			st := r.Stats()
			want := Stats{Records: 12, Yielded: 7, NotResponse: 3, NotOK: 1, NotHTML: 1, Bytes: int64(len(data))}
			if st != want {
				t.Errorf("stats %+v, want %+v", st, want)
			}
		})
	}
}

// TestGolden reads the committed sample file, so that a change in the
// writer used to build test files cannot hide a change in reading.
func TestGolden(t *testing.T) {
	path := filepath.Join("testdata", "sample.warc.gz")
	golden := filepath.Join("testdata", "sample.golden.json")
	if *update {
		if err := os.WriteFile(path, build(t, sampleRecords(), "gz"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(readAll(t, r)); err != nil {
		t.Fatal(err)
	}
	got := buf.Bytes()
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test ./warc -run Golden -update and review the diff):\n%s", golden, got)
	}
}

// errorsAndURLs runs a reader to the end and returns what each call gave:
// a URL, or the error.
func errorsAndURLs(t *testing.T, data []byte, opts Options) ([]string, []error) {
	t.Helper()
	r := NewReader(bytes.NewReader(data), "test.warc", opts)
	var urls []string
	var errs []error
	for i := 0; ; i++ {
		if i > 1000 {
			t.Fatal("no io.EOF")
		}
		in, err := r.Next(context.Background())
		if err == io.EOF {
			return urls, errs
		}
		if err != nil {
			errs = append(errs, err)
			if in.Name == "" || !strings.Contains(err.Error(), in.Name[:strings.IndexByte(in.Name+" ", ' ')]) {
				t.Errorf("error %q: returned Input.Name %q does not name the record", err, in.Name)
			}
			continue
		}
		urls = append(urls, in.URL)
	}
}

func TestSizeLimits(t *testing.T) {
	big := strings.Repeat("<p>word</p>", 500) // 5500 bytes
	recs := []rec{
		{gowarc.Response, "https://x/small1", httpMsg, httpResponse("200 OK", "Content-Type: text/html", page("one"))},
		{gowarc.Response, "https://x/big", httpMsg, httpResponse("200 OK", "Content-Type: text/html", big)},
		{gowarc.Resource, "https://x/big-resource", "text/html", big}, // skipped, not an error
		{gowarc.Response, "https://x/bomb", httpMsg, httpResponse("200 OK", "Content-Type: text/html\r\nContent-Encoding: gzip", gzipped(strings.Repeat("a", 1<<20)))},
		{gowarc.Response, "https://x/small2", httpMsg, httpResponse("200 OK", "Content-Type: text/html", page("two"))},
	}
	for _, compression := range []string{"plain", "gz"} {
		t.Run(compression, func(t *testing.T) {
			// The limit must exceed maxHeader slack for "big" to be
			// caught by the payload read rather than the pre-read: test
			// both paths with two limits.
			for _, limit := range []int64{1000, 4000} {
				urls, errs := errorsAndURLs(t, build(t, recs, compression), Options{MaxPayload: limit})
				if strings.Join(urls, " ") != "https://x/small1 https://x/small2" {
					t.Errorf("limit %d: URLs %v", limit, urls)
				}
				if len(errs) != 2 {
					t.Fatalf("limit %d: errors %v, want 2", limit, errs)
				}
				for _, err := range errs {
					var re *RecordError
					if !errors.Is(err, ErrTooLarge) || !errors.As(err, &re) || re.URL == "" || !strings.Contains(err.Error(), "test.warc") {
						t.Errorf("limit %d: error %v: want a *RecordError naming file and URL, wrapping ErrTooLarge", limit, err)
					}
				}
			}
		})
	}
	// Records bigger than the pre-read slack are skipped without parsing.
	huge := []rec{
		{gowarc.Response, "https://x/huge", httpMsg, httpResponse("200 OK", "Content-Type: text/html", strings.Repeat("x", 300<<10))},
		{gowarc.Response, "https://x/after", httpMsg, httpResponse("200 OK", "Content-Type: text/html", page("after"))},
	}
	urls, errs := errorsAndURLs(t, build(t, huge, "gz"), Options{MaxPayload: 1000})
	if len(errs) != 1 || !errors.Is(errs[0], ErrTooLarge) || len(urls) != 1 || urls[0] != "https://x/after" {
		t.Errorf("huge record: urls %v errors %v", urls, errs)
	}
}

// memberOffsets returns where each gzip member of a per-record .warc.gz
// starts, by building the records one at a time.
func memberOffsets(t *testing.T, recs []rec) []int {
	var offs []int
	n := 0
	for _, r := range recs {
		offs = append(offs, n)
		n += len(build(t, []rec{r}, "gz"))
	}
	return offs
}

func threePages() []rec {
	var recs []rec
	for _, u := range []string{"https://x/1", "https://x/2", "https://x/3"} {
		recs = append(recs, rec{gowarc.Response, u, httpMsg, httpResponse("200 OK", "Content-Type: text/html", page(u))})
	}
	return recs
}

func TestTruncated(t *testing.T) {
	recs := threePages()
	for _, compression := range []string{"plain", "gz"} {
		t.Run(compression, func(t *testing.T) {
			data := build(t, recs, compression)
			data = data[:len(data)-40] // cut inside the third record
			urls, errs := errorsAndURLs(t, data, Options{})
			if strings.Join(urls, " ") != "https://x/1 https://x/2" {
				t.Errorf("URLs %v", urls)
			}
			if len(errs) != 1 || !errors.Is(errs[0], ErrTruncated) {
				t.Fatalf("errors %v, want one ErrTruncated", errs)
			}
			var re *RecordError
			if !errors.As(errs[0], &re) || re.Record != 3 || re.File != "test.warc" {
				t.Errorf("error %#v: want record 3 of test.warc", errs[0])
			}
			if compression == "gz" && re.Offset != int64(memberOffsets(t, recs)[2]) {
				t.Errorf("offset %d, want the third member at %d", re.Offset, memberOffsets(t, recs)[2])
			}
		})
	}
}

func TestCorruptGzipMember(t *testing.T) {
	recs := threePages()
	data := build(t, recs, "gz")
	offs := memberOffsets(t, recs)
	// Overwrite the middle of the second member's deflate data.
	mid := (offs[1] + offs[2]) / 2
	for i := mid - 8; i < mid+8; i++ {
		data[i] ^= 0x5a
	}
	urls, errs := errorsAndURLs(t, data, Options{})
	if strings.Join(urls, " ") != "https://x/1 https://x/3" {
		t.Errorf("URLs %v, want the first and third", urls)
	}
	if len(errs) != 1 || !errors.Is(errs[0], ErrCorrupt) {
		t.Fatalf("errors %v, want one ErrCorrupt", errs)
	}
	var re *RecordError
	if errors.As(errs[0], &re); re.Offset != int64(offs[1]) {
		t.Errorf("offset %d, want %d", re.Offset, offs[1])
	}
}

func TestGarbage(t *testing.T) {
	recs := threePages()
	one := build(t, recs[:1], "plain")
	rest := build(t, recs[1:], "plain")
	data := append(append(append([]byte{}, one...), "this is no record\r\n\r\n"...), rest...)
	urls, errs := errorsAndURLs(t, data, Options{})
	if len(urls) != 3 || len(errs) != 1 || !errors.Is(errs[0], ErrCorrupt) {
		t.Errorf("urls %v errors %v", urls, errs)
	}
	var re *RecordError
	if errors.As(errs[0], &re); re.Offset != int64(len(one)) {
		t.Errorf("offset %d, want %d", re.Offset, len(one))
	}

	for name, data := range map[string]string{
		"empty":      "",
		"newlines":   "\r\n\r\n",
		"html":       "<html><body>not an archive</body></html>",
		"half magic": "WAR",
		"no end":     "WARC/1.1\r\nWARC-Type: response\r\n",
		"no length":  "WARC/1.1\r\nWARC-Type: response\r\n\r\nabc\r\n\r\n",
		"bad gzip":   "\x1f\x8b\x08\x00garbage",
	} {
		t.Run(name, func(t *testing.T) {
			urls, errs := errorsAndURLs(t, []byte(data), Options{})
			if len(urls) != 0 {
				t.Errorf("urls %v", urls)
			}
			if (data == "" || data == "\r\n\r\n") != (len(errs) == 0) {
				t.Errorf("errors %v", errs)
			}
			for _, err := range errs {
				var re *RecordError
				if !errors.As(err, &re) {
					t.Errorf("error %v is not a *RecordError", err)
				}
			}
		})
	}
}

// failingReader returns data, then an I/O error.
type failingReader struct{ data []byte }

func (f *failingReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, errors.New("disk on fire")
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func TestFatalAndContext(t *testing.T) {
	data := build(t, threePages(), "gz")
	r := NewReader(&failingReader{data[:len(data)/2]}, "failing.warc.gz", Options{})
	var fatal error
	for i := 0; i < 10; i++ {
		_, err := r.Next(context.Background())
		if err == io.EOF {
			break
		}
		var re *RecordError
		if err != nil && !errors.As(err, &re) {
			fatal = err
		}
	}
	if fatal == nil || !strings.Contains(fatal.Error(), "disk on fire") || !strings.Contains(fatal.Error(), "failing.warc.gz") {
		t.Errorf("fatal error %v: want the I/O error naming the file", fatal)
	}
	if _, err := r.Next(context.Background()); err != io.EOF {
		t.Errorf("after a fatal error: %v, want io.EOF", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r = NewReader(bytes.NewReader(data), "x", Options{})
	if _, err := r.Next(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
	if _, err := r.Next(ctx); err != io.EOF {
		t.Errorf("after cancel: %v, want io.EOF", err)
	}

	if _, err := Open(filepath.Join(t.TempDir(), "missing.warc"), Options{}); err == nil {
		t.Error("Open of a missing file: no error")
	}
	if _, err := Open(t.TempDir(), Options{}); err == nil {
		t.Error("Open of a directory: no error")
	}
}

func FuzzReader(f *testing.F) {
	for _, c := range []string{"plain", "gz"} {
		f.Add(build(f, sampleRecords(), c))
	}
	f.Add(build(f, threePages(), "whole"))
	f.Add([]byte("WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nHTTP/\r\n\r\n"))
	f.Add([]byte("\x1f\x8b\x08\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(bytes.NewReader(data), "fuzz.warc", Options{MaxPayload: 1 << 16})
		for i := 0; ; i++ {
			if i > len(data)+10 {
				t.Fatalf("%d calls without io.EOF on %d bytes", i, len(data))
			}
			_, err := r.Next(context.Background())
			if err == io.EOF {
				break
			}
		}
		if st := r.Stats(); st.Bytes > int64(len(data)) || st.Yielded > st.Records {
			t.Fatalf("impossible stats %+v for %d bytes", st, len(data))
		}
	})
}

func BenchmarkReader(b *testing.B) {
	// A Common Crawl News-like file: request, response, metadata per page.
	// Varied words, so that gzip compresses about as much as it does real
	// HTML (4-5x), not a repeated line (50x).
	words := strings.Fields("Peskov told reporters the talks were hindered by Tokyo's unfriendly actions, the Kremlin spokesman said on Friday; Japan's prime minister Shigeru Ishiba answered that sanctions would stay")
	rng := rand.New(rand.NewPCG(1, 2))
	var sb strings.Builder
	for i := range 3000 {
		if i%40 == 0 {
			sb.WriteString("</p>\n<p>")
		}
		sb.WriteString(words[rng.IntN(len(words))])
		fmt.Fprintf(&sb, "%d ", rng.IntN(100))
	}
	body := page("Benchmark") + sb.String()
	var recs []rec
	for i := range 100 {
		u := fmt.Sprintf("https://news.example/%d", i)
		recs = append(recs,
			rec{gowarc.Request, u, "application/http;msgtype=request", "GET / HTTP/1.1\r\nHost: news.example\r\n\r\n"},
			rec{gowarc.Response, u, httpMsg, httpResponse("200 OK", "Content-Type: text/html; charset=utf-8", body)},
			rec{gowarc.Metadata, u, "application/warc-fields", "fetchTimeMs: 120\r\n"},
		)
	}
	for _, compression := range []string{"plain", "gz"} {
		b.Run(compression, func(b *testing.B) {
			data := build(b, recs, compression)
			b.SetBytes(int64(len(data)))
			b.ResetTimer()
			var records int64
			for b.Loop() {
				r := NewReader(bytes.NewReader(data), "bench.warc", Options{})
				for {
					_, err := r.Next(context.Background())
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
				}
				records += r.Stats().Records
			}
			b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
		})
	}
}
