package identity

import (
	"strings"
)

// determiners open a role phrase without changing the role: "the Kremlin
// spokesman" is the role "Kremlin spokesman".
var determiners = map[string]bool{"the": true, "a": true, "an": true, "then": true}

// possessivePronouns make a role phrase relative to someone the phrase does
// not name ("his spokesman"): no role to look up.
var possessivePronouns = map[string]bool{"his": true, "her": true, "their": true, "its": true, "our": true, "my": true, "your": true}

// RoleKey folds a role as an article states it ("the Kremlin spokesman",
// "White House Press Secretary") to the key roles are compared by: words
// lower-cased without diacritics or punctuation, leading articles
// dropped. "former" is kept: a former secretary of state does not hold
// the office. It returns "" for a phrase relative to someone unnamed
// ("his spokesman") or with no word.
func RoleKey(role string) string {
	ws := roleWords(role)
	for len(ws) > 0 && determiners[ws[0]] {
		ws = ws[1:]
	}
	if len(ws) == 0 || possessivePronouns[ws[0]] {
		return ""
	}
	return strings.Join(ws, " ")
}

func roleWords(s string) []string {
	var out []string
	for _, w := range nameWords(s) {
		if k := fold(w); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// roleHead is the noun a role key is about: the word before a
// preposition ("secretary" of "former secretary of state", "senator" of
// "senator from Ohio"), else the last word, in the singular. Roles with
// one head are compatible context for a surname: "President Obama" and
// "U.S. President" are both presidents.
func roleHead(key string) string {
	return singular(headWord(key))
}

// roleHeadPreps end the head of a role phrase.
var roleHeadPreps = map[string]bool{"of": true, "from": true, "at": true, "for": true, "in": true, "to": true, "with": true, "on": true}

func headWord(key string) string {
	ws := strings.Fields(key)
	if len(ws) == 0 {
		return ""
	}
	for i, w := range ws {
		if roleHeadPreps[w] && i > 0 {
			return ws[i-1]
		}
	}
	return ws[len(ws)-1]
}

func singular(w string) string {
	switch {
	case strings.HasSuffix(w, "men"):
		return w[:len(w)-3] + "man"
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && len(w) > 3:
		return w[:len(w)-1]
	}
	return w
}

// plural reports whether a role key names several people ("presidential
// candidates"): no one person holds it.
func plural(key string) bool {
	h := headWord(key)
	return singular(h) != h
}

// indefinites open a phrase about someone unspecified: "a federal judge",
// "one official", "some aides" are not the holder of an office.
var indefinites = map[string]bool{"a": true, "an": true, "one": true, "another": true, "some": true,
	"several": true, "many": true, "two": true, "three": true, "other": true, "any": true}

// pronouns open no role phrase.
var pronouns = map[string]bool{"he": true, "she": true, "they": true, "it": true, "we": true, "i": true,
	"you": true, "who": true, "which": true, "that": true, "this": true, "these": true, "those": true}

// roleOnly returns the role key of a speaker's mention when the mention
// can name one holder of an office: a definite phrase of two words or
// more ("the Kremlin spokesman"), not "a federal judge", "his aide", "he"
// or "the official".
func roleOnly(mention string) string {
	ws := nameWords(mention)
	if len(ws) == 0 {
		return ""
	}
	if w := fold(ws[0]); indefinites[w] || pronouns[w] {
		return ""
	}
	k := RoleKey(mention)
	if !specificRole(k) {
		return ""
	}
	return k
}

// specificRole reports whether a role key says enough to name one office
// holder in a given period: "kremlin spokesman", "former secretary of
// state", not "spokesman" or "official".
func specificRole(key string) bool {
	return strings.Count(key, " ") >= 1
}
