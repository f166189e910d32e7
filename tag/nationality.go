package tag

import (
	"github.com/saywho/saywho/gazetteer"
	"github.com/saywho/saywho/token"
)

// markNationalities relabels NATIONALITY the one-word MISC entities that
// the gazetteer knows as demonyms ("Japanese", "Russians"): the CoreNLP
// analysis the model learnt from predates that class and calls them MISC,
// together with "Republican", "Christian" and titles of works.
func markNationalities(text string, toks []token.Token, ner []NER) {
	for i := range ner {
		if ner[i] != Label(Misc, false) || i+1 < len(ner) && ner[i+1] == Label(Misc, true) {
			continue
		}
		if _, ok := gazetteer.Demonym(tokenText(text, toks[i])); ok {
			ner[i] = Label(Nationality, false)
		}
	}
}
