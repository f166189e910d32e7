package gazetteer_test

import (
	"strings"
	"testing"

	"github.com/saywho/saywho/gazetteer"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		name      string
		ok        bool
		kind      gazetteer.Kind
		canonical string
		country   string
		ambiguous bool
	}{
		// Countries by every kind of name.
		{"Japan", true, gazetteer.Country, "Japan", "", false},
		{"Russia", true, gazetteer.Country, "Russia", "", false},
		{"Russian Federation", true, gazetteer.Country, "Russia", "", false},
		{"United States", true, gazetteer.Country, "United States", "", false},
		{"US", true, gazetteer.Country, "United States", "", false},
		{"U.S.", true, gazetteer.Country, "United States", "", false},
		{"U. S. A.", true, gazetteer.Country, "United States", "", false},
		{"USA", true, gazetteer.Country, "United States", "", false},
		{"America", true, gazetteer.Country, "United States", "", true},
		{"the States", true, gazetteer.Country, "United States", "", true},
		{"UK", true, gazetteer.Country, "United Kingdom", "", false},
		{"U.K.", true, gazetteer.Country, "United Kingdom", "", false},
		{"Britain", true, gazetteer.Country, "United Kingdom", "", false},
		{"Great Britain", true, gazetteer.Country, "United Kingdom", "", false},
		{"Burma", true, gazetteer.Country, "Myanmar", "", false},
		{"Ivory Coast", true, gazetteer.Country, "Ivory Coast", "", false},
		{"Côte d'Ivoire", true, gazetteer.Country, "Ivory Coast", "", false},
		{"COTE D’IVOIRE", true, gazetteer.Country, "Ivory Coast", "", false},
		{"Czechia", true, gazetteer.Country, "Czech Republic", "", false},
		{"Türkiye", true, gazetteer.Country, "Turkey", "", false},
		{"Turkiye", true, gazetteer.Country, "Turkey", "", false},
		{"the Netherlands", true, gazetteer.Country, "Netherlands", "", false},
		{"Georgia", true, gazetteer.Country, "Georgia", "", true},
		{"Jordan", true, gazetteer.Country, "Jordan", "", true},
		{"Guinea-Bissau", true, gazetteer.Country, "Guinea-Bissau", "", false},
		{"Guinea Bissau", true, gazetteer.Country, "Guinea-Bissau", "", false},
		{"DRC", true, gazetteer.Country, "Democratic Republic of the Congo", "", false},
		{"Hong Kong", true, gazetteer.Territory, "Hong Kong", "China", false},
		{"Greenland", true, gazetteer.Territory, "Greenland", "Denmark", false},
		// Capitals and their variants.
		{"Kyiv", true, gazetteer.Capital, "Kyiv", "Ukraine", false},
		{"Kiev", true, gazetteer.Capital, "Kyiv", "Ukraine", false},
		{"Tokyo", true, gazetteer.Capital, "Tokyo", "Japan", false},
		{"Peking", true, gazetteer.Capital, "Beijing", "China", false},
		{"Washington", true, gazetteer.Capital, "Washington", "United States", true},
		{"Washington, D.C.", true, gazetteer.Capital, "Washington", "United States", false},
		{"Nur-Sultan", true, gazetteer.Capital, "Astana", "Kazakhstan", false},
		{"Bucharest", true, gazetteer.Capital, "Bucharest", "Romania", false},
		{"Kingston", true, gazetteer.Capital, "Kingston", "Jamaica", true}, // and Norfolk Island
		{"Luxembourg", true, gazetteer.Country, "Luxembourg", "", false},
		// Cities and regions.
		{"Kharkov", true, gazetteer.City, "Kharkiv", "Ukraine", false},
		{"Bombay", true, gazetteer.City, "Mumbai", "India", false},
		{"Rangoon", true, gazetteer.City, "Yangon", "Myanmar", false},
		{"Aleppo", true, gazetteer.City, "Aleppo", "Syria", false},
		{"Donbass", true, gazetteer.Region, "Donbas", "Ukraine", false},
		// Seats.
		{"the Kremlin", true, gazetteer.Seat, "Kremlin", "Russia", false},
		{"Kremlin", true, gazetteer.Seat, "Kremlin", "Russia", false},
		{"The White House", true, gazetteer.Seat, "White House", "United States", false},
		{"Elysee", true, gazetteer.Seat, "Élysée", "France", false},
		{"Downing Street", true, gazetteer.Seat, "Downing Street", "United Kingdom", false},
		{"No. 10", true, gazetteer.Seat, "Downing Street", "United Kingdom", false},
		{"Foggy Bottom", true, gazetteer.Seat, "Foggy Bottom", "United States", false},
		{"Zhongnanhai", true, gazetteer.Seat, "Zhongnanhai", "China", false},
		// Organisations and national bodies.
		{"SVR", true, gazetteer.Agency, "Foreign Intelligence Service of Russia", "Russia", false},
		{"Russia's Foreign Intelligence Service", true, gazetteer.Agency, "Foreign Intelligence Service of Russia", "Russia", false},
		{"Russian Foreign Intelligence Service", true, gazetteer.Agency, "Foreign Intelligence Service of Russia", "Russia", false},
		{"FSB", true, gazetteer.Agency, "Federal Security Service", "Russia", false},
		{"MI6", true, gazetteer.Agency, "MI6", "United Kingdom", false},
		{"Mossad", true, gazetteer.Agency, "Mossad", "Israel", false},
		{"Pentagon", true, gazetteer.Seat, "Pentagon", "United States", false},
		{"Ministry of Defence", true, gazetteer.Agency, "Ministry of Defence", "United Kingdom", false},
		{"Russian Defence Ministry", true, gazetteer.Agency, "Russian Defense Ministry", "Russia", false},
		{"NATO", true, gazetteer.Organization, "North Atlantic Treaty Organization", "", false},
		{"Nato", true, gazetteer.Organization, "North Atlantic Treaty Organization", "", false},
		{"CSTO", true, gazetteer.Organization, "Collective Security Treaty Organization", "", false},
		{"World Health Organisation", true, gazetteer.Organization, "World Health Organization", "", false},
		{"OPEC+", true, gazetteer.Organization, "OPEC+", "", false},
		{"OPEC", true, gazetteer.Organization, "Organization of the Petroleum Exporting Countries", "", false},
		{"G-20", true, gazetteer.Organization, "Group of Twenty", "", false},
		{"ICC", true, gazetteer.Organization, "International Criminal Court", "", true},
		// Governments and demonyms.
		{"Japanese government", true, gazetteer.Government, "Government of Japan", "Japan", false},
		{"the government of Japan", true, gazetteer.Government, "Government of Japan", "Japan", false},
		{"UK government", true, gazetteer.Government, "Government of the United Kingdom", "United Kingdom", false},
		{"Japanese", true, gazetteer.Nationality, "Japanese", "Japan", false},
		{"Russians", true, gazetteer.Nationality, "Russian", "Russia", false},
		{"Congolese", true, gazetteer.Nationality, "Congolese", "Democratic Republic of the Congo", true},
		// Possessives.
		{"Tokyo's", true, gazetteer.Capital, "Tokyo", "Japan", false},
		{"the Kremlin’s", true, gazetteer.Seat, "Kremlin", "Russia", false},
		// Case rules: acronyms in capitals, common words capitalised.
		{"us", false, 0, "", "", false},
		{"who", false, 0, "", "", false},
		{"Who", false, 0, "", "", false},
		{"WHO", true, gazetteer.Organization, "World Health Organization", "", false},
		{"nato", false, 0, "", "", false},
		{"turkey", false, 0, "", "", false},
		{"Turkey", true, gazetteer.Country, "Turkey", "", false},
		{"TURKEY", true, gazetteer.Country, "Turkey", "", false},
		{"chad", false, 0, "", "", false},
		{"the white house", false, 0, "", "", false},
		{"the states", false, 0, "", "", false},
		{"male", false, 0, "", "", false},
		{"japan", false, 0, "", "", false},
		{"kyiv", true, gazetteer.Capital, "Kyiv", "Ukraine", false},
		{"dod", false, 0, "", "", false},
		{"DoD", true, gazetteer.Agency, "United States Department of Defense", "United States", false},
		// Not names, or not whole names.
		{"", false, 0, "", "", false},
		{"the", false, 0, "", "", false},
		{"Peskov", false, 0, "", "", false},
		{"United", false, 0, "", "", false},
		{"IN", false, 0, "", "", false}, // an ISO code, not a name: see ByCode
		{"States", false, 0, "", "", false},
	}
	for _, tt := range tests {
		e, ok := gazetteer.Lookup(tt.name)
		if ok != tt.ok {
			t.Errorf("Lookup(%q): ok = %v, want %v (got %+v)", tt.name, ok, tt.ok, e)
			continue
		}
		if !ok {
			continue
		}
		if e.Kind != tt.kind || e.Name != tt.canonical || e.Country != tt.country || e.Ambiguous != tt.ambiguous {
			t.Errorf("Lookup(%q) = %v %q country %q ambiguous %v; want %v %q country %q ambiguous %v",
				tt.name, e.Kind, e.Name, e.Country, e.Ambiguous, tt.kind, tt.canonical, tt.country, tt.ambiguous)
		}
	}
}

func TestCanonical(t *testing.T) {
	same := [][]string{
		{"Kyiv", "Kiev", "KIEV", "kiev"},
		{"United States", "U.S.", "US", "USA", "United States of America", "the U.S."},
		{"Foreign Intelligence Service of Russia", "SVR", "Russian Foreign Intelligence Service"},
		{"Beijing", "Peking"},
		{"Mumbai", "Bombay"},
		{"Myanmar", "Burma"},
		{"Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"},
		{"Czech Republic", "Czechia"},
		{"Turkey", "Türkiye"},
		{"Kharkiv", "Kharkov"},
		{"Élysée", "Elysee", "the Élysée"},
	}
	for _, group := range same {
		for _, n := range group {
			if got := gazetteer.Canonical(n); got != group[0] {
				t.Errorf("Canonical(%q) = %q, want %q", n, got, group[0])
			}
		}
	}
	if got := gazetteer.Canonical("Dmitry Peskov"); got != "Dmitry Peskov" {
		t.Errorf("Canonical of an unknown name = %q, want it unchanged", got)
	}
}

func TestMetonym(t *testing.T) {
	tests := []struct {
		name, stands string
		ok           bool
	}{
		{"Tokyo", "Government of Japan", true},
		{"Tokyo's", "Government of Japan", true},
		{"Moscow", "Government of Russia", true},
		{"Washington", "Government of the United States", true},
		{"Kiev", "Government of Ukraine", true},
		{"Bucharest", "Government of Romania", true},
		{"the Kremlin", "Russian presidency", true},
		{"White House", "US presidency", true},
		{"the Pentagon", "United States Department of Defense", true},
		{"Capitol Hill", "United States Congress", true},
		{"Downing Street", "British prime minister's office", true},
		{"Brussels", "European Union", true}, // the seat wins over Belgium's capital
		{"The Hague", "Government of the Netherlands", true},
		{"Japan", "", false},
		{"Kharkiv", "", false},
		{"NATO", "", false},
		{"tokyo", "Government of Japan", true},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := gazetteer.Metonym(tt.name)
		if got != tt.stands || ok != tt.ok {
			t.Errorf("Metonym(%q) = %q, %v; want %q, %v", tt.name, got, ok, tt.stands, tt.ok)
		}
	}
}

func TestDemonym(t *testing.T) {
	tests := []struct{ adj, country string }{
		{"Japanese", "Japan"},
		{"Russian", "Russia"},
		{"Russians", "Russia"},
		{"American", "United States"},
		{"British", "United Kingdom"},
		{"Briton", "United Kingdom"},
		{"Ukrainian", "Ukraine"},
		{"Syrian", "Syria"},
		{"Romanian", "Romania"},
		{"Kazakh", "Kazakhstan"},
		{"Azeri", "Azerbaijan"},
		{"Filipino", "Philippines"},
		{"Dutch", "Netherlands"},
		{"French", "France"},
		{"Ivorian", "Ivory Coast"},
		{"Burkinabé", "Burkina Faso"},
		{"Saudi", "Saudi Arabia"},
	}
	for _, tt := range tests {
		got, ok := gazetteer.Demonym(tt.adj)
		if !ok || got != tt.country {
			t.Errorf("Demonym(%q) = %q, %v; want %q", tt.adj, got, ok, tt.country)
		}
	}
	for _, adj := range []string{"Japan", "Kremlin", "Peskov", "", "polish"} {
		if got, ok := gazetteer.Demonym(adj); ok {
			t.Errorf("Demonym(%q) = %q, want none", adj, got)
		}
	}
}

func TestLookupTokens(t *testing.T) {
	tests := []struct {
		text string // tokens separated by single spaces
		n    int
		name string
	}{
		{"the Kremlin said", 2, "Kremlin"},
		{"Kremlin spokesman Dmitry Peskov", 1, "Kremlin"},
		{"U . S . officials", 4, "United States"},
		{"U.S. officials", 1, "United States"},
		{"US-made missiles", 0, ""},
		{"US - made", 1, "United States"},
		{"Russia 's Foreign Intelligence Service ( SVR )", 5, "Foreign Intelligence Service of Russia"},
		{"Russia's Foreign Intelligence Service", 4, "Foreign Intelligence Service of Russia"},
		{"Russia 's response", 2, "Russia"},
		{"Tokyo's unfriendly actions", 1, "Tokyo"},
		{"United States of America and", 4, "United States"},
		{"the United States", 3, "United States"},
		{"United Nations Security Council members", 4, "United Nations Security Council"},
		{"United Nations officials", 2, "United Nations"},
		{"Guinea - Bissau", 3, "Guinea-Bissau"},
		{"Papua New Guinea", 3, "Papua New Guinea"},
		{"New York Times", 2, "New York"},
		{"Japan .", 1, "Japan"},
		{"Japan , Russia", 1, "Japan"},
		{"Washington , D.C. , officials", 3, "Washington"},
		{"Washington , the capital", 1, "Washington"},
		{"The Hague", 2, "The Hague"},
		{"the Japanese government", 3, "Government of Japan"},
		{"Japanese Prime Minister", 1, "Japanese"},
		{"Washington 's decision", 2, "Washington"},
		{"said that", 0, ""},
		{"the", 0, ""},
		{", Russia", 0, ""},
		{". U.S.", 0, ""},
		{"the , Kremlin", 0, ""},
		{"who said", 0, ""},
		{"", 0, ""},
	}
	for _, tt := range tests {
		var words []string
		if tt.text != "" {
			words = strings.Split(tt.text, " ")
		}
		n, e, ok := gazetteer.LookupTokens(words)
		if n != tt.n || e.Name != tt.name || ok != (tt.n > 0) {
			t.Errorf("LookupTokens(%q) = %d %q %v; want %d %q", tt.text, n, e.Name, ok, tt.n, tt.name)
		}
	}
}

func TestByCodeAndGovernment(t *testing.T) {
	for _, c := range []string{"JP", "jp", "JPN"} {
		if e, ok := gazetteer.ByCode(c); !ok || e.Name != "Japan" {
			t.Errorf("ByCode(%q) = %q, %v", c, e.Name, ok)
		}
	}
	if _, ok := gazetteer.ByCode("ZZ"); ok {
		t.Error("ByCode(ZZ) found something")
	}
	for _, c := range []string{"Japan", "Nippon", "Government of Japan", "Japanese government"} {
		if e, ok := gazetteer.GovernmentOf(c); !ok || e.Name != "Government of Japan" || e.Kind != gazetteer.Government {
			t.Errorf("GovernmentOf(%q) = %q %v, %v", c, e.Name, e.Kind, ok)
		}
	}
	if e, ok := gazetteer.GovernmentOf("the Netherlands"); !ok || e.Name != "Government of the Netherlands" {
		t.Errorf("GovernmentOf(the Netherlands) = %q, %v", e.Name, ok)
	}
	if _, ok := gazetteer.GovernmentOf("Tokyo"); ok {
		t.Error("GovernmentOf(Tokyo) found a government; a capital is not a country")
	}
}

func TestLookupAll(t *testing.T) {
	all := gazetteer.LookupAll("Brussels")
	var kinds []string
	for _, e := range all {
		kinds = append(kinds, e.Kind.String()+":"+e.Name)
	}
	if got, want := strings.Join(kinds, ","), "capital:Brussels,seat:Brussels"; got != want {
		t.Errorf("LookupAll(Brussels) = %s, want %s", got, want)
	}
	if got := gazetteer.LookupAll("nothing at all"); got != nil {
		t.Errorf("LookupAll(unknown) = %v", got)
	}
}

// TestData checks the invariants of the embedded data that the API relies
// on, over every entry.
func TestData(t *testing.T) {
	names := map[string]bool{}
	counts := map[gazetteer.Kind]int{}
	for e := range gazetteer.All() {
		names[e.Name] = true
		counts[e.Kind]++
	}
	for k, min := range map[gazetteer.Kind]int{
		gazetteer.Country: 195, gazetteer.Territory: 40, gazetteer.Capital: 240,
		gazetteer.Seat: 40, gazetteer.Organization: 100, gazetteer.Agency: 80,
		gazetteer.Government: 230, gazetteer.Nationality: 200, gazetteer.City: 100,
	} {
		if counts[k] < min {
			t.Errorf("%d %v entries, want at least %d", counts[k], k, min)
		}
	}
	for e := range gazetteer.All() {
		if e.Stands != "" && !names[e.Stands] {
			t.Errorf("%v %q stands for %q, which is no entry", e.Kind, e.Name, e.Stands)
		}
		if e.Parent != "" && !names[e.Parent] {
			t.Errorf("%v %q has parent %q, which is no entry", e.Kind, e.Name, e.Parent)
		}
		switch e.Kind {
		case gazetteer.Seat:
			if e.Stands == "" {
				t.Errorf("seat %q stands for nothing", e.Name)
			}
		case gazetteer.Country:
			if len(e.ISO2) != 2 || len(e.ISO3) != 3 {
				t.Errorf("country %q has codes %q %q", e.Name, e.ISO2, e.ISO3)
			}
			if _, ok := gazetteer.GovernmentOf(e.Name); !ok && !e.Ambiguous {
				t.Errorf("country %q has no government", e.Name)
			}
		case gazetteer.Agency, gazetteer.Capital, gazetteer.Nationality, gazetteer.Government:
			if e.Country == "" {
				t.Errorf("%v %q has no country", e.Kind, e.Name)
			}
		}
		if e.Country != "" && !names[e.Country] {
			t.Errorf("%v %q: country %q is no entry", e.Kind, e.Name, e.Country)
		}
		// Every name of an entry finds it (unless only in capitals).
		for _, n := range append([]string{e.Name, e.Acronym}, e.Aliases...) {
			if n == "" {
				continue
			}
			if !findsEntry(n, e) {
				t.Errorf("%q does not find %v %q", n, e.Kind, e.Name)
			}
		}
	}
}

func findsEntry(n string, e gazetteer.Entry) bool {
	for _, q := range []string{n, strings.ToUpper(n)} {
		for _, f := range gazetteer.LookupAll(q) {
			if f.Name == e.Name && f.Kind == e.Kind && f.Country == e.Country {
				return true
			}
		}
	}
	return false
}

func TestKindText(t *testing.T) {
	for k := gazetteer.Country; k <= gazetteer.Nationality; k++ {
		b, err := k.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back gazetteer.Kind
		if err := back.UnmarshalText(b); err != nil || back != k {
			t.Errorf("kind %v: round trip gave %v, %v", k, back, err)
		}
	}
	if _, err := gazetteer.Kind(0).MarshalText(); err == nil {
		t.Error("Kind(0).MarshalText: no error")
	}
	if _, err := gazetteer.ParseKind("planet"); err == nil {
		t.Error("ParseKind(planet): no error")
	}
}

func TestNoAllocations(t *testing.T) {
	gazetteer.Lookup("Japan") // load
	words := strings.Split("the Kremlin said that Russia 's Foreign Intelligence Service ( SVR )", " ")
	for name, fn := range map[string]func(){
		"Lookup":       func() { gazetteer.Lookup("Russia's Foreign Intelligence Service") },
		"LookupMiss":   func() { gazetteer.Lookup("Dmitry Peskov") },
		"Metonym":      func() { gazetteer.Metonym("the Kremlin") },
		"Demonym":      func() { gazetteer.Demonym("Japanese") },
		"Canonical":    func() { gazetteer.Canonical("Kiev") },
		"LookupTokens": func() { gazetteer.LookupTokens(words) },
		"LookupTokens5": func() {
			gazetteer.LookupTokens(words[5:])
		},
	} {
		if a := testing.AllocsPerRun(100, fn); a != 0 {
			t.Errorf("%s: %v allocations per call, want 0", name, a)
		}
	}
}
