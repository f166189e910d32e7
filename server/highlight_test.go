package server

import (
	"flag"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store"
	"github.com/saywho/saywho/store/storetest"
)

var update = flag.Bool("update", false, "rewrite golden files (and the browser test's screenshot)")

// hitsOf turns an analysis into the hits a store would return for it,
// numbered from 1.
func hitsOf(a *saywho.Analysis) (saywho.Record, []*store.Hit) {
	rec := a.Record(true)
	hits := make([]*store.Hit, len(rec.Statements))
	for i, s := range rec.Statements {
		hits[i] = &store.Hit{ID: int64(i + 1), StatementRecord: s, Article: rec.Article}
		if s.Speaker.Name != "" {
			hits[i].SpeakerID = int64(len(s.Speaker.Name)) // any stable id
		}
	}
	return rec, hits
}

// TestHighlightGolden renders the fixture articles and the hostile one;
// go test -update rewrites testdata/golden/*.html.
func TestHighlightGolden(t *testing.T) {
	docs := storetest.Fixtures()
	ans := []*saywho.Analysis{}
	for _, d := range docs[:4] { // the fifth is a reprint of the first
		ans = append(ans, d.Analysis())
	}
	ans = append(ans, hostileAnalysis())
	for i, a := range ans {
		rec, hits := hitsOf(a)
		got := string(highlight(rec.Article.Text, rec.Article.Headline, rec.Article.Sections, hits))
		name := filepath.Join("testdata", "golden", fmt.Sprintf("highlight-%d.html", i))
		if *update {
			if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(name)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs (go test -update rewrites it):\n got: %s\nwant: %s", name, got, want)
		}
		checkHighlight(t, rec.Article.Text, got)
	}
}

func TestHighlight(t *testing.T) {
	hit := func(id int64, start, end int, parts ...saywho.Span) *store.Hit {
		return &store.Hit{ID: id, SpeakerID: id, StatementRecord: saywho.StatementRecord{Kind: saywho.Direct,
			Start: start, End: end, Parts: parts, Speaker: saywho.SpeakerRecord{Name: fmt.Sprint("Speaker ", id)}}}
	}
	tests := []struct {
		name     string
		text     string
		headline string
		sections []string
		hits     []*store.Hit
		want     []string // substrings of the output, in order
	}{
		{"code points", "«Héllo wörld», Zoë said.", "", nil, []*store.Hit{hit(1, 0, 13)},
			[]string{`<p><span class="st `, `>«Héllo wörld»</span>, Zoë said.</p>`}},
		{"astral", "😀 \"Ünïcode 😀 here,\" he said.", "", nil, []*store.Hit{hit(1, 2, 19)},
			[]string{`<p>😀 <span`, `>&#34;Ünïcode 😀 here,&#34;</span> he said.</p>`}},
		{"parts", `"One," he said, "two."`, "", nil,
			[]*store.Hit{hit(1, 0, 22, saywho.Span{Start: 0, End: 6}, saywho.Span{Start: 16, End: 22})},
			[]string{`id="s1"`, `>&#34;One,&#34;</span> he said, <span`, `>&#34;two.&#34;</span>`}},
		{"overlap", "aaaa bbbb cccc", "", nil, []*store.Hit{hit(1, 0, 9), hit(2, 5, 14)},
			[]string{`data-s="1" id="s1"`, `>aaaa </span>`, ` multi" tabindex="0" data-s="2 1" id="s2"`, `>bbbb</span>`, `data-s="2"`, `> cccc</span>`}},
		{"out of range", "short", "", nil, []*store.Hit{hit(1, -4, 3), hit(2, 4, 99), hit(3, 3, 2)},
			[]string{`id="s1"`, `>sho</span>r<span`, `id="s2"`, `>t</span></p>`}},
		{"lines", "Head line\nDateline\n\nSection one\nHe said \"yes\n\nand no\".\n", "Head line", []string{"Section one"},
			[]*store.Hit{hit(1, 40, 53)},
			[]string{`<h1 class="headline">Head line</h1>`, "<p>Dateline</p>", `<h2 class="section">Section one</h2>`,
				`<p>He said <span`, `>&#34;yes</span></p>`, `<p><span`, `>and no&#34;</span>.</p>`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := string(highlight(tc.text, tc.headline, tc.sections, tc.hits))
			rest := got
			for _, w := range tc.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("output lacks %q after what came before:\n%s", w, got)
				}
				rest = rest[i+len(w):]
			}
			checkHighlight(t, tc.text, got)
		})
	}
}

func TestHighlightMentionAndCue(t *testing.T) {
	text := `"We are ready," Kremlin spokesman Dmitry Peskov told reporters.`
	h := &store.Hit{ID: 7, SpeakerID: 3, StatementRecord: saywho.StatementRecord{Kind: saywho.Direct, Start: 0, End: 15,
		Confidence: 0.8,
		Speaker: saywho.SpeakerRecord{Name: "Dmitry Peskov", Role: "Kremlin spokesman", Type: saywho.Person,
			Mention: &saywho.SpanText{Start: 16, End: 47, Text: "Kremlin spokesman Dmitry Peskov"}},
		Cue: &saywho.SpanText{Start: 48, End: 62, Text: "told reporters"}}}
	got := string(highlight(text, "", nil, []*store.Hit{h}))
	color := speakerColor(3, "")
	for _, w := range []string{
		`<span class="st ` + color + `" tabindex="0" data-s="7" id="s7" title="Dmitry Peskov (Kremlin spokesman) — direct, cue “told reporters”, confidence 80%">`,
		`<span class="mention ` + color + `" data-s="7" title="speaker: Dmitry Peskov`, `>Kremlin spokesman Dmitry Peskov</span>`,
		`<span class="cue" data-s="7" title="cue: Dmitry Peskov`, `>told reporters</span>.`,
	} {
		if !strings.Contains(got, w) {
			t.Errorf("output lacks %q:\n%s", w, got)
		}
	}
}

func TestSpeakerColor(t *testing.T) {
	if speakerColor(42, "A") != speakerColor(42, "B") || speakerColor(0, "A") != speakerColor(0, "A") {
		t.Error("color not stable per speaker")
	}
	if speakerColor(0, "") != "cu" {
		t.Error("unknown speaker not grey")
	}
	seen := map[string]bool{}
	for id := int64(1); id <= 200; id++ {
		seen[speakerColor(id, "")] = true
	}
	if len(seen) != palette {
		t.Errorf("200 speakers use %d of %d colors", len(seen), palette)
	}
}

func TestMarkTerms(t *testing.T) {
	terms, err := store.ParseText(`peace negotiat* "Japan wanted" -rain`)
	if err != nil {
		t.Fatal(err)
	}
	got := string(markTerms(`Peace & negotiations <b>, Japan wanted; rain peaceful "x"`, terms))
	want := `<mark>Peace</mark> &amp; <mark>negotiations</mark> &lt;b&gt;, <mark>Japan</mark> <mark>wanted</mark>; rain peaceful &#34;x&#34;`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := markTerms("a <b>", nil); got != "a &lt;b&gt;" {
		t.Errorf("no terms: %s", got)
	}
}

var tags = regexp.MustCompile(`<[^>]*>`)

// checkHighlight checks the two promises of the highlighted HTML: it is
// well-formed, and its text is the article's text, every character of
// it, escaped (line breaks become blocks).
func checkHighlight(t *testing.T, text, out string) {
	t.Helper()
	if err := wellFormed(out); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, out)
	}
	got := html.UnescapeString(tags.ReplaceAllString(strings.ReplaceAll(out, "\n", ""), ""))
	want := strings.ReplaceAll(text, "\n", "")
	if !utf8.ValidString(want) {
		got, want = foldInvalid(got), foldInvalid(strings.ToValidUTF8(want, "\uFFFD"))
	}
	if got != want {
		t.Fatalf("text changed:\n got %q\nwant %q", got, want)
	}
}

// foldInvalid makes runs of U+FFFD one: invalid bytes may be cut into
// several pieces, each replaced on its own.
func foldInvalid(s string) string {
	for strings.Contains(s, "\uFFFD\uFFFD") {
		s = strings.ReplaceAll(s, "\uFFFD\uFFFD", "\uFFFD")
	}
	return s
}

func FuzzHighlight(f *testing.F) {
	f.Add(hostileText, 0, 40, 12, 90, "Headline", "On matters")
	briefing, err := os.ReadFile("../testdata/briefing-2024-11-29.txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(briefing), 121, 244, 246, 277, "Russia Decries Aleppo Situation as Violation of Syria’s Sovereignty", "On Japan's Unfriendly Actions")
	f.Add("«ü»\n\n\"😀\xff\xfe\"\r\n", -3, 5, 2, 3, "«ü»", "")
	f.Fuzz(func(t *testing.T, text string, a, b, c, d int, headline, section string) {
		n := utf8.RuneCountInString(text) + 3
		mod := func(x int) int { return x%n - 1 } // some out of range, some negative
		h := &store.Hit{ID: 1, SpeakerID: 9, StatementRecord: saywho.StatementRecord{Start: mod(a), End: mod(b),
			Speaker: saywho.SpeakerRecord{Name: text, Mention: &saywho.SpanText{Start: mod(c), End: mod(d)}},
			Cue:     &saywho.SpanText{Start: mod(b), End: mod(c)}}}
		h2 := &store.Hit{ID: 2, StatementRecord: saywho.StatementRecord{Start: mod(c), End: mod(a + d),
			Parts: []saywho.Span{{Start: mod(c), End: mod(d)}, {Start: mod(a), End: mod(a + d)}}}}
		out := string(highlight(text, headline, []string{section}, []*store.Hit{h, h2}))
		checkHighlight(t, text, out)
		m := string(markTerms(text, []store.Term{{Words: []string{strings.ToLower(headline)}}, {Words: []string{"a"}, Prefix: true}}))
		if got := html.UnescapeString(strings.NewReplacer("<mark>", "", "</mark>", "").Replace(m)); got != strings.ToValidUTF8(text, "\uFFFD") {
			t.Fatalf("markTerms changed the text: %q -> %q", text, got)
		}
	})
}
