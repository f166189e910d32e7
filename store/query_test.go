package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestParseText(t *testing.T) {
	cases := []struct {
		in, want string // want: terms printed by show, or "error"
	}{
		{"peace", "[peace]"},
		{"Peace Talks", "[peace] [talks]"},
		{`"peace talks" now`, "[peace talks] [now]"},
		{`“peace talks”`, "[peace talks]"},
		{`«paix»`, "[paix]"},
		{"peace*", "[peace*]"},
		{`"peace ta"*`, "[peace ta*]"},
		{"U.S.", "[u s]"},
		{"Tokyo’s", "[tokyo s]"},
		{"rain OR snow", "[rain] |[snow]"},
		{"OR rain", "[rain]"},
		{"rain OR", "[rain]"},
		{"peace -war", "[peace] -[war]"},
		{`peace -"cold war"`, "[peace] -[cold war]"},
		{"peace - war", "[peace] [war]"},
		{"peace OR -war", "[peace] -[war]"},
		{"naïve café", "[naïve] [café]"},
		{"Путин заявил", "[путин] [заявил]"},
		{"NEAR(a b)", "[near a] [b]"},
		{"text:peace", "[text peace]"},
		{`"unclosed phrase`, "[unclosed phrase]"},
		{"", "error"},
		{"   ", "error"},
		{"!!! ???", "error"},
		{"-war", "error"},
		{"OR", "error"},
		{`""`, "error"},
	}
	for _, c := range cases {
		terms, err := ParseText(c.in)
		got := show(terms)
		if err != nil {
			got = "error"
			if !errors.Is(err, ErrBadQuery) {
				t.Errorf("ParseText(%q): %v is not ErrBadQuery", c.in, err)
			}
		}
		if got != c.want {
			t.Errorf("ParseText(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}

func show(terms []Term) string {
	s := ""
	for i, t := range terms {
		if i > 0 {
			s += " "
		}
		if t.Or {
			s += "|"
		}
		if t.Not {
			s += "-"
		}
		s += "["
		for j, w := range t.Words {
			if j > 0 {
				s += " "
			}
			s += w
		}
		if t.Prefix {
			s += "*"
		}
		s += "]"
	}
	return s
}

func TestNormalize(t *testing.T) {
	same := [][]string{
		{`"Tokyo's unfriendly actions completely hinder negotiations,"`, `“Tokyo’s unfriendly actions completely  hinder negotiations”`, "tokyo s unfriendly actions completely hinder negotiations"},
		{"«Nous sommes prêts»", "nous sommes prêts"},
	}
	for _, group := range same {
		for _, s := range group[1:] {
			if a, b := NormalizeQuote(group[0]), NormalizeQuote(s); a != b {
				t.Errorf("NormalizeQuote: %q -> %q but %q -> %q", group[0], a, s, b)
			}
		}
	}
	if NormalizeQuote("peace talks") == NormalizeQuote("peace-keeping talks") {
		t.Error("different words normalised to one quote")
	}
	if got := NormalizeName("  Dmitry  PESKOV, "); got != "dmitry peskov" {
		t.Errorf("NormalizeName = %q", got)
	}
}

func TestParseDates(t *testing.T) {
	d := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	cases := []struct {
		in           string
		since, until time.Time
	}{
		{"2016", d("2016-01-01T00:00:00Z"), d("2017-01-01T00:00:00Z")},
		{"2016-05", d("2016-05-01T00:00:00Z"), d("2016-06-01T00:00:00Z")},
		{"2016-12-31", d("2016-12-31T00:00:00Z"), d("2017-01-01T00:00:00Z")},
		{" 2016-05-03T10:00:00+02:00 ", d("2016-05-03T08:00:00Z"), d("2016-05-03T08:00:00Z").Add(time.Nanosecond)},
		{"2016-05-03T10:00", d("2016-05-03T10:00:00Z"), d("2016-05-03T10:01:00Z")},
	}
	for _, c := range cases {
		s, err := ParseSince(c.in)
		if err != nil || !s.Equal(c.since) || s.Location() != time.UTC {
			t.Errorf("ParseSince(%q) = %v, %v; want %v", c.in, s, err, c.since)
		}
		u, err := ParseUntil(c.in)
		if err != nil || !u.Equal(c.until) {
			t.Errorf("ParseUntil(%q) = %v, %v; want %v", c.in, u, err, c.until)
		}
	}
	for _, in := range []string{"", "tomorrow", "2016-02-30", "16-05-03", "2016/05/03"} {
		if _, err := ParseUntil(in); !errors.Is(err, ErrBadQuery) {
			t.Errorf("ParseUntil(%q): %v, want ErrBadQuery", in, err)
		}
	}
}

func TestOpenScheme(t *testing.T) {
	var got []string
	for _, s := range []string{"x", "y"} {
		Register("test"+s, func(_ context.Context, u string) (Store, error) {
			got = append(got, u)
			return nil, fmt.Errorf("test store")
		})
	}
	ctx := context.Background()
	if _, err := Open(ctx, "testx:foo"); err == nil {
		t.Error("no error from the opener")
	}
	if _, err := Open(ctx, "TESTY://u:secret@host/db"); err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("error %v: want one without the password", err)
	}
	if len(got) != 2 || got[0] != "testx:foo" {
		t.Errorf("openers called with %q", got)
	}
	if _, err := Open(ctx, "nosuch://x"); err == nil {
		t.Error("unknown scheme: no error")
	}
	if _, err := Open(ctx, ""); err == nil {
		t.Error("empty URL: no error")
	}
}
