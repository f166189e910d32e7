package identity_test

import (
	"bufio"
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/article"
	"github.com/saywho/saywho/extract"
	"github.com/saywho/saywho/identity"
	"github.com/saywho/saywho/store"
)

var (
	polnearPath = flag.String("polnear", "../../shared/eval/polnear-train.jsonl", "PolNeAR articles for TestPolNeAR")
	sampleOut   = flag.String("sample", "", "TestPolNeAR: write a random sample of 50 merges, with their contexts, to this file")
)

// loadPolNeAR reads and analyses the PolNeAR articles, in parallel.
func loadPolNeAR(t testing.TB, path string) []*saywho.Analysis {
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("PolNeAR data not available (%v): skipping", err)
	}
	defer f.Close()
	var ins []article.Input
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for sc.Scan() {
		var d struct {
			DocID string `json:"doc_id"`
			Text  string `json:"text"`
			Meta  struct {
				Publisher string `json:"publisher"`
				Date      string `json:"publication_date"`
				Title     string `json:"title"`
			} `json:"meta"`
		}
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		ins = append(ins, article.Input{ID: d.DocID, Name: d.DocID, ContentType: "text/plain; charset=utf-8",
			Body: []byte(d.Text), Meta: map[string]string{"publisher": d.Meta.Publisher, "published": d.Meta.Date, "title": d.Meta.Title}})
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	out := make([]*saywho.Analysis, len(ins))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := extract.New()
			for i := range next {
				art, err := article.Read(ins[i])
				if err != nil {
					continue
				}
				out[i] = x.Extract(art)
			}
		}()
	}
	for i := range ins {
		next <- i
	}
	close(next)
	wg.Wait()
	return slices.DeleteFunc(out, func(a *saywho.Analysis) bool { return a == nil })
}

// TestPolNeAR measures identity on real news: speaker identities before
// (one per normalised name, as the store keys speakers without identity)
// and after resolution, and the merges by kind. With -sample it writes 50
// random merges with their contexts, for checking by hand.
func TestPolNeAR(t *testing.T) {
	if testing.Short() {
		t.Skip("analyses 840 articles")
	}
	as := loadPolNeAR(t, *polnearPath)
	b := identity.NewBuilder()
	type stmtRef struct {
		a, s int
	}
	var refs [][]stmtRef // unit -> statements
	before := map[string]bool{}
	for ai, a := range as {
		us := b.AddAnalysis(a)
		for si, u := range us {
			if n := store.NormalizeName(a.Statements[si].Speaker.Name); n != "" {
				before[n] = true
			}
			if u < 0 {
				continue
			}
			for len(refs) <= u {
				refs = append(refs, nil)
			}
			refs[u] = append(refs[u], stmtRef{ai, si})
		}
	}
	units := b.Units()
	res := identity.Resolve(units, nil)
	after, pooled := 0, 0
	for _, id := range res.Identities {
		if id.Statements > 0 {
			after++
			if id.Pooled {
				pooled++
			}
		}
	}
	resolvedByRole := 0
	reasons := map[identity.Reason]int{}
	type merge struct {
		unit int
		why  identity.Reason
	}
	var merges []merge
	for u := range units {
		if units[u].Statements == 0 || res.Of[u] < 0 {
			continue
		}
		if res.Why[u] == identity.RoleAtDate {
			resolvedByRole++
		}
		if res.Why[u] != identity.SameName {
			reasons[res.Why[u]]++
			merges = append(merges, merge{u, res.Why[u]})
		}
	}
	speaking := 0
	for _, u := range units {
		if u.Statements > 0 {
			speaking++
		}
	}
	t.Logf("%d articles, %d units (%d speaking)", len(as), len(units), speaking)
	t.Logf("speaker identities: %d before (distinct normalised names), %d after (%d of them pooled surnames)", len(before), after, pooled)
	t.Logf("speaking units merged under another name: %d; role-only speakers resolved: %d", len(merges), resolvedByRole)
	for r, n := range reasons {
		t.Logf("  %-20s %d", r, n)
	}
	top := slices.Clone(res.Identities)
	slices.SortFunc(top, func(a, b identity.Identity) int { return cmp.Compare(b.Statements, a.Statements) })
	for _, id := range top[:min(25, len(top))] {
		var al []string
		for _, a := range id.Aliases {
			al = append(al, a.Name)
		}
		t.Logf("  %5d %s (%s) aka %s", id.Statements, id.Name, id.Type, strings.Join(al[:min(8, len(al))], "; "))
	}
	if *sampleOut == "" {
		return
	}
	rng := rand.New(rand.NewPCG(7, 7))
	rng.Shuffle(len(merges), func(i, j int) { merges[i], merges[j] = merges[j], merges[i] })
	var sb strings.Builder
	for k, m := range merges[:min(50, len(merges))] {
		u := units[m.unit]
		id := res.Identities[res.Of[m.unit]]
		name := u.Name
		if name == "" {
			name = "(" + strings.Join(u.Said, "; ") + ")"
		}
		fmt.Fprintf(&sb, "## %d. %q -> %q [%s] article %s %s\n", k+1, name, id.Name, m.why, u.Article, u.Date.Format("2006-01-02"))
		fmt.Fprintf(&sb, "roles %v orgs %v; identity roles %v\n", u.Roles, u.Orgs, attrValues(id.Roles, 5))
		r := refs[m.unit][0]
		a := as[r.a]
		txt := saywho.NewText(a.Article.Text)
		s := a.Statements[r.s]
		sp := s.Speaker.Mention
		if sp.Empty() {
			sp = s.Content
		}
		ctx := saywho.Span{Start: max(0, sp.Start-300), End: min(txt.Len(), sp.End+200)}
		fmt.Fprintf(&sb, "mention %q\n> %s\n\n", txt.Slice(s.Speaker.Mention), strings.ReplaceAll(txt.Slice(ctx), "\n", " "))
	}
	// Every distinct merge (name, identity, reason), most frequent first,
	// for checking the rarer kinds beyond the random sample.
	type pair struct{ name, id, why string }
	count := map[pair]int{}
	for _, m := range merges {
		u := units[m.unit]
		name := u.Name
		if name == "" {
			name = "(" + strings.Join(u.Said, "; ") + ")"
		}
		count[pair{name, res.Identities[res.Of[m.unit]].Name, m.why.String()}]++
	}
	pairs := make([]pair, 0, len(count))
	for p := range count {
		pairs = append(pairs, p)
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		if c := cmp.Compare(count[b], count[a]); c != 0 {
			return c
		}
		return cmp.Compare(a.name+a.id, b.name+b.id)
	})
	fmt.Fprintf(&sb, "# All %d distinct merges\n\n", len(pairs))
	for _, p := range pairs {
		fmt.Fprintf(&sb, "%4d  %-18s %q -> %q\n", count[p], p.why, p.name, p.id)
	}
	if err := os.WriteFile(*sampleOut, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func attrValues(as []identity.Attribute, n int) []string {
	var out []string
	for _, a := range as[:min(n, len(as))] {
		out = append(out, a.Value)
	}
	return out
}
