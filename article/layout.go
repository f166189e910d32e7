package article

import (
	"strings"
	"unicode"
	"unicode/utf8"

	saywho "github.com/saywho/saywho"
)

// layout is the shape of a text as the readers find it, in byte offsets:
// its paragraphs and which of them are the headline, the dateline and the
// topic headings.
type layout struct {
	paras    [][2]int // [start, end) byte ranges, trimmed of white space, in order
	headline int      // index into paras, or -1
	dateline int      // index into paras, or -1
	headings []int    // indexes into paras, ascending
	pub, upd stamp    // read from the dateline
}

// article builds an Article over text with the layout's spans in code
// points. Paragraphs include the headline, the dateline and the headings:
// every line of the text that is not blank is in exactly one paragraph, so
// that the extractor can tell where one ends and the next begins without
// knowing what kind of line it is; Headline, Dateline and Sections say
// which ones are not running text.
func (l *layout) article(text string) *saywho.Article {
	t := saywho.NewText(text)
	a := &saywho.Article{Text: text}
	span := func(i int) saywho.Span { return t.SpanOf(l.paras[i][0], l.paras[i][1]) }
	for i := range l.paras {
		a.Paragraphs = append(a.Paragraphs, span(i))
	}
	if l.headline >= 0 {
		a.Headline = span(l.headline)
		a.Title = cleanLine(text[l.paras[l.headline][0]:l.paras[l.headline][1]])
	}
	if l.dateline >= 0 {
		a.Dateline = span(l.dateline)
	}
	// A section's body runs from the end of its heading to the start of
	// the next heading, or the end of the text, so that every offset after
	// the first heading belongs to one section.
	for k, h := range l.headings {
		hs := span(h)
		end := t.Len()
		if k+1 < len(l.headings) {
			end = span(l.headings[k+1]).Start
		}
		a.Sections = append(a.Sections, saywho.Section{Heading: hs, Body: saywho.Span{Start: hs.End, End: end}})
	}
	return a
}

// splitParagraphs finds the paragraphs of a plain text. The house format is
// one paragraph a line. A text that separates paragraphs with blank lines
// and whose lines are all short (at most maxWrap code points) is taken as
// hard-wrapped: consecutive lines are one paragraph when the first word of
// the next line would not have fit on the line before, which is how a
// greedy wrap breaks lines; a line that ends early was ended on purpose.
func splitParagraphs(text string) [][2]int {
	type line struct{ start, end, runes int }
	var lines []line
	hasBlank, multi, inBlock, seen := false, false, false, false
	blockLen, width := 0, 0
	for start := 0; start <= len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		a, b := trimSpan(text, start, end)
		if a == b {
			lines = append(lines, line{a, a, 0})
			inBlock, blockLen = false, 0
		} else {
			if !inBlock && seen {
				hasBlank = true // a blank line between two blocks
			}
			seen = true
			n := utf8.RuneCountInString(text[a:b])
			lines = append(lines, line{a, b, n})
			width = max(width, n)
			inBlock = true
			blockLen++
			if blockLen > 1 {
				multi = true
			}
		}
		start = end + 1
	}
	// Wrappers fill lines of 60 to 100 characters; lines all shorter than
	// minWrap are a list, not a wrapped text.
	const minWrap, maxWrap = 50, 120
	wrapped := hasBlank && multi && width >= minWrap && width <= maxWrap

	var paras [][2]int
	open := false
	for i, ln := range lines {
		if ln.runes == 0 {
			open = false
			continue
		}
		if open && wrapped && joins(text, lines[i-1].runes, text[ln.start:ln.end], width) {
			paras[len(paras)-1][1] = ln.end
			continue
		}
		paras = append(paras, [2]int{ln.start, ln.end})
		open = true
	}
	return paras
}

// joins reports whether a line of the given length was broken by a wrap
// of the given width before next, rather than ended on purpose.
func joins(text string, prevRunes int, next string, width int) bool {
	if startsItem(next) {
		return false
	}
	first := next
	if i := strings.IndexFunc(next, isSpace); i >= 0 {
		first = next[:i]
	}
	// Allow a little slack for wrappers that balance lines rather than
	// fill them.
	return float64(prevRunes+1+utf8.RuneCountInString(first)) > 0.85*float64(width)
}

// startsItem reports a list bullet at the start of a line.
func startsItem(s string) bool {
	for _, p := range []string{"- ", "* ", "• ", "– ", "— "} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// trimSpan narrows [a, b) of s to exclude white space at both ends.
func trimSpan(s string, a, b int) (int, int) {
	for a < b {
		r, n := utf8.DecodeRuneInString(s[a:b])
		if !isSpace(r) {
			break
		}
		a += n
	}
	for b > a {
		r, n := utf8.DecodeLastRuneInString(s[a:b])
		if !isSpace(r) {
			break
		}
		b -= n
	}
	return a, b
}

// layoutText finds the layout of a plain text: paragraphs, then the
// headline, the dateline near the top and the topic headings.
func layoutText(text, metaTitle string) *layout {
	l := &layout{paras: splitParagraphs(text), headline: -1, dateline: -1}
	para := func(i int) string { return text[l.paras[i][0]:l.paras[i][1]] }
	if len(l.paras) > 1 && looksLikeHeadline(para(0), para(1), metaTitle) {
		l.headline = 0
	}
	l.findDateline(text, l.headline+1)
	for i := range l.paras {
		if i == l.headline || i == l.dateline || i == 0 || i == len(l.paras)-1 {
			continue
		}
		prevOK := i-1 == l.dateline || (i-1 != l.headline && endsSentence(para(i-1)))
		if prevOK && isHeading(para(i)) && isBody(para(i+1)) {
			l.headings = append(l.headings, i)
		}
	}
	return l
}

// findDateline looks for the dateline among the first paragraphs from
// index from, stopping at the first long one: a dateline is near the top,
// before the story starts.
func (l *layout) findDateline(text string, from int) {
	for i := from; i < len(l.paras) && i < from+3; i++ {
		p := text[l.paras[i][0]:l.paras[i][1]]
		if pub, upd, ok := parseDateline(p); ok && !strings.Contains(p, "\n") {
			l.dateline, l.pub, l.upd = i, pub, upd
			return
		}
		if utf8.RuneCountInString(p) > 200 {
			return
		}
	}
}

// looksLikeHeadline judges the first paragraph of a text: a short line that
// is not a dateline, and either is the title the source gave, has no final
// punctuation, is written in title case, or is a short sentence before a
// paragraph at least twice its length (sentence-case headlines, to which
// some corpora add a period). A short first line that opens with a quote
// mark is taken for a quote, not a headline, unless in title case.
func looksLikeHeadline(p, next, metaTitle string) bool {
	n := utf8.RuneCountInString(p)
	if strings.Count(p, "\n") > 1 || n > 200 || len(strings.Fields(p)) > 30 {
		return false
	}
	if _, _, ok := parseDateline(p); ok {
		return false
	}
	if metaTitle != "" && matchesTitle(p, metaTitle) {
		return true
	}
	last := lastRune(p)
	if last == ',' || last == ':' {
		return false
	}
	if (!endsSentence(p) && last != ';') || titleCaseRatio(p) >= 0.6 {
		return true
	}
	first, _ := utf8.DecodeRuneInString(p)
	if strings.ContainsRune(`"“”«»„'‘’`, first) {
		return false
	}
	return len(strings.Fields(p)) <= 16 && utf8.RuneCountInString(next) >= 2*n
}

// sameText compares two titles ignoring case, white space and final
// punctuation.
func sameText(a, b string) bool { return normTitle(a) == normTitle(b) }

// matchesTitle reports whether a line is the given title, or the part of
// it before a subtitle (sources often join "Headline; subtitle" in one
// field while the text prints the headline alone), or the reverse.
func matchesTitle(line, title string) bool {
	a, b := normTitle(line), normTitle(title)
	if len(a) > len(b) {
		a, b = b, a
	}
	return a == b || (utf8.RuneCountInString(a) >= 12 && strings.HasPrefix(b, a))
}

func normTitle(s string) string {
	s = strings.ToLower(cleanLine(s))
	return strings.TrimRightFunc(s, func(r rune) bool { return unicode.IsPunct(r) || isSpace(r) })
}

// closers may follow the final punctuation of a sentence.
const closers = `"'”’»)]` + "\u201d\u2019"

// lastRune returns the last rune of s that is not a closing quote or
// bracket.
func lastRune(s string) rune {
	s = strings.TrimRightFunc(s, func(r rune) bool { return isSpace(r) || strings.ContainsRune(closers, r) })
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// endsSentence reports whether a paragraph ends with sentence punctuation,
// closing quotes and brackets aside.
func endsSentence(s string) bool {
	switch lastRune(s) {
	case '.', '!', '?', '…':
		return true
	}
	return false
}

// isBody reports a paragraph of running text: several words ending like a
// sentence, or long.
func isBody(s string) bool {
	n := utf8.RuneCountInString(s)
	return n >= 120 || (len(strings.Fields(s)) >= 6 && endsSentence(s))
}

// minorWords stay lower case in a title-case line.
var minorWords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "but": true, "nor": true,
	"for": true, "so": true, "yet": true, "of": true, "on": true, "in": true, "at": true,
	"to": true, "by": true, "with": true, "from": true, "as": true, "into": true, "onto": true,
	"upon": true, "over": true, "under": true, "about": true, "after": true, "before": true,
	"between": true, "via": true, "per": true, "than": true, "vs": true, "vs.": true, "v.": true,
	"off": true, "out": true, "up": true, "down": true, "de": true, "la": true, "le": true,
	"von": true, "van": true, "der": true, "da": true, "du": true, "des": true, "al": true,
	"is": true, "are": true, "its": true, "amid": true, "against": true, "without": true,
}

// titleCaseRatio is the share of a line's words, minor words aside, that
// start with a capital letter. Words without letters do not count; the
// first word always does.
func titleCaseRatio(s string) float64 {
	caps, words := 0, 0
	for i, w := range strings.Fields(s) {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if w == "" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) {
			continue
		}
		if i > 0 && minorWords[strings.ToLower(w)] {
			continue
		}
		words++
		if unicode.IsUpper(r) {
			caps++
		}
	}
	if words == 0 {
		return 0
	}
	return float64(caps) / float64(words)
}

// boilerStarts open lines that are page furniture, never topic headings.
var boilerStarts = map[string]bool{
	"by": true, "photo": true, "photos": true, "image": true, "images": true, "video": true,
	"watch": true, "read": true, "related": true, "advertisement": true, "click": true,
	"share": true, "follow": true, "subscribe": true, "sign": true, "credit": true,
	"source": true, "sources": true, "copyright": true, "listen": true, "download": true,
	"tags": true, "topics": true, "see": true, "more": true, "also": true, "editing": true,
	"reporting": true, "contact": true, "email": true, "updated": true, "published": true,
}

// isHeading judges one line between paragraphs as a topic subheading:
// short, without final or inner sentence punctuation, without quote marks
// (a quote is never a heading), and in title case or opening with "On"
// as briefing reports do ("On Japan's Unfriendly Actions").
func isHeading(s string) bool {
	if strings.ContainsRune(s, '\n') || utf8.RuneCountInString(s) > 100 {
		return false
	}
	words := strings.Fields(s)
	if len(words) < 2 || len(words) > 14 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(first) && !unicode.IsDigit(first) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	if unicode.IsPunct(last) && last != ')' {
		return false
	}
	if strings.ContainsAny(s, "\"“”«»„‹›[]{}|•@#") {
		return false
	}
	for _, sep := range []string{". ", "? ", "! ", "; ", " - ", "… "} {
		if strings.Contains(s, sep) {
			return false
		}
	}
	// Single quotes count as quote marks where they stand at a word's edge;
	// inside a word they are apostrophes (Japan's).
	for _, w := range words {
		if r, _ := utf8.DecodeRuneInString(w); r == '\'' || r == '‘' || r == '’' {
			return false
		}
		if r, _ := utf8.DecodeLastRuneInString(w); r == '\'' || r == '‘' || r == '’' {
			return false
		}
	}
	lead := strings.ToLower(strings.TrimFunc(words[0], func(r rune) bool { return !unicode.IsLetter(r) }))
	if boilerStarts[lead] {
		return false
	}
	if _, _, ok := parseDateline(s); ok {
		return false
	}
	if lead == "on" {
		return true
	}
	return titleCaseRatio(s) >= 0.75
}
