package identity

import (
	"strings"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/gazetteer"
)

// bodyWords end a phrase that names a body after a person or a place:
// "the Trump campaign", "the Obama administration", "Clinton's team".
// A speaker printed so is the body, not the person.
var bodyWords = map[string]bool{
	"campaign": true, "administration": true, "organization": true, "organisation": true,
	"foundation": true, "company": true, "corporation": true, "corp": true, "group": true,
	"team": true, "camp": true, "government": true, "office": true, "staff": true,
	"family": true,
}

// SpeakerName is the name a statement's speaker has within the corpus,
// given its name and type as the article's analysis resolved them and
// its mention as printed. It is the name itself, except where the
// mention names a body after the speaker's name: "the Trump campaign"
// resolved to "Trump" is the organisation "Trump campaign", not the
// person, and stays apart from him.
func SpeakerName(name string, typ saywho.SpeakerType, mention string) (string, saywho.SpeakerType) {
	if name == "" || mention == "" {
		return name, typ
	}
	nw := nameWords(name)
	// Split on spaces only: "Kurt Walters, the campaign's director" is
	// a person with an apposition, not a campaign.
	mw := strings.Fields(strings.TrimRight(strings.TrimSpace(mention), ".,;:!?)\"'’”"))
	for len(mw) > 0 && determiners[fold(mw[0])] {
		mw = mw[1:]
	}
	// The name, then one to three words ending the mention with a body
	// word: "Trump campaign", "Bernie Sanders presidential campaign".
	// "Trump campaign manager" is a person.
	if len(mw) <= len(nw) || len(mw) > len(nw)+3 || !bodyWords[fold(mw[len(mw)-1])] {
		return name, typ
	}
	for i, w := range nw {
		m := mw[i]
		if i == len(nw)-1 {
			m = trimPossessive(m)
		}
		if fold(w) != fold(m) || strings.HasSuffix(mw[i], ",") {
			return name, typ
		}
	}
	for _, w := range mw[len(nw) : len(mw)-1] {
		if determiners[fold(w)] || strings.ContainsAny(w, ",;:") {
			return name, typ
		}
	}
	out := make([]string, 0, len(mw))
	out = append(out, nw...)
	out = append(out, mw[len(nw):]...)
	return strings.Join(out, " "), saywho.Organization
}

// CanonicalOrganization returns the canonical name of an organisation and whether
// the given name stands for it by metonymy: "SVR" and "Russia's Foreign
// Intelligence Service" are the "Foreign Intelligence Service of Russia";
// "the Kremlin" stands for the "Russian presidency" (a metonym, not an
// alias: the Kremlin is a building, and not Russia). Names the gazetteer
// does not know are returned as they are.
func CanonicalOrganization(name string) (canonical string, metonym bool) {
	e, ok := gazetteer.Lookup(strings.TrimSpace(name))
	if !ok {
		return strings.TrimSpace(name), false
	}
	switch {
	case e.Kind == gazetteer.Seat && e.Stands != "":
		return e.Stands, true
	case e.Kind.IsOrganization(), e.Kind == gazetteer.Country, e.Kind == gazetteer.Territory:
		return e.Name, false
	}
	// A capital or city as a speaker stands for its government; the
	// extractor says so when it does (saywho.Entity.Metonym).
	return strings.TrimSpace(name), false
}

// CanonicalPlace returns the canonical name of a place: "Kiev" is "Kyiv", "Peking"
// is "Beijing". Names the gazetteer does not know are returned as they are.
func CanonicalPlace(name string) string {
	e, ok := gazetteer.Lookup(strings.TrimSpace(name))
	if !ok || !e.Kind.IsPlace() {
		return strings.TrimSpace(name)
	}
	return e.Name
}

// NameKey folds a name to the key identity compares names by: words
// lower-cased, without diacritics or punctuation, possessives and a
// leading "the" dropped. "The Kremlin's" and "kremlin" have one key.
func NameKey(s string) string {
	ws := nameWords(s)
	out := make([]string, 0, len(ws))
	for i, w := range ws {
		k := fold(w)
		if k == "" || i == 0 && k == "the" && len(ws) > 1 {
			continue
		}
		out = append(out, k)
	}
	return strings.Join(out, " ")
}
