package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/saywho/saywho/extract"
)

// addPipelineFlag adds --pipeline to a command that extracts: the full
// pipeline (rules and learned models, the default) or the rules alone,
// about twice as fast and less complete (docs/ACCURACY.md).
func addPipelineFlag(cmd *cobra.Command, p *string) {
	cmd.Flags().StringVar(p, "pipeline", "full", "extraction pipeline: full (rules and learned models) or rules (faster, less complete)")
}

// newExtractor returns the extractor a --pipeline value names.
func newExtractor(pipeline string) (*extract.Extractor, error) {
	switch pipeline {
	case "full", "":
		return extract.New(), nil
	case "rules":
		return extract.NewWith(extract.Options{RulesOnly: true}), nil
	}
	return nil, fmt.Errorf("unknown --pipeline %q (want full or rules)", pipeline)
}
