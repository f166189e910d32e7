// Command saywho turns news articles into a searchable record of who said
// what, when, about whom. Each subcommand lives in its own cmd_*.go file and
// only wires flags to the packages that do the work.
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

var cmdRoot = &cobra.Command{
	Use:           "saywho",
	Short:         "Who said what, when, about whom: statements from news articles",
	SilenceUsage:  true,
	SilenceErrors: true,
}

// exitError carries an exit code through cobra without printing twice.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func main() {
	if err := cmdRoot.Execute(); err != nil {
		code := 1
		if ee, ok := err.(*exitError); ok {
			code = ee.code
		}
		if err.Error() != "" {
			fmt.Fprintln(os.Stderr, "saywho:", err)
		}
		os.Exit(code)
	}
}
