package identity

import (
	"slices"
	"testing"

	saywho "github.com/saywho/saywho"
)

func TestParseName(t *testing.T) {
	tests := []struct {
		in      string
		given   string
		middle  []string
		surname string
		suffix  string
		gender  Gender
	}{
		{"Dmitry Peskov", "Dmitry", nil, "Peskov", "", GenderUnknown},
		{"Peskov", "", nil, "Peskov", "", GenderUnknown},
		{"Peskov's", "", nil, "Peskov", "", GenderUnknown},
		{"Peskov’s", "", nil, "Peskov", "", GenderUnknown},
		{"Mr. Trump", "", nil, "Trump", "", Male},
		{"Mrs. Clinton", "", nil, "Clinton", "", Female},
		{"Sen. Rand Paul", "Rand", nil, "Paul", "", GenderUnknown},
		{"President Barack Obama", "Barack", nil, "Obama", "", GenderUnknown},
		{"Donald J. Trump", "Donald", []string{"J."}, "Trump", "", GenderUnknown},
		{"Donald Trump Jr.", "Donald", nil, "Trump", "Jr.", GenderUnknown},
		{"Donald Trump, Jr.", "Donald", nil, "Trump", "Jr.", GenderUnknown},
		{"Hillary Rodham Clinton", "Hillary", []string{"Rodham"}, "Clinton", "", GenderUnknown},
		{"George H. W. Bush", "George", []string{"H.", "W."}, "Bush", "", GenderUnknown},
		{"J.K. Rowling", "J.", []string{"K."}, "Rowling", "", GenderUnknown},
		{"Ursula von der Leyen", "Ursula", nil, "von der Leyen", "", GenderUnknown},
		{"Van Jones", "Van", nil, "Jones", "", GenderUnknown},
		{"Martin O’Malley", "Martin", nil, "O’Malley", "", GenderUnknown},
		{"Mohammed bin Salman", "Mohammed", nil, "bin Salman", "", GenderUnknown},
		{"Mr.", "", nil, "", "", GenderUnknown},
		{"", "", nil, "", "", GenderUnknown},
		{"  ,  ", "", nil, "", "", GenderUnknown},
		{"Jr.", "", nil, "Jr.", "", GenderUnknown},
		{"Gen Nakatani", "Gen", nil, "Nakatani", "", GenderUnknown},
		{"Gen. Mattis", "", nil, "Mattis", "", GenderUnknown},
		{"Mr Smith", "", nil, "Smith", "", Male},
	}
	for _, tc := range tests {
		n := ParseName(tc.in)
		if n.Given != tc.given || !slices.Equal(n.Middle, tc.middle) || n.Surname != tc.surname || n.Suffix != tc.suffix || n.Gender != tc.gender {
			t.Errorf("ParseName(%q) = %+v; want given %q middle %q surname %q suffix %q gender %d",
				tc.in, n, tc.given, tc.middle, tc.surname, tc.suffix, tc.gender)
		}
	}
}

func TestTranslit(t *testing.T) {
	same := [][]string{
		{"Dmitry", "Dmitri", "Dmitriy", "Dmitrij"},
		{"Zelensky", "Zelenskyy", "Zelenskiy", "Zelenskii"},
		{"Yevgeny", "Evgeny", "Evgeniy", "Yevgeniy"},
		{"Mikhail", "Mihail"},
		{"Aleksei", "Alexei", "Alexey", "Aleksey"},
		{"Gaddafi", "Gadafi"},
		{"Erdoğan", "Erdogan"},
		{"Yanukovych", "Yanukovich"},
	}
	for _, g := range same {
		k := translit(fold(g[0]))
		for _, w := range g[1:] {
			if got := translit(fold(w)); got != k {
				t.Errorf("translit(%q) = %q, translit(%q) = %q; want equal", g[0], k, w, got)
			}
		}
	}
	apart := [][2]string{{"Peskov", "Lavrov"}, {"Hillary", "Bill"}, {"John", "Jane"}, {"Maria", "Mario"}}
	for _, p := range apart {
		if translit(fold(p[0])) == translit(fold(p[1])) {
			t.Errorf("translit merges %q and %q", p[0], p[1])
		}
	}
	if got := translit("путин"); got != "путин" {
		t.Errorf("translit changed a Cyrillic word: %q", got)
	}
}

func TestRoleKey(t *testing.T) {
	tests := []struct {
		in, key, head string
		plural        bool
	}{
		{"the Kremlin spokesman", "kremlin spokesman", "spokesman", false},
		{"Kremlin Spokesman", "kremlin spokesman", "spokesman", false},
		{"former Secretary of State", "former secretary of state", "secretary", false},
		{"senator from Ohio", "senator from ohio", "senator", false},
		{"Presidential candidates", "presidential candidates", "candidate", true},
		{"U.S. President", "us president", "president", false},
		{"his spokesman", "", "", false},
		{"the", "", "", false},
		{"", "", "", false},
	}
	for _, tc := range tests {
		k := RoleKey(tc.in)
		if k != tc.key || roleHead(k) != tc.head || plural(k) != tc.plural {
			t.Errorf("RoleKey(%q) = %q head %q plural %v; want %q, %q, %v", tc.in, k, roleHead(k), plural(k), tc.key, tc.head, tc.plural)
		}
	}
}

func TestSpeakerName(t *testing.T) {
	tests := []struct {
		name    string
		typ     saywho.SpeakerType
		mention string
		want    string
		wantTyp saywho.SpeakerType
	}{
		{"Trump", saywho.Organization, "the Trump campaign", "Trump campaign", saywho.Organization},
		{"Trump", saywho.Person, "Trump’s campaign", "Trump campaign", saywho.Organization},
		{"Obama", saywho.Person, "The Obama administration", "Obama administration", saywho.Organization},
		{"Trump", saywho.Organization, "Trump", "Trump", saywho.Organization},
		{"Dmitry Peskov", saywho.Person, "Kremlin spokesman Dmitry Peskov", "Dmitry Peskov", saywho.Person},
		{"Dmitry Peskov", saywho.Person, "Dmitry Peskov, the spokesman", "Dmitry Peskov", saywho.Person},
		{"", saywho.Unknown, "the campaign", "", saywho.Unknown},
		{"Kurt Walters", saywho.Person, "Kurt Walters, the campaign's director", "Kurt Walters", saywho.Person},
		{"Kurt Walters", saywho.Person, "Kurt Walters, the campaign", "Kurt Walters", saywho.Person},
		{"Trump", saywho.Person, "Trump campaign manager", "Trump", saywho.Person},
		{"Bernie Sanders", saywho.Person, "the Bernie Sanders presidential campaign", "Bernie Sanders presidential campaign", saywho.Organization},
		{"Clinton", saywho.Person, "the Clinton 2008 campaign,", "Clinton 2008 campaign", saywho.Organization},
		{"Clinton", saywho.Person, "the Clinton and the campaign", "Clinton", saywho.Person},
	}
	for _, tc := range tests {
		got, typ := SpeakerName(tc.name, tc.typ, tc.mention)
		if got != tc.want || typ != tc.wantTyp {
			t.Errorf("SpeakerName(%q, %s, %q) = %q, %s; want %q, %s", tc.name, tc.typ, tc.mention, got, typ, tc.want, tc.wantTyp)
		}
	}
}

func TestCanonical(t *testing.T) {
	orgs := []struct {
		in, want string
		metonym  bool
	}{
		{"SVR", "Foreign Intelligence Service of Russia", false},
		{"Foreign Intelligence Service", "Foreign Intelligence Service", false},
		{"the Kremlin", "Russian presidency", true},
		{"NATO", "North Atlantic Treaty Organization", false},
		{"Acme Widgets", "Acme Widgets", false},
	}
	for _, tc := range orgs {
		got, met := CanonicalOrganization(tc.in)
		if got != tc.want || met != tc.metonym {
			t.Errorf("CanonicalOrganization(%q) = %q, %v; want %q, %v", tc.in, got, met, tc.want, tc.metonym)
		}
	}
	for in, want := range map[string]string{"Kiev": "Kyiv", "Kharkov": "Kharkiv", "Springfield": "Springfield"} {
		if got := CanonicalPlace(in); got != want {
			t.Errorf("CanonicalPlace(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"The Kremlin's": "kremlin", "Martin O’Malley": "martin omalley", "Erdoğan": "erdogan", "the": "the", "": ""} {
		if got := NameKey(in); got != want {
			t.Errorf("NameKey(%q) = %q, want %q", in, got, want)
		}
	}
}
