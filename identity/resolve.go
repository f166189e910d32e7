package identity

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/saywho/saywho/gazetteer"
)

// Type is what an identity is.
type Type string

const (
	Person       Type = "person"
	Organization Type = "organization"
	Place        Type = "place"
	// Unknown is a speaker the article did not name: only a role
	// ("Kremlin spokesman") or nothing is known of it.
	Unknown Type = "unknown"
)

// Unit is one person, organisation or place as one article knows it: the
// entity or speaker under the one canonical name the article's analysis
// gave it, with everything the article says of it. Units are what
// Resolve groups into corpus identities; Builder makes them from
// analyses or stored rows.
type Unit struct {
	Article string    // the article's key (its hash, or any unique id)
	Date    time.Time // the article's publication, zero when unknown
	// Name is the canonical name within the article ("Dmitry Peskov"),
	// empty for a speaker known only by role.
	Name string
	Type Type
	// Metonym is set on a seat used for the body seated there ("the
	// Kremlin" for the Russian presidency): the body's name.
	Metonym string
	// Said are the mentions as printed ("Kremlin spokesman", "the
	// official"); for a unit without a name, the role it is known by.
	Said    []string
	Aliases []string // other names the article gives it ("SVR", "Peskov")
	Roles   []string // roles the article states ("Kremlin spokesman")
	Orgs    []string // organisations the article ties it to
	// Statements counts the statements the article attributes to it:
	// 0 for an entity that is only named.
	Statements int
}

// Reason says how a unit came to belong to its identity.
type Reason uint8

const (
	// SameName: the unit's name is the identity's, up to case, accents,
	// punctuation and honorifics.
	SameName Reason = iota
	// Gazetteer: the gazetteer knows both names as one ("Kiev" and
	// "Kyiv", "SVR" and "Foreign Intelligence Service of Russia").
	Gazetteer
	// Metonymy: a seat standing for the body ("the Kremlin").
	Metonymy
	// MiddleName: same given name and surname, with or without middle
	// names or initials ("Donald J. Trump").
	MiddleName
	// Transliteration: a spelling variant ("Dmitri", "Dmitriy").
	Transliteration
	// Nickname: an English short form ("Joe" for "Joseph").
	Nickname
	// Initial: "J. Smith" for the one John Smith the corpus knows.
	Initial
	// SurnameInArticle: the surname of the one person of that surname
	// named in the same article.
	SurnameInArticle
	// SurnameInCorpus: the surname of the one person of that surname in
	// the corpus with the same role or organisation (or the one of that
	// surname at all, when the article gives no role).
	SurnameInCorpus
	// ArticleAlias: an organisation's other name, given beside its full
	// name in some article ("FEC").
	ArticleAlias
	// RoleAtDate: a speaker known only by a role, resolved to the one
	// person holding that role around the article's date.
	RoleAtDate
	// UserRule: a merge asked for by a user.
	UserRule
)

var reasonNames = [...]string{"same name", "gazetteer", "metonymy", "middle name", "transliteration",
	"nickname", "initial", "surname in article", "surname in corpus", "article alias", "role at date", "user rule"}

func (r Reason) String() string {
	if int(r) < len(reasonNames) {
		return reasonNames[r]
	}
	return "reason?"
}

// MarshalText writes the reason's name, for JSON.
func (r Reason) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// Identity is one person, organisation or place across the corpus.
type Identity struct {
	Name string
	Type Type
	// Pooled is set on an identity made of surname-only mentions ("Smith")
	// that no article and no role tied to one person: the name, not a
	// known person. They are kept together, as the name, rather than
	// merged into any of the people who bear it.
	Pooled  bool
	Aliases []Alias
	// Roles and Orgs as the articles state them, with the first and last
	// publication dates of the articles that do.
	Roles, Orgs []Attribute
	Statements  int
	Articles    int
	Units       []int // indices of its units, in input order
}

// Alias is another name of an identity. Metonym marks a name that stands
// for it rather than naming it ("the Kremlin" for the Russian presidency).
type Alias struct {
	Name    string `json:"name"`
	Metonym bool   `json:"metonym,omitempty"`
}

// Attribute is a role or organisation of an identity over time.
type Attribute struct {
	Value       string
	Articles    int
	First, Last time.Time // zero when no article stating it is dated
}

// Result is the outcome of Resolve.
type Result struct {
	Identities []Identity
	// Of[u] is the index in Identities of unit u's identity, -1 for a
	// unit with none (a speaker known only by a role no one or several
	// people held).
	Of []int
	// Why[u] says how unit u joined its identity.
	Why []Reason
}

// roleArticles is how many articles must state that someone holds a role
// for a mention by that role alone to be taken to mean them: one article
// calling Alwaleed bin Talal "Saudi prince" does not make him the only
// one.
const roleArticles = 2

// RoleMargin is how far before the first and after the last article
// stating that someone holds a role a role-only mention is still taken
// to mean them. Articles attest an office sparsely; terms last years.
const RoleMargin = 183 * 24 * time.Hour

// unit classes
type class uint8

const (
	cNone    class = iota
	cPerson        // given name and surname
	cInitial       // initial and surname ("J. Smith")
	cSurname       // surname alone ("Peskov", "Mr. Smith")
	cOrg
	cPlace
	cRole // no name, a specific role
)

type unitInfo struct {
	key     string // NameKey of the unit's name
	class   class
	form    string // key of the whole name (canonical for organisations and places)
	pn      PersonName
	given   string // given name key: folded, nickname, transliteration
	sur     string // surname key: folded, transliteration
	mid     string // first letter of the first middle name
	roles   []string
	orgs    []string
	split   bool
	metonym bool // a seat: its name stands for the body
	// orgSurname marks an organisation of one unknown word with no body
	// word ("Trump" typed as an organisation): in an article naming a
	// person of that surname, it is that person.
	orgSurname bool
	pool       bool // joined a pool of unresolved surnames
}

type resolver struct {
	units []Unit
	info  []unitInfo
	rules []Rule

	parent []int
	size   []int
	// For each root: the articles where the cluster has a person named
	// in full, with that name's form, so that two people one article
	// tells apart are never merged on weak evidence.
	named  []map[string]string
	gender []Gender // per root; conflicting genders never merge
	// Role heads and organisations stated of each root's units: two
	// people both known by roles or organisations, none shared, are not
	// merged on weak evidence ("Bob Mason, a retired letter carrier" and
	// "Robert Mason, professor").
	heads, orgs []map[string]bool

	why    []Reason
	hasWhy []bool
	forms  map[string][]int // form key -> units, for persons by full name
	forced map[int]string   // root -> display name a rule asked for
	pools  map[int]bool     // roots of pools
	splits map[string]bool  // name keys split off by rules
}

// Resolve groups units into identities. Persons are merged by name (up to
// honorifics, middle names and initials, transliteration and English
// nicknames), by an initial where one person of the corpus fits, by a
// surname where the article or the corpus (with the same role or
// organisation) has one person of that surname, and by role, where one
// person held it around the article's date. Two people named in full in
// one article are never merged by a weak clue (a spelling or nickname
// variant, an initial, a surname); persons are never merged with
// organisations, except for a bare surname an article names a person by.
// Organisations and places are merged by their gazetteer name, and
// organisations by an alias an article gives. Rules from users then
// split names off and merge identities.
//
// The result does not depend on the order of the units beyond ties in
// naming.
func Resolve(units []Unit, rules []Rule) *Result {
	r := &resolver{units: units, rules: rules, forms: map[string][]int{}, forced: map[int]string{}, pools: map[int]bool{}}
	n := len(units)
	r.parent, r.size = make([]int, n), make([]int, n)
	r.named, r.gender = make([]map[string]string, n), make([]Gender, n)
	r.heads, r.orgs = make([]map[string]bool, n), make([]map[string]bool, n)
	r.why, r.hasWhy = make([]Reason, n), make([]bool, n)
	for i := range units {
		r.parent[i], r.size[i] = i, 1
	}
	splits := map[string]bool{}
	r.splits = splits
	for _, ru := range rules {
		if ru.Kind == Split {
			for _, nm := range ru.Names {
				splits[NameKey(nm)] = true
			}
		}
	}
	r.info = make([]unitInfo, n)
	for i := range units {
		r.info[i] = parseUnit(&units[i])
		if splits[r.info[i].key] {
			r.info[i].split = true
		}
		inf := &r.info[i]
		if inf.class == cPerson || inf.class == cInitial {
			r.named[i] = map[string]string{units[i].Article: inf.form}
			r.forms[inf.form] = append(r.forms[inf.form], i)
		}
		if inf.class == cPerson || inf.class == cInitial || inf.class == cSurname {
			r.gender[i] = inf.pn.Gender
			for _, ro := range inf.roles {
				if r.heads[i] == nil {
					r.heads[i] = map[string]bool{}
				}
				r.heads[i][roleHead(ro)] = true
			}
			for _, o := range inf.orgs {
				if r.orgs[i] == nil {
					r.orgs[i] = map[string]bool{}
				}
				r.orgs[i][o] = true
			}
		}
	}
	r.sameNames()
	r.nameVariants()
	r.initials()
	r.surnames()
	r.orgAliases()
	r.roleHolders()
	r.applyMerges()
	return r.result()
}

func parseUnit(u *Unit) unitInfo {
	inf := unitInfo{key: NameKey(u.Name)}
	for _, ro := range u.Roles {
		if k := RoleKey(ro); k != "" && !slices.Contains(inf.roles, k) {
			inf.roles = append(inf.roles, k)
		}
	}
	for _, o := range u.Orgs {
		c, _ := CanonicalOrganization(o)
		if k := NameKey(c); k != "" && !slices.Contains(inf.orgs, k) {
			inf.orgs = append(inf.orgs, k)
		}
	}
	name := strings.TrimSpace(u.Name)
	if name == "" {
		if u.Type == Unknown || u.Type == Person {
			for _, s := range u.Said {
				if k := roleOnly(s); k != "" {
					inf.class, inf.form = cRole, k
					break
				}
			}
		}
		return inf
	}
	switch u.Type {
	case Organization:
		canon, met := CanonicalOrganization(name)
		if u.Metonym != "" {
			canon, _ = CanonicalOrganization(u.Metonym)
			met = true
		}
		inf.class, inf.form, inf.metonym = cOrg, NameKey(canon), met
		if inf.form == "" {
			inf.class = cNone
		}
		if _, known := gazetteer.Lookup(name); !known && !met && !strings.ContainsAny(name, " \t") && isCapitalised(name) && !acronym(name) {
			inf.orgSurname = true
			inf.pn = ParseName(name)
			inf.sur = translit(fold(inf.pn.Surname))
		}
		return inf
	case Place:
		inf.class, inf.form = cPlace, NameKey(CanonicalPlace(name))
		if inf.form == "" {
			inf.class = cNone
		}
		return inf
	}
	// Persons, and named speakers of unknown type.
	pn := ParseName(name)
	inf.pn = pn
	if pn.Surname == "" {
		return inf
	}
	inf.sur = translit(fold(pn.Surname))
	if inf.sur == "" {
		return inf
	}
	words := make([]string, 0, 4)
	for _, w := range nameWords(pn.String()) {
		if k := fold(w); k != "" {
			words = append(words, k)
		}
	}
	inf.form = strings.Join(words, " ")
	switch {
	case !pn.Full():
		inf.class = cSurname
		inf.form = fold(pn.Surname) + "|" + strings.ToLower(pn.Suffix)
	case pn.Initial():
		inf.class = cInitial
		inf.given = fold(pn.Given)
	default:
		inf.class = cPerson
		g := fold(pn.Given)
		if full, ok := nicknames[g]; ok {
			g = full
		}
		inf.given = translit(g)
	}
	if len(pn.Middle) > 0 {
		if k := fold(pn.Middle[0]); k != "" {
			r, _ := utf8.DecodeRuneInString(k)
			inf.mid = string(r)
		}
	}
	return inf
}

// acronym reports whether s looks like an acronym: three capitals or
// fewer ("SVP", "FBI"), not a surname printed in capitals ("FALLIN:").
func acronym(s string) bool {
	n := 0
	for _, c := range s {
		if c < 'A' || c > 'Z' {
			return false
		}
		n++
	}
	return n <= 3
}

func isCapitalised(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r >= 'A' && r <= 'Z' || r > utf8.RuneSelf && strings.ToUpper(string(r)) == string(r)
}

func (r *resolver) find(i int) int {
	for r.parent[i] != i {
		r.parent[i] = r.parent[r.parent[i]]
		i = r.parent[i]
	}
	return i
}

// union merges the clusters of a and b. weak unions are refused when an
// article names two different people from the two clusters, or when
// their genders differ; it reports whether the clusters are one.
func (r *resolver) union(a, b int, weak bool) bool {
	ra, rb := r.find(a), r.find(b)
	if ra == rb {
		return true
	}
	if weak {
		ga, gb := r.gender[ra], r.gender[rb]
		if ga != GenderUnknown && gb != GenderUnknown && ga != gb {
			return false
		}
		small, big := r.named[ra], r.named[rb]
		if len(small) > len(big) {
			small, big = big, small
		}
		for art, f := range small {
			if g, ok := big[art]; ok && g != f {
				return false
			}
		}
		if len(r.heads[ra])+len(r.orgs[ra]) > 0 && len(r.heads[rb])+len(r.orgs[rb]) > 0 &&
			!intersects(r.heads[ra], r.heads[rb]) && !intersects(r.orgs[ra], r.orgs[rb]) {
			return false
		}
	}
	if r.size[ra] < r.size[rb] {
		ra, rb = rb, ra
	}
	r.parent[rb] = ra
	r.size[ra] += r.size[rb]
	if r.gender[ra] == GenderUnknown {
		r.gender[ra] = r.gender[rb]
	}
	switch {
	case r.named[ra] == nil:
		r.named[ra] = r.named[rb]
	case r.named[rb] != nil:
		if len(r.named[ra]) < len(r.named[rb]) {
			r.named[ra], r.named[rb] = r.named[rb], r.named[ra]
		}
		for k, v := range r.named[rb] {
			if _, ok := r.named[ra][k]; !ok {
				r.named[ra][k] = v
			}
		}
	}
	r.named[rb] = nil
	r.heads[ra], r.heads[rb] = mergeSets(r.heads[ra], r.heads[rb]), nil
	r.orgs[ra], r.orgs[rb] = mergeSets(r.orgs[ra], r.orgs[rb]), nil
	if f, ok := r.forced[rb]; ok {
		if _, ok2 := r.forced[ra]; !ok2 {
			r.forced[ra] = f
		}
		delete(r.forced, rb)
	}
	if r.pools[rb] {
		r.pools[ra] = true
		delete(r.pools, rb)
	}
	return true
}

func intersects(a, b map[string]bool) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	for k := range a {
		if b[k] {
			return true
		}
	}
	return false
}

func mergeSets(a, b map[string]bool) map[string]bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	if a == nil {
		return b
	}
	for k := range b {
		a[k] = true
	}
	return a
}

func (r *resolver) setWhy(u int, why Reason) {
	if !r.hasWhy[u] {
		r.why[u], r.hasWhy[u] = why, true
	}
}

// sameNames merges units whose names are the same: persons by their full
// name, organisations and places by their canonical name.
func (r *resolver) sameNames() {
	first := map[string]int{}
	for i := range r.units {
		inf := &r.info[i]
		var key string
		switch inf.class {
		case cPerson, cInitial:
			key = "p|" + inf.form
		case cOrg:
			if inf.orgSurname {
				continue // see surnames
			}
			key = "o|" + inf.form
			if inf.key != inf.form {
				if inf.metonym {
					r.setWhy(i, Metonymy)
				} else {
					r.setWhy(i, Gazetteer)
				}
			}
		case cPlace:
			key = "l|" + inf.form
			if inf.key != inf.form {
				r.setWhy(i, Gazetteer)
			}
		default:
			continue
		}
		if j, ok := first[key]; ok {
			r.union(j, i, false)
		} else {
			first[key] = i
		}
	}
}

// formRef is one full name form of a person and a unit bearing it.
type formRef struct {
	form  string
	unit  int
	given string // key
	exact string // folded given name
	sur   string // folded surname
	mid   string
}

// personForms lists the distinct full-name forms of persons, not split
// off, grouped by surname key and suffix.
func (r *resolver) personForms(c class) map[string][]formRef {
	groups := map[string][]formRef{}
	seen := map[string]bool{}
	for i := range r.units {
		inf := &r.info[i]
		if inf.class != c || inf.split || seen[inf.form] {
			continue
		}
		seen[inf.form] = true
		k := inf.sur + "|" + strings.ToLower(inf.pn.Suffix)
		groups[k] = append(groups[k], formRef{form: inf.form, unit: i, given: inf.given,
			exact: fold(inf.pn.Given), sur: fold(inf.pn.Surname), mid: inf.mid})
	}
	for _, g := range groups {
		slices.SortFunc(g, func(a, b formRef) int { return cmp.Compare(a.form, b.form) })
	}
	return groups
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// variantReason says how two forms of one name differ, and whether that
// is weak evidence.
func variantReason(a, b formRef) (Reason, bool) {
	switch {
	case a.exact == b.exact && a.sur == b.sur:
		return MiddleName, false
	case translit(a.exact) == translit(b.exact) && translit(a.sur) == translit(b.sur):
		return Transliteration, true
	case a.sur == b.sur || translit(a.sur) == translit(b.sur):
		return Nickname, true
	}
	return Transliteration, true
}

// joinForm merges the cluster of form f into the cluster of form into.
func (r *resolver) joinForm(f, into formRef) {
	why, weak := variantReason(f, into)
	if !r.union(f.unit, into.unit, weak) {
		return
	}
	for _, u := range r.forms[f.form] {
		r.setWhy(u, why)
	}
}

// nameVariants merges full names that differ by middle names, spelling
// or nickname. Forms with a middle initial are grouped by it; a form
// without one joins the others only when they agree on it ("George Bush"
// stays apart from both "George W. Bush" and "George H. W. Bush").
func (r *resolver) nameVariants() {
	groups := r.personForms(cPerson)
	for _, gk := range sortedKeys(groups) {
		buckets := map[string][]formRef{}
		for _, f := range groups[gk] {
			buckets[f.given] = append(buckets[f.given], f)
		}
		for _, bk := range sortedKeys(buckets) {
			b := buckets[bk]
			if len(b) < 2 {
				continue
			}
			byMid := map[string][]formRef{}
			for _, f := range b {
				byMid[f.mid] = append(byMid[f.mid], f)
			}
			mids := 0
			for m := range byMid {
				if m != "" {
					mids++
				}
			}
			for _, m := range sortedKeys(byMid) {
				fs := byMid[m]
				head := r.headForm(fs)
				for _, f := range fs {
					if f.form != head.form {
						r.joinForm(f, head)
					}
				}
			}
			if mids == 1 && len(byMid[""]) > 0 {
				plain := r.headForm(byMid[""])
				for _, m := range sortedKeys(byMid) {
					if m != "" {
						r.joinForm(r.headForm(byMid[m]), plain)
					}
				}
			}
		}
	}
}

// headForm is the form of fs with the most units (the one its variants
// are measured against), the first in key order among equals.
func (r *resolver) headForm(fs []formRef) formRef {
	best := fs[0]
	for _, f := range fs[1:] {
		if len(r.forms[f.form]) > len(r.forms[best.form]) {
			best = f
		}
	}
	return best
}

// initials merges "J. Smith" into the one person of the corpus whose
// given name starts with J and who has that surname, if there is one.
func (r *resolver) initials() {
	full := r.personForms(cPerson)
	ini := r.personForms(cInitial)
	for _, gk := range sortedKeys(ini) {
		for _, f := range ini[gk] {
			letter := f.exact
			var roots []int
			var target formRef
			for _, c := range full[gk] {
				if !strings.HasPrefix(c.exact, letter) || f.mid != "" && c.mid != "" && c.mid != f.mid {
					continue
				}
				if rt := r.find(c.unit); !slices.Contains(roots, rt) {
					roots = append(roots, rt)
					target = c
				}
			}
			if len(roots) != 1 {
				continue
			}
			if r.union(f.unit, target.unit, true) {
				for _, u := range r.forms[f.form] {
					r.setWhy(u, Initial)
				}
			}
		}
	}
}

// context is what a full-named person is known as: role heads and
// organisations, each with the number of articles stating it, out of the
// articles naming the person in full.
type context struct {
	heads, orgs map[string]int
	articles    map[string]bool
}

// support counts the articles stating one of the role heads or
// organisations of a person, when those are what the person is known by:
// stated in at least a third of the articles naming them. One article's
// slip (an extractor giving "President" to the First Lady standing beside
// him) does not make a context.
func (c *context) support(heads, orgs []string) int {
	if c == nil {
		return 0
	}
	n, best := len(c.articles), 0
	for _, h := range heads {
		if k := c.heads[h]; k > 0 && 3*k >= n {
			best = max(best, k)
		}
	}
	for _, o := range orgs {
		if k := c.orgs[o]; k > 0 && 3*k >= n {
			best = max(best, k)
		}
	}
	return best
}

// dominance is how many times more articles must state a context of one
// person than of any other of the same surname for a surname with that
// context to be taken as theirs.
const dominance = 5

// surnames resolves surname-only mentions: to the one person of that
// surname named in full in the same article; else, for persons, to the
// one person of that surname in the corpus with a role or organisation
// in common (or the only one of that surname, when the mention has no
// role or organisation). Unresolved ones are pooled by surname.
func (r *resolver) surnames() {
	byArticle := map[string][]int{} // full-named persons
	bySur := map[string][]int{}     // roots of full-named persons, by surname key
	ctx := map[int]*context{}
	for i := range r.units {
		inf := &r.info[i]
		if inf.class != cPerson && inf.class != cInitial {
			continue
		}
		byArticle[r.units[i].Article] = append(byArticle[r.units[i].Article], i)
		rt := r.find(i)
		if !slices.Contains(bySur[inf.sur], rt) {
			bySur[inf.sur] = append(bySur[inf.sur], rt)
		}
		c := ctx[rt]
		if c == nil {
			c = &context{heads: map[string]int{}, orgs: map[string]int{}, articles: map[string]bool{}}
			ctx[rt] = c
		}
		// Units are one per article and name, so a unit is an article's
		// statement of its roles; two forms of the name in one article
		// count twice, which is rare and harmless.
		c.articles[r.units[i].Article] = true
		seen := map[string]bool{}
		for _, ro := range inf.roles {
			if h := roleHead(ro); !seen[h] {
				seen[h] = true
				c.heads[h]++
			}
		}
		for _, o := range inf.orgs {
			c.orgs[o]++
		}
	}
	pools := map[string]int{}
	// Persons first, so that a surname the tagger took for an
	// organisation and no article resolves joins the pool of that
	// surname, where there is one: "Trump" alone is not an organisation.
	order := make([]int, 0, len(r.units))
	for i := range r.units {
		if r.info[i].class == cSurname {
			order = append(order, i)
		}
	}
	for i := range r.units {
		if r.info[i].orgSurname {
			order = append(order, i)
		}
	}
	for _, i := range order {
		inf := &r.info[i]
		if !inf.split && inf.sur != "" {
			// In the article.
			var roots []int
			for _, j := range byArticle[r.units[i].Article] {
				if r.info[j].sur != inf.sur {
					continue
				}
				if rt := r.find(j); !slices.Contains(roots, rt) {
					roots = append(roots, rt)
				}
			}
			// A word typed as an organisation is taken for the person
			// only when the corpus knows that person from other
			// articles too: a tagger's "Will Twitter" in a headline
			// does not make "Twitter" a person.
			if len(roots) == 1 && (!inf.orgSurname || len(r.named[r.find(roots[0])]) >= 2) {
				if r.union(i, roots[0], false) {
					r.setWhy(i, SurnameInArticle)
					continue
				}
			}
			// In the corpus, for persons the article did not tell apart.
			if len(roots) == 0 && inf.class == cSurname {
				if rt, ok := r.corpusSurname(i, bySur[inf.sur], ctx); ok && r.union(i, rt, true) {
					r.setWhy(i, SurnameInCorpus)
					continue
				}
			}
		}
		key := "s|" + inf.form
		if inf.orgSurname {
			if _, ok := pools["s|"+fold(inf.pn.Surname)+"|"]; ok && !inf.split {
				key = "s|" + fold(inf.pn.Surname) + "|"
				inf.pool = true
			} else {
				key = "o|" + inf.form
			}
		} else {
			inf.pool = true
		}
		if j, ok := pools[key]; ok {
			r.union(j, i, false)
		} else {
			pools[key] = i
		}
		if inf.pool {
			r.pools[r.find(i)] = true
		}
	}
}

// corpusSurname picks the one candidate (roots of full-named persons of
// the unit's surname) that fits the unit's gender and, if the unit has
// any, its role or organisation; without a role or organisation, the one
// candidate must be named in full in two articles or more. Several may fit a role: then the one the
// corpus states it of dominance times more often than of any other wins
// ("President Obama" is Barack Obama, though an article or two gave the
// title to the First Lady too); else none does.
func (r *resolver) corpusSurname(u int, cands []int, ctx map[int]*context) (int, bool) {
	inf := &r.info[u]
	hasCtx := len(inf.roles) > 0 || len(inf.orgs) > 0
	heads := make([]string, len(inf.roles))
	for k, ro := range inf.roles {
		heads[k] = roleHead(ro)
	}
	support := map[int]int{}
	for _, c := range cands {
		if inf.pn.Gender != GenderUnknown {
			if g := r.gender[r.find(c)]; g != GenderUnknown && g != inf.pn.Gender {
				continue
			}
		}
		n := 1
		if hasCtx {
			if n = ctx[c].support(heads, inf.orgs); n == 0 {
				continue
			}
		}
		rt := r.find(c)
		support[rt] = max(support[rt], n)
	}
	best, bn, second := -1, 0, 0
	for rt, n := range support {
		switch {
		case n > bn || n == bn && rt < best:
			second = max(second, bn)
			best, bn = rt, n
		case n > second:
			second = n
		}
	}
	switch {
	case len(support) == 1 && !hasCtx && len(r.named[r.find(best)]) < 2:
		// A bare surname and one person of that surname named in one
		// other article: too little to go on ("Hale said" in a piece on
		// New Jersey, and an Andrew Hale quoted elsewhere).
		return 0, false
	case len(support) == 1:
		return best, true
	case hasCtx && len(support) > 1 && bn >= dominance*second:
		return best, true
	}
	return 0, false
}

// orgAliases merges an organisation named only by a short form ("FEC")
// into the one organisation some article gives that short form to.
func (r *resolver) orgAliases() {
	targets := map[string][]string{} // alias key -> forms it is an alias of
	unitOf := map[string]int{}       // org form -> a unit
	for i := range r.units {
		inf := &r.info[i]
		if inf.class != cOrg || inf.orgSurname && !inf.split {
			continue
		}
		if _, ok := unitOf[inf.form]; !ok {
			unitOf[inf.form] = i
		}
		for _, al := range r.units[i].Aliases {
			c, _ := CanonicalOrganization(al)
			k := NameKey(c)
			if k != "" && k != inf.form && !slices.Contains(targets[k], inf.form) {
				targets[k] = append(targets[k], inf.form)
			}
		}
	}
	for _, k := range sortedKeys(targets) {
		t := targets[k]
		u, ok := unitOf[k]
		if len(t) != 1 || !ok || r.info[u].split {
			continue
		}
		into, ok := unitOf[t[0]]
		if !ok || r.info[into].split {
			continue
		}
		if r.union(u, into, false) {
			for i := range r.units {
				if r.info[i].class == cOrg && r.info[i].form == k {
					r.setWhy(i, ArticleAlias)
				}
			}
		}
	}
}

// tenure is when articles state that a cluster holds a role.
type tenure struct {
	root        int
	first, last time.Time
	undated     bool
	articles    map[string]bool
}

// roleHolders resolves speakers known only by a role to the one person
// the corpus shows in that role around the article's date.
func (r *resolver) roleHolders() {
	held := map[string][]*tenure{}
	for i := range r.units {
		inf := &r.info[i]
		if len(inf.roles) == 0 || inf.class != cPerson && inf.class != cInitial && inf.class != cSurname {
			continue
		}
		rt := r.find(i)
		if r.pools[rt] {
			continue
		}
		d := r.units[i].Date
		for _, k := range inf.roles {
			if !specificRole(k) || plural(k) {
				continue
			}
			var t *tenure
			for _, x := range held[k] {
				if x.root == rt {
					t = x
				}
			}
			if t == nil {
				t = &tenure{root: rt, articles: map[string]bool{}}
				held[k] = append(held[k], t)
			}
			t.articles[r.units[i].Article] = true
			switch {
			case d.IsZero():
				t.undated = true
			case t.first.IsZero():
				t.first, t.last = d, d
			default:
				if d.Before(t.first) {
					t.first = d
				}
				if d.After(t.last) {
					t.last = d
				}
			}
		}
	}
	for i := range r.units {
		inf := &r.info[i]
		if inf.class != cRole || !office(held[inf.form]) {
			continue
		}
		d := r.units[i].Date
		var roots []int
		for _, t := range held[inf.form] {
			if len(t.articles) < roleArticles {
				continue
			}
			in := d.IsZero() || t.undated && t.first.IsZero() ||
				!t.first.IsZero() && !d.Before(t.first.Add(-RoleMargin)) && !d.After(t.last.Add(RoleMargin))
			if rt := r.find(t.root); in && !slices.Contains(roots, rt) {
				roots = append(roots, rt)
			}
		}
		if len(roots) == 1 && r.union(i, roots[0], false) {
			r.setWhy(i, RoleAtDate)
		}
	}
}

// office reports whether a role is an office, held by one person at a
// time, as the corpus shows it: no two people are stated to hold it over
// overlapping periods. "Kremlin spokesman" is an office; "Republican
// presidential candidate" and "Democratic strategist" are not, and a
// speaker known only by such a role is not resolved, even when the corpus
// happens to show one holder around the date.
func office(ts []*tenure) bool {
	for a := 0; a < len(ts); a++ {
		for b := a + 1; b < len(ts); b++ {
			x, y := ts[a], ts[b]
			if x.undated || y.undated {
				return false
			}
			if !x.first.After(y.last) && !y.first.After(x.last) {
				return false
			}
		}
	}
	return true
}

// applyMerges applies the users' merge rules: every identity bearing one
// of the rule's names becomes one, named as the first name's.
func (r *resolver) applyMerges() {
	byName := map[string][]int{}
	byAlias := map[string][]int{}
	for i := range r.units {
		if r.info[i].class == cNone || r.info[i].class == cRole {
			continue
		}
		k := r.info[i].key
		byName[k] = append(byName[k], i)
		for _, al := range r.units[i].Aliases {
			ak := NameKey(al)
			byAlias[ak] = append(byAlias[ak], i)
		}
	}
	for _, ru := range r.rules {
		if ru.Kind != Merge || len(ru.Names) < 2 {
			continue
		}
		var all []int
		display := ""
		for n, nm := range ru.Names {
			us := byName[NameKey(nm)]
			if len(us) == 0 {
				us = byAlias[NameKey(nm)]
			}
			if n == 0 && len(us) > 0 {
				display = r.unitName(us)
			}
			all = append(all, us...)
		}
		if len(all) < 2 {
			continue
		}
		for _, u := range all[1:] {
			ra, rb := r.find(all[0]), r.find(u)
			if ra == rb {
				continue
			}
			joining := r.members(rb)
			r.union(ra, rb, false)
			for _, x := range joining {
				r.setWhy(x, UserRule)
			}
		}
		if display != "" {
			r.forced[r.find(all[0])] = display
		}
	}
}

// members lists the units of the cluster rooted at rt.
func (r *resolver) members(rt int) []int {
	var out []int
	for i := range r.parent {
		if r.find(i) == rt {
			out = append(out, i)
		}
	}
	return out
}

// unitName is the most frequent printed name among units.
func (r *resolver) unitName(us []int) string {
	count := map[string]int{}
	for _, u := range us {
		count[strings.TrimSpace(r.units[u].Name)] += 1 + r.units[u].Statements
	}
	return bestKey(count)
}

// bestKey returns the key with the highest count; ties go to the longer
// key, then to the smaller in byte order.
func bestKey(count map[string]int) string { return pickKey(count, true) }

// pickKey returns the key with the highest count; ties go to the longer
// key if longer is set, else to the shorter, then to the smaller in byte
// order.
func pickKey(count map[string]int, longer bool) string {
	best, bn := "", -1
	for k, n := range count {
		better := len(k) > len(best)
		if !longer {
			better = len(k) < len(best)
		}
		if n > bn || n == bn && (better || len(k) == len(best) && k < best) {
			best, bn = k, n
		}
	}
	return best
}

func (r *resolver) result() *Result {
	res := &Result{Of: make([]int, len(r.units)), Why: r.why}
	byRoot := map[int][]int{}
	var roots []int
	for i := range r.units {
		res.Of[i] = -1
		if c := r.info[i].class; c == cNone || c == cRole && r.find(i) == i && r.size[i] == 1 {
			continue
		}
		rt := r.find(i)
		if _, ok := byRoot[rt]; !ok {
			roots = append(roots, rt)
		}
		byRoot[rt] = append(byRoot[rt], i)
	}
	for _, rt := range roots {
		id := r.identity(rt, byRoot[rt])
		for _, u := range byRoot[rt] {
			res.Of[u] = len(res.Identities)
		}
		res.Identities = append(res.Identities, id)
	}
	// Units bearing the identity's own name joined it by name.
	keys := make([]string, len(res.Identities))
	for k, id := range res.Identities {
		keys[k] = NameKey(id.Name)
	}
	for i := range r.units {
		if k := res.Of[i]; k >= 0 && r.info[i].key == keys[k] {
			res.Why[i] = SameName
		}
	}
	return res
}

func (r *resolver) identity(rt int, us []int) Identity {
	id := Identity{Units: us}
	types := map[Type]int{}
	articles := map[string]bool{}
	pooled := true
	for _, u := range us {
		unit, inf := &r.units[u], &r.info[u]
		t := unit.Type
		switch inf.class {
		case cPerson, cInitial, cSurname, cRole:
			t = Person
		case cOrg:
			if inf.orgSurname && (inf.pool || r.hasWhy[u] && r.why[u] == SurnameInArticle) {
				t = Person
			} else {
				t = Organization
			}
		case cPlace:
			t = Place
		}
		types[t] += 1 + unit.Statements
		id.Statements += unit.Statements
		articles[unit.Article] = true
		if !inf.pool {
			pooled = false
		}
	}
	id.Articles = len(articles)
	id.Type = Person
	for _, t := range []Type{Organization, Place} {
		if types[t] > types[id.Type] {
			id.Type = t
		}
	}
	id.Pooled = pooled && len(articles) > 1
	id.Name = r.displayName(rt, us, id.Type)

	seen := map[string]int{NameKey(id.Name): -1}
	add := func(name string, metonym bool) {
		name = strings.TrimSpace(name)
		k := NameKey(name)
		if k == "" {
			return
		}
		if r.splits[k] && !r.bears(us, k) {
			return // a name split off belongs to its own identity
		}
		if j, ok := seen[k]; ok {
			if j >= 0 && !metonym {
				id.Aliases[j].Metonym = false
			}
			return
		}
		seen[k] = len(id.Aliases)
		id.Aliases = append(id.Aliases, Alias{Name: name, Metonym: metonym})
	}
	for _, u := range us {
		unit, inf := &r.units[u], &r.info[u]
		if inf.class == cRole {
			continue
		}
		if j, ok := seen[inf.key]; ok {
			if j >= 0 && !inf.metonym {
				id.Aliases[j].Metonym = false
			}
		} else {
			add(unit.Name, inf.metonym)
		}
		for _, al := range unit.Aliases {
			add(al, inf.metonym)
		}
	}
	slices.SortFunc(id.Aliases, func(a, b Alias) int { return cmp.Compare(a.Name, b.Name) })
	id.Roles = r.attributes(us, func(u *Unit) []string { return u.Roles }, RoleKey)
	id.Orgs = r.attributes(us, func(u *Unit) []string { return u.Orgs }, NameKey)
	return id
}

// bears reports whether one of the units has the name key k.
func (r *resolver) bears(us []int, k string) bool {
	for _, u := range us {
		if r.info[u].key == k {
			return true
		}
	}
	return false
}

// displayName names an identity: the name a rule gave it; else, for a
// person, the full name printed most (weighted by statements); for an
// organisation or place, the gazetteer's name.
func (r *resolver) displayName(rt int, us []int, t Type) string {
	if f, ok := r.forced[rt]; ok {
		return f
	}
	for _, want := range []class{cPerson, cInitial, cOrg, cPlace, cSurname} {
		count := map[string]int{}
		for _, u := range us {
			inf := &r.info[u]
			if inf.class != want {
				continue
			}
			name := strings.TrimSpace(r.units[u].Name)
			switch want {
			case cOrg:
				if t == Person && inf.orgSurname {
					continue
				}
				name, _ = CanonicalOrganization(name)
				if inf.metonym && r.units[u].Metonym != "" {
					name, _ = CanonicalOrganization(r.units[u].Metonym)
				}
			case cPlace:
				name = CanonicalPlace(name)
			case cPerson, cInitial, cSurname:
				name = inf.pn.String()
			}
			count[name] += 1 + r.units[u].Statements
		}
		if len(count) > 0 {
			// Among persons' names printed as often, the plainest:
			// "Donald Trump" rather than "Donald John Trump".
			return pickKey(count, want == cOrg || want == cPlace)
		}
	}
	return strings.TrimSpace(r.units[us[0]].Name)
}

// trimDeterminer drops a leading article from a role as printed: "the
// Kremlin spokesman" is shown as "Kremlin spokesman".
func trimDeterminer(v string) string {
	for _, d := range []string{"the ", "The ", "a ", "A ", "an ", "An "} {
		if strings.HasPrefix(v, d) && len(v) > len(d) {
			return strings.TrimSpace(v[len(d):])
		}
	}
	return v
}

func (r *resolver) attributes(us []int, get func(*Unit) []string, key func(string) string) []Attribute {
	type acc struct {
		forms       map[string]int
		articles    map[string]bool
		first, last time.Time
	}
	all := map[string]*acc{}
	for _, u := range us {
		unit := &r.units[u]
		for _, v := range get(unit) {
			v = trimDeterminer(strings.TrimSpace(v))
			k := key(v)
			if k == "" {
				continue
			}
			a := all[k]
			if a == nil {
				a = &acc{forms: map[string]int{}, articles: map[string]bool{}}
				all[k] = a
			}
			a.forms[v]++
			a.articles[unit.Article] = true
			if d := unit.Date; !d.IsZero() {
				if a.first.IsZero() || d.Before(a.first) {
					a.first = d
				}
				if d.After(a.last) {
					a.last = d
				}
			}
		}
	}
	out := make([]Attribute, 0, len(all))
	for _, a := range all {
		out = append(out, Attribute{Value: bestKey(a.forms), Articles: len(a.articles), First: a.first, Last: a.last})
	}
	slices.SortFunc(out, func(a, b Attribute) int {
		if c := cmp.Compare(b.Articles, a.Articles); c != 0 {
			return c
		}
		return cmp.Compare(a.Value, b.Value)
	})
	return out
}
