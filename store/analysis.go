package store

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	saywho "github.com/saywho/saywho"
)

// Helpers for Store implementations, so that every store accepts and
// refuses the same analyses and names the same things the same way.

// CheckAnalysis refuses an analysis a store cannot keep faithfully:
// spans outside the text, unknown kinds, confidences outside [0, 1],
// speakers pointing at missing entities. The error names the article.
func CheckAnalysis(a *saywho.Analysis) error {
	if a == nil || a.Article == nil {
		return errors.New("analysis without article")
	}
	art := a.Article
	name := art.ID
	if name == "" {
		name = art.Source
	}
	n := saywho.NewText(art.Text).Len()
	check := func(what string, s saywho.Span, required bool) error {
		if s.Start == 0 && s.End == 0 && !required {
			return nil
		}
		if s.Start < 0 || s.End > n || s.End < s.Start {
			return fmt.Errorf("article %s: %s span [%d,%d) outside text of %d code points", name, what, s.Start, s.End, n)
		}
		return nil
	}
	for i, st := range a.Statements {
		what := fmt.Sprintf("statement %d", i)
		switch st.Kind {
		case saywho.Direct, saywho.Indirect, saywho.Mixed:
		default:
			return fmt.Errorf("article %s: %s: unknown kind %q", name, what, st.Kind)
		}
		if err := check(what+" content", st.Content, true); err != nil {
			return err
		}
		for _, p := range st.Parts {
			if err := check(what+" part", p, true); err != nil {
				return err
			}
		}
		for _, s := range []struct {
			w string
			s saywho.Span
		}{{"mention", st.Speaker.Mention}, {"antecedent", st.Speaker.Antecedent}, {"cue", st.Cue}} {
			if err := check(what+" "+s.w, s.s, false); err != nil {
				return err
			}
		}
		if math.IsNaN(st.Confidence) || st.Confidence < 0 || st.Confidence > 1 {
			return fmt.Errorf("article %s: %s: confidence %v outside [0,1]", name, what, st.Confidence)
		}
		if st.Speaker.Entity >= len(a.Entities) {
			return fmt.Errorf("article %s: %s: speaker entity %d of %d", name, what, st.Speaker.Entity, len(a.Entities))
		}
	}
	for i, e := range a.Entities {
		for _, m := range e.Mentions {
			if err := check(fmt.Sprintf("entity %d mention", i), m, true); err != nil {
				return err
			}
		}
	}
	return nil
}

// QuoteID is the id of the quote a statement's text belongs to: 63 bits
// of the SHA-256 of its normalised words (NormalizeQuote), so that every
// store and every process gives the same words the same id without a
// lookup. ok is false for a text with no words.
func QuoteID(text string) (id int64, ok bool) {
	norm := NormalizeQuote(text)
	if norm == "" {
		return 0, false
	}
	h := sha256.Sum256([]byte(norm))
	id = int64(binary.BigEndian.Uint64(h[:8]) >> 1)
	if id == 0 {
		id = 1
	}
	return id, true
}

// InParts reports whether mention m lies inside one of a statement's
// pieces (or there is only one piece), so that the attribution between two
// pieces ("...," Peskov said, "...") is not counted as what was said.
func InParts(parts []saywho.Span, m saywho.SpanText) bool {
	if len(parts) == 0 {
		return true
	}
	for _, p := range parts {
		if p.Contains(saywho.Span{Start: m.Start, End: m.End}) {
			return true
		}
	}
	return false
}

// SpeakerType is s's type, Unknown when unset.
func SpeakerType(s saywho.SpeakerRecord) saywho.SpeakerType {
	if s.Type == "" {
		return saywho.Unknown
	}
	return s.Type
}
