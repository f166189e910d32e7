package server

import (
	"fmt"
	"html"
	"html/template"
	"strings"
	"time"

	"github.com/saywho/saywho/store"
)

// chart is the size of a week chart in SVG user units; it scales to the
// width of its box.
type chart struct {
	width, height            int
	left, right, top, bottom int
}

var (
	wideChart  = chart{width: 760, height: 180, left: 36, right: 8, top: 10, bottom: 24}
	smallChart = chart{width: 260, height: 90, left: 24, right: 4, top: 6, bottom: 18}
)

// weekChart draws statements per week as bars on a time axis, in SVG
// built here rather than by a chart library: bars, a count scale, and
// month or year labels. Each bar links to href(week) when href is set and
// carries its count as a tooltip. Every string written is escaped.
func weekChart(c chart, weeks []store.Week, label string, href func(store.Week) string) template.HTML {
	weeks = fillWeeks(weeks, maxTimelineWeeks)
	if len(weeks) == 0 {
		return ""
	}
	first := weekStart(weeks[0].Start)
	end := weekStart(weeks[len(weeks)-1].Start).AddDate(0, 0, 7)
	// A few weeks would make a few very wide bars: the axis spans at
	// least minWeeks, the data in its middle.
	if n := int(end.Sub(first).Hours() / (24 * 7)); n < minWeeks {
		before := (minWeeks - n) / 2
		first = first.AddDate(0, 0, -7*before)
		end = end.AddDate(0, 0, 7*(minWeeks-n-before))
	}
	span := end.Sub(first).Hours()
	peak := 0
	for _, w := range weeks {
		peak = max(peak, w.Count)
	}
	if peak == 0 {
		return ""
	}
	pw := float64(c.width - c.left - c.right)
	ph := float64(c.height - c.top - c.bottom)
	x := func(t time.Time) float64 { return float64(c.left) + t.Sub(first).Hours()/span*pw }
	bar := max(pw*7*24/span-1, 0.8)

	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s" preserveAspectRatio="xMidYMid meet">`,
		c.width, c.height, html.EscapeString(label))
	fmt.Fprintf(&b, `<title>%s</title>`, html.EscapeString(label))
	// Scale: the peak and zero.
	base := float64(c.top) + ph
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`, c.left, base, c.width-c.right, base)
	fmt.Fprintf(&b, `<line class="grid" x1="%d" y1="%d" x2="%d" y2="%d"/>`, c.left, c.top, c.width-c.right, c.top)
	fmt.Fprintf(&b, `<text class="tick" x="%d" y="%d" text-anchor="end" dominant-baseline="middle">%d</text>`, c.left-4, c.top, peak)
	fmt.Fprintf(&b, `<text class="tick" x="%d" y="%.1f" text-anchor="end" dominant-baseline="middle">0</text>`, c.left-4, base)
	// Time labels: months when the span is short, years otherwise.
	days := span / 24
	// A label takes about 50 units: no more labels than fit, and none
	// over the one before it or past the edge.
	lastEnd := float64(c.left) - 4
	for _, tk := range timeTicks(first, end, days, max(2, int(pw)/55)) {
		tx := x(tk.at)
		w := 5.5 * float64(len(tk.label))
		anchor, from := "start", tx+2
		if from+w > float64(c.width-c.right) {
			anchor, from = "end", tx-2-w // keep the label inside the chart
		}
		if from < lastEnd+4 {
			continue
		}
		lx := from
		if anchor == "end" {
			lx = tx - 2
		}
		lastEnd = from + w
		fmt.Fprintf(&b, `<line class="grid" x1="%.1f" y1="%d" x2="%.1f" y2="%.1f"/>`, tx, c.top, tx, base)
		fmt.Fprintf(&b, `<text class="tick" x="%.1f" y="%d" text-anchor="%s">%s</text>`, lx, c.height-6, anchor, html.EscapeString(tk.label))
	}
	for _, w := range weeks {
		if w.Count == 0 {
			continue
		}
		h := float64(w.Count) / float64(peak) * ph
		tip := fmt.Sprintf("week of %s: %d statement%s", w.Start.Format("2 Jan 2006"), w.Count, plural(w.Count))
		rect := fmt.Sprintf(`<rect class="bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s</title></rect>`,
			x(w.Start), base-h, bar, h, html.EscapeString(tip))
		if href != nil {
			fmt.Fprintf(&b, `<a href="%s">%s</a>`, html.EscapeString(href(w)), rect)
		} else {
			b.WriteString(rect)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// minWeeks is the shortest span a chart's axis shows.
const minWeeks = 12

type tick struct {
	at    time.Time
	label string
}

// timeTicks picks axis labels between first and end: every month for a
// span up to 8 months, every quarter up to 3 years, every year beyond,
// every other one until at most most remain.
func timeTicks(first, end time.Time, days float64, most int) []tick {
	step, format := 12, "2006"
	switch {
	case days <= 250:
		step, format = 1, "Jan 2006"
	case days <= 3*366:
		step, format = 3, "Jan 2006"
	}
	t := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC)
	if step == 12 {
		t = time.Date(first.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	} else {
		for (int(t.Month())-1)%step != 0 {
			t = t.AddDate(0, -1, 0)
		}
	}
	var out []tick
	for ; t.Before(end); t = t.AddDate(0, step, 0) {
		if t.Before(first) {
			continue
		}
		out = append(out, tick{t, t.Format(format)})
	}
	for len(out) > most {
		var thin []tick
		for i := 0; i < len(out); i += 2 {
			thin = append(thin, out[i])
		}
		out = thin
	}
	return out
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
