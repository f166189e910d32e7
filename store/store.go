// Package store keeps analysed articles and answers questions over them:
// full-text search over statements with filters, speaker and entity pages,
// article views and exports.
//
// A Store is chosen by a URL, as database/sql drivers are: implementations
// (store/sqlite, later store/postgres) call Register from an init function,
// and Open picks one by the URL's scheme. Every implementation must pass the
// conformance suite in store/storetest.
//
// # Identity
//
// An article is its text: the SHA-256 of saywho.Article.Text. The same text
// ingested twice is one article, whatever its file name; when it comes again
// from another URL or outlet (a wire story reprinted verbatim) the article
// gains a source, and its quotes gain sightings, but no statement is added.
// The same URL with a changed text is a new article (a new version); both
// stay searchable, and Article lists the other versions of the same URL.
//
// A quote is a statement's text normalised (case, quote marks, whitespace,
// punctuation folded away): the same words printed by several articles are
// one quote with many sightings, one per (article, outlet, URL).
//
// A speaker is, for now, the normalised canonical name of a statement's
// speaker within the corpus. Statements point to speaker ids and speakers
// carry aliases, so that a better identity (package identity) can merge
// speakers later without touching statements' text.
package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	saywho "github.com/saywho/saywho"
)

// ErrBadQuery is wrapped by every error caused by what the user asked
// rather than by the store: a search text with nothing to search for, a
// malformed date, an unknown kind.
var ErrBadQuery = errors.New("bad query")

// ErrNotFound is wrapped when the speaker, entity, article or statement
// asked for does not exist.
var ErrNotFound = errors.New("not found")

// Store is a corpus of analysed articles. Implementations are safe for
// concurrent use: many readers at once, and writers serialised by the store.
type Store interface {
	// Put stores a batch of analyses, each one atomically: an article is
	// either wholly stored or not at all, and a failing article does not
	// fail the others. The results are in the order of the batch. The
	// error is set only when the batch as a whole could not be written
	// (then nothing of it was).
	Put(ctx context.Context, batch []*saywho.Analysis) ([]PutResult, error)

	// Search returns the statements matching q, best first when q.Text is
	// set, newest first otherwise.
	Search(ctx context.Context, q Query) (*Results, error)
	// Export calls fn for every statement matching q (Limit and Offset
	// apply when set), in a stable order, without holding them all in
	// memory. An error from fn stops the export and is returned.
	Export(ctx context.Context, q Query, fn func(*Hit) error) error
	// Statement returns one statement by id.
	Statement(ctx context.Context, id int64) (*Hit, error)

	// Speakers lists speakers with their statement counts, most
	// statements first. Prefix, if set, keeps names starting with it.
	Speakers(ctx context.Context, prefix string, limit, offset int) ([]SpeakerSummary, error)
	// Speaker returns a speaker's page; ref is an id or a name (canonical
	// or alias).
	Speaker(ctx context.Context, ref string) (*SpeakerPage, error)
	// Entity returns an entity's page; ref is an id or a name.
	Entity(ctx context.Context, ref string) (*EntityPage, error)
	// Article returns an article with its statements; ref is its hash (or
	// a unique prefix of at least 8 characters) or its id.
	Article(ctx context.Context, ref string) (*ArticleView, error)

	// Stats counts what the store holds.
	Stats(ctx context.Context) (Stats, error)
	Close() error
}

// Status is what Put did with one article.
type Status string

const (
	New       Status = "new"
	Duplicate Status = "duplicate" // same text already stored
	Failed    Status = "failed"
)

// PutResult is the outcome for one article of a batch.
type PutResult struct {
	Hash       string
	ArticleID  int64
	Status     Status
	Statements int // statements added
	Err        error
}

// Query selects statements. Zero fields do not filter.
type Query struct {
	// Text is what the user typed: words (all must match), "exact
	// phrases", prefix* words, OR between alternatives and -word to
	// exclude. See ParseText.
	Text string
	// Speaker is a speaker id or name (canonical or alias).
	Speaker string
	// Entity keeps statements whose own text mentions the entity (a
	// mention of it inside the statement's content), by id or name. It is
	// the statement, not the article, that must name it: "what did people
	// say about X" rather than "statements in articles naming X".
	Entity string
	// Outlet keeps statements from articles published by this outlet
	// (any of the article's sources), compared without case.
	Outlet string
	// Since (inclusive) and Until (exclusive) bound the article's
	// publication time; statements of undated articles are left out when
	// either is set. ParseSince and ParseUntil read them from user text.
	Since, Until time.Time
	Kind         saywho.Kind
	Limit        int // 0: DefaultLimit for Search, everything for Export
	Offset       int
}

// DefaultLimit and MaxLimit bound Search pages.
const (
	DefaultLimit = 20
	MaxLimit     = 1000
)

// Validate checks the parts of q that do not depend on the store.
func (q *Query) Validate() error {
	switch q.Kind {
	case "", saywho.Direct, saywho.Indirect, saywho.Mixed:
	default:
		return fmt.Errorf("kind %q: want direct, indirect or mixed: %w", q.Kind, ErrBadQuery)
	}
	if q.Limit < 0 || q.Offset < 0 {
		return fmt.Errorf("limit %d, offset %d: must not be negative: %w", q.Limit, q.Offset, ErrBadQuery)
	}
	if !q.Since.IsZero() && !q.Until.IsZero() && !q.Since.Before(q.Until) {
		return fmt.Errorf("since %s is not before until %s: %w",
			q.Since.Format(time.DateOnly), q.Until.Format(time.DateOnly), ErrBadQuery)
	}
	return nil
}

// Results is one page of search results.
type Results struct {
	Hits []*Hit `json:"hits"`
	// More is true when there are results after this page.
	More bool `json:"more"`
	// Capped is true when the query matched more statements than the
	// store ranks for one search, and only the most recently stored of
	// them were ranked: refine the query to rank across everything.
	Capped bool `json:"capped,omitempty"`
}

// Hit is one stored statement with its article's metadata. It embeds the
// statement's external form (saywho.StatementRecord: offsets in code
// points into the article's text) and adds the store's ids.
type Hit struct {
	ID int64 `json:"id"`
	saywho.StatementRecord
	// SpeakerID is the corpus-level speaker id, 0 when unknown.
	SpeakerID int64 `json:"speaker_id,omitempty"`
	QuoteID   int64 `json:"quote_id,omitempty"`
	// Article has no text; ask Article for it.
	Article saywho.ArticleRecord `json:"article"`
	// Snippet is the matching part of the text with matches in [brackets];
	// set by Search when Query.Text is.
	Snippet string `json:"snippet,omitempty"`
	// Score is the relevance (higher is better) when Query.Text is set.
	Score float64 `json:"score,omitempty"`
}

// SpeakerSummary is a line of the speaker listing.
type SpeakerSummary struct {
	ID         int64              `json:"id"`
	Name       string             `json:"name"`
	Type       saywho.SpeakerType `json:"type"`
	Statements int                `json:"statements"`
	First      *time.Time         `json:"first,omitempty"` // earliest dated statement
	Last       *time.Time         `json:"last,omitempty"`
}

// Attribute is a role or an organisation of a speaker, as articles state
// it, with the dates of the articles that do.
type Attribute struct {
	Value    string     `json:"value"`
	Articles int        `json:"articles"`
	First    *time.Time `json:"first,omitempty"`
	Last     *time.Time `json:"last,omitempty"`
}

// Week is a count of statements in the week (Monday 00:00 UTC) starting at
// Start.
type Week struct {
	Start time.Time `json:"start"`
	Count int       `json:"count"`
}

// EntityCount is an entity and how often it was mentioned in the
// statements considered.
type EntityCount struct {
	ID    int64             `json:"id"`
	Name  string            `json:"name"`
	Type  saywho.EntityType `json:"type"`
	Count int               `json:"count"`
}

// Quote is a statement text printed once or more, with its sightings.
type Quote struct {
	ID   int64  `json:"id"`
	Text string `json:"text"` // as first stored
	// Sightings counts the (article, outlet, URL) triples printing it.
	Sightings int        `json:"sightings"`
	First     *time.Time `json:"first,omitempty"` // earliest dated sighting
	Outlets   []string   `json:"outlets,omitempty"`
	URLs      []string   `json:"urls,omitempty"`
}

// SpeakerPage is what the store knows of one speaker.
type SpeakerPage struct {
	SpeakerSummary
	Aliases       []string      `json:"aliases,omitempty"`
	Roles         []Attribute   `json:"roles,omitempty"`
	Organizations []Attribute   `json:"organizations,omitempty"`
	Timeline      []Week        `json:"timeline,omitempty"`
	TopEntities   []EntityCount `json:"top_entities,omitempty"`
	// MostCited are the speaker's quotes with the most sightings.
	MostCited []Quote `json:"most_cited,omitempty"`
}

// EntityPage is what the store knows of one entity.
type EntityPage struct {
	ID      int64             `json:"id"`
	Name    string            `json:"name"`
	Type    saywho.EntityType `json:"type"`
	Aliases []string          `json:"aliases,omitempty"`
	// Metonyms are names that stand for it rather than name it: "the
	// Kremlin" for the Russian presidency (see package identity).
	Metonyms []string `json:"metonyms,omitempty"`
	// Articles naming it, and Statements whose text names it.
	Articles   int `json:"articles"`
	Statements int `json:"statements"`
	// Speakers are who talk about it, most statements first.
	Speakers []SpeakerSummary `json:"speakers,omitempty"`
}

// ArticleView is a stored article: its record with text and statements
// (Statements of the record and Hits are in the same order), the sources
// it came from and the other versions of its URL.
type ArticleView struct {
	ID       int64         `json:"id"`
	Record   saywho.Record `json:"record"`
	Hits     []*Hit        `json:"hits"`
	Sources  []Source      `json:"sources"`
	Versions []Version     `json:"versions,omitempty"`
}

// Source is one place an article's text was seen.
type Source struct {
	ID        string     `json:"id"` // the name the input gave it
	URL       string     `json:"url,omitempty"`
	Outlet    string     `json:"outlet,omitempty"`
	Published *time.Time `json:"published,omitempty"`
	Source    string     `json:"source,omitempty"` // path, feed URL, WARC record
}

// Version is another article with the same URL and a different text.
type Version struct {
	ID       int64      `json:"id"`
	Hash     string     `json:"hash"`
	Updated  *time.Time `json:"updated,omitempty"`
	Ingested time.Time  `json:"ingested"`
}

// Stats counts rows.
type Stats struct {
	Articles   int `json:"articles"`
	Sources    int `json:"sources"`
	Statements int `json:"statements"`
	Speakers   int `json:"speakers"`
	Entities   int `json:"entities"`
	Mentions   int `json:"mentions"`
	Quotes     int `json:"quotes"`
	Sightings  int `json:"sightings"`
}

// Opener opens a store from the URL given to Open.
type Opener func(ctx context.Context, url string) (Store, error)

var (
	regMu   sync.RWMutex
	openers = map[string]Opener{}
)

// Register makes a store available under a URL scheme ("sqlite",
// "postgres"). It panics when called twice for one scheme, as
// database/sql.Register does: that is a programming error.
func Register(scheme string, open Opener) {
	regMu.Lock()
	defer regMu.Unlock()
	if _, dup := openers[scheme]; dup {
		panic("store: Register called twice for " + scheme)
	}
	openers[scheme] = open
}

// Schemes lists the registered schemes.
func Schemes() []string {
	regMu.RLock()
	defer regMu.RUnlock()
	var s []string
	for k := range openers {
		s = append(s, k)
	}
	sort.Strings(s)
	return s
}

// Open opens the store named by url: "sqlite:path", "postgres://..." (or
// "postgresql://..."), or a plain file path, which means SQLite. The
// implementation's package must be imported for its scheme to be known.
func Open(ctx context.Context, url string) (Store, error) {
	if url == "" {
		return nil, errors.New("store: empty database URL")
	}
	scheme := "sqlite"
	if i := strings.Index(url, ":"); i > 1 { // i > 1 keeps "C:\..." a path
		s := strings.ToLower(url[:i])
		if isScheme(s) {
			scheme = s
		}
	}
	if scheme == "postgresql" {
		scheme = "postgres"
	}
	regMu.RLock()
	open, ok := openers[scheme]
	regMu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("store %q: no store registered for scheme %q (have %v)", url, scheme, Schemes())
	}
	st, err := open(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("store %q: %w", redact(url), err)
	}
	return st, nil
}

func isScheme(s string) bool {
	for i, c := range s {
		if c >= 'a' && c <= 'z' || i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
			continue
		}
		return false
	}
	return true
}

// redact hides a password in a URL so that errors can be printed.
func redact(url string) string {
	at := strings.LastIndex(url, "@")
	sep := strings.Index(url, "://")
	if at < 0 || sep < 0 || at < sep {
		return url
	}
	userinfo := url[sep+3 : at]
	if i := strings.Index(userinfo, ":"); i >= 0 {
		return url[:sep+3] + userinfo[:i] + ":xxxxx" + url[at:]
	}
	return url
}
