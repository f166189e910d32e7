package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestPages(t *testing.T) {
	s, _ := newServer(t)
	peskov := searchHits(t, s, "speaker=Dmitry+Peskov&limit=1").Hits[0]
	speakerID := strconv.FormatInt(peskov.SpeakerID, 10)
	var tokyoID string
	{
		var e struct{ ID int64 }
		get(t, s, "/api/entities/Tokyo").json(t, &e)
		tokyoID = strconv.FormatInt(e.ID, 10)
	}
	tests := []struct {
		target string
		status int
		want   []string
	}{
		{"/", 200, []string{"9 statements by 3 speakers in 4 articles", `class="hits"`, "Dmitry Peskov", "Matching statements per week"}},
		{"/?q=negotiations", 200, []string{"<mark>negotiations</mark>", "Counts of all 4 matches", `href="/?q=negotiations&amp;speaker=` + speakerID + `"`}},
		{"/?q=negotiations&speaker=" + speakerID, 200, []string{"speaker: Dmitry Peskov ×", `class="active"`}},
		{"/?q=nothingmatchesthis", 200, []string{"No statement matches “nothingmatchesthis”"}},
		{"/?since=someday", 400, []string{"parameter since", `class="problem"`}},
		{"/?q=%21%21", 400, []string{"no word to search for"}},
		{"/?limit=2", 200, []string{`rel="next"`, `href="/?limit=2&amp;offset=2"`}},
		{"/articles/" + peskov.Article.Hash, 200, []string{`class="st `, `data-s="`, `<span class="cue"`, `<span class="mention `,
			"Dmitry Peskov", `id="d`, "confidence"}},
		{"/articles/nope", 404, []string{"404", "article nope"}},
		{"/statements/" + strconv.FormatInt(peskov.ID, 10), 302, nil},
		{"/statements/99999", 404, nil},
		{"/statements/x", 400, nil},
		{"/speakers", 200, []string{"Shigeru Ishiba", "Russian Foreign Ministry"}},
		{"/speakers?prefix=dm", 200, []string{"Dmitry Peskov"}},
		{"/speakers?prefix=zz", 200, []string{"No speaker starting with “zz”"}},
		{"/speakers/" + speakerID, 200, []string{"<h1>", "Kremlin spokesman", "Statements per week", "<svg", "Tokyo", "Most cited"}},
		{"/speakers/Dmitry%20Peskov", 200, []string{"Kremlin spokesman"}},
		{"/speakers/Nobody", 404, nil},
		{"/entities/" + tokyoID, 200, []string{"Who talks about it", "Dmitry Peskov", "Statements naming it"}},
		{"/entities/Tokyo?offset=x", 400, nil},
		{"/entities/Atlantis", 404, nil},
		{"/static/style.css", 200, []string{".st {"}},
		{"/static/app.js", 200, []string{"use strict"}},
		{"/static/nope.js", 404, nil},
		{"/nowhere", 404, []string{"no such page"}},
	}
	for _, tc := range tests {
		t.Run(tc.target, func(t *testing.T) {
			r := get(t, s, tc.target)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %.500s", r.status, tc.status, r.body)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			if strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
				if err := wellFormed(r.body); err != nil {
					t.Errorf("page is not well-formed: %v", err)
				}
			}
		})
	}
	r := get(t, s, "/statements/"+strconv.FormatInt(peskov.ID, 10))
	if loc := r.header.Get("Location"); loc != "/articles/"+peskov.Article.Hash+"#s"+strconv.FormatInt(peskov.ID, 10) {
		t.Errorf("statement redirects to %q", loc)
	}
	if r := do(t, s, "POST", "/", nil); r.status != http.StatusMethodNotAllowed || !strings.Contains(r.header.Get("Content-Type"), "text/html") {
		t.Errorf("POST /: %d %s", r.status, r.header.Get("Content-Type"))
	}
}

// wellFormed checks that every element opened in the body is closed in
// order (void elements aside): the highlighted text nests its spans
// right.
func wellFormed(page string) error {
	z := html.NewTokenizer(strings.NewReader(page))
	var stack []string
	void := map[string]bool{"meta": true, "link": true, "input": true, "br": true, "img": true, "hr": true,
		"!doctype": true}
	for {
		switch z.Next() {
		case html.ErrorToken:
			if len(stack) > 0 {
				return fmt.Errorf("unclosed %v", stack)
			}
			return nil
		case html.StartTagToken:
			name, _ := z.TagName()
			if !void[string(name)] {
				stack = append(stack, string(name))
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if len(stack) == 0 || stack[len(stack)-1] != string(name) {
				return fmt.Errorf("</%s> closes %v", name, stack)
			}
			stack = stack[:len(stack)-1]
		}
	}
}

func TestSome(t *testing.T) {
	for _, tc := range []struct {
		items []string
		want  string
	}{
		{nil, ""},
		{[]string{"a"}, "a"},
		{[]string{"a", "b", "c"}, "a, b, c"},
		{[]string{"a", "b", "c", "d", "e"}, "a, b, c and 2 more"},
	} {
		if got := some(3, tc.items); got != tc.want {
			t.Errorf("some(3, %q) = %q, want %q", tc.items, got, tc.want)
		}
	}
}
