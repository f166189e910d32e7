package gazetteer

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode"

	"github.com/saywho/saywho/gazetteer/internal/key"
)

//go:embed entries.tsv
var entriesTSV string

// index is the gazetteer in memory: the entries, and every key that finds
// them.
type index struct {
	entries []Entry
	// keys maps a key to its refs (x.refs[off:off+n]), and says whether
	// the key is also the first words of a longer key.
	keys     map[string]node
	refs     []ref
	codes    map[string]int
	govs     map[string]int
	maxWords int
}

type node struct {
	off    uint32
	n      uint16
	prefix bool
}

// ref is one way a key finds an entry.
type ref struct {
	entry uint16
	mode  mode
	amb   bool
}

// mode says how a query's case must look for a ref to apply.
type mode uint8

const (
	modeAny   mode = iota
	modeUpper      // acronym: in capitals (or Title case, four letters up)
	modeCap        // needs a capital initial: a word in lower case ("turkey"), or a mixed-case short form ("DoD", "AfDB")
)

var (
	loadOnce sync.Once
	loaded   *index
)

// get returns the index, building it on first use. The embedded file is
// checked by the package's tests, so a failure here is a build defect.
func get() *index {
	loadOnce.Do(func() {
		x, err := parse(entriesTSV)
		if err != nil {
			panic(fmt.Sprintf("gazetteer: embedded entries.tsv: %v", err))
		}
		loaded = x
	})
	return loaded
}

const nCols = 12

// parse reads the generated file (see internal/build for its columns).
func parse(src string) (*index, error) {
	x := &index{codes: map[string]int{}, govs: map[string]int{}}
	type pending struct {
		refs   []ref
		prefix bool
	}
	keys := map[string]*pending{}
	line := 0
	for len(src) > 0 {
		var l string
		l, src, _ = strings.Cut(src, "\n")
		line++
		if l == "" || l[0] == '#' {
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) != nCols {
			return nil, fmt.Errorf("line %d: %d columns, want %d", line, len(f), nCols)
		}
		kind, err := ParseKind(f[0])
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if len(x.entries) >= 1<<16 {
			return nil, fmt.Errorf("line %d: too many entries", line)
		}
		nameFlags, nameText := splitFlags(f[1])
		acrFlags, acrText := splitFlags(f[4])
		e := Entry{
			Name: nameText, Kind: kind, Country: f[2], Stands: f[3], Acronym: acrText,
			Official: f[5], ISO2: f[6], ISO3: f[7], Capital: f[8], Demonym: f[9], Parent: f[10],
			Ambiguous: strings.Contains(nameFlags, "?"),
		}
		type flagged struct{ flags, text string }
		names := []flagged{{nameFlags, nameText}}
		if acrText != "" {
			names = append(names, flagged{acrFlags, acrText})
		}
		if f[11] != "" {
			for _, a := range strings.Split(f[11], "|") {
				fl, t := splitFlags(a)
				e.Aliases = append(e.Aliases, t)
				names = append(names, flagged{fl, t})
			}
		}
		i := len(x.entries)
		x.entries = append(x.entries, e)
		for _, n := range names {
			k := string(key.Append(nil, n.text))
			if k == "" {
				return nil, fmt.Errorf("line %d: name %q has an empty key", line, n.text)
			}
			p := keys[k]
			if p == nil {
				p = &pending{}
				keys[k] = p
			}
			dup := false
			for _, r := range p.refs {
				if int(r.entry) == i {
					dup = true
				}
			}
			if !dup {
				p.refs = append(p.refs, ref{
					entry: uint16(i),
					mode:  modeOf(n.text, n.flags),
					amb:   strings.Contains(n.flags, "?"),
				})
			}
			words := strings.Count(k, " ") + 1
			if words > x.maxWords {
				x.maxWords = words
			}
			// Mark the key's first words as prefixes, for LookupTokens.
			for j := 0; j < len(k); j++ {
				if k[j] == ' ' {
					pk := k[:j]
					pp := keys[pk]
					if pp == nil {
						pp = &pending{}
						keys[pk] = pp
					}
					pp.prefix = true
				}
			}
		}
		switch kind {
		case Country, Territory:
			x.codes[e.ISO2] = i
			x.codes[e.ISO3] = i
		case Government:
			x.govs[e.Country] = i
		}
	}
	if len(x.entries) == 0 {
		return nil, fmt.Errorf("no entries")
	}
	x.keys = make(map[string]node, len(keys))
	for k, p := range keys {
		x.keys[k] = node{off: uint32(len(x.refs)), n: uint16(len(p.refs)), prefix: p.prefix}
		x.refs = append(x.refs, p.refs...)
	}
	return x, nil
}

func splitFlags(s string) (flags, text string) {
	i := 0
	for i < len(s) && (s[i] == '?' || s[i] == '!') {
		i++
	}
	return s[:i], s[i:]
}

// modeOf decides the case rule of a name from how it is written.
func modeOf(text, flags string) mode {
	t := text
	if rest, ok := stripThe(t); ok {
		t = rest
	}
	letters, lower, upperAfterLower := 0, 0, false
	prevLower := false
	for _, r := range t {
		switch {
		case unicode.IsLower(r):
			letters++
			lower++
			prevLower = true
		case unicode.IsUpper(r):
			letters++
			if prevLower {
				upperAfterLower = true
			}
			prevLower = false
		case r == ' ':
			prevLower = false
		}
	}
	switch {
	case letters >= 2 && lower == 0:
		return modeUpper
	case upperAfterLower && !strings.Contains(t, " ") && len(t) <= 6:
		return modeCap
	case strings.Contains(flags, "!"):
		return modeCap
	}
	return modeAny
}

// shape is what the case rules look at in a query (after a leading
// "the").
type shape struct {
	letters         int
	words           int
	inWord          bool
	anyLower        bool
	firstUpper      bool
	upperAfterFirst bool
}

// titleWord: one word, capital initial, the rest lower case ("Nato").
func (s *shape) titleWord() bool { return s.words == 1 && s.firstUpper && !s.upperAfterFirst }

func shapeOf1(q string) shape {
	if rest, ok := stripThe(q); ok {
		q = rest
	}
	var s shape
	for _, r := range q {
		s.visit(r)
	}
	return s
}

func shapeOf(words []string) shape {
	if len(words) > 1 && strings.EqualFold(words[0], "the") {
		words = words[1:]
	}
	var s shape
	for _, w := range words {
		s.inWord = false
		for _, r := range w {
			s.visit(r)
		}
	}
	return s
}

func (s *shape) visit(r rune) {
	switch {
	case unicode.IsLetter(r):
		if !s.inWord {
			s.words++
			s.inWord = true
		}
		if unicode.IsUpper(r) {
			if s.letters == 0 {
				s.firstUpper = true
			} else {
				s.upperAfterFirst = true
			}
		} else if unicode.IsLower(r) {
			s.anyLower = true
		}
		s.letters++
	case unicode.IsDigit(r) || r == '+' || r == '.' || key.IsApostrophe(r):
		// part of a word
	default:
		s.inWord = false
	}
}

// fits reports whether a query of shape s may match through r.
func (r ref) fits(s shape) bool {
	switch r.mode {
	case modeUpper:
		if !s.anyLower {
			return true
		}
		return s.titleWord() && s.letters >= 4
	case modeCap:
		return s.firstUpper
	}
	return true
}

func isLetterOrDigitSlow(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
