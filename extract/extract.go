// Package extract finds attributed statements, entities and figures in an
// article. It is the core of saywho: it reads a *saywho.Article and returns
// a *saywho.Analysis, and knows nothing of where the article came from or
// where the analysis goes.
package extract

import (
	saywho "github.com/saywho/saywho"
)

// Extractor runs the extraction pipeline. It is safe for concurrent use; the
// models it holds are read-only after New.
type Extractor struct{}

// New returns an Extractor with the embedded models.
func New() *Extractor { return &Extractor{} }

// Extract analyses one article.
func (x *Extractor) Extract(a *saywho.Article) *saywho.Analysis {
	return &saywho.Analysis{Article: a}
}
