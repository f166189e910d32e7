package token

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence is a half-open range [Start, End) of indices into the tokens it
// was found in.
type Sentence struct {
	Start, End int32
}

// starters.txt lists the capitalised words that begin sentences and rarely
// appear capitalised inside one (The, But, He), mined from Stanford
// CoreNLP's sentences of the PolNeAR training split (see TestMineLists).
// After an abbreviation that may end a sentence ("in the U.S. He said"),
// only such a word starts a new one ("U.S. Senate" does not).
//
//go:embed starters.txt
var startersTxt string

var starters = map[string]bool{}

func init() {
	for _, line := range strings.Split(startersTxt, "\n") {
		if w := strings.TrimSpace(line); w != "" && w[0] != '#' {
			starters[w] = true
		}
	}
}

// Sentences appends to dst the sentences of text, already cut into toks by
// Tokenize, and returns the extended slice. The sentences cover the tokens
// in order, without gaps.
//
// A line break always ends a sentence: readers put each paragraph, heading
// and dateline on a line of its own. Inside a line a sentence ends at . ! ?
// together with the closing quote marks and brackets that follow
// (`order." Peskov said` stays one sentence up to the comma-less quote; a
// comma inside quotes does not end one), at an abbreviation followed by a
// word that starts sentences ("in the U.S. He said"), and at an ellipsis
// followed by one. Titles (Mr. Sen. Gov.) never end a sentence; ! and ?
// do not before a lowercase word ("Why?" he asked).
func Sentences(text string, toks []Token, dst []Sentence) []Sentence {
	if len(toks) == 0 {
		return dst
	}
	start := 0
	term := terminal(text, toks[0])
	for i := 1; i < len(toks); i++ {
		if lineBreak(text, toks[i-1].End, toks[i].Start) {
			dst = append(dst, Sentence{int32(start), int32(i)})
			start, term = i, terminal(text, toks[i])
			continue
		}
		if term != notTerminal {
			if closesSentence(text, toks, i) {
				continue
			}
			if splitBefore(text, toks, i, term) {
				dst = append(dst, Sentence{int32(start), int32(i)})
				start = i
			}
		}
		term = terminal(text, toks[i])
		if i == start && term == ellipsis { // ". ... He": the ellipsis opens a sentence
			term = notTerminal
		}
	}
	return append(dst, Sentence{int32(start), int32(len(toks))})
}

type terminalKind uint8

const (
	notTerminal terminalKind = iota
	period                   // .
	bang                     // ! ? !!! ?!
	ellipsis                 // ... … . . .
	abbrev                   // U.S. Inc. J. etc.
)

// terminal classifies a token that may end a sentence.
func terminal(text string, t Token) terminalKind {
	w, ok := slice(text, t)
	if !ok || w == "" {
		return notTerminal
	}
	switch t.Kind {
	case Punct:
		switch {
		case w == ".":
			return period
		case w[0] == '!' || w[0] == '?':
			return bang
		case w[0] == '.' || w == "…":
			return ellipsis
		}
	case Word:
		if len(w) > 1 && w[len(w)-1] == '.' {
			base := w[:len(w)-1]
			if k := strings.LastIndexByte(base, '-'); k >= 0 {
				base = base[k+1:]
			}
			if abbrevs[base]&title != 0 {
				return notTerminal
			}
			return abbrev
		}
	}
	return notTerminal
}

// splitBefore decides whether token i starts a new sentence after a
// terminal of kind term (and perhaps closing marks).
func splitBefore(text string, toks []Token, i int, term terminalKind) bool {
	t := toks[i]
	w, ok := slice(text, t)
	if !ok || w == "" {
		return false
	}
	switch t.Kind {
	case Punct:
		switch {
		case w[0] == '(' || w[0] == '[' || w[0] == '{':
			return term == period || term == bang
		case term == period && (strings.HasPrefix(w, "..") || w == "…"):
			return true
		}
		return false
	case Quote:
		if QuoteSide(text, toks, i) != Open {
			return false
		}
		if term == period || term == bang {
			return true
		}
		// After U.S. or ...: look past the opening marks at the word.
		for i++; i < len(toks) && toks[i].Kind == Quote; i++ {
		}
		if i < len(toks) && toks[i].Kind == Word {
			w, _ := slice(text, toks[i])
			return starters[w]
		}
		return false
	case Word:
		switch term {
		case period:
			return true
		case bang:
			return !startsLower(w)
		default:
			return starters[w]
		}
	}
	return term == period || term == bang
}

// closesSentence reports whether token i is a closing quote mark or
// bracket, which stays with the sentence its terminal ended.
func closesSentence(text string, toks []Token, i int) bool {
	switch toks[i].Kind {
	case Punct:
		w, _ := slice(text, toks[i])
		return w == ")" || w == "]" || w == "}"
	case Quote:
		return QuoteSide(text, toks, i) == Close
	}
	return false
}

// Side says whether a quote mark opens or closes a quotation.
type Side int8

const (
	Unknown Side = iota
	Open
	Close
)

func (s Side) String() string {
	switch s {
	case Open:
		return "Open"
	case Close:
		return "Close"
	}
	return "Unknown"
}

// QuoteSide says whether toks[i], a Quote, opens or closes a quotation.
// Curly and angle marks say it themselves (“ ‘ « „ ‚ ‹ open, ” ’ » ›
// close); straight marks and the doubled ” some outlets print for both
// are judged by their spacing: glued to the word after and spaced from the
// one before, a mark opens; glued to the one before, it closes.
func QuoteSide(text string, toks []Token, i int) Side {
	if i < 0 || i >= len(toks) || toks[i].Kind != Quote {
		return Unknown
	}
	w, ok := slice(text, toks[i])
	if !ok || w == "" {
		return Unknown
	}
	r, _ := utf8.DecodeRuneInString(w)
	switch r {
	case '“', '‘', '«', '„', '‚', '‹', '‟', '‛', '〝':
		return Open
	case '”', '’', '»', '›', '〞':
		return Close
	case '`':
		return Open
	}
	t := toks[i]
	gluedBefore := i > 0 && toks[i-1].End == t.Start
	gluedAfter := i+1 < len(toks) && toks[i+1].Start == t.End
	switch {
	case !gluedBefore && gluedAfter:
		return Open
	case gluedBefore && !gluedAfter:
		return Close
	case gluedBefore && gluedAfter:
		p, _ := slice(text, toks[i-1])
		switch toks[i-1].Kind {
		case Punct:
			switch p {
			case "(", "[", "{", ":", "—", "–", "--":
				return Open
			}
		case Quote: // “"Yes (but not the other way round, which the switch above settles)
			if r, _ := utf8.DecodeRuneInString(p); strings.ContainsRune("“‘«„‚‹‟‛〝`", r) {
				return Open
			}
		}
		return Close
	}
	if i == 0 {
		return Open
	}
	return Unknown
}

// lineBreak reports whether text[a:b] holds a line or paragraph break.
func lineBreak(text string, a, b int32) bool {
	if a < 0 {
		a = 0
	}
	if int(b) > len(text) {
		b = int32(len(text))
	}
	for k := a; k < b; k++ {
		switch text[k] {
		case '\n', '\r', '\v', '\f':
			return true
		case 0xE2: // U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR
			if k+2 < b && text[k+1] == 0x80 && (text[k+2] == 0xA8 || text[k+2] == 0xA9) {
				return true
			}
		}
	}
	return false
}

// slice returns the text of t, or false when t does not lie in text (the
// caller's tokens may come from elsewhere).
func slice(text string, t Token) (string, bool) {
	if t.Start < 0 || t.End < t.Start || int(t.End) > len(text) {
		return "", false
	}
	return text[t.Start:t.End], true
}

func startsLower(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLower(r)
}
