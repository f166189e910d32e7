package article

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	saywho "github.com/saywho/saywho"
)

func TestParseHTMLGolden(t *testing.T) {
	tests := []struct {
		file, url, contentType string
		check                  func(t *testing.T, a *saywho.Article)
	}{
		{
			file: "news.html", url: "https://harbourtimes.example/news/2024/03/port-strike-talks?utm_source=feed",
			check: func(t *testing.T, a *saywho.Article) {
				for _, boiler := range []string{"Subscribe", "Cheap flights", "All rights reserved", "Related stories", "Ferry fares", "Photo: Harbour Times", "Tracking", "display: block"} {
					if strings.Contains(a.Text, boiler) {
						t.Errorf("boilerplate %q kept in the text", boiler)
					}
				}
				want := map[string]string{
					"title": "Port strike talks stall as union rejects offer", "outlet": "The Harbour Times",
					"author": "Maria Lopez, Tom Reed", "language": "en",
					"url": "https://harbourtimes.example/news/2024/03/port-strike-talks",
				}
				got := map[string]string{"title": a.Title, "outlet": a.Outlet, "author": a.Author, "language": a.Language, "url": a.URL}
				for k, v := range want {
					if got[k] != v {
						t.Errorf("%s = %q, want %q", k, got[k], v)
					}
				}
				if !a.Published.Equal(utc("2024-03-14T08:30:00Z")) || !a.Updated.Equal(utc("2024-03-14T12:05:00Z")) {
					t.Errorf("published %v updated %v", a.Published, a.Updated)
				}
				if len(a.Sections) != 2 {
					t.Errorf("%d sections, want the 2 h2 subheadings", len(a.Sections))
				}
			},
		},
		{
			file: "latin1.html",
			check: func(t *testing.T, a *saywho.Article) {
				if !strings.Contains(a.Text, "« Nous n'avons pas d'autre choix") || !strings.Contains(a.Text, "Hélène Marchand") {
					t.Errorf("latin-1 not decoded: %q", a.Text)
				}
				if a.Author != "Jérôme Dubois" || a.Outlet != "Le Courrier Régional" || a.Language != "fr" {
					t.Errorf("author %q outlet %q language %q", a.Author, a.Outlet, a.Language)
				}
				if !a.Published.Equal(utc("2024-05-02T00:00:00Z")) {
					t.Errorf("published %v", a.Published)
				}
			},
		},
		{
			file: "briefing.html", url: "https://capitalwire.example/briefings/20241002",
			check: func(t *testing.T, a *saywho.Article) {
				tx := saywho.NewText(a.Text)
				var heads []string
				for _, s := range a.Sections {
					heads = append(heads, tx.Slice(s.Heading))
				}
				if want := "On the Grain Corridor|On the Detained Fishermen|On the Regional Summit"; strings.Join(heads, "|") != want {
					t.Errorf("headings %q, want %q", heads, want)
				}
				for _, boiler := range []string{"Most read", "Sign up", "Careers", "Log in"} {
					if strings.Contains(a.Text, boiler) {
						t.Errorf("boilerplate %q kept in the text", boiler)
					}
				}
				if !a.Published.Equal(utc("2024-10-02T11:10:00Z")) || !a.Updated.Equal(utc("2024-10-02T13:45:00Z")) {
					t.Errorf("published %v updated %v", a.Published, a.Updated)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body, err := os.ReadFile("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			id := strings.TrimSuffix(tt.file, ".html")
			a, err := ParseHTML(Input{ID: id, Name: tt.file, URL: tt.url, ContentType: tt.contentType, Body: body})
			if err != nil {
				t.Fatal(err)
			}
			if err := checkArticle(a); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(a.Text, "\uFFFD") {
				t.Errorf("replacement characters in the text")
			}
			if tt.check != nil {
				tt.check(t, a)
			}
			checkGolden(t, id, a)
		})
	}
}

func TestParseHTMLCharset(t *testing.T) {
	page := func(meta string, body []byte) []byte {
		return append([]byte("<html><head>"+meta+"<title>Caf\xe9 Owners Protest</title></head><body><p>"), append(body, []byte("</p></body></html>")...)...)
	}
	para := []byte("The owners of the caf\xe9s said \x93no\x94 to the new rules, which take effect next month.")
	tests := []struct {
		name, ct string
		body     []byte
		want     string
	}{
		{"content type", "text/html; charset=windows-1252", page("", para), "The owners of the cafés said “no” to the new rules"},
		{"meta charset", "", page(`<meta charset="windows-1252">`, para), "The owners of the cafés said “no” to the new rules"},
		{"invalid UTF-8 declared", "text/html; charset=utf-8", page("", []byte("Bad \xff\xfe bytes here and more words follow.")), "Bad \uFFFD\uFFFD bytes"},
		{"no declaration, not UTF-8", "", page("", para), "The owners of the cafés said “no”"},
		{"BOM", "", append([]byte("\xef\xbb\xbf"), page("", []byte("Zürich voters said yes."))...), "Zürich voters said yes."},
	}
	u16 := []byte{0xff, 0xfe}
	for _, r := range "<html><body><p>Zürich voters said yes to the new tram line on Sunday.</p></body></html>" {
		u16 = append(u16, byte(r), byte(r>>8))
	}
	tests = append(tests, struct {
		name, ct string
		body     []byte
		want     string
	}{"UTF-16 with BOM", "", u16, "Zürich voters said yes"})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseHTML(Input{Name: tt.name, ContentType: tt.ct, Body: tt.body})
			if err != nil {
				t.Fatal(err)
			}
			if err := checkArticle(a); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(a.Text, tt.want) {
				t.Errorf("Text = %q, want it to hold %q", a.Text, tt.want)
			}
		})
	}
}

func TestParseHTMLErrors(t *testing.T) {
	deep := strings.Repeat("<div>", 100000) + "text" + strings.Repeat("</div>", 100000)
	tests := []struct {
		name, in string
		want     error
	}{
		{"empty", "", ErrEmpty},
		{"whitespace", "  \n ", ErrEmpty},
		{"no text", "<html><head><title></title></head><body><div></div></body></html>", ErrEmpty},
		{"NUL", "<html><body>\x00\x00</body></html>", ErrBinary},
		{"controls", "<p>\x01\x02\x03\x04\x05\x06</p>", ErrBinary},
		{"100k nested divs", deep, ErrTooDeep},
		{"100k nested spans", strings.Repeat("<span>", 100000), ErrTooDeep},
		{"100k self-closed divs", strings.Repeat("<div/>", 100000), ErrTooDeep},
		{"100k unclosed b", strings.Repeat("<b>x", 100000), ErrTooDeep},
		{"too large", "<p>" + strings.Repeat("a", MaxBytes), ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseHTML(Input{Name: "page-" + tt.name, Body: []byte(tt.in)})
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), "page-"+tt.name) {
				t.Errorf("error %q does not name the input", err)
			}
		})
	}
}

// Pages that nest deeply but legally, as real pages do with lists, tables
// and unclosed paragraphs, are read.
func TestParseHTMLDepthNotFooled(t *testing.T) {
	var b strings.Builder
	b.WriteString("<html><body><article><h1>Many Paragraphs</h1>")
	for range 3000 {
		b.WriteString("<p>An unclosed paragraph of text, as old pages have them. ")
	}
	b.WriteString("<ul>")
	for range 3000 {
		b.WriteString("<li>an item")
	}
	b.WriteString("</ul><table>")
	for range 1000 {
		b.WriteString("<tr><td>a<td>b")
	}
	b.WriteString("</table></article></body></html>")
	a, err := ParseHTML(Input{Name: "unclosed", Body: []byte(b.String())})
	if err != nil {
		t.Fatal(err)
	}
	if err := checkArticle(a); err != nil {
		t.Fatal(err)
	}
}

func TestParseHTMLDateline(t *testing.T) {
	page := `<html><head><title>Talks Resume</title></head><body><article>
<h1>Talks Resume</h1><p>Nov. 29, 2024 11:22 AM EST</p>
<p>The talks resumed on Friday after a week-long pause, officials said, and both delegations were expected to stay in the city until Sunday at least.</p>
<p>"We are hopeful," one of the negotiators told reporters outside the venue, adding that a draft text was already being discussed by the teams.</p>
</article></body></html>`
	a, err := ParseHTML(Input{Name: "dateline.html", Body: []byte(page)})
	if err != nil {
		t.Fatal(err)
	}
	tx := saywho.NewText(a.Text)
	if got := tx.Slice(a.Dateline); got != "Nov. 29, 2024 11:22 AM EST" {
		t.Errorf("dateline %q", got)
	}
	if !a.Published.Equal(time.Date(2024, 11, 29, 16, 22, 0, 0, time.UTC)) {
		t.Errorf("published %v", a.Published)
	}
	if tx.Slice(a.Headline) != "Talks Resume" || strings.Count(a.Text, "Talks Resume") != 1 {
		t.Errorf("headline %q, text %q", tx.Slice(a.Headline), a.Text)
	}
}

func TestParseHTMLTitleNotRepeated(t *testing.T) {
	body := `<p>The talks resumed on Friday after a week-long pause, officials said, and both delegations were expected to stay in the city until Sunday.</p>
<p>"We are hopeful," one of the negotiators told reporters outside the venue, adding that a draft text was already being discussed by the teams.</p>`
	for _, head := range []string{
		`<title>Talks Resume in Geneva | Capital Wire</title>`,
		`<meta property="og:title" content="Talks Resume in Geneva: Live Updates">`,
	} {
		page := `<html><head>` + head + `</head><body><article><h1>Talks Resume in Geneva</h1>` + body + `</article></body></html>`
		a, err := ParseHTML(Input{Name: "title.html", Body: []byte(page)})
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(a.Text, "Talks Resume in Geneva"); n != 1 {
			t.Errorf("%s: headline printed %d times in %q", head, n, a.Text)
		}
	}
}

func TestJSONLD(t *testing.T) {
	page := `<html lang="de"><head>
<script type="application/ld+json">[{"@context":"https://schema.org","@type":"BreadcrumbList"},
{"@context":"https://schema.org","@type":"ReportageNews","headline":"Die Schlagzeile","author":"Anna Berg",
 "publisher":[{"@type":"NewsMediaOrganization","name":"Tagesblatt"}],"datePublished":"2024-06-01T10:00:00+02:00",
 "dateModified":"2024-06-01T12:00:00+02:00","mainEntityOfPage":{"@id":"https://tagesblatt.example/a/1"}}]</script>
<script type="application/ld+json">{not json</script>
</head><body><p>Der Bürgermeister sagte am Samstag, die Straße werde im Herbst saniert, und die Anwohner sollten sich auf Umleitungen einstellen.</p></body></html>`
	a, err := ParseHTML(Input{Name: "ld.html", Body: []byte(page)})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Die Schlagzeile" || a.Author != "Anna Berg" || a.Outlet != "Tagesblatt" || a.URL != "https://tagesblatt.example/a/1" || a.Language != "de" {
		t.Errorf("got title %q author %q outlet %q url %q lang %q", a.Title, a.Author, a.Outlet, a.URL, a.Language)
	}
	if !a.Published.Equal(utc("2024-06-01T08:00:00Z")) || !a.Updated.Equal(utc("2024-06-01T10:00:00Z")) {
		t.Errorf("published %v updated %v", a.Published, a.Updated)
	}
}

func TestRead(t *testing.T) {
	tests := []struct {
		name, ct, body string
		html           bool
	}{
		{"html type", "text/html; charset=utf-8", "Just words that mention <p> tags.", true},
		{"text type", "text/plain", "<html><body><p>Shown as text.</p></body></html>", false},
		{"doctype", "", "\n  <!DOCTYPE html><html><body><p>Hello there, this is a page.</p></body></html>", true},
		{"fragment", "application/octet-stream", "<p>First paragraph of a fragment.</p><p>Second.</p>", true},
		{"plain", "", "Headline Here\nA line of text that mentions a <tag> in passing.", false},
		{"xml declared html", "", `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>XHTML text.</p></body></html>`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Name: tt.name, ContentType: tt.ct, Body: []byte(tt.body)}
			if got := isHTML(in); got != tt.html {
				t.Fatalf("isHTML = %v, want %v", got, tt.html)
			}
			a, err := Read(in)
			if err != nil {
				t.Fatal(err)
			}
			if err := checkArticle(a); err != nil {
				t.Fatal(err)
			}
			if !tt.html && a.Text != tt.body {
				t.Errorf("plain text changed: %q", a.Text)
			}
			if tt.html && strings.Contains(a.Text, "<p>") {
				t.Errorf("markup in the text: %q", a.Text)
			}
		})
	}
}

func BenchmarkParseHTML(b *testing.B) {
	body, err := os.ReadFile("testdata/news.html")
	if err != nil {
		b.Fatal(err)
	}
	in := Input{ID: "news", Name: "news.html", Body: body}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseHTML(in); err != nil {
			b.Fatal(err)
		}
	}
}
