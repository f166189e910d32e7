package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/saywho/saywho/article"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// drain reads a source to the end: for each input its name, or "ERR name"
// for a failure.
func drain(t *testing.T, src Source) (names []string, ins []article.Input) {
	t.Helper()
	for i := 0; i < 1000; i++ {
		in, err := src.Next(context.Background())
		if errors.Is(err, io.EOF) {
			return names, ins
		}
		if err != nil {
			if !strings.Contains(err.Error(), filepath.Base(in.Name)) {
				t.Errorf("error %q does not name the input %q", err, in.Name)
			}
			names = append(names, "ERR "+in.Name)
			continue
		}
		names = append(names, in.Name)
		ins = append(ins, in)
	}
	t.Fatal("source never ends")
	return nil, nil
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "b.html"), "<html><body><p>Hi</p></body></html>")
	write(t, filepath.Join(dir, "a.txt"), "Headline\nBody.\n")
	write(t, filepath.Join(dir, "notes.md"), "skipped")
	write(t, filepath.Join(dir, ".hidden.txt"), "skipped")
	write(t, filepath.Join(dir, "sub", "c.jsonl"), `{"doc_id": "d1", "text": "One.", "meta": {"publisher": "nyt", "publication_date": "2016-05-01", "author": null, "title": "T"}}
not json

{"id": "d2", "text": "Two."}
{"doc_id": "d3"}
{"doc_id": "d4", "text": "Four."}`) // no final newline
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"id": "z1", "text": "Zipped."}` + "\n"))
	zw.Close()
	write(t, filepath.Join(dir, "sub", "z.jsonl.gz"), gz.String())
	write(t, filepath.Join(dir, "x.pdf"), "%PDF")

	src := NewFiles(dir, filepath.Join(dir, "missing.txt"), filepath.Join(dir, "x.pdf"))
	names, ins := drain(t, src)
	c := filepath.Join(dir, "sub", "c.jsonl")
	want := []string{
		filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.html"),
		c + ":1", "ERR " + c + ":2", c + ":4", "ERR " + c + ":5", c + ":6",
		filepath.Join(dir, "sub", "z.jsonl.gz") + ":1",
		"ERR " + filepath.Join(dir, "missing.txt"), "ERR " + filepath.Join(dir, "x.pdf"),
	}
	if strings.Join(names, "\n") != strings.Join(want, "\n") {
		t.Errorf("inputs:\n%s\nwant\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
	}
	if src.Skipped != 2 { // notes.md, x.pdf in the folder
		t.Errorf("skipped %d, want 2", src.Skipped)
	}
	byName := map[string]article.Input{}
	for _, in := range ins {
		byName[in.Name] = in
	}
	a := byName[filepath.Join(dir, "a.txt")]
	if a.ID != "a" || a.ContentType != "text/plain" || string(a.Body) != "Headline\nBody.\n" || a.Fetched.IsZero() {
		t.Errorf("a.txt: %+v", a)
	}
	if b := byName[filepath.Join(dir, "b.html")]; b.ID != "b" || b.ContentType != "text/html" {
		t.Errorf("b.html: %+v", b)
	}
	d1 := byName[c+":1"]
	if d1.ID != "d1" || string(d1.Body) != "One." || d1.Meta["publisher"] != "nyt" || d1.Meta["published"] != "2016-05-01" ||
		d1.Meta["title"] != "T" || len(d1.Meta) != 3 {
		t.Errorf("d1: %+v", d1)
	}
	if d2 := byName[c+":4"]; d2.ID != "d2" || d2.Meta != nil {
		t.Errorf("d2: %+v", d2)
	}
}

func TestFilesLongLine(t *testing.T) {
	old := MaxLine
	MaxLine = 100
	defer func() { MaxLine = old }()
	dir := t.TempDir()
	p := filepath.Join(dir, "l.jsonl")
	write(t, p, `{"id": "a", "text": "short"}`+"\n"+`{"id": "b", "text": "`+strings.Repeat("x", 5000)+`"}`+"\n"+`{"id": "c", "text": "after"}`+"\n")
	names, ins := drain(t, NewFiles(p))
	want := []string{p + ":1", "ERR " + p + ":2", p + ":3"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("inputs %q, want %q", names, want)
	}
	if len(ins) != 2 || ins[1].ID != "c" {
		t.Errorf("inputs %+v", ins)
	}
}

func TestParseLine(t *testing.T) {
	cases := []struct {
		line, id, text, err string
		meta                map[string]string
	}{
		{line: `{"doc_id":"x","id":"y","text":"T"}`, id: "x", text: "T"},
		{line: `{"id":"y","text":""}`, id: "y", text: ""},
		{line: `{"id":"y","text":"T","url":"https://e.example/1"}`, id: "y", text: "T"},
		{line: `{"id":"y","text":"T","meta":{"url":"https://e.example/2","publisher":" ap ","x":"ignored","author":7}}`, id: "y", text: "T",
			meta: map[string]string{"url": "https://e.example/2", "publisher": "ap"}},
		{line: `{"id":"y","text":"T","meta":"not an object"}`, err: "not a JSON document"},
		{line: `{"id":"y"}`, err: "no \"text\""},
		{line: `{"id":"y","text":5}`, err: "not a JSON document"},
		{line: `[1,2]`, err: "not a JSON document"},
		{line: `{"id":"y","text":"T"`, err: "not a JSON document"},
	}
	for _, c := range cases {
		in, err := parseLine([]byte(c.line), "f.jsonl:1")
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) || !strings.Contains(err.Error(), "f.jsonl:1") {
				t.Errorf("parseLine(%s): %v, want an error naming f.jsonl:1 with %q", c.line, err, c.err)
			}
			continue
		}
		if err != nil || in.ID != c.id || string(in.Body) != c.text || len(in.Meta) != len(c.meta) {
			t.Errorf("parseLine(%s) = %+v, %v", c.line, in, err)
		}
		for k, v := range c.meta {
			if in.Meta[k] != v {
				t.Errorf("parseLine(%s): meta %s = %q, want %q", c.line, k, in.Meta[k], v)
			}
		}
		if c.meta["url"] != "" && in.URL != c.meta["url"] {
			t.Errorf("parseLine(%s): URL %q", c.line, in.URL)
		}
	}
}

func FuzzParseLine(f *testing.F) {
	f.Add([]byte(`{"dataset": "polnear-1.0.0", "doc_id": "nyt_2016-05-01_x", "meta": {"publisher": "nyt", "publication_date": "2016-05-01", "author": "A. Writer", "title": "T"}, "text": "Clinton said \u201cyes.\u201d\n\nMore."}`))
	f.Add([]byte(`{"id":"y","text":"T","meta":{"url":"https://e.example/2"}}`))
	f.Add([]byte(`{"text":null}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		in, err := parseLine(line, "fuzz:1")
		if err != nil && !strings.Contains(err.Error(), "fuzz:1") {
			t.Errorf("error %q does not name the input", err)
		}
		if err == nil && in.Name != "fuzz:1" {
			t.Errorf("name %q", in.Name)
		}
	})
}

// FuzzJSONLFile feeds arbitrary bytes to the JSON Lines source: it must end,
// never panic, and name every failure by file and line.
func FuzzJSONLFile(f *testing.F) {
	f.Add([]byte(`{"doc_id": "a", "text": "One."}` + "\n" + `{"id": "b", "text": "Two.", "meta": {"publisher": "x"}}`))
	f.Add([]byte("{broken\n\n\r\n" + `{"text": "no id"}` + "\n" + strings.Repeat("x", 300) + "\n"))
	f.Add([]byte{0xff, 0xfe, '\n', '{', '"'})
	old := MaxLine
	MaxLine = 256
	defer func() { MaxLine = old }()
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "f.jsonl")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		src := NewFiles(p)
		defer src.Close()
		lines := bytes.Count(data, []byte("\n")) + 1
		for i := 0; ; i++ {
			if i > lines+1 {
				t.Fatalf("more inputs than lines (%d)", lines)
			}
			in, err := src.Next(context.Background())
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil && !strings.Contains(err.Error(), "f.jsonl:") {
				t.Fatalf("error %q does not name the line", err)
			}
			if err == nil && !strings.HasPrefix(in.Name, p+":") {
				t.Fatalf("input named %q", in.Name)
			}
		}
	})
}
