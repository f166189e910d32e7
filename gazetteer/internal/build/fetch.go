package build

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// The world-countries release the gazetteer is made from, and the SHA-256
// of its countries.json, so that a changed input is an error rather than a
// silently different gazetteer.
const (
	WorldCountriesVersion = "5.1.0"
	CountriesSHA256       = "359431fb9475666dfad1ea5e72e53521cef40520f65eecd08e02ba569eb8491b"
)

// ErrNoNPM is returned by FetchCountries when the npm client is not
// installed.
var ErrNoNPM = errors.New("npm not found in PATH")

// FetchCountries downloads world-countries with `npm pack` into a
// temporary directory and returns its countries.json, checked against
// CountriesSHA256.
func FetchCountries(ctx context.Context) ([]byte, error) {
	npm, err := exec.LookPath("npm")
	if err != nil {
		return nil, ErrNoNPM
	}
	dir, err := os.MkdirTemp("", "gazetteer-gen-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	cmd := exec.CommandContext(ctx, npm, "pack", "--silent", "world-countries@"+WorldCountriesVersion)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("npm pack world-countries@%s: %w: %s", WorldCountriesVersion, err, strings.TrimSpace(stderr.String()))
	}
	tgz := strings.TrimSpace(string(out))
	if i := strings.LastIndexByte(tgz, '\n'); i >= 0 {
		tgz = tgz[i+1:]
	}
	f, err := os.Open(filepath.Join(dir, filepath.Base(tgz)))
	if err != nil {
		return nil, fmt.Errorf("npm pack world-countries: %w", err)
	}
	defer f.Close()
	return CountriesFromTarball(f)
}

// CountriesFromTarball reads package/countries.json out of an npm tarball
// and checks its hash.
func CountriesFromTarball(r io.Reader) ([]byte, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("world-countries tarball: %w", err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil, errors.New("world-countries tarball: no package/countries.json")
		}
		if err != nil {
			return nil, fmt.Errorf("world-countries tarball: %w", err)
		}
		if h.Name != "package/countries.json" {
			continue
		}
		b, err := io.ReadAll(io.LimitReader(tr, 64<<20))
		if err != nil {
			return nil, fmt.Errorf("world-countries tarball: %w", err)
		}
		return b, CheckCountries(b)
	}
}

// CheckCountries reports whether b is the countries.json the gazetteer was
// made from.
func CheckCountries(b []byte) error {
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); got != CountriesSHA256 {
		return fmt.Errorf("world-countries countries.json: sha256 %s, want %s (version %s)", got, CountriesSHA256, WorldCountriesVersion)
	}
	return nil
}
