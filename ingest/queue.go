package ingest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/article"
	"github.com/saywho/saywho/extract"
	"github.com/saywho/saywho/store"
)

// Queue is a table of jobs, one per input, that several ingest processes
// (on one machine or several) share through the database: whoever lists
// the inputs enqueues them, and every process claims jobs, reads and
// extracts them, and stores their articles. A claim is a lease: a worker
// killed mid-job stops renewing nothing, its lease runs out, and another
// worker claims the job again. A job is marked done in the same
// transaction that stores its article, so an article is stored once
// however many times its job was claimed.
//
// store/postgres implements it. The embedded store does not: one SQLite
// file has one writer at a time and lives on one machine, where Run's
// in-process workers already use every core; a second process would only
// wait for the write lock. Callers use RunQueue when the store is a Queue
// and Run otherwise.
//
// Jobs are known by their input's Name and ID (path:line and document
// id, WARC file:offset URL and record id): the same input listed twice,
// by one process or by several, is one job. The queue keeps each input's
// bytes until its job is done, so workers need no access to the listed
// files.
type Queue interface {
	// Enqueue adds a job for each input not queued before and reports
	// how many it added.
	Enqueue(ctx context.Context, inputs []article.Input) (added int, err error)
	// Claim leases up to n jobs to worker for lease: jobs never claimed,
	// and jobs whose lease ran out, oldest first. It gives up on a job
	// claimed too many times without finishing (it fails it), so that
	// an input that kills its workers does not kill them all.
	Claim(ctx context.Context, worker string, n int, lease time.Duration) ([]article.Input, error)
	// Done stores batch[i] as the article of the claimed job jobs[i] and
	// marks the jobs done (or failed, for articles the store refused), in
	// the transaction that stores the articles. Its results are Put's.
	Done(ctx context.Context, worker string, jobs []article.Input, batch []*saywho.Analysis) ([]store.PutResult, error)
	// Fail marks the claimed jobs failed, with reasons[i]: inputs that
	// could not be read. A failed job is not claimed again.
	Fail(ctx context.Context, worker string, jobs []article.Input, reasons []string) error
	// Pending counts the jobs not finished: waiting, or claimed by a
	// worker that may yet finish them or die and let its lease run out.
	Pending(ctx context.Context) (int, error)
}

// QueueOptions tune RunQueue: Options, and the claiming.
type QueueOptions struct {
	Options
	// Worker names this process in the queue (claimed_by); default
	// host:pid:random.
	Worker string
	// Lease is how long a claim lasts: after it, a job whose worker has
	// not finished it is claimed again by another. Default 5 minutes;
	// it must be longer than a batch of Options.Batch inputs takes to
	// read, extract and store, or the work is done twice (but stored once).
	Lease time.Duration
	// Poll is how often a worker with nothing to claim looks again while
	// jobs are pending elsewhere; default 1s.
	Poll time.Duration
}

// inFlight is the number of claimed batches a process holds at once: one
// being written while the next is extracted.
const inFlight = 2

// maxEnqueueBytes bounds the inputs sent to the queue in one Enqueue.
const maxEnqueueBytes = 16 << 20

// RunQueue ingests through q: it enqueues every input of src (if src is
// not nil: a process may only work on what others listed), and claims
// and processes jobs until none is pending. It returns when the queue is
// done, or when ctx ends: then it stops listing and claiming, writes what
// was already extracted and returns ctx's error; its other claims run
// out and other workers take them. The summary counts this process's
// work; Summary.Queued the jobs it added. A queue error stops the run.
func RunQueue(ctx context.Context, q Queue, src Source, opts QueueOptions) (Summary, error) {
	start := time.Now()
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.Batch <= 0 {
		opts.Batch = 64
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
	if opts.Lease <= 0 {
		opts.Lease = 5 * time.Minute
	}
	if opts.Poll <= 0 {
		opts.Poll = time.Second
	}
	if opts.Worker == "" {
		opts.Worker = WorkerName()
	}

	readCtx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	writeCtx := context.WithoutCancel(ctx)
	var fatalMu sync.Mutex
	var fatal error
	fail := func(err error) {
		fatalMu.Lock()
		if fatal == nil {
			fatal = err
		}
		fatalMu.Unlock()
		stopReading()
	}
	failed := func() error {
		fatalMu.Lock()
		defer fatalMu.Unlock()
		return fatal
	}

	// Listing: inputs into the queue, failures of the source to the
	// writer.
	var listing atomic.Bool
	var queued atomic.Int64
	srcFailed := make(chan Result)
	// kick wakes an idle claimer when jobs were listed.
	kick := make(chan struct{}, 1)
	wake := func() {
		select {
		case kick <- struct{}{}:
		default:
		}
	}
	if src != nil {
		listing.Store(true)
		go func() {
			defer close(srcFailed)
			defer wake()
			defer listing.Store(false)
			if err := enqueue(readCtx, q, src, srcFailed, &queued, wake); err != nil && readCtx.Err() == nil {
				fail(err)
			}
		}()
	} else {
		close(srcFailed)
	}

	// Claiming: batches of jobs to the workers, at most inFlight at once.
	type claim struct {
		jobs []article.Input
		outs []outcome
		left atomic.Int32
	}
	type item struct {
		c *claim
		i int
	}
	slots := make(chan struct{}, inFlight)
	items := make(chan item, opts.Batch)
	finished := make(chan *claim, inFlight)
	var held atomic.Int64 // jobs this process claimed and has not finished
	go func() {
		defer close(items)
		for readCtx.Err() == nil {
			select {
			case slots <- struct{}{}:
			case <-readCtx.Done():
				return
			}
			jobs, err := q.Claim(readCtx, opts.Worker, opts.Batch, opts.Lease)
			if err != nil {
				if readCtx.Err() == nil {
					fail(fmt.Errorf("claim jobs: %w", err))
				}
				return
			}
			if len(jobs) == 0 {
				<-slots
				if !listing.Load() {
					n, err := q.Pending(readCtx)
					if err != nil {
						if readCtx.Err() == nil {
							fail(fmt.Errorf("count jobs: %w", err))
						}
						return
					}
					// Jobs pending beyond our own are others' (listed,
					// or claimed by workers that may die); ours are
					// finished by the writer. Held is read after the
					// count, so that a batch finished in between makes
					// us look again rather than leave too early.
					if n-int(held.Load()) <= 0 && !listing.Load() {
						return
					}
				}
				select {
				case <-time.After(opts.Poll):
				case <-kick:
				case <-readCtx.Done():
				}
				continue
			}
			held.Add(int64(len(jobs)))
			c := &claim{jobs: jobs, outs: make([]outcome, len(jobs))}
			c.left.Store(int32(len(jobs)))
			for i := range jobs {
				items <- item{c, i}
			}
		}
	}()
	var wg sync.WaitGroup
	for w := 0; w < opts.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range items {
				it.c.outs[it.i] = work(job{in: it.c.jobs[it.i]}, opts.Extractor, opts.Read)
				if it.c.left.Add(-1) == 0 {
					finished <- it.c
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(finished)
	}()

	// Writing: each finished batch in one Done (and one Fail for the
	// inputs that could not be read).
	w := &writer{opts: &opts.Options}
	fromSrc, fromWorkers := (<-chan Result)(srcFailed), (<-chan *claim)(finished)
	for fromSrc != nil || fromWorkers != nil {
		select {
		case r, ok := <-fromSrc:
			if !ok {
				fromSrc = nil
				continue
			}
			w.done(r)
		case c, ok := <-fromWorkers:
			if !ok {
				fromWorkers = nil
				continue
			}
			if failed() == nil {
				if err := finish(writeCtx, q, opts.Worker, c.jobs, c.outs, w); err != nil {
					fail(err)
				}
			}
			held.Add(-int64(len(c.jobs)))
			<-slots
		}
	}
	w.sum.Queued = int(queued.Load())
	w.sum.Elapsed = time.Since(start)
	if err := failed(); err != nil {
		return w.sum, err
	}
	return w.sum, ctx.Err()
}

// enqueue lists src into q in batches, and hands the source's failures
// (inputs that could not even be listed) to failed.
func enqueue(ctx context.Context, q Queue, src Source, failed chan<- Result, queued *atomic.Int64, wake func()) error {
	var batch []article.Input
	size := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		n, err := q.Enqueue(ctx, batch)
		if err != nil {
			return fmt.Errorf("enqueue: %w", err)
		}
		queued.Add(int64(n))
		if n > 0 {
			wake()
		}
		batch, size = batch[:0], 0
		return nil
	}
	for {
		in, err := src.Next(ctx)
		if errors.Is(err, io.EOF) {
			return flush()
		}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			name := in.Name
			if name == "" {
				name = in.URL
			}
			select {
			case failed <- Result{Name: name, Status: store.Failed, Err: err}:
			case <-ctx.Done():
				return ctx.Err()
			}
			continue
		}
		batch = append(batch, in)
		size += len(in.Body)
		if len(batch) >= 256 || size >= maxEnqueueBytes {
			if err := flush(); err != nil {
				return err
			}
		}
	}
}

// finish records a claimed batch: the inputs that failed to be read or
// extracted are failed jobs, the others are stored and marked done.
func finish(ctx context.Context, q Queue, worker string, jobs []article.Input, outs []outcome, w *writer) error {
	var okJobs, badJobs []article.Input
	var batch []*saywho.Analysis
	var okRes []Result
	var reasons []string
	for i, o := range outs {
		if o.an == nil {
			badJobs = append(badJobs, jobs[i])
			reasons = append(reasons, o.res.Err.Error())
			continue
		}
		okJobs = append(okJobs, jobs[i])
		batch = append(batch, o.an)
		okRes = append(okRes, o.res)
	}
	if len(badJobs) > 0 {
		if err := q.Fail(ctx, worker, badJobs, reasons); err != nil {
			return fmt.Errorf("mark jobs failed: %w", err)
		}
	}
	for _, o := range outs {
		if o.an == nil {
			w.done(o.res)
		}
	}
	if len(batch) == 0 {
		return nil
	}
	res, err := q.Done(ctx, worker, okJobs, batch)
	if err != nil {
		return fmt.Errorf("write to store: %w", err)
	}
	return w.record(okRes, res, nil)
}

// WorkerName names this process in a queue: host, process id and a
// random suffix (process ids are reused).
func WorkerName() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "unknown"
	}
	var b [3]byte
	rand.Read(b[:])
	return fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}
