package storetest

import (
	"fmt"

	saywho "github.com/saywho/saywho"
)

// The fixture corpus: a briefing reported by three outlets, a verbatim
// reprint of the first report, and generated articles for volume. The
// texts are written for these tests.
var (
	wireText = `Kremlin rejects talks offer
MOSCOW, Nov 29
"Tokyo's unfriendly actions completely hinder negotiations," Kremlin spokesman Dmitry Peskov told reporters.
Peskov said the sanctions against Japan would stay in place.
The Foreign Ministry said that Bucharest had no evidence of interference.
`
	docWire = Doc{
		ID: "wire-1", Outlet: "Wire One", URL: "https://wire.example/a1", Published: "2024-11-29",
		Text: wireText,
		Statements: []Stmt{
			{Kind: saywho.Direct, Content: `"Tokyo's unfriendly actions completely hinder negotiations,"`,
				Mention: "Kremlin spokesman Dmitry Peskov", Cue: "told reporters", Speaker: "Dmitry Peskov", Entity: 1,
				Role: "Kremlin spokesman", Org: "Kremlin"},
			{Kind: saywho.Indirect, Content: "the sanctions against Japan would stay in place",
				Mention: "Peskov", Cue: "said", Speaker: "Dmitry Peskov", Entity: 1},
			{Kind: saywho.Indirect, Content: "Bucharest had no evidence of interference",
				Mention: "The Foreign Ministry", Cue: "said that", Speaker: "Russian Foreign Ministry",
				Type: saywho.Organization, Entity: 5},
		},
		Entities: []Ent{
			{Name: "Dmitry Peskov", Type: saywho.EntityPerson, Aliases: []string{"Peskov"}, Mentions: []string{"Peskov"}},
			{Name: "Tokyo", Type: saywho.EntityPlace, Mentions: []string{"Tokyo"}},
			{Name: "Japan", Type: saywho.EntityPlace, Mentions: []string{"Japan"}},
			{Name: "Bucharest", Type: saywho.EntityPlace, Mentions: []string{"Bucharest"}},
			{Name: "Russian Foreign Ministry", Type: saywho.EntityOrganization, Aliases: []string{"Foreign Ministry"}, Mentions: []string{"Foreign Ministry"}},
		},
	}
	// docReprint is docWire's very text from another outlet.
	docReprint = Doc{ID: "other-9", Outlet: "Other Paper", URL: "https://other.example/9", Published: "2024-11-30",
		Text: wireText, Statements: docWire.Statements, Entities: docWire.Entities}

	docPlanet = Doc{
		ID: "planet-7", Outlet: "Daily Planet", URL: "https://planet.example/news/7", Published: "2024-12-02",
		Text: `Peace talks stalled, says Moscow
“Tokyo’s unfriendly actions completely  hinder negotiations”, Peskov told journalists on Friday.
Separately, Ishiba said Japan wanted peace talks to resume soon.
Someone said it would rain.
`,
		Statements: []Stmt{
			{Kind: saywho.Direct, Content: "“Tokyo’s unfriendly actions completely  hinder negotiations”",
				Mention: "Peskov", Cue: "told journalists", Speaker: "Dmitry Peskov", Entity: 1},
			{Kind: saywho.Indirect, Content: "Japan wanted peace talks to resume soon", Mention: "Ishiba", Cue: "said",
				Speaker: "Shigeru Ishiba", Entity: 3, Role: "Prime Minister", Org: "Government of Japan"},
			{Kind: saywho.Indirect, Content: "it would rain", Mention: "Someone", Cue: "said"},
		},
		Entities: []Ent{
			{Name: "Dmitry Peskov", Type: saywho.EntityPerson, Mentions: []string{"Peskov"}},
			{Name: "Tokyo", Type: saywho.EntityPlace, Mentions: []string{"Tokyo"}},
			{Name: "Shigeru Ishiba", Type: saywho.EntityPerson, Aliases: []string{"Ishiba"}, Mentions: []string{"Ishiba"}},
			{Name: "Japan", Type: saywho.EntityPlace, Mentions: []string{"Japan"}},
		},
	}

	docHerald = Doc{
		ID: "herald-3", Outlet: "Herald", URL: "https://herald.example/3", Published: "2025-03-10",
		Text: `Peskov on peace
Dmitry Peskov said peace negotiations were possible in principle.
"We are ready for peacekeeping talks," he added.
`,
		Statements: []Stmt{
			{Kind: saywho.Indirect, Content: "peace negotiations were possible in principle", Mention: "Dmitry Peskov",
				Cue: "said", Speaker: "Dmitry Peskov", Entity: 1, Role: "Kremlin spokesman"},
			{Kind: saywho.Direct, Content: `"We are ready for peacekeeping talks,"`, Mention: "he", Cue: "added",
				Speaker: "Dmitry Peskov", Entity: 1},
		},
		Entities: []Ent{{Name: "Dmitry Peskov", Type: saywho.EntityPerson, Mentions: []string{"Dmitry Peskov"}}},
	}

	// docUndated has no publication date.
	docUndated = Doc{
		ID: "notes", Text: "Notes\nPeskov said the negotiations had not started.\n",
		Statements: []Stmt{{Kind: saywho.Indirect, Content: "the negotiations had not started", Mention: "Peskov",
			Cue: "said", Speaker: "Dmitry Peskov"}},
	}
)

// Generated returns n small articles with one statement each, from
// outlets "Outlet 0".."Outlet 2", one a day from 2020-01-01, all naming
// the budget. Speaker i%5.
func Generated(n int) []Doc {
	docs := make([]Doc, n)
	for i := range docs {
		text := fmt.Sprintf("Report %d\nMinister %d said the budget for project %d would grow by %d percent.\n", i, i%5, i, i%17)
		day := fmt.Sprintf("2020-%02d-%02d", 1+i/28%12, 1+i%28)
		docs[i] = Doc{
			ID: fmt.Sprintf("gen-%d", i), Outlet: fmt.Sprintf("Outlet %d", i%3),
			URL: fmt.Sprintf("https://gen.example/%d", i), Published: day, Text: text,
			Statements: []Stmt{{Kind: saywho.Indirect,
				Content: fmt.Sprintf("the budget for project %d would grow by %d percent", i, i%17),
				Mention: fmt.Sprintf("Minister %d", i%5), Cue: "said", Speaker: fmt.Sprintf("Minister %d", i%5)}},
		}
	}
	return docs
}

// Fixtures returns the fixture corpus in the order the suite stores it: a
// briefing reported by three outlets, an undated note, and a verbatim
// reprint of the first report by a fourth outlet. Other packages' tests
// (the CLI, the HTTP API) use it to fill a store with known answers.
func Fixtures() []Doc {
	return []Doc{docWire, docPlanet, docHerald, docUndated, docReprint}
}
