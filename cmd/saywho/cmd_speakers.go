package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/saywho/saywho/store"
)

var speakersFlags struct {
	db, prefix, format string
	limit, offset      int
}

var cmdSpeakers = &cobra.Command{
	Use:   "speakers [--merge A B... | --split A [--statements ID,... --as NAME]]",
	Short: "List the speakers in the store, most statements first; correct who is who",
	Long: `Speakers lists the speakers in the store, most statements first. A speaker is
an identity across articles: "Dmitri Peskov", "Peskov" and "the Kremlin
spokesman" in 2024 are Dmitry Peskov (see saywho ingest, which works it out).

Where it is wrong, correct it; corrections are kept by name and survive
re-ingests:
  saywho speakers --merge "Dmitry Peskov" "D. Peskov"   one person, the first name shown
  saywho speakers --split "Smith"                       the name Smith is nobody else
  saywho speakers --split "Smith" --statements 12,40 --as "Jane Smith"
  saywho speakers --rules                               the corrections stored`,
	Args: cobra.ArbitraryArgs,
	RunE: runSpeakers,
}

var speakerFlags struct{ db, format string }

var cmdSpeaker = &cobra.Command{
	Use:   "speaker NAME",
	Short: "Show a speaker: roles, organisations, statements over time, topics, most-cited lines",
	Long: `Speaker shows what the store knows of one speaker. NAME is the canonical
name, an alias ("Peskov") or the id from saywho speakers.`,
	Args: cobra.MinimumNArgs(1),
	RunE: runSpeaker,
}

func init() {
	addDBFlag(cmdSpeakers, &speakersFlags.db)
	f := cmdSpeakers.Flags()
	f.StringVar(&speakersFlags.prefix, "prefix", "", "only names starting with this")
	f.IntVar(&speakersFlags.limit, "limit", 50, "at most this many speakers")
	f.IntVar(&speakersFlags.offset, "offset", 0, "skip this many first")
	f.StringVar(&speakersFlags.format, "format", "table", "table|json")
	addIdentityFlags(cmdSpeakers)
	addDBFlag(cmdSpeaker, &speakerFlags.db)
	cmdSpeaker.Flags().StringVar(&speakerFlags.format, "format", "table", "table|json")
	cmdRoot.AddCommand(cmdSpeakers, cmdSpeaker)
}

func checkTableJSON(format string) error {
	if format != "table" && format != "json" {
		return &exitError{2, fmt.Errorf("--format %q: want table or json", format)}
	}
	return nil
}

func runSpeakers(cmd *cobra.Command, args []string) error {
	if err := checkTableJSON(speakersFlags.format); err != nil {
		return err
	}
	if err := checkIdentityArgs(args); err != nil {
		return err
	}
	ctx := cmd.Context()
	st, err := openStore(ctx, speakersFlags.db, false)
	if err != nil {
		return err
	}
	defer st.Close()
	if identityAction() {
		return runIdentity(ctx, cmd.OutOrStdout(), st, args)
	}
	list, err := st.Speakers(ctx, speakersFlags.prefix, speakersFlags.limit, speakersFlags.offset)
	if err != nil {
		return queryError(err)
	}
	w := bufio.NewWriter(cmd.OutOrStdout())
	defer w.Flush()
	if speakersFlags.format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(list)
	}
	if len(list) == 0 {
		fmt.Fprintln(w, "no speakers")
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSPEAKER\tTYPE\tSTATEMENTS\tFIRST\tLAST")
	for _, s := range list {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\n", s.ID, hitCell(s.Name, 40), s.Type, s.Statements, hitDate(s.First), hitDate(s.Last))
	}
	return tw.Flush()
}

func runSpeaker(cmd *cobra.Command, args []string) error {
	if err := checkTableJSON(speakerFlags.format); err != nil {
		return err
	}
	ctx := cmd.Context()
	st, err := openStore(ctx, speakerFlags.db, false)
	if err != nil {
		return err
	}
	defer st.Close()
	p, err := st.Speaker(ctx, strings.Join(args, " "))
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%w (saywho speakers --prefix lists the names)", err)
	}
	if err != nil {
		return queryError(err)
	}
	w := bufio.NewWriter(cmd.OutOrStdout())
	defer w.Flush()
	if speakerFlags.format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(p)
	}
	printSpeakerPage(w, p)
	return nil
}

func printSpeakerPage(w io.Writer, p *store.SpeakerPage) {
	fmt.Fprintf(w, "%s (%s, id %d)\n", p.Name, p.Type, p.ID)
	fmt.Fprintf(w, "%d statements", p.Statements)
	if p.First != nil {
		fmt.Fprintf(w, ", %s to %s", hitDate(p.First), hitDate(p.Last))
	}
	fmt.Fprintln(w)
	if len(p.Aliases) > 0 {
		fmt.Fprintf(w, "Also named: %s\n", strings.Join(p.Aliases, "; "))
	}
	attrs := func(title string, as []store.Attribute) {
		if len(as) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s\n", title)
		const show = 8
		for i, a := range as {
			if i == show {
				fmt.Fprintf(w, "  … and %d more (--format json lists all)\n", len(as)-show)
				break
			}
			fmt.Fprintf(w, "  %s  (%d article%s, %s to %s)\n", a.Value, a.Articles, plural(a.Articles), hitDate(a.First), hitDate(a.Last))
		}
	}
	attrs("Roles", p.Roles)
	attrs("Organisations", p.Organizations)
	if len(p.Timeline) > 0 {
		fmt.Fprintln(w, "\nStatements per week")
		max := 0
		for _, wk := range p.Timeline {
			max = bigger(max, wk.Count)
		}
		for _, wk := range p.Timeline {
			bar := strings.Repeat("█", bigger(1, wk.Count*40/max))
			fmt.Fprintf(w, "  %s  %s %d\n", wk.Start.Format(time.DateOnly), bar, wk.Count)
		}
	}
	if len(p.TopEntities) > 0 {
		var ts []string
		for _, e := range p.TopEntities {
			ts = append(ts, fmt.Sprintf("%s (%d)", e.Name, e.Count))
		}
		fmt.Fprintf(w, "\nTalks about: %s\n", strings.Join(ts, ", "))
	}
	if len(p.MostCited) > 0 {
		fmt.Fprintln(w, "\nMost-cited lines")
		for _, q := range p.MostCited {
			fmt.Fprintf(w, "  %d× %s\n", q.Sightings, hitCell(q.Text, 100))
			var where []string
			if q.First != nil {
				where = append(where, "first "+hitDate(q.First))
			}
			if len(q.Outlets) > 0 {
				where = append(where, strings.Join(q.Outlets, ", "))
			}
			if len(where) > 0 {
				fmt.Fprintf(w, "      %s\n", strings.Join(where, "; "))
			}
		}
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func bigger(a, b int) int {
	if a > b {
		return a
	}
	return b
}
