package article

import (
	"net/url"
	"strings"

	"codeberg.org/readeck/go-readability/v2"
	saywho "github.com/saywho/saywho"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ParseHTML reads a web page. The main text is found by readability (the
// algorithm of Firefox's reader view), so navigation, footers, ads and
// related links stay out; Text is built from it in the plain text shape: the
// headline on the first line, then one paragraph a line, with h2-h4
// subheadings on lines of their own and recorded in Sections. Figure
// captions are left out: they are not running text, and a caption between
// two paragraphs would break a quote that runs across them.
//
// Metadata comes from the page (JSON-LD, meta tags, <time>, <link
// rel=canonical>, <html lang>), then from readability's own reading of it,
// then from in.Meta. The charset is the content type's, the page's
// <meta charset> or its byte order mark, as a browser would choose it.
func ParseHTML(in Input) (*saywho.Article, error) {
	if err := in.checkSize(); err != nil {
		return nil, err
	}
	s, err := in.decodeHTML()
	if err != nil {
		return nil, err
	}
	if strings.TrimFunc(s, isSpace) == "" {
		return nil, in.errorf("only white space: %w", ErrEmpty)
	}
	// The tree builders below recurse over the tree: check its depth with a
	// flat pass first.
	if err := in.checkDepth(s); err != nil {
		return nil, err
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		if strings.Contains(err.Error(), "exceeds") {
			return nil, in.errorf("%v: %w", err, ErrTooDeep)
		}
		return nil, in.errorf("parsing HTML: %w", err)
	}
	base := baseURL(in.URL)
	meta := readMeta(doc, base)

	ra, err := in.readable(doc, base)
	if err != nil {
		return nil, err
	}
	meta.fallback(ra)
	if meta.title == "" {
		meta.title = cleanLine(in.Meta["title"])
	}

	var hb htmlText
	if ra.Node != nil {
		hb.walk(ra.Node)
		hb.flush()
	}
	text, l := hb.layout(meta.title)
	if len(l.paras) == 0 || (len(l.paras) == 1 && l.headline == 0) {
		return nil, in.errorf("no readable text in the page: %w", ErrEmpty)
	}
	a := l.article(text)
	a.Title = meta.title
	a.Author = meta.author
	a.Outlet = meta.outlet
	a.URL = meta.canonical
	a.Language = meta.lang
	setDates(a, in, meta.pub, meta.upd, [2]stamp{l.pub, l.upd})
	finish(a, in)
	return a, nil
}

// readable runs readability on doc, which it changes. A panic inside the
// library becomes an error for this input rather than the end of the run.
func (in Input) readable(doc *html.Node, base *url.URL) (ra readability.Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = in.errorf("readability: %v: %w", r, ErrEmpty)
		}
	}()
	p := readability.NewParser()
	ra, err = p.ParseAndMutate(doc, base)
	if err != nil {
		return ra, in.errorf("readability: %v: %w", err, ErrEmpty)
	}
	return ra, nil
}

// baseURL parses the URL a page was fetched from, if it is an absolute
// web URL.
func baseURL(s string) *url.URL {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil
	}
	return u
}

// maxDepth bounds the nesting of elements. x/net/html refuses more than
// 512 open elements; real pages stay under a hundred.
const maxDepth = 512

// checkDepth tokenizes s and tracks the elements left open, closing them
// the way the HTML tree builder does for the common cases (a <p> ends at the
// next block, an <li> at the next <li>, void elements never open), so that
// a hostile nest is refused before any tree is built. It errs on the side
// of counting too few; html.Parse's own limit backs it up.
func (in Input) checkDepth(s string) error {
	z := html.NewTokenizer(strings.NewReader(s))
	var stack []atom.Atom
	foreign := 0 // open <svg> and <math>, where "/>" closes an element
	offset := 0
	popTo := func(a atom.Atom, stop map[atom.Atom]bool) {
		for i := len(stack) - 1; i >= 0; i-- {
			if stack[i] == a {
				stack = stack[:i]
				return
			}
			if stop[stack[i]] {
				return
			}
		}
	}
	for {
		tt := z.Next()
		offset += len(z.Raw())
		switch tt {
		case html.ErrorToken:
			return nil
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if voidElements[a] || (tt == html.SelfClosingTagToken && foreign > 0) {
				continue
			}
			switch {
			case a == atom.Html || a == atom.Head || a == atom.Body:
				if containsAtom(stack, a) {
					continue
				}
			case a == atom.Li:
				popTo(atom.Li, listScope)
			case a == atom.Dd || a == atom.Dt:
				popTo(atom.Dd, listScope)
				popTo(atom.Dt, listScope)
			case a == atom.Td || a == atom.Th:
				popTo(atom.Td, tableScope)
				popTo(atom.Th, tableScope)
			case a == atom.Tr:
				popTo(atom.Tr, tableScope)
			case a == atom.Tbody || a == atom.Thead || a == atom.Tfoot:
				popTo(atom.Tbody, tableScope)
				popTo(atom.Thead, tableScope)
				popTo(atom.Tfoot, tableScope)
			case a == atom.Option || a == atom.Optgroup:
				if n := len(stack); n > 0 && stack[n-1] == atom.Option {
					stack = stack[:n-1]
				}
			}
			if closesP[a] {
				popTo(atom.P, buttonScope)
			}
			if a == atom.Svg || a == atom.Math {
				foreign++
			}
			stack = append(stack, a)
			if len(stack) > maxDepth {
				return in.errorf("elements nested deeper than %d at byte %d: %w", maxDepth, offset, ErrTooDeep)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i] == a {
					for _, b := range stack[i:] {
						if b == atom.Svg || b == atom.Math {
							foreign--
						}
					}
					stack = stack[:i]
					break
				}
			}
		}
	}
}

func containsAtom(s []atom.Atom, a atom.Atom) bool {
	for _, b := range s {
		if b == a {
			return true
		}
	}
	return false
}

func atomSet(as ...atom.Atom) map[atom.Atom]bool {
	m := make(map[atom.Atom]bool, len(as))
	for _, a := range as {
		m[a] = true
	}
	return m
}

var (
	voidElements = atomSet(atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img,
		atom.Input, atom.Link, atom.Meta, atom.Source, atom.Track, atom.Wbr, atom.Param, atom.Keygen)
	buttonScope = atomSet(atom.Html, atom.Table, atom.Td, atom.Th, atom.Caption, atom.Marquee,
		atom.Object, atom.Applet, atom.Template, atom.Button)
	listScope  = atomSet(atom.Html, atom.Table, atom.Td, atom.Th, atom.Ol, atom.Ul, atom.Dl, atom.Template)
	tableScope = atomSet(atom.Html, atom.Table, atom.Template)
	closesP    = atomSet(atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Center,
		atom.Details, atom.Dialog, atom.Dir, atom.Div, atom.Dl, atom.Fieldset, atom.Figcaption,
		atom.Figure, atom.Footer, atom.Form, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Header, atom.Hgroup, atom.Hr, atom.Main, atom.Menu, atom.Nav, atom.Ol, atom.P,
		atom.Pre, atom.Section, atom.Summary, atom.Table, atom.Ul, atom.Li, atom.Dd, atom.Dt)
)

// skipped elements hold no running text.
var skipped = atomSet(atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Math,
	atom.Button, atom.Select, atom.Textarea, atom.Input, atom.Iframe, atom.Object, atom.Embed,
	atom.Canvas, atom.Audio, atom.Video, atom.Figcaption, atom.Head, atom.Title)

// blocks start and end a line of their own.
var blocks = atomSet(atom.P, atom.Div, atom.Section, atom.Article, atom.Blockquote, atom.Li,
	atom.Ul, atom.Ol, atom.Dl, atom.Dt, atom.Dd, atom.Pre, atom.Table, atom.Tr, atom.Td, atom.Th,
	atom.Caption, atom.Figure, atom.Header, atom.Footer, atom.Main, atom.Aside, atom.Nav,
	atom.Hr, atom.Address, atom.Details, atom.Summary, atom.Center, atom.Form, atom.Fieldset,
	atom.Hgroup, atom.Dialog, atom.Menu, atom.Body, atom.Html)

// hblock is one line of the text built from a page: a paragraph, or a
// heading of the given level.
type hblock struct {
	text  string
	level int // 1-6 for h1-h6, 0 for a paragraph
}

// htmlText gathers the lines of a page's main content.
type htmlText struct {
	blocks []hblock
	cur    strings.Builder
	space  bool // a space is due before the next letter
	level  int  // heading level of the line being gathered
	pre    int  // open <pre> elements, where newlines end lines
}

// flush ends the line being gathered.
func (h *htmlText) flush() {
	if h.cur.Len() > 0 {
		h.blocks = append(h.blocks, hblock{h.cur.String(), h.level})
	}
	h.cur.Reset()
	h.space = false
}

// text adds character data, collapsing white space as a browser shows it
// and dropping control characters.
func (h *htmlText) text(s string) {
	for _, r := range s {
		switch {
		case r == '\n' && h.pre > 0:
			h.flush()
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || isControl(r):
			h.space = h.cur.Len() > 0
		default:
			if h.space {
				h.cur.WriteByte(' ')
				h.space = false
			}
			h.cur.WriteRune(r)
		}
	}
}

// walk gathers the lines under n. Depth is bounded by checkDepth and the
// parser, so recursion is safe.
func (h *htmlText) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		h.text(n.Data)
		return
	case html.ElementNode:
	case html.DocumentNode:
	default:
		return
	}
	a := n.DataAtom
	if n.Type == html.ElementNode {
		if skipped[a] {
			return
		}
		switch a {
		case atom.Br:
			h.flush()
			return
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			h.flush()
			h.level = int(n.Data[1] - '0')
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				h.walk(c)
			}
			h.flush()
			h.level = 0
			return
		case atom.Pre:
			h.pre++
			defer func() { h.pre-- }()
		}
	}
	block := blocks[a]
	if block {
		h.flush()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		h.walk(c)
	}
	if block {
		h.flush()
	}
}

// layout joins the lines into a text, the title first, and lays it out:
// h2-h4 lines are the topic headings, and a dateline is looked for among
// the first lines after the headline. The content's own first line is
// dropped when it repeats the title, or when it is a heading that the
// title only extends ("Talks Resume" under "Talks Resume: Live Updates").
func (h *htmlText) layout(title string) (string, *layout) {
	l := &layout{headline: -1, dateline: -1}
	var b strings.Builder
	add := func(s string) {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		start := b.Len()
		b.WriteString(s)
		l.paras = append(l.paras, [2]int{start, b.Len()})
	}
	if title != "" {
		add(title)
		l.headline = 0
	}
	for i, bl := range h.blocks {
		t := strings.TrimFunc(bl.text, isSpace)
		if t == "" {
			continue
		}
		if i == 0 && title != "" && (sameText(t, title) || (bl.level > 0 && matchesTitle(t, title))) {
			continue
		}
		add(t)
		if bl.level >= 2 && bl.level <= 4 {
			l.headings = append(l.headings, len(l.paras)-1)
		}
	}
	text := b.String()
	l.findDateline(text, l.headline+1)
	if l.dateline >= 0 {
		for _, hd := range l.headings {
			if hd == l.dateline {
				l.dateline = -1
			}
		}
	}
	return text, l
}
