package sqlite

import (
	"context"
	"database/sql"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/saywho/saywho/store"
)

// Searches are ranked here rather than by FTS5's bm25(): bm25() counts, on
// its first call in every query, the statements holding each phrase by
// reading the phrase's whole posting list, so a query with a common word
// ("that" is in 40% of statements) cost half a second on a million
// statements however few rows it returned. Here FTS5 only finds the
// matches (posting lists intersected by seeking, filters included as
// tags), the document frequencies come from the word_docs table that Put
// keeps (one index lookup a word), and the same BM25 formula is computed
// in Go over the matches' texts.

// RankCap bounds the matches ranked for one search. A query matching more
// (a common word and no filter) ranks the RankCap most recently stored
// matches and says so (Results.Capped): refine it to rank across all.
const RankCap = 1000

// BM25 parameters, those of FTS5.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// fold splits s into the index's words: lower case, diacritics removed,
// letters and digits, as the unicode61 tokenizer with remove_diacritics
// does for the languages it serves.
func fold(s string) []string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if !ascii {
		var b strings.Builder
		for _, r := range norm.NFD.String(s) {
			if !unicode.Is(unicode.Mn, r) {
				b.WriteRune(r)
			}
		}
		s = b.String()
	}
	return strings.FieldsFunc(strings.ToLower(s), func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) })
}

// scanDoc counts the words of text and how often each term occurs in it,
// as fold would split them, without building the words: ASCII words are
// compared in place, and only words with other letters are folded.
func scanDoc(text string, terms []rankTerm) (n int, tf []int) {
	tf = make([]int, len(terms))
	for word, ascii, next := nextWord(text, 0); word != ""; word, ascii, next = nextWord(text, next) {
		if !ascii {
			for _, f := range fold(word) {
				n++
				for k, t := range terms {
					if f == t.word || t.prefix && strings.HasPrefix(f, t.word) {
						tf[k]++
					}
				}
			}
			continue
		}
		n++
		for k, t := range terms {
			if len(word) == len(t.word) && asciiEqualFold(word, t.word) ||
				t.prefix && len(word) >= len(t.word) && asciiEqualFold(word[:len(t.word)], t.word) {
				tf[k]++
			}
		}
	}
	return n, tf
}

// nextWord returns the first run of word runes in text at or after byte
// i, whether it is all ASCII, and the offset just past it; "" at the end
// of text.
func nextWord(text string, i int) (word string, ascii bool, next int) {
	for i < len(text) {
		w, size := wordRune(text, i)
		if w {
			break
		}
		i += size
	}
	j := i
	ascii = true
	for j < len(text) {
		w, size := wordRune(text, j)
		if !w {
			break
		}
		if size > 1 || text[j] >= utf8.RuneSelf {
			ascii = false
		}
		j += size
	}
	return text[i:j], ascii, j
}

// wordRune reports whether the rune at text[i:] belongs to a word, and its
// size.
func wordRune(text string, i int) (bool, int) {
	c := text[i]
	if c < utf8.RuneSelf {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9', 1
	}
	r, size := utf8.DecodeRuneInString(text[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r), size
}

// asciiEqualFold compares an ASCII word with a lower-case term.
func asciiEqualFold(word, term string) bool {
	for i := 0; i < len(word); i++ {
		c := word[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != term[i] {
			return false
		}
	}
	return true
}

// rankTerm is one word to score: a whole word or a prefix.
type rankTerm struct {
	word   string
	prefix bool
	idf    float64
}

// rankTerms turns the positive terms of a query into scored words. A
// phrase counts as its words.
func rankTerms(terms []store.Term) []rankTerm {
	seen := map[string]bool{}
	var out []rankTerm
	for _, t := range terms {
		if t.Not {
			continue
		}
		for i, w := range t.Words {
			for _, f := range fold(w) {
				p := t.Prefix && i == len(t.Words)-1
				k := f
				if p {
					k += "*"
				}
				if !seen[k] {
					seen[k] = true
					out = append(out, rankTerm{word: f, prefix: p})
				}
			}
		}
	}
	return out
}

// ranked is a match with its score.
type ranked struct {
	id    int64
	score float64
	text  string
	terms []rankTerm
}

// snippet returns the part of text around its first matching word, up to
// snippetWords words, with matching words in [brackets] and … where text
// was cut: FTS5's snippet() would re-run the query for each hit, which for
// a prefix means merging the posting lists of every word it starts.
func (r ranked) snippet() string {
	type word struct {
		start, end int
		match      bool
	}
	var ws []word
	first := -1
	in := false
	for i, c := range r.text {
		isWord := unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.Is(unicode.Mn, c)
		switch {
		case isWord && !in:
			ws = append(ws, word{start: i})
			in = true
		case !isWord && in:
			ws[len(ws)-1].end = i
			in = false
		}
	}
	if in {
		ws[len(ws)-1].end = len(r.text)
	}
	for k := range ws {
		for _, f := range fold(r.text[ws[k].start:ws[k].end]) {
			for _, t := range r.terms {
				if f == t.word || t.prefix && strings.HasPrefix(f, t.word) {
					ws[k].match = true
				}
			}
		}
		if ws[k].match && first < 0 {
			first = k
		}
	}
	if len(ws) == 0 {
		return r.text
	}
	from := 0
	if first > snippetWords/3 {
		from = first - snippetWords/3
	}
	to := min(from+snippetWords, len(ws))
	if to-from < snippetWords {
		from = max(0, to-snippetWords)
	}
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	pos := ws[from].start
	if from == 0 {
		pos = 0
	}
	for k := from; k < to; k++ {
		b.WriteString(r.text[pos:ws[k].start])
		if ws[k].match {
			b.WriteString("[" + r.text[ws[k].start:ws[k].end] + "]")
		} else {
			b.WriteString(r.text[ws[k].start:ws[k].end])
		}
		pos = ws[k].end
	}
	if to < len(ws) {
		b.WriteString("…")
	} else {
		b.WriteString(r.text[pos:])
	}
	return b.String()
}

// snippetWords is the length of a snippet.
const snippetWords = 24

// rank finds the statements matching the FTS5 expression match (and the
// date conditions of w), scores them and returns the page [offset,
// offset+limit), best first; more says whether a next page exists, capped
// whether there were more than RankCap matches.
func (db *DB) rank(ctx context.Context, match string, terms []store.Term, w *where, offset, limit int) (page []ranked, more, capped bool, err error) {
	rows, err := db.r.QueryContext(ctx, `SELECT f.rowid, s.text FROM statements_fts f JOIN statements s ON s.id = f.rowid
		WHERE statements_fts MATCH ?`+w.dateSQL()+` ORDER BY f.rowid DESC LIMIT ?`,
		append(append([]any{match}, w.dargs...), RankCap+1)...)
	if err != nil {
		return nil, false, false, err
	}
	type cand struct {
		id   int64
		text string
	}
	var cands []cand
	total := 0
	for rows.Next() {
		var c cand
		if err := rows.Scan(&c.id, &c.text); err != nil {
			rows.Close()
			return nil, false, false, err
		}
		cands = append(cands, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, false, false, err
	}
	if len(cands) > RankCap {
		cands, capped = cands[:RankCap], true
	}
	if len(cands) == 0 {
		return nil, false, capped, nil
	}

	rts := rankTerms(terms)
	last, err := lastStatement(ctx, db.r)
	if err != nil {
		return nil, false, false, err
	}
	n := float64(last)
	for i := range rts {
		var df sql.NullFloat64
		if rts[i].prefix {
			err = db.r.QueryRowContext(ctx, `SELECT sum(doc) FROM word_docs WHERE term >= ? AND term < ?`,
				rts[i].word, rts[i].word+"\U0010FFFF").Scan(&df)
		} else {
			err = db.r.QueryRowContext(ctx, `SELECT doc FROM word_docs WHERE term = ?`, rts[i].word).Scan(&df)
		}
		if err != nil && err != sql.ErrNoRows {
			return nil, false, false, err
		}
		d := math.Min(df.Float64, n)
		rts[i].idf = math.Max(math.Log((n-d+0.5)/(d+0.5)), 1e-6)
	}
	lens := make([]int, len(cands))
	tfs := make([][]int, len(cands))
	for i, c := range cands {
		lens[i], tfs[i] = scanDoc(c.text, rts)
		total += lens[i]
	}
	avg := math.Max(float64(total)/float64(len(cands)), 1)
	scores := make([]ranked, len(cands))
	for i, c := range cands {
		var s float64
		for k, t := range rts {
			if tfs[i][k] == 0 {
				continue
			}
			f := float64(tfs[i][k])
			s += t.idf * f * (bm25K1 + 1) / (f + bm25K1*(1-bm25B+bm25B*float64(lens[i])/avg))
		}
		scores[i] = ranked{c.id, math.Max(s, 1e-9), c.text, rts}
	}
	sort.SliceStable(scores, func(i, j int) bool { return scores[i].score > scores[j].score })
	if offset >= len(scores) {
		return nil, false, capped, nil
	}
	end := offset + limit
	if end >= len(scores) {
		end = len(scores)
	} else {
		more = true
	}
	return scores[offset:end], more, capped, nil
}
