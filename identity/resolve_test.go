package identity

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// Unit constructors: article, date and the facts the article states.
func person(article, date, name string, roles ...string) Unit {
	u := Unit{Article: article, Name: name, Type: Person, Roles: roles, Statements: 1}
	if date != "" {
		u.Date = day(date)
	}
	return u
}

func org(article, name string, aliases ...string) Unit {
	return Unit{Article: article, Name: name, Type: Organization, Aliases: aliases, Statements: 1}
}

func seat(article, name, stands string) Unit {
	return Unit{Article: article, Name: name, Type: Organization, Metonym: stands}
}

func place(article, name string, aliases ...string) Unit {
	return Unit{Article: article, Name: name, Type: Place, Aliases: aliases}
}

func byRole(article, date, said string) Unit {
	u := Unit{Article: article, Type: Unknown, Said: []string{said}, Statements: 1}
	if date != "" {
		u.Date = day(date)
	}
	return u
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name  string
		units []Unit
		rules []Rule
		// same lists groups of units that must share an identity; apart
		// lists pairs that must not; none lists units with no identity.
		same  [][]int
		apart [][2]int
		none  []int
		// named gives the identity name expected for a unit.
		named map[int]string
	}{
		{
			name: "transliteration and surname",
			units: []Unit{
				person("a1", "2024-03-01", "Dmitry Peskov", "Kremlin spokesman"),
				person("a2", "2024-05-10", "Dmitri Peskov", "the Kremlin spokesman"),
				person("a3", "2024-06-01", "Dmitriy Peskov"),
				person("a4", "2024-07-02", "Peskov"),
				person("a5", "2024-07-03", "Dmitry Peskov"),
				person("a6", "2024-07-04", "Mr. Peskov"),
			},
			same:  [][]int{{0, 1, 2, 3, 4, 5}},
			named: map[int]string{3: "Dmitry Peskov"},
		},
		{
			name: "Zelensky spellings",
			units: []Unit{
				person("a1", "", "Volodymyr Zelensky"),
				person("a2", "", "Volodymyr Zelenskyy"),
				person("a3", "", "Volodymyr Zelenskiy"),
				person("a4", "", "Zelenskyy"),
			},
			same: [][]int{{0, 1, 2, 3}},
		},
		{
			name: "role at date",
			units: []Unit{
				person("a1", "2024-03-01", "Dmitry Peskov", "Kremlin spokesman"),
				person("a2", "2024-05-10", "Dmitry Peskov", "the Kremlin spokesman"),
				byRole("a3", "2024-09-15", "the Kremlin spokesman"),
				person("b1", "2005-02-01", "Alexei Gromov", "Kremlin spokesman"),
				person("b2", "2005-06-01", "Alexei Gromov", "Kremlin spokesman"),
				byRole("b3", "2005-04-01", "Kremlin spokesman"),
				byRole("c1", "2015-01-01", "Kremlin spokesman"), // nobody stated in the role then
				byRole("c2", "2024-09-15", "the spokesman"),     // not specific
				byRole("c3", "2024-09-15", "a Kremlin spokesman"),
				byRole("c4", "2024-09-15", "Kremlin spokesmen"),
			},
			same:  [][]int{{0, 1, 2}, {3, 4, 5}},
			apart: [][2]int{{0, 3}},
			none:  []int{6, 7, 8, 9},
			named: map[int]string{2: "Dmitry Peskov", 5: "Alexei Gromov"},
		},
		{
			name: "a role many hold at once is not an office",
			units: []Unit{
				person("a1", "2016-03-01", "Ted Cruz", "Republican presidential candidate"),
				person("a2", "2016-03-05", "Ted Cruz", "Republican presidential candidate"),
				person("a3", "2016-02-01", "Marco Rubio", "Republican presidential candidate"),
				person("a4", "2016-03-10", "Marco Rubio", "Republican presidential candidate"),
				byRole("a5", "2016-03-12", "the Republican presidential candidate"),
			},
			none: []int{4},
		},
		{
			name: "a role stated once does not resolve",
			units: []Unit{
				person("a1", "2016-03-01", "Alwaleed bin Talal", "Saudi prince"),
				byRole("a2", "2016-03-12", "the Saudi prince"),
			},
			none: []int{1},
		},
		{
			name: "two Smiths stay apart",
			units: []Unit{
				person("a1", "", "John Smith", "senator from Ohio"),
				person("a2", "", "Jane Smith", "nurse at the hospital"),
				person("a3", "", "Smith"),
				person("a4", "", "Smith"),
				person("a5", "", "Smith", "Senator"),
				person("a6", "", "Mrs. Smith"),
				person("a7", "", "J. Smith"),
			},
			same:  [][]int{{0, 4}, {2, 3, 5}},
			apart: [][2]int{{0, 1}, {1, 2}, {0, 2}, {0, 6}, {1, 6}, {2, 6}},
			named: map[int]string{2: "Smith", 4: "John Smith"},
		},
		{
			name: "one Smith: the surname and the initial are his",
			units: []Unit{
				person("a1", "", "John Smith", "senator"),
				person("a2", "", "Smith"),
				person("a3", "", "J. Smith"),
			},
			same: [][]int{{0, 1, 2}},
		},
		{
			name: "a bare surname needs more than a one-article namesake",
			units: []Unit{
				person("a1", "", "Andrew Hale"),
				person("a2", "", "Hale"),
				person("a3", "", "Sonia Sotomayor"),
				person("a4", "", "Sonia Sotomayor"),
				person("a5", "", "Sotomayor"),
			},
			same:  [][]int{{2, 3, 4}},
			apart: [][2]int{{0, 1}},
		},
		{
			name: "a K. Smith makes the surname ambiguous, not the initial",
			units: []Unit{
				person("a1", "", "John Smith", "senator"),
				person("a2", "", "Smith"),
				person("a3", "", "J. Smith"),
				person("a4", "", "K. Smith"),
			},
			same:  [][]int{{0, 2}},
			apart: [][2]int{{0, 1}, {0, 3}, {1, 3}},
		},
		{
			name: "surname resolved in its article first",
			units: []Unit{
				person("a1", "", "John Smith"),
				person("a2", "", "Jane Smith"),
				person("a2", "", "Smith"), // a2 names Jane: she is its Smith
				person("a3", "", "Bill Clinton"),
				person("a3", "", "Hillary Clinton"),
				person("a3", "", "Clinton"), // a3 names two Clintons: none
			},
			same:  [][]int{{1, 2}},
			apart: [][2]int{{0, 1}, {3, 4}, {3, 5}, {4, 5}},
		},
		{
			name: "middle names and initials",
			units: []Unit{
				person("a1", "", "Donald J. Trump"),
				person("a2", "", "Donald Trump"),
				person("a3", "", "Donald John Trump"),
				person("a4", "", "Donald Trump Jr."),
				person("a5", "", "Hillary Rodham Clinton"),
				person("a6", "", "Hillary Clinton"),
				person("a7", "", "George W. Bush"),
				person("a8", "", "George H. W. Bush"),
				person("a9", "", "George Bush"),
			},
			same:  [][]int{{0, 1, 2}, {4, 5}},
			apart: [][2]int{{1, 3}, {6, 7}, {6, 8}, {7, 8}},
			named: map[int]string{0: "Donald Trump", 4: "Hillary Clinton"},
		},
		{
			name: "nicknames",
			units: []Unit{
				person("a1", "", "Joe Biden", "Vice President"),
				person("a2", "", "Joseph R. Biden", "Vice President"),
				person("a3", "", "Bill Clinton"),
				person("a4", "", "William Jefferson Clinton"),
				person("a5", "", "Hillary Clinton"),
				person("a6", "", "Bob Mason", "retired letter carrier"),
				person("a7", "", "Robert Mason", "professor of history"),
			},
			same:  [][]int{{0, 1}, {2, 3}},
			apart: [][2]int{{2, 4}, {5, 6}},
		},
		{
			name: "an article that tells two names apart keeps them apart",
			units: []Unit{
				person("a1", "", "Kelly Smith"),
				person("a1", "", "Kelli Smith"),
				person("a2", "", "Kelly Smith"),
				person("a3", "", "Kelli Smith"),
			},
			same:  [][]int{{0, 2}, {1, 3}},
			apart: [][2]int{{0, 1}},
		},
		{
			name: "Trump the person and the Trump campaign",
			units: []Unit{
				person("a1", "", "Donald Trump"),
				org("a1", "Trump"), // a tagger's slip: the person
				person("a2", "", "Donald Trump"),
				org("a3", "Trump campaign"),
				org("a4", "Trump campaign"),
				org("a5", "Trump"), // no person in a5: stays an organisation
			},
			same:  [][]int{{0, 1, 2}, {3, 4}},
			apart: [][2]int{{0, 3}, {0, 5}, {3, 5}},
			named: map[int]string{1: "Donald Trump", 3: "Trump campaign"},
		},
		{
			name: "a surname taken for an organisation joins the surname's pool",
			units: []Unit{
				person("a1", "", "Donald Trump"), person("a2", "", "Ivanka Trump"),
				person("a3", "", "Trump"), // which Trump: a pool
				org("a4", "Trump"),        // the same name, mistyped
				org("a5", "Acme"),         // no person is named Acme
				org("a6", "Acme"),
			},
			same:  [][]int{{2, 3}, {4, 5}},
			apart: [][2]int{{0, 2}, {1, 2}, {2, 4}},
			named: map[int]string{3: "Trump", 4: "Acme"},
		},
		{
			name: "organisations and metonyms",
			units: []Unit{
				org("a1", "Foreign Intelligence Service of Russia", "SVR", "Russia's Foreign Intelligence Service"),
				org("a2", "SVR"),
				org("a3", "Russia's Foreign Intelligence Service"),
				seat("a4", "Kremlin", "Russian presidency"),
				org("a4", "Russian presidency"),
				org("a5", "the Kremlin"),
				place("a6", "Russia"),
				org("a7", "Federal Election Commission", "FEC"),
				org("a8", "FEC"),
			},
			same:  [][]int{{0, 1, 2}, {3, 4, 5}, {7, 8}},
			apart: [][2]int{{3, 6}, {0, 3}},
			named: map[int]string{1: "Foreign Intelligence Service of Russia", 5: "Russian presidency", 6: "Russia", 8: "Federal Election Commission"},
		},
		{
			name: "places",
			units: []Unit{
				place("a1", "Kiev"),
				place("a2", "Kyiv", "Kiev"),
				place("a3", "Kharkov"),
				place("a4", "Kharkiv"),
				place("a5", "Lviv"),
			},
			same:  [][]int{{0, 1}, {2, 3}},
			apart: [][2]int{{0, 2}, {2, 4}},
			named: map[int]string{0: "Kyiv", 2: "Kharkiv"},
		},
		{
			name: "user rules",
			units: []Unit{
				person("a1", "", "Bob"),
				person("a2", "", "Bob Woodward"),
				person("a3", "", "Dmitry Peskov"),
				person("a4", "", "Peskov"),
				person("a5", "", "Dmitri Peskov"),
			},
			rules: []Rule{
				{Kind: Merge, Names: []string{"Bob Woodward", "Bob"}},
				{Kind: Split, Names: []string{"Peskov"}},
				{Kind: Split, Names: []string{"Dmitri Peskov"}},
			},
			same:  [][]int{{0, 1}},
			apart: [][2]int{{2, 3}, {2, 4}, {3, 4}},
			named: map[int]string{0: "Bob Woodward"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := Resolve(tc.units, tc.rules)
			if len(res.Of) != len(tc.units) || len(res.Why) != len(tc.units) {
				t.Fatalf("Of/Why have %d/%d entries for %d units", len(res.Of), len(res.Why), len(tc.units))
			}
			desc := func(u int) string {
				if res.Of[u] < 0 {
					return fmt.Sprintf("unit %d %q: no identity", u, tc.units[u].Name)
				}
				return fmt.Sprintf("unit %d %q: %q (%s)", u, tc.units[u].Name, res.Identities[res.Of[u]].Name, res.Why[u])
			}
			for _, g := range tc.same {
				for _, u := range g[1:] {
					if res.Of[u] < 0 || res.Of[u] != res.Of[g[0]] {
						t.Errorf("want one identity: %s; %s", desc(g[0]), desc(u))
					}
				}
			}
			for _, p := range tc.apart {
				if res.Of[p[0]] >= 0 && res.Of[p[0]] == res.Of[p[1]] {
					t.Errorf("want apart: %s; %s", desc(p[0]), desc(p[1]))
				}
			}
			for _, u := range tc.none {
				if res.Of[u] >= 0 {
					t.Errorf("want no identity: %s", desc(u))
				}
			}
			for u, want := range tc.named {
				if res.Of[u] < 0 || res.Identities[res.Of[u]].Name != want {
					t.Errorf("want %q: %s", want, desc(u))
				}
			}
			// Every identity lists exactly its units.
			seen := 0
			for k, id := range res.Identities {
				for _, u := range id.Units {
					if res.Of[u] != k {
						t.Errorf("identity %d %q lists unit %d, whose identity is %d", k, id.Name, u, res.Of[u])
					}
					seen++
				}
			}
			for u := range tc.units {
				if res.Of[u] >= 0 {
					seen--
				}
			}
			if seen != 0 {
				t.Errorf("identities list %d units more than have an identity", seen)
			}
		})
	}
}

func TestResolvePooled(t *testing.T) {
	res := Resolve([]Unit{
		person("a1", "", "John Smith"), person("a2", "", "Jane Smith"),
		person("a3", "", "Smith"), person("a4", "", "Smith"), org("a5", "Smith"),
	}, nil)
	id := res.Identities[res.Of[2]]
	if !id.Pooled || id.Name != "Smith" || id.Articles != 3 || id.Type != Person || res.Of[4] != res.Of[2] {
		t.Errorf("surname pool: %+v, want a pooled person Smith over 3 articles", id)
	}
	if res.Identities[res.Of[0]].Pooled {
		t.Errorf("John Smith marked pooled")
	}
}

func TestResolveAttributes(t *testing.T) {
	res := Resolve([]Unit{
		person("a1", "2024-03-01", "Dmitry Peskov", "Kremlin spokesman"),
		person("a2", "2024-05-10", "Dmitri Peskov", "the Kremlin spokesman", "press secretary"),
		person("a3", "2012-05-10", "Dmitry Peskov", "Putin's press secretary"),
		person("a4", "", "Dmitry Peskov", "Kremlin Spokesman"),
	}, nil)
	if len(res.Identities) != 1 {
		t.Fatalf("%d identities, want 1", len(res.Identities))
	}
	id := res.Identities[0]
	if id.Statements != 4 || id.Articles != 4 {
		t.Errorf("statements %d, articles %d; want 4, 4", id.Statements, id.Articles)
	}
	got := map[string]Attribute{}
	for _, a := range id.Roles {
		got[RoleKey(a.Value)] = a
	}
	ks := got["kremlin spokesman"]
	if ks.Articles != 3 || !ks.First.Equal(day("2024-03-01")) || !ks.Last.Equal(day("2024-05-10")) {
		t.Errorf("Kremlin spokesman: %+v; want 3 articles, 2024-03-01 to 2024-05-10", ks)
	}
	if ps := got["press secretary"]; ps.Articles != 1 {
		t.Errorf("press secretary: %+v", ps)
	}
	if len(id.Roles) != 3 || id.Roles[0].Value != "Kremlin spokesman" {
		t.Errorf("roles %+v: want 3, the most stated first", id.Roles)
	}
	var names []string
	for _, a := range id.Aliases {
		names = append(names, a.Name)
	}
	if strings.Join(names, "|") != "Dmitri Peskov" {
		t.Errorf("aliases %v, want [Dmitri Peskov]", names)
	}
}

func TestResolveMetonymAlias(t *testing.T) {
	res := Resolve([]Unit{seat("a1", "Kremlin", "Russian presidency"), org("a2", "Russian presidency")}, nil)
	if len(res.Identities) != 1 {
		t.Fatalf("%d identities, want 1", len(res.Identities))
	}
	id := res.Identities[0]
	if id.Name != "Russian presidency" || len(id.Aliases) != 1 || id.Aliases[0] != (Alias{Name: "Kremlin", Metonym: true}) {
		t.Errorf("got %q aka %+v; want Russian presidency aka Kremlin (metonym)", id.Name, id.Aliases)
	}
	if res.Why[0] != Metonymy {
		t.Errorf("Kremlin joined by %s, want metonymy", res.Why[0])
	}
}

func TestResolveEmpty(t *testing.T) {
	res := Resolve(nil, []Rule{{Kind: Merge, Names: []string{"a", "b"}}})
	if len(res.Identities) != 0 || len(res.Of) != 0 {
		t.Errorf("got %+v", res)
	}
	res = Resolve([]Unit{{}, {Name: "   ", Type: Person}, {Type: Unknown, Said: []string{"he"}}}, nil)
	for u, k := range res.Of {
		if k != -1 {
			t.Errorf("unit %d has identity %d", u, k)
		}
	}
}

// The result does not depend on the order of the units.
func TestResolveOrder(t *testing.T) {
	units := []Unit{
		person("a1", "2024-03-01", "Dmitry Peskov", "Kremlin spokesman"),
		person("a2", "2024-05-10", "Dmitri Peskov", "Kremlin spokesman"),
		byRole("a3", "2024-09-15", "the Kremlin spokesman"),
		person("a4", "", "Peskov"),
		person("a5", "", "John Smith"), person("a6", "", "Jane Smith"), person("a7", "", "Smith"),
		person("a8", "", "J. Smith"), org("a9", "SVR"), org("a10", "Foreign Intelligence Service of Russia"),
	}
	want := partition(units, Resolve(units, nil))
	for k := 0; k < 5; k++ {
		perm := make([]Unit, len(units))
		for i := range units {
			perm[i] = units[(i*7+k)%len(units)]
		}
		if got := partition(perm, Resolve(perm, nil)); got != want {
			t.Errorf("permutation %d:\n got %s\nwant %s", k, got, want)
		}
	}
}

// partition writes the identities as sets of "article/name", sorted.
func partition(units []Unit, res *Result) string {
	groups := map[int][]string{}
	for u, k := range res.Of {
		groups[k] = append(groups[k], units[u].Article+"/"+units[u].Name)
	}
	var out []string
	for _, g := range groups {
		sortStrings(g)
		out = append(out, strings.Join(g, ","))
	}
	sortStrings(out)
	return strings.Join(out, " | ")
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
