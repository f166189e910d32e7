package storetest

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store"
)

// polnearDoc is the part of a PolNeAR line (../shared/eval/README.md) the
// generator uses.
type polnearDoc struct {
	DocID string `json:"doc_id"`
	Text  string `json:"text"`
	Meta  struct {
		Publisher string `json:"publisher"`
		Date      string `json:"publication_date"`
		Author    string `json:"author"`
		Title     string `json:"title"`
	} `json:"meta"`
	Quotes []struct {
		Content []pspan `json:"content"`
		Cue     []pspan `json:"cue"`
		Source  []pspan `json:"speaker_mention"`
		Silver  struct {
			Kind        string  `json:"kind"`
			MentionType string  `json:"mention_type"`
			Canonical   *string `json:"speaker_canonical"`
		} `json:"silver"`
	} `json:"quotes"`
}

type pspan struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// PolNeAR reads PolNeAR articles (the JSON Lines of ../shared/eval) and
// turns each into analyses for a benchmark corpus: the annotated
// attributions become statements (content, cue, speaker mention; the
// speaker's name from the silver canonical name or a name mention), and
// the named speakers become person entities. Each article is handed to fn
// copies times: copy 0 as published, copy k with a marker line appended
// (a distinct text, so a distinct article), published k weeks later by a
// syndicating outlet — the shape of a corpus where the same statements are
// reprinted, which is what the store's quote sightings are for.
func PolNeAR(r io.Reader, copies int, fn func(*saywho.Analysis) error) error {
	var docs []*polnearDoc
	br := bufio.NewReaderSize(r, 1<<20)
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(strings.TrimSpace(string(b))) > 0 {
			d := &polnearDoc{}
			if err := json.Unmarshal(b, d); err != nil {
				return fmt.Errorf("polnear line %d: %w", line, err)
			}
			docs = append(docs, d)
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("polnear line %d: %w", line, err)
		}
	}
	for k := 0; k < copies; k++ {
		for _, d := range docs {
			if err := fn(d.analysis(k)); err != nil {
				return err
			}
		}
	}
	return nil
}

func (d *polnearDoc) analysis(k int) *saywho.Analysis {
	art := &saywho.Article{ID: d.DocID, Text: d.Text, Title: d.Meta.Title, Author: d.Meta.Author,
		Outlet: d.Meta.Publisher, URL: "https://" + d.Meta.Publisher + ".example/" + d.DocID, Language: "en"}
	if t, err := time.Parse(time.DateOnly, d.Meta.Date); err == nil {
		art.Published = t
	}
	if k > 0 {
		art.ID = fmt.Sprintf("%s~%d", d.DocID, k)
		art.Text += fmt.Sprintf("\n(Syndicated copy %d.)", k)
		art.Outlet = fmt.Sprintf("%s syndicate %d", d.Meta.Publisher, k%7)
		art.URL += fmt.Sprintf("/%d", k)
		if !art.Published.IsZero() {
			art.Published = art.Published.AddDate(0, 0, 7*k)
		}
	}
	n := saywho.NewText(art.Text).Len()
	a := &saywho.Analysis{Article: art}
	entity := map[string]int{}
	for _, q := range d.Quotes {
		if len(q.Content) == 0 {
			continue
		}
		first, last := q.Content[0], q.Content[len(q.Content)-1]
		if first.Start < 0 || last.End > n || first.Start >= last.End {
			continue
		}
		st := saywho.Statement{Kind: saywho.Kind(q.Silver.Kind), Section: -1, Confidence: 1,
			Content: saywho.Span{Start: first.Start, End: last.End},
			Speaker: saywho.Speaker{Entity: -1, Type: saywho.Unknown}}
		switch st.Kind {
		case saywho.Direct, saywho.Indirect, saywho.Mixed:
		default:
			st.Kind = saywho.Indirect
		}
		if len(q.Content) > 1 {
			for _, p := range q.Content {
				st.Parts = append(st.Parts, saywho.Span{Start: p.Start, End: p.End})
			}
		}
		if len(q.Cue) > 0 && q.Cue[0].End <= n {
			st.Cue = saywho.Span{Start: q.Cue[0].Start, End: q.Cue[0].End}
		}
		if len(q.Source) > 0 && q.Source[0].End <= n {
			m := q.Source[0]
			st.Speaker.Mention = saywho.Span{Start: m.Start, End: m.End}
			name := ""
			if q.Silver.Canonical != nil {
				name = *q.Silver.Canonical
			} else if q.Silver.MentionType == "name" {
				name = m.Text
			}
			if name = strings.TrimSpace(name); name != "" {
				st.Speaker.Name, st.Speaker.Type = name, saywho.Person
				e, ok := entity[name]
				if !ok {
					e = len(a.Entities)
					entity[name] = e
					a.Entities = append(a.Entities, saywho.Entity{Name: name, Type: saywho.EntityPerson})
				}
				if q.Silver.MentionType == "name" {
					a.Entities[e].Mentions = append(a.Entities[e].Mentions, st.Speaker.Mention)
				}
				st.Speaker.Entity = e
			}
		}
		a.Statements = append(a.Statements, st)
	}
	for i := range a.Entities {
		slices.SortFunc(a.Entities[i].Mentions, func(x, y saywho.Span) int { return x.Start - y.Start })
		a.Entities[i].Mentions = slices.Compact(a.Entities[i].Mentions)
	}
	return a
}

// Queries returns n search queries drawn from the statements of a corpus
// (as PolNeAR gives them to fn), reproducible from seed: single words, two
// words, phrases, prefixes, and each of those with a speaker, date range,
// outlet or kind filter, so that a latency measurement covers what users
// ask.
func Queries(sample []*saywho.Analysis, n int, seed uint64) []store.Query {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var texts []string
	var speakers, outlets []string
	seenSp, seenOut := map[string]bool{}, map[string]bool{}
	for _, a := range sample {
		t := saywho.NewText(a.Article.Text)
		for _, s := range a.Statements {
			texts = append(texts, t.Slice(s.Content))
			if s.Speaker.Name != "" && !seenSp[s.Speaker.Name] {
				seenSp[s.Speaker.Name] = true
				speakers = append(speakers, s.Speaker.Name)
			}
		}
		if !seenOut[a.Article.Outlet] {
			seenOut[a.Article.Outlet] = true
			outlets = append(outlets, a.Article.Outlet)
		}
	}
	sort.Strings(speakers)
	sort.Strings(outlets)
	if len(texts) == 0 {
		return nil
	}
	word := func(min int) []string {
		for {
			ws := strings.FieldsFunc(texts[rng.IntN(len(texts))], func(c rune) bool { return !unicode.IsLetter(c) })
			var ok []int
			for i, w := range ws {
				if len([]rune(w)) >= min {
					ok = append(ok, i)
				}
			}
			if len(ok) > 0 {
				i := ok[rng.IntN(len(ok))]
				return ws[i:]
			}
		}
	}
	qs := make([]store.Query, n)
	for i := range qs {
		var q store.Query
		switch i % 4 {
		case 0:
			q.Text = strings.ToLower(word(4)[0])
		case 1:
			ws := word(4)
			if len(ws) > 1 {
				q.Text = fmt.Sprintf("%s %s", ws[0], ws[1])
			} else {
				q.Text = ws[0]
			}
		case 2:
			ws := word(3)
			if len(ws) > 1 {
				q.Text = fmt.Sprintf("%q", ws[0]+" "+ws[1])
			} else {
				q.Text = ws[0]
			}
		case 3:
			w := []rune(word(6)[0])
			q.Text = string(w[:4]) + "*"
		}
		switch (i / 4) % 6 {
		case 1:
			if len(speakers) > 0 {
				q.Speaker = speakers[rng.IntN(len(speakers))]
			}
		case 2:
			q.Since = time.Date(2016, time.Month(1+rng.IntN(12)), 1, 0, 0, 0, 0, time.UTC)
			q.Until = q.Since.AddDate(0, 3, 0)
		case 3:
			q.Outlet = outlets[rng.IntN(len(outlets))]
		case 4:
			q.Kind = []saywho.Kind{saywho.Direct, saywho.Indirect, saywho.Mixed}[rng.IntN(3)]
		case 5:
			q.Text = "" // a filter alone: newest first
			if len(speakers) > 0 {
				q.Speaker = speakers[rng.IntN(len(speakers))]
			}
		}
		qs[i] = q
	}
	return qs
}

// Latency runs each query once (after one warm-up pass over the first
// tenth) and returns the latencies, sorted.
func Latency(ctx context.Context, st store.Store, qs []store.Query) ([]time.Duration, error) {
	for _, q := range qs[:len(qs)/10] {
		if _, err := st.Search(ctx, q); err != nil {
			return nil, fmt.Errorf("query %+v: %w", q, err)
		}
	}
	lat := make([]time.Duration, 0, len(qs))
	for _, q := range qs {
		start := time.Now()
		if _, err := st.Search(ctx, q); err != nil {
			return nil, fmt.Errorf("query %+v: %w", q, err)
		}
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	return lat, nil
}

// Percentile returns the p-th percentile (0-100) of sorted latencies.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)-1) * p / 100)
	return sorted[i]
}
