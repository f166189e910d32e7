package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/saywho/saywho/identity"
	"github.com/saywho/saywho/store"
)

// Identity corrections are flags of saywho speakers: a user looking at the
// speaker list is who notices two entries that are one person.
var identityFlags struct {
	merge, split, rules, identify bool
	statements                    []int64
	as                            string
}

func addIdentityFlags(c *cobra.Command) {
	f := c.Flags()
	f.BoolVar(&identityFlags.merge, "merge", false, "make the speakers named as arguments one, under the first's name: --merge A B")
	f.BoolVar(&identityFlags.split, "split", false, "take the name given as argument out of the speaker it was merged into: --split A")
	f.Int64SliceVar(&identityFlags.statements, "statements", nil, "with --split: split these statements (ids from saywho search) off instead, to the speaker named by --as")
	f.StringVar(&identityFlags.as, "as", "", "with --split --statements: whose statements they are (default: the argument)")
	f.BoolVar(&identityFlags.rules, "rules", false, "list the stored identity corrections")
	f.BoolVar(&identityFlags.identify, "identify", false, "recompute who is who now (ingest does it after adding articles)")
}

// identityAction reports whether the command line asks for an identity
// action rather than the listing.
func identityAction() bool {
	f := &identityFlags
	return f.merge || f.split || f.rules || f.identify || len(f.statements) > 0 || f.as != ""
}

// checkIdentityArgs validates the identity flags and arguments together.
func checkIdentityArgs(args []string) error {
	f := &identityFlags
	n := 0
	for _, b := range []bool{f.merge, f.split, f.rules, f.identify} {
		if b {
			n++
		}
	}
	switch {
	case n > 1:
		return &exitError{2, errors.New("speakers: give one of --merge, --split, --rules, --identify")}
	case (len(f.statements) > 0 || f.as != "") && !f.split:
		return &exitError{2, errors.New("speakers: --statements and --as go with --split")}
	case f.merge && len(args) < 2:
		return &exitError{2, errors.New("speakers --merge: give two speakers or more (names or ids)")}
	case f.split && len(args) != 1:
		return &exitError{2, errors.New("speakers --split: give one name (or id)")}
	case (f.rules || f.identify) && len(args) > 0:
		return &exitError{2, fmt.Errorf("speakers: unexpected argument %q", args[0])}
	case n == 0 && len(args) > 0:
		return &exitError{2, fmt.Errorf("speakers: unexpected argument %q (saywho speaker NAME shows one)", args[0])}
	}
	return nil
}

func runIdentity(ctx context.Context, out io.Writer, st store.Store, args []string) error {
	ids, ok := st.(store.Identities)
	if !ok {
		return fmt.Errorf("speakers: this store (%T) keeps no identities", st)
	}
	f := &identityFlags
	if f.rules {
		rules, err := ids.Rules(ctx)
		if err != nil {
			return err
		}
		if len(rules) == 0 {
			fmt.Fprintln(out, "no identity corrections")
		}
		for _, r := range rules {
			fmt.Fprintln(out, r)
		}
		return nil
	}
	var rule identity.Rule
	switch {
	case f.merge:
		rule.Kind = identity.Merge
		for _, a := range args {
			name, err := speakerName(ctx, st, a)
			if err != nil {
				return err
			}
			rule.Names = append(rule.Names, name)
		}
	case f.split && len(f.statements) > 0:
		rule.Kind = identity.Move
		name := f.as
		if name == "" {
			name = args[0]
		}
		rule.Names = []string{name}
		for _, id := range f.statements {
			h, err := st.Statement(ctx, id)
			if err != nil {
				return queryError(err)
			}
			if h.QuoteID == 0 {
				return fmt.Errorf("speakers --split: statement %d has no text to know it by", id)
			}
			rule.Statements = append(rule.Statements, identity.StatementKey(h.Article.Hash, strconv.FormatInt(h.QuoteID, 10)))
		}
	case f.split:
		// The name as typed: an id stands for its speaker's name.
		name, err := speakerName(ctx, st, args[0])
		if err != nil {
			return err
		}
		rule = identity.Rule{Kind: identity.Split, Names: []string{name}}
	}
	if rule.Kind != "" {
		if err := ids.AddRule(ctx, rule); err != nil {
			return queryError(err)
		}
		fmt.Fprintf(out, "stored: %s\n", rule)
	}
	stats, err := ids.Identify(ctx)
	if err != nil {
		return err
	}
	printIdentify(out, stats)
	if rule.Kind != "" {
		for _, n := range rule.Names {
			if p, err := st.Speaker(ctx, n); err == nil {
				fmt.Fprintf(out, "%s is now %s (id %d): %d statements", n, p.Name, p.ID, p.Statements)
				if al := otherNames(p.Name, p.Aliases); len(al) > 0 {
					fmt.Fprintf(out, ", also named %s", strings.Join(al, "; "))
				}
				fmt.Fprintln(out)
			}
		}
	}
	return nil
}

// speakerName returns the canonical name of a speaker given by id or
// name; a name no speaker bears is an error.
func speakerName(ctx context.Context, st store.Store, ref string) (string, error) {
	p, err := st.Speaker(ctx, ref)
	if errors.Is(err, store.ErrNotFound) {
		return "", &exitError{2, fmt.Errorf("%w (saywho speakers --prefix lists the names)", err)}
	}
	if err != nil {
		return "", queryError(err)
	}
	if _, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(ref), "#"), 10, 64); err == nil {
		return p.Name, nil
	}
	return strings.TrimSpace(ref), nil
}

func otherNames(name string, aliases []string) []string {
	var out []string
	for _, a := range aliases {
		if store.NormalizeName(a) != store.NormalizeName(name) {
			out = append(out, a)
		}
	}
	return out
}

func printIdentify(w io.Writer, s store.IdentifyStats) {
	fmt.Fprintf(w, "identities: %d speakers from %d names (%d of them surnames no article tied to one person); "+
		"%d statements under another name, %d by role; %d entities merged; %d statements changed; %d rules; %s\n",
		s.Speakers, s.Names, s.Pooled, s.Merged, s.ByRole, s.EntitiesMerged, s.Changed, s.Rules, s.Elapsed.Round(time.Millisecond))
}

// identifyAfterIngest recomputes identities when the store keeps them.
func identifyAfterIngest(ctx context.Context, w io.Writer, st store.Store) error {
	ids, ok := st.(store.Identities)
	if !ok {
		return nil
	}
	stats, err := ids.Identify(ctx)
	if err != nil {
		return fmt.Errorf("identities: %w", err)
	}
	printIdentify(w, stats)
	return nil
}
