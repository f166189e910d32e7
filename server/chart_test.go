package server

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/saywho/saywho/store"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestWeekChart(t *testing.T) {
	tests := []struct {
		name   string
		weeks  []store.Week
		bars   int
		labels []string
	}{
		{"none", nil, 0, nil},
		{"one week", []store.Week{{Start: day("2024-11-25"), Count: 19}}, 1, []string{"Dec 2024"}},
		{"months", []store.Week{{Start: day("2024-11-25"), Count: 3}, {Start: day("2025-03-10"), Count: 2}}, 2,
			[]string{"Dec 2024", "Jan 2025", "Feb 2025", "Mar 2025"}},
		{"quarters", []store.Week{{Start: day("2015-01-05"), Count: 1}, {Start: day("2016-06-06"), Count: 9}, {Start: day("2016-11-07"), Count: 4}}, 3,
			[]string{"Apr 2015", "Jan 2016", "Oct 2016"}},
		{"years", []store.Week{{Start: day("2001-01-01"), Count: 1}, {Start: day("2020-06-01"), Count: 2}}, 2,
			[]string{"2001", "2011", "2019"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := string(weekChart(wideChart, tc.weeks, `Statements by <script>"x"</script>`, func(w store.Week) string {
				return "/?since=" + w.Start.Format(time.DateOnly) + "&a=<b>"
			}))
			if tc.bars == 0 {
				if got != "" {
					t.Fatalf("chart of nothing: %s", got)
				}
				return
			}
			if n := strings.Count(got, `<rect class="bar"`); n != tc.bars {
				t.Errorf("%d bars, want %d", n, tc.bars)
			}
			if n := strings.Count(got, `<a href="/?since=`); n != tc.bars {
				t.Errorf("%d links, want %d", n, tc.bars)
			}
			for _, l := range tc.labels {
				if !strings.Contains(got, ">"+l+"</text>") {
					t.Errorf("no axis label %q", l)
				}
			}
			if strings.Contains(got, "<script>") || strings.Contains(got, "&a=<b>") {
				t.Errorf("unescaped text in the chart: %s", got)
			}
			// SVG must be XML: the browser drops a chart that is not.
			dec := xml.NewDecoder(strings.NewReader(got))
			for {
				_, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("not XML: %v\n%s", err, got)
				}
			}
		})
	}
}

func TestFillWeeks(t *testing.T) {
	weeks := []store.Week{{Start: day("2024-11-25"), Count: 3}, {Start: day("2024-12-16"), Count: 2}}
	got := fillWeeks(weeks, 100)
	want := []int{3, 0, 0, 2}
	if len(got) != len(want) {
		t.Fatalf("%d weeks, want %d: %v", len(got), len(want), got)
	}
	for i, w := range got {
		if w.Count != want[i] || !w.Start.Equal(day("2024-11-25").AddDate(0, 0, 7*i)) {
			t.Errorf("week %d: %v %d", i, w.Start, w.Count)
		}
	}
	if got := fillWeeks(weeks, 3); len(got) != 2 {
		t.Errorf("past the limit, weeks are not filled: %v", got)
	}
}

func TestWeekStart(t *testing.T) {
	for in, want := range map[string]string{
		"2024-11-25T00:00:00Z": "2024-11-25", "2024-12-01T23:59:59Z": "2024-11-25",
		"2024-12-02T00:00:00Z": "2024-12-02", "2024-12-01T23:30:00-02:00": "2024-12-02",
	} {
		tm, err := time.Parse(time.RFC3339, in)
		if err != nil {
			t.Fatal(err)
		}
		if got := weekStart(tm).Format(time.DateOnly); got != want {
			t.Errorf("weekStart(%s) = %s, want %s", in, got, want)
		}
	}
}
