// Package token splits text into tokens and sentences the way the tagger
// learnt them: close to the Penn Treebank conventions of Stanford CoreNLP,
// whose analysis of the PolNeAR training articles taught the tagger.
//
// Tokens are byte ranges, not strings: slicing the text on the hot path
// costs nothing, and callers convert to code points (saywho.Text) only for
// output. Both Tokenize and Sentences append to a caller's slice and never
// allocate per token, and neither panics on any input, invalid UTF-8
// included.
package token

import (
	"math"
	"unicode"
	"unicode/utf8"
)

// Kind is the broad class of a token, decided from its characters alone.
type Kind uint8

const (
	// Word is letters, possibly with digits, inner hyphens or apostrophes
	// (US-made, O'Malley), a clitic ('s, n't, 're, 'll, 've, 'd, 'm) or an
	// abbreviation with its period (Mr., U.S., p.m.).
	Word Kind = iota + 1
	// Number starts with a digit and holds only digits and the separators
	// , . : / - between digits: 100,000  22.94  9/11  6:01.
	Number
	// Punct is sentence and clause punctuation: . , ; : ! ? ... … ( ) [ ]
	// { } and dashes (- -- – —).
	Punct
	// Quote is any quote mark: " “ ” ‘ ’ ' « » „ ‚ ‹ › ` and the doubled
	// `` and '' some outlets print. An apostrophe inside a word is not a
	// Quote; a lone ’ after a word (voters’) is, as the tokenizer cannot
	// tell a possessive from a closing single quote.
	Quote
	// Symbol is any other single character: $ % & # @ + = / © € ... and
	// bytes that are not valid UTF-8 when they stand alone.
	Symbol
	// URL is a web address (http://..., www..., example.com/path) or an
	// e-mail address.
	URL
	// Handle is a social media @handle or #hashtag.
	Handle
	// Markup is an HTML or XML tag left in the text (<tweet .../>).
	Markup
)

var kindNames = [...]string{"", "Word", "Number", "Punct", "Quote", "Symbol", "URL", "Handle", "Markup"}

func (k Kind) String() string {
	if int(k) < len(kindNames) && k != 0 {
		return kindNames[k]
	}
	return "Kind(?)"
}

// Token is a half-open range [Start, End) of byte offsets into the text it
// was cut from. Spaces are never tokens.
type Token struct {
	Start, End int32
	Kind       Kind
}

// Text returns the token's characters in text, the string it was cut from.
func (t Token) Text(text string) string { return text[t.Start:t.End] }

// MaxLen is the longest text Tokenize reads: offsets are int32. Bytes past
// it are ignored.
const MaxLen = math.MaxInt32

// character classes of ASCII bytes
const (
	cSpace uint8 = 1 << iota
	cLower
	cUpper
	cDigit
	cAlpha = cLower | cUpper
	cAlnum = cAlpha | cDigit
)

var ascii [utf8.RuneSelf]uint8

func init() {
	for c := 0; c < utf8.RuneSelf; c++ {
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c < ' ' || c == 0x7f:
			ascii[c] = cSpace
		case 'a' <= c && c <= 'z':
			ascii[c] = cLower
		case 'A' <= c && c <= 'Z':
			ascii[c] = cUpper
		case '0' <= c && c <= '9':
			ascii[c] = cDigit
		}
	}
}

// class returns the ASCII class of s[i], or 0 past the end or for
// non-ASCII bytes.
func class(s string, i int) uint8 {
	if i < len(s) && s[i] < utf8.RuneSelf {
		return ascii[s[i]]
	}
	return 0
}

// isWordRune reports whether r continues a word: letters, marks, digits.
// A byte that is not valid UTF-8 counts as a letter, so that mis-decoded
// Latin-1 words stay whole.
func isWordRune(r rune, size int) bool {
	if r == utf8.RuneError && size <= 1 {
		return true
	}
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || r == 0xAD // soft hyphen
}

// wordAt reports whether a word character starts at s[i].
func wordAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	if c := s[i]; c < utf8.RuneSelf {
		return ascii[c]&cAlnum != 0
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	return r != 0xAD && isWordRune(r, size)
}

// wordBefore reports whether the rune ending at s[i] (exclusive) is a word
// character.
func wordBefore(s string, i int) bool {
	if i <= 0 {
		return false
	}
	if c := s[i-1]; c < utf8.RuneSelf {
		return ascii[c]&cAlnum != 0
	}
	r, size := utf8.DecodeLastRuneInString(s[:i])
	return isWordRune(r, size)
}

func isSpaceRune(r rune) bool {
	switch r {
	case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0xAD:
		return true
	}
	return unicode.IsSpace(r) || unicode.IsControl(r)
}

func isQuoteRune(r rune) bool {
	switch r {
	case '“', '”', '‘', '’', '„', '‚', '«', '»', '‹', '›', '‟', '‛', '〝', '〞', '＂':
		return true
	}
	return false
}

func isDashRune(r rune) bool {
	switch r {
	case '‐', '‑', '‒', '–', '—', '―', '⸺', '⸻', '−':
		return true
	}
	return false
}

// Tokenize appends the tokens of text to dst and returns the extended
// slice. It reads at most MaxLen bytes.
func Tokenize(text string, dst []Token) []Token {
	if len(text) > MaxLen {
		text = text[:MaxLen]
	}
	s := text
	n := len(s)
	emit := func(a, b int, k Kind) {
		dst = append(dst, Token{int32(a), int32(b), k})
	}
	i := 0
	for i < n {
		c := s[i]
		if c < utf8.RuneSelf {
			cl := ascii[c]
			switch {
			case cl&cSpace != 0:
				i++
			case cl&cAlpha != 0:
				if (c|0x20 == 'h' || c|0x20 == 'w' || c|0x20 == 'f') && n-i > 4 {
					if j := scanURL(s, i); j > i {
						emit(i, j, URL)
						i = j
						continue
					}
				}
				j, k := scanWord(s, i)
				if m := fused(s[i:j]); m > 0 {
					emit(i, i+m, Word)
					i += m
				}
				emit(i, j, k)
				i = j
			case cl&cDigit != 0:
				j, k := scanWord(s, i)
				emit(i, j, k)
				i = j
			default:
				i = punct(s, i, emit)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '’':
			i = apostrophe(s, i, size, emit)
		case isWordRune(r, size) && r != 0xAD:
			j, k := scanWord(s, i)
			emit(i, j, k)
			i = j
		case isSpaceRune(r):
			i += size
		case isQuoteRune(r):
			emit(i, i+size, Quote)
			i += size
		case isDashRune(r):
			j := i + size
			for j < n {
				r2, sz := utf8.DecodeRuneInString(s[j:])
				if r2 != r {
					break
				}
				j += sz
			}
			emit(i, j, Punct)
			i = j
		case r == '…':
			emit(i, i+size, Punct)
			i += size
		case unicode.IsPunct(r):
			emit(i, i+size, Punct)
			i += size
		default:
			emit(i, i+size, Symbol)
			i += size
		}
	}
	return dst
}

// punct cuts the token that starts with the ASCII non-alphanumeric,
// non-space byte s[i] and returns the offset after it.
func punct(s string, i int, emit func(a, b int, k Kind)) int {
	n := len(s)
	c := s[i]
	run := func(c byte) int { // end of the run of c starting at i
		j := i + 1
		for j < n && s[j] == c {
			j++
		}
		return j
	}
	switch c {
	case '.':
		if i+4 < n && s[i:i+5] == ". . ." {
			emit(i, i+5, Punct)
			return i + 5
		}
		if class(s, i+1)&cDigit != 0 && !wordBefore(s, i) { // .5
			j, _ := scanWord(s, i+1)
			emit(i, j, Number)
			return j
		}
		j := run('.')
		emit(i, j, Punct)
		return j
	case '!', '?':
		j := i + 1
		for j < n && (s[j] == '!' || s[j] == '?') {
			j++
		}
		emit(i, j, Punct)
		return j
	case '-':
		j := run('-')
		emit(i, j, Punct)
		return j
	case ',', ';', ':', '(', ')', '[', ']', '{', '}':
		emit(i, i+1, Punct)
		return i + 1
	case '"':
		emit(i, i+1, Quote)
		return i + 1
	case '`':
		j := i + 1
		if j < n && s[j] == '`' {
			j++
		}
		emit(i, j, Quote)
		return j
	case '\'':
		return apostrophe(s, i, 1, emit)
	case '@', '#':
		j := i + 1
		digits := true
		for j < n {
			if s[j] < utf8.RuneSelf {
				if ascii[s[j]]&cAlnum != 0 || s[j] == '_' {
					if ascii[s[j]]&cDigit == 0 {
						digits = false
					}
					j++
					continue
				}
				break
			}
			if c == '#' && wordAt(s, j) {
				_, sz := utf8.DecodeRuneInString(s[j:])
				j += sz
				digits = false
				continue
			}
			break
		}
		if j > i+1 && (c == '@' || !digits) { // #2 is a symbol and a number
			emit(i, j, Handle)
			return j
		}
	case '<':
		if j := scanMarkup(s, i); j > i {
			emit(i, j, Markup)
			return j
		}
	case '_', '*', '=', '~':
		j := run(c)
		emit(i, j, Symbol)
		return j
	}
	emit(i, i+1, Symbol)
	return i + 1
}

// apostrophe cuts the token starting with the apostrophe or single quote
// of the given size at s[i]: a clitic glued to the word before ('s, ’re),
// a word with a leading apostrophe ('80s, ’em), the doubled quote ”, or
// a lone quote mark.
func apostrophe(s string, i, size int, emit func(a, b int, k Kind)) int {
	j := i + size
	if wordBefore(s, i) {
		if k := clitic(s, j); k > j {
			emit(i, k, Word)
			return k
		}
	} else if k := leadingApostrophe(s, j); k > j {
		emit(i, k, Word)
		return k
	}
	if size == 1 && j < len(s) && s[j] == '\'' {
		emit(i, j+1, Quote)
		return j + 1
	}
	emit(i, j, Quote)
	return j
}

// clitic returns the end of a clitic whose letters start at s[j] (just
// after its apostrophe), or j when there is none: s re ll ve d m, in any
// case, not followed by another word character.
func clitic(s string, j int) int {
	k := j
	for k < len(s) && k-j < 3 && class(s, k)&cAlpha != 0 {
		k++
	}
	if k == j || wordAt(s, k) {
		return j
	}
	switch lower2(s[j:k]) {
	case "s", "re", "ll", "ve", "d", "m":
		return k
	}
	return j
}

// lower2 lowercases a short ASCII string without allocating for the cases
// clitic compares.
func lower2(w string) string {
	switch len(w) {
	case 1:
		switch w[0] | 0x20 {
		case 's':
			return "s"
		case 'd':
			return "d"
		case 'm':
			return "m"
		case 't':
			return "t"
		}
	case 2:
		a, b := w[0]|0x20, w[1]|0x20
		switch {
		case a == 'r' && b == 'e':
			return "re"
		case a == 'l' && b == 'l':
			return "ll"
		case a == 'v' && b == 'e':
			return "ve"
		}
	}
	return w
}

// leadingApostrophe returns the end of a word written with a leading
// apostrophe whose rest starts at s[j] ('80s, '16, 'em, 'cause, 'til), or
// j when there is none.
func leadingApostrophe(s string, j int) int {
	k := j
	for k < len(s) && class(s, k)&cAlnum != 0 {
		k++
	}
	if k == j || wordAt(s, k) {
		return j
	}
	w := s[j:k]
	if len(w) == 2 && class(w, 0)&cDigit != 0 && class(w, 1)&cDigit != 0 {
		return k
	}
	if len(w) == 3 && class(w, 0)&cDigit != 0 && class(w, 1)&cDigit != 0 && w[2] == 's' {
		return k
	}
	switch w {
	case "em", "cause", "til", "tis", "twas", "n":
		return k
	}
	return j
}

// scanWord returns the end of the word or number starting at s[start]
// and its kind. It keeps inner hyphens (US-made), apostrophes of names
// (O'Malley) but not clitics (do|n't, Peskov|'s), number separators
// (100,000 22.94 9/11), abbreviations and acronyms with their periods (Mr.
// U.S. p.m.), domain names (breitbart.com) and e-mail addresses.
func scanWord(s string, start int) (int, Kind) {
	n := len(s)
	i := start
	seg := start // start of the current hyphen-separated segment
	letters := false
	for {
		for i < n {
			c := s[i]
			if c < utf8.RuneSelf {
				cl := ascii[c]
				if cl&cAlnum == 0 {
					break
				}
				if cl&cAlpha != 0 {
					letters = true
				}
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if !isWordRune(r, size) {
				break
			}
			if !unicode.IsDigit(r) {
				letters = true
			}
			i += size
		}
		kind := Word
		if !letters && class(s, start)&cDigit != 0 {
			kind = Number
		}
		if i >= n {
			return i, kind
		}
		switch c := s[i]; c {
		case '-':
			if wordAt(s, i+1) {
				i++
				seg = i
				continue
			}
		case '/':
			if class(s, i-1)&cAlnum != 0 && class(s, i+1)&cAlnum != 0 { // 9/11 and/or Reuters/Ipsos
				i++
				continue
			}
		case ',', ':':
			if class(s, i-1)&cDigit != 0 && class(s, i+1)&cDigit != 0 {
				i++
				continue
			}
		case '&':
			if class(s, i-1)&cUpper != 0 && class(s, i+1)&cUpper != 0 {
				i++
				continue
			}
		case '@':
			if j := scanEmail(s, start); j > 0 {
				return j, URL
			}
		case '\'':
			if j, ok := innerApostrophe(s, start, i, 1); ok {
				i = j
				continue
			} else if j > i {
				return j, Word
			} else if j < i {
				return j, kind
			}
		case 0xE2: // ’ is E2 80 99; ‐ ‑ are E2 80 90/91
			if i+2 < n && s[i+1] == 0x80 {
				switch s[i+2] {
				case 0x99:
					if j, ok := innerApostrophe(s, start, i, 3); ok {
						i = j
						continue
					} else if j > i {
						return j, Word
					} else if j < i {
						return j, kind
					}
				case 0x90, 0x91:
					if wordAt(s, i+3) {
						i += 3
						seg = i
						continue
					}
				}
			}
		case '.':
			if class(s, i-1)&cDigit != 0 && class(s, i+1)&cDigit != 0 {
				i++
				continue
			}
			if j := acronym(s, seg); j > i {
				i = j
				if i < n && s[i] == '-' && wordAt(s, i+1) {
					i++
					seg = i
					continue
				}
				return i, Word
			}
			if wordAt(s, i+1) {
				if j := scanEmail(s, start); j > 0 {
					return j, URL
				}
				if j := scanDomain(s, start, i); j > 0 {
					return j, URL
				}
			}
			if isAbbrev(s, seg, i) {
				return i + 1, Word
			}
		}
		return i, kind
	}
}

// fused returns where the Penn Treebank splits a fused word (can|not,
// gon|na, wan|na, got|ta), or 0.
func fused(w string) int {
	if len(w) != 5 && len(w) != 6 {
		return 0
	}
	var b [6]byte
	for k := 0; k < len(w); k++ {
		b[k] = w[k] | 0x20
	}
	switch string(b[:len(w)]) {
	case "cannot":
		return 3
	case "gonna", "wanna", "gotta":
		return 3
	}
	return 0
}

// innerApostrophe decides what an apostrophe of the given size at s[i],
// inside the word that starts at s[start], does. ok: the apostrophe is
// part of the word, which goes on at j (O'Malley, ma'am). Otherwise the
// word ends at j: before the apostrophe (j == i) for a clitic or a
// closing quote, before the n of n't (j < i), or after the t of a word
// that is just n't (j > i).
func innerApostrophe(s string, start, i, size int) (j int, ok bool) {
	a := i + size
	if class(s, a)&cAlpha == 0 {
		if a < len(s) && s[a] >= utf8.RuneSelf && wordAt(s, a) {
			return a, true // d’Éclat
		}
		return i, false
	}
	if k := clitic(s, a); k > a {
		return i, false
	}
	k := a
	for k < len(s) && class(s, k)&cAlpha != 0 {
		k++
	}
	if k-a == 1 && s[a]|0x20 == 't' && !wordAt(s, k) && i > start && s[i-1]|0x20 == 'n' {
		if i-1 == start {
			return k, false // the word is n't itself
		}
		return i - 1, false // do|n't
	}
	return a, true
}

// acronym returns the end of an acronym starting at s[i] — groups of one
// or two letters each followed by a period, at least two groups (U.S.
// p.m. Ph.D. F.B.I.; a final single letter may lack its period: U.S, p.m)
// — or i when there is none.
func acronym(s string, i int) int {
	groups := 0
	end := i
	p := i
	for {
		l := 0
		for l < 3 && class(s, p+l)&cAlpha != 0 {
			l++
		}
		if l == 0 || l > 2 {
			break
		}
		if p+l < len(s) && s[p+l] == '.' {
			groups++
			p += l + 1
			end = p
			continue
		}
		if l == 1 && groups >= 1 && !wordAt(s, p+l) {
			groups++
			end = p + l
		}
		break
	}
	if groups < 2 {
		return i
	}
	return end
}

// isAbbrev reports whether the letters s[a:b], followed by a period at
// s[b], form an abbreviation that keeps its period: a known one (Mr, Sen,
// Calif) or a single capital, an initial (J. Edgar).
func isAbbrev(s string, a, b int) bool {
	if b-a == 1 && class(s, a)&cUpper != 0 {
		return true
	}
	if b-a > maxAbbrevLen {
		return false
	}
	f, ok := abbrevs[s[a:b]]
	if !ok {
		return false
	}
	if f&beforeNumber != 0 { // No. 1, but not "said no."
		j := b + 1
		for j < len(s) && s[j] == ' ' {
			j++
		}
		return class(s, j)&cDigit != 0
	}
	return true
}

// scanEmail returns the end of an e-mail address starting at s[i], or 0.
func scanEmail(s string, i int) int {
	j := i
	for j < len(s) && (class(s, j)&cAlnum != 0 || s[j] == '.' || s[j] == '_' || s[j] == '%' || s[j] == '+' || s[j] == '-') {
		j++
	}
	if j == i || j >= len(s) || s[j] != '@' {
		return 0
	}
	end, dots := hostname(s, j+1)
	if dots == 0 {
		return 0
	}
	return end
}

// hostname returns the end of the dot-separated labels starting at s[i]
// and the number of dots between them; a trailing dot is not included.
func hostname(s string, i int) (end, dots int) {
	end = i
	for {
		j := end
		for j < len(s) && (class(s, j)&cAlnum != 0 || s[j] == '-') {
			j++
		}
		if j == end {
			break
		}
		end = j
		if j+1 < len(s) && s[j] == '.' && class(s, j+1)&cAlnum != 0 {
			end = j + 1
			dots++
			continue
		}
		break
	}
	if end > i && s[end-1] == '.' {
		end--
		dots--
	}
	return end, dots
}

// scanDomain returns the end of a domain name (with its path, if any)
// starting at s[start], whose first period is at s[dot], or 0 when the
// last label is not a known top-level domain: breitbart.com is a token,
// "Republicans.The" is three.
func scanDomain(s string, start, dot int) int {
	end, dots := hostname(s, start)
	if dots == 0 || end <= dot {
		return 0
	}
	last := end
	for last > start && s[last-1] != '.' {
		last--
	}
	if !tlds[s[last:end]] {
		return 0
	}
	if end < len(s) && s[end] == '/' {
		end = urlEnd(s, end)
	}
	return end
}

// scanURL returns the end of a URL starting at s[i] with a scheme or
// "www.", or i.
func scanURL(s string, i int) int {
	rest := s[i:]
	switch {
	case hasPrefixFold(rest, "http://"), hasPrefixFold(rest, "https://"), hasPrefixFold(rest, "ftp://"):
	case hasPrefixFold(rest, "www.") && class(rest, 4)&cAlnum != 0:
	default:
		return i
	}
	return urlEnd(s, i)
}

// urlEnd returns the end of a URL running from s[i]: up to a space, a
// quote mark or an angle bracket, without trailing sentence punctuation.
func urlEnd(s string, i int) int {
	j := i
	for j < len(s) {
		c := s[j]
		if c < utf8.RuneSelf {
			if ascii[c]&cSpace != 0 || c == '"' || c == '<' || c == '>' || c == '`' {
				break
			}
			j++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		if isSpaceRune(r) || isQuoteRune(r) || isDashRune(r) || r == '…' {
			break
		}
		j += size
	}
	for j > i {
		switch s[j-1] {
		case '.', ',', ';', ':', '!', '?', '\'', ')', ']', '}':
			if s[j-1] == ')' && parenOpen(s[i:j]) {
				return j
			}
			j--
			continue
		}
		break
	}
	return j
}

// parenOpen reports whether u has more ( than ) before its last byte, so
// that a final ) belongs to it (wikipedia.org/wiki/Foo_(bar)).
func parenOpen(u string) bool {
	d := 0
	for k := 0; k < len(u)-1; k++ {
		switch u[k] {
		case '(':
			d++
		case ')':
			d--
		}
	}
	return d > 0
}

func hasPrefixFold(s, p string) bool {
	if len(s) < len(p) {
		return false
	}
	for k := 0; k < len(p); k++ {
		c := s[k]
		if 'A' <= c && c <= 'Z' {
			c |= 0x20
		}
		if c != p[k] {
			return false
		}
	}
	return true
}

// scanMarkup returns the end of an HTML/XML tag starting with the < at
// s[i], or i: a letter, / or ! after the <, a > before any newline or
// other <, at most 1 KiB.
func scanMarkup(s string, i int) int {
	if i+1 >= len(s) || !(class(s, i+1)&cAlpha != 0 || s[i+1] == '/' || s[i+1] == '!') {
		return i
	}
	for j := i + 1; j < len(s) && j-i < 1024; j++ {
		switch s[j] {
		case '>':
			return j + 1
		case '<', '\n':
			return i
		}
	}
	return i
}
