package gazetteer_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/saywho/saywho/gazetteer/internal/build"
)

var update = flag.Bool("update", false, "rewrite entries.tsv and the fold table from their sources (needs npm)")

// TestGeneratedFileIsUpToDate runs the generator on its inputs (fetching
// world-countries with npm) and checks that it reproduces the committed
// files byte for byte, twice.
func TestGeneratedFileIsUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: not fetching world-countries with npm")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	src, err := build.FetchCountries(ctx)
	if errors.Is(err, build.ErrNoNPM) {
		t.Skip("npm is not installed: cannot fetch world-countries to regenerate the gazetteer")
	}
	if err != nil {
		t.Skipf("cannot fetch world-countries %s with npm (offline?): %v", build.WorldCountriesVersion, err)
	}
	fold, err := build.FoldTable()
	if err != nil {
		t.Fatal(err)
	}
	in := build.Inputs{Countries: src, Data: os.DirFS("data")}
	entries, err := build.Entries(in)
	if err != nil {
		t.Fatal(err)
	}
	again, err := build.Entries(in)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(entries, again) {
		t.Fatal("the generator made different bytes from the same inputs")
	}
	for _, f := range []struct {
		path string
		want []byte
	}{
		{"entries.tsv", entries},
		{filepath.Join("internal", "key", "fold_gen.go"), fold},
	} {
		if *update {
			if err := os.WriteFile(f.path, f.want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		have, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(have, f.want) {
			t.Errorf("%s is not what the generator makes from its inputs: run go generate ./gazetteer (or go test ./gazetteer -update) and review the diff", f.path)
		}
	}
	if len(entries) > 1<<20 {
		t.Errorf("entries.tsv is %d bytes; keep it well under 1 MB", len(entries))
	}
}
