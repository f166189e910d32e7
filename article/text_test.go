package article

import (
	"errors"
	"os"
	"strings"
	"testing"

	saywho "github.com/saywho/saywho"
)

const example = "../testdata/briefing-2024-11-29.txt"

func TestParseTextExample(t *testing.T) {
	b, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseText(Input{ID: "briefing-2024-11-29", Name: example, Body: b})
	if err != nil {
		t.Fatal(err)
	}
	if err := checkArticle(a); err != nil {
		t.Fatal(err)
	}
	if a.Text != string(b) {
		t.Errorf("Text is not the input unchanged")
	}
	tx := saywho.NewText(a.Text)
	if got, want := tx.Slice(a.Headline), "Russia Decries Aleppo Situation as Violation of Syria’s Sovereignty"; got != want || a.Title != want {
		t.Errorf("headline %q, title %q, want %q", got, a.Title, want)
	}
	if got, want := tx.Slice(a.Dateline), "11:22 GMT 29.11.2024 (Updated: 13:03 GMT 29.11.2024)"; got != want {
		t.Errorf("dateline %q, want %q", got, want)
	}
	if !a.Published.Equal(utc("2024-11-29T11:22:00Z")) || !a.Updated.Equal(utc("2024-11-29T13:03:00Z")) {
		t.Errorf("published %v updated %v", a.Published, a.Updated)
	}
	var heads []string
	for _, s := range a.Sections {
		heads = append(heads, tx.Slice(s.Heading))
	}
	want := []string{
		"On Retaliatory Strikes on Ukraine's Military Facilities",
		"On Japan's Unfriendly Actions",
		"On Western Peacekeepers in Ukraine",
		"On Putin's Visit to Kazakhstan",
		"On Elections in Romania",
	}
	if strings.Join(heads, "|") != strings.Join(want, "|") {
		t.Errorf("headings\n got %q\nwant %q", heads, want)
	}
	if got := len(a.Paragraphs); got != strings.Count(a.Text, "\n")+1 {
		t.Errorf("%d paragraphs for %d lines", got, strings.Count(a.Text, "\n")+1)
	}
	if a.Language != "en" {
		t.Errorf("language %q", a.Language)
	}
	checkGolden(t, "briefing-2024-11-29", a)
}

func TestParseTextWrapped(t *testing.T) {
	b, err := os.ReadFile("testdata/wrapped.txt")
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseText(Input{ID: "wrapped", Name: "testdata/wrapped.txt", Body: b})
	if err != nil {
		t.Fatal(err)
	}
	if err := checkArticle(a); err != nil {
		t.Fatal(err)
	}
	if a.Text != string(b) {
		t.Errorf("Text is not the input unchanged")
	}
	checkGolden(t, "wrapped", a)
}

// layoutOf parses s and describes its layout in one string per paragraph.
func layoutOf(t *testing.T, in Input) []string {
	t.Helper()
	a, err := ParseText(in)
	if err != nil {
		t.Fatalf("%q: %v", in.Body, err)
	}
	if err := checkArticle(a); err != nil {
		t.Fatalf("%q: %v", in.Body, err)
	}
	return viewOf(a).Lines
}

func TestParseTextLayout(t *testing.T) {
	tests := []struct {
		name string
		in   string
		meta map[string]string
		want []string
	}{
		{
			name: "lines are paragraphs",
			in:   "Talks Resume in Geneva\nFirst paragraph of the story, long enough to be one.\nSecond paragraph.",
			want: []string{"headline [0,22) Talks Resume in Geneva", "para     [23,75) First paragraph of the story, long enough to be one.", "para     [76,93) Second paragraph."},
		},
		{
			name: "CRLF and BOM",
			in:   "\uFEFFTalks Resume in Geneva\r\n\r\nThe first paragraph.\r\nThe second.\r",
			want: []string{"headline [0,22) Talks Resume in Geneva", "para     [24,44) The first paragraph.", "para     [45,56) The second."},
		},
		{
			name: "no headline when the text starts with a sentence",
			in:   "The ministry said on Friday that it would not comment on reports about the talks, which began last week.\nA second paragraph follows.",
			want: []string{"para     [0,104) The ministry said on Friday that it would not comment on reports about the talks, which began last week.", "para     [105,132) A second paragraph follows."},
		},
		{
			name: "a quote is not a headline",
			in:   "\"We will not back down,\" she said.\nThe minister spoke after a long meeting with the unions in the capital on Tuesday evening.",
			want: []string{"para     [0,34) \"We will not back down,\" she said.", "para     [35,125) The minister spoke after a long meeting with the unions in the capital on Tuesday evening."},
		},
		{
			name: "sentence-case headline with the source's title",
			in:   "Ministry rejects the report.\nThe ministry said.",
			meta: map[string]string{"title": "Ministry rejects the report"},
			want: []string{"headline [0,28) Ministry rejects the report.", "para     [29,47) The ministry said."},
		},
		{
			name: "headings between paragraphs",
			in:   "Weekly Briefing Notes\nThe spokesman opened the briefing with a statement.\nOn flood relief\nThe aid will arrive next week, the spokesman said, and more will follow.\nTrade and Tariffs Abroad\nThe tariffs are a matter for the trade ministry, he said.",
			want: []string{"headline [0,21) Weekly Briefing Notes", "para     [22,73) The spokesman opened the briefing with a statement.", "heading  [74,89) On flood relief", "para     [90,162) The aid will arrive next week, the spokesman said, and more will follow.", "heading  [163,187) Trade and Tariffs Abroad", "para     [188,245) The tariffs are a matter for the trade ministry, he said."},
		},
		{
			name: "no heading without body text after it, nor after one",
			in:   "Weekly Briefing Notes\nThe spokesman opened the briefing with a statement on the floods.\nOn Flood Relief\nOn Foreign Aid\nThe aid will arrive next week, the spokesman said, and more will follow.",
			want: []string{"headline [0,21) Weekly Briefing Notes", "para     [22,87) The spokesman opened the briefing with a statement on the floods.", "para     [88,103) On Flood Relief", "para     [104,118) On Foreign Aid", "para     [119,191) The aid will arrive next week, the spokesman said, and more will follow."},
		},
		{
			name: "quotes and sentences are never headings",
			in:   "Weekly Briefing Notes\nThe spokesman opened the briefing with a statement.\n\"Peace Now\"\nThe aid will arrive next week, the spokesman said, and more will follow.\nCaddell continued:\nThe aid will arrive next week, the spokesman said, and more will follow.",
			want: []string{"headline [0,21) Weekly Briefing Notes", "para     [22,73) The spokesman opened the briefing with a statement.", "para     [74,85) \"Peace Now\"", "para     [86,158) The aid will arrive next week, the spokesman said, and more will follow.", "para     [159,177) Caddell continued:", "para     [178,250) The aid will arrive next week, the spokesman said, and more will follow."},
		},
		{
			name: "byline is not a heading",
			in:   "Weekly Briefing Notes\nThe spokesman opened the briefing with a statement.\nBy John Smith\nThe aid will arrive next week, the spokesman said, and more will follow.",
			want: []string{"headline [0,21) Weekly Briefing Notes", "para     [22,73) The spokesman opened the briefing with a statement.", "para     [74,87) By John Smith", "para     [88,160) The aid will arrive next week, the spokesman said, and more will follow."},
		},
		{
			name: "code points, not bytes",
			in:   "Зеленский и «мирный план»\nВторой абзац статьи.",
			want: []string{"headline [0,25) Зеленский и «мирный план»", "para     [26,46) Второй абзац статьи."},
		},
		{
			name: "a single paragraph has no headline",
			in:   "  Just One Line  \n\n",
			want: []string{"para     [2,15) Just One Line"},
		},
		{
			name: "dateline without headline",
			in:   "Nov. 29, 2024 11:22 AM EST\nThe story starts here and goes on for a while, as stories do.",
			want: []string{"dateline [0,26) Nov. 29, 2024 11:22 AM EST", "para     [27,88) The story starts here and goes on for a while, as stories do."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := layoutOf(t, Input{Name: tt.name, Body: []byte(tt.in), Meta: tt.meta})
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("layout\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestParseTextTextUnchanged(t *testing.T) {
	in := "\uFEFFHeadline Here\r\nFirst line.\rSecond line.\n\n\tIndented line with trailing spaces   \n"
	a, err := ParseText(Input{Name: "t", Body: []byte(in)})
	if err != nil {
		t.Fatal(err)
	}
	want := "Headline Here\nFirst line.\nSecond line.\n\n\tIndented line with trailing spaces   \n"
	if a.Text != want {
		t.Errorf("Text = %q, want %q", a.Text, want)
	}
}

func TestParseTextMetadata(t *testing.T) {
	a, err := ParseText(Input{
		ID:   "doc-1",
		Name: "polnear:doc-1",
		URL:  "https://example.org/fetched",
		Body: []byte("Stealth Over Health: A Headline.\n\nThe first paragraph of the story.\n"),
		Meta: map[string]string{"published": "2016-09-12", "publisher": "breitbart", "author": "Breitbart News", "language": "en-US", "url": "https://example.org/story"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "doc-1" || a.Source != "polnear:doc-1" || a.Outlet != "breitbart" || a.Author != "Breitbart News" ||
		a.Language != "en" || a.URL != "https://example.org/story" || !a.Published.Equal(utc("2016-09-12T00:00:00Z")) ||
		a.Title != "Stealth Over Health: A Headline." {
		t.Errorf("metadata: %+v", a)
	}

	// A dateline with a zone is more precise than a date hint and wins.
	a, err = ParseText(Input{Body: []byte("Headline Here\n29.11.2024, 11:22 MSK\nText of the story.\n"), Meta: map[string]string{"published": "2024-11-28"}})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Published.Equal(utc("2024-11-29T08:22:00Z")) {
		t.Errorf("published %v, want the dateline's", a.Published)
	}
	if a.ID != a.Hash() {
		t.Errorf("id %q, want the content hash when none is given", a.ID)
	}
}

func TestParseTextCharset(t *testing.T) {
	body := []byte("Caf\xe9 Owners Protest\nThe owners of the caf\xe9s said \xabno\xbb.\n")
	if _, err := ParseText(Input{Name: "latin1.txt", Body: body}); !errors.Is(err, ErrEncoding) {
		t.Fatalf("latin-1 without a charset: err = %v, want ErrEncoding", err)
	}
	a, err := ParseText(Input{Name: "latin1.txt", ContentType: "text/plain; charset=ISO-8859-1", Body: body})
	if err != nil {
		t.Fatal(err)
	}
	if want := "Café Owners Protest\nThe owners of the cafés said «no».\n"; a.Text != want {
		t.Errorf("Text = %q, want %q", a.Text, want)
	}
	// UTF-16 with a byte order mark.
	u16 := []byte{0xff, 0xfe}
	for _, r := range "Héadline Here\nThe text.\n" {
		u16 = append(u16, byte(r), byte(r>>8))
	}
	a, err = ParseText(Input{Name: "utf16.txt", Body: u16})
	if err != nil {
		t.Fatal(err)
	}
	if a.Text != "Héadline Here\nThe text.\n" {
		t.Errorf("UTF-16 Text = %q", a.Text)
	}
	// UTF-16 declared, without a byte order mark: its NULs are no binary.
	a, err = ParseText(Input{Name: "utf16.txt", ContentType: "text/plain; charset=utf-16le", Body: u16[2:]})
	if err != nil {
		t.Fatal(err)
	}
	if a.Text != "Héadline Here\nThe text.\n" {
		t.Errorf("UTF-16LE Text = %q", a.Text)
	}
}

func TestParseTextErrors(t *testing.T) {
	big := strings.Repeat("a", MaxBytes+1)
	tests := []struct {
		name, in, ct string
		want         error
		mention      string
	}{
		{"empty", "", "", ErrEmpty, "no bytes"},
		{"whitespace", " \n\t\r\n  \u00a0 ", "", ErrEmpty, "white space"},
		{"BOM only", "\uFEFF", "", ErrEmpty, "white space"},
		{"NUL", "Headline\x00 text", "", ErrBinary, "offset 8"},
		{"controls", "\x01\x02\x03\x04abc", "", ErrBinary, "control"},
		{"invalid UTF-8", "Headline\nText \xff\xfe here", "", ErrEncoding, "offset 14"},
		{"truncated UTF-8", "Text \xe2\x80", "", ErrEncoding, "offset 5"},
		{"unknown charset", "Text", "text/plain; charset=klingon", ErrEncoding, "klingon"},
		{"too large", big, "", ErrTooLarge, "over the limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseText(Input{Name: "file-" + tt.name, ContentType: tt.ct, Body: []byte(tt.in)})
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), "file-"+tt.name) || !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("error %q should name the input and say %q", err, tt.mention)
			}
		})
	}
}

func BenchmarkParseText(b *testing.B) {
	body, err := os.ReadFile(example)
	if err != nil {
		b.Fatal(err)
	}
	in := Input{ID: "x", Name: example, Body: body}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseText(in); err != nil {
			b.Fatal(err)
		}
	}
}
