package token

import (
	_ "embed"
	"strings"
)

// abbrev.txt is mined from Stanford CoreNLP's tokens of the PolNeAR
// training split (see TestMineLists): the letter-only words that CoreNLP
// kept together with a final period at least twice. Flags: "title" when
// the word was followed by a capitalised name nearly always (Mr. Sen.
// Gov.), so that it never ends a sentence; "number" when it was followed
// by a number nearly always (No. 1), so that it is an abbreviation only
// there. Acronyms (U.S. p.m.) and initials (J.) are found by rule, not
// listed.
//
//go:embed abbrev.txt
var abbrevTxt string

// extraAbbrevs are common abbreviations of news text the training split
// happens not to hold twice; added by hand.
var extraAbbrevs = []string{
	"Apr", "Mar", "Jun", "Jul", "Sep",
	"Prof title", "Mt title", "Hon title", "Maj title", "Cmdr title", "Supt title", "Msgr title",
	"Ltd", "Bros", "Ave", "Blvd", "Dept", "Univ", "Assn", "approx", "est", "cf", "al",
	"Ala", "Conn", "Del", "Ga", "Kan", "La", "Minn", "Mont", "Neb", "Okla", "Tenn", "Wash",
	"Nos number",
}

// abbreviation flags
const (
	title        = 1 << iota // precedes a name; never ends a sentence
	beforeNumber             // an abbreviation only before a number
)

var (
	abbrevs      = map[string]uint8{}
	maxAbbrevLen int
)

func init() {
	add := func(line string) {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			return
		}
		var flags uint8
		for _, x := range f[1:] {
			switch x {
			case "title":
				flags |= title
			case "number":
				flags |= beforeNumber
			}
		}
		abbrevs[f[0]] |= flags
		maxAbbrevLen = max(maxAbbrevLen, len(f[0]))
	}
	for _, line := range strings.Split(abbrevTxt, "\n") {
		add(line)
	}
	for _, line := range extraAbbrevs {
		add(line)
	}
}

// tlds are the top-level domains that make "name.tld" one token.
var tlds = map[string]bool{
	"com": true, "org": true, "net": true, "gov": true, "edu": true, "mil": true,
	"int": true, "info": true, "biz": true, "io": true, "co": true, "us": true,
	"uk": true, "ca": true, "au": true, "de": true, "fr": true, "ru": true,
	"ua": true, "cn": true, "jp": true, "eu": true, "tv": true,
	"ly": true, "fm": true, "news": true, "ai": true,
	"es": true, "nl": true, "ch": true, "se": true, "pl": true,
	"il": true, "br": true, "mx": true, "ir": true, "sy": true, "tr": true,
}
