// Package ingest moves articles from sources into a store: read each input
// into an article, extract its statements, write the analysis. Reading and
// extraction run on a pool of workers; one writer batches the analyses into
// transactions. Channels between the stages are bounded, so memory stays
// flat whatever the size of the input.
//
// A bad input is a failure of that input, named with its reason; it never
// stops the run. Only the store failing, or the context ending, stops it.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/article"
	"github.com/saywho/saywho/extract"
	"github.com/saywho/saywho/store"
)

// Source hands over raw inputs one at a time. Next returns io.EOF when
// there are no more. Any other error is the failure of one input: Run
// records it and calls Next again, so a source whose failure ends it must
// return that error once and io.EOF afterwards. The file source here, and
// the feed and WARC readers, satisfy it without importing this package.
type Source interface {
	Next(ctx context.Context) (article.Input, error)
}

// Store is where analyses go: store.Store satisfies it.
type Store interface {
	Put(ctx context.Context, batch []*saywho.Analysis) ([]store.PutResult, error)
}

// Haser is a Store that can tell whether it holds an article's text; Run
// then skips extracting articles already stored (a rerun after a crash
// costs reading, not extraction). They still go to Put, without
// statements, so that a new source of the same text is recorded.
type Haser interface {
	Has(ctx context.Context, hash string) (bool, error)
}

// Extractor analyses one article: extract.New() satisfies it.
type Extractor interface {
	Extract(a *saywho.Article) *saywho.Analysis
}

// Progress is told of each input as the writer finishes with it, from one
// goroutine. The CLI hands in a progress bar, or a printer of failures.
type Progress interface {
	Done(r Result)
}

// Result is what happened to one input.
type Result struct {
	Name       string // the input's name (path, path:line, URL, record id)
	ID         string // the article's id, when it was read
	Hash       string // the article's content hash, when it was read
	Status     store.Status
	Statements int   // statements added
	Err        error // why it failed; names the input
}

// Options tune Run. Zero values take the defaults.
type Options struct {
	// Workers read and extract in parallel; default GOMAXPROCS.
	Workers int
	// Batch is the number of articles per write transaction; default 64.
	// Bigger batches amortise the commit; an article is atomic either way.
	Batch int
	// Flush writes a partial batch after this long without a full one, so
	// that a slow source still shows up in the store; default 1s.
	Flush time.Duration
	// Extractor analyses each article; default extract.New().
	Extractor Extractor
	// Read turns an input into an article; default article.Read.
	Read func(article.Input) (*saywho.Article, error)
	// Progress, if set, is told of each input.
	Progress Progress
	// MaxFailures bounds Summary.Failures (Progress still sees every
	// one); default 1000.
	MaxFailures int
}

// Summary counts what a run did.
type Summary struct {
	Inputs     int // inputs seen, failed ones included
	New        int // articles stored
	Duplicate  int // articles already in the store
	Failed     int
	Statements int // statements added
	// Failures are the first Options.MaxFailures failed inputs.
	Failures []Result
	Elapsed  time.Duration
	// Queued counts the jobs RunQueue added to a shared queue.
	Queued int
}

// job is one input to read, or a source failure to pass along in order.
type job struct {
	in  article.Input
	err error
}

type outcome struct {
	res Result
	an  *saywho.Analysis // nil when failed
}

// Run ingests every input of src into st. It returns
// when the source is exhausted, or when ctx ends: then it stops reading,
// writes what was already extracted and returns ctx's error. The summary
// is valid in both cases. A store error stops the run and is returned.
func Run(ctx context.Context, src Source, st Store, opts Options) (Summary, error) {
	start := time.Now()
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.Batch <= 0 {
		opts.Batch = 64
	}
	if opts.Flush <= 0 {
		opts.Flush = time.Second
	}
	if opts.Read == nil {
		opts.Read = article.Read
	}
	if opts.Extractor == nil {
		opts.Extractor = extract.New()
	}
	if opts.MaxFailures <= 0 {
		opts.MaxFailures = 1000
	}

	// Reading stops when ctx ends or the writer fails; what was read is
	// still written, under a context that the caller's cancel does not end.
	readCtx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	writeCtx := context.WithoutCancel(ctx)

	jobs := make(chan job, opts.Workers*2)
	outcomes := make(chan outcome, opts.Workers*2)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(jobs)
		for readCtx.Err() == nil {
			in, err := src.Next(readCtx)
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil && readCtx.Err() != nil {
				return // the source noticed the cancel
			}
			select {
			case jobs <- job{in, err}:
			case <-readCtx.Done():
				return
			}
		}
	}()
	var x Extractor = opts.Extractor
	if h, ok := st.(Haser); ok {
		x = skipStored{readCtx, h, x}
	}
	// cores holds a token per worker: a worker holds one while it reads
	// and extracts, and the writer takes one for each Put. The writer is
	// the one stage that cannot be split; sharing the cores evenly with
	// the workers, it got two thirds of one and held everything up, where
	// with a core of its own it keeps pace (docs/BENCHMARKS.md).
	cores := make(chan struct{}, opts.Workers)
	for w := 0; w < opts.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				cores <- struct{}{}
				o := work(j, x, opts.Read)
				<-cores // before the send, which may wait for the writer
				outcomes <- o
			}
		}()
	}
	go func() {
		wg.Wait()
		close(outcomes)
	}()

	w := &writer{st: st, ctx: writeCtx, opts: &opts, cores: cores}
	timer := time.NewTimer(opts.Flush)
	defer timer.Stop()
	var err error
loop:
	for {
		select {
		case o, ok := <-outcomes:
			if !ok {
				break loop
			}
			if err != nil {
				continue // draining after a store error
			}
			w.add(o)
			if len(w.batch) >= opts.Batch {
				err = w.flush()
			}
		case <-timer.C:
			if err == nil {
				err = w.flush()
			}
			timer.Reset(opts.Flush)
		}
		if err != nil {
			stopReading()
		}
	}
	if err == nil {
		err = w.flush()
	}
	if werr := w.wait(); err == nil {
		err = werr
	}
	w.sum.Elapsed = time.Since(start)
	if err != nil {
		return w.sum, err
	}
	return w.sum, ctx.Err()
}

// work reads and extracts one input. A panic in a reader or the extractor
// is that input's failure, not the end of the run.
func work(j job, x Extractor, read func(article.Input) (*saywho.Article, error)) (o outcome) {
	o.res.Name = j.in.Name
	if o.res.Name == "" {
		o.res.Name = j.in.URL
	}
	if j.err != nil {
		o.res.Status, o.res.Err = store.Failed, j.err
		return o
	}
	defer func() {
		if p := recover(); p != nil {
			o.an = nil
			o.res.Status, o.res.Err = store.Failed, fmt.Errorf("%s: internal error: %v", o.res.Name, p)
		}
	}()
	a, err := read(j.in)
	if err != nil {
		o.res.Status, o.res.Err = store.Failed, err
		return o
	}
	o.res.ID, o.res.Hash = a.ID, a.Hash()
	an := x.Extract(a)
	if an == nil || an.Article == nil {
		o.res.Status, o.res.Err = store.Failed, fmt.Errorf("%s: extraction returned no analysis", o.res.Name)
		return o
	}
	o.an = an
	return o
}

// skipStored extracts only articles the store does not hold yet.
type skipStored struct {
	ctx context.Context
	st  Haser
	x   Extractor
}

func (s skipStored) Extract(a *saywho.Article) *saywho.Analysis {
	if has, err := s.st.Has(s.ctx, a.Hash()); err == nil && has {
		return &saywho.Analysis{Article: a}
	}
	return s.x.Extract(a)
}

// writer batches analyses into Put calls and keeps the summary. Run's
// writer has one Put in flight while it gathers the next batch: a
// transaction of 64 articles takes long enough that waiting for it would
// leave the extraction workers blocked on a full channel, and a core idle.
type writer struct {
	st       Store
	ctx      context.Context
	opts     *Options
	batch    []*saywho.Analysis
	pending  []Result // results of batch, same order
	inflight chan written
	cores    chan struct{} // Run's core tokens; nil in RunQueue
	sum      Summary
}

// written is the outcome of one Put.
type written struct {
	pending []Result
	res     []store.PutResult
	err     error
}

func (w *writer) add(o outcome) {
	if o.an == nil {
		w.done(o.res)
		return
	}
	w.batch = append(w.batch, o.an)
	w.pending = append(w.pending, o.res)
}

// flush waits for the Put in flight, then starts one for the batch
// gathered since. The error is the earlier Put's, if it failed.
func (w *writer) flush() error {
	if err := w.wait(); err != nil {
		for _, r := range w.pending {
			r.Status, r.Err = store.Failed, fmt.Errorf("%s: not written: %w", r.Name, err)
			w.done(r)
		}
		w.batch, w.pending = nil, nil
		return err
	}
	if len(w.batch) == 0 {
		return nil
	}
	batch, pending := w.batch, w.pending
	w.batch, w.pending = nil, nil
	ch := make(chan written, 1)
	w.inflight = ch
	go func() {
		if w.cores != nil {
			w.cores <- struct{}{}
			defer func() { <-w.cores }()
		}
		res, err := w.st.Put(w.ctx, batch)
		ch <- written{pending, res, err}
	}()
	return nil
}

// wait finishes the Put in flight, if any: each of its inputs is done.
func (w *writer) wait() error {
	if w.inflight == nil {
		return nil
	}
	d := <-w.inflight
	w.inflight = nil
	return w.record(d.pending, d.res, d.err)
}

// record hands each input of a Put to done, with what the store said.
func (w *writer) record(pending []Result, res []store.PutResult, err error) error {
	if err != nil {
		for _, r := range pending {
			r.Status, r.Err = store.Failed, fmt.Errorf("%s: not written: %w", r.Name, err)
			w.done(r)
		}
		return fmt.Errorf("write to store: %w", err)
	}
	for i, pr := range res {
		r := pending[i]
		r.Status, r.Statements = pr.Status, pr.Statements
		if pr.Hash != "" {
			r.Hash = pr.Hash
		}
		if pr.Err != nil {
			r.Err = fmt.Errorf("%s: %w", r.Name, pr.Err)
		}
		w.done(r)
	}
	return nil
}

func (w *writer) done(r Result) {
	w.sum.Inputs++
	switch r.Status {
	case store.New:
		w.sum.New++
		w.sum.Statements += r.Statements
	case store.Duplicate:
		w.sum.Duplicate++
	default:
		r.Status = store.Failed
		w.sum.Failed++
		if len(w.sum.Failures) < w.opts.MaxFailures {
			w.sum.Failures = append(w.sum.Failures, r)
		}
	}
	if w.opts.Progress != nil {
		w.opts.Progress.Done(r)
	}
}
