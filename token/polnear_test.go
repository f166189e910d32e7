package token

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	saywho "github.com/saywho/saywho"
)

// The PolNeAR evaluation data lives outside the repository (its texts
// belong to their publishers). Tests find it through $SAYWHO_EVAL or in an
// eval/ or shared/eval/ folder beside an ancestor of the working directory,
// and skip when it is absent.

// refDoc is one article with Stanford CoreNLP's tokens and sentences, in
// byte offsets.
type refDoc struct {
	id, split string
	text      string
	toks      [][2]int // byte ranges
	pos, ner  []string
	sents     [][2]int // token index ranges
}

var (
	refOnce sync.Once
	refDocs []refDoc
	refErr  error
)

func evalDir() string {
	if d := os.Getenv("SAYWHO_EVAL"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		for _, c := range []string{"eval", filepath.Join("shared", "eval")} {
			p := filepath.Join(dir, c)
			if _, err := os.Stat(filepath.Join(p, "polnear-corenlp.jsonl")); err == nil {
				return p
			}
		}
		up := filepath.Dir(dir)
		if up == dir {
			return ""
		}
		dir = up
	}
}

// loadRef returns the CoreNLP-analysed PolNeAR articles, skipping the test
// when the data is absent.
func loadRef(t testing.TB) []refDoc {
	t.Helper()
	dir := evalDir()
	if dir == "" {
		t.Skip("PolNeAR eval data not found: set SAYWHO_EVAL to the folder holding polnear-corenlp.jsonl")
	}
	refOnce.Do(func() { refDocs, refErr = readRef(dir) })
	if refErr != nil {
		t.Fatal(refErr)
	}
	return refDocs
}

func readRef(dir string) ([]refDoc, error) {
	texts := map[string]string{}
	for _, name := range []string{"polnear-train.jsonl", "polnear-dev.jsonl"} {
		err := eachLine(filepath.Join(dir, name), func(line []byte) error {
			var d struct {
				ID   string `json:"doc_id"`
				Text string `json:"text"`
			}
			if err := json.Unmarshal(line, &d); err != nil {
				return err
			}
			texts[d.ID] = d.Text
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	var docs []refDoc
	err := eachLine(filepath.Join(dir, "polnear-corenlp.jsonl"), func(line []byte) error {
		var d struct {
			ID        string   `json:"doc_id"`
			Split     string   `json:"split"`
			Sentences [][2]int `json:"sentences"`
			Tokens    [][5]any `json:"tokens"`
		}
		if err := json.Unmarshal(line, &d); err != nil {
			return err
		}
		text, ok := texts[d.ID]
		if !ok {
			return fmt.Errorf("doc %s: no text", d.ID)
		}
		tx := saywho.NewText(text)
		r := refDoc{id: d.ID, split: d.Split, text: text, sents: d.Sentences}
		for _, tok := range d.Tokens {
			a, _ := tok[0].(float64)
			b, _ := tok[1].(float64)
			p, _ := tok[2].(string)
			n, _ := tok[3].(string)
			r.toks = append(r.toks, [2]int{tx.Byte(int(a)), tx.Byte(int(b))})
			r.pos = append(r.pos, p)
			r.ner = append(r.ner, n)
		}
		docs = append(docs, r)
		return nil
	})
	return docs, err
}

func eachLine(path string, f func([]byte) error) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	n := 0
	for sc.Scan() {
		n++
		if err := f(sc.Bytes()); err != nil {
			return fmt.Errorf("%s:%d: %w", path, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
