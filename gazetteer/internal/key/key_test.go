package key

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAppend(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Japan", "japan"},
		{"U.S.", "us"},
		{"U. S. A.", "usa"},
		{"US", "us"},
		{"Côte d'Ivoire", "cote divoire"},
		{"Côte d’Ivoire", "cote divoire"},
		{"COTE D'IVOIRE", "cote divoire"},
		{"Co\u0302te d'Ivoire", "cote divoire"}, // decomposed input
		{"Guinea-Bissau", "guinea bissau"},
		{"  Guinea \t Bissau  ", "guinea bissau"},
		{"Trinidad & Tobago", "trinidad and tobago"},
		{"Trinidad and Tobago", "trinidad and tobago"},
		{"OPEC+", "opec+"},
		{"G-7", "g 7"},
		{"Washington, D.C.", "washington dc"},
		{"Washington D. C.", "washington dc"},
		{"Türkiye", "turkiye"},
		{"Chișinău", "chisinau"},
		{"Kraków", "krakow"},
		{"Łódź", "lodz"},
		{"Færøerne", "faeroerne"},
		{"İstanbul", "istanbul"},
		{"São Tomé and Príncipe", "sao tome and principe"},
		{"Hà Nội", "ha noi"},
		{"Москва", "москва"},
		{"Sana'a", "sanaa"},
		{"Russia's", "russias"},
		{"a b c de f", "abc de f"},
		{"", ""},
		{"...", ""},
		{"\xff", ""},
		{"A\xffB", "ab"},
	}
	for _, tt := range tests {
		if got := string(Append(nil, tt.in)); got != tt.want {
			t.Errorf("Append(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := string(Append([]byte("x "), "U.S.")); got != "x us" {
		t.Errorf("Append after a prefix = %q", got)
	}
}

func TestAppendWords(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{[]string{"U", ".", "S", "."}, "us"},
		{[]string{"Russia", "'s", "Foreign"}, "russias foreign"},
		{[]string{"Russia", "’s"}, "russias"},
		{[]string{"Guinea", "-", "Bissau"}, "guinea bissau"},
		{[]string{"United", "States"}, "united states"},
		{nil, ""},
	}
	for _, tt := range tests {
		if got := string(AppendWords(nil, tt.in)); got != tt.want {
			t.Errorf("AppendWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzAppend checks that keys are well formed and that keying a key
// changes nothing, whatever the input.
func FuzzAppend(f *testing.F) {
	for _, s := range []string{"U.S.", "Côte d’Ivoire", "a b c", "Trinidad & Tobago", "ǅ", "\xff", "ΣΊΣΥΦΟΣ", "İ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := string(Append(nil, s))
		if strings.HasPrefix(k, " ") || strings.HasSuffix(k, " ") || strings.Contains(k, "  ") {
			t.Fatalf("Append(%q) = %q: bad spacing", s, k)
		}
		if !utf8.ValidString(k) {
			t.Fatalf("Append(%q) = %q: invalid UTF-8", s, k)
		}
		if k2 := string(Append(nil, k)); k2 != k {
			t.Fatalf("Append(Append(%q)) = %q, want %q", s, k2, k)
		}
		if w := string(AppendWords(nil, []string{s})); w != k {
			t.Fatalf("AppendWords([%q]) = %q, Append = %q", s, w, k)
		}
	})
}
