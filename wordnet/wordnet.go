// Package wordnet gives the coarse semantic classes of English verbs and
// nouns: WordNet's lexicographer files ("verb.communication",
// "verb.cognition", "noun.act"). A cue tagger trained on a few hundred
// articles sees most attribution verbs once or never ("unleashed",
// "lifted", "rated"); their class is shared with the verbs it has seen
// often, which is the generalisation it lacks.
//
// The table (senses.txt) is generated from WordNet 3.0 by gen.go and
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

// POS is a WordNet part of speech.
type POS byte

const (
	Verb POS = 'v'
	Noun POS = 'n'
)

// Class is a lexicographer file number (WordNet's lexnames(5)).
type Class uint8

// The classes cue and argument models ask about by name.
const (
	NounAct           Class = 4
	NounCognition     Class = 9
	NounCommunication Class = 10
	NounFeeling       Class = 12
	VerbCognition     Class = 31
	VerbCommunication Class = 32
	VerbEmotion       Class = 37
	VerbPerception    Class = 39
	VerbSocial        Class = 41
)

var names = [...]string{
	"adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal",
	"noun.artifact", "noun.attribute", "noun.body", "noun.cognition",
	"noun.communication", "noun.event", "noun.feeling", "noun.food",
	"noun.group", "noun.location", "noun.motive", "noun.object",
	"noun.person", "noun.phenomenon", "noun.plant", "noun.possession",
	"noun.process", "noun.quantity", "noun.relation", "noun.shape",
	"noun.state", "noun.substance", "noun.time", "verb.body", "verb.change",
	"verb.cognition", "verb.communication", "verb.competition",
	"verb.consumption", "verb.contact", "verb.creation", "verb.emotion",
	"verb.motion", "verb.perception", "verb.possession", "verb.social",
	"verb.stative", "verb.weather", "adj.ppl",
}

func (c Class) String() string {
	if int(c) < len(names) {
		return names[c]
	}
	return "class" + strconv.Itoa(int(c))
}

//go:embed senses.txt
var sensesFile string

// table holds the parsed senses.txt, by part of speech: the base forms,
// and the irregular inflected forms ("said") beside them with their base
// form's classes, so that a word in either costs one lookup. The classes
// slices share one backing array.
type table struct {
	verbs, nouns map[string][]Class
}

var (
	tab     table
	tabOnce sync.Once
)

func load() {
	tab = table{verbs: map[string][]Class{}, nouns: map[string][]Class{}}
	all := make([]Class, 0, 64<<10)
	var irreg [][3]string
	for line := range strings.SplitSeq(sensesFile, "\n") {
		f := strings.Fields(line)
		if len(f) < 3 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch f[0] {
		case "v", "n":
			start := len(all)
			for _, s := range f[2:] {
				n, err := strconv.Atoi(s)
				if err != nil || n < 0 || n >= len(names) {
					panic("wordnet: bad senses.txt line " + strconv.Quote(line))
				}
				all = append(all, Class(n))
			}
			tab.of(POS(f[0][0]))[f[1]] = all[start:len(all):len(all)]
		case "xv", "xn":
			irreg = append(irreg, [3]string{f[0][1:], f[1], f[2]})
		}
	}
	// An irregular form that is a base form too ("found", "lay") keeps
	// its own classes, as morphy looks the word up before its exceptions.
	for _, x := range irreg {
		m := tab.of(POS(x[0][0]))
		if _, ok := m[x[1]]; !ok {
			if c, ok := m[x[2]]; ok {
				m[x[1]] = c
			}
		}
	}
}

func (t *table) of(pos POS) map[string][]Class {
	if pos == Verb {
		return t.verbs
	}
	return t.nouns
}

// Classes returns the classes of word's first senses as pos, the most
// frequent sense first; nil if WordNet does not have it. word is lower
// case; an inflected form is reduced to its base form first, the way
// WordNet's morphy does ("said" -> "say", "unleashed" -> "unleash",
// "worries" -> "worry").
func Classes(word string, pos POS) []Class {
	tabOnce.Do(load)
	if pos != Verb && pos != Noun {
		return nil
	}
	m := tab.of(pos)
	if c, ok := m[word]; ok {
		return c
	}
	var buf [32]byte // the candidate base forms, built without allocating
	for _, r := range suffixes[pos] {
		if len(word) > len(r.from)+1 && len(word)-len(r.from)+len(r.to) <= len(buf) && strings.HasSuffix(word, r.from) {
			b := append(append(buf[:0], word[:len(word)-len(r.from)]...), r.to...)
			if c, ok := m[string(b)]; ok {
				return c
			}
		}
	}
	// A doubled final consonant: "stopped" -> "stopp" -> "stop".
	if pos == Verb {
		for _, s := range [...]string{"ed", "ing"} {
			if b, ok := strings.CutSuffix(word, s); ok && len(b) > 2 && b[len(b)-1] == b[len(b)-2] {
				if c, ok := m[b[:len(b)-1]]; ok {
					return c
				}
			}
		}
	}
	return nil
}

// suffixes are morphy's detachment rules.
var suffixes = map[POS][]struct{ from, to string }{
	Verb: {{"s", ""}, {"ies", "y"}, {"es", "e"}, {"es", ""}, {"ed", "e"}, {"ed", ""}, {"ing", "e"}, {"ing", ""}},
	Noun: {{"s", ""}, {"ses", "s"}, {"xes", "x"}, {"zes", "z"}, {"ches", "ch"}, {"shes", "sh"}, {"men", "man"}, {"ies", "y"}},
}
