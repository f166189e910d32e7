package article

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	saywho "github.com/saywho/saywho"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// view is the reviewable form of an Article in a golden file: the metadata,
// and each paragraph as one line saying what it is, where it is and what it
// says, so that a change in the layout reads as a change of lines.
type view struct {
	ID        string   `json:"id"`
	Title     string   `json:"title,omitempty"`
	URL       string   `json:"url,omitempty"`
	Outlet    string   `json:"outlet,omitempty"`
	Author    string   `json:"author,omitempty"`
	Language  string   `json:"language,omitempty"`
	Published string   `json:"published,omitempty"`
	Updated   string   `json:"updated,omitempty"`
	Sections  []string `json:"sections,omitempty"`
	Lines     []string `json:"lines"`
}

func viewOf(a *saywho.Article) view {
	t := saywho.NewText(a.Text)
	v := view{ID: a.ID, Title: a.Title, URL: a.URL, Outlet: a.Outlet, Author: a.Author, Language: a.Language}
	if !a.Published.IsZero() {
		v.Published = a.Published.Format("2006-01-02T15:04:05Z07:00")
	}
	if !a.Updated.IsZero() {
		v.Updated = a.Updated.Format("2006-01-02T15:04:05Z07:00")
	}
	for _, s := range a.Sections {
		v.Sections = append(v.Sections, fmt.Sprintf("heading [%d,%d) body [%d,%d) %s",
			s.Heading.Start, s.Heading.End, s.Body.Start, s.Body.End, t.Slice(s.Heading)))
	}
	for _, p := range a.Paragraphs {
		kind := "para"
		switch {
		case p == a.Headline:
			kind = "headline"
		case p == a.Dateline:
			kind = "dateline"
		}
		for _, s := range a.Sections {
			if p == s.Heading {
				kind = "heading"
			}
		}
		v.Lines = append(v.Lines, fmt.Sprintf("%-8s [%d,%d) %s", kind, p.Start, p.End, t.Slice(p)))
	}
	return v
}

// checkGolden compares the view of a with testdata/golden/name.json, or
// rewrites the file under -update.
func checkGolden(t *testing.T, name string, a *saywho.Article) {
	t.Helper()
	got, err := json.MarshalIndent(viewOf(a), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "golden", name+".json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n%s", path, diffLines(string(want), string(got)))
	}
}

// diffLines lists the lines that differ, enough to see what changed.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n- %s\n+ %s\n", i+1, wl, gl)
		}
	}
	return b.String()
}

// checkArticle verifies what every reader promises, whatever the input:
// valid UTF-8 text, paragraphs in order inside it and apart, the headline,
// dateline and headings among the paragraphs, sections in order, each body
// running from its heading to the next one.
func checkArticle(a *saywho.Article) error {
	if a == nil {
		return fmt.Errorf("nil article without error")
	}
	if !utf8.ValidString(a.Text) {
		return fmt.Errorf("text is not valid UTF-8")
	}
	if a.ID == "" {
		return fmt.Errorf("empty id")
	}
	n := utf8.RuneCountInString(a.Text)
	paras := map[saywho.Span]bool{}
	prev := -1
	for i, p := range a.Paragraphs {
		if p.Start < 0 || p.End > n || p.Empty() {
			return fmt.Errorf("paragraph %d %v outside text of %d or empty", i, p, n)
		}
		if p.Start <= prev {
			return fmt.Errorf("paragraph %d %v starts before the end of the one before (%d)", i, p, prev)
		}
		prev = p.End
		paras[p] = true
	}
	for what, s := range map[string]saywho.Span{"headline": a.Headline, "dateline": a.Dateline} {
		if s != (saywho.Span{}) && !paras[s] {
			return fmt.Errorf("%s %v is not a paragraph", what, s)
		}
	}
	if a.Headline != (saywho.Span{}) && a.Headline == a.Dateline {
		return fmt.Errorf("headline and dateline are the same paragraph %v", a.Headline)
	}
	end := 0
	for i, s := range a.Sections {
		if !paras[s.Heading] {
			return fmt.Errorf("section %d heading %v is not a paragraph", i, s.Heading)
		}
		if s.Heading == a.Headline || s.Heading == a.Dateline {
			return fmt.Errorf("section %d heading %v is the headline or dateline", i, s.Heading)
		}
		if s.Heading.Start < end {
			return fmt.Errorf("section %d heading %v overlaps the section before", i, s.Heading)
		}
		if s.Body.Start != s.Heading.End || s.Body.End < s.Body.Start || s.Body.End > n {
			return fmt.Errorf("section %d body %v does not follow heading %v inside the text", i, s.Body, s.Heading)
		}
		if i+1 < len(a.Sections) && s.Body.End != a.Sections[i+1].Heading.Start {
			return fmt.Errorf("section %d body %v does not run to the next heading", i, s.Body)
		}
		if i+1 == len(a.Sections) && s.Body.End != n {
			return fmt.Errorf("last section body %v does not run to the end %d", s.Body, n)
		}
		end = s.Body.End
	}
	if !a.Published.IsZero() && a.Published.Location() != time.UTC {
		return fmt.Errorf("published %v not in UTC", a.Published)
	}
	if !a.Updated.IsZero() && a.Updated.Location() != time.UTC {
		return fmt.Errorf("updated %v not in UTC", a.Updated)
	}
	return nil
}
