package gazetteer

import (
	"fmt"
	"iter"
	"strings"
	"unicode/utf8"

	"github.com/saywho/saywho/gazetteer/internal/key"
)

//go:generate go run ./internal/gen

// Kind says what an entry names.
type Kind uint8

const (
	// Country is a sovereign state, or a partly recognised one with its
	// own government (Taiwan, Kosovo, Palestine).
	Country Kind = iota + 1
	// Territory is a dependent territory; Entry.Country is the state
	// responsible for it, when there is one.
	Territory
	// Capital is the capital of a country or territory; Entry.Stands is
	// the government it is a metonym for.
	Capital
	// City is a city news names that is not a capital.
	City
	// Region is a region inside or across states (Crimea, Gaza Strip).
	Region
	// Seat is a building, street or town that stands for the body seated
	// there ("the Kremlin", "Downing Street", "Brussels" for the EU).
	Seat
	// Organization is an international or transnational body.
	Organization
	// Agency is a national body: agency, ministry, office, legislature,
	// armed force or central bank, with its Country.
	Agency
	// Government is a country's government as a whole ("Government of
	// Japan", "the Japanese government").
	Government
	// Nationality is a demonym, the adjective or noun for a country's
	// people ("Japanese", "Russians"); Entry.Country is the country.
	Nationality
)

var kindNames = [...]string{"", "country", "territory", "capital", "city", "region", "seat", "organization", "agency", "government", "nationality"}

func (k Kind) String() string {
	if int(k) < len(kindNames) && k != 0 {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// MarshalText writes the kind's name, for JSON.
func (k Kind) MarshalText() ([]byte, error) {
	if k == 0 || int(k) >= len(kindNames) {
		return nil, fmt.Errorf("gazetteer: invalid kind %d", k)
	}
	return []byte(kindNames[k]), nil
}

// UnmarshalText reads a kind's name.
func (k *Kind) UnmarshalText(b []byte) error {
	kk, err := ParseKind(string(b))
	if err != nil {
		return err
	}
	*k = kk
	return nil
}

// ParseKind returns the kind named s ("country", "seat", ...).
func ParseKind(s string) (Kind, error) {
	for i, n := range kindNames {
		if i > 0 && n == s {
			return Kind(i), nil
		}
	}
	return 0, fmt.Errorf("gazetteer: unknown kind %q", s)
}

// IsPlace reports whether entries of the kind are places: countries,
// territories, capitals, cities, regions and seats.
func (k Kind) IsPlace() bool { return k >= Country && k <= Seat }

// IsOrganization reports whether entries of the kind are bodies that can
// speak: organisations, national bodies and governments.
func (k Kind) IsOrganization() bool { return k >= Organization && k <= Government }

// Entry is one thing the gazetteer knows. Entries are values; Aliases is
// shared by every copy and must not be modified.
type Entry struct {
	// Name is the canonical name, the one news prints: "Japan", "Kyiv",
	// "Kremlin", "North Atlantic Treaty Organization".
	Name string `json:"name"`
	Kind Kind   `json:"kind"`
	// Country is the canonical name of the country (or territory) the
	// entry belongs to: of a capital, city, region, seat, national body,
	// government or demonym; of a territory, the state responsible for it.
	Country string `json:"country,omitempty"`
	// Stands is what a metonym stands for, the canonical Name of another
	// entry: "Government of Japan" for Tokyo, "Russian presidency" for the
	// Kremlin.
	Stands string `json:"stands,omitempty"`
	// Acronym is the main short form ("NATO", "SVR").
	Acronym string `json:"acronym,omitempty"`
	// Official is a country's official name ("Russian Federation").
	Official string `json:"official,omitempty"`
	// ISO2 and ISO3 are a country's or territory's ISO 3166-1 codes.
	ISO2 string `json:"iso2,omitempty"`
	ISO3 string `json:"iso3,omitempty"`
	// Capital and Demonym of a country or territory, canonical.
	Capital string `json:"capital,omitempty"`
	Demonym string `json:"demonym,omitempty"`
	// Parent is the body an organisation belongs to ("United Nations" for
	// the WHO, "European Union" for the European Commission).
	Parent string `json:"parent,omitempty"`
	// Aliases are the other names that find the entry, as written in the
	// data (spelling variants, old names, forms with the country's name).
	Aliases []string `json:"aliases,omitempty"`
	// Ambiguous is set when the name the entry was found by also commonly
	// names something else: a person ("Jordan", "Washington"), another
	// place ("Georgia", "Victoria"), a common thing ("Turkey"). The
	// gazetteer gives the facts; the caller must look at the context.
	// On entries from All it says the same of the canonical Name.
	Ambiguous bool `json:"ambiguous,omitempty"`
}

// Lookup finds the entry a name refers to. The match is exact on the whole
// name but ignores case, diacritics ("Elysee" = "Élysée"), full stops and
// apostrophes ("U.S." = "US", "Cote dIvoire" = "Côte d'Ivoire"), hyphens
// and spacing, a leading "the" ("the Kremlin" = "Kremlin") and a trailing
// possessive ("Tokyo's").
//
// Case is ignored except where it carries the meaning: an acronym only
// matches in capitals ("US", "WHO", not "us", "who"), or for acronyms of
// four letters and more also capitalised as one word, as British papers
// write them ("Nato", "Opec"); and a name that is an ordinary word in
// lower case ("turkey", "chad", "nice", "the white house") needs a capital
// initial. This is what lets a scanner run Lookup over every token.
//
// When a name finds several entries (Luxembourg the country and the city,
// Brussels the capital and the seat of the EU), Lookup returns the first
// in kind order: country, territory, capital, city, region, seat,
// organisation, national body, government, nationality. LookupAll returns
// them all.
func Lookup(name string) (Entry, bool) {
	x := get()
	var buf [keyBuf]byte
	e, ok := x.lookup(buf[:0], name, anyKind)
	return e, ok
}

// LookupAll returns every entry the name refers to, in the order Lookup
// prefers them.
func LookupAll(name string) []Entry {
	x := get()
	var out []Entry
	var buf [keyBuf]byte
	for _, k := range x.candidates(buf[:0], name) {
		nd, ok := x.keys[k.key]
		if !ok {
			continue
		}
		sh := shapeOf(k.shape)
		for _, r := range x.refs[nd.off : nd.off+uint32(nd.n)] {
			if r.fits(sh) {
				out = append(out, x.entry(r))
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// LookupTokens finds the longest name at the start of words, a text split
// into tokens, and returns how many tokens it covers. A leading "the" is
// covered when it is part of the name's mention ("the Kremlin": n = 2).
// Tokens may split a name anywhere a key ignores ("U", ".", "S", ".";
// "Guinea", "-", "Bissau"; "Washington", ",", "D.C."); other punctuation
// ends a name. A name starts with a word and ends with one, or with the
// full stop of an initial ("U", ".", "S", "."); a possessive "'s" token
// after it is covered too. It follows the
// same rules as Lookup and does not allocate.
func LookupTokens(words []string) (n int, e Entry, ok bool) {
	if len(words) == 0 {
		return 0, Entry{}, false
	}
	x := get()
	n, r, ok := x.longest(words, 0)
	if strings.EqualFold(words[0], "the") {
		if n2, r2, ok2 := x.longest(words, 1); ok2 && n2 > n {
			n, r, ok = n2, r2, true
		}
	}
	if !ok {
		return 0, Entry{}, false
	}
	return n, x.entry(r), true
}

// Demonym returns the country of a demonym: "Japanese" ->
// "Japan", "Russians" -> "Russia".
func Demonym(adj string) (country string, ok bool) {
	x := get()
	var buf [keyBuf]byte
	e, ok := x.lookup(buf[:0], adj, onlyKind(Nationality))
	return e.Country, ok
}

// Canonical returns the canonical name of whatever name refers to ("Kiev"
// -> "Kyiv", "U.S." -> "United States", "SVR" -> "Foreign Intelligence
// Service of Russia"), or name itself when the gazetteer does not know it.
func Canonical(name string) string {
	if e, ok := Lookup(name); ok {
		return e.Name
	}
	return name
}

// Metonym returns what a place stands for when it is used for a body:
// "Tokyo" -> "Government of Japan", "the Kremlin" -> "Russian presidency",
// "Brussels" -> "European Union" (a seat is preferred to a capital). Only
// capitals and seats are metonyms; whether a given mention is one ("Tokyo
// said" against "in Tokyo") is for the caller to decide.
func Metonym(name string) (stands string, ok bool) {
	x := get()
	var buf [keyBuf]byte
	if e, ok := x.lookup(buf[:0], name, onlyKind(Seat)); ok {
		return e.Stands, true
	}
	e, ok := x.lookup(buf[:0], name, onlyKind(Capital))
	if !ok || e.Stands == "" {
		return "", false
	}
	return e.Stands, true
}

// GovernmentOf returns the Government entry of a country or territory,
// given any of its names ("Japan", "Nippon", "JP" does not count: use
// ByCode).
func GovernmentOf(country string) (Entry, bool) {
	x := get()
	var buf [keyBuf]byte
	c, ok := x.lookup(buf[:0], country, func(k Kind) bool { return k == Country || k == Territory || k == Government })
	if !ok {
		return Entry{}, false
	}
	if c.Kind == Government {
		return c, true
	}
	i, ok := x.govs[c.Name]
	if !ok {
		return Entry{}, false
	}
	return x.entries[i], true
}

// ByCode returns the country or territory with an ISO 3166-1 alpha-2 or
// alpha-3 code ("JP", "JPN"; case-insensitive). Codes are not names: "IN"
// and "IT" are words, so Lookup does not know them.
func ByCode(code string) (Entry, bool) {
	if len(code) != 2 && len(code) != 3 {
		return Entry{}, false
	}
	var b [3]byte
	for i := 0; i < len(code); i++ {
		c := code[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		b[i] = c
	}
	x := get()
	i, ok := x.codes[string(b[:len(code)])]
	if !ok {
		return Entry{}, false
	}
	return x.entries[i], true
}

// All yields every entry, in kind order.
func All() iter.Seq[Entry] {
	return func(yield func(Entry) bool) {
		for _, e := range get().entries {
			if !yield(e) {
				return
			}
		}
	}
}

// keyBuf is the size of the stack buffer keys are built in; longer names
// still work, with an allocation.
const keyBuf = 128

func anyKind(Kind) bool { return true }

func onlyKind(k Kind) func(Kind) bool {
	switch k {
	case Nationality:
		return isNationality
	case Seat:
		return isSeat
	case Capital:
		return isCapital
	}
	panic("gazetteer: onlyKind")
}

func isNationality(k Kind) bool { return k == Nationality }
func isSeat(k Kind) bool        { return k == Seat }
func isCapital(k Kind) bool     { return k == Capital }

// candidate is a key to try and the part of the query its case is judged
// on.
type candidate struct {
	key   string
	shape []string
}

// candidates lists the keys Lookup tries, in order: the name, without a
// leading "the", without a possessive "'s". It allocates; LookupAll uses
// it, the hot paths use lookup.
func (x *index) candidates(buf []byte, name string) []candidate {
	var out []candidate
	for _, q := range variants(name) {
		k := key.Append(buf[:0], q)
		out = append(out, candidate{key: string(k), shape: []string{q}})
	}
	return out
}

// variants are the forms of a query: itself, without "the", without a
// possessive, without both.
func variants(name string) []string {
	name = strings.TrimSpace(name)
	out := []string{name}
	noThe, hadThe := stripThe(name)
	if hadThe {
		out = append(out, noThe)
	}
	if p, ok := stripPossessive(name); ok {
		out = append(out, p)
		if hadThe {
			p2, _ := stripPossessive(noThe)
			out = append(out, p2)
		}
	}
	return out
}

func stripThe(s string) (string, bool) {
	if len(s) > 4 && strings.EqualFold(s[:3], "the") && (s[3] == ' ' || s[3] == '\t' || s[3] == '\n') {
		return strings.TrimLeft(s[4:], " \t\n"), true
	}
	return s, false
}

// stripPossessive removes a final "'s" or "’s".
func stripPossessive(s string) (string, bool) {
	if !strings.HasSuffix(s, "s") && !strings.HasSuffix(s, "S") {
		return s, false
	}
	t := s[:len(s)-1]
	r, n := utf8.DecodeLastRuneInString(t)
	if n == 0 || !key.IsApostrophe(r) {
		return s, false
	}
	return t[:len(t)-n], true
}

// lookup is Lookup restricted to kinds for which want is true, without
// allocating.
func (x *index) lookup(buf []byte, name string, want func(Kind) bool) (Entry, bool) {
	name = strings.TrimSpace(name)
	noThe, hadThe := stripThe(name)
	try := func(q string) (Entry, bool) {
		k := key.Append(buf[:0], q)
		buf = k[:0]
		nd, ok := x.keys[string(k)]
		if !ok {
			return Entry{}, false
		}
		sh := shapeOf1(q)
		for _, r := range x.refs[nd.off : nd.off+uint32(nd.n)] {
			if want(x.entries[r.entry].Kind) && r.fits(sh) {
				return x.entry(r), true
			}
		}
		return Entry{}, false
	}
	if e, ok := try(name); ok {
		return e, true
	}
	if hadThe {
		if e, ok := try(noThe); ok {
			return e, true
		}
	}
	if p, ok := stripPossessive(name); ok {
		if e, ok := try(p); ok {
			return e, true
		}
		if hadThe {
			p, _ = stripPossessive(noThe)
			if e, ok := try(p); ok {
				return e, true
			}
		}
	}
	return Entry{}, false
}

// tokenClass says how LookupTokens treats a token.
type tokenClass uint8

const (
	tokWord   tokenClass = iota // has letters or digits
	tokJoiner                   // ".", ",", "-", an apostrophe: may be inside a name ("Washington, D.C.")
	tokStop                     // other punctuation: ends a name
)

func classify(w string) tokenClass {
	joiner := true
	for _, r := range w {
		switch {
		case r == '.' || r == ',' || r == '-' || r == '\u2010' || r == '\u2011' || key.IsApostrophe(r):
		case r == '&':
			return tokWord
		default:
			joiner = false
			if isLetterOrDigit(r) {
				return tokWord
			}
		}
	}
	if joiner && w != "" {
		return tokJoiner
	}
	return tokStop
}

func isLetterOrDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '+'
	}
	return isLetterOrDigitSlow(r)
}

// longest is the longest match in words starting at words[skip]; n counts
// from words[0].
func (x *index) longest(words []string, skip int) (n int, best ref, ok bool) {
	var buf [keyBuf]byte
	prevSingle := false
	limit := skip + 3*x.maxWords + 4
	for k := skip + 1; k <= len(words) && k <= limit; k++ {
		w := words[k-1]
		c := classify(w)
		if k == skip+1 && c != tokWord {
			return 0, ref{}, false // a name starts with a word
		}
		switch c {
		case tokStop:
			return n, best, ok
		case tokJoiner:
			// A full stop closing an initial ("U.S" + ".") belongs to
			// the name; anything else only continues it.
			if prevSingle && strings.TrimSpace(w) == "." && ok && n == k-1 {
				n = k
			}
			continue
		}
		kb := key.AppendWords(buf[:0], words[skip:k])
		single := isSingleLetter(w)
		nd, found := x.keys[string(kb)]
		if found {
			if r, fit := x.pick(nd, words[skip:k]); fit {
				n, best, ok = k, r, true
			}
		}
		if p, isPoss := stripPossessive(w); isPoss && len(kb) > 0 && kb[len(kb)-1] == 's' {
			_ = p
			if nd2, found2 := x.keys[string(kb[:len(kb)-1])]; found2 {
				if r, fit := x.pick(nd2, words[skip:k]); fit {
					n, best, ok = k, r, true
				}
			}
		}
		if (!found || !nd.prefix) && !single {
			break
		}
		prevSingle = single
	}
	return n, best, ok
}

func (x *index) pick(nd node, shapeWords []string) (ref, bool) {
	sh := shapeOf(shapeWords)
	for _, r := range x.refs[nd.off : nd.off+uint32(nd.n)] {
		if r.fits(sh) {
			return r, true
		}
	}
	return ref{}, false
}

func isSingleLetter(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	return n == len(w) && n > 0 && isLetterOrDigit(r) && !('0' <= r && r <= '9')
}

func (x *index) entry(r ref) Entry {
	e := x.entries[r.entry]
	e.Ambiguous = r.amb
	return e
}
