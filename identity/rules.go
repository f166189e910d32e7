package identity

import (
	"errors"
	"fmt"
	"strings"
)

// RuleKind is what a user's correction does.
type RuleKind string

const (
	// Merge makes the identities bearing Names one, named as the first.
	Merge RuleKind = "merge"
	// Split takes the mentions that bear Names[0] out of the identity
	// they were merged into, as an identity of their own: nothing by
	// another name is merged with them automatically.
	Split RuleKind = "split"
	// Move gives the statements listed in Statements the speaker
	// Names[0]: they leave the identity they were in and join the one
	// of that name (a new one if no other bears it).
	Move RuleKind = "move"
)

// Rule is a user's correction of identity. Rules name speakers by name,
// and statements by what they are (see StatementKey), never by the row
// ids of a store, so that they hold when articles are ingested again,
// into another store or after the extractor changed.
type Rule struct {
	Kind  RuleKind `json:"kind"`
	Names []string `json:"names"`
	// Statements are the StatementKeys of a Move.
	Statements []string `json:"statements,omitempty"`
}

// StatementKey names a statement independently of where it is stored:
// the hash of its article's text and the normalised words of its content
// (the quote key of the store), so that re-extracting the same article
// finds the same statement again.
func StatementKey(articleHash, quoteKey string) string {
	return articleHash + ":" + quoteKey
}

// Validate checks that the rule can be applied.
func (r Rule) Validate() error {
	for _, n := range r.Names {
		if NameKey(n) == "" {
			return fmt.Errorf("identity rule %s: name %q has no letters", r.Kind, n)
		}
	}
	switch r.Kind {
	case Merge:
		if len(r.Names) < 2 {
			return fmt.Errorf("identity rule merge: want two names or more, have %d", len(r.Names))
		}
		seen := map[string]bool{}
		for _, n := range r.Names {
			if seen[NameKey(n)] {
				return fmt.Errorf("identity rule merge: %q is named twice", n)
			}
			seen[NameKey(n)] = true
		}
	case Split:
		if len(r.Names) != 1 {
			return fmt.Errorf("identity rule split: want one name, have %d", len(r.Names))
		}
	case Move:
		if len(r.Names) != 1 {
			return fmt.Errorf("identity rule move: want one name, have %d", len(r.Names))
		}
		if len(r.Statements) == 0 {
			return errors.New("identity rule move: no statements")
		}
	default:
		return fmt.Errorf("identity rule: unknown kind %q", r.Kind)
	}
	return nil
}

// Supersedes reports whether rule r, made later, makes the earlier rule
// old pointless or contradicts it, so that a store keeps only r: a split
// of a name undoes the merges naming it, a merge undoes the splits of its
// names, and a rule repeated replaces itself.
func (r Rule) Supersedes(old Rule) bool {
	names := func(x Rule) map[string]bool {
		m := map[string]bool{}
		for _, n := range x.Names {
			m[NameKey(n)] = true
		}
		return m
	}
	mine, theirs := names(r), names(old)
	shared := false
	for k := range mine {
		if theirs[k] {
			shared = true
		}
	}
	switch {
	case r.Kind == Split && old.Kind == Merge, r.Kind == Merge && old.Kind == Split:
		return shared
	case r.Kind == old.Kind && r.Kind != Move:
		return len(mine) == len(theirs) && shared && sameKeys(mine, theirs)
	case r.Kind == Move && old.Kind == Move:
		ks := map[string]bool{}
		for _, s := range r.Statements {
			ks[s] = true
		}
		for _, s := range old.Statements {
			if !ks[s] {
				return false
			}
		}
		return true
	}
	return false
}

func sameKeys(a, b map[string]bool) bool {
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// String writes the rule as a user would type it.
func (r Rule) String() string {
	q := make([]string, len(r.Names))
	for i, n := range r.Names {
		q[i] = fmt.Sprintf("%q", n)
	}
	s := string(r.Kind) + " " + strings.Join(q, " ")
	if len(r.Statements) > 0 {
		s += fmt.Sprintf(" (%d statements)", len(r.Statements))
	}
	return s
}
