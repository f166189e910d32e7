package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/eval"
	"github.com/saywho/saywho/extract"
	"github.com/saywho/saywho/tag"
)

var trainOpts struct {
	data    string
	corenlp string
	out     string
	tagOut  string
	tagger  bool
	seed    uint64
	epochs  [2]int
}

var cmdTrain = &cobra.Command{
	Use:   "train",
	Short: "Rebuild the embedded models from the PolNeAR training split",
	Long: `Train rebuilds the learned models from annotated data and writes them where
the build embeds them:

  - the attribution models (cue tagger and argument labeller) from
    polnear-train.jsonl, into extract/model/;
  - with --tagger, the part-of-speech and name tagger from CoreNLP's
    silver analysis of the same articles (polnear-corenlp.jsonl), into
    tag/model.bin. The attribution models use the tagger's output, so
    retrain them after the tagger.

Training is deterministic: the same data and seed give the same bytes.
Only the train split is read; the dev split is for measuring (saywho eval).
Rebuild the binary afterwards to embed the new models.`,
	Example: `  saywho train --data ../shared/eval/polnear-train.jsonl
  saywho train --tagger && saywho train`,
	RunE: func(cmd *cobra.Command, args []string) error {
		logw := cmd.ErrOrStderr()
		if trainOpts.tagger {
			start := time.Now()
			texts := []string{trainOpts.data}
			var buf bytes.Buffer
			if err := tag.TrainCoreNLP(trainOpts.corenlp, texts, &buf); err != nil {
				return fmt.Errorf("training the tagger: %w", err)
			}
			if err := writeFile(trainOpts.tagOut, buf.Bytes()); err != nil {
				return err
			}
			fmt.Fprintf(logw, "tagger: %s (%d bytes) in %s\n", trainOpts.tagOut, buf.Len(), time.Since(start).Round(time.Second))
			return nil
		}
		start := time.Now()
		var examples []extract.Example
		err := eval.ReadGold(trainOpts.data, func(d *eval.Doc) error {
			if d.Split != "" && d.Split != "train" {
				return fmt.Errorf("%s: document %s is in split %q: train only on the train split", trainOpts.data, d.Key(), d.Split)
			}
			examples = append(examples, exampleOf(d))
			return nil
		})
		if err != nil {
			return err
		}
		x := extract.NewWith(extract.Options{RulesOnly: true})
		m, err := x.Train(examples, extract.TrainOptions{Seed: trainOpts.seed, Log: logw, CueEpochs: trainOpts.epochs[0], ArgEpochs: trainOpts.epochs[1]})
		if err != nil {
			return err
		}
		var cueBuf, argBuf, calBuf bytes.Buffer
		if err := m.Save(&cueBuf, &argBuf, &calBuf); err != nil {
			return err
		}
		if err := writeFile(filepath.Join(trainOpts.out, "cue.bin"), cueBuf.Bytes()); err != nil {
			return err
		}
		if err := writeFile(filepath.Join(trainOpts.out, "args.bin"), argBuf.Bytes()); err != nil {
			return err
		}
		if err := writeFile(filepath.Join(trainOpts.out, "calib.json"), calBuf.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(logw, "attribution models: %s (%d + %d bytes) from %d articles in %s\n",
			trainOpts.out, cueBuf.Len(), argBuf.Len(), len(examples), time.Since(start).Round(time.Second))
		return nil
	},
}

func init() {
	f := cmdTrain.Flags()
	f.StringVar(&trainOpts.data, "data", "../shared/eval/polnear-train.jsonl", "annotated training articles (JSONL)")
	f.StringVar(&trainOpts.corenlp, "corenlp", "../shared/eval/polnear-corenlp.jsonl", "CoreNLP silver analysis, for --tagger")
	f.StringVar(&trainOpts.out, "out", "extract/model", "folder for the attribution models")
	f.StringVar(&trainOpts.tagOut, "tagger-out", "tag/model.bin", "file for the tagger model")
	f.BoolVar(&trainOpts.tagger, "tagger", false, "train the part-of-speech and name tagger instead")
	f.Uint64Var(&trainOpts.seed, "seed", 1, "shuffling seed")
	f.IntVar(&trainOpts.epochs[0], "cue-epochs", 0, "passes over the data for the cue model (0: the default)")
	f.IntVar(&trainOpts.epochs[1], "arg-epochs", 0, "passes over the data for the argument model (0: the default)")
	cmdRoot.AddCommand(cmdTrain)
}

// exampleOf turns a gold document into a training example.
func exampleOf(d *eval.Doc) extract.Example {
	a := &saywho.Article{ID: d.Key(), Text: d.Text}
	ex := extract.Example{Article: a}
	spans := func(ss []eval.Span) []saywho.Span {
		out := make([]saywho.Span, 0, len(ss))
		for _, s := range ss {
			out = append(out, saywho.Span{Start: s.Start, End: s.End})
		}
		return out
	}
	for _, q := range d.Quotes {
		ex.Gold = append(ex.Gold, extract.GoldAttribution{Content: spans(q.Content), Cue: spans(q.Cue), Source: spans(q.SpeakerMention)})
	}
	return ex
}

// writeFile writes b to path through a temporary file and a rename, so a
// killed run never leaves half a model.
func writeFile(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".train-*")
	if err != nil {
		return err
	}
	if _, err := io.Copy(tmp, bytes.NewReader(b)); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
