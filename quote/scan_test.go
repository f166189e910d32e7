package quote

import (
	"os"
	"strings"
	"testing"
)

// quotes returns the text of each quote found, parts joined by " | ".
func quotes(text string) []string {
	var out []string
	for _, q := range Scan(text) {
		if q.Parts != nil {
			var ps []string
			for _, p := range q.Parts {
				ps = append(ps, text[p[0]:p[1]])
			}
			out = append(out, strings.Join(ps, " | "))
			continue
		}
		out = append(out, text[q.Start:q.End])
	}
	return out
}

func TestScan(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"curly", `“We will win,” he said.`, []string{`“We will win,”`}},
		{"straight", `"We will win," he said. "And soon."`, []string{`"We will win,"`, `"And soon."`}},
		{"guillemets", `«Nous gagnerons», a-t-il dit.`, []string{`«Nous gagnerons»`}},
		{"german", `„Wir schaffen das“, sagte sie.`, []string{`„Wir schaffen das“`}},
		{"polish", `„Wygramy”, powiedział.`, []string{`„Wygramy”`}},
		{"single british", `‘We will win,’ he said.`, []string{`‘We will win,’`}},
		{"double apostrophe", `''The odds are long,'' said Pincus.`, []string{`''The odds are long,''`}},
		{"apostrophes", `Peskov’s aides don’t say it; the voters’ choice isn't theirs.`, nil},
		{"nested", `"He told me 'never again' and left," she said.`, []string{`"He told me 'never again' and left,"`, `'never again'`}},
		{"nested curly", `“He called it ‘a disgrace’ on Monday,” she said.`, []string{`“He called it ‘a disgrace’ on Monday,”`, `‘a disgrace’`}},
		{"possessive inside", `“It is the voters’ decision,” he said.`, []string{`“It is the voters’ decision,”`}},
		{"scare quote", `the so-called "peacekeeping contingent" in Ukraine`, []string{`"peacekeeping contingent"`}},
		{"eighties", `back in the ’80s and ‘90s, "it was fine," he said`, []string{`"it was fine,"`}},
		{"multi paragraph", "\"First part.\n\"Second part,\" he said.", []string{"\"First part. | \"Second part,\""}},
		{"multi paragraph blank", "\"First part.\n\n\"Second part,\" he said.", []string{"\"First part. | \"Second part,\""}},
		{"unclosed dropped", "\"Never closed.\nNext paragraph says \"hi\" here.", []string{`"hi"`}},
		{"split by attribution", `"We will," he said, "win."`, []string{`"We will,"`, `"win."`}},
		{"swedish", `”Vi vinner”, sa han.`, []string{`”Vi vinner”`}},
		// A stray ” opening a paragraph must not swallow the quotes of
		// the paragraphs after it.
		{"stray opener", "”Wrong mark opens this.” ― A. Reader\n“Next one.”― B. Reader\n“Third.” ― C. Reader", []string{"”Wrong mark opens this.”", "“Next one.”", "“Third.”"}},
		{"empty", ``, nil},
		{"stray", `5" tall and 6' wide`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := quotes(tt.text)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("Scan(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestScanExample(t *testing.T) {
	b, err := os.ReadFile("../testdata/briefing-2024-11-29.txt")
	if err != nil {
		t.Fatal(err)
	}
	got := quotes(string(b))
	if len(got) != 9 {
		t.Errorf("got %d quotes, want 7 direct quotes and 2 scare quotes:\n%s", len(got), strings.Join(got, "\n"))
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range []string{`"a," he said`, "“x\n“y”", `''a'' 'b' ‘c’ «d» „e“`, "\xff\"\xfe", `"`} {
		f.Add(s)
	}
	if b, err := os.ReadFile("../testdata/briefing-2024-11-29.txt"); err == nil {
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, text string) {
		prev := -1
		for _, q := range Scan(text) {
			if q.Start < 0 || q.End > len(text) || q.Start >= q.End {
				t.Fatalf("quote %+v outside text of %d bytes", q, len(text))
			}
			if q.Start < prev {
				t.Fatalf("quotes out of order")
			}
			prev = q.Start
			for _, p := range q.Parts {
				if p[0] < q.Start || p[1] > q.End || p[0] > p[1] {
					t.Fatalf("part %v outside quote %+v", p, q)
				}
			}
			a, b := q.Inner(text)
			if a < q.Start || b > q.End || a > b {
				t.Fatalf("inner %d,%d outside quote %+v", a, b, q)
			}
		}
	})
}
