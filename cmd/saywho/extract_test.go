package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExtractExample runs saywho extract on the example as a user would
// and checks the batch contract: one JSON line, the id from the file name,
// statements with code point offsets that slice the text.
func TestExtractExample(t *testing.T) {
	out, stderr, code := saywhoRun(t, "extract", "--format", "jsonl", "--text", "../../testdata/briefing-2024-11-29.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1 {
		t.Fatalf("%d lines, want 1", len(lines))
	}
	var rec struct {
		ID      string `json:"id"`
		Article struct {
			Text      string `json:"text"`
			Published string `json:"published"`
		} `json:"article"`
		Statements []struct {
			Kind    string `json:"kind"`
			Start   int    `json:"start"`
			End     int    `json:"end"`
			Text    string `json:"text"`
			Speaker struct {
				Name    string `json:"name"`
				Type    string `json:"type"`
				Mention *struct {
					Start, End int
					Text       string
				} `json:"mention"`
			} `json:"speaker"`
			Cue *struct {
				Start, End int
				Text       string
			} `json:"cue"`
			Section    string  `json:"section"`
			Confidence float64 `json:"confidence"`
		} `json:"statements"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.ID != "briefing-2024-11-29" || rec.Article.Published != "2024-11-29T11:22:00Z" {
		t.Errorf("id %q published %q", rec.ID, rec.Article.Published)
	}
	text := []rune(rec.Article.Text)
	if len(rec.Statements) < 22 {
		t.Errorf("%d statements, want at least 22", len(rec.Statements))
	}
	for _, s := range rec.Statements {
		if got := string(text[s.Start:s.End]); got != s.Text {
			t.Errorf("statement text %q is not text[%d:%d] = %q", s.Text, s.Start, s.End, got)
		}
		if m := s.Speaker.Mention; m != nil && string(text[m.Start:m.End]) != m.Text {
			t.Errorf("mention %q does not slice the text", m.Text)
		}
		if s.Cue == nil || string(text[s.Cue.Start:s.Cue.End]) != s.Cue.Text {
			t.Errorf("cue of %q missing or not slicing the text", s.Text)
		}
		if s.Confidence <= 0 || s.Confidence > 1 {
			t.Errorf("confidence %v", s.Confidence)
		}
	}
}

// TestExtractBadInputs checks that each bad input gives an error naming
// it and a non-zero exit, never a panic, and that a batch goes on past it.
func TestExtractBadInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.txt", []byte("Peace is near, the minister said on Monday.\n"))
	bad := map[string]string{
		"empty":   write("empty.txt", nil),
		"binary":  write("binary.txt", []byte("\x00\x01\x02\x03ELF\x00\x00\x00")),
		"utf8":    write("utf8.txt", []byte("caf\xe9 \xff\xfe said the man.")),
		"nested":  write("nested.html", []byte(strings.Repeat("<div>", 200000)+"text")),
		"huge":    write("huge.txt", bytes.Repeat([]byte("All work and no play. "), 100<<20/22+1)),
		"missing": filepath.Join(dir, "missing.txt"),
	}
	for what, path := range bad {
		t.Run(what, func(t *testing.T) {
			out, stderr, code := saywhoRun(t, "extract", "--format", "jsonl", path, good)
			if code == 0 {
				t.Errorf("exit 0 for %s", what)
			}
			if !strings.Contains(stderr, filepath.Base(path)) {
				t.Errorf("error does not name %s: %q", path, stderr)
			}
			if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine") {
				t.Errorf("panic: %s", stderr)
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != 2 || !strings.Contains(lines[0], `"error"`) || !strings.Contains(lines[1], `"minister said`) && !strings.Contains(lines[1], "minister") {
				t.Errorf("want an error line then the good document, got:\n%s", out)
			}
		})
	}
}

// TestExtractJSONLBatch checks the batch mode: one output line per input
// line, in order, ids kept, bad lines reported in place.
func TestExtractJSONLBatch(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "docs.jsonl")
	lines := []string{
		`{"doc_id": "a", "text": "\"We will win,\" the mayor said.", "meta": {"publication_date": "2016-09-12"}}`,
		`not json at all`,
		`{"id": "c", "text": ""}`,
		`{"id": "d"}`,
		`{"id": "e", "text": "According to the ministry, prices rose 5% in May."}`,
	}
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := saywhoRun(t, "extract", "--input", "jsonl", "--format", "jsonl", in)
	if code != 1 {
		t.Errorf("exit %d, want 1 (some documents failed): %s", code, stderr)
	}
	got := strings.Split(strings.TrimSpace(out), "\n")
	if len(got) != len(lines) {
		t.Fatalf("%d output lines for %d input lines:\n%s", len(got), len(lines), out)
	}
	wantID := []string{"a", "", "c", "d", "e"}
	for i, l := range got {
		var r struct {
			ID         string            `json:"id"`
			Error      string            `json:"error"`
			Statements []json.RawMessage `json:"statements"`
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if wantID[i] != "" && r.ID != wantID[i] {
			t.Errorf("line %d: id %q, want %q", i+1, r.ID, wantID[i])
		}
		failed := i == 1 || i == 2 || i == 3
		if failed != (r.Error != "") {
			t.Errorf("line %d: error %q", i+1, r.Error)
		}
		if (i == 0 || i == 4) && len(r.Statements) != 1 {
			t.Errorf("line %d: %d statements, want 1", i+1, len(r.Statements))
		}
	}
}

// TestExtractMinConfidence checks --min-confidence: statements below it
// are left out, and a value outside [0, 1] is an error.
func TestExtractMinConfidence(t *testing.T) {
	out, stderr, code := saywhoRun(t, "extract", "--format", "jsonl", "--min-confidence", "0.8", "../../testdata/briefing-2024-11-29.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rec struct {
		Statements []struct {
			Confidence float64 `json:"confidence"`
		} `json:"statements"`
	}
	if err := json.Unmarshal([]byte(out), &rec); err != nil {
		t.Fatal(err)
	}
	if len(rec.Statements) == 0 {
		t.Fatal("no statement above 0.8")
	}
	for _, s := range rec.Statements {
		if s.Confidence < 0.8 {
			t.Errorf("statement of confidence %v kept", s.Confidence)
		}
	}
	for _, bad := range []string{"-0.1", "1.5", "NaN"} {
		_, stderr, code := saywhoRun(t, "extract", "--min-confidence", bad, "../../testdata/briefing-2024-11-29.txt")
		if code == 0 || !strings.Contains(stderr, "--min-confidence") {
			t.Errorf("--min-confidence %s: exit %d, stderr %q", bad, code, stderr)
		}
	}
}
