// Command gen makes the gazetteer's embedded data: gazetteer/entries.tsv
// from the world-countries npm package and gazetteer/data, and the key
// package's fold table from golang.org/x/text. Run it from the gazetteer
// directory (go generate ./gazetteer does).
//
// It fetches world-countries with `npm pack`; -countries names a
// countries.json or an npm tarball to use instead, for a machine without
// npm or network.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/saywho/saywho/gazetteer/internal/build"
)

func main() {
	dir := flag.String("dir", ".", "the gazetteer package directory")
	countries := flag.String("countries", "", "world-countries countries.json or .tgz (default: fetch with npm pack)")
	flag.Parse()
	if err := run(*dir, *countries); err != nil {
		fmt.Fprintln(os.Stderr, "gazetteer gen:", err)
		os.Exit(1)
	}
}

func run(dir, countries string) error {
	var src []byte
	var err error
	switch {
	case countries == "":
		src, err = build.FetchCountries(context.Background())
	case strings.HasSuffix(countries, ".tgz") || strings.HasSuffix(countries, ".tar.gz"):
		var f *os.File
		if f, err = os.Open(countries); err == nil {
			src, err = build.CountriesFromTarball(f)
			f.Close()
		}
	default:
		if src, err = os.ReadFile(countries); err == nil {
			err = build.CheckCountries(src)
		}
	}
	if err != nil {
		return err
	}
	fold, err := build.FoldTable()
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "internal", "key", "fold_gen.go"), fold, 0o644); err != nil {
		return err
	}
	out, err := build.Entries(build.Inputs{Countries: src, Data: os.DirFS(filepath.Join(dir, "data"))})
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "entries.tsv"), out, 0o644)
}
