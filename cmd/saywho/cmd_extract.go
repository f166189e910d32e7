package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/article"
)

var extractOpts struct {
	input    string
	format   string
	withText bool
	workers  int
	pipeline pipelineFlags
}

var cmdExtract = &cobra.Command{
	Use:   "extract [FILE...]",
	Short: "Extract attributed statements from articles",
	Long: `Extract reads articles (plain text or HTML files, or a JSONL batch on
standard input) and prints their statements, speakers, entities and figures.

With --input jsonl, each line of standard input (or of each FILE) is one
document {"doc_id" or "id", "text", "meta"}, and each output line is one
document's record, in input order. A document that cannot be read gives a
line with "error" and the batch goes on; the exit code is 1 if any failed.
The output schema is docs/SCHEMA.md.`,
	Example: `  saywho extract testdata/briefing-2024-11-29.txt
  saywho extract --input jsonl --format jsonl < docs.jsonl > statements.jsonl`,
	RunE: func(cmd *cobra.Command, args []string) error {
		format := extractOpts.format
		if format == "" {
			format = "jsonl"
			if isTerminal(os.Stdout) {
				format = "table"
			}
		}
		switch format {
		case "table", "json", "jsonl":
		default:
			return fmt.Errorf("unknown --format %q (want table, json or jsonl)", format)
		}
		x, err := newExtractor(extractOpts.pipeline)
		if err != nil {
			return err
		}
		docs := make(chan doc, 4)
		var readErr error
		go func() {
			defer close(docs)
			readErr = readInputs(extractOpts.input, args, cmd.InOrStdin(), docs)
		}()
		w := bufio.NewWriterSize(cmd.OutOrStdout(), 1<<16)
		defer w.Flush()
		failed, n := 0, 0
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		err = analyse(x, docs, extractOpts.workers, func(r result) error {
			n++
			if r.err != nil {
				failed++
				fmt.Fprintln(os.Stderr, "saywho:", r.err)
			}
			switch format {
			case "jsonl":
				return enc.Encode(record(r, extractOpts.withText))
			case "json":
				b, err := json.MarshalIndent(record(r, extractOpts.withText), "", "  ")
				if err != nil {
					return err
				}
				_, err = fmt.Fprintf(w, "%s\n", b)
				return err
			default:
				if r.err == nil {
					writeTable(w, r.an)
				}
				return w.Flush()
			}
		})
		if err != nil {
			return err
		}
		if readErr != nil {
			return readErr
		}
		if n == 0 {
			return &exitError{1, errNoInput}
		}
		if failed > 0 {
			return &exitError{1, fmt.Errorf("%d of %d documents failed", failed, n)}
		}
		return nil
	},
}

func init() {
	f := cmdExtract.Flags()
	f.StringVar(&extractOpts.input, "input", "auto", "input kind: auto (by file name and content), text, html or jsonl")
	f.StringVar(&extractOpts.format, "format", "", "output: table, json or jsonl (default table on a terminal, else jsonl)")
	f.BoolVar(&extractOpts.withText, "text", false, "include each article's text in json and jsonl output")
	f.IntVar(&extractOpts.workers, "workers", 0, "documents extracted at once (default: one per core)")
	addPipelineFlags(cmdExtract, &extractOpts.pipeline)
	cmdRoot.AddCommand(cmdExtract)
}

// readInputs sends the documents named by args (or standard input) in
// order.
func readInputs(kind string, args []string, stdin io.Reader, out chan<- doc) error {
	switch kind {
	case "jsonl":
		if len(args) == 0 {
			return readJSONL("stdin", stdin, out)
		}
		for _, p := range args {
			f, err := os.Open(p)
			if err != nil {
				out <- doc{err: err}
				continue
			}
			err = readJSONL(p, f, out)
			f.Close()
			if err != nil {
				return err
			}
		}
		return nil
	case "auto", "text", "html":
		if len(args) == 0 {
			b, err := io.ReadAll(io.LimitReader(stdin, int64(article.MaxBytes)+1))
			d := doc{err: err}
			d.in.ID, d.in.Name, d.in.Body = "stdin", "stdin", b
			setKind(&d, kind)
			out <- d
			return nil
		}
		ch := make(chan doc)
		go func() { readFiles(args, ch); close(ch) }()
		for d := range ch {
			setKind(&d, kind)
			out <- d
		}
		return nil
	}
	return fmt.Errorf("unknown --input %q (want auto, text, html or jsonl)", kind)
}

func setKind(d *doc, kind string) {
	switch kind {
	case "text":
		d.in.ContentType = "text/plain"
	case "html":
		d.in.ContentType = "text/html"
	}
}

// record is the JSON form of a result: the analysis, or the id and error.
func record(r result, withText bool) saywho.Record {
	if r.err != nil {
		return saywho.Record{ID: r.id, Statements: []saywho.StatementRecord{}, Error: r.err.Error()}
	}
	return r.an.Record(withText)
}

// writeTable prints an analysis for a person at a terminal.
func writeTable(w io.Writer, an *saywho.Analysis) {
	a := an.Article
	fmt.Fprintf(w, "%s", a.ID)
	if a.Title != "" {
		fmt.Fprintf(w, " — %s", a.Title)
	}
	if !a.Published.IsZero() {
		fmt.Fprintf(w, " (%s)", a.Published.UTC().Format("2006-01-02 15:04 MST"))
	}
	fmt.Fprintf(w, "\n%d statements, %d entities, %d figures\n\n", len(an.Statements), len(an.Entities), len(an.Figures))
	t := saywho.NewText(a.Text)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tKIND\tSPEAKER\tCUE\tCONF\tSTATEMENT")
	for i, s := range an.Statements {
		speaker := s.Speaker.Name
		if speaker == "" {
			speaker = "unknown"
			if !s.Speaker.Mention.Empty() {
				speaker = "? " + t.Slice(s.Speaker.Mention)
			}
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%.2f\t%s\n", i+1, s.Kind, clip(speaker, 28), clip(t.Slice(s.Cue), 18), s.Confidence, clip(oneLine(t.Slice(s.Content)), 90))
	}
	tw.Flush()
	fmt.Fprintln(w)
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
