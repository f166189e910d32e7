package build

import (
	"strings"
	"testing"
	"testing/fstest"
)

// A small world in the package's format.
const twoCountries = `[
 {"name":{"common":"Japan","official":"Japan"},"cca2":"JP","cca3":"JPN","independent":true,
  "capital":["Tokyo"],"altSpellings":["JP","Nippon","Nihon"],"demonyms":{"eng":{"f":"Japanese","m":"Japanese"}}},
 {"name":{"common":"Russia","official":"Russian Federation"},"cca2":"RU","cca3":"RUS","independent":true,
  "capital":["Moscow"],"altSpellings":["RU","Russian Federation","Российская Федерация"],"demonyms":{"eng":{"f":"Russian","m":"Russian"}}},
 {"name":{"common":"Guam","official":"Guam"},"cca2":"GU","cca3":"GUM","independent":false,
  "capital":["Hagåtña"],"altSpellings":["GU"],"demonyms":{"eng":{"f":"Guamanian","m":"Guamanian"}}}
]`

func data(files map[string]string) fstest.MapFS {
	fs := fstest.MapFS{}
	base := map[string]string{
		fileCountries: "GU\tsovereign\t-\nRU\tcapital-alias\tMoskva\n",
		fileSeats:     "Kremlin\tRU\tRussian presidency\tMoscow Kremlin\n",
		filePlaces:    "city\tKazan\tRU\t\n",
		fileOrgs:      "agency\tRussian presidency\t-\tRU\t-\tPresidency of Russia\norg\tUnited Nations\tUN\t-\t-\tU.N.\n",
		fileWords:     "",
	}
	for k, v := range files {
		base[k] = v
	}
	for k, v := range base {
		fs[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return fs
}

func TestEntries(t *testing.T) {
	out, err := Entries(Inputs{Countries: []byte(twoCountries), Data: data(nil)})
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{
		"country\tJapan\t\t\t\tJapan\tJP\tJPN\tTokyo\tJapanese\t\t\n",
		"capital\tTokyo\tJapan\tGovernment of Japan\t",
		"capital\tMoscow\tRussia\tGovernment of Russia\t\t\t\t\t\t\t\tMoskva\n",
		"seat\tKremlin\tRussia\tRussian presidency\t",
		"agency\tRussian presidency\tRussia\t",
		"government\tGovernment of Russia\tRussia\t",
		"Russian government",
		"Government of the Russian Federation",
		"nationality\tJapanese\tJapan\t",
		"Russians",
		"territory\tGuam\t\t",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "Российская") || strings.Contains(s, "Nihon") {
		t.Errorf("native spellings were kept:\n%s", s)
	}
	again, _ := Entries(Inputs{Countries: []byte(twoCountries), Data: data(nil)})
	if string(again) != s {
		t.Error("not deterministic")
	}
}

func TestEntriesRejectsBadData(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string
		wantErr string
	}{
		{"stands for nothing", map[string]string{fileSeats: "Kremlin\tRU\tKremlin administration\t\n"}, "which is no entry"},
		{"unknown country", map[string]string{filePlaces: "city\tKazan\tXX\t\n"}, "unknown country code"},
		{"unknown field", map[string]string{fileCountries: "GU\tsovereign\t-\nJP\tmotto\tx\n"}, "unknown field"},
		{"territory without sovereign", map[string]string{fileCountries: "JP\talias\tNippon\n"}, "needs a sovereign"},
		{"bad kind", map[string]string{filePlaces: "village\tKazan\tRU\t\n"}, "bad kind"},
		{"agency without country", map[string]string{fileOrgs: "agency\tX\t-\t-\t-\t\n"}, "needs a country"},
		{"parent missing", map[string]string{fileOrgs: "agency\tRussian presidency\t-\tRU\t-\t\norg\tWHO\t-\t-\tUnited Nations\t\n"}, "parent"},
		{"drop of nothing", map[string]string{fileCountries: "GU\tsovereign\t-\nJP\tdrop\tZipangu\n"}, "no such alternative"},
		{"short line", map[string]string{fileCountries: "JP\talias\n"}, "want 3"},
		{"tab in alias", map[string]string{filePlaces: "city\tKazan\tRU\tKa|zan\n"}, "bad character"},
		{"missing file", map[string]string{}, ""},
	}
	for _, tt := range tests {
		fs := data(tt.files)
		if tt.name == "missing file" {
			delete(fs, fileOrgs)
			tt.wantErr = "orgs.tsv"
		}
		_, err := Entries(Inputs{Countries: []byte(twoCountries), Data: fs})
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: err = %v, want one containing %q", tt.name, err, tt.wantErr)
		}
	}
	if _, err := Entries(Inputs{Countries: []byte("{"), Data: data(nil)}); err == nil || !strings.Contains(err.Error(), "countries.json") {
		t.Errorf("bad JSON: err = %v", err)
	}
	if err := CheckCountries([]byte(twoCountries)); err == nil {
		t.Error("CheckCountries accepted a different file")
	}
}

func TestFoldTable(t *testing.T) {
	src, err := FoldTable()
	if err != nil {
		t.Fatal(err)
	}
	compact := strings.Join(strings.Fields(string(src)), " ")
	for _, want := range []string{`"a", // À`, `"ss", // ß`, `"l", // ł`, `"s", // ș`, `"o", // ơ`} {
		if !strings.Contains(compact, want) {
			t.Errorf("fold table lacks %s", want)
		}
	}
}
