package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/article"
	"github.com/saywho/saywho/extract"
)

// doc is one input document of a batch, read but not yet parsed.
type doc struct {
	in  article.Input
	err error // reading failed; the document is reported and skipped
}

// result is one document's outcome, in input order.
type result struct {
	id  string
	an  *saywho.Analysis
	err error
}

// jsonlDoc is one line of a batch: the shape of ../shared/eval and of the
// example's gold file.
type jsonlDoc struct {
	DocID string          `json:"doc_id"`
	ID    string          `json:"id"`
	Text  *string         `json:"text"`
	Meta  json.RawMessage `json:"meta"`
}

// readJSONL sends each line of r as a document. A line that is not JSON,
// lacks a text, or is longer than the article size limit becomes a
// document with an error, and the batch goes on. Lines are read without
// holding more than one in memory.
func readJSONL(name string, r io.Reader, out chan<- doc) error {
	br := bufio.NewReaderSize(r, 1<<20)
	limit := article.MaxBytes*2 + 4096 // JSON escaping may double a text
	for n := 1; ; n++ {
		line, tooLong, err := readLine(br, limit)
		where := fmt.Sprintf("%s:%d", name, n)
		if tooLong {
			out <- doc{in: article.Input{ID: where, Name: where}, err: fmt.Errorf("%s: line longer than %d bytes: %w", where, limit, article.ErrTooLarge)}
		} else if len(bytes.TrimSpace(line)) > 0 {
			out <- parseJSONLine(where, line)
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
	}
}

func parseJSONLine(where string, line []byte) doc {
	var j jsonlDoc
	if err := json.Unmarshal(line, &j); err != nil {
		return doc{in: article.Input{ID: where, Name: where}, err: fmt.Errorf("%s: not a JSON document: %w", where, err)}
	}
	id := j.DocID
	if id == "" {
		id = j.ID
	}
	if id == "" {
		id = where
	}
	in := article.Input{ID: id, Name: where + " (" + id + ")", ContentType: "text/plain"}
	if j.Text == nil {
		return doc{in: in, err: fmt.Errorf("%s: no \"text\" field", in.Name)}
	}
	in.Body = []byte(*j.Text)
	if len(j.Meta) > 0 {
		var m map[string]any
		if json.Unmarshal(j.Meta, &m) == nil {
			in.Meta = map[string]string{}
			for k, v := range m {
				if s, ok := v.(string); ok {
					in.Meta[k] = s
				}
			}
			if p := in.Meta["publication_date"]; p != "" && in.Meta["published"] == "" {
				in.Meta["published"] = p
			}
		}
	}
	return doc{in: in}
}

// readLine reads one line, discarding (and reporting) lines longer than
// limit instead of buffering them.
func readLine(br *bufio.Reader, limit int) (line []byte, tooLong bool, err error) {
	for {
		chunk, isPrefix, e := br.ReadLine()
		if !tooLong {
			if len(line)+len(chunk) > limit {
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if e != nil {
			if e == io.EOF && (len(line) > 0 || tooLong) {
				return line, tooLong, nil
			}
			return line, tooLong, e
		}
		if !isPrefix {
			return line, tooLong, nil
		}
	}
}

// readFiles sends each named file as a document, its id the file name
// without folder and extension.
func readFiles(paths []string, out chan<- doc) {
	for _, p := range paths {
		id := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
		in := article.Input{ID: id, Name: p}
		fi, err := os.Stat(p)
		if err == nil && fi.Size() > int64(article.MaxBytes) {
			out <- doc{in: in, err: fmt.Errorf("%s: %d bytes: %w", p, fi.Size(), article.ErrTooLarge)}
			continue
		}
		if err == nil && fi.IsDir() {
			out <- doc{in: in, err: fmt.Errorf("%s: is a directory", p)}
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			out <- doc{in: in, err: err}
			continue
		}
		in.Body = b
		switch strings.ToLower(filepath.Ext(p)) {
		case ".html", ".htm", ".xhtml":
			in.ContentType = "text/html"
		case ".txt", ".text":
			in.ContentType = "text/plain"
		}
		out <- doc{in: in}
	}
}

// analyse extracts from every document of in on all cores and calls emit
// with the results in input order. Memory stays bounded: at most a few
// documents per worker are in flight.
func analyse(x *extract.Extractor, in <-chan doc, workers int, emit func(result) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type job struct {
		seq int
		d   doc
	}
	type done struct {
		seq int
		r   result
	}
	jobs := make(chan job, workers*2)
	results := make(chan done, workers*2)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- done{j.seq, run(x, j.d)}
			}
		}()
	}
	go func() {
		seq := 0
		for d := range in {
			jobs <- job{seq, d}
			seq++
		}
		close(jobs)
		wg.Wait()
		close(results)
	}()
	pending := map[int]result{}
	next := 0
	var emitErr error
	for d := range results {
		pending[d.seq] = d.r
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if emitErr == nil {
				emitErr = emit(r)
			}
		}
	}
	return emitErr
}

// run parses and extracts one document. A panic in extraction is a bug,
// but one document must not take the batch down with it: it is reported
// as that document's error.
func run(x *extract.Extractor, d doc) (r result) {
	r.id = d.in.ID
	if d.err != nil {
		r.err = d.err
		return r
	}
	defer func() {
		if p := recover(); p != nil {
			r.an, r.err = nil, fmt.Errorf("%s: internal error in extraction: %v", d.in.Name, p)
		}
	}()
	a, err := article.Read(d.in)
	if err != nil {
		r.err = err
		return r
	}
	if a.ID == "" {
		a.ID = d.in.ID
	}
	r.an = x.Extract(a)
	return r
}

// errNoInput is returned when a batch had no document.
var errNoInput = errors.New("no input documents")
