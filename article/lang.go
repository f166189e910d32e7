package article

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
)

// langCode reduces a language tag ("en-US", "en_GB", "EN") to its ISO
// 639-1 code, or "" when it is not one.
func langCode(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	if len(tag) != 2 || tag[0] < 'a' || tag[0] > 'z' || tag[1] < 'a' || tag[1] > 'z' {
		return ""
	}
	return tag
}

// detectSample is how much text language detection reads: a few
// paragraphs decide it, and the rest would only cost time.
const detectSample = 1024

// detectLanguage guesses the ISO 639-1 code of a text, or "" when the guess
// is not reliable. whatlanggo costs about a millisecond an article, far
// more than reading it, so English, the language of most of the corpus, is
// first recognised by its function words; everything else goes to
// whatlanggo.
func detectLanguage(text string) string {
	if len(text) > detectSample {
		cut := detectSample
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	if looksEnglish(text) {
		return "en"
	}
	info := whatlanggo.Detect(text)
	if !info.IsReliable() {
		return ""
	}
	return info.Lang.Iso6391()
}

// englishWords are the commonest English words that are rare as words in
// other languages written in Latin script ("a", "in" and "to" are not
// among them for that reason).
var englishWords = map[string]bool{
	"the": true, "of": true, "and": true, "that": true, "is": true, "was": true,
	"for": true, "on": true, "with": true, "said": true, "as": true, "at": true,
	"by": true, "he": true, "it": true, "his": true, "from": true, "are": true,
	"have": true, "has": true, "be": true, "this": true, "not": true, "they": true,
	"were": true, "which": true, "who": true, "their": true, "will": true, "would": true,
}

// looksEnglish reports a text of at least 30 words of which an eighth or
// more are common English function words. English news prose has a
// quarter to a third, even among headlines and names; in French, German,
// Dutch, Spanish or Portuguese the few look-alikes ("on", "was", "is", "as")
// stay under a twentieth.
func looksEnglish(text string) bool {
	words, hits := 0, 0
	for w := range strings.FieldsFuncSeq(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
		words++
		if len(w) <= 5 && englishWords[strings.ToLower(w)] {
			hits++
		}
	}
	return words >= 30 && hits*8 >= words
}
