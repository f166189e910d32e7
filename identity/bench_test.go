package identity

import (
	"fmt"
	"testing"
	"time"
)

// benchUnits makes a corpus of n units: people named in full, by
// surname, by variant spellings and by role, and organisations, spread
// over n/5 articles.
func benchUnits(n int) []Unit {
	given := []string{"Dmitry", "Dmitri", "John", "Jane", "Joe", "Joseph", "Maria", "Ahmed"}
	sur := make([]string, n/20+1)
	for i := range sur {
		sur[i] = fmt.Sprintf("Surname%c%c%d", 'A'+i%26, 'a'+i/26%26, i)
	}
	units := make([]Unit, 0, n)
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; len(units) < n; i++ {
		art := fmt.Sprintf("a%d", i/5)
		d := start.AddDate(0, 0, i/50)
		s := sur[(i*7)%len(sur)]
		switch i % 5 {
		case 0, 1:
			units = append(units, Unit{Article: art, Date: d, Type: Person, Name: given[i%len(given)] + " " + s,
				Roles: []string{fmt.Sprintf("minister of %d", i%97)}, Statements: 1})
		case 2:
			units = append(units, Unit{Article: art, Date: d, Type: Person, Name: "Mr. " + s, Statements: 2})
		case 3:
			units = append(units, Unit{Article: art, Date: d, Type: Unknown, Said: []string{fmt.Sprintf("the minister of %d", i%97)}, Statements: 1})
		default:
			units = append(units, Unit{Article: art, Date: d, Type: Organization, Name: []string{"SVR", "NATO", "Acme Corp", "the Kremlin"}[i%4]})
		}
	}
	return units
}

func BenchmarkResolve(b *testing.B) {
	units := benchUnits(20000)
	size := 0
	for _, u := range units {
		size += len(u.Name) + len(u.Article)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		Resolve(units, nil)
	}
}

func BenchmarkParseName(b *testing.B) {
	size := 0
	for _, s := range nameSeeds {
		size += len(s)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range nameSeeds {
			ParseName(s)
		}
	}
}
