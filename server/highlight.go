package server

import (
	"fmt"
	"hash/fnv"
	"html"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store"
)

// palette is the number of speaker colors (classes c0..c15 in style.css).
const palette = 16

// speakerColor is the color class of a speaker: the same speaker has the
// same color on every page. Unresolved speakers are grey.
func speakerColor(id int64, name string) string {
	var key string
	switch {
	case id != 0:
		key = "#" + strconv.FormatInt(id, 10)
	case name != "":
		key = name
	default:
		return "cu"
	}
	h := fnv.New32a()
	h.Write([]byte(key))
	return "c" + strconv.Itoa(int(h.Sum32()%palette))
}

func hitColor(h *store.Hit) string { return speakerColor(h.SpeakerID, h.Speaker.Name) }

// speakerLabel names a statement's speaker for people: the resolved name,
// else the mention in brackets, else "unknown speaker".
func speakerLabel(h *store.Hit) string {
	if h.Speaker.Name != "" {
		return h.Speaker.Name
	}
	if h.Speaker.Mention != nil && strings.TrimSpace(h.Speaker.Mention.Text) != "" {
		return "(" + strings.TrimSpace(h.Speaker.Mention.Text) + ")"
	}
	return "unknown speaker"
}

// hitTitle is the hover text of a highlighted statement: speaker, role,
// organisation, kind, cue and confidence on one line.
func hitTitle(h *store.Hit) string {
	var b strings.Builder
	b.WriteString(speakerLabel(h))
	var about []string
	if h.Speaker.Role != "" {
		about = append(about, h.Speaker.Role)
	}
	if h.Speaker.Org != "" {
		about = append(about, h.Speaker.Org)
	}
	if len(about) > 0 {
		b.WriteString(" (" + strings.Join(about, ", ") + ")")
	}
	b.WriteString(" — " + string(h.Kind))
	if h.Cue != nil {
		b.WriteString(`, cue “` + h.Cue.Text + `”`)
	}
	fmt.Fprintf(&b, ", confidence %s", percent(h.Confidence))
	return oneLine(b.String())
}

func percent(f float64) string {
	return strconv.Itoa(int(f*100+0.5)) + "%"
}

// oneLine folds white space runs to one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Layers of the highlighted text, nested in this order.
const (
	layerContent = iota
	layerMention
	layerCue
)

type interval struct {
	start, end int // code points
	layer      int
	hit        int // index into hits
}

// highlight renders an article's text as HTML: one block per line (the
// headline and section headings as headings), every statement's content
// wrapped in a span colored by speaker, with its speaker's mention and its
// cue marked inside or beside it. Spans are code point offsets into text;
// the text is cut at every span boundary and line break, and every piece
// is escaped on its own, so no byte of the article reaches the page as
// markup. Spans out of range are clipped; empty ones are dropped.
func highlight(text, headline string, sections []string, hits []*store.Hit) template.HTML {
	t := saywho.NewText(text)
	n := t.Len()
	var ivs []interval
	add := func(start, end, layer, hit int) {
		start, end = max(start, 0), min(end, n)
		if start < end {
			ivs = append(ivs, interval{start, end, layer, hit})
		}
	}
	for i, h := range hits {
		if len(h.Parts) > 0 {
			for _, p := range h.Parts {
				add(p.Start, p.End, layerContent, i)
			}
		} else {
			add(h.Start, h.End, layerContent, i)
		}
		if m := h.Speaker.Mention; m != nil {
			add(m.Start, m.End, layerMention, i)
		}
		if c := h.Cue; c != nil {
			add(c.Start, c.End, layerCue, i)
		}
	}

	// Cut points: every span boundary, and both sides of every line break.
	cuts := []int{0, n}
	for _, iv := range ivs {
		cuts = append(cuts, iv.start, iv.end)
	}
	lines := lineKinds(text, headline, sections)
	cp := 0
	for _, r := range text { // counts code points as saywho.NewText does
		if r == '\n' {
			cuts = append(cuts, cp, cp+1)
		}
		cp++
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)

	// Sweep: starts sorted by position; active holds the intervals
	// covering the current piece.
	order := make([]int, len(ivs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return ivs[a].start - ivs[b].start })
	var active []int
	next := 0
	anchored := make([]bool, len(hits))
	titles := make([]string, len(hits))
	for i, h := range hits {
		titles[i] = html.EscapeString(hitTitle(h))
	}

	var b strings.Builder
	b.Grow(len(text) * 2)
	block := "" // the open block's closing tag
	for k := 0; k+1 < len(cuts); k++ {
		a, e := cuts[k], cuts[k+1]
		if a >= n {
			break
		}
		active = slices.DeleteFunc(active, func(i int) bool { return ivs[i].end <= a })
		for next < len(order) && ivs[order[next]].start <= a {
			if ivs[order[next]].end > a {
				active = append(active, order[next])
			}
			next++
		}
		piece := t.Slice(saywho.Span{Start: a, End: e})
		if piece == "\n" {
			if block != "" {
				b.WriteString(block)
				b.WriteByte('\n')
				block = ""
			}
			continue
		}
		if block == "" {
			switch lines[a] {
			case "headline":
				b.WriteString(`<h1 class="headline">`)
				block = "</h1>"
			case "heading":
				b.WriteString(`<h2 class="section">`)
				block = "</h2>"
			default:
				b.WriteString("<p>")
				block = "</p>"
			}
		}
		writePiece(&b, piece, ivs, active, hits, titles, anchored)
	}
	if block != "" {
		b.WriteString(block)
	}
	return template.HTML(b.String())
}

// writePiece writes one piece of text inside the spans covering it: the
// statement it belongs to (the innermost, when statements overlap), then
// a speaker mention, then a cue.
func writePiece(b *strings.Builder, piece string, ivs []interval, active []int, hits []*store.Hit, titles []string, anchored []bool) {
	content, mention, cue := -1, -1, -1
	var ids []string
	for _, i := range active {
		iv := ivs[i]
		switch iv.layer {
		case layerContent:
			ids = append(ids, strconv.FormatInt(hits[iv.hit].ID, 10))
			// The innermost statement wins: latest start, then shortest.
			if content < 0 || iv.start > ivs[content].start ||
				iv.start == ivs[content].start && iv.end < ivs[content].end {
				content = i
			}
		case layerMention:
			if mention < 0 {
				mention = i
			}
		case layerCue:
			if cue < 0 {
				cue = i
			}
		}
	}
	closers := 0
	if content >= 0 {
		h := ivs[content].hit
		// The innermost statement's id first: a click selects it.
		own := strconv.FormatInt(hits[h].ID, 10)
		for k, id := range ids {
			if id == own {
				ids[0], ids[k] = ids[k], ids[0]
				break
			}
		}
		b.WriteString(`<span class="st `)
		b.WriteString(hitColor(hits[h]))
		if len(ids) > 1 {
			b.WriteString(" multi")
		}
		b.WriteString(`" tabindex="0" data-s="`)
		b.WriteString(strings.Join(ids, " "))
		b.WriteString(`"`)
		if !anchored[h] {
			anchored[h] = true
			b.WriteString(` id="s`)
			b.WriteString(strconv.FormatInt(hits[h].ID, 10))
			b.WriteString(`"`)
		}
		b.WriteString(` title="`)
		b.WriteString(titles[h])
		b.WriteString(`">`)
		closers++
	}
	if mention >= 0 {
		h := ivs[mention].hit
		b.WriteString(`<span class="mention `)
		b.WriteString(hitColor(hits[h]))
		b.WriteString(`" data-s="`)
		b.WriteString(strconv.FormatInt(hits[h].ID, 10))
		b.WriteString(`" title="speaker: `)
		b.WriteString(titles[h])
		b.WriteString(`">`)
		closers++
	}
	if cue >= 0 {
		h := ivs[cue].hit
		b.WriteString(`<span class="cue" data-s="`)
		b.WriteString(strconv.FormatInt(hits[h].ID, 10))
		b.WriteString(`" title="cue: `)
		b.WriteString(titles[h])
		b.WriteString(`">`)
		closers++
	}
	b.WriteString(html.EscapeString(strings.ToValidUTF8(piece, "\uFFFD")))
	for ; closers > 0; closers-- {
		b.WriteString("</span>")
	}
}

// lineKinds maps the code point offset of each line's start to its kind:
// "headline" for the first line equal to the headline, "heading" for a
// line equal to a section heading, "" otherwise. The store keeps headings
// as strings, not spans, so lines are matched by their text.
func lineKinds(text, headline string, sections []string) map[int]string {
	heads := map[string]bool{}
	for _, s := range sections {
		if s = oneLine(s); s != "" {
			heads[s] = true
		}
	}
	headline = oneLine(headline)
	out := map[int]string{}
	cp := 0
	seenHeadline := false
	for line := range strings.SplitSeq(text, "\n") {
		l := oneLine(line)
		switch {
		case l == "":
		case !seenHeadline && l == headline:
			out[cp] = "headline"
			seenHeadline = true
		case heads[l]:
			out[cp] = "heading"
		}
		cp += utf8.RuneCountInString(line) + 1
	}
	return out
}

// markTerms escapes a statement's text and wraps the words a search
// matched in <mark>: words equal to a searched word, or starting with it
// for a prefix* term, compared as the full-text index does (letters and
// digits, lower case).
func markTerms(text string, terms []store.Term) template.HTML {
	text = strings.ToValidUTF8(text, "\uFFFD")
	words := map[string]bool{}
	var prefixes []string
	for _, t := range terms {
		if t.Not {
			continue
		}
		for i, w := range t.Words {
			if t.Prefix && i == len(t.Words)-1 {
				prefixes = append(prefixes, w)
			} else {
				words[w] = true
			}
		}
	}
	if len(words) == 0 && len(prefixes) == 0 {
		return template.HTML(html.EscapeString(text))
	}
	match := func(w string) bool {
		w = strings.ToLower(w)
		if words[w] {
			return true
		}
		for _, p := range prefixes {
			if strings.HasPrefix(w, p) {
				return true
			}
		}
		return false
	}
	var b strings.Builder
	start := -1 // start of the current word, in bytes
	flush := func(end int) {
		w := text[start:end]
		if match(w) {
			b.WriteString("<mark>" + html.EscapeString(w) + "</mark>")
		} else {
			b.WriteString(html.EscapeString(w))
		}
		start = -1
	}
	last := 0
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			if start < 0 {
				b.WriteString(html.EscapeString(text[last:i]))
				start = i
			}
			continue
		}
		if start >= 0 {
			flush(i)
			last = i
		}
	}
	if start >= 0 {
		flush(len(text))
	} else {
		b.WriteString(html.EscapeString(text[last:]))
	}
	return template.HTML(b.String())
}
