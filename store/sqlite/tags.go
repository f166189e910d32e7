package sqlite

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	saywho "github.com/saywho/saywho"
)

// Tags are words indexed in the full-text index's second column beside a
// statement's text: its speaker, kind, outlets, entities named and
// publication year, month and day. A filtered search then intersects the
// posting list of its words with that of a rare tag ("sp2455"), which
// FTS5 does by seeking, instead of reading every statement with a common
// word and testing the filter on each. Tags are letters then digits or
// hex, so the unicode61 tokenizer keeps each one a single token.

func speakerTag(id int64) string { return "sp" + strconv.FormatInt(id, 10) }
func entityTag(id int64) string  { return "en" + strconv.FormatInt(id, 10) }
func kindTag(k saywho.Kind) string {
	return "k" + string(k)
}

// outletTag names an outlet, compared without case, by a hash: outlet
// names hold spaces and punctuation a token cannot.
func outletTag(outlet string) string {
	h := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(outlet))))
	return "o" + hex.EncodeToString(h[:6])
}

func dateTags(t time.Time) []string {
	t = t.UTC()
	return []string{t.Format("y2006"), t.Format("m200601"), t.Format("d20060102")}
}

// statementTags returns the tags of one statement.
func statementTags(speaker int64, kind saywho.Kind, outlets []string, entities []int64, published time.Time) string {
	tags := []string{kindTag(kind)}
	if speaker != 0 {
		tags = append(tags, speakerTag(speaker))
	}
	for _, o := range outlets {
		if strings.TrimSpace(o) != "" {
			tags = append(tags, outletTag(o))
		}
	}
	for _, e := range entities {
		tags = append(tags, entityTag(e))
	}
	if !published.IsZero() {
		tags = append(tags, dateTags(published)...)
	}
	return strings.Join(tags, " ")
}

// dateRangeTags covers the days of [since, until) with as few year, month
// and day tags as it can; either bound may be zero (open), and the range
// is clamped to [lo, hi), the dates the store holds. The search also
// checks the exact times, so a bound inside a day is right too.
func dateRangeTags(since, until, lo, hi time.Time) []string {
	day := func(t time.Time) time.Time {
		t = t.UTC()
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	a, b := day(lo), day(hi).AddDate(0, 0, 1)
	if !since.IsZero() && since.After(a) {
		a = day(since)
	}
	if !until.IsZero() && until.Before(b) {
		b = day(until.Add(-time.Nanosecond)).AddDate(0, 0, 1)
	}
	var tags []string
	for c := a; c.Before(b); {
		switch {
		case c.YearDay() == 1 && !c.AddDate(1, 0, 0).After(b):
			tags = append(tags, c.Format("y2006"))
			c = c.AddDate(1, 0, 0)
		case c.Day() == 1 && !c.AddDate(0, 1, 0).After(b):
			tags = append(tags, c.Format("m200601"))
			c = c.AddDate(0, 1, 0)
		default:
			tags = append(tags, c.Format("d20060102"))
			c = c.AddDate(0, 0, 1)
		}
	}
	return tags
}
