package identity_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/extract"
	"github.com/saywho/saywho/identity"
)

// art is a small article written for these tests.
type art struct {
	id, date, text string
}

// corpus extracts the articles and resolves their identities. It returns
// a lookup from "article/mention as printed" (of a statement's speaker,
// or "article/=entity name" of an entity) to the identity.
func corpus(t *testing.T, arts []art, rules ...identity.Rule) (*identity.Result, func(key string) *identity.Identity) {
	t.Helper()
	x := extract.New()
	b := identity.NewBuilder()
	unitOf := map[string]int{}
	for _, a := range arts {
		d, err := time.Parse(time.DateOnly, a.date)
		if err != nil {
			t.Fatal(err)
		}
		an := x.Extract(&saywho.Article{ID: a.id, Text: a.text, Published: d})
		us := b.AddAnalysis(an)
		txt := saywho.NewText(a.text)
		for k, s := range an.Statements {
			unitOf[a.id+"/"+txt.Slice(s.Speaker.Mention)] = us[k]
		}
		for _, e := range an.Entities {
			unitOf[a.id+"/="+e.Name] = b.AddEntity(a.id, d, identity.Entity{Name: e.Name, Type: e.Type})
		}
	}
	res := identity.Resolve(b.Units(), rules)
	return res, func(key string) *identity.Identity {
		u, ok := unitOf[key]
		if !ok {
			var have []string
			for k := range unitOf {
				have = append(have, k)
			}
			t.Fatalf("no speaker or entity %q; have %s", key, strings.Join(have, "; "))
		}
		if u < 0 || res.Of[u] < 0 {
			return nil
		}
		return &res.Identities[res.Of[u]]
	}
}

func name(id *identity.Identity) string {
	if id == nil {
		return "(none)"
	}
	return fmt.Sprintf("%s (%s)", id.Name, id.Type)
}

// TestArticles runs the extractor over short articles written for the
// purpose and checks who is who across them.
func TestArticles(t *testing.T) {
	arts := []art{
		{"peskov1", "2024-03-01", `Kremlin spokesman Dmitry Peskov told reporters on Friday that no talks were planned. "There is nothing to discuss," Peskov said.`},
		{"peskov2", "2024-05-10", `Dmitri Peskov, the Kremlin spokesman, said on Monday that Moscow would respond to the sanctions.`},
		{"peskov3", "2024-07-02", `Peskov said on Tuesday that the president had no plans to travel.`},
		{"peskov4", "2024-09-15", `The Kremlin spokesman said the meeting would not take place this year.`},
		{"svr1", "2024-03-02", `Russia's Foreign Intelligence Service (SVR) said in a statement that the West was preparing provocations.`},
		{"svr2", "2024-03-09", `The SVR said on Thursday that it had evidence of the plot.`},
		{"kyiv1", "2024-03-03", `Officials in Kiev said the attack had been repelled.`},
		{"kyiv2", "2024-03-04", `Authorities in Kyiv said the power plant had been hit.`},
		{"kremlin1", "2024-03-05", `The Kremlin said the sanctions were illegal. Russia will respond, Moscow said.`},
		{"smith1", "2024-03-06", `John Smith, a senator from Ohio, said the bill would pass.`},
		{"smith2", "2024-03-07", `Jane Smith, a nurse at the hospital, said the ward was full.`},
		{"smith3", "2024-03-08", `Smith said the vote would be close.`},
		{"trump1", "2024-03-09", `Donald Trump said he would win the state.`},
		{"trump2", "2024-03-10", `The Trump campaign said in a statement that the poll was fake.`},
	}
	_, who := corpus(t, arts)
	same := [][]string{
		{"peskov1/Kremlin spokesman Dmitry Peskov", "peskov1/Peskov", "peskov2/Dmitri Peskov, the Kremlin spokesman", "peskov3/Peskov", "peskov4/The Kremlin spokesman"},
		{"svr1/Russia's Foreign Intelligence Service (SVR)", "svr2/The SVR"},
		{"kyiv1/=Kyiv", "kyiv2/=Kyiv"},
	}
	for _, g := range same {
		first := who(g[0])
		if first == nil {
			t.Errorf("%s: no identity", g[0])
			continue
		}
		for _, k := range g[1:] {
			if id := who(k); id == nil || id.Name != first.Name {
				t.Errorf("%s is %s, %s is %s: want one identity", g[0], name(first), k, name(id))
			}
		}
	}
	names := map[string]string{
		"peskov4/The Kremlin spokesman":              "Dmitry Peskov (person)",
		"svr2/The SVR":                               "Foreign Intelligence Service of Russia (organization)",
		"kyiv1/=Kyiv":                                "Kyiv (place)",
		"kremlin1/The Kremlin":                       "Russian presidency (organization)",
		"kremlin1/=Russia":                           "Russia (place)",
		"smith1/John Smith, a senator from Ohio":     "John Smith (person)",
		"smith2/Jane Smith, a nurse at the hospital": "Jane Smith (person)",
		"smith3/Smith":                               "Smith (person)",
		"trump1/Donald Trump":                        "Donald Trump (person)",
		"trump2/The Trump campaign":                  "Trump campaign (organization)",
	}
	for k, want := range names {
		if got := name(who(k)); got != want {
			t.Errorf("%s is %s, want %s", k, got, want)
		}
	}
	if id := who("smith3/Smith"); id == nil || !id.Pooled && id.Articles > 1 {
		t.Errorf("smith3/Smith: %+v, want a surname of its own", id)
	}
	kyiv := who("kyiv1/=Kyiv")
	if kyiv == nil || !hasAlias(kyiv, "Kiev", false) {
		t.Errorf("Kyiv: %+v, want alias Kiev", kyiv)
	}
	kremlin := who("kremlin1/The Kremlin")
	if kremlin == nil || !hasAlias(kremlin, "Kremlin", true) {
		t.Errorf("Russian presidency: %+v, want the Kremlin as a metonym", kremlin)
	}
	svr := who("svr2/The SVR")
	if svr == nil || !hasAlias(svr, "SVR", false) {
		t.Errorf("SVR: %+v, want alias SVR", svr)
	}
	peskov := who("peskov1/Peskov")
	if peskov == nil || len(peskov.Roles) == 0 || peskov.Roles[0].Value != "Kremlin spokesman" ||
		peskov.Roles[0].First.Format(time.DateOnly) != "2024-03-01" || peskov.Roles[0].Last.Format(time.DateOnly) != "2024-05-10" {
		t.Errorf("Peskov's roles: %+v, want Kremlin spokesman from 2024-03-01 to 2024-05-10", peskov)
	}
}

// TestArticlesRules checks that a user's split and merge apply to what
// the extractor found.
func TestArticlesRules(t *testing.T) {
	arts := []art{
		{"a1", "2024-03-01", `Kremlin spokesman Dmitry Peskov said no talks were planned.`},
		{"a2", "2024-03-02", `Peskov said on Tuesday that the president had no plans to travel.`},
		{"a3", "2024-03-03", `Bob said the weather was fine.`},
		{"a4", "2024-03-04", `Bob Woodward said the book was finished.`},
	}
	_, who := corpus(t, arts, identity.Rule{Kind: identity.Split, Names: []string{"Peskov"}},
		identity.Rule{Kind: identity.Merge, Names: []string{"Bob Woodward", "Bob"}})
	if a, b := who("a1/Kremlin spokesman Dmitry Peskov"), who("a2/Peskov"); a == nil || b == nil || a.Name == b.Name {
		t.Errorf("split: %s and %s, want two identities", name(a), name(b))
	}
	if a, b := who("a3/Bob"), who("a4/Bob Woodward"); a == nil || b == nil || a.Name != "Bob Woodward" || b.Name != "Bob Woodward" {
		t.Errorf("merge: %s and %s, want Bob Woodward both", name(a), name(b))
	}
}

func hasAlias(id *identity.Identity, alias string, metonym bool) bool {
	for _, a := range id.Aliases {
		if a.Name == alias && a.Metonym == metonym {
			return true
		}
	}
	return false
}
