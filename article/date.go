package article

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // ET, PT and friends need the US rules wherever the binary runs
)

// A stamp is a date read from a dateline or a metadata field, with how much
// of it was given: a date alone, a date and time, or a date and time with a
// zone. Dates and times given without a zone are taken as UTC: news
// metadata without a zone is usually UTC already, and no better guess can
// be made without knowing the outlet. Prec says so, so that a more precise
// source can win.
type stamp struct {
	t    time.Time // UTC
	prec int       // precDate, precTime or precZone; 0 if no date
	// spans are the byte ranges of the string that the date, time and zone
	// were read from, for judging how much of a line is a date.
	spans [][2]int
}

const (
	precDate = 1 + iota // a day, no time: midnight UTC
	precTime            // a time without a zone, taken as UTC
	precZone            // a time in a known zone
)

// month matches a month name or its abbreviation, with an optional period.
const month = `(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`

var (
	// 2024-11-29, 2024-11-29T11:22:00.123+03:00, 2024-11-29 11:22Z
	reISO = regexp.MustCompile(`\b(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:T|\s+|T\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:\s?(Z|[+-]\d{2}(?::?\d{2})?)\b)?)?`)
	// Nov. 29, 2024; November 29th 2024
	reMDY = regexp.MustCompile(`(?i)\b` + month + `\s*(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`)
	// 29 Nov 2024; 29th of November, 2024; 29-Nov-2024
	reDMY = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s-]*` + month + `[\s,-]+(\d{4})\b`)
	// 29.11.2024, 11/29/2024, 29-11-24
	reNumDMY = regexp.MustCompile(`\b(\d{1,2})([./-])(\d{1,2})([./-])(\d{4}|\d{2})\b`)
	// 2024/11/29, 2024.11.29
	reNumYMD = regexp.MustCompile(`\b(\d{4})([./])(\d{1,2})([./])(\d{1,2})\b`)
	// 11:22, 11.22, 11:22:05, 3:05 p.m., 3 PM
	reTime = regexp.MustCompile(`(?i)\b(\d{1,2})(?:[:.](\d{2}))?(?:[:.](\d{2})(?:[.,]\d+)?)?(?:\s*([ap])\.?\s?m\b\.?)?`)
	// a zone right after a time: " GMT", " (MSK)", " +0300", " GMT+3", "UTC-05:00"
	reZoneAfter = regexp.MustCompile(`^\s*\(?\s*(?:([A-Z]{1,5})\b)?\s*(?:([+-])(\d{1,2})(?::?(\d{2}))?\b)?\s*\)?`)
	// a zone abbreviation anywhere in the string
	reZoneWord = regexp.MustCompile(`\b[A-Z]{3,5}\b`)
)

var months = map[string]time.Month{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

// zoneOffsets are fixed zone abbreviations, in seconds east of UTC. Where an
// abbreviation is ambiguous the reading of English-language news wins: IST
// is India, CST is US Central, AST is Atlantic, BST is British Summer Time.
var zoneOffsets = map[string]int{
	"GMT": 0, "UTC": 0, "UT": 0, "Z": 0, "WET": 0, "WEST": 1, "BST": 1, "IST": 5*60 + 30,
	"CET": 1, "CEST": 2, "MET": 1, "MEST": 2, "EET": 2, "EEST": 3, "MSK": 3, "TRT": 3,
	"EAT": 3, "CAT": 2, "SAST": 2, "WAT": 1, "GST": 4, "IRST": 3*60 + 30, "PKT": 5,
	"ICT": 7, "WIB": 7, "HKT": 8, "SGT": 8, "AWST": 8, "JST": 9, "KST": 9,
	"ACST": 9*60 + 30, "ACDT": 10*60 + 30, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
	"AST": -4, "ADT": -3, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
	"PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10, "BRT": -3, "ART": -3,
}

// zoneNames are the US zones written without standard or daylight time:
// the offset depends on the date.
var zoneNames = map[string]string{
	"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles",
}

// zoneOffset returns the offset in seconds of a fixed abbreviation.
// Offsets in the table under 24 are hours, the rest minutes.
func zoneOffset(abbr string) (int, bool) {
	o, ok := zoneOffsets[abbr]
	if !ok {
		return 0, false
	}
	if o > -24 && o < 24 {
		return o * 3600, true
	}
	return o * 60, true
}

// zone is where a wall-clock time is read: a fixed offset or a named
// location.
type zone struct {
	loc *time.Location
}

// lookupZone resolves an abbreviation such as "MSK" or "ET".
func lookupZone(abbr string) (zone, bool) {
	if off, ok := zoneOffset(abbr); ok {
		return zone{time.FixedZone(abbr, off)}, true
	}
	if name, ok := zoneNames[abbr]; ok {
		if loc, err := time.LoadLocation(name); err == nil {
			return zone{loc}, true
		}
	}
	return zone{}, false
}

// offsetZone builds a zone from "+", "03", "00"; false when out of range.
func offsetZone(sign, hh, mm string) (zone, bool) {
	h, _ := strconv.Atoi(hh)
	m, _ := strconv.Atoi(mm)
	if h > 14 || m > 59 {
		return zone{}, false
	}
	off := h*3600 + m*60
	if sign == "-" {
		off = -off
	}
	return zone{time.FixedZone("", off)}, true
}

// parseISOZone reads "Z", "+03", "+0300" or "+03:00".
func parseISOZone(s string) (zone, bool) {
	if s == "Z" {
		return zone{time.UTC}, true
	}
	if len(s) < 3 {
		return zone{}, false
	}
	digits := strings.ReplaceAll(s[1:], ":", "")
	mm := ""
	if len(digits) >= 4 {
		mm = digits[2:4]
	}
	return offsetZone(s[:1], digits[:2], mm)
}

// dateParts is what parseDate gathers before building a time.
type dateParts struct {
	y, d      int
	m         time.Month
	hasDate   bool
	h, min, s int
	hasTime   bool
	z         zone
	hasZone   bool
	spans     [][2]int
	timeEnd   int // byte offset after the time, where a zone may follow
}

// parseDate reads the first date in s, with the time and zone that go with
// it, in any of the common news formats: ISO 8601 and RFC 3339, RFC 1123
// ("Fri, 29 Nov 2024 11:22:00 +0300"), "Nov. 29, 2024 11:22 AM EST",
// "November 29, 2024 at 3:05 p.m. ET", "29 November 2024", "29.11.2024,
// 11:22 MSK", "11:22 GMT 29.11.2024", "11/29/2024". Numeric dates with dots
// or dashes are day first; with slashes month first, as in US news, unless
// the first number cannot be a month. A string without a year is no date.
func parseDate(s string) stamp {
	p := scanDate(s)
	if !p.hasDate {
		return stamp{}
	}
	return p.stamp()
}

// scanDate does the work of parseDate and returns the parts.
func scanDate(s string) dateParts {
	var p dateParts
	if !strings.ContainsAny(s, "0123456789") || len(s) > 4096 {
		return p
	}
	work := []byte(s)
	blank := func(a, b int) {
		for i := a; i < b; i++ {
			work[i] = ' '
		}
		p.spans = append(p.spans, [2]int{a, b})
	}

	// The earliest date of any form wins.
	type cand struct {
		m    []int
		kind int
	}
	var best cand
	// Regexps are the slow part of reading a text: run each only where
	// what it needs is there.
	month, dash, sep := hasMonthWord(s), strings.Contains(s, "-"), hasDigitSep(s)
	for kind, re := range []*regexp.Regexp{reISO, reMDY, reDMY, reNumYMD, reNumDMY} {
		if (kind == 0 && !dash) || ((kind == 1 || kind == 2) && !month) || (kind >= 3 && !sep) {
			continue
		}
		for _, m := range re.FindAllStringSubmatchIndex(s, 4) {
			if best.m != nil && m[0] >= best.m[0] {
				break
			}
			if _, ok := readDate(s, m, kind); ok {
				best = cand{m, kind}
				break
			}
		}
	}
	// Without a date, a time is still read: an "Updated 2:15 PM" takes its
	// date from the published part of the line.
	if best.m != nil {
		got, _ := readDate(s, best.m, best.kind)
		p.y, p.m, p.d, p.hasDate = got.y, got.m, got.d, true
		blank(best.m[0], best.m[1])
		if best.kind == 0 && got.hasTime {
			p.h, p.min, p.s, p.hasTime = got.h, got.min, got.s, true
			p.timeEnd = best.m[1]
			if got.hasZone {
				p.z, p.hasZone = got.z, true
			}
		}
	}
	if !p.hasTime {
		for _, m := range reTime.FindAllSubmatchIndex(work, 8) {
			if m[4] < 0 && m[8] < 0 { // neither minutes nor am/pm: a bare number
				continue
			}
			h, _ := strconv.Atoi(s[m[2]:m[3]])
			mi, sec := 0, 0
			if m[4] >= 0 {
				mi, _ = strconv.Atoi(s[m[4]:m[5]])
			}
			if m[6] >= 0 {
				sec, _ = strconv.Atoi(s[m[6]:m[7]])
			}
			if m[8] >= 0 {
				if h < 1 || h > 12 {
					continue
				}
				pm := s[m[8]] == 'p' || s[m[8]] == 'P'
				if h == 12 {
					h = 0
				}
				if pm {
					h += 12
				}
			}
			if h > 23 || mi > 59 || sec > 60 {
				continue
			}
			if sec == 60 {
				sec = 59
			}
			p.h, p.min, p.s, p.hasTime = h, mi, sec, true
			p.timeEnd = m[1]
			blank(m[0], m[1])
			break
		}
	}
	if p.hasTime && !p.hasZone {
		if z, n, ok := zoneAfter(s[p.timeEnd:]); ok {
			p.z, p.hasZone = z, true
			blank(p.timeEnd, p.timeEnd+n)
		}
	}
	if p.hasTime && !p.hasZone {
		for _, m := range reZoneWord.FindAllIndex(work, -1) {
			if z, ok := lookupZone(string(work[m[0]:m[1]])); ok {
				p.z, p.hasZone = z, true
				blank(m[0], m[1])
				break
			}
		}
	}
	return p
}

// hasMonthWord reports whether s has a word starting with the first three
// letters of a month name.
func hasMonthWord(s string) bool {
	for i := 0; i+3 <= len(s); i++ {
		if isASCIILetter(s[i]) && (i == 0 || !isASCIILetter(s[i-1])) && isASCIILetter(s[i+1]) && isASCIILetter(s[i+2]) {
			if _, ok := months[strings.ToLower(s[i:i+3])]; ok {
				return true
			}
		}
	}
	return false
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// hasDigitSep reports a digit, then '.', '/' or '-', then a digit.
func hasDigitSep(s string) bool {
	for i := 1; i+1 < len(s); i++ {
		if (s[i] == '.' || s[i] == '/' || s[i] == '-') && s[i-1] >= '0' && s[i-1] <= '9' && s[i+1] >= '0' && s[i+1] <= '9' {
			return true
		}
	}
	return false
}

// zoneAfter reads a zone at the start of s: "GMT", "(MSK)", "+0300",
// "GMT+3", "UTC-05:00". It returns the zone and the bytes it took.
func zoneAfter(s string) (zone, int, bool) {
	m := reZoneAfter.FindStringSubmatchIndex(s)
	if m == nil {
		return zone{}, 0, false
	}
	abbr := ""
	if m[2] >= 0 {
		abbr = s[m[2]:m[3]]
	}
	if m[4] >= 0 { // numeric offset
		if abbr != "" && abbr != "GMT" && abbr != "UTC" && abbr != "UT" {
			// "EST -5" or a word that is no zone: read only the word.
			if z, ok := lookupZone(abbr); ok {
				return z, m[3], true
			}
			return zone{}, 0, false
		}
		hh := s[m[6]:m[7]]
		mm := ""
		if m[8] >= 0 {
			mm = s[m[8]:m[9]]
		}
		if abbr == "" && (len(hh) < 2 || mm == "") {
			// A bare "+3" or "-5" after a time is too weak to be a zone.
			return zone{}, 0, false
		}
		if z, ok := offsetZone(s[m[4]:m[5]], hh, mm); ok {
			return z, m[1], true
		}
		return zone{}, 0, false
	}
	if abbr == "" {
		return zone{}, 0, false
	}
	if z, ok := lookupZone(abbr); ok {
		return z, m[1], true
	}
	return zone{}, 0, false
}

// readDate validates one regexp match of the given kind (the index into
// the list in scanDate) and returns its parts.
func readDate(s string, m []int, kind int) (dateParts, bool) {
	var p dateParts
	sub := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return s[m[2*i]:m[2*i+1]]
	}
	atoi := func(i int) int { n, _ := strconv.Atoi(sub(i)); return n }
	switch kind {
	case 0: // ISO
		p.y, p.m, p.d = atoi(1), time.Month(atoi(2)), atoi(3)
		if sub(4) != "" {
			p.h, p.min, p.s, p.hasTime = atoi(4), atoi(5), atoi(6), true
			if p.h > 23 || p.min > 59 || p.s > 60 {
				return p, false
			}
			if p.s == 60 {
				p.s = 59
			}
			if z := sub(7); z != "" {
				zz, ok := parseISOZone(z)
				if !ok {
					return p, false
				}
				p.z, p.hasZone = zz, true
			}
		}
	case 1: // month day year
		p.m, p.d, p.y = months[strings.ToLower(sub(1))[:3]], atoi(2), atoi(3)
	case 2: // day month year
		p.d, p.m, p.y = atoi(1), months[strings.ToLower(sub(2))[:3]], atoi(3)
	case 3: // year month day
		if sub(2) != sub(4) {
			return p, false
		}
		p.y, p.m, p.d = atoi(1), time.Month(atoi(3)), atoi(5)
	case 4: // numeric, day or month first
		if sub(2) != sub(4) {
			return p, false
		}
		a, b := atoi(1), atoi(3)
		p.y = atoi(5)
		if len(sub(5)) == 2 {
			p.y += 2000
			if p.y >= 2070 {
				p.y -= 100
			}
		}
		// Slashes are month first as in US news, dots and dashes day
		// first; whichever order cannot be a date gives way to the other.
		if (sub(2) == "/" && a <= 12) || b > 12 {
			p.m, p.d = time.Month(a), b
		} else {
			p.d, p.m = a, time.Month(b)
		}
	}
	if p.y < 1900 || p.y > 2200 || p.m < 1 || p.m > 12 || p.d < 1 || p.d > daysIn(p.m, p.y) {
		return p, false
	}
	p.hasDate = true
	return p, true
}

func daysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// stamp builds the UTC time of the parts.
func (p dateParts) stamp() stamp {
	loc := time.UTC
	prec := precDate
	if p.hasTime {
		prec = precTime
		if p.hasZone && p.z.loc != nil {
			loc = p.z.loc
			prec = precZone
		}
	}
	t := time.Date(p.y, p.m, p.d, p.h, p.min, p.s, 0, loc).UTC()
	return stamp{t: t, prec: prec, spans: p.spans}
}

// reUpdated finds where the "updated" part of a dateline starts.
var reUpdated = regexp.MustCompile(`(?i)\b(?:last\s+)?(?:updated?|modified|edited)\b(?:\s+(?:on|at))?\s*:?`)

// datelineWords may stand in a dateline beside the date without making it
// a sentence.
var datelineWords = map[string]bool{
	"published": true, "posted": true, "updated": true, "update": true, "last": true,
	"modified": true, "edited": true, "on": true, "at": true, "by": true, "date": true,
	"time": true, "local": true, "first": true, "am": true, "pm": true, "and": true,
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thur": true, "thurs": true,
	"fri": true, "sat": true, "sun": true, "monday": true, "tuesday": true, "wednesday": true,
	"thursday": true, "friday": true, "saturday": true, "sunday": true,
}

// parseDateline reads a dateline: a short line that is mostly a date, such
// as "11:22 GMT 29.11.2024 (Updated: 13:03 GMT 29.11.2024)" or
// "Published: Nov. 29, 2024 11:22 AM EST | Updated 2:15 PM". An
// "Updated" time without a date takes the published date, and without a
// zone the published zone; a line with only an "Updated" date gives no
// published one. ok is false when the line is not a dateline.
func parseDateline(line string) (pub, upd stamp, ok bool) {
	if len(line) > 300 || !strings.ContainsAny(line, "0123456789") {
		return
	}
	trimmed := strings.TrimSpace(line)
	if trimmed == "" || strings.ContainsRune(`"“”«»„`, []rune(trimmed)[0]) {
		return
	}
	cut := len(line)
	var markSpan [2]int
	if m := reUpdated.FindStringIndex(line); m != nil {
		cut, markSpan = m[0], [2]int{m[0], m[1]}
	}
	pp := scanDate(line[:cut])
	var up dateParts
	if cut < len(line) {
		up = scanDate(line[cut:])
	}
	if !pp.hasDate && !up.hasDate {
		return
	}
	if pp.hasDate {
		pub = pp.stamp()
		if !up.hasDate && up.hasTime {
			up.y, up.m, up.d, up.hasDate = pp.y, pp.m, pp.d, true
		}
		if up.hasTime && !up.hasZone && pp.hasZone {
			up.z, up.hasZone = pp.z, true
		}
	}
	if up.hasDate {
		upd = up.stamp()
	}
	covered := append([][2]int{markSpan}, pp.spans...)
	for _, sp := range up.spans {
		covered = append(covered, [2]int{sp[0] + cut, sp[1] + cut})
	}
	// What is left once the dates are taken out must be a few labels, not
	// a sentence that happens to hold a date.
	rest := []byte(line)
	for _, sp := range covered {
		for i := sp[0]; i < sp[1] && i < len(rest); i++ {
			rest[i] = ' '
		}
	}
	end := strings.TrimRight(line, " \t")
	if last := end[len(end)-1]; last == '.' || last == '!' || last == '?' {
		if rest[len(end)-1] != ' ' {
			return stamp{}, stamp{}, false
		}
	}
	words := 0
	for _, w := range strings.FieldsFunc(string(rest), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f)
	}) {
		if !datelineWords[strings.ToLower(w)] {
			words++
		}
	}
	if words > 6 {
		return stamp{}, stamp{}, false
	}
	return pub, upd, true
}
