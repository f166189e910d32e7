package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store"
)

// filterFlags are the statement filters shared by search and export.
type filterFlags struct {
	db, speaker, entity, outlet, since, until, kind, format string
	limit, offset                                           int
}

func (f *filterFlags) add(c *cobra.Command, formats string, limit int) {
	fl := c.Flags()
	addDBFlag(c, &f.db)
	fl.StringVar(&f.speaker, "speaker", "", "speaker name, alias or id")
	fl.StringVar(&f.entity, "entity", "", "only statements whose text names this person, organisation or place")
	fl.StringVar(&f.outlet, "outlet", "", "outlet (publisher) name")
	fl.StringVar(&f.since, "since", "", "published on or after: YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339")
	fl.StringVar(&f.until, "until", "", "published on or before (the whole day, month or year given)")
	fl.StringVar(&f.kind, "kind", "", "direct, indirect or mixed")
	fl.IntVar(&f.limit, "limit", limit, "at most this many statements (0: all)")
	fl.IntVar(&f.offset, "offset", 0, "skip this many statements first")
	fl.StringVar(&f.format, "format", strings.SplitN(formats, "|", 2)[0], formats)
}

// query builds the store query; a bad date or kind is the user's error.
func (f *filterFlags) query(text string) (store.Query, error) {
	q := store.Query{Text: text, Speaker: f.speaker, Entity: f.entity, Outlet: f.outlet,
		Kind: saywho.Kind(strings.ToLower(f.kind)), Limit: f.limit, Offset: f.offset}
	var err error
	if f.since != "" {
		if q.Since, err = store.ParseSince(f.since); err != nil {
			return q, fmt.Errorf("--since: %w", err)
		}
	}
	if f.until != "" {
		if q.Until, err = store.ParseUntil(f.until); err != nil {
			return q, fmt.Errorf("--until: %w", err)
		}
	}
	return q, q.Validate()
}

func (f *filterFlags) checkFormat(formats ...string) error {
	for _, v := range formats {
		if f.format == v {
			return nil
		}
	}
	return &exitError{2, fmt.Errorf("--format %q: want one of %s", f.format, strings.Join(formats, ", "))}
}

var searchFlags filterFlags

var cmdSearch = &cobra.Command{
	Use:   "search [QUERY]",
	Short: "Search the stored statements",
	Long: `Search finds statements by their words, best matches first, with filters.

QUERY: all words must match; "quoted words" match as a phrase; word* matches
words starting with word; -word excludes; OR between two terms accepts either.
Without QUERY, the filtered statements are listed newest first.`,
	Example: `  saywho search '"peace talks"' --speaker Peskov --since 2024-03
  saywho search sanction* --outlet Reuters --kind direct --format csv`,
	RunE: runSearch,
}

func init() {
	searchFlags.add(cmdSearch, "table|json|jsonl|csv", store.DefaultLimit)
	cmdRoot.AddCommand(cmdSearch)
}

func runSearch(cmd *cobra.Command, args []string) error {
	if err := searchFlags.checkFormat("table", "json", "jsonl", "csv"); err != nil {
		return err
	}
	q, err := searchFlags.query(strings.Join(args, " "))
	if err != nil {
		return queryError(err)
	}
	if q.Limit == 0 || q.Limit > store.MaxLimit {
		q.Limit = store.MaxLimit
	}
	ctx := cmd.Context()
	st, err := openStore(ctx, searchFlags.db, false)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := st.Search(ctx, q)
	if err != nil {
		return queryError(err)
	}
	w := bufio.NewWriter(cmd.OutOrStdout())
	defer w.Flush()
	switch searchFlags.format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	case "jsonl":
		enc := json.NewEncoder(w)
		for _, h := range res.Hits {
			if err := enc.Encode(h); err != nil {
				return err
			}
		}
	case "csv":
		cw := newHitCSV(w)
		for _, h := range res.Hits {
			cw.write(h)
		}
		return cw.flush()
	default:
		if len(res.Hits) == 0 {
			fmt.Fprintln(w, "no statements found")
		} else {
			printHits(w, res.Hits, termWidth(cmd.OutOrStdout()))
		}
		if res.More {
			w.Flush()
			fmt.Fprintf(cmd.ErrOrStderr(), "more results: --offset %d\n", q.Offset+len(res.Hits))
		}
		if res.Capped {
			w.Flush()
			fmt.Fprintln(cmd.ErrOrStderr(), "many statements match: the most recently stored were ranked; add words or filters to rank them all")
		}
	}
	return nil
}

func termWidth(w io.Writer) int {
	type fder interface{ Fd() uintptr }
	if f, ok := w.(fder); ok {
		if width, _, err := term.GetSize(int(f.Fd())); err == nil && width > 40 {
			return width
		}
	}
	return 160 // not a terminal: a file or a pipe, read later
}

// printHits writes a table that fits width: the statement's text (or its
// matching snippet) takes what the other columns leave.
func printHits(w io.Writer, hits []*store.Hit, width int) {
	rows := make([][]string, len(hits))
	used := make([]int, 5)
	for i, h := range hits {
		rows[i] = []string{strconv.FormatInt(h.ID, 10), hitDate(h.Article.Published),
			hitCell(h.Article.Outlet, 18), hitCell(hitSpeaker(h), 24), string(h.Kind)}
		for k, c := range rows[i] {
			used[k] = bigger(used[k], len([]rune(c)))
		}
	}
	textWidth := width
	for _, n := range used {
		textWidth -= bigger(n, len("SPEAKER")) + 2
	}
	textWidth = bigger(textWidth, 30)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tOUTLET\tSPEAKER\tKIND\tSTATEMENT")
	for i, h := range hits {
		text := h.Text
		if h.Snippet != "" {
			text = h.Snippet
		}
		fmt.Fprintf(tw, "%s\t%s\n", strings.Join(rows[i], "\t"), hitCell(text, textWidth))
	}
	tw.Flush()
}

func hitSpeaker(h *store.Hit) string {
	if h.Speaker.Name != "" {
		return h.Speaker.Name
	}
	if h.Speaker.Mention != nil {
		return "(" + h.Speaker.Mention.Text + ")"
	}
	return "(unknown)"
}

func hitDate(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.Format(time.DateOnly)
}

// hitCell puts s on one line of at most n characters.
func hitCell(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		if s == "" {
			return "-"
		}
		return s
	}
	return string(r[:n-1]) + "…"
}

// hitCSV writes statements as CSV, one row each, with a header.
type hitCSV struct {
	w      *csv.Writer
	header bool
}

func newHitCSV(w io.Writer) *hitCSV { return &hitCSV{w: csv.NewWriter(w)} }

func (c *hitCSV) write(h *store.Hit) {
	if !c.header {
		c.w.Write([]string{"id", "published", "outlet", "article", "hash", "url", "headline", "kind", "text",
			"start", "end", "speaker", "speaker_id", "speaker_type", "role", "org", "mention", "cue", "section",
			"confidence", "quote_id"})
		c.header = true
	}
	published := ""
	if h.Article.Published != nil {
		published = h.Article.Published.Format(time.RFC3339)
	}
	mention, cue := "", ""
	if h.Speaker.Mention != nil {
		mention = h.Speaker.Mention.Text
	}
	if h.Cue != nil {
		cue = h.Cue.Text
	}
	speakerID := ""
	if h.SpeakerID != 0 {
		speakerID = strconv.FormatInt(h.SpeakerID, 10)
	}
	c.w.Write([]string{strconv.FormatInt(h.ID, 10), published, h.Article.Outlet, h.Article.ID, h.Article.Hash,
		h.Article.URL, h.Article.Headline, string(h.Kind), h.Text, strconv.Itoa(h.Start), strconv.Itoa(h.End),
		h.Speaker.Name, speakerID, string(h.Speaker.Type), h.Speaker.Role, h.Speaker.Org, mention, cue, h.Section,
		strconv.FormatFloat(h.Confidence, 'f', 3, 64), strconv.FormatInt(h.QuoteID, 10)})
}

func (c *hitCSV) flush() error {
	c.w.Flush()
	return c.w.Error()
}
