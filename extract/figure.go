package extract

import (
	"strconv"
	"strings"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/token"
)

var scales = map[string]float64{
	"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
	"mln": 1e6, "bln": 1e9, "bn": 1e9, "m": 1e6, "k": 1e3,
}

var currencies = map[string]string{
	"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB", "₴": "UAH", "₹": "INR",
	"us$": "USD", "usd": "USD", "eur": "EUR", "gbp": "GBP", "rubles": "RUB", "roubles": "RUB",
	"dollars": "USD", "euros": "EUR", "pounds": "GBP", "yen": "JPY", "yuan": "CNY",
}

var approx = map[string]bool{
	"about": true, "around": true, "nearly": true, "almost": true, "over": true, "some": true,
	"approximately": true, "roughly": true, "least": true, "than": true, "up": true, "under": true,
	"just": true, "only": true, "estimated": true,
}

var months = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true,
	"july": true, "august": true, "september": true, "october": true, "november": true, "december": true,
	"jan.": true, "feb.": true, "mar.": true, "apr.": true, "jun.": true, "jul.": true, "aug.": true,
	"sep.": true, "sept.": true, "oct.": true, "nov.": true, "dec.": true,
}

// figures finds the numbers the article reports with a unit or a thing
// they count: "22.94% of the vote", "about 100,000 strong", "$20 million".
// Years, dates, times and numbers inside names are left out.
func (d *doc) figures() []saywho.Figure {
	var out []saywho.Figure
	n := len(d.toks)
	for i := 0; i < n; i++ {
		if d.toks[i].Kind != token.Number {
			continue
		}
		w := d.word(i)
		v, err := strconv.ParseFloat(strings.ReplaceAll(w, ",", ""), 64)
		if err != nil {
			continue // 9/11, 6:01, 2016-09-12
		}
		if i > 0 && (months[d.lower[i-1]] || d.lower[i-1] == "no.") {
			continue
		}
		if i+1 < n && months[d.lower[i+1]] {
			continue
		}
		start, end := i, i+1
		unit := ""
		// currency before
		if i > 0 {
			if c, ok := currencies[d.lower[i-1]]; ok {
				unit, start = c, i-1
			}
		}
		// scale word after
		if end < n {
			if s, ok := scales[d.lower[end]]; ok && (d.lower[end] != "m" && d.lower[end] != "k" || unit != "") {
				v *= s
				end++
			}
		}
		about := saywho.Span{}
		if end < n {
			nw := d.lower[end]
			switch {
			case nw == "%" || nw == "percent" || nw == "per" && end+1 < n && d.lower[end+1] == "cent":
				if nw == "per" {
					end++
				}
				end++
				unit = "%"
				if end+1 < n && d.lower[end] == "percentage" && d.lower[end+1] == "points" {
					unit, end = "percentage points", end+2
				}
				if end+1 < n && d.lower[end] == "of" {
					if e := d.npRight(end+1, n); e > end+1 {
						about = d.span(end+1, e)
						end = e
					}
				}
			case unit == "" && currencies[nw] != "":
				unit = currencies[nw]
				end++
			case nw == "strong":
				unit = "strong"
				end++
			case unit == "" && d.is(end, cNoun) && !d.is(end, cProper):
				// "9 million votes", "two-fold": the thing counted
				e := end
				for e < n && d.is(e, cNoun|cAdj) && !d.is(e, cProper) && e-end < 3 {
					e++
				}
				if e > end {
					unit = d.textOf(end, e)
					about = d.span(end, e)
					end = e
				}
			}
		}
		if unit == "" {
			continue // a bare number: a year, an age, a count we cannot name
		}
		if v >= 1900 && v <= 2100 && !strings.Contains(w, ".") && !strings.Contains(w, ",") && unit != "%" && !strings.HasPrefix(unit, "USD") && currencies[d.lower[max(i-1, 0)]] == "" && unit != "strong" {
			continue // a year followed by a noun: "2016 election"
		}
		for start > 0 && approx[d.lower[start-1]] && d.sentOf[start-1] == d.sentOf[i] {
			start--
			if start > 0 && (d.lower[start] == "least" || d.lower[start] == "than" || d.lower[start] == "to") {
				start--
			}
		}
		out = append(out, saywho.Figure{Span: d.span(start, end), Value: v, Unit: unit, About: about})
		i = end - 1
	}
	return out
}
