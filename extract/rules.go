package extract

// The rule pipeline: cues from the speech-verb lexicon, then a few
// patterns that place the source and the content around the cue. Each
// pattern is a function over token offsets; none looks at an article as a
// whole. The learned pipeline (model.go) replaces the cue and span choices
// where it is better and keeps these rules as features.

// attribution is a statement in token terms: ranges [a, b) of token
// indices, before the speaker is resolved and offsets are converted.
type attribution struct {
	cue     [2]int
	source  [2]int // empty when the source is not in the text
	content [][2]int
	via     string  // which rule or model decided, for debugging and confidence
	score   float64 // the deciding component's confidence in [0, 1]
	// margins of the learned models' decisions (score of the chosen
	// label over O), zero where no model decided: the raw material of
	// the calibrated confidence (calib.go).
	cueMargin, contMargin, srcMargin float32
	ruleAgrees                       bool // the rules found the same content for this cue
}

func (a *attribution) hasSource() bool { return a.source[1] > a.source[0] }

// contentSpan returns the first and last content tokens [a, b).
func (a *attribution) contentSpan() (int, int) {
	if len(a.content) == 0 {
		return 0, 0
	}
	return a.content[0][0], a.content[len(a.content)-1][1]
}

// weakCues are verbs of thought and perception that report content only
// with an explicit complement ("believes that ...", "found that ..."):
// alone they are too often something else ("think about", "found a job").
var weakCues = map[string]bool{
	"think": true, "believe": true, "know": true, "understand": true,
	"learn": true, "hear": true, "read": true, "show": true, "find": true,
	"feel": true, "hope": true, "fear": true, "worry": true, "expect": true,
	"wonder": true, "figure": true, "determine": true, "assess": true,
	"judge": true, "calculate": true, "project": true, "suspect": true,
	"continue": true, "repeat": true, "post": true, "publish": true,
	"describe": true, "relate": true, "mention": true, "answer": true,
	"charge": true, "signal": true, "indicate": true, "agree": true,
	"disagree": true, "highlight": true, "underline": true, "estimate": true,
}

// ruleCues returns the rule cues of sentence [s0, s1): speech verbs
// outside quotes, and "according to".
func (d *doc) ruleCues(s0, s1 int, dst [][2]int) [][2]int {
	for i := s0; i < s1; i++ {
		if d.quoteOf[i] >= 0 {
			continue
		}
		w := d.lower[i]
		if w == "according" && i+1 < s1 && d.lower[i+1] == "to" {
			dst = append(dst, [2]int{i, i + 2})
			i++
			continue
		}
		base, ok := cueForms[w]
		if !ok || !d.is(i, cVerb) {
			continue
		}
		end := d.cueEnd(i, s1)
		if (base == "make") && (end == i+1) {
			continue // "make" is a cue only as "make clear"
		}
		if (base == "go" || base == "hit" || base == "sum" || base == "spell" || base == "fire" ||
			base == "shoot" || base == "push" || base == "sound" || base == "chime" || base == "weigh" ||
			base == "lash" || base == "speak" || base == "point") && end == i+1 {
			continue // particle verbs are cues only with their particle
		}
		dst = append(dst, [2]int{i, end})
		i = end - 1
	}
	return dst
}

// cueEnd returns the end of the cue whose verb is token i: the verb, its
// particle ("pointed out") and, after tell and say, the reporters told
// ("told reporters"), which is how briefings print the cue.
func (d *doc) cueEnd(i, s1 int) int {
	w := d.lower[i]
	end := i + 1
	for _, p := range particles[w] {
		if end < s1 && d.lower[end] == p {
			end++
			break
		}
	}
	if base := cueForms[w]; (base == "tell" || base == "say") && end < s1 {
		switch d.lower[end] {
		case "reporters", "journalists":
			end++
		}
	}
	return end
}

// ruleAttributions runs the rule patterns over every sentence.
func (d *doc) ruleAttributions() []attribution {
	var out []attribution
	var cues [][2]int
	for _, s := range d.sents {
		s0, s1 := int(s.Start), int(s.End)
		cues = d.ruleCues(s0, s1, cues[:0])
		first := len(out)
		for _, c := range cues {
			a, ok := d.attribute(c, s0, s1, out[first:])
			if ok {
				out = append(out, a)
			}
		}
	}
	out = d.continueQuotes(out)
	return append(out, d.layoutAttributions(out)...)
}

// sentEnd returns the end of the sentence's words: s1 without the final
// . ! ? ; : tokens (closing quote marks stay; they belong to a quote).
func (d *doc) sentEnd(s0, s1 int) int {
	for s1 > s0 && d.toks[s1-1].Kind == 3 /* token.Punct */ {
		switch d.word(s1 - 1) {
		case ".", "!", "?", ";", ":", "…", "...":
			s1--
			continue
		}
		break
	}
	return s1
}

// attribute places source and content for the cue c in sentence [s0, s1).
// prev are the attributions already found in this sentence.
func (d *doc) attribute(c [2]int, s0, s1 int, prev []attribution) (attribution, bool) {
	a := attribution{cue: c, score: 0.8}
	base := cueForms[d.lower[c[0]]]
	end := d.sentEnd(s0, s1)

	// "According to X, content." and "Content, according to X." The
	// source runs to the comma ("according to the results published by
	// CEC,"); where it names a document and its author ("published by
	// CEC", "from the ministry"), the author is the source.
	if d.lower[c[0]] == "according" {
		src0 := c[1]
		src1 := src0
		for src1 < end && src1-src0 < 15 && !d.isPunct(src1, ",") && !d.isQuoteMark(src1) {
			src1++
		}
		if src1 <= src0 || src1-src0 >= 15 && src1 < end {
			return a, false
		}
		if reportNouns[d.lower[d.npRight(src0, src1)-1]] {
			for k := src0; k+1 < src1; k++ {
				if d.lower[k] == "by" || d.lower[k] == "from" || d.lower[k] == "of" {
					if e := d.npRight(k+1, src1); e > k+1 {
						src0 = k + 1
						break
					}
				}
			}
		}
		a.source = [2]int{src0, src1}
		a.via = "according"
		if src1 < end && d.isPunct(src1, ",") && c[0] <= s0+2 {
			a.content = [][2]int{{src1 + 1, end}}
			return a, a.content[0][1]-a.content[0][0] >= 3
		}
		if c[0] > s0 && d.isPunct(c[0]-1, ",") {
			if q, ok := d.quoteBefore(c[0] - 1); ok {
				a.content = [][2]int{q}
			} else {
				a.content = [][2]int{{s0, c[0] - 1}}
			}
			return a, true
		}
		return a, false
	}

	// Participial cue after a comma ("..., adding that ..."): the speaker
	// is the subject of the clause it hangs on.
	if d.is(c[0], cGerund) && c[0] > s0 && d.isPunct(c[0]-1, ",") {
		for k := len(prev) - 1; k >= 0; k-- {
			if prev[k].hasSource() {
				a.source = prev[k].source
				break
			}
		}
		if !a.hasSource() {
			if e := d.npRight(s0, c[0]); e > s0 && d.is(e-1, cNoun|cPron) {
				a.source = [2]int{s0, e}
			}
		}
		from := d.skipAfterCue(c[1], end, base)
		cont, kind := d.contentAfter(from, end, s1)
		// "adding that ...", "saying: "..."": the participle must open
		// its content; "answering the question of ..." reports nothing.
		if kind == "" || kind == "clause" && (weakCues[base] || !d.is(from, cPron|cProper|cDet)) {
			return a, false
		}
		a.content = cont
		a.via = "participle-" + kind
		return a, true
	}

	// Where is the source? Before the cue ("Peskov said"), or inverted
	// after it ("..., said Peskov").
	src := [2]int{}
	if l0, l1 := d.sourceLeft(c[0], s0); l1 > l0 {
		src = [2]int{l0, l1}
	}
	inverted := false
	if !(src[1] > src[0]) && d.invertedOK(c, s0) {
		if e := d.invertedSource(c[1], end); e > c[1] {
			src, inverted = [2]int{c[1], e}, true
		}
	}
	a.source = src
	left, after := c[0], c[1]
	if inverted {
		after = src[1]
	} else if a.hasSource() {
		left = src[0]
	}

	// Content before the attribution: "Content, X said (on Friday)." or
	// "“Quote,” said X, a lawyer who ...". The words before end at a
	// comma, a closing quote mark or a dash.
	if left > s0 {
		if before, ok := d.contentBefore(left, s0); ok {
			_, adjunctTail := d.tailIsAdjunct(after, end)
			quoted := d.quoteOpening(before[0][0]) >= 0 && d.qtok[d.quoteOpening(before[0][0])][1] == before[0][1]
			// Middle: "“Content,” X said, “more content.”" — both sides,
			// perhaps past a participle (", speaking of politicians,").
			m := after
			if m < end && d.isPunct(m, ",") && d.is(m+1, cGerund) {
				for m++; m < end && !d.isPunct(m, ","); m++ {
				}
			}
			if !adjunctTail && m < end && d.isPunct(m, ",") {
				if rest, kind := d.contentAfter(m+1, end, s1); kind != "" && (kind == "quote" || !quoted) {
					a.content = append(before, d.trimClauses(rest)...)
					a.via = "middle"
					return a, true
				}
			}
			if adjunctTail || quoted {
				a.content = before
				a.via = "final"
				return a, true
			}
		}
	}
	if left == s0 {
		// "He said." after a quotation that ended the previous sentence.
		if _, ok := d.tailIsAdjunct(after, end); ok {
			if q, ok := d.quoteEndingBefore(s0); ok {
				a.content = [][2]int{q}
				a.via = "final-prev"
				return a, true
			}
		}
	}

	// Cue-initial: "X said (that) content." The content follows the cue,
	// after the objects and adjuncts the verb takes.
	if inverted {
		return a, false // "said X" with nothing before is not a report
	}
	from := d.skipAfterCue(c[1], end, base)
	cont, kind := d.contentAfter(from, end, s1)
	if kind == "" {
		return a, false
	}
	if weakCues[base] && kind == "clause" {
		return a, false // "thinks the plan is good" is too often not reported speech
	}
	a.content = d.trimClauses(cont)
	a.via = "initial-" + kind
	return a, true
}

// invertedSource returns the end of a source that follows its cue ("said
// Paul H. Chipok, a lawyer in Orlando who specializes in ..."): a noun
// phrase and the appositions and relative clauses after it, up to a
// participle, a quotation or the sentence end.
func (d *doc) invertedSource(from, end int) int {
	e := d.npChain(from, end)
	if e == from {
		if d.is(from, cPron) {
			return from + 1
		}
		return from
	}
	e = d.parenAcronym(e, end)
	if e < end {
		switch d.lower[e] {
		case "who", "which", "whose":
			for e < end && !d.isPunct(e, ",") {
				e++
			}
		}
	}
	for e < end && d.isPunct(e, ",") {
		f := e + 1
		for f < end && !d.isPunct(f, ",") {
			f++
		}
		if !d.segmentOK(e+1, f, false) {
			break
		}
		e = f
	}
	return e
}

// trimClauses cuts reported content at a clause the reporter added after
// it: ", but cautioned ...", ", while 22 percent said ...", "; ...".
func (d *doc) trimClauses(cont [][2]int) [][2]int {
	last := &cont[len(cont)-1]
	if d.quoteOpening(last[0]) >= 0 {
		return cont
	}
	for i := last[0] + 2; i < last[1]-1; i++ {
		if d.quoteOf[i] >= 0 {
			continue
		}
		if d.isPunct(i, ";") {
			last[1] = i
			break
		}
		if !d.isPunct(i, ",") {
			continue
		}
		switch d.lower[i+1] {
		case "while", "whereas", "although", "though", "despite":
			last[1] = i
			return cont
		case "but", "and":
			if i+2 < last[1] && d.is(i+2, cVerb) && !d.is(i+2, cGerund) {
				last[1] = i
				return cont
			}
		}
	}
	return cont
}

// continueQuotes extends statements whose content is a quotation over the
// quotations that follow with no attribution of their own: the sentences
// or paragraphs of the same speaker ("...," Hassan said. "The fact ...").
// A colon that ends a cue's sentence ("Cruz continued:") makes the next
// paragraph its content.
func (d *doc) continueQuotes(atts []attribution) []attribution {
	if len(atts) == 0 {
		return atts
	}
	used := make(map[int]bool)      // quotes already content
	cueSent := make(map[int32]bool) // sentences holding a cue
	for _, a := range atts {
		cueSent[d.sentOf[a.cue[0]]] = true
		for _, c := range a.content {
			if q := d.quoteOpening(c[0]); q >= 0 && d.qtok[q][1] == c[1] {
				used[q] = true
			}
		}
	}
	for ai := range atts {
		a := &atts[ai]
		last := a.content[len(a.content)-1]
		if q := d.quoteOpening(last[0]); q < 0 || d.qtok[q][1] != last[1] {
			continue // only quotations continue
		}
		end := max(last[1], a.cue[1], a.source[1])
		for end < len(d.toks) {
			// the next sentence after the one holding end-1
			_, s1 := d.sent(end - 1)
			if s1 >= len(d.toks) {
				break
			}
			q := d.quoteOpening(s1)
			if q < 0 || used[q] || d.quotes[q].Depth > 0 {
				break
			}
			qa, qb := d.qtok[q][0], d.qtok[q][1]
			// The quotation must be the whole sentence (or sentences) it
			// stands in, and hold no cue.
			_, se := d.sent(qb - 1)
			if d.sentEnd(qb, se) != qb || cueSent[d.sentOf[qa]] || cueSent[d.sentOf[qb-1]] {
				break
			}
			// Same paragraph, or a paragraph that is only this quotation.
			if d.paraOf[qa] != d.paraOf[end-1] {
				ps := qa
				if ps > 0 && d.paraOf[ps-1] == d.paraOf[ps] {
					break
				}
				if se < len(d.toks) && d.paraOf[se] == d.paraOf[qa] {
					break
				}
			}
			a.content = append(a.content, [2]int{qa, qb})
			used[q] = true
			end = qb
		}
	}
	return atts
}
