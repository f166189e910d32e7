package identity

import (
	"strings"
	"testing"
	"time"

	saywho "github.com/saywho/saywho"
)

var nameSeeds = []string{
	"Dmitry Peskov", "Mr. Trump", "Donald J. Trump", "Donald Trump, Jr.", "Hillary Rodham Clinton",
	"J.K. Rowling", "Ursula von der Leyen", "Martin O’Malley", "Peskov's", "Kremlin spokesman",
	"the Trump campaign", "Volodymyr Zelenskyy", "Erdoğan", "Владимир Путин", "Sen. Rand Paul (R-Ky.",
	"", " ", ".", "Mr.", "'s", "\xff\xfe", "A. B. C. D.", "von", "de la",
}

// FuzzParseName checks that names of any shape are taken apart without
// panicking, and that the keys are stable.
func FuzzParseName(f *testing.F) {
	for _, s := range nameSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := ParseName(s)
		_ = n.String()
		k := NameKey(s)
		if NameKey(k) != k {
			t.Errorf("NameKey(%q) = %q, but NameKey of that is %q", s, k, NameKey(k))
		}
		for _, w := range strings.Fields(k) {
			_ = translit(w)
		}
		RoleKey(s)
		roleOnly(s)
		SpeakerName(s, saywho.Organization, "the "+s+" campaign")
		CanonicalOrganization(s)
		CanonicalPlace(s)
	})
}

// FuzzResolve resolves units made from lines "article|type|name|role|said"
// and checks the result's invariants.
func FuzzResolve(f *testing.F) {
	f.Add("a1|person|Dmitry Peskov|Kremlin spokesman|\na2|person|Dmitri Peskov||\na3|unknown|||the Kremlin spokesman\na4|person|Peskov||")
	f.Add("a1|person|John Smith|senator|\na2|person|Jane Smith|nurse|\na3|person|Smith||\na4|person|J. Smith||")
	f.Add("a1|organization|SVR||\na2|organization|Trump||the Trump campaign\na2|person|Donald Trump||\na3|place|Kiev||")
	f.Fuzz(func(t *testing.T, s string) {
		var units []Unit
		for i, line := range strings.Split(s, "\n") {
			p := strings.Split(line, "|")
			for len(p) < 5 {
				p = append(p, "")
			}
			units = append(units, Unit{Article: p[0], Type: Type(p[1]), Name: p[2], Roles: []string{p[3]},
				Said: []string{p[4]}, Aliases: []string{p[4]}, Statements: i % 3,
				Date: time.Date(2020, 1, 1+i%40, 0, 0, 0, 0, time.UTC)})
		}
		res := Resolve(units, []Rule{{Kind: Merge, Names: []string{units[0].Name, "x"}}, {Kind: Split, Names: []string{units[len(units)-1].Name}}})
		if len(res.Of) != len(units) {
			t.Fatalf("Of has %d entries for %d units", len(res.Of), len(units))
		}
		n := 0
		for k, id := range res.Identities {
			if id.Name == "" && len(id.Units) > 0 && NameKey(units[id.Units[0]].Name) != "" {
				t.Errorf("identity %d has no name: %+v", k, id)
			}
			for _, u := range id.Units {
				if res.Of[u] != k {
					t.Errorf("identity %d lists unit %d of identity %d", k, u, res.Of[u])
				}
				n++
			}
		}
		for _, k := range res.Of {
			if k >= len(res.Identities) || k < -1 {
				t.Fatalf("Of holds %d, have %d identities", k, len(res.Identities))
			}
			if k >= 0 {
				n--
			}
		}
		if n != 0 {
			t.Errorf("identities list %d more units than have one", n)
		}
	})
}
