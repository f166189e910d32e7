package identity

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Gender is what an honorific or title says of a person; most names say
// nothing.
type Gender uint8

const (
	GenderUnknown Gender = iota
	Male
	Female
)

// PersonName is a person's name taken apart. The parts are as printed
// (case kept); comparisons go through their keys.
type PersonName struct {
	// Given is the first name or initial, empty when only the surname is
	// known ("Mr. Peskov").
	Given string
	// Middle holds middle names and initials ("J." of "Donald J. Trump",
	// "Rodham" of "Hillary Rodham Clinton").
	Middle []string
	// Surname, with its particles ("de la Fuente", "van der Leyen").
	Surname string
	// Suffix is a generational suffix, which tells people apart: "Jr.",
	// "Sr.", "II", "III", "IV".
	Suffix string
	Gender Gender
}

// Full reports whether the name has a given name (or initial) and a
// surname, as opposed to a surname alone.
func (n PersonName) Full() bool { return n.Given != "" && n.Surname != "" }

// Initial reports whether the given name is only an initial ("J. Smith").
func (n PersonName) Initial() bool { return isInitial(n.Given) }

// String writes the name back, without honorific.
func (n PersonName) String() string {
	parts := make([]string, 0, 4+len(n.Middle))
	if n.Given != "" {
		parts = append(parts, n.Given)
	}
	parts = append(parts, n.Middle...)
	if n.Surname != "" {
		parts = append(parts, n.Surname)
	}
	if n.Suffix != "" {
		parts = append(parts, n.Suffix)
	}
	return strings.Join(parts, " ")
}

// honorifics are dropped from the front of a name; some tell the gender.
// Titles of office ("President", "Senator") are dropped too: the name is
// the person, the title is a role, which the extractor reports apart.
var honorifics = map[string]Gender{
	"mr": Male, "mister": Male, "sir": Male, "lord": Male, "king": Male, "prince": Male,
	"mrs": Female, "ms": Female, "miss": Female, "madam": Female, "madame": Female,
	"mme": Female, "lady": Female, "dame": Female, "queen": Female, "princess": Female,
	"dr": 0, "prof": 0, "professor": 0, "sen": 0, "senator": 0, "rep": 0,
	"representative": 0, "gov": 0, "governor": 0, "pres": 0, "president": 0,
	"gen": 0, "general": 0, "lt": 0, "col": 0, "sgt": 0, "capt": 0, "adm": 0,
	"rev": 0, "reverend": 0, "fr": 0, "father": 0, "rabbi": 0, "imam": 0,
	"sheikh": 0, "judge": 0, "justice": 0, "mayor": 0, "minister": 0,
	"ambassador": 0, "pope": 0, "cardinal": 0, "bishop": 0, "hon": 0,
	"chancellor": 0, "premier": 0, "chairman": 0, "chairwoman": 0,
	"secretary": 0, "speaker": 0, "commissioner": 0, "congressman": Male,
	"congresswoman": Female, "councilman": Male, "councilwoman": Female,
	"spokesman": Male, "spokeswoman": Female, "the": 0,
}

// abbreviations are honorifics that are one only with their full stop:
// without it they are often names ("Gen Nakatani", "Rev Run"). "Mr",
// "Mrs", "Ms" and "Dr" are printed without one in British style.
var abbreviations = map[string]bool{
	"gen": true, "sen": true, "rep": true, "gov": true, "lt": true, "col": true, "sgt": true,
	"capt": true, "adm": true, "rev": true, "fr": true, "hon": true, "pres": true, "prof": true, "mme": true,
}

// suffixes are generational: "Donald Trump Jr." is not "Donald Trump".
var suffixes = map[string]string{"jr": "Jr.", "sr": "Sr.", "ii": "II", "iii": "III", "iv": "IV"}

// particles are lower-case words that belong to the surname after them
// ("Ursula von der Leyen": surname "von der Leyen").
var particles = map[string]bool{
	"de": true, "da": true, "das": true, "dos": true, "del": true, "della": true, "der": true,
	"di": true, "du": true, "la": true, "le": true, "van": true, "von": true, "den": true,
	"ter": true, "bin": true, "ibn": true, "al": true, "el": true, "abu": true, "st": true,
	"mac": true, "y": true,
}

// ParseName takes a person's name apart: honorifics and titles dropped
// (their gender kept), a generational suffix split off, the surname with
// its particles, the given name and middle names. A name of one word is a
// surname. It never fails: a name it cannot read gives an empty
// PersonName.
func ParseName(s string) PersonName {
	var n PersonName
	words := nameWords(s)
	// Honorifics and titles at the front, any number ("Mr. President").
	for len(words) > 1 {
		g, ok := honorifics[wordKey(words[0])]
		if !ok || abbreviations[wordKey(words[0])] && !strings.HasSuffix(words[0], ".") {
			break // "Gen Nakatani" is a name; "Gen." a general
		}
		if g != GenderUnknown {
			n.Gender = g
		}
		words = words[1:]
	}
	if len(words) == 1 {
		if _, ok := honorifics[wordKey(words[0])]; ok {
			return PersonName{}
		}
	}
	if len(words) > 1 {
		if suf, ok := suffixes[wordKey(words[len(words)-1])]; ok {
			n.Suffix = suf
			words = words[:len(words)-1]
		}
	}
	if len(words) == 0 {
		return PersonName{}
	}
	// The surname: the last word and the particles before it, but never
	// the first word ("Van Jones": given "Van").
	s0 := len(words) - 1
	for s0 > 1 && particles[wordKey(words[s0-1])] && isLowerWord(words[s0-1]) {
		s0--
	}
	n.Surname = strings.Join(words[s0:], " ")
	if s0 >= 1 {
		n.Given = words[0]
		if s0 > 1 {
			n.Middle = append([]string(nil), words[1:s0]...)
		}
	}
	// "J.K. Rowling": two initials in one word.
	if n.Given != "" && strings.Count(n.Given, ".") > 1 {
		ini := strings.Split(strings.Trim(n.Given, "."), ".")
		if len(ini) > 1 && allInitials(ini) {
			n.Given = ini[0] + "."
			mid := make([]string, 0, len(ini)-1+len(n.Middle))
			for _, x := range ini[1:] {
				mid = append(mid, x+".")
			}
			n.Middle = append(mid, n.Middle...)
		}
	}
	return n
}

func allInitials(ws []string) bool {
	for _, w := range ws {
		if utf8.RuneCountInString(w) != 1 {
			return false
		}
	}
	return true
}

// nameWords splits a name into words: spaces and commas separate, a
// possessive ending is dropped ("Peskov's"), quote marks and brackets go.
func nameWords(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == '(' || r == ')' || r == '"' || r == '“' || r == '”' || r == '«' || r == '»'
	})
	out := f[:0]
	for _, w := range f {
		w = trimPossessive(w)
		w = strings.TrimRight(w, ";:!?")
		// A full stop closes an initial or an abbreviation, not a word.
		if strings.HasSuffix(w, ".") && utf8.RuneCountInString(strings.TrimRight(w, ".")) > 3 && !strings.Contains(strings.TrimRight(w, "."), ".") {
			w = strings.TrimRight(w, ".")
		}
		if w != "" && w != "." && w != "-" {
			out = append(out, w)
		}
	}
	return out
}

func trimPossessive(w string) string {
	for _, suf := range []string{"'s", "’s", "'S", "’S"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf) {
			return w[:len(w)-len(suf)]
		}
	}
	if strings.HasSuffix(w, "s'") || strings.HasSuffix(w, "s’") {
		return strings.TrimRight(strings.TrimRight(w, "'"), "’")
	}
	return w
}

func isLowerWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLower(r)
}

// isInitial reports whether w is one letter, with or without a full stop.
func isInitial(w string) bool {
	w = strings.TrimSuffix(w, ".")
	return utf8.RuneCountInString(w) == 1 && w != ""
}

var foldChain = runes.Remove(runes.In(unicode.Mn))

// fold lower-cases s and removes its diacritics ("Zelenskyy" stays,
// "Erdoğan" becomes "erdogan"), keeping letters and digits only.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		t := transform.Chain(norm.NFD, foldChain, norm.NFC)
		if r, _, err := transform.String(t, s); err == nil {
			s = r
		}
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == 'ß':
			b.WriteString("ss")
		case r == 'ø' || r == 'Ø':
			b.WriteByte('o')
		case r == 'ł' || r == 'Ł':
			b.WriteByte('l')
		case r == 'æ' || r == 'Æ':
			b.WriteString("ae")
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// wordKey is a word folded, without its full stop: "Sen." -> "sen".
func wordKey(w string) string { return fold(w) }

// translit folds the spellings that transliteration from Cyrillic, Arabic
// and other scripts varies on, so that "Dmitry", "Dmitri" and "Dmitriy",
// or "Zelensky", "Zelenskyy" and "Zelenskiy", give one key. It works on a
// folded word. It is a key for comparing names, never shown.
//
// What it merges: y/i (and the -iy, -yy, -ii, -ij endings), doubled
// letters, kh/h, ks/x, a leading ye/e and je/e, ou/u, ph/f, dzh/j,
// w/v, and a final -e after -ll ("Michelle"/"Michel" are not touched).
// English names that differ only so ("Kelly"/"Kelli") get one key too;
// that is why a key match alone is weak evidence, checked against the
// articles where both names appear (see Resolve).
func translit(w string) string {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			return w // another script: compared as folded
		}
	}
	b := make([]byte, 0, len(w))
	// Leading ye-/je- as e- (Yevgeny, Evgeny; Jelena, Elena).
	if strings.HasPrefix(w, "ye") || strings.HasPrefix(w, "je") {
		w = w[1:]
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		next := byte(0)
		if i+1 < len(w) {
			next = w[i+1]
		}
		switch {
		case c == 'y':
			c = 'i'
		case c == 'w':
			c = 'v'
		case c == 'k' && next == 'h':
			i++
			c = 'h'
		case c == 'k' && next == 's':
			i++
			c = 'x'
		case c == 'p' && next == 'h':
			i++
			c = 'f'
		case c == 'o' && next == 'u':
			i++
			c = 'u'
		case c == 'd' && next == 'z' && i+2 < len(w) && w[i+2] == 'h':
			i += 2
			c = 'j'
		case c == 'j' && i > 0:
			c = 'i' // -ij endings, Cyrillic й
		}
		// Doubled letters (Zelenskyy, Gaddafi): write one.
		if len(b) > 0 && b[len(b)-1] == c {
			continue
		}
		b = append(b, c)
	}
	return string(b)
}
