package storetest

import (
	"context"
	"slices"
	"strconv"
	"testing"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/identity"
	"github.com/saywho/saywho/store"
)

// RunIdentities runs the conformance suite of store.Identities: a store
// that implements it must pass it. open must return a new, empty store
// for each call; the suite closes it. Stores without it are skipped.
func RunIdentities(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store, ids store.Identities)
	}{
		{"Speakers", testIdentitySpeakers},
		{"Entities", testIdentityEntities},
		{"Rules", testIdentityRules},
		{"NewArticles", testIdentityNewArticles},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := open(t)
			defer func() {
				if err := st.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			}()
			ids, ok := st.(store.Identities)
			if !ok {
				t.Skipf("%T does not implement store.Identities", st)
			}
			tc.fn(t, st, ids)
		})
	}
}

// The identity corpus: one spokesman under three spellings, by surname
// and by role alone; a campaign named after a person; a seat standing for
// a body; a place under two spellings; two Smiths.
var (
	idPeskov1 = Doc{ID: "id-peskov1", Published: "2024-03-01",
		Text: `Kremlin spokesman Dmitry Peskov said no talks were planned. Peskov added that none would be. The Kremlin said the sanctions were illegal.`,
		Entities: []Ent{{Name: "Dmitry Peskov", Type: saywho.EntityPerson, Aliases: []string{"Peskov"}, Mentions: []string{"Dmitry Peskov", "Peskov "}},
			{Name: "Kremlin", Type: saywho.EntityOrganization, Mentions: []string{"Kremlin"}}},
		Statements: []Stmt{
			{Kind: saywho.Indirect, Content: "no talks were planned", Mention: "Kremlin spokesman Dmitry Peskov", Cue: "said",
				Speaker: "Dmitry Peskov", Entity: 1, Role: "Kremlin spokesman"},
			{Kind: saywho.Indirect, Content: "none would be", Mention: "Peskov added", Cue: "added",
				Speaker: "Dmitry Peskov", Entity: 1, Role: "Kremlin spokesman"},
			{Kind: saywho.Indirect, Content: "the sanctions were illegal", Mention: "The Kremlin", Cue: "said",
				Speaker: "Russian presidency", Type: saywho.Organization, Entity: 2},
		}}
	idPeskov2 = Doc{ID: "id-peskov2", Published: "2024-05-10",
		Text:     `Dmitri Peskov, the Kremlin spokesman, said Moscow would respond in Kiev.`,
		Entities: []Ent{{Name: "Dmitri Peskov", Type: saywho.EntityPerson, Mentions: []string{"Dmitri Peskov"}}, {Name: "Kyiv", Type: saywho.EntityPlace, Aliases: []string{"Kiev"}, Mentions: []string{"Kiev"}}},
		Statements: []Stmt{{Kind: saywho.Indirect, Content: "Moscow would respond in Kiev", Mention: "Dmitri Peskov, the Kremlin spokesman", Cue: "said",
			Speaker: "Dmitri Peskov", Entity: 1, Role: "the Kremlin spokesman"}}}
	idPeskov3 = Doc{ID: "id-peskov3", Published: "2024-07-02",
		Text:       `Peskov said the president had no plans to travel to Kyiv.`,
		Entities:   []Ent{{Name: "Peskov", Type: saywho.EntityPerson, Mentions: []string{"Peskov"}}, {Name: "Kyiv", Type: saywho.EntityPlace, Mentions: []string{"Kyiv"}}},
		Statements: []Stmt{{Kind: saywho.Indirect, Content: "the president had no plans to travel to Kyiv", Mention: "Peskov", Cue: "said", Speaker: "Peskov", Entity: 1}}}
	idPeskov4 = Doc{ID: "id-peskov4", Published: "2024-09-15",
		Text:       `The Kremlin spokesman said the meeting would not take place.`,
		Statements: []Stmt{{Kind: saywho.Indirect, Content: "the meeting would not take place", Mention: "The Kremlin spokesman", Cue: "said"}}}
	idTrump1 = Doc{ID: "id-trump1", Published: "2024-03-09",
		Text:       `Donald Trump said he would win the state.`,
		Entities:   []Ent{{Name: "Donald Trump", Type: saywho.EntityPerson, Mentions: []string{"Donald Trump"}}},
		Statements: []Stmt{{Kind: saywho.Indirect, Content: "he would win the state", Mention: "Donald Trump", Cue: "said", Speaker: "Donald Trump", Entity: 1}}}
	idTrump2 = Doc{ID: "id-trump2", Published: "2024-03-10",
		Text:     `The Trump campaign said the poll was fake.`,
		Entities: []Ent{{Name: "Trump", Type: saywho.EntityOrganization, Mentions: []string{"Trump"}}},
		Statements: []Stmt{{Kind: saywho.Indirect, Content: "the poll was fake", Mention: "The Trump campaign", Cue: "said",
			Speaker: "Trump", Type: saywho.Organization, Entity: 1}}}
	idSmith1 = Doc{ID: "id-smith1", Published: "2024-03-06",
		Text:       `John Smith, a senator from Ohio, said the bill would pass.`,
		Entities:   []Ent{{Name: "John Smith", Type: saywho.EntityPerson, Mentions: []string{"John Smith"}}},
		Statements: []Stmt{{Kind: saywho.Indirect, Content: "the bill would pass", Mention: "John Smith, a senator from Ohio", Cue: "said", Speaker: "John Smith", Entity: 1, Role: "senator from Ohio"}}}
	idSmith2 = Doc{ID: "id-smith2", Published: "2024-03-07",
		Text:       `Jane Smith, a nurse, said the ward was full.`,
		Entities:   []Ent{{Name: "Jane Smith", Type: saywho.EntityPerson, Mentions: []string{"Jane Smith"}}},
		Statements: []Stmt{{Kind: saywho.Indirect, Content: "the ward was full", Mention: "Jane Smith, a nurse", Cue: "said", Speaker: "Jane Smith", Entity: 1, Role: "nurse"}}}
	idSmith3 = Doc{ID: "id-smith3", Published: "2024-03-08",
		Text:       `Smith said the vote would be close.`,
		Statements: []Stmt{{Kind: saywho.Indirect, Content: "the vote would be close", Mention: "Smith", Cue: "said", Speaker: "Smith"}}}
)

// IdentityFixtures returns the analyses of the identity suite's corpus:
// Dmitry Peskov as "Dmitry", "Dmitri", "Peskov" and "the Kremlin
// spokesman"; Donald Trump and the Trump campaign; John, Jane and an
// unresolved Smith; the Kremlin for the Russian presidency; Kiev and Kyiv.
func IdentityFixtures() []*saywho.Analysis {
	a := idPeskov1.Analysis()
	a.Entities[1].Metonym = "Russian presidency"
	batch := []*saywho.Analysis{a}
	for _, d := range []Doc{idPeskov2, idPeskov3, idPeskov4, idTrump1, idTrump2, idSmith1, idSmith2, idSmith3} {
		batch = append(batch, d.Analysis())
	}
	return batch
}

// idCorpus stores the identity corpus and runs Identify.
func idCorpus(t *testing.T, st store.Store, ids store.Identities) store.IdentifyStats {
	t.Helper()
	if _, err := st.Put(context.Background(), IdentityFixtures()); err != nil {
		t.Fatalf("Put: %v", err)
	}
	stats, err := ids.Identify(context.Background())
	if err != nil {
		t.Fatalf("Identify: %v", err)
	}
	return stats
}

func speakerPage(t *testing.T, st store.Store, ref string) *store.SpeakerPage {
	t.Helper()
	p, err := st.Speaker(context.Background(), ref)
	if err != nil {
		t.Fatalf("Speaker(%q): %v", ref, err)
	}
	return p
}

func testIdentitySpeakers(t *testing.T, st store.Store, ids store.Identities) {
	ctx := context.Background()
	stats := idCorpus(t, st, ids)
	if stats.ByRole != 1 || stats.Merged < 2 || stats.Names != 9 {
		t.Errorf("stats %+v: want 9 names, 1 statement resolved by role, 2 or more under another name", stats)
	}
	for _, ref := range []string{"Dmitry Peskov", "Dmitri Peskov", "Peskov", "dmitri peskov"} {
		p := speakerPage(t, st, ref)
		if p.Name != "Dmitry Peskov" || p.Statements != 5 || p.Type != saywho.Person {
			t.Errorf("Speaker(%q) = %s (%s), %d statements; want Dmitry Peskov (person), 5", ref, p.Name, p.Type, p.Statements)
		}
	}
	p := speakerPage(t, st, "Dmitry Peskov")
	for _, al := range []string{"Dmitri Peskov", "Peskov"} {
		if !slices.Contains(p.Aliases, al) {
			t.Errorf("Dmitry Peskov's aliases %v lack %q", p.Aliases, al)
		}
	}
	if len(p.Roles) == 0 || identity.RoleKey(p.Roles[0].Value) != "kremlin spokesman" || p.Roles[0].Articles != 2 {
		t.Errorf("Dmitry Peskov's roles %+v: want Kremlin spokesman in 2 articles", p.Roles)
	}
	hits := search(t, st, store.Query{Speaker: "Dmitry Peskov"})
	if len(hits) != 5 {
		t.Errorf("statements by Dmitry Peskov: %q, want 5 (the role-only one included)", texts(hits))
	}
	for _, h := range hits {
		if h.SpeakerID != p.ID {
			t.Errorf("hit %q: speaker id %d, want %d", h.Text, h.SpeakerID, p.ID)
		}
	}
	// The listing has one Peskov.
	list, err := st.Speakers(ctx, "", 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range list {
		names = append(names, s.Name)
		if s.Name == "Dmitry Peskov" && s.Statements != 5 {
			t.Errorf("listing: Dmitry Peskov with %d statements, want 5", s.Statements)
		}
	}
	for _, gone := range []string{"Dmitri Peskov", "Peskov"} {
		if slices.Contains(names, gone) {
			t.Errorf("listing %q still has %q", names, gone)
		}
	}
	// The campaign is not the person; the Smiths stay apart.
	camp, trump := speakerPage(t, st, "Trump campaign"), speakerPage(t, st, "Donald Trump")
	if camp.ID == trump.ID || camp.Type != saywho.Organization || camp.Statements != 1 || trump.Statements != 1 {
		t.Errorf("Trump campaign %+v, Donald Trump %+v: want an organisation apart, one statement each", camp.SpeakerSummary, trump.SpeakerSummary)
	}
	john, jane, smith := speakerPage(t, st, "John Smith"), speakerPage(t, st, "Jane Smith"), speakerPage(t, st, "Smith")
	if john.ID == jane.ID || smith.ID == john.ID || smith.ID == jane.ID {
		t.Errorf("Smiths merged: John %d, Jane %d, Smith %d", john.ID, jane.ID, smith.ID)
	}
	// A second run changes nothing.
	again, err := ids.Identify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if again.Changed != 0 || again.Speakers != stats.Speakers {
		t.Errorf("second Identify: %+v after %+v, want nothing changed", again, stats)
	}
}

func testIdentityEntities(t *testing.T, st store.Store, ids store.Identities) {
	ctx := context.Background()
	stats := idCorpus(t, st, ids)
	if stats.EntitiesMerged < 3 {
		t.Errorf("stats %+v: want 3 entities merged or more (Dmitri Peskov, Peskov, Kremlin)", stats)
	}
	kyiv, err := st.Entity(ctx, "Kiev")
	if err != nil {
		t.Fatal(err)
	}
	if kyiv.Name != "Kyiv" || kyiv.Articles != 2 || !slices.Contains(kyiv.Aliases, "Kiev") {
		t.Errorf("Entity(Kiev) = %+v, want Kyiv in 2 articles, alias Kiev", kyiv)
	}
	if hits := search(t, st, store.Query{Entity: "Kiev"}); len(hits) != 2 {
		t.Errorf("statements naming Kiev: %q, want 2 (Kiev and Kyiv)", texts(hits))
	}
	kr, err := st.Entity(ctx, "Kremlin")
	if err != nil {
		t.Fatal(err)
	}
	if kr.Name != "Russian presidency" || !slices.Contains(kr.Metonyms, "Kremlin") || slices.Contains(kr.Aliases, "Kremlin") {
		t.Errorf("Entity(Kremlin) = %+v, want the Russian presidency with the Kremlin as a metonym", kr)
	}
	pe, err := st.Entity(ctx, "Dmitri Peskov")
	if err != nil {
		t.Fatal(err)
	}
	if pe.Name != "Dmitry Peskov" || pe.Articles != 3 {
		t.Errorf("Entity(Dmitri Peskov) = %+v, want Dmitry Peskov in 3 articles", pe)
	}
}

func testIdentityRules(t *testing.T, st store.Store, ids store.Identities) {
	ctx := context.Background()
	idCorpus(t, st, ids)
	if err := ids.AddRule(ctx, identity.Rule{Kind: identity.Merge, Names: []string{"Smith"}}); err == nil {
		t.Errorf("AddRule accepted a merge of one name")
	}
	// Split the surname off, then re-ingest: the split holds.
	if err := ids.AddRule(ctx, identity.Rule{Kind: identity.Split, Names: []string{"Peskov"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ids.Identify(ctx); err != nil {
		t.Fatal(err)
	}
	check := func(when string, wantApart bool) {
		t.Helper()
		a, b := speakerPage(t, st, "Dmitry Peskov"), speakerPage(t, st, "Peskov")
		if apart := a.ID != b.ID; apart != wantApart {
			t.Errorf("%s: Dmitry Peskov %d and Peskov %d apart: %v, want %v", when, a.ID, b.ID, apart, wantApart)
		}
	}
	check("after split", true)
	if _, err := st.Put(ctx, []*saywho.Analysis{idPeskov3.Analysis(), idPeskov2.Analysis()}); err != nil {
		t.Fatal(err)
	}
	if _, err := ids.Identify(ctx); err != nil {
		t.Fatal(err)
	}
	check("after re-ingest", true)
	// A merge undoes the split.
	if err := ids.AddRule(ctx, identity.Rule{Kind: identity.Merge, Names: []string{"Dmitry Peskov", "Peskov"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ids.Identify(ctx); err != nil {
		t.Fatal(err)
	}
	check("after merge", false)
	// Merge the Smith of smith3 with Jane by name.
	if err := ids.AddRule(ctx, identity.Rule{Kind: identity.Merge, Names: []string{"Jane Smith", "Smith"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ids.Identify(ctx); err != nil {
		t.Fatal(err)
	}
	if jane := speakerPage(t, st, "Smith"); jane.Name != "Jane Smith" || jane.Statements != 2 {
		t.Errorf("after merge: Smith is %s with %d statements, want Jane Smith with 2", jane.Name, jane.Statements)
	}
	// Move one statement of Donald Trump to a new speaker, by its key.
	h := search(t, st, store.Query{Speaker: "Donald Trump"})
	if len(h) != 1 {
		t.Fatalf("statements by Donald Trump: %q", texts(h))
	}
	key := identity.StatementKey(h[0].Article.Hash, strconv.FormatInt(h[0].QuoteID, 10))
	if err := ids.AddRule(ctx, identity.Rule{Kind: identity.Move, Names: []string{"Donald Trump Jr."}, Statements: []string{key}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ids.Identify(ctx); err != nil {
		t.Fatal(err)
	}
	if jr := speakerPage(t, st, "Donald Trump Jr."); jr.Statements != 1 {
		t.Errorf("after move: Donald Trump Jr. has %d statements, want 1", jr.Statements)
	}
	rules, err := ids.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, r := range rules {
		kinds = append(kinds, string(r.Kind))
	}
	if want := []string{"merge", "merge", "move"}; !slices.Equal(kinds, want) {
		t.Errorf("rules %v, want %v (the split superseded)", rules, want)
	}
}

func testIdentityNewArticles(t *testing.T, st store.Store, ids store.Identities) {
	ctx := context.Background()
	idCorpus(t, st, ids)
	// A statement by a merged name goes to its identity as it is stored.
	d := Doc{ID: "id-peskov5", Published: "2024-10-01", Text: `Dmitri Peskov said the talks had ended.`,
		Statements: []Stmt{{Kind: saywho.Indirect, Content: "the talks had ended", Mention: "Dmitri Peskov", Cue: "said", Speaker: "Dmitri Peskov"}}}
	if _, err := st.Put(ctx, []*saywho.Analysis{d.Analysis()}); err != nil {
		t.Fatal(err)
	}
	if hits := search(t, st, store.Query{Speaker: "Dmitry Peskov"}); len(hits) != 6 {
		t.Errorf("statements by Dmitry Peskov before Identify: %q, want 6", texts(hits))
	}
	if _, err := ids.Identify(ctx); err != nil {
		t.Fatal(err)
	}
	if p := speakerPage(t, st, "Dmitry Peskov"); p.Statements != 6 {
		t.Errorf("Dmitry Peskov after Identify: %d statements, want 6", p.Statements)
	}
}
