package tag

import "strconv"

// POS is a Penn Treebank part-of-speech tag. The zero POS is "no tag".
type POS uint8

// The Penn Treebank tags, as Stanford CoreNLP prints them. Names that are
// not Go identifiers are spelt out: PRPS is PRP$, WPS is WP$, Hash is #,
// Dollar is $, Open and Close are the quote tags “ and ”, LRB and RRB
// the brackets, Comma, Period (any sentence end) and Colon (also dashes
// and semicolons).
const (
	NoPOS POS = iota
	CC
	CD
	DT
	EX
	FW
	IN
	JJ
	JJR
	JJS
	LS
	MD
	NN
	NNS
	NNP
	NNPS
	PDT
	PossMark // POS, the possessive 's
	PRP
	PRPS
	RB
	RBR
	RBS
	RP
	SYM
	TO
	UH
	VB
	VBD
	VBG
	VBN
	VBP
	VBZ
	WDT
	WP
	WPS
	WRB
	Hash
	Dollar
	Close
	Open
	LRB
	RRB
	Comma
	Period
	Colon
	numPOS
)

var posNames = [numPOS]string{"", "CC", "CD", "DT", "EX", "FW", "IN", "JJ", "JJR", "JJS", "LS", "MD",
	"NN", "NNS", "NNP", "NNPS", "PDT", "POS", "PRP", "PRP$", "RB", "RBR", "RBS", "RP", "SYM", "TO", "UH",
	"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "WDT", "WP", "WP$", "WRB", "#", "$", "''", "``",
	"-LRB-", "-RRB-", ",", ".", ":"}

// String returns the tag as CoreNLP prints it ("NN", "PRP$", "“").
func (p POS) String() string {
	if p < numPOS {
		return posNames[p]
	}
	return "POS(" + strconv.Itoa(int(p)) + ")"
}

// ParsePOS returns the tag named s, as CoreNLP prints it.
func ParsePOS(s string) (POS, bool) {
	for p, n := range posNames {
		if n == s && p > 0 {
			return POS(p), true
		}
	}
	return NoPOS, false
}

// IsVerb reports a verb form (VB VBD VBG VBN VBP VBZ); modals are not.
func (p POS) IsVerb() bool { return VB <= p && p <= VBZ }

// IsNoun reports a common or proper noun, singular or plural.
func (p POS) IsNoun() bool { return NN <= p && p <= NNPS }

// IsProperNoun reports NNP or NNPS.
func (p POS) IsProperNoun() bool { return p == NNP || p == NNPS }

// IsAdjective reports JJ, JJR or JJS.
func (p POS) IsAdjective() bool { return JJ <= p && p <= JJS }

// IsAdverb reports RB, RBR or RBS.
func (p POS) IsAdverb() bool { return RB <= p && p <= RBS }

// IsPronoun reports a personal, possessive or wh- pronoun.
func (p POS) IsPronoun() bool { return p == PRP || p == PRPS || p == WP || p == WPS }

// IsPunct reports punctuation and quote tags.
func (p POS) IsPunct() bool { return p >= Close && p < numPOS || p == Hash || p == Dollar || p == SYM }

// Class is an entity class.
type Class uint8

// Entity classes. CoreNLP's CITY, COUNTRY and STATE_OR_PROVINCE are folded
// into Location. Nationality and Title are not in the silver training data
// (its CoreNLP predates them): Title comes from a lexicon of job titles,
// Nationality from the gazetteer's demonyms among the Misc entities.
const (
	None Class = iota
	Person
	Organization
	Location
	Misc
	Nationality
	Title
	Date
	Time
	Duration
	Set
	Number
	Ordinal
	Percent
	Money
	numClass
)

var classNames = [numClass]string{"O", "PERSON", "ORGANIZATION", "LOCATION", "MISC", "NATIONALITY", "TITLE",
	"DATE", "TIME", "DURATION", "SET", "NUMBER", "ORDINAL", "PERCENT", "MONEY"}

func (c Class) String() string {
	if c < numClass {
		return classNames[c]
	}
	return "Class(" + strconv.Itoa(int(c)) + ")"
}

// ParseClass returns the class CoreNLP names s ("PERSON", "CITY" ...).
func ParseClass(s string) (Class, bool) {
	switch s {
	case "CITY", "COUNTRY", "STATE_OR_PROVINCE", "LOC", "GPE":
		return Location, true
	case "PER":
		return Person, true
	case "ORG":
		return Organization, true
	}
	for c, n := range classNames {
		if n == s {
			return Class(c), true
		}
	}
	return None, false
}

// NER is a token's entity label in BIO form: O, or B- (first token of an
// entity) or I- (a following one) of a Class. The zero NER is O.
type NER uint8

// Label returns the NER label of class c, beginning an entity or inside one.
func Label(c Class, inside bool) NER {
	if c == None || c >= numClass {
		return 0
	}
	n := NER(c) << 1
	if inside {
		n |= 1
	}
	return n
}

// Class returns the label's entity class; None for O.
func (n NER) Class() Class {
	if c := Class(n >> 1); c < numClass {
		return c
	}
	return None
}

// Begin reports a B- label: the first token of an entity.
func (n NER) Begin() bool { return n.Class() != None && n&1 == 0 }

// Inside reports an I- label: a token continuing an entity.
func (n NER) Inside() bool { return n.Class() != None && n&1 == 1 }

// String returns "O", "B-PERSON", "I-LOCATION"...
func (n NER) String() string {
	c := n.Class()
	switch {
	case c == None:
		return "O"
	case n&1 == 0:
		return "B-" + c.String()
	default:
		return "I-" + c.String()
	}
}
