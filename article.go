package saywho

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Article is one source document, whatever it was read from: plain text,
// an HTML page, a feed item or a WARC record all become an Article before
// any extraction runs. Its Text is the only copy of the words; everything
// else points into it.
type Article struct {
	// ID names the article within a batch or a store: a file name without
	// folder and extension, a document id from a JSONL batch, or the
	// content hash when nothing better is known.
	ID string `json:"id"`

	// Text is the article as extracted from its source: headline, dateline,
	// headings and paragraphs separated by newlines, with no markup.
	Text string `json:"text"`

	Title     string    `json:"title,omitempty"`    // headline, as printed
	URL       string    `json:"url,omitempty"`      // canonical URL where known, else the fetched one
	Outlet    string    `json:"outlet,omitempty"`   // site or publisher name
	Author    string    `json:"author,omitempty"`   // byline
	Language  string    `json:"language,omitempty"` // ISO 639-1 code where known
	Published time.Time `json:"published,omitzero"` // UTC
	Updated   time.Time `json:"updated,omitzero"`   // UTC
	Source    string    `json:"source,omitempty"`   // where it was read from: path, URL, WARC record id

	// Layout of the text, found by the reader.
	Headline   Span      `json:"headline,omitzero"` // the headline line, if the text has one
	Dateline   Span      `json:"dateline,omitzero"` // the dateline line, if any
	Paragraphs []Span    `json:"paragraphs,omitempty"`
	Sections   []Section `json:"sections,omitempty"`
}

// Section is a topic section: a heading line and the paragraphs under it,
// up to the next heading. Text before the first heading belongs to no
// section.
type Section struct {
	Heading Span `json:"heading"`
	Body    Span `json:"body"` // from the end of the heading to the next heading or the end
}

// Hash returns the hex SHA-256 of the article's text: its identity in the
// store, so that the same text ingested twice is one article.
func (a *Article) Hash() string {
	h := sha256.Sum256([]byte(a.Text))
	return hex.EncodeToString(h[:])
}

// SectionAt returns the index of the section whose heading or body holds
// code point offset i, or -1.
func (a *Article) SectionAt(i int) int {
	for k, s := range a.Sections {
		if s.Heading.Start <= i && i < s.Body.End {
			return k
		}
	}
	return -1
}
