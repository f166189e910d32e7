package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/perceptron"
	"github.com/saywho/saywho/quote"
	"github.com/saywho/saywho/tag"
	"github.com/saywho/saywho/token"
)

// doc is one article under analysis: its text and the layers the pipeline
// adds, indexed by token. Offsets inside are bytes (tokens slice the text
// directly); they become code point Spans only when statements are built.
type doc struct {
	art   *saywho.Article
	text  string
	rt    *saywho.Text
	toks  []token.Token
	sents []token.Sentence
	pos   []tag.POS
	ner   []tag.NER

	sentOf []int32 // token -> sentence
	paraOf []int32 // token -> paragraph (line)
	lower  []string

	quotes []quote.Quote
	// quoteOf is, per token, the index of the outermost quote it lies in
	// (marks included), or -1.
	quoteOf []int32
	// qtok are the token ranges [start, end) of each quote, marks included.
	qtok [][2]int

	mentions []mention
	entities []entity

	// wh and sh are hashes of each token's lower-cased word and its
	// stem, which features mix in instead of the strings.
	wh, sh []uint64
	// sentQuotes holds, per sentence, the first and last quote mark
	// tokens, or -1.
	sentQuotes [][2]int32

	// argTok caches the argument model's scores of each token's
	// cue-independent features, per side of a cue (see argTokenScores).
	argTok      []float32
	argTokDone  []uint8
	argTokModel *perceptron.Model // the model the cache holds scores of

	// scratch buffers, reused for every sentence and cue of the document
	feats  []perceptron.Feature // argTokenScores's
	flat   []perceptron.Feature // decodeCues' and modelArguments'
	emit   []float32            // label scores of a sentence or a window
	labs   []int                // its labels
	prefix []int32
}

func newDoc(a *saywho.Article, tg *tag.Tagger) *doc {
	d := &doc{art: a, text: a.Text, rt: saywho.NewText(a.Text)}
	d.toks = token.Tokenize(d.text, make([]token.Token, 0, len(d.text)/5+8))
	d.sents = token.Sentences(d.text, d.toks, make([]token.Sentence, 0, len(d.toks)/20+4))
	n := len(d.toks)
	d.pos = make([]tag.POS, n)
	d.ner = make([]tag.NER, n)
	tg.Tag(d.text, d.toks, d.sents, d.pos, d.ner)

	d.sentOf = make([]int32, n)
	for si, s := range d.sents {
		for i := s.Start; i < s.End; i++ {
			d.sentOf[i] = int32(si)
		}
	}
	d.paraOf = make([]int32, n)
	para := int32(0)
	for i := range d.toks {
		if i > 0 && strings.IndexByte(d.text[d.toks[i-1].End:d.toks[i].Start], '\n') >= 0 {
			para++
		}
		d.paraOf[i] = para
	}
	d.lower = make([]string, n)
	for i, t := range d.toks {
		d.lower[i] = lowerWord(d.text[t.Start:t.End])
	}

	d.wh = make([]uint64, n)
	d.sh = make([]uint64, n)
	for i, w := range d.lower {
		d.wh[i] = hashString(w)
		d.sh[i] = hashString(stem(w))
	}
	d.sentQuotes = make([][2]int32, len(d.sents))
	for si, s := range d.sents {
		d.sentQuotes[si] = [2]int32{-1, -1}
		for i := s.Start; i < s.End; i++ {
			if d.toks[i].Kind == token.Quote {
				if d.sentQuotes[si][0] < 0 {
					d.sentQuotes[si][0] = i
				}
				d.sentQuotes[si][1] = i
			}
		}
	}

	d.quotes = quote.Scan(d.text)
	d.quoteOf = make([]int32, n)
	for i := range d.quoteOf {
		d.quoteOf[i] = -1
	}
	d.qtok = make([][2]int, len(d.quotes))
	for qi, q := range d.quotes {
		a := d.tokenAt(q.Start)
		b := d.tokenAt(q.End - 1)
		if a < 0 || b < 0 {
			d.qtok[qi] = [2]int{0, 0}
			continue
		}
		d.qtok[qi] = [2]int{a, b + 1}
		if q.Depth > 0 {
			continue
		}
		for i := a; i <= b; i++ {
			if d.quoteOf[i] < 0 {
				d.quoteOf[i] = int32(qi)
			}
		}
	}
	return d
}

func (d *doc) wordHash(i int) int { return int(d.wh[i]) }
func (d *doc) stemHash(i int) int { return int(d.sh[i]) }

// hashString is FNV-1a of s.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// tokenAt returns the index of the token holding byte offset b, or the
// first token after it, or -1 past the last token.
func (d *doc) tokenAt(b int) int {
	lo, hi := 0, len(d.toks)
	for lo < hi {
		m := (lo + hi) / 2
		if int(d.toks[m].End) <= b {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo >= len(d.toks) {
		return -1
	}
	return lo
}

// word returns the text of token i.
func (d *doc) word(i int) string { return d.text[d.toks[i].Start:d.toks[i].End] }

// span converts the token range [a, b) to a code point Span.
func (d *doc) span(a, b int) saywho.Span {
	if a >= b || a < 0 || b > len(d.toks) {
		return saywho.Span{}
	}
	return d.rt.SpanOf(int(d.toks[a].Start), int(d.toks[b-1].End))
}

// textOf returns the text of tokens [a, b), with the spaces between them.
func (d *doc) textOf(a, b int) string {
	if a >= b {
		return ""
	}
	return d.text[d.toks[a].Start:d.toks[b-1].End]
}

// sent returns the token range of the sentence holding token i.
func (d *doc) sent(i int) (int, int) {
	s := d.sents[d.sentOf[i]]
	return int(s.Start), int(s.End)
}

func (d *doc) isPunct(i int, s string) bool {
	return i >= 0 && i < len(d.toks) && d.toks[i].Kind == token.Punct && d.word(i) == s
}

func (d *doc) isQuoteMark(i int) bool {
	return i >= 0 && i < len(d.toks) && d.toks[i].Kind == token.Quote
}

// capitalised reports whether token i starts with an upper-case letter.
func (d *doc) capitalised(i int) bool {
	r, _ := utf8.DecodeRuneInString(d.word(i))
	return unicode.IsUpper(r)
}

// lowerWord lower-cases w, allocating only when it has upper-case letters,
// and folds curly apostrophes to straight ones so that lexicons need one
// spelling.
func lowerWord(w string) string {
	clean := true
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' || c >= utf8.RuneSelf {
			clean = false
			break
		}
	}
	if clean {
		return w
	}
	return strings.ReplaceAll(strings.ToLower(w), "’", "'")
}
