// Package eval scores statement extraction against annotated data: the
// example's hand-checked answer and PolNeAR (../shared/eval/README.md). It
// implements the scoring conventions of the reference scorer
// (../shared/tools/score.py) exactly, so that `saywho eval` and score.py
// agree to the third decimal on the same output, and adds per-kind
// precision, which the reference does not report.
package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/saywho/saywho/article"
)

// Doc is one annotated document of a gold JSONL file.
type Doc struct {
	DocID         string         `json:"doc_id"`
	ID            string         `json:"id"`
	Split         string         `json:"split"`
	Text          string         `json:"text"`
	Meta          map[string]any `json:"meta"`
	Paragraphs    []Span         `json:"paragraphs"`
	Quotes        []Quote        `json:"quotes"`
	NotStatements []NotStatement `json:"not_statements"`
}

// Key is the id the document is matched on: doc_id, else id.
func (d *Doc) Key() string {
	if d.DocID != "" {
		return d.DocID
	}
	return d.ID
}

// Span is a gold span in code points.
type Span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Quote is one gold attribution.
type Quote struct {
	ID             string   `json:"id"`
	Content        []Span   `json:"content"`
	Cue            []Span   `json:"cue"`
	SpeakerMention []Span   `json:"speaker_mention"`
	HasSource      *bool    `json:"has_source"`
	Kind           string   `json:"kind"`
	SpeakerName    string   `json:"speaker_name"`
	SpeakerAliases []string `json:"speaker_aliases"`
	SpeakerType    string   `json:"speaker_type"`
	Section        *string  `json:"section"`
	Silver         struct {
		Kind string `json:"kind"`
	} `json:"silver"`
}

// GoldKind is the kind the scorer files the quote under: the gold kind,
// else the silver one, else "?".
func (q *Quote) GoldKind() string {
	switch {
	case q.Kind != "":
		return q.Kind
	case q.Silver.Kind != "":
		return q.Silver.Kind
	}
	return "?"
}

// NotStatement is a quoted string that must not be reported (a scare
// quote, a title).
type NotStatement struct {
	Text string `json:"text"`
	Why  string `json:"why"`
}

// ReadGold reads a gold JSONL file, calling fn for each document in order.
// Lines of hundreds of kilobytes are normal (whole articles); a line that
// is not JSON is an error naming the file and line.
func ReadGold(path string, fn func(*Doc) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return readGold(path, f, fn)
}

func readGold(name string, r io.Reader, fn func(*Doc) error) error {
	br := bufio.NewReaderSize(r, 1<<20)
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if len(trimSpace(line)) > 0 {
			var d Doc
			if jerr := json.Unmarshal(line, &d); jerr != nil {
				return fmt.Errorf("%s:%d: bad JSON: %w", name, n, jerr)
			}
			if ferr := fn(&d); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\n' || b[0] == '\r' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\n' || b[len(b)-1] == '\r' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

// StringMeta returns the document's string-valued metadata (PolNeAR's
// publisher, publication_date, author, title).
func (d *Doc) StringMeta() map[string]string {
	meta := map[string]string{}
	for k, v := range d.Meta {
		if s, ok := v.(string); ok {
			meta[k] = s
		}
	}
	return meta
}

// Input is the document as the article reader takes it, plain text with
// its metadata, named name: evaluation and training both read it so, so
// that the models learn on the headline and dateline a run finds.
func (d *Doc) Input(name string) article.Input {
	return article.Input{ID: d.Key(), Name: name, ContentType: "text/plain", Body: []byte(d.Text), Meta: d.StringMeta()}
}
