package store

import (
	"context"
	"time"

	"github.com/saywho/saywho/identity"
)

// Identities is implemented by stores that keep corpus-level identities
// (package identity): who is who across articles. Without it a speaker is
// the normalised name an article gave; with it, "Dmitri Peskov", "Peskov"
// in an article naming no other Peskov, and "the Kremlin spokesman" in
// 2024 are one speaker, "the Trump campaign" is not Donald Trump, and
// "the Kremlin" is the Russian presidency on entity pages.
//
// It is a separate interface so that a store can be used before it
// implements it; callers test for it.
type Identities interface {
	// Identify recomputes identities over the whole corpus and applies
	// them: statements point to their identity's speaker, names merged
	// into another forward to it, entities merge by their canonical
	// name. It is idempotent; run it after ingesting and after changing
	// rules.
	Identify(ctx context.Context) (IdentifyStats, error)
	// AddRule stores a user's correction (and drops the earlier rules
	// it supersedes). It takes effect at the next Identify.
	AddRule(ctx context.Context, r identity.Rule) error
	// Rules lists the stored corrections, oldest first.
	Rules(ctx context.Context) ([]identity.Rule, error)
}

// IdentifyStats says what Identify found and changed.
type IdentifyStats struct {
	// Names is the number of distinct speaker names (normalised), the
	// speakers a store has without identity.
	Names int `json:"names"`
	// Speakers is the number of speaker identities with statements;
	// Pooled of them are surnames no article tied to one person.
	Speakers int `json:"speakers"`
	Pooled   int `json:"pooled"`
	// Merged counts statements whose speaker's name is not its
	// identity's (Dmitri Peskov under Dmitry Peskov); ByRole those of
	// speakers known only by a role, resolved to a person.
	Merged int `json:"merged"`
	ByRole int `json:"by_role"`
	// Changed counts statements whose speaker changed in this run.
	Changed int `json:"changed"`
	// Entities merged into another entity (Kiev into Kyiv).
	EntitiesMerged int           `json:"entities_merged"`
	Rules          int           `json:"rules"`
	Elapsed        time.Duration `json:"elapsed"`
}
