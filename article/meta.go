package article

import (
	"encoding/json"
	"net/url"
	"strings"

	"codeberg.org/readeck/go-readability/v2"
	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// pageMeta is what a page says about itself.
type pageMeta struct {
	title, author, outlet, canonical, lang string
	pub, upd                               stamp
}

// readMeta reads a page's metadata before readability changes the tree:
// JSON-LD first (the most deliberate statement a site makes), then Open
// Graph and other meta tags, then markup such as <time datetime>. Among
// dates the most precise wins, the first on a tie.
func readMeta(root *html.Node, base *url.URL) pageMeta {
	doc := goquery.NewDocumentFromNode(root)
	var m pageMeta
	ld := jsonLD(doc)
	tags := metaTags(doc)

	m.title = first(ld.headline, tags["og:title"], tags["twitter:title"], tags["dc.title"], tags["dcterms.title"])
	m.author = first(ld.author,
		notURL(tags["author"]), notURL(tags["article:author"]), tags["dc.creator"], tags["dcterms.creator"],
		tags["byl"], tags["parsely-author"], tags["sailthru.author"],
		cleanLine(doc.Find(`[itemprop="author"] [itemprop="name"]`).First().Text()),
		cleanLine(doc.Find(`a[rel="author"]`).First().Text()))
	m.author = strings.TrimSpace(trimPrefixFold(m.author, "by "))
	m.outlet = first(tags["og:site_name"], ld.publisher, tags["application-name"], tags["dc.publisher"])

	pubs := []stamp{parseDate(ld.published)}
	for _, k := range []string{"article:published_time", "og:published_time", "datepublished",
		"publish-date", "publishdate", "pubdate", "date", "dc.date", "dc.date.issued",
		"dcterms.created", "dcterms.issued", "dcterms.date", "sailthru.date", "parsely-pub-date"} {
		pubs = append(pubs, parseDate(tags[k]))
	}
	doc.Find("time[datetime]").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		v, _ := s.Attr("datetime")
		if ip, _ := s.Attr("itemprop"); ip == "dateModified" {
			return true
		}
		pubs = append(pubs, parseDate(v))
		return false
	})
	m.pub = best(pubs)
	upds := []stamp{parseDate(ld.modified)}
	for _, k := range []string{"article:modified_time", "og:updated_time", "datemodified",
		"last-modified", "lastmod", "dcterms.modified", "dc.date.modified"} {
		upds = append(upds, parseDate(tags[k]))
	}
	m.upd = best(upds)

	canon, _ := doc.Find(`link[rel~="canonical"]`).First().Attr("href")
	m.canonical = first(absURL(canon, base), absURL(tags["og:url"], base), absURL(ld.url, base))

	lang, _ := doc.Find("html").First().Attr("lang")
	m.lang = first(langCode(lang), langCode(tags["content-language"]), langCode(tags["og:locale"]),
		langCode(tags["dc.language"]), langCode(ld.lang))
	return m
}

// fallback fills what the page's own tags left empty from readability's
// reading, which also looks at the visible byline and the <title>.
func (m *pageMeta) fallback(ra readability.Article) {
	if m.title == "" {
		m.title = cleanLine(ra.Title())
	}
	if m.author == "" {
		m.author = strings.TrimSpace(trimPrefixFold(cleanLine(ra.Byline()), "by "))
	}
	if m.outlet == "" {
		m.outlet = cleanLine(ra.SiteName())
	}
	if m.lang == "" {
		m.lang = langCode(ra.Language())
	}
}

// metaTags maps the lower-case name, property or itemprop of every <meta>
// to its content, the first one winning; http-equiv Content-Language too.
func metaTags(doc *goquery.Document) map[string]string {
	tags := map[string]string{}
	doc.Find("meta").Each(func(_ int, s *goquery.Selection) {
		content := cleanLine(attr(s, "content"))
		if content == "" {
			content = cleanLine(attr(s, "datetime"))
		}
		if content == "" {
			return
		}
		for _, k := range []string{"property", "name", "itemprop", "http-equiv"} {
			for _, key := range strings.Fields(strings.ToLower(attr(s, k))) {
				if _, ok := tags[key]; !ok {
					tags[key] = content
				}
			}
		}
	})
	return tags
}

func attr(s *goquery.Selection, name string) string {
	v, _ := s.Attr(name)
	return v
}

// first returns the first non-empty value.
func first(vs ...string) string {
	for _, v := range vs {
		if v = cleanLine(v); v != "" {
			return v
		}
	}
	return ""
}

// notURL drops values that are links (article:author often holds a
// profile URL rather than a name).
func notURL(s string) string {
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "/") {
		return ""
	}
	return s
}

func trimPrefixFold(s, prefix string) string {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):]
	}
	return s
}

// absURL resolves ref against base and keeps it only if the result is an
// absolute web URL.
func absURL(ref string, base *url.URL) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// ldArticle is what saywho reads from a JSON-LD article object.
type ldArticle struct {
	headline, author, publisher, published, modified, url, lang string
}

// articleTypes are the schema.org types of a news story.
var articleTypes = map[string]bool{
	"NewsArticle": true, "Article": true, "ReportageNews": true, "AnalysisNewsArticle": true,
	"OpinionNewsArticle": true, "BackgroundNewsArticle": true, "ReviewNewsArticle": true,
	"AskPublicNewsArticle": true, "BlogPosting": true, "LiveBlogPosting": true, "Report": true,
	"SocialMediaPosting": true, "TechArticle": true, "ScholarlyArticle": true,
}

// jsonLD finds the first article object in the page's JSON-LD blocks, at
// the top level, in an array or in an @graph, and reads it. References by
// @id (a publisher or author given elsewhere in the graph) are followed.
func jsonLD(doc *goquery.Document) ldArticle {
	var objs []map[string]any
	doc.Find(`script[type="application/ld+json"]`).Each(func(_ int, s *goquery.Selection) {
		src := strings.TrimSpace(s.Text())
		src = strings.TrimSuffix(strings.TrimPrefix(src, "<![CDATA["), "]]>")
		var v any
		if json.Unmarshal([]byte(src), &v) != nil {
			return
		}
		collectLD(v, 0, &objs)
	})
	ids := map[string]map[string]any{}
	for _, o := range objs {
		if id, ok := o["@id"].(string); ok && id != "" && len(o) > 1 {
			if _, seen := ids[id]; !seen {
				ids[id] = o
			}
		}
	}
	for _, o := range objs {
		if !hasArticleType(o["@type"]) {
			continue
		}
		var a ldArticle
		a.headline = first(ldString(o["headline"]), ldString(o["name"]))
		a.author = strings.Join(ldNames(o["author"], ids, 0), ", ")
		a.publisher = strings.Join(ldNames(o["publisher"], ids, 0), ", ")
		a.published = first(ldString(o["datePublished"]), ldString(o["dateCreated"]))
		a.modified = ldString(o["dateModified"])
		a.url = first(ldString(o["url"]), ldID(o["mainEntityOfPage"]))
		a.lang = ldString(o["inLanguage"])
		return a
	}
	return ldArticle{}
}

// collectLD lists the objects of a JSON-LD value, descending into arrays
// and @graph (not into properties: an article's "about" is no article).
func collectLD(v any, depth int, out *[]map[string]any) {
	if depth > 8 || len(*out) > 1000 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			collectLD(e, depth+1, out)
		}
	case map[string]any:
		*out = append(*out, x)
		if g, ok := x["@graph"]; ok {
			collectLD(g, depth+1, out)
		}
		// Publisher and author objects with an @id may be referred to
		// from elsewhere.
		for _, k := range []string{"publisher", "author"} {
			if o, ok := x[k].(map[string]any); ok {
				*out = append(*out, o)
			}
		}
	}
}

func hasArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		return articleTypes[strings.TrimPrefix(strings.TrimPrefix(x, "http://schema.org/"), "https://schema.org/")]
	case []any:
		for _, e := range x {
			if hasArticleType(e) {
				return true
			}
		}
	}
	return false
}

// ldString reads a text value: a string, or the first of an array of
// them, or the @value of a value object.
func ldString(v any) string {
	switch x := v.(type) {
	case string:
		return cleanLine(x)
	case []any:
		for _, e := range x {
			if s := ldString(e); s != "" {
				return s
			}
		}
	case map[string]any:
		return ldString(x["@value"])
	}
	return ""
}

func ldID(v any) string {
	if o, ok := v.(map[string]any); ok {
		return ldString(o["@id"])
	}
	return ldString(v)
}

// ldNames reads the names of an author or publisher value: a string, an
// object with a name, a reference to one, or an array of these.
func ldNames(v any, ids map[string]map[string]any, depth int) []string {
	if depth > 4 {
		return nil
	}
	switch x := v.(type) {
	case string:
		if s := notURL(cleanLine(x)); s != "" {
			return []string{s}
		}
	case []any:
		var out []string
		for _, e := range x {
			for _, n := range ldNames(e, ids, depth+1) {
				if !containsString(out, n) {
					out = append(out, n)
				}
			}
		}
		return out
	case map[string]any:
		if n := ldString(x["name"]); n != "" {
			return []string{n}
		}
		if id, ok := x["@id"].(string); ok {
			if o, ok := ids[id]; ok && ldString(o["name"]) != "" {
				return []string{ldString(o["name"])}
			}
		}
	}
	return nil
}

func containsString(ss []string, s string) bool {
	for _, t := range ss {
		if t == s {
			return true
		}
	}
	return false
}
