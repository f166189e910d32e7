package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	saywho "github.com/saywho/saywho"
	"github.com/saywho/saywho/store"
	"github.com/saywho/saywho/store/storetest"
)

// FuzzSearch checks that no search text reaches FTS5 as syntax: whatever
// is typed, Search returns results or ErrBadQuery, never another error.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"peace", `"peace talks"`, "peace*", "rain OR snow", "peace -war", `NEAR(a b)`,
		`text:peace`, `"unclosed`, `*`, `a AND (`, `^peace`, `"""`, "Tokyo’s", "«paix» -„krieg“", "- -- -* OR OR"} {
		f.Add(s)
	}
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	docs := storetest.Generated(20)
	batch := make([]*saywho.Analysis, len(docs))
	for i, d := range docs {
		batch[i] = d.Analysis()
	}
	if _, err := db.Put(ctx, batch); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		_, err := db.Search(ctx, store.Query{Text: text, Limit: 5})
		if err != nil && !errors.Is(err, store.ErrBadQuery) {
			t.Fatalf("Search(%q): %v", text, err)
		}
	})
}
