package gazetteer_test

import (
	"bufio"
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/saywho/saywho/gazetteer"
)

const corenlpPath = "../../shared/eval/polnear-corenlp.jsonl"
const polnearTrain = "../../shared/eval/polnear-train.jsonl"

// TestEvalCoverage measures how many of the place names CoreNLP tagged in
// PolNeAR (silver LOCATION mentions, US election news) the gazetteer
// knows, and lists the most frequent it does not. It reads the shared
// evaluation data and skips without it.
func TestEvalCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	texts, err := readTexts(polnearTrain)
	if err != nil {
		t.Skipf("PolNeAR texts not available (%v): skipping coverage", err)
	}
	f, err := os.Open(corenlpPath)
	if err != nil {
		t.Skipf("PolNeAR CoreNLP silver tags not available (%v): skipping coverage", err)
	}
	defer f.Close()
	found, total := map[string]int{}, map[string]int{}
	missing := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var doc struct {
			DocID  string  `json:"doc_id"`
			Tokens [][]any `json:"tokens"`
		}
		if err := json.Unmarshal(sc.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		text, ok := texts[doc.DocID]
		if !ok {
			continue
		}
		runes := []rune(text)
		words := make([]string, len(doc.Tokens))
		ner := make([]string, len(doc.Tokens))
		for i, tok := range doc.Tokens {
			s, e := int(tok[0].(float64)), int(tok[1].(float64))
			if s < 0 || e > len(runes) || s > e {
				continue
			}
			words[i] = string(runes[s:e])
			ner[i] = tok[3].(string)
		}
		for i := 0; i < len(words); {
			class := ner[i]
			if class != "LOCATION" && class != "ORGANIZATION" {
				i++
				continue
			}
			j := i
			for j < len(words) && ner[j] == class {
				j++
			}
			mention := strings.Join(words[i:j], " ")
			total[class]++
			if n, _, ok := gazetteer.LookupTokens(words[i:j]); ok && n == j-i {
				found[class]++
			} else if class == "LOCATION" {
				missing[mention]++
			}
			i = j
		}
	}
	for _, c := range []string{"LOCATION", "ORGANIZATION"} {
		t.Logf("%s mentions found whole: %d of %d (%.1f%%)", c, found[c], total[c], 100*float64(found[c])/float64(max(total[c], 1)))
	}
	type kv struct {
		k string
		n int
	}
	var miss []kv
	for k, n := range missing {
		miss = append(miss, kv{k, n})
	}
	sort.Slice(miss, func(i, j int) bool { return miss[i].n > miss[j].n || miss[i].n == miss[j].n && miss[i].k < miss[j].k })
	var top []string
	for i := 0; i < len(miss) && i < 40; i++ {
		top = append(top, miss[i].k)
	}
	t.Logf("most frequent LOCATION mentions not found: %s", strings.Join(top, "; "))
	if total["LOCATION"] > 0 && float64(found["LOCATION"]) < 0.7*float64(total["LOCATION"]) {
		t.Errorf("only %d of %d LOCATION mentions found", found["LOCATION"], total["LOCATION"])
	}
}

func readTexts(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var doc struct {
			DocID string `json:"doc_id"`
			Text  string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &doc); err != nil {
			return nil, err
		}
		if utf8.ValidString(doc.Text) {
			out[doc.DocID] = doc.Text
		}
	}
	return out, sc.Err()
}
