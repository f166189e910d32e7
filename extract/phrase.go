package extract

import "github.com/saywho/saywho/token"

// Phrases by word class: the rules need noun phrases (sources), the
// adjuncts that stand between a cue and its content ("on Friday", "in a
// statement"), and clauses. Without a parser, these are shallow chunks
// over part-of-speech tags, kept conservative: a chunk that is too short
// still overlaps the right mention; one that is too long swallows content.

// npWord reports whether token i can sit inside a noun phrase.
func (d *doc) npWord(i int) bool {
	if d.is(i, cNoun|cAdj|cDet|cPossPro|cNum|cPossMark) || roleNouns[d.lower[i]] {
		return true
	}
	switch d.lower[i] {
	case "-", "&":
		return true
	}
	return false
}

// npRight returns the end of the noun phrase starting at token from, or
// from when there is none. Appositions ("Mike DuHaime, a Republican
// strategist") and parenthesised acronyms ("(SVR)") are included.
func (d *doc) npRight(from, limit int) int {
	if from >= limit {
		return from
	}
	if d.is(from, cPron) {
		return from + 1
	}
	i := from
	for i < limit && (d.npWord(i) || d.lower[i] == "of" && i > from && i+1 < limit && d.is(i+1, cProper|cDet)) {
		if d.is(i, cDet) && i > from && !d.is(i-1, cPossMark) && d.lower[i-1] != "of" {
			break // a second determiner starts another phrase
		}
		i++
	}
	if i == from || !d.is(i-1, cNoun|cNum|cPron) {
		return from
	}
	i = d.parenAcronym(i, limit)
	// Apposition: ", a Republican strategist" followed by the end, a
	// comma, or a colon.
	if i+1 < limit && d.isPunct(i, ",") && d.is(i+1, cDet|cNoun) {
		j := i + 1
		for j < limit && (d.npWord(j) || d.lower[j] == "of" && d.is(j+1, cProper|cDet|cNoun)) {
			j++
		}
		if j > i+1 && d.is(j-1, cNoun) && (j == limit || d.isPunct(j, ",") || d.isPunct(j, ":") || d.isPunct(j, ".")) {
			return j
		}
	}
	return i
}

// parenAcronym extends a phrase ending at i over "(SVR)".
func (d *doc) parenAcronym(i, limit int) int {
	if i+2 < limit && d.isPunct(i, "(") && d.isPunct(i+2, ")") && d.is(i+1, cProper|cNoun) {
		return i + 3
	}
	return i
}

// skippable words between a source and its cue: auxiliaries and the
// adverbs news puts there ("Peskov also said", "has repeatedly said").
func (d *doc) auxOrAdv(i int) bool {
	if d.is(i, cAdv|cModal) {
		return true
	}
	switch d.lower[i] {
	case "has", "have", "had", "was", "were", "is", "are", "did", "does", "do", "been", "be", "earlier", "later", "then", "first":
		return true
	}
	return false
}

// sourceLeft returns the source that ends right before cue start c
// (after auxiliaries and adverbs), or an empty range: a pronoun, a noun
// phrase, or a longer subject with appositions and relative clauses
// ("Paul Huntley, a Sanders delegate from California, said").
func (d *doc) sourceLeft(c, s0 int) (int, int) {
	j := c
	for j > s0 && d.auxOrAdv(j-1) {
		j--
	}
	if j <= s0 {
		return 0, 0
	}
	k := j - 1
	if d.is(k, cPron) || d.lower[k] == "who" || d.lower[k] == "which" {
		return k, j
	}
	if !d.isPunct(k, ",") {
		if start := d.npLeft(j, s0); start < j && (start == s0 || !d.isPunct(start-1, ",") && d.lower[start-1] != "who") {
			return start, j
		}
	}
	return d.subjectSpan(s0, j)
}

// subjectSpan finds the subject that ends at token j: the first start
// point, from the sentence start (after an introductory phrase) on to
// each comma or closing quote mark, from which the words up to j are a
// noun phrase with appositions and relative clauses.
func (d *doc) subjectSpan(s0, j int) (int, int) {
	end := j
	for end > s0 && d.isPunct(end-1, ",") {
		end--
	}
	for a := s0; a < end; a++ {
		if a > s0 && !d.isPunct(a-1, ",") && !d.isQuoteMark(a-1) && !d.isPunct(a-1, "—") {
			continue
		}
		if d.isQuoteMark(a) || d.isPunct(a, ",") {
			continue
		}
		if d.subjectOK(a, end) {
			return a, end
		}
	}
	return 0, 0
}

// subjectOK reports whether tokens [a, b) are a subject: comma-separated
// segments, the first a noun phrase (perhaps with a relative clause), the
// others appositions, places ("Calif."), ages ("33"), or relative
// clauses.
func (d *doc) subjectOK(a, b int) bool {
	seg := 0
	for a < b {
		e := a
		for e < b && !d.isPunct(e, ",") {
			e++
		}
		if !d.segmentOK(a, e, seg == 0) {
			return false
		}
		seg++
		a = e + 1
	}
	return seg > 0
}

func (d *doc) segmentOK(a, b int, first bool) bool {
	if a >= b {
		return false
	}
	switch d.lower[a] {
	case "who", "which", "whose":
		return !first
	}
	if !first && d.is(a, cNum) && b-a == 1 {
		return true // an age: "Ashley Yago, 33,"
	}
	e := d.npChain(a, b)
	if e == a {
		return false
	}
	if e == b {
		return true
	}
	switch d.lower[e] {
	case "who", "which", "whose", "that":
		return e > a // a relative clause runs to the segment end
	}
	return false
}

// npChain consumes noun phrases joined by prepositions and coordination:
// "a professor at Indiana University's Maurer School of Law",
// "Politicians and even some technologists".
func (d *doc) npChain(a, b int) int {
	i := a
	hasNoun := false
	for i < b {
		switch {
		case d.npWord(i) || roleNouns[d.lower[i]]:
			if d.is(i, cNoun|cPron) || roleNouns[d.lower[i]] {
				hasNoun = true
			}
			i++
		case d.is(i, cPron) && i == a:
			return i + 1
		case i > a && i+1 < b && (d.lower[i] == "of" || d.lower[i] == "for" || d.lower[i] == "at" || d.lower[i] == "from" || d.lower[i] == "in" || d.lower[i] == "with" || d.lower[i] == "on" || d.lower[i] == "to" || d.lower[i] == "and" || d.lower[i] == "or" || d.lower[i] == "&") && (d.npWord(i+1) || d.lower[i+1] == "even"):
			i++
			if d.lower[i] == "even" {
				i++
			}
		case d.isPunct(i, "(") || d.isPunct(i, ")") || d.isPunct(i, "-") || d.isPunct(i, "."):
			i++
		default:
			if !hasNoun {
				return a
			}
			return i
		}
	}
	if !hasNoun {
		return a
	}
	return i
}

// npLeft returns the start of the noun phrase that ends at token end-1,
// or end when there is none.
func (d *doc) npLeft(end, s0 int) int {
	k := end - 1
	if d.isPunct(k, ")") && k-2 >= s0 && d.isPunct(k-2, "(") {
		k -= 3
	}
	if k < s0 || !d.is(k, cNoun|cNum) && !roleNouns[d.lower[k]] {
		return end
	}
	for k >= s0 && (d.npWord(k) || d.lower[k] == "of" && k > s0 && d.is(k-1, cNoun)) {
		if d.is(k, cDet|cPossPro) {
			k--
			break
		}
		k--
	}
	start := k + 1
	for start < end && (d.lower[start] == "of" || d.toks[start].Kind == token.Punct) {
		start++
	}
	return start
}

// invertedOK reports whether a source may follow cue c ("..., said
// Peskov"): only right after a comma, a closing quote mark or a dash.
func (d *doc) invertedOK(c [2]int, s0 int) bool {
	p := c[0] - 1
	if p < s0 {
		return false
	}
	return d.isPunct(p, ",") || d.isQuoteMark(p) || d.isPunct(p, "—") || d.isPunct(p, "–") || d.isPunct(p, "--")
}

// timeWords are adjuncts of time that may stand between a cue and its
// content or end a sentence after it.
var timeWords = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "yesterday": true, "today": true, "tonight": true,
	"earlier": true, "later": true, "recently": true, "again": true, "also": true,
	"last": true, "this": true, "next": true, "week": true, "month": true, "year": true,
	"morning": true, "afternoon": true, "evening": true, "night": true, "weekend": true,
	"previously": true, "repeatedly": true, "publicly": true, "privately": true, "once": true,
	"now": true, "then": true, "separately": true, "too": true, "however": true, "instead": true,
}

// tailIsAdjunct reports whether tokens [from, end) are only adjuncts
// ("on Friday", "in a statement", "told reporters") and perhaps a
// participial clause after a comma (", answering the question ..."): the
// shape of the words after a cue that ends its sentence.
func (d *doc) tailIsAdjunct(from, end int) (int, bool) {
	i := from
	for i < end {
		w := d.lower[i]
		switch {
		case w == "that" || d.isQuoteMark(i):
			return i, false
		case d.isPunct(i, ","):
			if i+1 >= end {
				return i, true
			}
			if d.is(i+1, cGerund) || d.lower[i+1] == "according" || d.lower[i+1] == "as" || d.lower[i+1] == "in" || d.lower[i+1] == "who" || d.lower[i+1] == "which" || d.lower[i+1] == "when" || d.lower[i+1] == "after" || d.lower[i+1] == "before" || d.lower[i+1] == "while" {
				return end, true
			}
			if d.is(i+1, cProper|cDet) {
				// ", a Republican strategist." or ", the Kremlin's press
				// secretary, ..." after an inverted source
				j := d.npRight(i+1, end)
				if j > i+1 {
					i = j
					continue
				}
			}
			return i, false
		case d.is(i, cVerb) && !d.is(i, cGerund) && w != "told":
			return i, false
		case d.is(i, cVerb):
			if w == "told" || d.lower[i-1] == "," {
				i++
				continue
			}
			return i, false
		case timeWords[w] || d.is(i, cPrep|cNoun|cDet|cAdj|cNum|cPossPro|cPossMark|cAdv|cPron) || d.toks[i].Kind == token.Punct && (w == "(" || w == ")" || w == "-"):
			i++
		default:
			return i, false
		}
	}
	return i, true
}

// quoteAt returns the index of the scanned top-level quote whose opening
// mark is token i, or -1.
func (d *doc) quoteOpening(i int) int {
	if i < 0 || i >= len(d.toks) || d.quoteOf[i] < 0 {
		return -1
	}
	q := int(d.quoteOf[i])
	if d.qtok[q][0] != i {
		return -1
	}
	return q
}

// quoteClosing returns the top-level quote whose closing mark is token i,
// or -1.
func (d *doc) quoteClosing(i int) int {
	if i < 0 || i >= len(d.toks) || d.quoteOf[i] < 0 {
		return -1
	}
	q := int(d.quoteOf[i])
	if d.qtok[q][1]-1 != i || !d.quotes[q].Closed {
		return -1
	}
	return q
}

// quoteBefore returns the quote that ends at token i or at i-1 (a comma
// outside the marks: “…”, he said).
func (d *doc) quoteBefore(i int) ([2]int, bool) {
	if q := d.quoteClosing(i); q >= 0 {
		return d.qtok[q], true
	}
	if d.isPunct(i, ",") {
		if q := d.quoteClosing(i - 1); q >= 0 {
			return d.qtok[q], true
		}
	}
	return [2]int{}, false
}

// quoteEndingBefore returns the quote that closes right before sentence
// start s0, in the same paragraph.
func (d *doc) quoteEndingBefore(s0 int) ([2]int, bool) {
	i := s0 - 1
	if i < 0 || d.paraOf[i] != d.paraOf[s0] {
		return [2]int{}, false
	}
	if q := d.quoteClosing(i); q >= 0 {
		return d.qtok[q], true
	}
	return [2]int{}, false
}

// contentBefore returns the content that ends right before token left,
// which follows a comma, a closing quote mark or a dash: the quote that
// closes there, or the clause from the sentence start.
func (d *doc) contentBefore(left, s0 int) ([][2]int, bool) {
	p := left - 1
	if p < 0 {
		return nil, false
	}
	if q, ok := d.quoteBefore(p); ok {
		return [][2]int{q}, true
	}
	if !(d.isPunct(p, ",") || d.isPunct(p, "—") || d.isPunct(p, "–") || d.isPunct(p, "--")) {
		return nil, false
	}
	if p-s0 < 3 {
		return nil, false
	}
	start := s0
	if q := d.quoteOf[s0]; q >= 0 && d.qtok[q][0] < s0 {
		start = d.qtok[q][0] // a quote that began in an earlier sentence
	}
	hasVerb := false
	for i := start; i < p; i++ {
		if d.is(i, cVerb|cModal) {
			hasVerb = true
			break
		}
	}
	if !hasVerb {
		return nil, false
	}
	return [][2]int{{start, p}}, true
}

// skipAfterCue moves past what stands between a cue and its content: the
// person told ("told reporters", "told The Post"), adjuncts of time and
// medium ("on Friday", "in a statement"), and a colon or comma.
func (d *doc) skipAfterCue(from, end int, base string) int {
	i := from
	for step := 0; step < 4 && i < end; step++ {
		switch {
		case d.isPunct(i, ":") || d.isPunct(i, ",") || d.isPunct(i, "—"):
			i++
		case timeWords[d.lower[i]]:
			i++
		case d.is(i, cProper) && timeWords[d.lower[i]]:
			i++
		case (base == "tell" || base == "inform" || base == "assure" || base == "remind" || base == "warn" || base == "urge" || base == "advise" || base == "ask" || base == "reassure") && i == from:
			if j := d.npRight(i, end); j > i && j < end && !d.isQuoteMark(i) {
				i = j
			} else {
				return i
			}
		case d.is(i, cPrep) && d.lower[i] != "that" && d.lower[i] != "if" && d.lower[i] != "whether":
			// A prepositional phrase is skipped only when what follows it
			// opens the content: "said in a statement that ...".
			j := d.npRight(i+1, end)
			if j > i+1 && j < end && (d.lower[j] == "that" || d.isPunct(j, ",") || d.isPunct(j, ":") || d.isQuoteMark(j)) {
				i = j
			} else {
				return i
			}
		default:
			return i
		}
	}
	return i
}

// contentAfter returns the content that starts at token from and runs to
// the sentence end, and its shape: "quote", "that", "clause", "to", "wh",
// or "" when there is no content there.
func (d *doc) contentAfter(from, end, s1 int) ([][2]int, string) {
	if from >= end {
		return nil, ""
	}
	if q := d.quoteOpening(from); q >= 0 {
		cont := [][2]int{d.qtok[q]}
		// Further quotes in the same sentence with nothing but punctuation
		// between belong to the same statement.
		i := d.qtok[q][1]
		for i < s1 {
			if d.toks[i].Kind == token.Punct {
				i++
				continue
			}
			if q2 := d.quoteOpening(i); q2 >= 0 {
				cont = append(cont, d.qtok[q2])
				i = d.qtok[q2][1]
				continue
			}
			break
		}
		if i >= end || i >= s1 {
			return cont, "quote"
		}
		// The quote opens a longer clause: a mixed statement.
		return [][2]int{{from, end}}, "clause"
	}
	w := d.lower[from]
	switch w {
	case "that":
		if end-from >= 3 {
			return [][2]int{{from, end}}, "that"
		}
		return nil, ""
	case "to":
		if from+1 < end && d.is(from+1, cVerb) {
			return [][2]int{{from, end}}, "to"
		}
		return nil, ""
	case "whether", "if", "how", "why", "what", "when", "where", "who":
		if end-from >= 3 {
			return [][2]int{{from, end}}, "wh"
		}
		return nil, ""
	}
	if end-from < 3 {
		return nil, ""
	}
	for i := from; i < end; i++ {
		if d.is(i, cVerb|cModal) && !d.is(i, cGerund) {
			return [][2]int{{from, end}}, "clause"
		}
	}
	return nil, ""
}
