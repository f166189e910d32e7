package tag

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var (
	posBits = flag.Int("posbits", 0, "POS feature table bits for TestTrainPolNeAR (0: the default)")
	nerBits = flag.Int("nerbits", 0, "NER feature table bits for TestTrainPolNeAR (0: the default)")
)

var train = flag.Bool("train", false, "train a model on PolNeAR and report its dev scores, without saving it")

var retrain = flag.Bool("retrain", false, "retrain the embedded model.bin from the PolNeAR CoreNLP analysis")

// evalFiles finds the PolNeAR data through $SAYWHO_EVAL or an eval/ or
// shared/eval/ folder beside an ancestor of the working directory, and
// skips the test when it is absent.
func evalFiles(t testing.TB) (corenlp string, texts []string) {
	t.Helper()
	corenlp, texts = evalFilesQuiet()
	if corenlp == "" {
		t.Skip("PolNeAR eval data not found: set SAYWHO_EVAL to the folder holding polnear-corenlp.jsonl")
	}
	return corenlp, texts
}

func evalFilesQuiet() (corenlp string, texts []string) {
	dir := os.Getenv("SAYWHO_EVAL")
	if dir == "" {
		wd, _ := os.Getwd()
		for d := wd; ; d = filepath.Dir(d) {
			for _, c := range []string{"eval", filepath.Join("shared", "eval")} {
				if _, err := os.Stat(filepath.Join(d, c, "polnear-corenlp.jsonl")); err == nil {
					dir = filepath.Join(d, c)
				}
			}
			if dir != "" || filepath.Dir(d) == d {
				break
			}
		}
	}
	if dir == "" {
		return "", nil
	}
	return filepath.Join(dir, "polnear-corenlp.jsonl"),
		[]string{filepath.Join(dir, "polnear-train.jsonl"), filepath.Join(dir, "polnear-dev.jsonl")}
}

// TestTrainPolNeAR trains on the train split and reports agreement with
// CoreNLP on dev; with -retrain it rewrites the embedded model.
func TestTrainPolNeAR(t *testing.T) {
	if !*retrain && !*train {
		t.Skip("trains a model for a minute: run with -train (report only) or -retrain (rewrite model.bin)")
	}
	corenlp, texts := evalFiles(t)
	train, err := ReadCoreNLP(corenlp, texts, "train")
	if err != nil {
		t.Fatal(err)
	}
	dev, err := ReadCoreNLP(corenlp, texts, "dev")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var log bytes.Buffer
	opt := Options{Log: &log}
	opt.POSBits, opt.NERBits = uint(*posBits), uint(*nerBits)
	tg, err := Train(train, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("trained in %v\n%s", time.Since(start), log.String())
	var buf bytes.Buffer
	if err := tg.Save(&buf); err != nil {
		t.Fatal(err)
	}
	t.Logf("model: %d bytes", buf.Len())
	r := tg.Evaluate(dev)
	t.Logf("dev vs CoreNLP:\n%s", r)
	if *retrain {
		if err := os.WriteFile("model.bin", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
