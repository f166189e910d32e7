// Package warc reads web archives (WARC 1.0 and 1.1, plain or gzip
// compressed) and hands over the HTML pages in them as article.Input, the
// way Common Crawl News archives are meant to be read: one "response"
// record per fetched page, each record its own gzip member.
//
// The archive is streamed: a multi-gigabyte file is read record by record
// and never held whole, and no record larger than Options.MaxPayload is
// parsed at all. Records are parsed by github.com/nlnwa/gowarc/v3; this
// package adds what reading a crawl at scale needs around it:
//
//   - A small pre-read of each record's header, so that request, metadata,
//     warcinfo and revisit records and oversized records are skipped by
//     their Content-Length without being parsed, buffered or digested.
//   - Its own gzip member loop, so that both per-record gzip (Common Crawl)
//     and whole-file gzip work, offsets name the gzip member (as CDX
//     indexes do), and a corrupt or truncated member is reported and
//     skipped by scanning for the next gzip header, instead of ending the
//     file.
//   - Decoding of the HTTP payload: chunked transfer coding when the
//     crawler stored it, and gzip, deflate and brotli content codings, each
//     capped at MaxPayload so a compression bomb is an error, not an
//     allocation.
//
// Errors: a *RecordError concerns one record (or one run of bytes that is
// no record) and the Reader goes on at the next call; the Input returned
// with it carries the record's Name, URL and ID where known. Any other
// error (a failing disk, the context ending) is fatal. Every error is
// returned once; after a fatal one, and at the end, Next returns io.EOF.
package warc

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/zlib"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httputil"
	"os"
	"strconv"
	"strings"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
	gowarc "github.com/nlnwa/gowarc/v3"

	"github.com/saywho/saywho/article"
)

// DefaultMaxPayload is the default per-record size limit. Common Crawl
// truncates payloads at 1 MiB; news pages are well under that.
const DefaultMaxPayload = 16 << 20

// maxHeader bounds a WARC record header. Real ones are under 2 KiB; one that
// has not ended after this many bytes is corrupt.
const maxHeader = 64 << 10

// Options configures a Reader.
type Options struct {
	// MaxPayload caps both a record's block (its WARC Content-Length, less
	// room for HTTP headers) and its decoded HTTP payload. Default
	// DefaultMaxPayload.
	MaxPayload int64
}

// Stats counts what a Reader has seen so far.
type Stats struct {
	Records     int64 // WARC records read (yielded, skipped or failed)
	Yielded     int64 // HTML pages handed over
	NotResponse int64 // request, metadata, warcinfo, revisit, resource... records
	NotOK       int64 // responses with an HTTP status other than 200
	NotHTML     int64 // 200 responses that are not HTML, or not HTTP
	Failed      int64 // *RecordError returned
	Bytes       int64 // bytes of the file consumed
}

// Errors wrapped by *RecordError, for errors.Is.
var (
	ErrTooLarge  = errors.New("record larger than the size limit")
	ErrTruncated = errors.New("truncated")
	ErrCorrupt   = errors.New("corrupt WARC data")
)

// RecordError is a problem with one record; the Reader goes on past it.
type RecordError struct {
	File   string
	Offset int64  // of the record in the file; in a .warc.gz, of its gzip member
	Record int64  // 1-based number of the record in the file
	ID     string // WARC-Record-ID, when it could be read
	URL    string // WARC-Target-URI, when it could be read
	Err    error
}

func (e *RecordError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d: record %d", e.File, e.Offset, e.Record)
	if e.URL != "" {
		fmt.Fprintf(&b, " (%s)", e.URL)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *RecordError) Unwrap() error { return e.Err }

// errSkip marks a record that is read but not handed over.
var errSkip = errors.New("skip")

// Reader streams the HTML responses of one WARC file. It is not safe for
// concurrent use.
type Reader struct {
	name       string
	maxPayload int64
	closer     io.Closer

	file  *countingReader
	outer *bufio.Reader // the file

	gz        *gzip.Reader
	gzOut     *trackingReader
	inner     *bufio.Reader // the current gzip member, decompressed
	inMember  bool
	memberOff int64

	u     gowarc.Unmarshaler
	stats Stats
	done  bool
}

// Open opens a WARC or .warc.gz file; compression is detected from the
// bytes, not the name. Close the Reader when done.
func Open(path string, opts Options) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("warc: %w", err)
	}
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		f.Close()
		return nil, fmt.Errorf("warc: %s is a directory", path)
	}
	r := NewReader(f, path, opts)
	r.closer = f
	return r, nil
}

// NewReader reads a WARC stream; name is what errors call it.
func NewReader(r io.Reader, name string, opts Options) *Reader {
	maxPayload := opts.MaxPayload
	if maxPayload <= 0 {
		maxPayload = DefaultMaxPayload
	}
	cr := &countingReader{r: r}
	return &Reader{
		name:       name,
		maxPayload: maxPayload,
		file:       cr,
		outer:      bufio.NewReaderSize(cr, 2*maxHeader),
		u: gowarc.NewUnmarshaler(
			// Keep every record we parse in memory: the pre-read has
			// already bounded its size, and temp files would cost more.
			gowarc.WithBufferMaxMemBytes(maxPayload+2*maxHeader),
			gowarc.WithSyntaxErrorPolicy(gowarc.ErrWarn),
			gowarc.WithSpecViolationPolicy(gowarc.ErrWarn),
			gowarc.WithUnknownRecordTypePolicy(gowarc.ErrIgnore),
		),
	}
}

// Close closes the file if the Reader opened it.
func (r *Reader) Close() error {
	r.done = true
	if r.closer != nil {
		return r.closer.Close()
	}
	return nil
}

// Stats returns the counts so far.
func (r *Reader) Stats() Stats {
	s := r.stats
	s.Bytes = r.pos()
	return s
}

// pos is the offset in the file of the next unread byte of the outer stream.
func (r *Reader) pos() int64 { return r.file.n - int64(r.outer.Buffered()) }

// Next returns the next HTML response. See the package comment for the
// errors it returns.
func (r *Reader) Next(ctx context.Context) (article.Input, error) {
	for !r.done {
		if err := ctx.Err(); err != nil {
			r.done = true
			return article.Input{}, err
		}
		in, err := r.step()
		switch {
		case err == nil:
			r.stats.Yielded++
			return in, nil
		case err == errSkip:
			continue
		case err == io.EOF:
			r.done = true
		default:
			var re *RecordError
			if errors.As(err, &re) {
				r.stats.Failed++
				// The Input names the record, for callers that report
				// failures by Input.Name.
				return article.Input{
					ID:   re.ID,
					Name: strings.TrimSpace(fmt.Sprintf("%s:%d %s", re.File, re.Offset, re.URL)),
					URL:  re.URL,
				}, err
			}
			r.done = true
			return article.Input{}, fmt.Errorf("%s: at offset %d: %w", r.name, r.pos(), err)
		}
	}
	return article.Input{}, io.EOF
}

// step reads one record, or one run of bytes that is none.
func (r *Reader) step() (article.Input, error) {
	br, off, err := r.recordStream()
	if err != nil {
		return article.Input{}, err
	}
	return r.readRecord(br, off)
}

// recordStream positions on the next record: in the current gzip member,
// in a new gzip member, or in the plain file. It returns the stream to read
// it from and the offset to name it by.
func (r *Reader) recordStream() (*bufio.Reader, int64, error) {
	for {
		if r.file.err != nil {
			return nil, 0, r.file.err
		}
		if r.inMember {
			_, err := r.inner.Peek(1)
			if err == nil {
				return r.inner, r.memberOff, nil
			}
			r.inMember = false
			if err == io.EOF { // member ended and its checksum matched
				continue
			}
			return nil, 0, r.badMember(err, r.stats.Records+1)
		}
		off := r.pos()
		b, err := r.outer.Peek(2)
		if len(b) == 0 {
			if err == nil || err == io.EOF {
				return nil, 0, io.EOF
			}
			return nil, 0, err
		}
		if len(b) == 2 && b[0] == 0x1f && b[1] == 0x8b {
			r.memberOff = off
			if err := r.openMember(); err != nil {
				return nil, 0, r.badMember(err, r.stats.Records+1)
			}
			r.inMember = true
			continue
		}
		return r.outer, off, nil
	}
}

func (r *Reader) openMember() error {
	var err error
	if r.gz == nil {
		r.gz, err = gzip.NewReader(r.outer)
	} else {
		err = r.gz.Reset(r.outer)
	}
	if err != nil {
		return err
	}
	r.gz.Multistream(false)
	if r.gzOut == nil {
		r.gzOut = &trackingReader{}
		r.inner = bufio.NewReaderSize(r.gzOut, 2*maxHeader)
	}
	r.gzOut.r, r.gzOut.err = r.gz, nil
	r.inner.Reset(r.gzOut)
	return nil
}

var gzipMagic = []byte{0x1f, 0x8b, 0x08}

// badMember reports a gzip member that could not be decompressed to its
// end and moves to the next gzip header in the file.
func (r *Reader) badMember(cause error, record int64) error {
	r.inMember = false
	if r.file.err != nil {
		return r.file.err
	}
	what := ErrCorrupt
	if errors.Is(cause, io.ErrUnexpectedEOF) {
		what = ErrTruncated
	}
	if r.pos() == r.memberOff {
		_, _ = r.outer.Discard(1)
	}
	skipped := r.scan(r.outer, gzipMagic)
	return &RecordError{
		File: r.name, Offset: r.memberOff, Record: record,
		Err: fmt.Errorf("%w: gzip member: %v (resumed %d bytes on, at offset %d)", what, cause, skipped, r.pos()),
	}
}

// scan discards bytes of br up to the next occurrence of magic, or to the
// end, and returns how many it discarded.
func (r *Reader) scan(br *bufio.Reader, magic []byte) int64 {
	var n int64
	for {
		p, err := br.Peek(br.Size())
		if i := bytes.Index(p, magic); i >= 0 {
			d, _ := br.Discard(i)
			return n + int64(d)
		}
		keep := len(magic) - 1
		if err != nil || len(p) <= keep {
			d, _ := br.Discard(len(p))
			return n + int64(d)
		}
		d, _ := br.Discard(len(p) - keep)
		n += int64(d)
	}
}

var warcMagic = []byte("WARC/")

// header is what the pre-read takes from a WARC record header.
type header struct {
	size          int // bytes of the header, blank line included
	typ, id, uri  string
	contentLength int64
}

func (r *Reader) readRecord(br *bufio.Reader, off int64) (article.Input, error) {
	h, err := r.peekHeader(br)
	if err == errSkip {
		return article.Input{}, errSkip
	}
	if err != nil {
		return article.Input{}, &RecordError{File: r.name, Offset: off, Record: r.stats.Records + 1, Err: err}
	}
	r.stats.Records++
	fail := func(err error) error {
		return &RecordError{File: r.name, Offset: off, Record: r.stats.Records, ID: h.id, URL: h.uri, Err: err}
	}
	response := strings.EqualFold(h.typ, "response")
	if !response || h.contentLength > r.maxPayload+maxHeader {
		if err := skipRecord(br, h); err != nil {
			return article.Input{}, fail(err)
		}
		if !response {
			r.stats.NotResponse++
			return article.Input{}, errSkip
		}
		return article.Input{}, fail(fmt.Errorf("%w: Content-Length %d, limit %d", ErrTooLarge, h.contentLength, r.maxPayload))
	}

	rec, _, validation, err := r.u.Unmarshal(br)
	if rec != nil {
		defer rec.Close()
	}
	if r.inMember && r.gzOut.err != nil {
		return article.Input{}, r.badMember(r.gzOut.err, r.stats.Records)
	}
	if err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return article.Input{}, fail(fmt.Errorf("%w: %v", ErrTruncated, err))
		}
		return article.Input{}, fail(fmt.Errorf("%w: %v", ErrCorrupt, err))
	}
	for _, v := range validation {
		var cl *gowarc.ContentLengthError
		if errors.As(v, &cl) {
			return article.Input{}, fail(fmt.Errorf("%w: %d of %d bytes", ErrTruncated, cl.Actual, cl.Expected))
		}
	}
	return r.response(rec, off, fail)
}

// peekHeader reads the WARC header at the start of br without consuming
// it. When br holds no record there, it skips to the next "WARC/" and says
// how much it skipped.
func (r *Reader) peekHeader(br *bufio.Reader) (header, error) {
	// Blank lines between records (and at the end) are common and harmless.
	for {
		b, err := br.Peek(1)
		if err != nil {
			// The end of the stream, or an error that recordStream
			// reports on the next step.
			return header{}, errSkip
		}
		if b[0] != '\r' && b[0] != '\n' {
			break
		}
		_, _ = br.Discard(1)
	}
	// Peek a little, and more only for a header that has not ended yet.
	var p []byte
	end, sep := -1, 0
	for n := 4 << 10; ; n *= 4 {
		var err error
		p, err = br.Peek(min(n, maxHeader))
		if !bytes.HasPrefix(p, warcMagic) {
			break
		}
		if end, sep = bytes.Index(p, []byte("\r\n\r\n")), 4; end < 0 {
			end, sep = bytes.Index(p, []byte("\n\n")), 2
		}
		if end >= 0 || err != nil || n >= maxHeader {
			break
		}
	}
	if !bytes.HasPrefix(p, warcMagic) {
		if len(p) < len(warcMagic) && bytes.HasPrefix(warcMagic, p) && len(p) > 0 {
			_, _ = br.Discard(len(p))
			return header{}, fmt.Errorf("%w: %d bytes at the end", ErrTruncated, len(p))
		}
		_, _ = br.Discard(1)
		n := 1 + r.scan(br, warcMagic)
		return header{}, fmt.Errorf("%w: %d bytes that are no WARC record", ErrCorrupt, n)
	}
	if end < 0 {
		_, _ = br.Discard(1) // the next call scans for the next record
		if len(p) < maxHeader {
			return header{}, fmt.Errorf("%w: header without end", ErrTruncated)
		}
		return header{}, fmt.Errorf("%w: header longer than %d bytes", ErrCorrupt, maxHeader)
	}
	h := header{size: end + sep, contentLength: -1}
	for _, line := range bytes.Split(p[:end], []byte("\n")) {
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue
		}
		v := strings.TrimSpace(string(value))
		switch strings.ToLower(strings.TrimSpace(string(name))) {
		case "warc-type":
			h.typ = v
		case "warc-record-id":
			h.id = strings.Trim(v, "<>")
		case "warc-target-uri":
			h.uri = strings.Trim(v, "<>")
		case "content-length":
			if n, err := strconv.ParseInt(v, 10, 64); err == nil && n >= 0 {
				h.contentLength = n
			}
		}
	}
	if h.contentLength < 0 {
		_, _ = br.Discard(h.size)
		return header{}, fmt.Errorf("%w: record %s has no valid Content-Length", ErrCorrupt, h.id)
	}
	return h, nil
}

// skipRecord discards a record whose header peekHeader read, and the blank
// lines that end it.
func skipRecord(br *bufio.Reader, h header) error {
	n, err := io.CopyN(io.Discard, br, int64(h.size)+h.contentLength)
	if err != nil {
		return fmt.Errorf("%w: %d of %d bytes: %v", ErrTruncated, n-int64(h.size), h.contentLength, err)
	}
	for range 4 {
		b, err := br.Peek(1)
		if err != nil || (b[0] != '\r' && b[0] != '\n') {
			break
		}
		_, _ = br.Discard(1)
	}
	return nil
}

// response turns a parsed response record into an Input, or skips it.
func (r *Reader) response(rec gowarc.WarcRecord, off int64, fail func(error) error) (article.Input, error) {
	blk, ok := rec.Block().(gowarc.HttpResponseBlock)
	if !ok {
		r.stats.NotHTML++
		return article.Input{}, errSkip
	}
	if blk.HttpStatusCode() != http.StatusOK {
		r.stats.NotOK++
		return article.Input{}, errSkip
	}
	if blk.HttpHeader() == nil {
		return article.Input{}, fail(fmt.Errorf("%w: unreadable HTTP header", ErrCorrupt))
	}
	httpHeader := *blk.HttpHeader()
	contentType := httpHeader.Get("Content-Type")
	if contentType == "" {
		contentType = rec.WarcHeader().Get(gowarc.WarcIdentifiedPayloadType)
	}
	if contentType != "" && !isHTML(contentType) {
		r.stats.NotHTML++
		return article.Input{}, errSkip
	}
	payload, err := blk.PayloadBytes()
	if err != nil {
		return article.Input{}, fail(err)
	}
	raw, err := io.ReadAll(io.LimitReader(payload, r.maxPayload+1))
	if err != nil {
		return article.Input{}, fail(fmt.Errorf("reading payload: %w", err))
	}
	if int64(len(raw)) > r.maxPayload {
		return article.Input{}, fail(fmt.Errorf("%w: payload over %d bytes", ErrTooLarge, r.maxPayload))
	}
	body, err := decodePayload(raw, blk.ProtocolHeaderBytes(), httpHeader, r.maxPayload)
	if err != nil {
		return article.Input{}, fail(err)
	}
	if contentType == "" {
		contentType = http.DetectContentType(body)
		if !isHTML(contentType) {
			r.stats.NotHTML++
			return article.Input{}, errSkip
		}
	}

	wh := rec.WarcHeader()
	uri := strings.Trim(wh.Get(gowarc.WarcTargetURI), "<>")
	id := rec.RecordId()
	date, _ := rec.Date()
	if id == "" {
		sum := sha256.Sum256([]byte(uri + "\n" + wh.Get(gowarc.WarcDate)))
		id = "sha256:" + hex.EncodeToString(sum[:16])
	}
	meta := map[string]string{"url": uri}
	if lang := httpHeader.Get("Content-Language"); lang != "" {
		lang, _, _ = strings.Cut(lang, ",")
		meta["language"] = strings.TrimSpace(lang)
	}
	if t := wh.Get(gowarc.WarcTruncated); t != "" {
		meta["warc_truncated"] = t
	}
	return article.Input{
		ID:          id,
		Name:        fmt.Sprintf("%s:%d %s", r.name, off, uri),
		URL:         uri,
		ContentType: contentType,
		Body:        body,
		Fetched:     date.UTC(),
		Meta:        meta,
	}, nil
}

func isHTML(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt, _, _ = strings.Cut(contentType, ";")
		mt = strings.ToLower(strings.TrimSpace(mt))
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// decodePayload undoes the transfer and content codings of an HTTP payload.
// net/http drops Transfer-Encoding from the parsed header, so it is read
// from the raw header bytes. Crawlers often store the payload already
// decoded but keep the header; bytes that do not decode as the header says
// are then taken as they are where that is safe to tell (no chunk size line,
// no gzip magic).
func decodePayload(raw, rawHeader []byte, h http.Header, limit int64) ([]byte, error) {
	b := raw
	if headerHas(rawHeader, "transfer-encoding", "chunked") {
		d, err := io.ReadAll(io.LimitReader(httputil.NewChunkedReader(bytes.NewReader(b)), limit+1))
		if int64(len(d)) > limit {
			return nil, fmt.Errorf("%w: chunked payload over %d bytes", ErrTooLarge, limit)
		}
		if err == nil || (errors.Is(err, io.ErrUnexpectedEOF) && len(d) > 0) {
			b = d
		}
	}
	codings := strings.Split(h.Get("Content-Encoding"), ",")
	for i := len(codings) - 1; i >= 0; i-- {
		var zr io.Reader
		var err error
		switch c := strings.ToLower(strings.TrimSpace(codings[i])); c {
		case "", "identity", "none":
			continue
		case "gzip", "x-gzip":
			if !bytes.HasPrefix(b, gzipMagic[:2]) {
				continue
			}
			zr, err = gzip.NewReader(bytes.NewReader(b))
		case "deflate":
			zr, err = zlib.NewReader(bytes.NewReader(b))
			if err != nil { // some servers send raw deflate
				zr, err = flate.NewReader(bytes.NewReader(b)), nil
			}
		case "br":
			zr = brotli.NewReader(bytes.NewReader(b))
		default:
			return nil, fmt.Errorf("unsupported Content-Encoding %q", c)
		}
		if err != nil {
			return nil, fmt.Errorf("Content-Encoding %s: %w", codings[i], err)
		}
		d, err := io.ReadAll(io.LimitReader(zr, limit+1))
		if int64(len(d)) > limit {
			return nil, fmt.Errorf("%w: decoded payload over %d bytes", ErrTooLarge, limit)
		}
		if err != nil && !(errors.Is(err, io.ErrUnexpectedEOF) && len(d) > 0) {
			return nil, fmt.Errorf("Content-Encoding %s: %w", strings.TrimSpace(codings[i]), err)
		}
		b = d
	}
	return b, nil
}

// headerHas reports whether a raw HTTP header has field name (lower case)
// with a value containing token.
func headerHas(raw []byte, name, token string) bool {
	for _, line := range bytes.Split(raw, []byte("\n")) {
		n, v, ok := bytes.Cut(line, []byte(":"))
		if ok && strings.EqualFold(strings.TrimSpace(string(n)), name) &&
			strings.Contains(strings.ToLower(string(v)), token) {
			return true
		}
	}
	return false
}

// countingReader counts bytes and remembers a read error other than EOF,
// which is fatal for the file.
type countingReader struct {
	r   io.Reader
	n   int64
	err error
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && err != io.EOF {
		c.err = err
	}
	return n, err
}

// trackingReader remembers an error other than EOF from a gzip member, so
// that a failure seen by gowarc can be told apart from a WARC problem.
type trackingReader struct {
	r   io.Reader
	err error
}

func (t *trackingReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if err != nil && err != io.EOF {
		t.err = err
	}
	return n, err
}
