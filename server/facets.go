package server

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/saywho/saywho/store"
)

// facetSample is how many of the best matches facets count. The store has
// no counting query of its own yet, so facets are counted over one page of
// this size: exact for narrow searches, the shape of the best matches for
// broad ones (Facets.Complete says which).
const facetSample = store.MaxLimit

// facetTop bounds the speaker and outlet lists.
const facetTop = 12

// Facets count the statements matching a query by speaker, outlet, kind
// and week, for narrowing the search down.
type Facets struct {
	// Counted is the number of statements counted: every match when
	// Complete, else the best Counted of them.
	Counted  int            `json:"counted"`
	Complete bool           `json:"complete"`
	Speakers []SpeakerCount `json:"speakers"`
	Outlets  []ValueCount   `json:"outlets"`
	Kinds    []ValueCount   `json:"kinds"`
	// Weeks are the weeks (from Monday 00:00 UTC) of the articles'
	// publication, oldest first; undated statements are not counted.
	Weeks []store.Week `json:"weeks"`
}

// SpeakerCount is a speaker facet: ID 0 stands for unresolved speakers.
type SpeakerCount struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// ValueCount is an outlet or kind facet.
type ValueCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// facets counts the best facetSample matches of q, whatever q's page.
func (s *Server) facets(ctx context.Context, q store.Query) (*Facets, error) {
	q.Limit, q.Offset = facetSample, 0
	key := fmt.Sprintf("facets %q %q %q %q %d %d %q", q.Text, q.Speaker, q.Entity, q.Outlet,
		q.Since.UnixNano(), q.Until.UnixNano(), q.Kind)
	v, err := s.counts.get(ctx, key, func(ctx context.Context) (any, error) {
		res, err := s.st.Search(ctx, q)
		if err != nil {
			return nil, err
		}
		return countFacets(res.Hits, !res.More), nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*Facets), nil
}

// stats counts what the store holds, through the cache: counting every
// row of a large store takes a while.
func (s *Server) stats(ctx context.Context) (store.Stats, error) {
	v, err := s.counts.get(ctx, "stats", func(ctx context.Context) (any, error) { return s.st.Stats(ctx) })
	if err != nil {
		return store.Stats{}, err
	}
	return v.(store.Stats), nil
}

func countFacets(hits []*store.Hit, complete bool) *Facets {
	f := &Facets{Counted: len(hits), Complete: complete,
		Speakers: []SpeakerCount{}, Outlets: []ValueCount{}, Kinds: []ValueCount{}, Weeks: []store.Week{}}
	speakers := map[int64]*SpeakerCount{}
	outlets := map[string]*ValueCount{}
	kinds := map[string]int{}
	weeks := map[time.Time]int{}
	for _, h := range hits {
		sc := speakers[h.SpeakerID]
		if sc == nil {
			sc = &SpeakerCount{ID: h.SpeakerID, Name: h.Speaker.Name}
			if h.SpeakerID == 0 {
				sc.Name = ""
			}
			speakers[h.SpeakerID] = sc
		}
		sc.Count++
		if o := strings.TrimSpace(h.Article.Outlet); o != "" {
			k := strings.ToLower(o)
			if outlets[k] == nil {
				outlets[k] = &ValueCount{Value: o}
			}
			outlets[k].Count++
		}
		kinds[string(h.Kind)]++
		if p := h.Article.Published; p != nil {
			weeks[weekStart(*p)]++
		}
	}
	for _, sc := range speakers {
		f.Speakers = append(f.Speakers, *sc)
	}
	slices.SortFunc(f.Speakers, func(a, b SpeakerCount) int {
		return cmp.Or(b.Count-a.Count, cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	f.Speakers = f.Speakers[:min(len(f.Speakers), facetTop)]
	for _, o := range outlets {
		f.Outlets = append(f.Outlets, *o)
	}
	byCount := func(a, b ValueCount) int { return cmp.Or(b.Count-a.Count, cmp.Compare(a.Value, b.Value)) }
	slices.SortFunc(f.Outlets, byCount)
	f.Outlets = f.Outlets[:min(len(f.Outlets), facetTop)]
	for k, n := range kinds {
		f.Kinds = append(f.Kinds, ValueCount{k, n})
	}
	slices.SortFunc(f.Kinds, byCount)
	for w, n := range weeks {
		f.Weeks = append(f.Weeks, store.Week{Start: w, Count: n})
	}
	slices.SortFunc(f.Weeks, func(a, b store.Week) int { return a.Start.Compare(b.Start) })
	return f
}

// weekStart is the Monday 00:00 UTC starting t's week, as the store
// counts weeks.
func weekStart(t time.Time) time.Time {
	t = t.UTC()
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// fillWeeks returns weeks with the empty weeks between them added, so
// that a chart's x axis is time. It gives up filling (returns weeks as
// they are) past maxWeeks, a span no chart can show week by week.
func fillWeeks(weeks []store.Week, maxWeeks int) []store.Week {
	if len(weeks) < 2 {
		return weeks
	}
	first, last := weekStart(weeks[0].Start), weekStart(weeks[len(weeks)-1].Start)
	n := int(last.Sub(first).Hours()/(24*7)) + 1
	if n > maxWeeks || n < len(weeks) {
		return weeks
	}
	out := make([]store.Week, 0, n)
	i := 0
	for w := first; !w.After(last); w = w.AddDate(0, 0, 7) {
		c := 0
		for i < len(weeks) && !weekStart(weeks[i].Start).After(w) {
			if weekStart(weeks[i].Start).Equal(w) {
				c += weeks[i].Count
			}
			i++
		}
		out = append(out, store.Week{Start: w, Count: c})
	}
	return out
}
