package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/saywho/saywho/article"
)

// MaxLine bounds one line of a JSON Lines file. A JSON-escaped article
// can be several times its text (\uXXXX), so it is a multiple of
// article.MaxBytes; a longer line is that line's failure.
var MaxLine = 4 * article.MaxBytes

// Files is the source of files and folders: .txt (plain text), .html and
// .htm (HTML pages), .jsonl and .jsonl.gz (one document a line, in the
// format of the evaluation data: "doc_id" or "id", "text", optional "meta"
// with publisher, publication_date, author, title, url). Folders are walked
// in name order, skipping hidden entries and other file types; a path
// named explicitly with another type is a failure. JSON Lines are streamed:
// one line in memory at a time.
type Files struct {
	queue   []pending // paths still to visit, next first
	cur     *jsonlFile
	Skipped int // files in folders that were not of a known type
}

type pending struct {
	path     string
	explicit bool // named by the user, not found in a folder
}

// NewFiles returns a source of the given paths, in order.
func NewFiles(paths ...string) *Files {
	f := &Files{}
	for _, p := range paths {
		f.queue = append(f.queue, pending{p, true})
	}
	return f
}

// Close closes the file being read, if any.
func (f *Files) Close() error {
	if f.cur != nil {
		err := f.cur.close()
		f.cur = nil
		return err
	}
	return nil
}

// Next returns the next document.
func (f *Files) Next(ctx context.Context) (article.Input, error) {
	for {
		if err := ctx.Err(); err != nil {
			return article.Input{}, err
		}
		if f.cur != nil {
			in, err := f.cur.next()
			if errors.Is(err, io.EOF) {
				f.Close()
				continue
			}
			if err != nil && f.cur.broken {
				f.Close() // the file cannot be read on: its error once, then the next file
			}
			return in, err
		}
		if len(f.queue) == 0 {
			return article.Input{}, io.EOF
		}
		p := f.queue[0]
		f.queue = f.queue[1:]
		in, ok, err := f.visit(p)
		if err != nil {
			return article.Input{Name: p.path}, err
		}
		if ok {
			return in, nil
		}
	}
}

// visit opens a path: a folder queues its entries, a JSON Lines file
// becomes the current file, another file is read whole.
func (f *Files) visit(p pending) (article.Input, bool, error) {
	st, err := os.Stat(p.path)
	if err != nil {
		return article.Input{}, false, err // *PathError names the path
	}
	if st.IsDir() {
		entries, err := os.ReadDir(p.path)
		if err != nil {
			return article.Input{}, false, err
		}
		var next []pending
		for _, e := range entries {
			name := e.Name()
			if strings.HasPrefix(name, ".") {
				continue
			}
			full := filepath.Join(p.path, name)
			if e.IsDir() || kindOf(name) != "" {
				next = append(next, pending{path: full})
			} else if e.Type().IsRegular() {
				f.Skipped++
			}
		}
		sort.Slice(next, func(i, j int) bool { return next[i].path < next[j].path })
		f.queue = append(next, f.queue...)
		return article.Input{}, false, nil
	}
	if !st.Mode().IsRegular() {
		return article.Input{}, false, fmt.Errorf("%s: not a regular file", p.path)
	}
	switch kindOf(p.path) {
	case "jsonl":
		j, err := openJSONL(p.path)
		if err != nil {
			return article.Input{}, false, err
		}
		f.cur = j
		return article.Input{}, false, nil
	case "text", "html":
		in, err := readFile(p.path, st)
		return in, err == nil, err
	}
	if p.explicit {
		return article.Input{}, false, fmt.Errorf("%s: unsupported file type (want .txt, .html, .htm, .jsonl or .jsonl.gz)", p.path)
	}
	return article.Input{}, false, nil
}

func kindOf(name string) string {
	n := strings.ToLower(name)
	switch {
	case strings.HasSuffix(n, ".jsonl"), strings.HasSuffix(n, ".jsonl.gz"), strings.HasSuffix(n, ".ndjson"):
		return "jsonl"
	case strings.HasSuffix(n, ".txt"):
		return "text"
	case strings.HasSuffix(n, ".html"), strings.HasSuffix(n, ".htm"):
		return "html"
	}
	return ""
}

func readFile(path string, st os.FileInfo) (article.Input, error) {
	in := article.Input{Name: path, Fetched: st.ModTime().UTC()}
	base := filepath.Base(path)
	in.ID = strings.TrimSuffix(base, filepath.Ext(base))
	if kindOf(path) == "html" {
		in.ContentType = "text/html"
	} else {
		in.ContentType = "text/plain"
	}
	if st.Size() > int64(article.MaxBytes) {
		return in, fmt.Errorf("%s: %d bytes: %w", path, st.Size(), article.ErrTooLarge)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return in, err
	}
	in.Body = b
	return in, nil
}

// JSONL is the source of one JSON Lines stream (standard input, say), in
// the format Files reads from .jsonl files.
type JSONL struct{ j *jsonlFile }

// NewJSONL returns a source of the documents in r; name ("stdin") names
// them in errors, with the line number.
func NewJSONL(r io.Reader, name string) *JSONL {
	return &JSONL{&jsonlFile{path: name, r: bufio.NewReaderSize(r, 1<<20)}}
}

// Next returns the next document: a line that is not a document is that
// line's error, and the stream goes on; a read error ends it.
func (s *JSONL) Next(ctx context.Context) (article.Input, error) {
	if err := ctx.Err(); err != nil {
		return article.Input{}, err
	}
	if s.j.broken {
		return article.Input{}, io.EOF
	}
	return s.j.next()
}

// jsonlFile streams the documents of one JSON Lines file.
type jsonlFile struct {
	path   string
	file   *os.File // nil for a stream the caller owns
	gz     *gzip.Reader
	r      *bufio.Reader
	line   int
	broken bool // a read error: nothing more can come from it
}

func openJSONL(path string) (*jsonlFile, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	j := &jsonlFile{path: path, file: fh}
	var r io.Reader = fh
	if strings.HasSuffix(strings.ToLower(path), ".gz") {
		j.gz, err = gzip.NewReader(fh)
		if err != nil {
			fh.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		r = j.gz
	}
	j.r = bufio.NewReaderSize(r, 1<<20)
	return j, nil
}

func (j *jsonlFile) close() error {
	if j.gz != nil {
		j.gz.Close()
	}
	if j.file == nil {
		return nil
	}
	return j.file.Close()
}

// next returns the next non-blank line's document.
func (j *jsonlFile) next() (article.Input, error) {
	for {
		line, err := j.readLine()
		j.line++
		name := j.path + ":" + strconv.Itoa(j.line)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return article.Input{}, io.EOF
			}
			if !errors.Is(err, errLineTooLong) {
				j.broken = true
			}
			return article.Input{Name: name}, fmt.Errorf("%s: %w", name, err)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		return parseLine(line, name)
	}
}

var errLineTooLong = errors.New("line too long")

// readLine returns the next line without its end. A line longer than
// MaxLine is skipped whole and reported.
func (j *jsonlFile) readLine() ([]byte, error) {
	var buf []byte
	for {
		chunk, err := j.r.ReadSlice('\n')
		if len(buf)+len(chunk) > MaxLine {
			// Skip to the end of the line.
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = j.r.ReadSlice('\n')
			}
			if err != nil && !errors.Is(err, io.EOF) {
				return nil, err
			}
			return nil, fmt.Errorf("%w (over %d bytes)", errLineTooLong, MaxLine)
		}
		buf = append(buf, chunk...)
		switch {
		case err == nil:
			return bytes.TrimRight(buf, "\r\n"), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(buf) == 0 {
				return nil, io.EOF
			}
			return bytes.TrimRight(buf, "\r\n"), nil // last line without a newline
		default:
			return nil, err
		}
	}
}

// jsonDoc is one line of a JSON Lines batch.
type jsonDoc struct {
	DocID string                    `json:"doc_id"`
	ID    string                    `json:"id"`
	Text  *string                   `json:"text"`
	URL   string                    `json:"url"`
	Meta  map[string]jsontext.Value `json:"meta"`
}

// metaKeys maps the batch format's metadata to article.Input.Meta.
var metaKeys = map[string]string{
	"publisher": "publisher", "outlet": "outlet", "publication_date": "published", "published": "published",
	"updated": "updated", "author": "author", "title": "title", "url": "url", "language": "language",
}

// lenient takes what encoding/json took: invalid UTF-8 in a string
// (replaced by U+FFFD, and the article reader names the damage), a name
// given twice (the last wins), names in any case.
var lenient = json.JoinOptions(jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true), json.MatchCaseInsensitiveNames(true))

// parseLine reads one JSON Lines document. name ("path:line") names it in
// errors.
func parseLine(line []byte, name string) (article.Input, error) {
	in := article.Input{Name: name, ContentType: "text/plain; charset=utf-8"}
	var d jsonDoc
	if err := json.Unmarshal(line, &d, lenient); err != nil {
		return in, fmt.Errorf("%s: not a JSON document: %w", name, err)
	}
	in.ID = d.DocID
	if in.ID == "" {
		in.ID = d.ID
	}
	if d.Text == nil {
		return in, fmt.Errorf("%s: no \"text\" field", name)
	}
	in.Body = []byte(*d.Text)
	in.URL = d.URL
	for k, raw := range d.Meta {
		key, ok := metaKeys[k]
		if !ok {
			continue
		}
		var s string
		if err := json.Unmarshal(raw, &s, lenient); err != nil {
			continue // null, a number, a list: not a usable hint
		}
		if s = strings.TrimSpace(s); s != "" {
			if in.Meta == nil {
				in.Meta = map[string]string{}
			}
			in.Meta[key] = s
		}
	}
	if in.URL == "" && in.Meta != nil {
		in.URL = in.Meta["url"]
	}
	return in, nil
}

// Chain returns a source that reads each of srcs in turn.
func Chain(srcs ...Source) Source { return &chain{srcs: srcs} }

type chain struct{ srcs []Source }

func (c *chain) Next(ctx context.Context) (article.Input, error) {
	for len(c.srcs) > 0 {
		in, err := c.srcs[0].Next(ctx)
		if errors.Is(err, io.EOF) {
			c.srcs = c.srcs[1:]
			continue
		}
		return in, err
	}
	return article.Input{}, io.EOF
}
