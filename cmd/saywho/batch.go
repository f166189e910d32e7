package main

import (
	"context"
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
	"github.com/saywho/saywho/ingest"
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

// readJSONL sends each document of a JSON Lines stream (the format of
// ../shared/eval: "doc_id" or "id", "text", optional "meta"). A line that
// is not a document is sent with its error, in its place, and the batch
// goes on; the stream is read a line at a time.
func readJSONL(name string, r io.Reader, out chan<- doc) error {
	src := ingest.NewJSONL(r, name)
	for {
		in, err := src.Next(context.Background())
		if errors.Is(err, io.EOF) {
			return nil
		}
		if in.ID == "" {
			in.ID = in.Name
		}
		out <- doc{in: in, err: err}
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
