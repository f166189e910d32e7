package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/eval"
	"github.com/saywho/saywho/extract"
)

var evalOpts struct {
	pred     string
	mins     []string
	asJSON   bool
	workers  int
	pipeline string
}

var cmdEval = &cobra.Command{
	Use:   "eval GOLD.jsonl...",
	Short: "Score extraction against annotated data",
	Long: `Eval runs the extractor on the texts of annotated JSONL files (the format of
../shared/eval/README.md: PolNeAR, or the example's gold file) and scores
the statements found: content matched at character Jaccard >= 0.5,
speaker by mention overlap or resolved name, attribution (both), exact
spans, cue accuracy, per kind. The numbers agree with the reference
scorer ../shared/tools/score.py on the same output.

By default it runs both pipelines, the hand-written rules alone and the
full pipeline (rules and learned models), and prints them side by side;
--pipeline picks one. --min bars apply to the full pipeline (or the one
picked).

With --pred, it scores a file of predictions (the batch JSONL output of
saywho extract) instead of running the extractor.`,
	Example: `  saywho eval ../shared/eval/polnear-dev.jsonl
  saywho eval testdata/briefing-2024-11-29.gold.jsonl --min attr_f1=1 --min scare_max=0`,
	Args: cobra.MinimumNArgs(1),
	RunE: func(cmd *cobra.Command, args []string) error {
		mins, err := parseMins(evalOpts.mins)
		if err != nil {
			return err
		}
		var preds map[string]*saywho.Record
		if evalOpts.pred != "" {
			if preds, err = readPreds(evalOpts.pred); err != nil {
				return err
			}
		}
		type run struct {
			name string
			x    *extract.Extractor
			sc   eval.Scores
		}
		var runs []*run
		switch {
		case preds != nil:
			runs = []*run{{name: "predictions"}}
		case evalOpts.pipeline == "both":
			runs = []*run{{name: "rules", x: extract.NewWith(extract.Options{RulesOnly: true})}, {name: "full", x: extract.New()}}
		case evalOpts.pipeline == "rules":
			runs = []*run{{name: "rules", x: extract.NewWith(extract.Options{RulesOnly: true})}}
		case evalOpts.pipeline == "full":
			runs = []*run{{name: "full", x: extract.New()}}
		default:
			return fmt.Errorf("unknown --pipeline %q (want both, rules or full)", evalOpts.pipeline)
		}
		for _, r := range runs {
			for _, path := range args {
				if err := scoreFile(&r.sc, r.x, path, preds); err != nil {
					return err
				}
			}
		}
		out := cmd.OutOrStdout()
		last := runs[len(runs)-1]
		if evalOpts.asJSON {
			res := map[string]eval.Summary{}
			for _, r := range runs {
				res[r.name] = r.sc.Summary()
			}
			b, _ := json.MarshalIndent(res, "", " ")
			fmt.Fprintf(out, "%s\n", b)
		} else {
			if len(runs) > 1 {
				writeSideBySide(out, runs[0].name, &runs[0].sc, last.name, &last.sc)
				fmt.Fprintln(out)
			}
			fmt.Fprintf(out, "== %s ==\n", last.name)
			last.sc.Write(out)
			fmt.Fprintln(out)
			last.sc.WriteCalibration(out)
		}
		if failed := checkMins(last.sc.Summary(), mins); len(failed) > 0 {
			return &exitError{1, fmt.Errorf("below the bar: %s", strings.Join(failed, ", "))}
		}
		return nil
	},
}

// writeSideBySide prints the headline numbers of two runs and their
// difference.
func writeSideBySide(w io.Writer, an string, a *eval.Scores, bn string, b *eval.Scores) {
	ma, mb := a.Summary(), b.Summary()
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "metric\t%s\t%s\tchange\t\n", an, bn)
	row := func(k string, x, y float64) { fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%+.3f\t\n", k, x, y, y-x) }
	row("attr_f1", ma.AttrF1, mb.AttrF1)
	row("attr_p", ma.AttrP, mb.AttrP)
	row("attr_r", ma.AttrR, mb.AttrR)
	row("content_f1", ma.ContentF1, mb.ContentF1)
	row("exact_f1", ma.ExactF1, mb.ExactF1)
	row("speaker_acc", ma.SpeakerAcc, mb.SpeakerAcc)
	row("cue_acc", ma.CueAcc, mb.CueAcc)
	for _, k := range b.Kinds() {
		ka, kb := a.ByKind[k], b.ByKind[k]
		if ka == nil || kb == nil || kb.Gold == 0 {
			continue
		}
		_, _, fa := eval.PRFKind(ka)
		_, _, fb := eval.PRFKind(kb)
		row("attr_f1 "+k, fa, fb)
	}
	fmt.Fprintf(tw, "statements\t%d\t%d\t\t\n", ma.Pred, mb.Pred)
	tw.Flush()
}

func init() {
	f := cmdEval.Flags()
	f.StringVar(&evalOpts.pred, "pred", "", "score this prediction JSONL instead of running the extractor")
	f.StringArrayVar(&evalOpts.mins, "min", nil, "fail (exit 1) below this bar, KEY=VALUE: attr_f1, content_f1, exact_f1, speaker_acc, cue_acc; scare_max=N")
	f.BoolVar(&evalOpts.asJSON, "json", false, "print the summary as JSON")
	f.IntVar(&evalOpts.workers, "workers", 0, "documents extracted at once (default: one per core)")
	f.StringVar(&evalOpts.pipeline, "pipeline", "both", "both (side by side), rules, or full")
	cmdRoot.AddCommand(cmdEval)
}

// scoreFile adds one gold file's documents to sc, extracting each (or
// taking its prediction from preds).
func scoreFile(sc *eval.Scores, x *extract.Extractor, path string, preds map[string]*saywho.Record) error {
	var golds []*eval.Doc
	if err := eval.ReadGold(path, func(d *eval.Doc) error { golds = append(golds, d); return nil }); err != nil {
		return err
	}
	if preds != nil {
		for _, g := range golds {
			sc.Add(g, preds[g.Key()])
		}
		return nil
	}
	docs := make(chan doc, 8)
	go func() {
		defer close(docs)
		for _, g := range golds {
			docs <- doc{in: g.Input(path + ":" + g.Key())}
		}
	}()
	i := 0
	return analyse(x, docs, evalOpts.workers, func(r result) error {
		g := golds[i]
		i++
		if r.err != nil {
			return fmt.Errorf("%s: %w", g.Key(), r.err)
		}
		if r.an.Article.Text != g.Text {
			return fmt.Errorf("%s: the reader changed the text; offsets would not match the gold", g.Key())
		}
		rec := r.an.Record(false)
		sc.Add(g, &rec)
		return nil
	})
}

func readPreds(path string) (map[string]*saywho.Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	preds := map[string]*saywho.Record{}
	br := bufio.NewReaderSize(f, 1<<20)
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if len(strings.TrimSpace(string(line))) > 0 {
			var r saywho.Record
			if jerr := json.Unmarshal(line, &r); jerr != nil {
				return nil, fmt.Errorf("%s:%d: %w", path, n, jerr)
			}
			preds[r.ID] = &r
		}
		if err == io.EOF {
			return preds, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
	}
}

func parseMins(specs []string) (map[string]float64, error) {
	mins := map[string]float64{}
	for _, s := range specs {
		k, v, ok := strings.Cut(s, "=")
		f, err := strconv.ParseFloat(v, 64)
		if !ok || err != nil {
			return nil, fmt.Errorf("--min %q: want KEY=NUMBER", s)
		}
		mins[k] = f
	}
	return mins, nil
}

func checkMins(m eval.Summary, mins map[string]float64) []string {
	vals := map[string]float64{
		"attr_f1": m.AttrF1, "attr_p": m.AttrP, "attr_r": m.AttrR,
		"content_f1": m.ContentF1, "content_p": m.ContentP, "content_r": m.ContentR,
		"exact_f1": m.ExactF1, "content30_f1": m.Content30F1,
		"speaker_acc": m.SpeakerAcc, "cue_acc": m.CueAcc,
	}
	var failed []string
	for k, min := range mins {
		if k == "scare_max" {
			if float64(m.ScareReported) > min {
				failed = append(failed, fmt.Sprintf("scare_reported=%d>%g", m.ScareReported, min))
			}
			continue
		}
		v, ok := vals[k]
		if !ok {
			failed = append(failed, fmt.Sprintf("unknown key %s", k))
			continue
		}
		if v < min {
			failed = append(failed, fmt.Sprintf("%s=%.3f<%g", k, v, min))
		}
	}
	return failed
}
