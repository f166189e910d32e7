package server

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store"
	"github.com/saywho/saywho/store/storetest"
	"golang.org/x/net/html"
)

// hostileText is an article written to break out of every context its
// pieces are shown in: element content, attributes, URLs, JSON.
const hostileText = `<script>alert(1)</script> Headline "><img src=x onerror=alert(1)>
On '><svg onload=alert(2)> matters
"<script>alert(3)</script> is a fine quote," <img src=x onerror=alert(4)> said at </title><script>alert(2)</script>.
The "><img src=x onerror=alert(6)> told reporters that <a href="javascript:alert(7)">click</a> was safe & sound.
`

func hostileAnalysis() *saywho.Analysis {
	d := storetest.Doc{
		ID: `"><img src=x onerror=alert(13)>`, Outlet: `<script>alert(14)</script>`, URL: "javascript:alert(15)",
		Published: "2024-06-03", Text: hostileText,
		Statements: []storetest.Stmt{
			{Kind: saywho.Direct, Content: `"<script>alert(3)</script> is a fine quote,"`, Mention: `<img src=x onerror=alert(4)>`,
				Cue: "said", Speaker: `<script>alert(8)</script> Evil`, Entity: 1,
				Role: `"><img src=x onerror=alert(9)>`, Org: `</title><script>alert(10)</script>`},
			{Kind: saywho.Indirect, Content: `<a href="javascript:alert(7)">click</a> was safe & sound`,
				Mention: `"><img src=x onerror=alert(6)>`, Cue: "told reporters that", Speaker: `javascript:alert(11)`,
				Type: saywho.Organization},
		},
		Entities: []storetest.Ent{
			{Name: `<script>alert(8)</script> Evil`, Type: saywho.EntityPerson, Aliases: []string{`<img src=x onerror=alert(12)>`},
				Mentions: []string{`<img src=x onerror=alert(4)>`}},
			{Name: `<script>alert(16)</script>`, Type: saywho.EntityOrganization, Mentions: []string{`<script>alert(3)</script>`}},
		},
	}
	a := d.Analysis()
	a.Article.Title = `<script>alert(1)</script> Headline "><img src=x onerror=alert(1)>`
	a.Article.Author = `"><script>alert(17)</script>`
	// The second line is a section heading holding both statements.
	t := saywho.NewText(hostileText)
	h := strings.Index(hostileText, "On '")
	he := h + strings.Index(hostileText[h:], "\n")
	a.Article.Sections = []saywho.Section{{Heading: t.SpanOf(h, he), Body: t.SpanOf(he, len(hostileText))}}
	for i := range a.Statements {
		a.Statements[i].Section = 0
	}
	return a
}

// TestHostileArticle stores an article full of markup and script in every
// field, and checks that no page and no API answer lets any of it through
// unescaped.
func TestHostileArticle(t *testing.T) {
	st := openStore(t, storetest.Fixtures()...)
	put(t, st, hostileAnalysis())
	s := serverOn(t, st, Options{})

	res := searchHits(t, s, "q=alert")
	if len(res.Hits) != 2 {
		t.Fatalf("hostile statements: %d found, want 2", len(res.Hits))
	}
	hit := res.Hits[0]
	var evil, entity int64
	for _, h := range res.Hits {
		if h.Kind == saywho.Direct {
			evil = h.SpeakerID
		}
	}
	var sp store.SpeakerPage
	get(t, s, "/api/speakers/"+strconv.FormatInt(evil, 10)).json(t, &sp)
	if len(sp.TopEntities) > 0 {
		entity = sp.TopEntities[0].ID
	}
	if evil == 0 || entity == 0 {
		t.Fatalf("speaker %d, entity %d: the fixture did not store as planned", evil, entity)
	}
	ev, en := strconv.FormatInt(evil, 10), strconv.FormatInt(entity, 10)
	pages := []string{
		"/", "/?q=alert", "/?q=script+img", "/?q=alert&speaker=" + ev,
		"/?q=" + url.QueryEscape(`<script>alert(1)</script>`),
		"/?outlet=" + url.QueryEscape(`<script>alert(14)</script>`) + "&speaker=" + url.QueryEscape(`"><img src=x onerror=alert(1)>`),
		"/?since=" + url.QueryEscape(`"><script>alert(1)</script>`),
		"/articles/" + hit.Article.Hash, "/articles/" + url.PathEscape(`<script>alert(1)</script>`),
		"/speakers", "/speakers/" + ev, "/speakers/" + url.PathEscape(`javascript:alert(11)`),
		"/entities/" + en, "/entities/" + url.PathEscape(`<img src=x onerror=alert(12)>`),
		"/speakers/" + url.PathEscape(`<script>alert(1)</script>`),
	}
	for _, p := range pages {
		r := get(t, s, p)
		if r.status != 200 && r.status != 400 && r.status != 404 {
			t.Errorf("%s: status %d", p, r.status)
		}
		checkPage(t, p, r.body)
	}
	// The article view shows the hostile text itself, escaped.
	body := get(t, s, "/articles/"+hit.Article.Hash).body
	for _, want := range []string{"&lt;script&gt;alert(3)&lt;/script&gt;", "&#34;&gt;&lt;img src=x onerror=alert(6)&gt;", "safe &amp; sound"} {
		if !strings.Contains(body, want) {
			t.Errorf("article view lacks the escaped text %q", want)
		}
	}

	apis := []string{"/api/search?q=alert", "/api/facets?q=alert", "/api/statements/" + strconv.FormatInt(hit.ID, 10),
		"/api/articles/" + hit.Article.Hash, "/api/speakers", "/api/speakers/" + ev, "/api/speakers/" + ev + "/timeline",
		"/api/entities/" + en, "/api/articles/" + url.PathEscape(`<script>alert(1)</script>`),
		"/api/search?since=" + url.QueryEscape(`<script>alert(1)</script>`)}
	for _, p := range apis {
		r := get(t, s, p)
		if !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
			t.Errorf("%s: Content-Type %q", p, r.header.Get("Content-Type"))
		}
		if strings.ContainsAny(r.body, "<>") {
			i := strings.IndexAny(r.body, "<>")
			t.Errorf("%s: raw %q in JSON: …%s…", p, r.body[i], r.body[max(0, i-40):min(len(r.body), i+40)])
		}
		var v any
		r.json(t, &v)
	}
}

// checkPage parses a page as a browser would and fails on anything that
// could run: a script element other than the app's, an event handler
// attribute, a javascript: or data: URL, an img or svg from the text.
func checkPage(t *testing.T, name, page string) {
	t.Helper()
	for _, raw := range []string{"<script>alert", "<img", "<svg onload", "<a href=\"javascript:"} {
		if strings.Contains(page, raw) {
			i := strings.Index(page, raw)
			t.Errorf("%s: raw %q: …%s…", name, raw, page[max(0, i-60):min(len(page), i+60)])
		}
	}
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script":
				if attr(n, "src") != "/static/app.js" || n.FirstChild != nil {
					t.Errorf("%s: script element %v", name, n.Attr)
				}
			case "img", "iframe", "object", "embed", "base":
				t.Errorf("%s: %s element", name, n.Data)
			case "svg":
				if attr(n, "class") != "chart" {
					t.Errorf("%s: svg element not drawn by the server: %v", name, n.Attr)
				}
			}
			for _, a := range n.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: <%s %s=%q>", name, n.Data, a.Key, a.Val)
				}
				if (a.Key == "href" || a.Key == "src" || a.Key == "action") &&
					(strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:") || strings.HasPrefix(v, "vbscript:")) {
					t.Errorf("%s: <%s %s=%q>", name, n.Data, a.Key, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
