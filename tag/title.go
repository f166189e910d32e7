package tag

import (
	_ "embed"
	"strings"

	"github.com/saywho/saywho/token"
)

// titles.txt lists job titles and roles (spokesman, prime minister). The
// silver training data has no TITLE class, so titles come from this
// lexicon rather than from the model.
//
//go:embed titles.txt
var titlesTxt string

var (
	titles        = map[string]bool{}
	maxTitleWords = 1
)

func init() {
	for _, line := range strings.Split(titlesTxt, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		titles[line] = true
		maxTitleWords = max(maxTitleWords, len(strings.Fields(line)))
	}
}

// markTitles labels TITLE the longest runs of tokens that spell a title
// of the lexicon, lie outside any entity the model found, and end in a
// noun ("Prime Minister", "spokesman", "officials"; not "general" the
// adjective nor "head" the verb).
func markTitles(text string, toks []token.Token, pos []POS, ner []NER) {
	var buf [64]byte
	for i := 0; i < len(toks); i++ {
		if ner[i] != 0 || !pos[i].IsNoun() && !pos[i].IsAdjective() {
			continue
		}
		best := 0
		key := buf[:0]
		for k := 0; k < maxTitleWords && i+k < len(toks); k++ {
			j := i + k
			if ner[j] != 0 {
				break
			}
			w := tokenText(text, toks[j])
			if k > 0 {
				key = append(key, ' ')
			}
			key = appendLower(key, w)
			if len(key) > len(buf) {
				break
			}
			if pos[j].IsNoun() && isTitle(key) {
				best = k + 1
			}
		}
		for k := 0; k < best; k++ {
			ner[i+k] = Label(Title, k > 0)
		}
		if best > 0 {
			i += best - 1
		}
	}
}

// isTitle looks key, a lower-cased run of words, up in the lexicon, also
// as the plural of a title (officials, spokesmen; not attorneys general).
func isTitle(key []byte) bool {
	if titles[string(key)] { // no allocation for a map lookup
		return true
	}
	n := len(key)
	switch {
	case n > 3 && string(key[n-3:]) == "men":
		var b [64]byte
		return titles[string(append(append(b[:0], key[:n-3]...), "man"...))]
	case n > 2 && string(key[n-2:]) == "es" && titles[string(key[:n-2])]:
		return true
	case n > 1 && key[n-1] == 's':
		return titles[string(key[:n-1])]
	}
	return false
}

// appendLower appends w lower-cased (ASCII letters) to b.
func appendLower(b []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}
