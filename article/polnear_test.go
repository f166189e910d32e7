package article

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"

	saywho "github.com/saywho/saywho"
)

const evalDir = "../../shared/eval/"

// polnearDoc is the part of a PolNeAR line the reader is checked on.
type polnearDoc struct {
	DocID      string            `json:"doc_id"`
	Text       string            `json:"text"`
	Meta       map[string]string `json:"meta"`
	Paragraphs []saywho.Span     `json:"paragraphs"`
}

func readPolNeAR(t *testing.T, file string) []polnearDoc {
	t.Helper()
	f, err := os.Open(evalDir + file)
	if err != nil {
		t.Skipf("PolNeAR eval data not available (%v): the reader is checked on real news only where /work/shared/eval is present", err)
	}
	defer f.Close()
	var docs []polnearDoc
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var d polnearDoc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		docs = append(docs, d)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return docs
}

// TestPolNeAR reads every PolNeAR article as plain text. Its paragraphs
// must be PolNeAR's own (white space at their edges aside); topic headings
// must be rare, since these are ordinary news stories, and never quotes
// or sentences; and without the title as a hint most titles must still be
// found.
func TestPolNeAR(t *testing.T) {
	for _, file := range []string{"polnear-dev.jsonl", "polnear-train.jsonl"} {
		docs := readPolNeAR(t, file)
		var headings, headlines, headlinesHinted, datelines int
		for _, d := range docs {
			in := Input{ID: d.DocID, Name: file + ":" + d.DocID, Body: []byte(d.Text),
				Meta: map[string]string{"published": d.Meta["publication_date"], "publisher": d.Meta["publisher"]}}
			a, err := ParseText(in)
			if err != nil {
				t.Errorf("%v", err)
				continue
			}
			if err := checkArticle(a); err != nil {
				t.Errorf("%s: %v", d.DocID, err)
			}
			if a.Text != d.Text {
				t.Errorf("%s: text changed", d.DocID)
			}
			if a.Published.IsZero() {
				t.Errorf("%s: publication date %q not read", d.DocID, d.Meta["publication_date"])
			}
			tx := saywho.NewText(d.Text)
			if len(a.Paragraphs) != len(d.Paragraphs) {
				t.Errorf("%s: %d paragraphs, PolNeAR has %d", d.DocID, len(a.Paragraphs), len(d.Paragraphs))
			} else {
				for i, p := range d.Paragraphs {
					s, e := trimSpan(d.Text, tx.Byte(p.Start), tx.Byte(p.End))
					if want := tx.SpanOf(s, e); a.Paragraphs[i] != want {
						t.Errorf("%s: paragraph %d is %v, PolNeAR has %v", d.DocID, i, a.Paragraphs[i], want)
						break
					}
				}
			}
			for _, s := range a.Sections {
				h := tx.Slice(s.Heading)
				headings++
				t.Logf("%s: heading %q", d.DocID, h)
				if strings.ContainsAny(h, `"“”«»`) || endsSentence(h) {
					t.Errorf("%s: quote or sentence taken for a heading: %q", d.DocID, h)
				}
			}
			if !a.Headline.Empty() {
				headlines++
			}
			if !a.Dateline.Empty() {
				datelines++
				t.Logf("%s: dateline %q", d.DocID, tx.Slice(a.Dateline))
			}
			in.Meta["title"] = d.Meta["title"]
			if h, err := ParseText(in); err == nil && !h.Headline.Empty() {
				headlinesHinted++
			}
		}
		t.Logf("%s: %d articles: %d topic headings, %d datelines, headline found in %d (%d with the title as a hint)",
			file, len(docs), headings, datelines, headlines, headlinesHinted)
		if headings*50 > len(docs) {
			t.Errorf("%s: %d topic headings in %d ordinary news articles: too many false positives", file, headings, len(docs))
		}
		if headlines*10 < len(docs)*7 {
			t.Errorf("%s: headline found in only %d of %d articles", file, headlines, len(docs))
		}
		if headlinesHinted*100 < len(docs)*99 {
			t.Errorf("%s: with the title as a hint, headline found in only %d of %d articles", file, headlinesHinted, len(docs))
		}
	}
}
