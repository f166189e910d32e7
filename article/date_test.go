package article

import (
	"testing"
	"time"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string // RFC 3339 in UTC, "" for no date
		prec int
	}{
		{"11:22 GMT 29.11.2024", "2024-11-29T11:22:00Z", precZone},
		{"29.11.2024, 11:22 MSK", "2024-11-29T08:22:00Z", precZone},
		{"Nov. 29, 2024 11:22 AM EST", "2024-11-29T16:22:00Z", precZone},
		{"November 29, 2024 at 3:05 p.m. ET", "2024-11-29T20:05:00Z", precZone},
		{"July 4, 2024 at 3:05 p.m. ET", "2024-07-04T19:05:00Z", precZone},
		{"July 4, 2024 9:15 a.m. PT", "2024-07-04T16:15:00Z", precZone},
		{"2024-11-29T11:22:00+03:00", "2024-11-29T08:22:00Z", precZone},
		{"2024-11-29T11:22:00.123Z", "2024-11-29T11:22:00Z", precZone},
		{"2024-11-29T11:22:00-0500", "2024-11-29T16:22:00Z", precZone},
		{"2024-11-29 11:22 CET", "2024-11-29T10:22:00Z", precZone},
		{"Fri 29 Nov 2024 11.22 GMT", "2024-11-29T11:22:00Z", precZone},
		{"Published: 29 November 2024 11:22 CEST", "2024-11-29T09:22:00Z", precZone},
		{"Fri, 29 Nov 2024 11:22:00 +0300", "2024-11-29T08:22:00Z", precZone},
		{"Nov 29, 2024 12:00 PM GMT+3", "2024-11-29T09:00:00Z", precZone},
		{"29 Nov 2024 11:22 IST", "2024-11-29T05:52:00Z", precZone},
		{"12:30 am UTC, Nov 29 2024", "2024-11-29T00:30:00Z", precZone},
		{"11/29/2024 10:00 PST", "2024-11-29T18:00:00Z", precZone},
		{"29.11.2024 11:22 (MSK)", "2024-11-29T08:22:00Z", precZone},
		{"2024-11-29 11:22", "2024-11-29T11:22:00Z", precTime},
		{"November 29th, 2024, 11:22", "2024-11-29T11:22:00Z", precTime},
		{"2016-09-12", "2016-09-12T00:00:00Z", precDate},
		{"September 12th, 2016", "2016-09-12T00:00:00Z", precDate},
		{"12th of September 2016", "2016-09-12T00:00:00Z", precDate},
		{"29/11/2024", "2024-11-29T00:00:00Z", precDate},
		{"05/06/2024", "2024-05-06T00:00:00Z", precDate}, // slashes: month first
		{"05.06.2024", "2024-06-05T00:00:00Z", precDate}, // dots: day first
		{"2024/11/29", "2024-11-29T00:00:00Z", precDate},
		{"29-Nov-2024", "2024-11-29T00:00:00Z", precDate},
		{"29.11.24", "2024-11-29T00:00:00Z", precDate},
		{"Feb 29, 2024", "2024-02-29T00:00:00Z", precDate},
		{"Feb 29, 2023", "", 0},
		{"31.02.2024", "", 0},
		{"Peskov said on Friday", "", 0},
		{"22.94% of the vote", "", 0},
		{"In 2016, 3,000 people voted", "", 0},
		{"May 2024", "", 0},
		{"", "", 0},
		{"11:22 GMT", "", 0},
		{"2024-13-01", "", 0},
		{"25:61 GMT 29.11.2024", "2024-11-29T00:00:00Z", precDate},
	}
	for _, tt := range tests {
		got := parseDate(tt.in)
		if got.prec != tt.prec {
			t.Errorf("parseDate(%q) precision = %d, want %d (time %v)", tt.in, got.prec, tt.prec, got.t)
			continue
		}
		if tt.want == "" {
			continue
		}
		if !got.t.Equal(utc(tt.want)) {
			t.Errorf("parseDate(%q) = %v, want %v", tt.in, got.t, tt.want)
		}
		if got.t.Location() != time.UTC {
			t.Errorf("parseDate(%q) location = %v, want UTC", tt.in, got.t.Location())
		}
	}
}

func TestParseDateline(t *testing.T) {
	tests := []struct {
		in       string
		ok       bool
		pub, upd string
	}{
		{"11:22 GMT 29.11.2024 (Updated: 13:03 GMT 29.11.2024)", true, "2024-11-29T11:22:00Z", "2024-11-29T13:03:00Z"},
		{"Published: Nov. 29, 2024 11:22 AM EST | Updated: 2:15 PM", true, "2024-11-29T16:22:00Z", "2024-11-29T19:15:00Z"},
		{"By Jane Doe, Reuters | November 29, 2024 at 3:05 p.m. ET", true, "2024-11-29T20:05:00Z", ""},
		{"29.11.2024, 11:22 MSK", true, "2024-11-29T08:22:00Z", ""},
		{"Last updated: 29 Nov 2024 11:22 GMT", true, "", "2024-11-29T11:22:00Z"},
		{"Fri 29 Nov 2024 11.22 GMT", true, "2024-11-29T11:22:00Z", ""},
		{"Posted on 2024-11-29T11:22:00+03:00, last modified 2024-11-30T09:00:00+03:00", true, "2024-11-29T08:22:00Z", "2024-11-30T06:00:00Z"},
		{"On Sept. 11, 2016, Clinton collapsed during the memorial ceremony in New York.", false, "", ""},
		{"The vote took place on 29.11.2024.", false, "", ""},
		{`"See you on 29.11.2024," he said`, false, "", ""},
		{"Russia Decries Aleppo Situation as Violation of Syria’s Sovereignty", false, "", ""},
		{"Romania held its presidential election on Sunday, November 24, 2024, and the count went on", false, "", ""},
	}
	for _, tt := range tests {
		pub, upd, ok := parseDateline(tt.in)
		if ok != tt.ok {
			t.Errorf("parseDateline(%q) ok = %v, want %v", tt.in, ok, tt.ok)
			continue
		}
		check := func(what string, s stamp, want string) {
			if want == "" {
				if s.prec != 0 {
					t.Errorf("parseDateline(%q) %s = %v, want none", tt.in, what, s.t)
				}
				return
			}
			if s.prec == 0 || !s.t.Equal(utc(want)) {
				t.Errorf("parseDateline(%q) %s = %v (prec %d), want %s", tt.in, what, s.t, s.prec, want)
			}
		}
		check("published", pub, tt.pub)
		check("updated", upd, tt.upd)
	}
}

func BenchmarkParseDateline(b *testing.B) {
	line := "11:22 GMT 29.11.2024 (Updated: 13:03 GMT 29.11.2024)"
	b.SetBytes(int64(len(line)))
	for b.Loop() {
		parseDateline(line)
	}
}
