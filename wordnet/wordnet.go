// Package wordnet gives the coarse semantic classes of English verbs:
// WordNet's lexicographer files ("verb.communication", "verb.cognition",
// "verb.social"). A cue tagger trained on a few hundred articles sees most
// attribution verbs once or never ("unleashed", "lifted", "rated"); their
// class is shared with the verbs it has seen often, which is the
// generalisation it lacks.
//
// The table (verbs.txt) is generated from WordNet 3.0 by gen.go and
// embedded: nothing is read or downloaded at run time. WordNet is
// Princeton University's; its licence is in LICENSE.
package wordnet

//go:generate go run gen.go -dict /usr/share/wordnet

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"
)

// Class is a lexicographer file number (WordNet's lexnames(5)).
type Class uint8

// Some verb classes, by name.
const (
	Body          Class = 29
	Cognition     Class = 31
	Communication Class = 32
	Motion        Class = 38
	Social        Class = 41
	Stative       Class = 42
)

// names are WordNet's, from 29 (verb.body) to 43 (verb.weather).
var names = [...]string{
	"verb.body", "verb.change", "verb.cognition", "verb.communication",
	"verb.competition", "verb.consumption", "verb.contact", "verb.creation",
	"verb.emotion", "verb.motion", "verb.perception", "verb.possession",
	"verb.social", "verb.stative", "verb.weather",
}

const firstVerb = 29

func (c Class) String() string {
	if c >= firstVerb && int(c-firstVerb) < len(names) {
		return names[c-firstVerb]
	}
	return "class" + strconv.Itoa(int(c))
}

//go:embed verbs.txt
var verbsFile string

var (
	// verbs maps base forms, and the irregular inflected forms ("said")
	// to their base form's classes, so that a word in either costs one
	// lookup. The slices share one backing array.
	verbs    map[string][]Class
	loadOnce sync.Once
)

func load() {
	verbs = map[string][]Class{}
	all := make([]Class, 0, 16<<10)
	var irreg [][2]string
	for line := range strings.SplitSeq(verbsFile, "\n") {
		f := strings.Fields(line)
		if len(f) < 3 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch f[0] {
		case "v":
			start := len(all)
			for _, s := range f[2:] {
				n, err := strconv.Atoi(s)
				if err != nil || n < firstVerb || n >= firstVerb+len(names) {
					panic("wordnet: bad verbs.txt line " + strconv.Quote(line))
				}
				all = append(all, Class(n))
			}
			verbs[f[1]] = all[start:len(all):len(all)]
		case "x":
			irreg = append(irreg, [2]string{f[1], f[2]})
		}
	}
	// An irregular form that is a base form too ("found", "lay") keeps
	// its own classes, as morphy looks the word up before its exceptions.
	for _, x := range irreg {
		if _, ok := verbs[x[0]]; !ok {
			if c, ok := verbs[x[1]]; ok {
				verbs[x[0]] = c
			}
		}
	}
}

// Verb returns the classes of verb's first senses, the most frequent
// first; nil if WordNet does not have it. verb is lower case; an
// inflected form is reduced to its base form first, the way WordNet's
// morphy does ("said" -> "say", "unleashed" -> "unleash", "argues" ->
// "argue").
func Verb(verb string) []Class {
	loadOnce.Do(load)
	if c, ok := verbs[verb]; ok {
		return c
	}
	var buf [32]byte // the candidate base forms, built without allocating
	for _, r := range suffixes {
		if len(verb) > len(r.from)+1 && len(verb)-len(r.from)+len(r.to) <= len(buf) && strings.HasSuffix(verb, r.from) {
			b := append(append(buf[:0], verb[:len(verb)-len(r.from)]...), r.to...)
			if c, ok := verbs[string(b)]; ok {
				return c
			}
		}
	}
	// A doubled final consonant: "stopped" -> "stopp" -> "stop".
	for _, s := range [...]string{"ed", "ing"} {
		if b, ok := strings.CutSuffix(verb, s); ok && len(b) > 2 && b[len(b)-1] == b[len(b)-2] {
			if c, ok := verbs[b[:len(b)-1]]; ok {
				return c
			}
		}
	}
	return nil
}

// suffixes are morphy's detachment rules for verbs.
var suffixes = [...]struct{ from, to string }{
	{"s", ""}, {"ies", "y"}, {"es", "e"}, {"es", ""}, {"ed", "e"}, {"ed", ""}, {"ing", "e"}, {"ing", ""},
}
