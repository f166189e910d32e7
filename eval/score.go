package eval

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"unicode"

	saywho "github.com/saywho/saywho"
)

// Scores are the totals over a corpus, named as the reference scorer
// names them.
type Scores struct {
	Docs, MissingDocs, BadOffsets int
	Gold, Pred                    int
	Match50, Match30, Exact       int // content matched at Jaccard >= 0.5, gold covered >= 0.3, exact span
	SpeakerN, SpeakerOK           int // matched statements with a gold source, and right speaker
	CueN, CueOK                   int
	Attr                          int // content matched and speaker right
	Scare, ScareN                 int // not-statements reported, of all
	ByKind                        map[string]*KindScores
	// Confidence holds each predicted statement's confidence and whether
	// its attribution was right, for Calibration.
	Confidence []ConfPoint
	Errors     Errors
}

// Errors says why statements did not match, for whoever improves the
// extractor: of the gold statements left unmatched (content Jaccard below
// 0.5), whether no prediction had their cue, or one had it with content
// too short, too long, overlapping or elsewhere; and of the predictions
// left unmatched, whether their cue is a gold cue at all.
type Errors struct {
	CueMissed    int // no predicted cue overlaps the gold cue
	TooShort     int // the prediction with the gold cue has content inside the gold's
	TooLong      int // ... content that holds the gold's and more
	Overlapping  int // ... content overlapping the gold's otherwise
	Elsewhere    int // ... content not touching the gold's
	GoldNoCue    int // unmatched gold statements without a cue
	Spurious     int // unmatched predictions whose cue is no gold cue
	OtherContent int // unmatched predictions whose cue is a gold cue
}

// ConfPoint is one predicted statement: its confidence, and whether its
// content matched a gold statement with the right speaker.
type ConfPoint struct {
	Conf  float64
	Right bool
}

// KindScores splits the counts by kind. Gold-side counts use the gold kind
// (as the reference scorer does); Pred and PredMatched use the predicted
// kind, so that precision per kind can be reported too.
type KindScores struct {
	Gold, Match50, Attr int // gold statements of this kind, matched, attributed right
	Pred, PredMatched   int // predicted statements of this kind, and those matched (any gold kind)
	PredAttr            int // predicted of this kind, matched with the right speaker
}

// PRF returns precision, recall and F1 of tp true positives among npred
// predictions and ngold gold items.
func PRF(tp, npred, ngold int) (p, r, f float64) {
	if npred > 0 {
		p = float64(tp) / float64(npred)
	}
	if ngold > 0 {
		r = float64(tp) / float64(ngold)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return
}

func (s *Scores) kind(k string) *KindScores {
	if s.ByKind == nil {
		s.ByKind = map[string]*KindScores{}
	}
	ks := s.ByKind[k]
	if ks == nil {
		ks = &KindScores{}
		s.ByKind[k] = ks
	}
	return ks
}

// interval set: sorted, disjoint, half-open.
type ivs [][2]int

func makeSet(spans [][2]int, limit int) ivs {
	var out ivs
	for _, s := range spans {
		a, b := s[0], s[1]
		if limit >= 0 {
			a, b = max(a, 0), min(b, limit)
		}
		if a < b {
			out = append(out, [2]int{a, b})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	merged := out[:0]
	for _, s := range out {
		if n := len(merged); n > 0 && s[0] <= merged[n-1][1] {
			merged[n-1][1] = max(merged[n-1][1], s[1])
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

func (a ivs) size() int {
	n := 0
	for _, s := range a {
		n += s[1] - s[0]
	}
	return n
}

func (a ivs) inter(b ivs) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		lo, hi := max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
		if lo < hi {
			n += hi - lo
		}
		if a[i][1] < b[j][1] {
			i++
		} else {
			j++
		}
	}
	return n
}

// subset reports whether a ⊆ b.
func (a ivs) subset(b ivs) bool { return a.inter(b) == a.size() }

func goldSet(spans []Span) ivs {
	r := make([][2]int, 0, len(spans))
	for _, s := range spans {
		r = append(r, [2]int{s.Start, s.End})
	}
	return makeSet(r, -1)
}

// trim characters the exact-span comparison ignores at either end.
func isTrim(r rune) bool { return strings.ContainsRune(" \t\r\n\"'“”‘’«»„‟,.;:", r) }

func trimmed(text []rune, s, e int) (int, int) {
	for s < e && s >= 0 && s < len(text) && isTrim(text[s]) {
		s++
	}
	for e > s && e-1 < len(text) && e-1 >= 0 && isTrim(text[e-1]) {
		e--
	}
	return s, e
}

var nonWord = regexp.MustCompile(`[^\p{L}\p{N}_\s]`)

func normName(n string) string {
	n = strings.ToLower(n)
	n = nonWord.ReplaceAllString(n, " ")
	return strings.Join(strings.FieldsFunc(n, unicode.IsSpace), " ")
}

// nameOK returns whether the predicted name matches the gold speaker, and
// false for known when the gold names no speaker.
func nameOK(pred string, q *Quote) (ok, known bool) {
	if q.SpeakerName == "" {
		return false, false
	}
	p := normName(pred)
	cands := append([]string{q.SpeakerName}, q.SpeakerAliases...)
	if p != "" {
		for _, c := range cands {
			if p == normName(c) {
				return true, true
			}
		}
	}
	if q.SpeakerType != "organization" {
		return false, true
	}
	// An organisation may be named by a shorter or fuller form of the
	// same words.
	words := cands
	for _, m := range q.SpeakerMention {
		words = append(words, m.Text)
	}
	gold := map[string]bool{}
	for _, w := range strings.Fields(normName(strings.Join(words, " "))) {
		gold[w] = true
	}
	n := 0
	for _, w := range strings.Fields(p) {
		if w == "the" || w == "of" || w == "s" {
			continue
		}
		if !gold[w] {
			return false, true
		}
		n++
	}
	return n > 0, true
}

type pair struct {
	jac, cov float64
	i, j     int
}

// Add scores one document's predictions against its gold. pred may be nil
// (the document is missing from the output).
func (s *Scores) Add(g *Doc, pred *saywho.Record) {
	s.Docs++
	if pred == nil {
		s.MissingDocs++
		pred = &saywho.Record{}
	}
	text := []rune(g.Text)
	var gq []*Quote
	for i := range g.Quotes {
		if len(g.Quotes[i].Content) > 0 {
			gq = append(gq, &g.Quotes[i])
		}
	}
	ps := pred.Statements
	s.Gold += len(gq)
	s.Pred += len(ps)
	gsets := make([]ivs, len(gq))
	for i, q := range gq {
		gsets[i] = goldSet(q.Content)
	}
	starts := make([]int, len(ps))
	ends := make([]int, len(ps))
	psets := make([]ivs, len(ps))
	for j := range ps {
		st := &ps[j]
		parts := [][2]int{}
		for _, p := range st.Parts {
			parts = append(parts, [2]int{p.Start, p.End})
		}
		if len(parts) == 0 {
			parts = append(parts, [2]int{st.Start, st.End})
		}
		starts[j], ends[j] = st.Start, st.End
		bad := false
		for _, p := range append(parts, [2]int{st.Start, st.End}) {
			if p[0] < 0 || p[1] > len(text) || p[0] > p[1] {
				bad = true
			}
		}
		if bad {
			s.BadOffsets++
			starts[j] = max(0, min(st.Start, len(text)))
			ends[j] = max(0, min(st.End, len(text)))
		}
		psets[j] = makeSet(parts, len(text))
		ks := s.kind(string(st.Kind))
		ks.Pred++
	}
	var pairs []pair
	for i, G := range gsets {
		for j, P := range psets {
			inter := G.inter(P)
			if inter == 0 {
				continue
			}
			union := G.size() + P.size() - inter
			pairs = append(pairs, pair{float64(inter) / float64(union), float64(inter) / float64(max(1, G.size())), i, j})
		}
	}
	// Python's sort of (jac, cov, i, j) tuples, reversed.
	sort.Slice(pairs, func(a, b int) bool {
		x, y := pairs[a], pairs[b]
		if x.jac != y.jac {
			return x.jac > y.jac
		}
		if x.cov != y.cov {
			return x.cov > y.cov
		}
		if x.i != y.i {
			return x.i > y.i
		}
		return x.j > y.j
	})
	usedG := make([]bool, len(gq))
	usedP := make([]bool, len(ps))
	right := make([]bool, len(ps))
	defer func() {
		for j := range ps {
			s.Confidence = append(s.Confidence, ConfPoint{ps[j].Confidence, right[j]})
		}
	}()
	for _, pr := range pairs {
		if usedG[pr.i] || usedP[pr.j] {
			continue
		}
		usedG[pr.i], usedP[pr.j] = true, true
		q, st := gq[pr.i], &ps[pr.j]
		ks := s.kind(q.GoldKind())
		if pr.cov >= 0.3 {
			s.Match30++
		}
		if pr.jac < 0.5 {
			continue
		}
		s.Match50++
		ks.Match50++
		pk := s.kind(string(st.Kind))
		pk.PredMatched++
		gs, ge := q.Content[0].Start, q.Content[0].End
		for _, c := range q.Content {
			gs, ge = min(gs, c.Start), max(ge, c.End)
		}
		ga, gb := trimmed(text, gs, ge)
		pa, pb := trimmed(text, starts[pr.j], ends[pr.j])
		if ga == pa && gb == pb {
			s.Exact++
		}
		ok := true
		if len(q.SpeakerMention) > 0 {
			s.SpeakerN++
			bySpan := false
			if m := st.Speaker.Mention; m != nil {
				bySpan = makeSet([][2]int{{m.Start, m.End}}, -1).inter(goldSet(q.SpeakerMention)) > 0
			}
			byName, known := nameOK(st.Speaker.Name, q)
			if known {
				ok = byName
			} else {
				ok = bySpan
			}
			if ok {
				s.SpeakerOK++
			}
		}
		if len(q.Cue) > 0 {
			s.CueN++
			if c := st.Cue; c != nil && makeSet([][2]int{{c.Start, c.End}}, -1).inter(goldSet(q.Cue)) > 0 {
				s.CueOK++
			}
		}
		if ok {
			s.Attr++
			ks.Attr++
			pk.PredAttr++
			right[pr.j] = true
		}
	}
	for _, q := range gq {
		s.kind(q.GoldKind()).Gold++
	}
	s.addErrors(gq, gsets, ps, psets, pairs)
	for _, ns := range g.NotStatements {
		s.ScareN++
		if ns.Text == "" {
			continue
		}
		reported := false
		runes := []rune(ns.Text)
		for at := 0; at+len(runes) <= len(text); {
			k := indexRunes(text[at:], runes)
			if k < 0 {
				break
			}
			ms, me := at+k, at+k+len(runes)
			sc := ivs{{ms, me}}
			near := ivs{{ms - 2, me + 2}}
			for _, P := range psets {
				if P.size() > 0 && P.subset(near) && P.inter(sc) > 0 {
					reported = true
				}
			}
			at = me // re.finditer: non-overlapping matches
		}
		if reported {
			s.Scare++
		}
	}
}

// addErrors classifies a document's unmatched statements (see Errors).
// A statement is matched here if any statement of the other side reaches
// Jaccard 0.5 with it (pairs holds every overlapping pair), one-to-one
// or not.
func (s *Scores) addErrors(gq []*Quote, gsets []ivs, ps []saywho.StatementRecord, psets []ivs, pairs []pair) {
	goldOK, predOK := make([]bool, len(gq)), make([]bool, len(ps))
	for _, pr := range pairs {
		if pr.jac >= 0.5 {
			goldOK[pr.i], predOK[pr.j] = true, true
		}
	}
	cueOf := func(j int) ivs {
		if c := ps[j].Cue; c != nil {
			return makeSet([][2]int{{c.Start, c.End}}, -1)
		}
		return nil
	}
	for i, q := range gq {
		if goldOK[i] {
			continue
		}
		if len(q.Cue) == 0 {
			s.Errors.GoldNoCue++
			continue
		}
		gc, j := goldSet(q.Cue), -1
		for k := range ps {
			if cueOf(k).inter(gc) > 0 {
				j = k
				break
			}
		}
		if j < 0 {
			s.Errors.CueMissed++
			continue
		}
		G, P := gsets[i], psets[j]
		switch in := G.inter(P); {
		case in == 0:
			s.Errors.Elsewhere++
		case in == P.size():
			s.Errors.TooShort++
		case in == G.size():
			s.Errors.TooLong++
		default:
			s.Errors.Overlapping++
		}
	}
	for j := range ps {
		if predOK[j] {
			continue
		}
		onGold := false
		for _, q := range gq {
			if len(q.Cue) > 0 && cueOf(j).inter(goldSet(q.Cue)) > 0 {
				onGold = true
				break
			}
		}
		if onGold {
			s.Errors.OtherContent++
		} else {
			s.Errors.Spurious++
		}
	}
}

func indexRunes(s, sub []rune) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		ok := true
		for k := range sub {
			if s[i+k] != sub[k] {
				ok = false
				break
			}
		}
		if ok {
			return i
		}
	}
	return -1
}

// Summary is the headline numbers, as the reference scorer prints them.
type Summary struct {
	Docs, MissingDocs, BadOffsets, Gold, Pred int
	ContentP, ContentR, ContentF1             float64
	Content30F1, ExactF1                      float64
	SpeakerAcc, CueAcc                        float64
	AttrP, AttrR, AttrF1                      float64
	ScareReported, ScareTotal                 int
}

// Summary computes the headline numbers.
func (s *Scores) Summary() Summary {
	var m Summary
	m.Docs, m.MissingDocs, m.BadOffsets, m.Gold, m.Pred = s.Docs, s.MissingDocs, s.BadOffsets, s.Gold, s.Pred
	m.ContentP, m.ContentR, m.ContentF1 = PRF(s.Match50, s.Pred, s.Gold)
	_, _, m.Content30F1 = PRF(s.Match30, s.Pred, s.Gold)
	_, _, m.ExactF1 = PRF(s.Exact, s.Pred, s.Gold)
	m.AttrP, m.AttrR, m.AttrF1 = PRF(s.Attr, s.Pred, s.Gold)
	if s.SpeakerN > 0 {
		m.SpeakerAcc = float64(s.SpeakerOK) / float64(s.SpeakerN)
	}
	if s.CueN > 0 {
		m.CueAcc = float64(s.CueOK) / float64(s.CueN)
	}
	m.ScareReported, m.ScareTotal = s.Scare, s.ScareN
	return m
}

// Line is the one-line summary in the reference scorer's words.
func (m Summary) Line() string {
	l := fmt.Sprintf("attr F1 %.3f (P %.3f R %.3f); content F1 %.3f; exact F1 %.3f; speaker acc %.3f; cue acc %.3f; gold %d pred %d; scare %d/%d",
		m.AttrF1, m.AttrP, m.AttrR, m.ContentF1, m.ExactF1, m.SpeakerAcc, m.CueAcc, m.Gold, m.Pred, m.ScareReported, m.ScareTotal)
	if m.BadOffsets > 0 {
		l += fmt.Sprintf("; %d statements with offsets outside the text", m.BadOffsets)
	}
	return l
}

// Kinds returns the kinds seen, sorted.
func (s *Scores) Kinds() []string {
	var ks []string
	for k := range s.ByKind {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Write prints the numbers as the reference scorer does (key, value), then
// the per-kind table.
func (s *Scores) Write(w io.Writer) {
	m := s.Summary()
	ints := []struct {
		k string
		v int
	}{{"docs", m.Docs}, {"missing_docs", m.MissingDocs}, {"bad_offsets", m.BadOffsets}, {"gold", m.Gold}, {"pred", m.Pred}}
	for _, kv := range ints {
		fmt.Fprintf(w, "%-22s %d\n", kv.k, kv.v)
	}
	floats := []struct {
		k string
		v float64
	}{{"content_p", m.ContentP}, {"content_r", m.ContentR}, {"content_f1", m.ContentF1},
		{"content30_f1", m.Content30F1}, {"exact_f1", m.ExactF1}, {"speaker_acc", m.SpeakerAcc},
		{"cue_acc", m.CueAcc}, {"attr_p", m.AttrP}, {"attr_r", m.AttrR}, {"attr_f1", m.AttrF1}}
	for _, kv := range floats {
		fmt.Fprintf(w, "%-22s %.3f\n", kv.k, kv.v)
	}
	fmt.Fprintf(w, "%-22s %d\n%-22s %d\n", "scare_reported", m.ScareReported, "scare_total", m.ScareTotal)
	fmt.Fprintf(w, "\n%-10s %6s %6s %7s %7s %7s %7s %7s %7s\n", "kind", "gold", "pred", "cont_P", "cont_R", "cont_F1", "attr_P", "attr_R", "attr_F1")
	for _, k := range s.Kinds() {
		ks := s.ByKind[k]
		cp, cr, cf := prf2(ks.PredMatched, ks.Pred, ks.Match50, ks.Gold)
		ap, ar, af := prf2(ks.PredAttr, ks.Pred, ks.Attr, ks.Gold)
		fmt.Fprintf(w, "%-10s %6d %6d %7.3f %7.3f %7.3f %7.3f %7.3f %7.3f\n", k, ks.Gold, ks.Pred, cp, cr, cf, ap, ar, af)
	}
	e := s.Errors
	fmt.Fprintf(w, "\nunmatched gold: cue missed %d; with the cue found, content too short %d, too long %d, overlapping %d, elsewhere %d; no gold cue %d\n",
		e.CueMissed, e.TooShort, e.TooLong, e.Overlapping, e.Elsewhere, e.GoldNoCue)
	fmt.Fprintf(w, "unmatched predictions: cue not a gold cue %d, cue a gold cue %d\n", e.Spurious, e.OtherContent)
	fmt.Fprintln(w, m.Line())
}

// PRFKind returns attribution precision, recall and F1 for one kind:
// precision over the statements predicted of that kind, recall over the
// gold statements of that kind.
func PRFKind(ks *KindScores) (p, r, f float64) {
	return prf2(ks.PredAttr, ks.Pred, ks.Attr, ks.Gold)
}

// prf2 is PRF where precision and recall count different true positives
// (per kind, a match may pair a predicted kind with another gold kind).
func prf2(tpPred, npred, tpGold, ngold int) (p, r, f float64) {
	p, _, _ = PRF(tpPred, npred, 1)
	_, r, _ = PRF(tpGold, 1, ngold)
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return
}

// CalibrationBin is the statements whose confidence lies in [Lo, Hi).
type CalibrationBin struct {
	Lo, Hi   float64
	N        int
	MeanConf float64 // their mean confidence
	Right    float64 // the share of them attributed right
}

// Calibration bins the predicted statements by confidence (tenths) and
// returns the bins, the Brier score and the expected calibration error
// (the mean gap between confidence and accuracy, weighted by bin size).
func (s *Scores) Calibration() (bins []CalibrationBin, brier, ece float64) {
	bins = make([]CalibrationBin, 10)
	for i := range bins {
		bins[i].Lo, bins[i].Hi = float64(i)/10, float64(i+1)/10
	}
	for _, p := range s.Confidence {
		i := min(max(int(p.Conf*10), 0), 9)
		b := &bins[i]
		b.N++
		b.MeanConf += p.Conf
		y := 0.0
		if p.Right {
			y = 1
			b.Right++
		}
		brier += (p.Conf - y) * (p.Conf - y)
	}
	n := len(s.Confidence)
	if n == 0 {
		return bins, 0, 0
	}
	for i := range bins {
		b := &bins[i]
		if b.N == 0 {
			continue
		}
		b.MeanConf /= float64(b.N)
		b.Right /= float64(b.N)
		gap := b.MeanConf - b.Right
		if gap < 0 {
			gap = -gap
		}
		ece += gap * float64(b.N) / float64(n)
	}
	return bins, brier / float64(n), ece
}

// WriteCalibration prints the calibration table.
func (s *Scores) WriteCalibration(w io.Writer) {
	bins, brier, ece := s.Calibration()
	fmt.Fprintf(w, "%-12s %6s %9s %9s\n", "confidence", "stmts", "mean conf", "right")
	for _, b := range bins {
		if b.N == 0 {
			continue
		}
		fmt.Fprintf(w, "%.1f-%.1f      %6d %9.3f %9.3f\n", b.Lo, b.Hi, b.N, b.MeanConf, b.Right)
	}
	fmt.Fprintf(w, "Brier score %.3f, expected calibration error %.3f\n", brier, ece)
	fmt.Fprintf(w, "\n%-12s %6s %7s %7s %7s\n", "keeping", "stmts", "attr_P", "attr_R", "attr_F1")
	for _, t := range []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9} {
		kept, right := s.Kept(t)
		p, r, f := PRF(right, kept, s.Gold)
		fmt.Fprintf(w, ">= %.1f       %6d %7.3f %7.3f %7.3f\n", t, kept, p, r, f)
	}
}

// Kept returns how many predicted statements have a confidence of at
// least t, and how many of those are attributed right: what a reader who
// drops the statements below t keeps (saywho extract --min-confidence).
func (s *Scores) Kept(t float64) (kept, right int) {
	for _, c := range s.Confidence {
		if c.Conf >= t {
			kept++
			if c.Right {
				right++
			}
		}
	}
	return kept, right
}
