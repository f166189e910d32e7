package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/saywho/saywho/feed"
	"github.com/saywho/saywho/fetch"
	"github.com/saywho/saywho/ingest"
	"github.com/saywho/saywho/store"
	"github.com/saywho/saywho/warc"
)

var ingestFlags struct {
	db       string
	workers  int
	batch    int
	warc     []string
	feeds    []string
	every    time.Duration
	private  bool
	quiet    bool
	lease    time.Duration
	noIdent  bool
	pipeline pipelineFlags
}

var cmdIngest = &cobra.Command{
	Use:   "ingest [PATH...]",
	Short: "Extract statements from files and folders and store them",
	Long: `Ingest reads articles, extracts their statements and adds them to the store.

PATH is a file or a folder (walked): .txt plain text, .html/.htm pages, and
.jsonl or .jsonl.gz batches with one document a line ("doc_id" or "id",
"text", optional "meta": publisher, publication_date, author, title, url).
--warc adds the HTML responses of a WARC or .warc.gz web archive.
--feed adds the new items of an RSS or Atom feed, their linked pages fetched
politely (conditional GET, per-host rate limit, timeouts, size limits);
with --every the feeds are polled again at that interval until interrupted.

Ingesting the same input again adds nothing; an interrupted run can simply be
run again. After adding articles, ingest works out who is who across the
corpus (see saywho speakers). A failed input is reported with its reason and the rest goes on;
the exit code is 1 when any input failed.

With a PostgreSQL store (--db postgres://...) the inputs go through a job
queue in the database, and any number of ingest processes, on one machine or
several, share the work: each lists its inputs (an input already listed is
not queued again; with no PATH a process only works on what others listed)
and processes jobs until none is left. A process that dies leaves its jobs
to the others once its --lease runs out; each article is stored once.`,
	RunE: runIngest,
}

func init() {
	f := cmdIngest.Flags()
	addDBFlag(cmdIngest, &ingestFlags.db)
	f.IntVar(&ingestFlags.workers, "workers", 0, "parallel readers and extractors (default: the number of cores)")
	f.IntVar(&ingestFlags.batch, "batch", 64, "articles per write transaction")
	f.StringArrayVar(&ingestFlags.warc, "warc", nil, "a WARC or .warc.gz file (repeatable)")
	f.StringArrayVar(&ingestFlags.feeds, "feed", nil, "an RSS or Atom feed URL (repeatable)")
	f.DurationVar(&ingestFlags.every, "every", 0, "with --feed: poll again at this interval until interrupted (e.g. 10m)")
	f.BoolVar(&ingestFlags.private, "allow-private", false, "with --feed: also fetch from loopback and private addresses (a feed on your own network)")
	f.BoolVarP(&ingestFlags.quiet, "quiet", "q", false, "no progress, only the summary")
	f.BoolVar(&ingestFlags.noIdent, "no-identify", false, "do not work out who is who across the corpus after adding articles (saywho speakers --identify does it later)")
	addPipelineFlags(cmdIngest, &ingestFlags.pipeline)
	f.DurationVar(&ingestFlags.lease, "lease", 5*time.Minute, "with a PostgreSQL store: how long a claim on a batch of jobs lasts before another process may take it")
	cmdRoot.AddCommand(cmdIngest)
}

func runIngest(cmd *cobra.Command, args []string) error {
	noInputs := len(args) == 0 && len(ingestFlags.warc) == 0 && len(ingestFlags.feeds) == 0
	if _, embedded := sqlitePath(ingestFlags.db); noInputs && embedded {
		return &exitError{2, fmt.Errorf("ingest: give a PATH, --warc FILE or --feed URL")}
	}
	if ingestFlags.every != 0 && (len(ingestFlags.feeds) == 0 || ingestFlags.every < time.Second) {
		return &exitError{2, fmt.Errorf("ingest: --every needs --feed and an interval of a second or more")}
	}
	// Ctrl-C stops reading; what was read is still written.
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	st, err := openStore(ctx, ingestFlags.db, true)
	if err != nil {
		return err
	}
	defer st.Close()
	queue, _ := st.(ingest.Queue)
	if noInputs && queue == nil {
		return &exitError{2, fmt.Errorf("ingest: give a PATH, --warc FILE or --feed URL")}
	}

	var srcs []ingest.Source
	files := ingest.NewFiles(args...)
	defer files.Close()
	srcs = append(srcs, files)
	for _, path := range ingestFlags.warc {
		r, err := warc.Open(path, warc.Options{})
		if err != nil {
			return fmt.Errorf("ingest: %w", err)
		}
		defer r.Close()
		srcs = append(srcs, r)
	}
	if len(ingestFlags.feeds) > 0 {
		client := fetch.New(fetch.Options{AllowPrivateNetworks: ingestFlags.private})
		srcs = append(srcs, feed.New(ingestFlags.feeds, feed.Options{Client: client, Every: ingestFlags.every}))
	}

	stderr := cmd.ErrOrStderr()
	var prog ingest.Progress
	var bar *progressbar.ProgressBar
	switch {
	case ingestFlags.quiet:
	case writerIsTerminal(stderr):
		bar = progressbar.NewOptions64(-1,
			progressbar.OptionSetWriter(stderr),
			progressbar.OptionSetDescription("ingesting"),
			progressbar.OptionSetItsString("articles"),
			progressbar.OptionShowIts(),
			progressbar.OptionShowCount(),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		prog = barProgress{bar}
	default:
		prog = failurePrinter{stderr}
	}
	x, err := newExtractor(ingestFlags.pipeline)
	if err != nil {
		return err
	}
	opts := ingest.Options{Workers: ingestFlags.workers, Batch: ingestFlags.batch, Progress: prog, Extractor: x}
	var sum ingest.Summary
	if queue != nil {
		sum, err = ingest.RunQueue(ctx, queue, ingest.Chain(srcs...), ingest.QueueOptions{Options: opts, Lease: ingestFlags.lease})
	} else {
		sum, err = ingest.Run(ctx, ingest.Chain(srcs...), st, opts)
	}
	if bar != nil {
		bar.Finish()
	}
	printSummary(cmd.OutOrStdout(), stderr, sum, bar != nil || ingestFlags.quiet)
	if queue != nil {
		fmt.Fprintf(cmd.OutOrStdout(), "%d new jobs queued\n", sum.Queued)
	}
	if files.Skipped > 0 {
		fmt.Fprintf(stderr, "skipped %d files of other types in folders\n", files.Skipped)
	}
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		// What was read is written, and the summary says how much.
		return &exitError{130, errors.New("interrupted; run again to go on")}
	}
	if err != nil {
		return fmt.Errorf("ingest stopped: %w", err)
	}
	// Who is who across the corpus, now that it has new articles.
	if sum.New > 0 && !ingestFlags.noIdent {
		if err := identifyAfterIngest(ctx, cmd.OutOrStdout(), st); err != nil {
			return err
		}
	}
	if sum.Failed > 0 {
		return &exitError{1, fmt.Errorf("%d of %d inputs failed", sum.Failed, sum.Inputs)}
	}
	return nil
}

func writerIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// barProgress advances the bar by one per input.
type barProgress struct{ bar *progressbar.ProgressBar }

func (b barProgress) Done(ingest.Result) { b.bar.Add(1) }

// failurePrinter prints each failure as it happens, for logs.
type failurePrinter struct{ w io.Writer }

func (p failurePrinter) Done(r ingest.Result) {
	if r.Status == store.Failed {
		fmt.Fprintf(p.w, "failed: %v\n", r.Err)
	}
}

// printSummary prints the counts, and the failures unless they were
// printed as they happened.
func printSummary(out, errw io.Writer, sum ingest.Summary, listFailures bool) {
	rate := float64(sum.Inputs) / sum.Elapsed.Seconds()
	fmt.Fprintf(out, "%d inputs in %s (%.0f/s): %d new, %d duplicate, %d failed; %d statements added\n",
		sum.Inputs, sum.Elapsed.Round(time.Millisecond), rate, sum.New, sum.Duplicate, sum.Failed, sum.Statements)
	if !listFailures || len(sum.Failures) == 0 {
		return
	}
	const show = 50
	for i, f := range sum.Failures {
		if i == show {
			break
		}
		fmt.Fprintf(errw, "failed: %v\n", f.Err)
	}
	if sum.Failed > show {
		fmt.Fprintf(errw, "... and %d more failures\n", sum.Failed-show)
	}
}
