// Package key turns a name into the form the gazetteer indexes it by, so
// that the generator and the lookups agree on one definition.
//
// A key is lower case, without diacritics, with apostrophes and full stops
// dropped (so "U.S." and "US", "Côte d'Ivoire" and "Cote dIvoire" meet),
// "&" spelled "and", and every other run of non-letters one space. Runs of
// single letters are joined ("U. S. A." -> "usa"), because that is how
// initials are written with spaces.
package key

import (
	"unicode"
	"unicode/utf8"
)

// Append appends the key of s to dst and returns the extended slice. It
// never fails: bytes that are not valid UTF-8 are separators.
func Append(dst []byte, s string) []byte {
	start := len(dst)
	dst, _ = add(dst, start, false, s)
	return Merge(dst, start)
}

// AppendWords appends the key of words as if they were written with a
// space between each.
func AppendWords(dst []byte, words []string) []byte {
	start := len(dst)
	sep := false
	for _, w := range words {
		// A clitic token ("'s") belongs to the word before it.
		if r, _ := utf8.DecodeRuneInString(w); !IsApostrophe(r) {
			sep = true
		}
		dst, sep = add(dst, start, sep, w)
	}
	return Merge(dst, start)
}

// put appends c to dst, after a space if one is pending and dst[start:]
// is not empty.
func put(dst []byte, start int, sep bool, c byte) []byte {
	if sep && len(dst) > start {
		dst = append(dst, ' ')
	}
	return append(dst, c)
}

// add appends the key of s; sep says a separator is pending, and the
// result says whether one is pending after s.
func add(dst []byte, start int, sep bool, s string) ([]byte, bool) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '+':
				dst, sep = put(dst, start, sep, c), false
			case 'A' <= c && c <= 'Z':
				dst, sep = put(dst, start, sep, c+'a'-'A'), false
			case c == '.' || c == '\'' || c == '`':
				// Joined: "U.S." is "US", "Sana'a" is "Sanaa".
			case c == '&':
				dst = put(dst, start, true, 'a')
				dst = append(dst, 'n', 'd')
				sep = true
			default:
				sep = true
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if r == utf8.RuneError && n == 1 {
			sep = true
			continue
		}
		if IsApostrophe(r) {
			continue
		}
		// Fold the lower-case form too: some capitals have no
		// decomposition of their own while their small letter folds (Ƒ, ƒ).
		f, ok := fold(r)
		if !ok {
			f, ok = fold(unicode.ToLower(r))
		}
		if ok {
			for j := 0; j < len(f); j++ {
				dst, sep = put(dst, start, sep, f[j]), false
			}
			continue
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if sep && len(dst) > start {
				dst = append(dst, ' ')
			}
			sep = false
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		case unicode.Is(unicode.Mn, r):
			// A combining mark of decomposed input: the base letter is
			// already there.
		default:
			sep = true
		}
	}
	return dst, sep
}

// IsApostrophe reports whether r is one of the marks written for an
// apostrophe or an ʻokina, which keys drop.
func IsApostrophe(r rune) bool {
	switch r {
	case '\'', '`', '\u00B4', '\u2018', '\u2019', '\u02BB', '\u02BC', '\u02B9', '\u2032':
		return true
	}
	return false
}

// fold maps a Latin letter with diacritics (or a ligature) to its lower-case
// ASCII letters.
func fold(r rune) (string, bool) {
	var s string
	switch {
	case r >= latinFirst && r < latinFirst+rune(len(foldLatin)):
		s = foldLatin[r-latinFirst]
	case r >= extFirst && r < extFirst+rune(len(foldExt)):
		s = foldExt[r-extFirst]
	}
	return s, s != ""
}

// Merge joins runs of one-letter words in key[start:] in place ("u s a" ->
// "usa") and returns the slice.
func Merge(key []byte, start int) []byte {
	k := key[start:]
	w := 0 // write position in k
	prevSingle := false
	for i := 0; i < len(k); {
		j := i
		for j < len(k) && k[j] != ' ' {
			j++
		}
		single := isOneLetter(k[i:j])
		if w > 0 && !(single && prevSingle) {
			k[w] = ' '
			w++
		}
		w += copy(k[w:], k[i:j])
		prevSingle = single
		i = j + 1
	}
	return key[:start+w]
}

func isOneLetter(w []byte) bool {
	if len(w) == 1 {
		return w[0] >= 'a' && w[0] <= 'z'
	}
	r, n := utf8.DecodeRune(w)
	return n == len(w) && n > 1 && unicode.IsLetter(r)
}
