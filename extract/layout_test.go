package extract

import (
	"testing"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/article"
)

// TestLayoutAttributions checks the attributions made by layout alone, a
// headline "Name: words", a quotation signed with a dash and a transcript
// turn, and whom they resolve to, through the rules and through the full
// pipeline.
func TestLayoutAttributions(t *testing.T) {
	// speaker is the resolved name; "" leaves it unchecked (the tagger
	// takes only "Padilla" of "Pamela Padilla" for a name).
	type stmt struct{ cue, source, content, speaker string }
	for _, tc := range []struct {
		name, title, text string
		want              []stmt // the layout statements expected, in order
	}{
		{
			name:  "headline names a speaker of the body",
			title: "Pence: Flowers Won’t Be at Debate",
			text:  "Pence: Flowers Won’t Be at Debate.\n\nMike Pence spoke on Sunday about the debate.",
			want:  []stmt{{":", "Pence", "Flowers Won’t Be at Debate", "Mike Pence"}},
		},
		{
			name:  "headline of a poll",
			title: "Poll: Clinton and Trump in dead heat",
			text:  "Poll: Clinton and Trump in dead heat.\n\nThe race is close in the new survey.",
			want:  []stmt{{":", "Poll", "Clinton and Trump in dead heat", "Poll"}},
		},
		{
			name:  "a page label is no speaker",
			title: "The Latest: Cruz to give away a shotgun",
			text:  "The Latest: Cruz to give away a shotgun.\n\nTed Cruz will hold a raffle in Iowa.",
		},
		{
			name:  "a name not in the body is no speaker",
			title: "Big Win: Union Holds Off On Endorsement",
			text:  "Big Win: Union Holds Off On Endorsement.\n\nThe union did not endorse anyone on Monday.",
		},
		{
			name:  "signed on the same line",
			title: "Voters share their thoughts",
			text:  "Voters share their thoughts.\n\n“He scares me. I am afraid for our children.” ― Krystal Correa\n“He is ignorant of our culture.”― Pamela Padilla\u00a0",
			want:  []stmt{{"―", "Krystal Correa", "“He scares me. I am afraid for our children.”", "Krystal Correa"}, {"―", "Pamela Padilla", "“He is ignorant of our culture.”", ""}},
		},
		{
			name:  "signed on the next line",
			title: "Fact check",
			text:  "Fact check.\n\n\"Boeing and GE pay zero taxes.\"\n\n- Bernie Sanders.\n\nThis is a complex issue.",
			want:  []stmt{{"-", "Bernie Sanders", "\"Boeing and GE pay zero taxes.\"", "Bernie Sanders"}},
		},
		{
			name:  "transcript turns of a named speaker",
			title: "Pence on the debate",
			text:  "Pence on the debate.\n\nMike Pence spoke to Fox News on Sunday.\n\nPENCE: Well, look, this is not a game show.\n\nNOTE: The interview was edited for length.",
			want:  []stmt{{":", "PENCE", "Well, look, this is not a game show.", "Mike Pence"}},
		},
		{
			name:  "a dash inside a sentence signs nothing",
			title: "Notes",
			text:  "Notes.\n\nThe vote was called a \"farce\" - a word the party rejected in a statement on Monday.",
		},
	} {
		a, err := article.ParseText(article.Input{ID: "t", Name: tc.name, Body: []byte(tc.text), Meta: map[string]string{"title": tc.title}})
		if err != nil {
			t.Fatal(err)
		}
		tx := saywho.NewText(a.Text)
		for _, x := range []*Extractor{NewWith(Options{RulesOnly: true}), New()} {
			var got []stmt
			for _, s := range x.Extract(a).Statements {
				if c := tx.Slice(s.Cue); c == ":" || signDashes[c] {
					got = append(got, stmt{c, tx.Slice(s.Speaker.Mention), tx.Slice(s.Content), s.Speaker.Name})
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("%s (rules only %v): got %q, want %q", tc.name, x.model == nil, got, tc.want)
				continue
			}
			for i := range got {
				if tc.want[i].speaker == "" {
					got[i].speaker = ""
				}
				if got[i] != tc.want[i] {
					t.Errorf("%s (rules only %v): got %q, want %q", tc.name, x.model == nil, got[i], tc.want[i])
				}
			}
		}
	}
}
