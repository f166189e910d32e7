package token

import (
	"strings"
	"testing"
)

// show renders tokens as text separated by |, kinds omitted.
func show(text string, toks []Token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString(t.Text(text))
	}
	return b.String()
}

func TestTokenize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Hello, world.", "Hello|,|world|."},
		{"Kremlin spokesman Dmitry Peskov said on Friday.", "Kremlin|spokesman|Dmitry|Peskov|said|on|Friday|."},
		// clitics, straight and curly
		{"Peskov's don't we're they'll I've she'd I'm", "Peskov|'s|do|n't|we|'re|they|'ll|I|'ve|she|'d|I|'m"},
		{"Peskov’s don’t can’t won’t", "Peskov|’s|do|n’t|ca|n’t|wo|n’t"},
		{"IT'S DON'T", "IT|'S|DO|N'T"},
		{"cannot gonna", "can|not|gon|na"},
		// apostrophes that belong to the word, and leading ones
		{"O'Malley D’Souza ma'am rock 'n' roll", "O'Malley|D’Souza|ma'am|rock|'n|'|roll"},
		{"the '80s and ’em 'cause", "the|'80s|and|’em|'cause"},
		// quote marks
		{`"Yes," he said.`, `"|Yes|,|"|he|said|.`},
		{"“Yes,” he said. ‘No.’", "“|Yes|,|”|he|said|.|‘|No|.|’"},
		{"''This represents growth,'' he said.", "''|This|represents|growth|,|''|he|said|."},
		{"``Hi''", "``|Hi|''"},
		{"«Да» „Ja“ ‹oui›", "«|Да|»|„|Ja|“|‹|oui|›"},
		{"the voters’ choice", "the|voters|’|choice"},
		// abbreviations, acronyms, initials
		{"Mr. Trump met Sen. Cruz and Gov. Brown in the U.S. Senate at 5 p.m. Jan. 5.", "Mr.|Trump|met|Sen.|Cruz|and|Gov.|Brown|in|the|U.S.|Senate|at|5|p.m.|Jan.|5|."},
		{"George W. Bush, Ph.D., D-N.Y., R-Fla., U.S.-Mexico", "George|W.|Bush|,|Ph.D.|,|D-N.Y.|,|R-Fla.|,|U.S.-Mexico"},
		{"the U.S", "the|U.S"},
		{"He said no. No. 1 is", "He|said|no|.|No.|1|is"},
		{"It is it.He", "It|is|it|.|He"},
		// numbers and symbols
		{"100,000 people, 22.94% of $1.5 billion, 9/11, 6:01", "100,000|people|,|22.94|%|of|$|1.5|billion|,|9/11|,|6:01"},
		{"the .5 share", "the|.5|share"},
		{"#2 & AT&T", "#|2|&|AT&T"},
		// hyphens and dashes
		{"US-made front-runner well-to-do", "US-made|front-runner|well-to-do"},
		{"now—then – later -- never - ever", "now|—|then|–|later|--|never|-|ever"},
		// ellipses
		{"wait... what … . . . no", "wait|...|what|…|. . .|no"},
		{"Wow!!! Really?! Yes", "Wow|!!!|Really|?!|Yes"},
		// the web
		{"See https://t.co/SkKglwQycb. Or www.example.com/a?b=c, or breitbart.com.", "See|https://t.co/SkKglwQycb|.|Or|www.example.com/a?b=c|,|or|breitbart.com|."},
		{"Mail lauren.weber@huffingtonpost.com or @realDonaldTrump #MAGA", "Mail|lauren.weber@huffingtonpost.com|or|@realDonaldTrump|#MAGA"},
		{"(http://en.wikipedia.org/wiki/Foo_(bar))", "(|http://en.wikipedia.org/wiki/Foo_(bar)|)"},
		{"Republicans.The end", "Republicans|.|The|end"},
		{`<tweet id="1" author="@AP">text</tweet>`, `<tweet id="1" author="@AP">|text|</tweet>`},
		{"a < b", "a|<|b"},
		// other scripts, spaces, invalid bytes
		{"Путин заявил: «Нет».", "Путин|заявил|:|«|Нет|»|."},
		{"a\u00a0b\u200bc\tz", "a|b|c|z"},
		{"caf\xe9 \xff!", "caf\xe9|\xff|!"},
		{"___ ***", "___|***"},
	}
	for _, tt := range tests {
		got := show(tt.in, Tokenize(tt.in, nil))
		if got != tt.want {
			t.Errorf("Tokenize(%q)\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestKinds(t *testing.T) {
	text := `Mr. Smith paid $5 (22.94%) at https://x.com "now" @a #b <br> it’s`
	want := []Kind{Word, Word, Word, Symbol, Number, Punct, Number, Symbol, Punct, Word, URL, Quote, Word, Quote, Handle, Handle, Markup, Word, Word}
	toks := Tokenize(text, nil)
	if len(toks) != len(want) {
		t.Fatalf("got %d tokens %s, want %d", len(toks), show(text, toks), len(want))
	}
	for i, tk := range toks {
		if tk.Kind != want[i] {
			t.Errorf("token %d %q: kind %v, want %v", i, tk.Text(text), tk.Kind, want[i])
		}
	}
}

// sents renders sentences as their texts separated by " || ".
func sents(text string) string {
	toks := Tokenize(text, nil)
	var parts []string
	for _, s := range Sentences(text, toks, nil) {
		parts = append(parts, text[toks[s.Start].Start:toks[s.End-1].End])
	}
	return strings.Join(parts, " || ")
}

func TestSentences(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"One. Two.", "One. || Two."},
		{"No period at the end", "No period at the end"},
		{`"It was an order," Peskov said. He left.`, `"It was an order," Peskov said. || He left.`},
		{`"It was an order." Peskov said so.`, `"It was an order." || Peskov said so.`},
		{"“We won.” “They lost.”", "“We won.” || “They lost.”"},
		{`He said. "Then we went."`, `He said. || "Then we went."`},
		{"Mr. Trump met Sen. Ted Cruz. They talked.", "Mr. Trump met Sen. Ted Cruz. || They talked."},
		{"It is in the U.S. Senate now.", "It is in the U.S. Senate now."},
		{"He lives in the U.S. He said so.", "He lives in the U.S. || He said so."},
		{"He arrived in the U.S. as a teen.", "He arrived in the U.S. as a teen."},
		{"George W. Bush spoke.", "George W. Bush spoke."},
		{"It opens at 9 a.m. The doors close at 5 p.m. Eastern time.", "It opens at 9 a.m. || The doors close at 5 p.m. Eastern time."},
		{"“Why?” he asked. “Because!” She left.", "“Why?” he asked. || “Because!” || She left."},
		{"Jeb! was better. Fine.", "Jeb! was better. || Fine."},
		{"(He left.) Then came rain.", "(He left.) || Then came rain."},
		{"I think ... we should. I wonder… The end.", "I think ... we should. || I wonder… || The end."},
		{"He had no proof. ... He would not.", "He had no proof. || ... He would not."},
		{"Headline Without Period\n11:22 GMT 29.11.2024\nBody text. More text.", "Headline Without Period || 11:22 GMT 29.11.2024 || Body text. || More text."},
		{"first\n\nsecond", "first || second"},
		{"a\r\nb\u2029c", "a || b || c"},
		{"''This is it,'' he said. ''Yes.''", "''This is it,'' he said. || ''Yes.''"},
	}
	for _, tt := range tests {
		if got := sents(tt.in); got != tt.want {
			t.Errorf("Sentences(%q)\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestQuoteSide(t *testing.T) {
	text := `"a" b "c", “d” ''e'' ‘f’ « g »`
	toks := Tokenize(text, nil)
	var got []string
	for i, tk := range toks {
		if tk.Kind == Quote {
			got = append(got, tk.Text(text)+QuoteSide(text, toks, i).String())
		}
	}
	want := `"Open "Close "Open "Close “Open ”Close ''Open ''Close ‘Open ’Close «Open »Close`
	if g := strings.Join(got, " "); g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
	if s := QuoteSide(text, toks, 1); s != Unknown {
		t.Errorf("QuoteSide of a word = %v, want Unknown", s)
	}
	if s := QuoteSide(text, toks, -1); s != Unknown {
		t.Errorf("QuoteSide(-1) = %v, want Unknown", s)
	}
}

// TestForeignTokens feeds Sentences tokens that do not belong to the text:
// it must not panic.
func TestForeignTokens(t *testing.T) {
	toks := []Token{{0, 5, Word}, {3, 2, Punct}, {-4, 100, Quote}, {90, 95, Word}}
	for _, text := range []string{"", "ab", "Hello. World"} {
		s := Sentences(text, toks, nil)
		if len(s) == 0 || s[0].Start != 0 || s[len(s)-1].End != int32(len(toks)) {
			t.Errorf("Sentences over foreign tokens: %v", s)
		}
	}
}

func TestAppends(t *testing.T) {
	dst := make([]Token, 1, 64)
	got := Tokenize("a b", dst)
	if len(got) != 3 || got[0] != (Token{}) {
		t.Errorf("Tokenize did not append: %v", got)
	}
	text := "A b. C d."
	toks := Tokenize(text, nil)
	allocs := testing.AllocsPerRun(100, func() {
		toks = Tokenize(text, toks[:0])
	})
	if allocs != 0 {
		t.Errorf("Tokenize into a large enough slice allocates %.0f times", allocs)
	}
	ss := make([]Sentence, 0, 8)
	allocs = testing.AllocsPerRun(100, func() {
		ss = Sentences(text, toks, ss[:0])
	})
	if allocs != 0 {
		t.Errorf("Sentences into a large enough slice allocates %.0f times", allocs)
	}
}
