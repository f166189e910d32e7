package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/saywho/saywho/store"
	_ "github.com/saywho/saywho/store/postgres" // for postgres:// URLs
	_ "github.com/saywho/saywho/store/sqlite"   // the embedded store, for paths and sqlite: URLs
)

// addDBFlag adds --db to a command that uses the store.
func addDBFlag(c *cobra.Command, dst *string) {
	c.Flags().StringVar(dst, "db", "saywho.db", "the store: a file path or sqlite:PATH (embedded), or postgres://...")
}

// openStore opens the store named by --db. Commands that only read pass
// create=false, so that a mistyped path is an error rather than a new
// empty database.
func openStore(ctx context.Context, url string, create bool) (store.Store, error) {
	if !create {
		if path, ok := sqlitePath(url); ok {
			if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
				return nil, fmt.Errorf("no database at %s (run saywho ingest first, or give --db)", path)
			}
		}
	}
	return store.Open(ctx, url)
}

// sqlitePath returns the file of an embedded-store URL.
func sqlitePath(url string) (string, bool) {
	if p, ok := strings.CutPrefix(url, "sqlite:"); ok {
		return p, true
	}
	if strings.Contains(url, "://") {
		return "", false
	}
	return url, true
}

// queryError gives a user's bad query exit code 2, as for bad flags.
func queryError(err error) error {
	if errors.Is(err, store.ErrBadQuery) {
		return &exitError{2, err}
	}
	return err
}
