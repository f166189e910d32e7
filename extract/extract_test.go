package extract

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/article"
	"github.com/saywho/saywho/eval"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const exampleText = "../testdata/briefing-2024-11-29.txt"
const exampleGold = "../testdata/briefing-2024-11-29.gold.jsonl"

func readExample(t testing.TB) *saywho.Article {
	t.Helper()
	b, err := os.ReadFile(exampleText)
	if err != nil {
		t.Fatal(err)
	}
	a, err := article.ParseText(article.Input{ID: "briefing-2024-11-29", Name: exampleText, Body: b})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestExample checks the example briefing against its hand-checked
// answer, with the full pipeline and with the rules alone: every statement
// found with the right speaker, and no scare quote reported.
func TestExample(t *testing.T) {
	for _, pipe := range []struct {
		name string
		x    *Extractor
	}{{"full", New()}, {"rules", NewWith(Options{RulesOnly: true})}} {
		t.Run(pipe.name, func(t *testing.T) {
			an := pipe.x.Extract(readExample(t))
			rec := an.Record(false)
			var sc eval.Scores
			err := eval.ReadGold(exampleGold, func(g *eval.Doc) error { sc.Add(g, &rec); return nil })
			if err != nil {
				t.Fatal(err)
			}
			m := sc.Summary()
			if m.AttrR != 1 || m.SpeakerAcc != 1 || m.ScareReported != 0 {
				t.Errorf("example: %s", m.Line())
			}
			if m.AttrP < 0.9 {
				t.Errorf("example: precision %.3f below 0.9: %s", m.AttrP, m.Line())
			}
		})
	}
}

// TestExampleGolden keeps the whole record of the example, statements,
// entities and figures, in testdata/example.golden.json: a change in
// extraction shows in the diff. Rewrite with go test -update.
func TestExampleGolden(t *testing.T) {
	rec := New().Extract(readExample(t)).Record(false)
	got, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "example.golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("record of the example differs from %s; run go test ./extract -update and review the diff", path)
	}
}

// TestSpeakers checks resolution on the example: pronouns and role nouns
// resolve to the full name.
func TestSpeakers(t *testing.T) {
	a := readExample(t)
	an := New().Extract(a)
	tx := saywho.NewText(a.Text)
	mentions := map[string]string{}
	for _, s := range an.Statements {
		mentions[tx.Slice(s.Speaker.Mention)] = s.Speaker.Name
	}
	for _, m := range []string{"the spokesman", "he", "the official", "Kremlin spokesman", "Peskov", "Dmitry Peskov"} {
		if got := mentions[m]; got != "Dmitry Peskov" {
			t.Errorf("mention %q resolved to %q, want Dmitry Peskov", m, got)
		}
	}
	if got := mentions["Japanese Prime Minister Shigeru Ishiba"]; got != "Shigeru Ishiba" {
		t.Errorf("Ishiba resolved to %q", got)
	}
}

// TestSurnameSpeakers checks sources that are a bare surname the tagger
// may not take for a name: the article's one person with that surname
// speaks, and a surname two persons share stays unresolved.
func TestSurnameSpeakers(t *testing.T) {
	for _, tc := range []struct {
		name, text, mention, want string
		notWant                   []string
	}{
		{
			name:    "transcript turn",
			text:    "Pence on Fox.\n\nMike Pence spoke to Fox News on Sunday.\n\n\"PENCE: Well, look, this is not a game show at all.",
			mention: "PENCE",
			want:    "Mike Pence",
		},
		{
			name:    "surname with an apposition",
			text:    "Jeb Bush campaigned in Ohio on Monday.\n\nBush, Florida’s former governor, said the plan would fail.",
			mention: "Bush, Florida’s former governor",
			want:    "Jeb Bush",
		},
		{
			name:    "surname after an honorific",
			text:    "Douglas J. Band, a former aide to Bill Clinton, founded a consulting firm.\n\nMr. Band said the firm had done nothing wrong.",
			mention: "Mr. Band",
			want:    "Douglas J. Band",
		},
		{
			name:    "an honorific makes a person of a word the tagger missed",
			text:    "The race in Oregon is close.\n\nMr. Hedge said the county needs a change in leadership.",
			mention: "Mr. Hedge",
			want:    "Hedge",
		},
		{
			name:    "surname of one person named far more often than another",
			text:    "Hillary Clinton spoke in Ohio. Hillary Clinton met Bill Clinton later.\n\nHillary Clinton flew on to Iowa.\n\nCLINTON: We will win this election in November, and we will win it well.",
			mention: "CLINTON",
			want:    "Hillary Clinton",
		},
		{
			name:    "surname of two persons",
			text:    "Bill Clinton met Hillary Clinton in Little Rock.\n\nCLINTON: We will win this election in November, and we will win it well.",
			mention: "CLINTON",
			notWant: []string{"Bill Clinton", "Hillary Clinton"},
		},
	} {
		a := &saywho.Article{ID: "t", Text: tc.text}
		tx := saywho.NewText(a.Text)
		for _, x := range []*Extractor{NewWith(Options{RulesOnly: true}), New()} {
			found := false
			for _, st := range x.Extract(a).Statements {
				if tx.Slice(st.Speaker.Mention) != tc.mention {
					continue
				}
				found = true
				if tc.want != "" && st.Speaker.Name != tc.want {
					t.Errorf("%s (rules only %v): %q resolved to %q, want %q", tc.name, x.model == nil, tc.mention, st.Speaker.Name, tc.want)
				}
				if slices.Contains(tc.notWant, st.Speaker.Name) {
					t.Errorf("%s (rules only %v): %q resolved to %q, one of two persons of that name", tc.name, x.model == nil, tc.mention, st.Speaker.Name)
				}
			}
			if !found {
				t.Errorf("%s (rules only %v): no statement by %q", tc.name, x.model == nil, tc.mention)
			}
		}
	}
}

func TestBylineName(t *testing.T) {
	for in, want := range map[string]string{
		"Heidi M. Przybyla, USA TODAY": "Heidi M. Przybyla",
		"AMY CHOZICK":                  "Amy Chozick",
		"BY Andrew Ross Sorkin":        "Andrew Ross Sorkin",
		"Nick Gass":                    "Nick Gass",
		"AP":                           "",
		"None":                         "",
		"Breitbart News":               "",
		"Jane Doe and John Roe":        "",
		"":                             "",
		"the editors":                  "",
	} {
		if got := bylineName(in); got != want {
			t.Errorf("bylineName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFirstPersonSpeakers checks "I" outside quotations: the writer's,
// where the byline names one person, but never the transcriber's in a
// transcript.
func TestFirstPersonSpeakers(t *testing.T) {
	for _, tc := range []struct {
		name, author, text, want string
	}{
		{"column", "Jane Doe, USA TODAY", "A column on the race.\n\nI said last week that the plan would fail, and it did.", "Jane Doe"},
		{"transcript", "Jane Doe", "A transcript.\n\nTAPPER: Do you think he will win?\n\nFALLIN: Well, I said last week that the plan would fail, and it did.", ""},
		{"agency byline", "AP", "A column on the race.\n\nI said last week that the plan would fail, and it did.", ""},
	} {
		a := &saywho.Article{ID: "t", Text: tc.text, Author: tc.author}
		tx := saywho.NewText(a.Text)
		for _, x := range []*Extractor{NewWith(Options{RulesOnly: true}), New()} {
			found := false
			for _, st := range x.Extract(a).Statements {
				if m := tx.Slice(st.Speaker.Mention); m == "I" {
					found = true
					if st.Speaker.Name != tc.want {
						t.Errorf("%s (rules only %v): I resolved to %q, want %q", tc.name, x.model == nil, st.Speaker.Name, tc.want)
					}
				}
			}
			if !found {
				t.Errorf("%s (rules only %v): no statement by I", tc.name, x.model == nil)
			}
		}
	}
}

// TestEmptyAndOdd runs extraction on texts that have nothing to find or
// are odd, which must give an analysis and no panic.
func TestEmptyAndOdd(t *testing.T) {
	x := New()
	for _, text := range []string{"", " ", "\n\n\n", "said", "\"", "“", "according to", ",,,,", "He said.", "\"\"\"\"", "« »", "said: \"", string(bytes.Repeat([]byte("said \""), 2000))} {
		an := x.Extract(&saywho.Article{Text: text, Author: "Jane Doe, USA TODAY"}) // a byline names "I"
		n := len([]rune(text))
		for _, s := range an.Statements {
			if s.Content.Start < 0 || s.Content.End > n || s.Content.Start > s.Content.End {
				t.Errorf("%q: statement span %v outside text", text, s.Content)
			}
		}
	}
}

func FuzzExtract(f *testing.F) {
	if b, err := os.ReadFile(exampleText); err == nil {
		f.Add(string(b))
	}
	for _, s := range []string{"\"We will,\" he said. \"Win.\"", "According to the CEC, 22.94% voted.", "‘No,’ said Ms. X, a lawyer who knows.", "He told reporters: \"yes\"", "Pence: No.\n\nMike Pence spoke.", "“Yes.” ― Ann Lee\n”No.” -", "PENCE: Well, look.\nMike Pence said so and warned them.", "Mr. Band said so.\n\nDouglas J. Band, an aide.", "“Okay,” I said. TRUMP: I think so.\nDonald Trump and Melania Trump."} {
		f.Add(s)
	}
	x := New()
	f.Fuzz(func(t *testing.T, text string) {
		an := x.Extract(&saywho.Article{Text: text, Author: "Jane Doe, USA TODAY"}) // a byline names "I"
		n := saywho.NewText(text).Len()
		in := func(s saywho.Span) bool { return s.Empty() || 0 <= s.Start && s.Start <= s.End && s.End <= n }
		for _, s := range an.Statements {
			if !in(s.Content) || !in(s.Cue) || !in(s.Speaker.Mention) || !in(s.Speaker.Antecedent) {
				t.Fatalf("statement with a span outside the text: %+v", s)
			}
			for _, p := range s.Parts {
				if !in(p) || p.Start < s.Content.Start || p.End > s.Content.End {
					t.Fatalf("part %v outside content %v", p, s.Content)
				}
			}
			if s.Confidence < 0 || s.Confidence > 1 {
				t.Fatalf("confidence %v", s.Confidence)
			}
		}
		for _, e := range an.Entities {
			for _, m := range e.Mentions {
				if !in(m) {
					t.Fatalf("entity mention %v outside text", m)
				}
			}
		}
		an.Record(true)
	})
}

func BenchmarkExtract(b *testing.B) {
	a := readExample(b)
	for _, pipe := range []struct {
		name string
		x    *Extractor
	}{{"full", New()}, {"rules", NewWith(Options{RulesOnly: true})}} {
		b.Run(pipe.name, func(b *testing.B) {
			b.SetBytes(int64(len(a.Text)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				pipe.x.Extract(a)
			}
		})
	}
}

// TestMinConfidence checks that MinConfidence leaves out exactly the
// statements below it.
func TestMinConfidence(t *testing.T) {
	a := readExample(t)
	all := New().Extract(a).Statements
	for _, min := range []float64{0.3, 0.9} {
		got := NewWith(Options{MinConfidence: min}).Extract(a).Statements
		var want []saywho.Statement
		for _, s := range all {
			if s.Confidence >= min {
				want = append(want, s)
			}
		}
		if len(got) != len(want) || len(want) == len(all) && min == 0.9 {
			t.Fatalf("min %v: %d statements, want %d of %d", min, len(got), len(want), len(all))
		}
		for i := range got {
			if got[i].Content != want[i].Content || got[i].Confidence != want[i].Confidence {
				t.Errorf("min %v: statement %d is %v, want %v", min, i, got[i].Content, want[i].Content)
			}
		}
	}
}

// TestTitlesAreNoStatements checks that a title in quotation marks is not
// reported as what someone said.
func TestTitlesAreNoStatements(t *testing.T) {
	text := "Lynch agreed to a 30-minute interview for the project on \"Women in Power,\" answering questions about how gender has affected her life.\n\nThe governor appeared on “Meet the Press,” saying the plan would fail.\n\n“We Will Win,” she said."
	a := &saywho.Article{Text: text}
	tx := saywho.NewText(text)
	for _, x := range []*Extractor{NewWith(Options{RulesOnly: true}), New()} {
		found := false
		for _, s := range x.Extract(a).Statements {
			switch c := tx.Slice(s.Content); c {
			case "\"Women in Power,\"", "“Meet the Press,”":
				t.Errorf("rules only %v: title %s reported as a statement", x.model == nil, c)
			case "“We Will Win,”":
				found = true
			}
		}
		if !found {
			t.Errorf("rules only %v: the quotation in title case after \"said\" is lost", x.model == nil)
		}
	}
}

// BenchmarkExtractPolNeAR extracts the PolNeAR training articles, read
// as saywho eval reads them, one after another: the mix of lengths and
// layouts of real news, where BenchmarkExtract has one briefing.
func BenchmarkExtractPolNeAR(b *testing.B) {
	var arts []*saywho.Article
	size := 0
	err := eval.ReadGold("../../shared/eval/polnear-train.jsonl", func(g *eval.Doc) error {
		a, err := article.Read(g.Input(g.Key()))
		if err != nil {
			return err
		}
		arts = append(arts, a)
		size += len(a.Text)
		return nil
	})
	if err != nil || len(arts) == 0 {
		b.Skipf("../shared/eval/polnear-train.jsonl not readable (%v)", err)
	}
	for _, pipe := range []struct {
		name string
		x    *Extractor
	}{{"full", New()}, {"rules", NewWith(Options{RulesOnly: true})}} {
		b.Run(pipe.name, func(b *testing.B) {
			b.SetBytes(int64(size / len(arts)))
			for i := 0; i < b.N; i++ {
				pipe.x.Extract(arts[i%len(arts)])
			}
		})
	}
}

// TestContents checks the content of the statement a cue introduces,
// with the rules alone and the full pipeline: it ends where a coordinated
// attribution begins, an embedded one stays inside, and "according to X"
// stands beside an attribution inside its content.
func TestContents(t *testing.T) {
	for _, tc := range []struct {
		text, cue, want string
	}{
		{"China said it was resolutely opposed to the test and warned North Korea to refrain from further actions.", "said", "it was resolutely opposed to the test"},
		{"The senator said that Clinton claimed the deal was fair.", "said", "that Clinton claimed the deal was fair"},
		{"Analysts said growth would slow, and investors warned that prices would fall.", "said", "growth would slow"},
		{"The senator said the plan would fail, arguing that it costs too much.", "said", "the plan would fail"},
		{"Clinton plans to visit Charlotte on Sunday, according to a campaign aide.", "according to", "Clinton plans to visit Charlotte on Sunday"},
	} {
		a := &saywho.Article{Text: tc.text}
		tx := saywho.NewText(a.Text)
		for _, x := range []*Extractor{NewWith(Options{RulesOnly: true}), New()} {
			found := false
			for _, s := range x.Extract(a).Statements {
				if tx.Slice(s.Cue) == tc.cue {
					found = true
					if got := tx.Slice(s.Content); got != tc.want {
						t.Errorf("%q (rules only %v): content %q, want %q", tc.text, x.model == nil, got, tc.want)
					}
				}
			}
			if !found {
				t.Errorf("%q (rules only %v): no statement with cue %q", tc.text, x.model == nil, tc.cue)
			}
		}
	}
}
