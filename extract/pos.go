package extract

import "github.com/saywho/saywho/tag"

// Word classes the rules test, folded from Penn tags once so that a test
// is one table read.
type wclass uint16

const (
	cVerb wclass = 1 << iota
	cNoun
	cProper
	cAdj
	cDet
	cPron    // personal pronoun
	cPossPro // possessive pronoun: his, her, their
	cAdv
	cNum
	cPrep // preposition or subordinating conjunction (IN), also TO
	cModal
	cPossMark // 's
	cWh       // who, which, that (WDT, WP)
	cConj
	cPart // particle (RP)
	cGerund
)

var classOf [256]wclass

func init() {
	for p := 0; p < 256; p++ {
		var c wclass
		switch tag.POS(p).String() {
		case "VB", "VBD", "VBP", "VBZ", "VBN":
			c = cVerb
		case "VBG":
			c = cVerb | cGerund
		case "NN", "NNS":
			c = cNoun
		case "NNP", "NNPS":
			c = cNoun | cProper
		case "JJ", "JJR", "JJS":
			c = cAdj
		case "DT", "PDT":
			c = cDet
		case "PRP":
			c = cPron
		case "PRP$":
			c = cPossPro
		case "RB", "RBR", "RBS":
			c = cAdv
		case "CD":
			c = cNum
		case "IN", "TO":
			c = cPrep
		case "MD":
			c = cModal
		case "POS":
			c = cPossMark
		case "WDT", "WP", "WP$", "WRB":
			c = cWh
		case "CC":
			c = cConj
		case "RP":
			c = cPart
		}
		classOf[p] = c
	}
}

func (d *doc) is(i int, c wclass) bool {
	return i >= 0 && i < len(d.pos) && classOf[d.pos[i]]&c != 0
}
