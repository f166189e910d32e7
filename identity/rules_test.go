package identity

import (
	"strings"
	"testing"
	"time"

	saywho "github.com/saywho/saywho"
)

func TestRuleValidate(t *testing.T) {
	tests := []struct {
		r   Rule
		err string // substring; "" for valid
	}{
		{Rule{Kind: Merge, Names: []string{"Dmitry Peskov", "Peskov"}}, ""},
		{Rule{Kind: Merge, Names: []string{"Peskov"}}, "want two names"},
		{Rule{Kind: Merge, Names: []string{"Peskov", "peskov"}}, "named twice"},
		{Rule{Kind: Merge, Names: []string{"Peskov", "!!"}}, "no letters"},
		{Rule{Kind: Split, Names: []string{"Smith"}}, ""},
		{Rule{Kind: Split, Names: []string{"Smith", "Jones"}}, "want one name"},
		{Rule{Kind: Move, Names: []string{"Jane Smith"}, Statements: []string{"ab:cd"}}, ""},
		{Rule{Kind: Move, Names: []string{"Jane Smith"}}, "no statements"},
		{Rule{Kind: "rename", Names: []string{"x"}}, "unknown kind"},
	}
	for _, tc := range tests {
		err := tc.r.Validate()
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%v: %v", tc.r, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%v: error %v, want %q", tc.r, err, tc.err)
		}
	}
}

func TestRuleSupersedes(t *testing.T) {
	merge := Rule{Kind: Merge, Names: []string{"Dmitry Peskov", "Peskov"}}
	tests := []struct {
		newer, older Rule
		want         bool
	}{
		{Rule{Kind: Split, Names: []string{"peskov"}}, merge, true},
		{merge, Rule{Kind: Split, Names: []string{"Peskov"}}, true},
		{merge, Rule{Kind: Merge, Names: []string{"Peskov", "Dmitry Peskov"}}, true},
		{merge, Rule{Kind: Merge, Names: []string{"Peskov", "Dmitri Peskov"}}, false},
		{Rule{Kind: Split, Names: []string{"Smith"}}, merge, false},
		{Rule{Kind: Move, Names: []string{"A"}, Statements: []string{"1", "2"}}, Rule{Kind: Move, Names: []string{"B"}, Statements: []string{"2"}}, true},
		{Rule{Kind: Move, Names: []string{"A"}, Statements: []string{"1"}}, Rule{Kind: Move, Names: []string{"B"}, Statements: []string{"1", "2"}}, false},
	}
	for _, tc := range tests {
		if got := tc.newer.Supersedes(tc.older); got != tc.want {
			t.Errorf("%v supersedes %v: %v, want %v", tc.newer, tc.older, got, tc.want)
		}
	}
}

func TestBuilder(t *testing.T) {
	text := `Kremlin spokesman Dmitry Peskov said no. "No," he said. The Kremlin spokesman added more. The Trump campaign said yes.`
	tx := saywho.NewText(text)
	span := func(s string) saywho.Span {
		i := strings.Index(text, s)
		return tx.SpanOf(i, i+len(s))
	}
	a := &saywho.Analysis{
		Article: &saywho.Article{ID: "a1", Text: text, Published: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)},
		Entities: []saywho.Entity{
			{Name: "Dmitry Peskov", Type: saywho.EntityPerson, Role: "Kremlin spokesman", Aliases: []string{"Peskov"}},
			{Name: "Kremlin", Type: saywho.EntityOrganization, Metonym: "Russian presidency"},
			{Name: "Trump", Type: saywho.EntityOrganization},
		},
		Statements: []saywho.Statement{
			{Speaker: saywho.Speaker{Name: "Dmitry Peskov", Type: saywho.Person, Entity: 0, Mention: span("Kremlin spokesman Dmitry Peskov"), Role: "Kremlin spokesman"}},
			{Speaker: saywho.Speaker{Name: "Dmitry Peskov", Type: saywho.Person, Entity: 0, Mention: span("he")}},
			{Speaker: saywho.Speaker{Type: saywho.Unknown, Entity: -1, Mention: span("The Kremlin spokesman")}},
			{Speaker: saywho.Speaker{Type: saywho.Unknown, Entity: -1, Mention: span("he said")}},
			{Speaker: saywho.Speaker{Name: "Trump", Type: saywho.Organization, Entity: 2, Mention: span("The Trump campaign")}},
		},
	}
	b := NewBuilder()
	us := b.AddAnalysis(a)
	units := b.Units()
	if len(units) != 5 {
		t.Fatalf("%d units, want 5 (3 entities, a role, the campaign): %+v", len(units), units)
	}
	if us[0] != us[1] || us[0] != 0 {
		t.Errorf("Peskov's statements in units %d and %d, want his entity's, 0", us[0], us[1])
	}
	if p := units[0]; p.Statements != 2 || len(p.Aliases) != 1 || len(p.Roles) != 1 || !p.Date.Equal(a.Article.Published) {
		t.Errorf("Peskov's unit: %+v", p)
	}
	if r := units[us[2]]; r.Name != "" || r.Type != Unknown || len(r.Said) != 1 || r.Said[0] != "The Kremlin spokesman" {
		t.Errorf("role unit: %+v", r)
	}
	if us[3] != -1 {
		t.Errorf("a pronoun got unit %d, want -1", us[3])
	}
	if c := units[us[4]]; c.Name != "Trump campaign" || c.Type != Organization || us[4] == 2 {
		t.Errorf("campaign unit %d: %+v, want Trump campaign apart from the entity Trump", us[4], c)
	}
	if b.AddAnalysis(nil) != nil || b.AddEntity("a", time.Time{}, Entity{Name: "  "}) != -1 {
		t.Errorf("empty input gave units")
	}
}
