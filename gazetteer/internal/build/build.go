// Package build makes the gazetteer's embedded data from its sources: the
// world-countries package (names, ISO codes, capitals, demonyms) and the
// hand-written files in gazetteer/data. It is used by the generator
// (gazetteer/internal/gen) and by the test that checks the committed file
// is what the generator makes.
//
// The output is a function of its inputs only: entries come out in a fixed
// order, maps are never ranged over while writing, and nothing depends on
// time, locale or the machine.
package build

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"

	"github.com/saywho/saywho/gazetteer/internal/key"
)

// Kinds, in the order entries are written. A name that finds several
// entries finds them in this order, so it also sets which one a plain
// lookup returns: "Luxembourg" is first the country, then the capital.
var kindOrder = []string{
	"country", "territory", "capital", "city", "region", "seat",
	"organization", "agency", "government", "nationality",
}

// Names of the hand-written files under the data directory.
const (
	fileCountries = "countries.tsv"
	fileSeats     = "seats.tsv"
	filePlaces    = "places.tsv"
	fileOrgs      = "orgs.tsv"
	fileWords     = "words.txt"
)

// Inputs are what Entries reads.
type Inputs struct {
	// Countries is countries.json of the world-countries package.
	Countries []byte
	// Data holds the hand-written files (countries.tsv, seats.tsv,
	// places.tsv, orgs.tsv, words.txt).
	Data fs.FS
}

// name is a name with its flags: '?' ambiguous, '!' needs a capital
// initial.
type name struct {
	text  string
	flags string
}

func parseName(s string) name {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && (s[i] == '?' || s[i] == '!') {
		i++
	}
	return name{text: strings.TrimSpace(s[i:]), flags: normFlags(s[:i])}
}

func normFlags(f string) string {
	var b strings.Builder
	if strings.Contains(f, "?") {
		b.WriteByte('?')
	}
	if strings.Contains(f, "!") {
		b.WriteByte('!')
	}
	return b.String()
}

func (n name) String() string { return n.flags + n.text }

type entry struct {
	kind     string
	name     name
	country  string // canonical name
	stands   string
	acronym  name
	official string
	iso2     string
	iso3     string
	capital  string
	demonym  string
	parent   string
	aliases  []name

	// generation only
	independent bool
	article     string // "the" or ""
	govName     string
}

func (e *entry) addAlias(n name) {
	if n.text == "" {
		return
	}
	e.aliases = append(e.aliases, n)
}

// Entries builds the embedded gazetteer file.
func Entries(in Inputs) ([]byte, error) {
	g := &gen{in: in, byISO: map[string]*entry{}}
	if err := g.run(); err != nil {
		return nil, err
	}
	return g.write(), nil
}

type gen struct {
	in        Inputs
	countries []*entry // countries then territories, by ISO2
	byISO     map[string]*entry
	capitals  []*entry
	places    []*entry
	seats     []*entry
	orgs      []*entry
	agencies  []*entry
	govs      []*entry
	demonyms  []*entry
	words     map[string]bool
}

// wcCountry is the part of a world-countries record that is used.
type wcCountry struct {
	Name struct {
		Common   string `json:"common"`
		Official string `json:"official"`
	} `json:"name"`
	CCA2         string   `json:"cca2"`
	CCA3         string   `json:"cca3"`
	Independent  *bool    `json:"independent"`
	Capital      []string `json:"capital"`
	AltSpellings []string `json:"altSpellings"`
	Demonyms     map[string]struct {
		F string `json:"f"`
		M string `json:"m"`
	} `json:"demonyms"`
}

// override is one line of countries.tsv.
type override struct {
	line         int
	field, value string
}

func (g *gen) run() error {
	var wc []wcCountry
	if err := json.Unmarshal(g.in.Countries, &wc); err != nil {
		return fmt.Errorf("world-countries countries.json: %w", err)
	}
	if len(wc) == 0 {
		return errors.New("world-countries countries.json: no records")
	}
	words, err := g.readWords()
	if err != nil {
		return err
	}
	g.words = words
	ov, err := g.readOverrides()
	if err != nil {
		return err
	}
	if err := g.buildCountries(wc, ov); err != nil {
		return err
	}
	if err := g.readPlaces(); err != nil {
		return err
	}
	if err := g.readOrgs(); err != nil {
		return err
	}
	g.buildGovernments()
	if err := g.readSeats(); err != nil {
		return err
	}
	g.finish()
	return g.check()
}

// lines yields the non-comment, non-blank lines of a data file split on
// tabs, with their line numbers.
func (g *gen) lines(file string, fn func(line int, f []string) error) error {
	b, err := fs.ReadFile(g.in.Data, file)
	if err != nil {
		return fmt.Errorf("gazetteer data: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	n := 0
	for sc.Scan() {
		n++
		t := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(t) == "" || strings.HasPrefix(strings.TrimSpace(t), "#") {
			continue
		}
		if err := fn(n, strings.Split(t, "\t")); err != nil {
			return fmt.Errorf("%s:%d: %w", file, n, err)
		}
	}
	return sc.Err()
}

func (g *gen) readWords() (map[string]bool, error) {
	b, err := fs.ReadFile(g.in.Data, fileWords)
	if err != nil {
		return nil, fmt.Errorf("gazetteer data: %w", err)
	}
	m := map[string]bool{}
	for _, l := range strings.Split(string(b), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		m[keyOf(l)] = true
	}
	return m, nil
}

func keyOf(s string) string { return string(key.Append(nil, s)) }

func (g *gen) readOverrides() (map[string][]override, error) {
	ov := map[string][]override{}
	err := g.lines(fileCountries, func(line int, f []string) error {
		if len(f) != 3 {
			return fmt.Errorf("want 3 tab-separated fields, have %d", len(f))
		}
		iso := strings.TrimSpace(f[0])
		if len(iso) != 2 {
			return fmt.Errorf("bad ISO code %q", iso)
		}
		ov[iso] = append(ov[iso], override{line, strings.TrimSpace(f[1]), strings.TrimSpace(f[2])})
		return nil
	})
	return ov, err
}

// stateWords mark an alternative spelling as an English formal name
// ("Kingdom of Belgium") rather than a native one ("Royaume de Belgique").
var stateWords = []string{
	"Republic", "Kingdom", "State", "States", "Federation", "Federated",
	"Commonwealth", "Principality", "Union", "Islands", "Territory",
	"Sultanate", "Emirates", "Confederation", "Duchy", "Collectivity",
	"Department", "Bailiwick", "Nation",
}

// theWords make a name take "the" ("the United Kingdom").
var theWords = []string{
	"Republic", "Kingdom", "United", "Islands", "States", "Emirates",
	"Federation", "Union", "Commonwealth", "Principality", "Sultanate",
	"Confederation", "Duchy", "Bailiwick", "Territory", "Collectivity",
	"Department", "State", "Nation", "Federated",
}

func hasWord(s string, words []string) bool {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' }) {
		for _, x := range words {
			if strings.EqualFold(w, x) {
				return true
			}
		}
	}
	return false
}

func isLatin(s string) bool {
	for _, r := range s {
		if r > 0x24F && !(r >= 0x1E00 && r <= 0x1EFF) && !key.IsApostrophe(r) {
			return false
		}
	}
	return true
}

func isAcronym(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			letters++
		case r == '.' || r == '+' || r == '&' || (r >= '0' && r <= '9'):
		default:
			return false
		}
	}
	return letters >= 2
}

// keepAlt decides whether an alternative spelling of the package is a
// name English news uses. The hand-written file adds what this misses.
func keepAlt(s string) bool {
	if strings.ContainsAny(s, ",()") || !isLatin(s) {
		return false
	}
	if isAcronym(s) {
		return len(strings.Trim(s, ".")) >= 3 // two-letter ISO codes are not names
	}
	return strings.Contains(s, " ") && hasWord(s, stateWords)
}

func (g *gen) buildCountries(wc []wcCountry, ov map[string][]override) error {
	sort.Slice(wc, func(i, j int) bool { return wc[i].CCA2 < wc[j].CCA2 })
	seen := map[string]bool{}
	for _, c := range wc {
		if len(c.CCA2) != 2 || seen[c.CCA2] {
			return fmt.Errorf("world-countries: bad or repeated code %q", c.CCA2)
		}
		seen[c.CCA2] = true
	}
	for iso := range ov {
		if !seen[iso] {
			return fmt.Errorf("%s: code %s is not in world-countries", fileCountries, iso)
		}
	}
	var terr []*entry
	for _, c := range wc {
		e := &entry{
			kind:     "country",
			name:     name{text: c.Name.Common},
			official: c.Name.Official,
			iso2:     c.CCA2,
			iso3:     c.CCA3,
		}
		// Kosovo's flag is null in the package: a partly recognised state.
		e.independent = c.Independent == nil || *c.Independent
		if !e.independent {
			e.kind = "territory"
		}
		e.addAlias(name{text: c.Name.Official})
		for _, a := range c.AltSpellings {
			if keepAlt(a) {
				e.addAlias(name{text: a})
			}
		}
		caps := slices.Clone(c.Capital)
		var dem []string
		if d, ok := c.Demonyms["eng"]; ok {
			dem = splitDemonym(d.M)
			if d.F != d.M {
				dem = append(dem, splitDemonym(d.F)...)
			}
		}
		var capAliases []name
		var capName *name
		var demCanon *name
		var demAliases []name
		sovereign, haveSovereign := "", false
		for _, o := range ov[c.CCA2] {
			v := parseName(o.value)
			bad := func(msg string) error {
				return fmt.Errorf("%s:%d: %s %s: %s", fileCountries, o.line, c.CCA2, o.field, msg)
			}
			switch o.field {
			case "name":
				e.addAlias(e.name)
				e.name = v
			case "official":
				e.official = v.text
				e.addAlias(v)
			case "article":
				if v.text != "the" && v.text != "none" {
					return bad("want the or none")
				}
				e.article = v.text
			case "kind":
				switch v.text {
				case "country":
					e.kind, e.independent = "country", true
				case "territory":
					e.kind, e.independent = "territory", false
				default:
					return bad("want country or territory")
				}
			case "sovereign":
				sovereign, haveSovereign = v.text, true
			case "flag":
				e.name.flags = normFlags(e.name.flags + o.value)
			case "alias":
				e.addAlias(v)
			case "drop":
				if !slices.Contains(c.AltSpellings, v.text) {
					return bad("no such alternative spelling in world-countries")
				}
				e.aliases = slices.DeleteFunc(e.aliases, func(a name) bool { return a.text == v.text })
			case "capital":
				if v.text == "-" {
					caps = nil
					continue
				}
				if len(caps) > 0 && caps[0] != v.text {
					capAliases = append(capAliases, name{text: caps[0]})
				}
				if len(caps) == 0 {
					caps = []string{v.text}
				} else {
					caps[0] = v.text
				}
				vv := v
				capName = &vv
			case "capital-alias":
				capAliases = append(capAliases, v)
			case "capital-drop":
				n := len(caps)
				caps = slices.DeleteFunc(caps, func(s string) bool { return s == v.text })
				if n == len(caps) {
					return bad("no such capital")
				}
			case "demonym":
				vv := v
				demCanon = &vv
			case "demonym-alias":
				demAliases = append(demAliases, v)
			case "demonym-drop":
				n := len(dem)
				if v.text == "-" {
					dem = nil
				} else {
					dem = slices.DeleteFunc(dem, func(s string) bool { return s == v.text })
				}
				if n == len(dem) && n > 0 {
					return bad("no such demonym")
				}
			default:
				return bad("unknown field")
			}
		}
		if e.article == "" {
			if hasWord(e.name.text, theWords) {
				e.article = "the"
			}
		}
		if e.article == "none" {
			e.article = ""
		}
		if e.kind == "territory" {
			if !haveSovereign {
				return fmt.Errorf("%s: territory %s (%s) needs a sovereign line", fileCountries, c.CCA2, e.name.text)
			}
			if sovereign != "-" {
				if !seen[sovereign] {
					return fmt.Errorf("%s: %s: unknown sovereign %s", fileCountries, c.CCA2, sovereign)
				}
				e.country = sovereign // resolved to a name below
			}
		}
		// Capitals.
		for i, cp := range caps {
			ce := &entry{kind: "capital", name: name{text: cp}, country: c.CCA2}
			if i == 0 {
				if capName != nil {
					ce.name = *capName
				}
				for _, a := range capAliases {
					ce.addAlias(a)
				}
				e.capital = ce.name.text
				ce.stands = "=gov" // set once governments exist
			}
			ce.independent = e.independent
			g.capitals = append(g.capitals, ce)
		}
		// Demonym.
		var dn []name
		if demCanon != nil {
			dn = append(dn, *demCanon)
		}
		for _, d := range dem {
			dn = append(dn, name{text: d})
		}
		dn = append(dn, demAliases...)
		if len(dn) > 0 {
			de := &entry{kind: "nationality", name: dn[0], country: c.CCA2, independent: e.independent}
			for _, a := range dn[1:] {
				de.addAlias(a)
			}
			e.demonym = de.name.text
			g.demonyms = append(g.demonyms, de)
		}
		g.byISO[c.CCA2] = e
		if e.kind == "country" {
			g.countries = append(g.countries, e)
		} else {
			terr = append(terr, e)
		}
	}
	g.countries = append(g.countries, terr...)
	// Resolve ISO references to names now that every name is final.
	for _, e := range g.countries {
		if e.country != "" {
			e.country = g.byISO[e.country].name.text
		}
	}
	for _, ce := range g.capitals {
		ce.country = g.byISO[ce.country].name.text
	}
	// Independent countries' capitals first: "Kingston" is Jamaica's
	// before Norfolk Island's.
	sort.SliceStable(g.capitals, func(i, j int) bool {
		return g.capitals[i].independent && !g.capitals[j].independent
	})
	g.resolveDemonyms()
	return nil
}

// splitDemonym splits the package's "Antiguan, Barbudan" and "Kittitian or
// Nevisian".
func splitDemonym(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		for _, q := range strings.Split(p, " or ") {
			if q = strings.TrimSpace(q); q != "" {
				out = append(out, q)
			}
		}
	}
	return out
}

// resolveDemonyms settles demonyms that several countries share: a
// territory gives way to a state ("French" is France's, not the French
// Southern Territories'); states or territories that still share one keep
// it, marked ambiguous ("Congolese").
func (g *gen) resolveDemonyms() {
	for _, d := range g.demonyms {
		d.country = g.byISO[d.country].name.text
	}
	sort.SliceStable(g.demonyms, func(i, j int) bool {
		return g.demonyms[i].independent && !g.demonyms[j].independent
	})
	owner := map[string][]*entry{}
	for _, d := range g.demonyms {
		for _, n := range append([]name{d.name}, d.aliases...) {
			k := keyOf(n.text)
			if !slices.Contains(owner[k], d) {
				owner[k] = append(owner[k], d)
			}
		}
	}
	var kept []*entry
	for _, d := range g.demonyms {
		all := append([]name{d.name}, d.aliases...)
		var out []name
		for _, n := range all {
			k := keyOf(n.text)
			o := owner[k]
			if !d.independent && o[0].independent {
				continue
			}
			if len(o) > 1 {
				n.flags = normFlags(n.flags + "?")
			}
			out = append(out, n)
		}
		if len(out) == 0 {
			if c := g.countryByName(d.country); c != nil {
				c.demonym = ""
			}
			continue
		}
		d.name, d.aliases = out[0], out[1:]
		if c := g.countryByName(d.country); c != nil {
			c.demonym = d.name.text
		}
		kept = append(kept, d)
	}
	g.demonyms = kept
}

func (g *gen) countryByName(n string) *entry {
	for _, c := range g.countries {
		if c.name.text == n {
			return c
		}
	}
	return nil
}

func (g *gen) isoName(iso string) (string, error) {
	if iso == "-" || iso == "" {
		return "", nil
	}
	c, ok := g.byISO[iso]
	if !ok {
		return "", fmt.Errorf("unknown country code %q", iso)
	}
	return c.name.text, nil
}

func splitAliases(s string) []name {
	var out []name
	for _, a := range strings.Split(s, ";") {
		if n := parseName(a); n.text != "" {
			out = append(out, n)
		}
	}
	return out
}

func field(f []string, i int) string {
	if i < len(f) {
		return strings.TrimSpace(f[i])
	}
	return ""
}

func (g *gen) readPlaces() error {
	return g.lines(filePlaces, func(line int, f []string) error {
		if len(f) < 3 || len(f) > 4 {
			return fmt.Errorf("want 3 or 4 tab-separated fields, have %d", len(f))
		}
		kind := field(f, 0)
		if kind != "city" && kind != "region" {
			return fmt.Errorf("bad kind %q", kind)
		}
		country, err := g.isoName(field(f, 2))
		if err != nil {
			return err
		}
		e := &entry{kind: kind, name: parseName(field(f, 1)), country: country, aliases: splitAliases(field(f, 3))}
		g.places = append(g.places, e)
		return nil
	})
}

func (g *gen) readSeats() error {
	return g.lines(fileSeats, func(line int, f []string) error {
		if len(f) < 3 || len(f) > 4 {
			return fmt.Errorf("want 3 or 4 tab-separated fields, have %d", len(f))
		}
		country, err := g.isoName(field(f, 1))
		if err != nil {
			return err
		}
		e := &entry{kind: "seat", name: parseName(field(f, 0)), country: country, stands: field(f, 2), aliases: splitAliases(field(f, 3))}
		g.seats = append(g.seats, e)
		return nil
	})
}

func (g *gen) readOrgs() error {
	return g.lines(fileOrgs, func(line int, f []string) error {
		if len(f) < 5 || len(f) > 6 {
			return fmt.Errorf("want 5 or 6 tab-separated fields, have %d", len(f))
		}
		kind := field(f, 0)
		if kind != "org" && kind != "agency" {
			return fmt.Errorf("bad kind %q", kind)
		}
		country, err := g.isoName(field(f, 3))
		if err != nil {
			return err
		}
		if kind == "agency" && country == "" {
			return errors.New("a national body needs a country")
		}
		e := &entry{name: parseName(field(f, 1)), country: country, aliases: splitAliases(field(f, 5))}
		if a := field(f, 2); a != "-" {
			e.acronym = parseName(a)
		}
		if p := field(f, 4); p != "-" {
			e.parent = p
		}
		if kind == "org" {
			e.kind = "organization"
			g.orgs = append(g.orgs, e)
		} else {
			e.kind = "agency"
			g.agencies = append(g.agencies, e)
			if iso := field(f, 3); iso != "-" {
				e.addDerived(g.byISO[iso])
			}
		}
		return nil
	})
}

// addDerived gives a national body the forms news writes it in with its
// country in front: "Russian Federal Security Service", "Russia's Federal
// Security Service".
func (e *entry) addDerived(c *entry) {
	base := e.name.text
	for _, suf := range []string{" of the " + c.name.text, " of " + c.name.text} {
		base = strings.TrimSuffix(base, suf)
	}
	for _, pre := range []string{c.name.text, c.demonym} {
		if pre != "" && strings.HasPrefix(base, pre+" ") {
			return
		}
	}
	if c.demonym != "" {
		e.addAlias(name{text: c.demonym + " " + base, flags: e.name.flags})
	}
	e.addAlias(name{text: possessive(c.name.text) + " " + base, flags: e.name.flags})
}

// possessive is "Russia's", "the Netherlands'".
func possessive(s string) string {
	if strings.HasSuffix(s, "s") {
		return s + "'"
	}
	return s + "'s"
}

func withArticle(article, s string) string {
	if article == "the" {
		return "the " + s
	}
	return s
}

// buildGovernments adds "Government of Japan" for every country and every
// territory with a capital, with the forms news writes it in.
func (g *gen) buildGovernments() {
	for _, c := range g.countries {
		if c.kind == "territory" && c.capital == "" {
			continue
		}
		gov := &entry{kind: "government", name: name{text: "Government of " + withArticle(c.article, c.name.text)}, country: c.name.text}
		amb := strings.Contains(c.name.flags, "?")
		fl := ""
		if amb {
			fl = "?"
		}
		gov.name.flags = fl
		gov.addAlias(name{text: c.name.text + " government", flags: fl})
		gov.addAlias(name{text: possessive(c.name.text) + " government", flags: fl})
		if c.demonym != "" {
			gov.addAlias(name{text: c.demonym + " government", flags: fl})
		}
		if c.official != "" && c.official != c.name.text {
			art := ""
			if hasWord(c.official, theWords) {
				art = "the"
			}
			gov.addAlias(name{text: "Government of " + withArticle(art, c.official)})
		}
		for _, a := range c.aliases {
			if a.flags != "" || strings.Contains(a.text, " of ") {
				continue
			}
			gov.addAlias(name{text: a.text + " government"})
		}
		c.govName = gov.name.text
		g.govs = append(g.govs, gov)
	}
	for _, ce := range g.capitals {
		if ce.stands != "=gov" {
			continue
		}
		ce.stands = ""
		if c := g.countryByName(ce.country); c != nil {
			ce.stands = c.govName
		}
	}
}

// spellings are the British and American forms of words in names; an
// organisation written one way is found the other way too.
var spellings = [][2]string{
	{"Defence", "Defense"},
	{"Organisation", "Organization"},
	{"Programme", "Program"},
	{"Labour", "Labor"},
	{"Centre", "Center"},
	{"Co-operation", "Cooperation"},
}

func spellingVariants(s string) []string {
	var out []string
	for _, p := range spellings {
		for _, d := range [][2]string{{p[0], p[1]}, {p[1], p[0]}} {
			if hasWord(s, []string{d[0]}) {
				out = append(out, replaceWord(s, d[0], d[1]))
			}
		}
	}
	return out
}

func replaceWord(s, from, to string) string {
	var b strings.Builder
	i := 0
	for i < len(s) {
		j := strings.Index(s[i:], from)
		if j < 0 {
			break
		}
		j += i
		end := j + len(from)
		before := j == 0 || !isWordByte(s[j-1])
		after := end == len(s) || !isWordByte(s[end])
		b.WriteString(s[i:j])
		if before && after {
			b.WriteString(to)
		} else {
			b.WriteString(from)
		}
		i = end
	}
	b.WriteString(s[i:])
	return b.String()
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// finish adds generated aliases (spelling variants, plurals), applies the
// word list, and removes aliases that repeat a name of the same entry.
func (g *gen) finish() {
	for _, list := range [][]*entry{g.seats, g.orgs, g.agencies} {
		for _, e := range list {
			for _, n := range append([]name{e.name}, e.aliases...) {
				for _, v := range spellingVariants(n.text) {
					e.addAlias(name{text: v, flags: n.flags})
				}
			}
		}
	}
	for _, d := range g.demonyms {
		for _, n := range append([]name{d.name}, d.aliases...) {
			if p, ok := plural(n.text); ok {
				d.addAlias(name{text: p, flags: n.flags})
			}
		}
	}
	for _, e := range g.all() {
		e.name = g.wordFlag(e.name)
		if e.acronym.text != "" {
			e.acronym = g.wordFlag(e.acronym)
		}
		// -1 stands for the name, -2 for the acronym, others index out.
		seen := map[string]int{keyOf(e.name.text): -1}
		if e.acronym.text != "" {
			if _, dup := seen[keyOf(e.acronym.text)]; !dup {
				seen[keyOf(e.acronym.text)] = -2
			}
		}
		var out []name
		for _, a := range e.aliases {
			a = g.wordFlag(a)
			k := keyOf(a.text)
			if k == "" {
				continue
			}
			if i, dup := seen[k]; dup {
				// Keep the first spelling; a flag on any spelling of the
				// same key holds for the key.
				switch {
				case i >= 0:
					out[i].flags = normFlags(out[i].flags + a.flags)
				case i == -1:
					e.name.flags = normFlags(e.name.flags + a.flags)
				case i == -2:
					e.acronym.flags = normFlags(e.acronym.flags + a.flags)
				}
				continue
			}
			seen[k] = len(out)
			out = append(out, a)
		}
		e.aliases = out
	}
	g.markShared()
}

// markShared flags as ambiguous every name that finds two entries of the
// same kind ("Kingston" in Jamaica and on Norfolk Island, "Congolese
// government").
func (g *gen) markShared() {
	type where struct {
		e *entry
		i int // -1 name, -2 acronym, else alias index
	}
	byKey := map[string][]where{}
	var keys []string
	for _, e := range g.all() {
		add := func(n name, i int) {
			k := e.kind + "\x00" + keyOf(n.text)
			if _, ok := byKey[k]; !ok {
				keys = append(keys, k)
			}
			byKey[k] = append(byKey[k], where{e, i})
		}
		add(e.name, -1)
		if e.acronym.text != "" {
			add(e.acronym, -2)
		}
		for i, a := range e.aliases {
			add(a, i)
		}
	}
	for _, k := range keys {
		ws := byKey[k]
		if len(ws) < 2 {
			continue
		}
		for _, w := range ws {
			switch w.i {
			case -1:
				w.e.name.flags = normFlags(w.e.name.flags + "?")
			case -2:
				w.e.acronym.flags = normFlags(w.e.acronym.flags + "?")
			default:
				w.e.aliases[w.i].flags = normFlags(w.e.aliases[w.i].flags + "?")
			}
		}
	}
}

func (g *gen) wordFlag(n name) name {
	k := keyOf(n.text)
	if g.words[k] || g.words[strings.TrimPrefix(k, "the ")] {
		n.flags = normFlags(n.flags + "!")
	}
	return n
}

// plural forms a demonym's plural noun ("Russians"); adjectives in -ese,
// -ish, -ch and names ending in s, x, z or y stay as they are.
func plural(s string) (string, bool) {
	for _, suf := range []string{"s", "sh", "ch", "x", "z", "ese", "y"} {
		if strings.HasSuffix(s, suf) {
			return "", false
		}
	}
	return s + "s", true
}

func (g *gen) all() []*entry {
	var out []*entry
	for _, l := range [][]*entry{g.countries, g.capitals, g.places, g.seats, g.orgs, g.agencies, g.govs, g.demonyms} {
		out = append(out, l...)
	}
	return out
}

// ordered returns the entries in kindOrder, each kind in the order built.
func (g *gen) ordered() []*entry {
	all := g.all()
	rank := map[string]int{}
	for i, k := range kindOrder {
		rank[k] = i
	}
	sort.SliceStable(all, func(i, j int) bool { return rank[all[i].kind] < rank[all[j].kind] })
	return all
}

// check enforces what the runtime relies on.
func (g *gen) check() error {
	names := map[string]bool{}
	kindName := map[string]bool{}
	var errs []error
	for _, e := range g.all() {
		if e.name.text == "" {
			errs = append(errs, fmt.Errorf("%s with no name", e.kind))
			continue
		}
		kn := e.kind + "\x00" + e.name.text + "\x00" + e.country
		if kindName[kn] {
			errs = append(errs, fmt.Errorf("two %s entries named %q in %q", e.kind, e.name.text, e.country))
		}
		kindName[kn] = true
		names[e.name.text] = true
		for _, s := range append([]string{e.name.text, e.acronym.text, e.official, e.stands, e.parent, e.country}, texts(e.aliases)...) {
			if strings.ContainsAny(s, "\t\n|") || strings.HasPrefix(s, "?") || strings.HasPrefix(s, "!") {
				errs = append(errs, fmt.Errorf("%s %q: bad character in %q", e.kind, e.name.text, s))
			}
		}
	}
	for _, e := range g.all() {
		if e.stands != "" && !names[e.stands] {
			errs = append(errs, fmt.Errorf("%s %q stands for %q, which is no entry", e.kind, e.name.text, e.stands))
		}
		if e.parent != "" && !names[e.parent] {
			errs = append(errs, fmt.Errorf("%s %q has parent %q, which is no entry", e.kind, e.name.text, e.parent))
		}
	}
	return errors.Join(errs...)
}

func texts(ns []name) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.text
	}
	return out
}

// Header is the first line of the embedded file.
const Header = "# Code generated by gazetteer/internal/gen from world-countries " + WorldCountriesVersion + " (ODbL-1.0) and gazetteer/data; DO NOT EDIT."

func (g *gen) write() []byte {
	var b bytes.Buffer
	b.WriteString(Header + "\n")
	b.WriteString("# kind\tname\tcountry\tstands\tacronym\tofficial\tiso2\tiso3\tcapital\tdemonym\tparent\taliases\n")
	for _, e := range g.ordered() {
		cols := []string{
			e.kind, e.name.String(), e.country, e.stands, e.acronym.String(), e.official,
			e.iso2, e.iso3, e.capital, e.demonym, e.parent,
		}
		al := make([]string, len(e.aliases))
		for i, a := range e.aliases {
			al[i] = a.String()
		}
		cols = append(cols, strings.Join(al, "|"))
		b.WriteString(strings.Join(cols, "\t"))
		b.WriteByte('\n')
	}
	return b.Bytes()
}
