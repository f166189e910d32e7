// Package article turns raw documents (plain text files, HTML pages, feed
// items, WARC records) into a *saywho.Article: the one text every later
// step points into, with its layout (headline, dateline, paragraphs, topic
// sections) and metadata (dates in UTC, author, outlet, URL, language).
//
// Readers never rewrite the words of a plain text: Article.Text is the input
// with only line endings normalised, so that offsets found in it can be
// shown against the file a person has. HTML has no such text, so one is
// built from the page's main content: the headline on the first line, then
// one paragraph or heading per line, the same shape as the plain text
// format, so the extractor never needs to know which reader ran.
//
// Layout, for both readers: Article.Paragraphs lists every non-blank
// paragraph in text order, the headline, the dateline and the topic
// headings included, trimmed of white space at both ends; Headline,
// Dateline and each Section.Heading are equal to one of them, so a caller
// that wants running text only skips those. A Section's Body runs from the
// end of its heading to the start of the next heading, or the end of the
// text. Published and Updated are UTC; a date or time printed without a
// zone is taken as UTC.
//
// Every input is untrusted. Bad input gives an error that names the input
// (Input.Name) and wraps one of the sentinel errors below, never a panic.
package article

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"strings"
	"time"
	"unicode/utf8"

	saywho "github.com/saywho/saywho"
)

// Input is one raw document as a source hands it over: a file, a feed item,
// a WARC record, an HTTP upload.
type Input struct {
	ID          string    // id to give the article (file name without folder/extension, doc id, ...)
	Name        string    // what to call it in errors: path, URL, "stdin:3", WARC record id
	URL         string    // where it was fetched from, if anywhere
	ContentType string    // MIME type if known ("text/html; charset=iso-8859-1"), else ""
	Body        []byte    // the raw bytes, in the encoding ContentType or the content declares
	Fetched     time.Time // zero if unknown

	// Meta holds optional hints from the source, used where the document
	// itself says nothing better: "title", "publisher" (or "outlet"),
	// "author", "published" and "updated" (any common date format),
	// "url", "language".
	Meta map[string]string
}

// MaxBytes limits the size of one input (default 32 MiB); larger inputs are
// an error. Nothing in a news article needs more, and the limit keeps one
// hostile record from holding a worker's memory.
var MaxBytes = 32 << 20

// Errors wrapped by the readers, for callers to test with errors.Is.
var (
	ErrEmpty    = errors.New("empty document")
	ErrBinary   = errors.New("binary content, not text")
	ErrTooLarge = errors.New("document too large")
	ErrEncoding = errors.New("bad character encoding")
	ErrTooDeep  = errors.New("HTML nested too deeply")
)

// Read sniffs plain text vs HTML (content type, then content) and parses.
func Read(in Input) (*saywho.Article, error) {
	if isHTML(in) {
		return ParseHTML(in)
	}
	return ParseText(in)
}

// name is what errors call the input.
func (in Input) name() string {
	if in.Name != "" {
		return in.Name
	}
	if in.ID != "" {
		return in.ID
	}
	return "input"
}

// errorf formats an error that names the input. The format should wrap a
// sentinel error with %w.
func (in Input) errorf(format string, args ...any) error {
	return fmt.Errorf("%s: "+format, append([]any{in.name()}, args...)...)
}

// checkSize rejects inputs that are over MaxBytes or hold no bytes at all.
func (in Input) checkSize() error {
	if len(in.Body) > MaxBytes {
		return in.errorf("%d bytes, over the limit of %d: %w", len(in.Body), MaxBytes, ErrTooLarge)
	}
	if len(in.Body) == 0 {
		return in.errorf("no bytes: %w", ErrEmpty)
	}
	return nil
}

// checkBinary rejects bytes that are no text in any encoding: a NUL byte,
// or more than one control character in twenty. Bytes of 0x80 and above
// are not judged here: in a legacy encoding they are letters.
func (in Input) checkBinary(b []byte) error {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return in.errorf("NUL byte at offset %d: %w", i, ErrBinary)
	}
	ctl := 0
	for _, c := range b {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7f {
			ctl++
		}
	}
	if ctl > 0 && ctl*20 > len(b) {
		return in.errorf("%d control characters in %d bytes: %w", ctl, len(b), ErrBinary)
	}
	return nil
}

// mediaType returns the lower-case media type and charset parameter of
// in.ContentType. A malformed header still yields what can be read of it.
func (in Input) mediaType() (typ, charset string) {
	ct := strings.TrimSpace(in.ContentType)
	if ct == "" {
		return "", ""
	}
	typ, params, err := mime.ParseMediaType(ct)
	if err != nil {
		typ, _, _ = strings.Cut(ct, ";")
		typ = strings.ToLower(strings.TrimSpace(typ))
		if _, rest, ok := strings.Cut(strings.ToLower(ct), "charset="); ok {
			charset = strings.Trim(strings.TrimSpace(strings.SplitN(rest, ";", 2)[0]), `"'`)
		}
		return typ, charset
	}
	return typ, strings.TrimSpace(params["charset"])
}

// isHTML decides which reader gets the input: a declared HTML or plain text
// type is believed; anything else (no type, octet-stream, XML) is judged by
// its first bytes.
func isHTML(in Input) bool {
	typ, _ := in.mediaType()
	switch typ {
	case "text/html", "application/xhtml+xml":
		return true
	case "text/plain", "text/markdown":
		return false
	}
	return sniffHTML(in.Body)
}

// htmlStarts are the openings that make a document HTML when it begins
// with one of them (after a BOM and white space).
var htmlStarts = []string{
	"<!doctype html", "<html", "<head", "<body", "<!--", "<meta", "<title",
	"<div", "<p>", "<p ", "<article", "<section", "<main", "<header",
	"<h1", "<h2", "<h3", "<table", "<span", "<a ", "<br", "<link", "<script", "<style",
}

// sniffHTML reports whether b looks like HTML: it starts with an HTML tag,
// or names <html> or <body> within its first kilobyte.
func sniffHTML(b []byte) bool {
	if enc := utf16BOM(b); enc != nil {
		head := b[:min(len(b), 2048)]
		if d, err := enc.NewDecoder().Bytes(head); err == nil {
			b = d
		}
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	b = bytes.TrimLeft(b, " \t\r\n\f")
	head := bytes.ToLower(b[:min(len(b), 1024)])
	for _, s := range htmlStarts {
		if bytes.HasPrefix(head, []byte(s)) {
			return true
		}
	}
	if bytes.HasPrefix(head, []byte("<?xml")) || bytes.HasPrefix(head, []byte("<!doctype")) {
		return bytes.Contains(head, []byte("<html"))
	}
	return bytes.Contains(head, []byte("<html")) || bytes.Contains(head, []byte("<body"))
}

// finish fills what both readers share: id, source, hints the document did
// not answer, and the dates chosen among the candidates.
func finish(a *saywho.Article, in Input) {
	if a.ID == "" {
		a.ID = in.ID
	}
	if a.ID == "" {
		a.ID = a.Hash()
	}
	if a.Source == "" {
		a.Source = in.Name
	}
	if a.Source == "" {
		a.Source = in.URL
	}
	meta := func(keys ...string) string {
		for _, k := range keys {
			if v := cleanLine(in.Meta[k]); v != "" {
				return v
			}
		}
		return ""
	}
	if a.Title == "" {
		a.Title = meta("title", "headline")
	}
	if a.Outlet == "" {
		a.Outlet = meta("publisher", "outlet", "site", "site_name")
	}
	if a.Author == "" {
		a.Author = meta("author", "byline")
	}
	if a.URL == "" {
		a.URL = meta("url")
	}
	if a.URL == "" {
		a.URL = in.URL
	}
	if a.Language == "" {
		a.Language = langCode(meta("language", "lang"))
	}
	if a.Language == "" {
		a.Language = detectLanguage(a.Text)
	}
}

// cleanLine collapses white space runs (newlines included) to one space,
// drops control characters and invalid UTF-8, and trims: for metadata
// values that are shown on one line.
func cleanLine(s string) string {
	if s == "" {
		return ""
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if isSpace(r) || isControl(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isSpace reports white space as news text uses it. NO-BREAK SPACE counts:
// it separates words like any other space.
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// isControl reports C0 and C1 control characters other than white space.
func isControl(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' && r != '\v') || (r >= 0x7f && r < 0xa0 && r != 0x85)
}

// firstInvalidUTF8 returns the byte offset of the first byte of b that is
// not part of valid UTF-8, or -1.
func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}
