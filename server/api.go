package server

import (
	"context"
	"net/http"
	"time"

	"github.com/saywho/saywho/store"
)

// maxTimelineWeeks bounds the zero-filled timeline: 20 years of weeks.
const maxTimelineWeeks = 20 * 53

// SearchResponse is a page of search results with the links to the pages
// around it.
type SearchResponse struct {
	Hits []*store.Hit `json:"hits"`
	More bool         `json:"more"`
	// Capped is set when the query matched more statements than the
	// store ranks for one search: the hits are the best of the most
	// recently stored matches, and a narrower query ranks across all.
	Capped bool   `json:"capped,omitempty"`
	Offset int    `json:"offset"`
	Limit  int    `json:"limit"`
	Next   string `json:"next,omitempty"`
	Prev   string `json:"prev,omitempty"`
}

// SpeakersResponse is a page of the speaker listing.
type SpeakersResponse struct {
	Speakers []store.SpeakerSummary `json:"speakers"`
	Next     string                 `json:"next,omitempty"`
	Prev     string                 `json:"prev,omitempty"`
}

// TimelineResponse is a speaker's statements per week, with the empty
// weeks between the first and the last filled in.
type TimelineResponse struct {
	ID    int64        `json:"id"`
	Name  string       `json:"name"`
	Weeks []store.Week `json:"weeks"`
}

func (s *Server) search(r *http.Request) (*SearchResponse, store.Query, error) {
	q, err := queryParams(r.URL.Query())
	if err != nil {
		return nil, q, err
	}
	res, err := s.st.Search(r.Context(), q)
	if err != nil {
		return nil, q, err
	}
	out := &SearchResponse{Hits: res.Hits, More: res.More, Capped: res.Capped, Offset: q.Offset, Limit: q.Limit}
	if res.More {
		out.Next = pageURL(r.URL, q.Offset+q.Limit)
	}
	if q.Offset > 0 {
		out.Prev = pageURL(r.URL, max(0, q.Offset-q.Limit))
	}
	return out, q, nil
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	res, _, err := s.search(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) apiFacets(w http.ResponseWriter, r *http.Request) {
	q, err := queryParams(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := s.facets(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, f)
}

func (s *Server) apiStatement(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h, err := s.st.Statement(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, h)
}

func (s *Server) apiArticle(w http.ResponseWriter, r *http.Request) {
	serveRef(s, w, r, s.st.Article)
}

// serveRef answers a request for one thing named by the path's {ref}:
// an article, a speaker, an entity. A ref the store does not know is a
// 404 JSON error, as every failure of get is by its kind.
func serveRef[T any](s *Server, w http.ResponseWriter, r *http.Request, get func(context.Context, string) (T, error)) {
	ref, err := pathRef(r, "ref")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := get(r.Context(), ref)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiSpeakers(w http.ResponseWriter, r *http.Request) {
	res, err := s.speakers(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// speakers reads prefix, limit and offset and lists one page.
func (s *Server) speakers(r *http.Request) (*SpeakersResponse, error) {
	v := r.URL.Query()
	prefix, err := param(v, "prefix")
	if err != nil {
		return nil, err
	}
	limit, err := intParam(v, "limit", 50, store.MaxLimit)
	if err != nil {
		return nil, err
	}
	if limit == 0 {
		limit = 50
	}
	offset, err := intParam(v, "offset", 0, maxOffset)
	if err != nil {
		return nil, err
	}
	// One more than asked tells whether there is a next page.
	list, err := s.st.Speakers(r.Context(), prefix, min(limit+1, store.MaxLimit), offset)
	if err != nil {
		return nil, err
	}
	out := &SpeakersResponse{Speakers: list}
	if len(list) > limit {
		out.Speakers = list[:limit]
		out.Next = pageURL(r.URL, offset+limit)
	}
	if offset > 0 {
		out.Prev = pageURL(r.URL, max(0, offset-limit))
	}
	return out, nil
}

func (s *Server) apiSpeaker(w http.ResponseWriter, r *http.Request) {
	serveRef(s, w, r, s.st.Speaker)
}

func (s *Server) apiTimeline(w http.ResponseWriter, r *http.Request) {
	ref, err := pathRef(r, "ref")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.st.Speaker(r.Context(), ref)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	weeks := fillWeeks(p.Timeline, maxTimelineWeeks)
	if weeks == nil {
		weeks = []store.Week{}
	}
	writeJSON(w, http.StatusOK, TimelineResponse{ID: p.ID, Name: p.Name, Weeks: weeks})
}

func (s *Server) apiEntity(w http.ResponseWriter, r *http.Request) {
	serveRef(s, w, r, s.st.Entity)
}

func (s *Server) apiStats(w http.ResponseWriter, r *http.Request) {
	st, err := s.stats(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// startedAt dates the embedded assets for conditional requests: they
// change only with the binary.
var startedAt = time.Now()
