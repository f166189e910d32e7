package tag

import (
	"unicode"
	"unicode/utf8"

	"github.com/saywho/saywho/perceptron"
	"github.com/saywho/saywho/token"
)

// Feature templates. Their numbers are part of the model: changing them
// needs retraining.
const (
	fBias uint64 = iota + 1
	fWord
	fLower
	fSuffix3
	fSuffix2
	fPrefix1
	fPrefix3
	fShape
	fPrev1
	fPrev12
	fPrev1Word
	fPrevLower
	fPrevSuffix3
	fPrev2Lower
	fNextLower
	fNextSuffix3
	fNext2Lower
	fFirstShape
	fQuote
	fPOS
	fPrevPOS
	fNextPOS
	fPrev1Shape
	fPrevWord
	fNextWord
	fShapes3
	fFirstWord
	fBigramPrev
	fBigramNext
	fPrev1Prev2
	fInQuote
)

// FNV-1a, the hash of words in features and in the tag dictionaries. It
// is part of the model file format.
const (
	fnvOffset uint64 = 14695981039346656037
	fnvPrime  uint64 = 1099511628211
)

func hashBytes(s string) uint64 {
	h := fnvOffset
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func hashLower(s string) uint64 {
	h := fnvOffset
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

// feat combines a template with up to two values into one hashed feature.
func feat(t, a, b uint64) perceptron.Feature {
	h := a*0x9E3779B97F4A7C15 ^ b*0xC2B2AE3D27D4EB4F ^ t*0x165667B19E3779F9
	h ^= h >> 31
	return perceptron.Feature(h)
}

// word holds the hashes of one token that features combine, computed once
// per token.
type word struct {
	word, lower, suf3, suf2, pre1, pre3, shape uint64
	first                                      bool // first token of its sentence
	upper                                      bool // starts with a capital
	quote                                      uint64
}

// describe fills w for token tk of text; first says whether it opens its
// sentence, side is the token's QuoteSide when it is a Quote.
func describe(w *word, s string, first bool, side token.Side) {
	w.word = hashBytes(s)
	w.lower = hashLower(s)
	n := len(s)
	w.suf3 = hashLower(s[max(0, n-3):])
	w.suf2 = hashLower(s[max(0, n-2):])
	w.pre1 = hashBytes(s[:min(n, 1)])
	w.pre3 = hashLower(s[:min(n, 3)])
	w.shape = shape(s)
	w.first = first
	r, _ := utf8.DecodeRuneInString(s)
	w.upper = unicode.IsUpper(r)
	w.quote = uint64(side)
}

// shape hashes the word's shape: capitals X, small letters x, digits d,
// other characters themselves, runs cut to two (Peskov Xxx, U.S. X.X.,
// 22.94 dd.dd), at most 12 characters looked at past the first 8.
func shape(s string) uint64 {
	h := fnvOffset
	var prev rune = -1
	run := 0
	n := 0
	for _, r := range s {
		n++
		if n > 20 {
			break
		}
		var c rune
		switch {
		case r < utf8.RuneSelf:
			switch {
			case 'A' <= r && r <= 'Z':
				c = 'X'
			case 'a' <= r && r <= 'z':
				c = 'x'
			case '0' <= r && r <= '9':
				c = 'd'
			default:
				c = r
			}
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLetter(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		default:
			c = r
		}
		if c == prev {
			run++
			if run >= 2 {
				continue
			}
		} else {
			run = 0
		}
		prev = c
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

// posFeatures appends the features for tagging word i of ws with part of
// speech, given the two tags before it (model classes + 1, 0 at the
// sentence start).
func posFeatures(fs []perceptron.Feature, ws []word, i int, p1, p2 uint64) []perceptron.Feature {
	return posContext(posLocal(fs, &ws[i]), ws, i, p1, p2)
}

// posLocal appends the part-of-speech features that depend on the word
// alone, whose weights the tagger sums once per known word at load time.
func posLocal(fs []perceptron.Feature, w *word) []perceptron.Feature {
	return append(fs,
		feat(fBias, 0, 0),
		feat(fWord, w.word, 0),
		feat(fLower, w.lower, 0),
		feat(fSuffix3, w.suf3, 0),
		feat(fSuffix2, w.suf2, 0),
		feat(fPrefix1, w.pre1, 0),
		feat(fShape, w.shape, 0),
	)
}

// posContext appends the part-of-speech features of word i that depend on
// its neighbours, its place and the tags before it.
func posContext(fs []perceptron.Feature, ws []word, i int, p1, p2 uint64) []perceptron.Feature {
	w := &ws[i]
	var prev, prev2, next, next2 *word = &noWord, &noWord, &noWord, &noWord
	if i > 0 {
		prev = &ws[i-1]
	}
	if i > 1 {
		prev2 = &ws[i-2]
	}
	if i+1 < len(ws) {
		next = &ws[i+1]
	}
	if i+2 < len(ws) {
		next2 = &ws[i+2]
	}
	first := uint64(0)
	if w.first {
		first = 1
	}
	fs = append(fs,
		feat(fPrev1, p1, 0),
		feat(fPrev12, p1, p2),
		feat(fPrev1Word, p1, w.lower),
		feat(fPrevLower, prev.lower, 0),
		feat(fPrevSuffix3, prev.suf3, 0),
		feat(fPrev2Lower, prev2.lower, 0),
		feat(fNextLower, next.lower, 0),
		feat(fNextSuffix3, next.suf3, 0),
		feat(fNext2Lower, next2.lower, 0),
		feat(fFirstShape, first, w.shape),
	)
	if w.quote != 0 {
		fs = append(fs, feat(fQuote, w.quote, w.word))
	}
	return fs
}

// noWord stands for the words before and after a sentence.
var noWord word

// nerFeatures appends the features for labelling word i of ws with an
// entity class, given its part-of-speech tags and the classes of the two
// words before (model classes + 1, 0 at the sentence start).
func nerFeatures(fs []perceptron.Feature, ws []word, pos []POS, i int, n1, n2 uint64, inQuote bool) []perceptron.Feature {
	return nerContext(nerLocal(fs, &ws[i]), ws, pos, i, n1, n2, inQuote)
}

// nerLocal appends the entity features that depend on the word alone.
func nerLocal(fs []perceptron.Feature, w *word) []perceptron.Feature {
	return append(fs,
		feat(fBias, 0, 0),
		feat(fWord, w.word, 0),
		feat(fLower, w.lower, 0),
		feat(fShape, w.shape, 0),
		feat(fSuffix3, w.suf3, 0),
		feat(fPrefix3, w.pre3, 0),
	)
}

// nerContext appends the entity features of word i that depend on its
// neighbours, its tags and the classes before it.
func nerContext(fs []perceptron.Feature, ws []word, pos []POS, i int, n1, n2 uint64, inQuote bool) []perceptron.Feature {
	w := &ws[i]
	var prev, prev2, next, next2 *word = &noWord, &noWord, &noWord, &noWord
	var pp, np uint64
	if i > 0 {
		prev = &ws[i-1]
		pp = uint64(pos[i-1])
	}
	if i > 1 {
		prev2 = &ws[i-2]
	}
	if i+1 < len(ws) {
		next = &ws[i+1]
		np = uint64(pos[i+1])
	}
	if i+2 < len(ws) {
		next2 = &ws[i+2]
	}
	p := uint64(pos[i])
	first := uint64(0)
	if w.first {
		first = 1
	}
	q := uint64(0)
	if inQuote {
		q = 1
	}
	return append(fs,
		feat(fPOS, p, 0),
		feat(fPrevPOS, pp, p),
		feat(fNextPOS, p, np),
		feat(fPrev1, n1, 0),
		feat(fPrev1Prev2, n1, n2),
		feat(fPrev1Shape, n1, w.shape),
		feat(fPrev1Word, n1, w.word),
		feat(fPrevWord, prev.word, 0),
		feat(fNextWord, next.word, 0),
		feat(fPrev2Lower, prev2.lower, 0),
		feat(fNext2Lower, next2.lower, 0),
		feat(fShapes3, prev.shape*31+next.shape, w.shape),
		feat(fFirstWord, first, w.word),
		feat(fInQuote, q, w.shape),
	)
}
