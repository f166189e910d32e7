package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/saywho/saywho/extract"
)

// pipelineFlags choose the extraction of a command that extracts.
type pipelineFlags struct {
	name    string  // --pipeline
	minConf float64 // --min-confidence
}

// addPipelineFlags adds --pipeline, the full pipeline (rules and learned
// models, the default) or the rules alone, about twice as fast and less
// complete (docs/ACCURACY.md); and --min-confidence.
func addPipelineFlags(cmd *cobra.Command, p *pipelineFlags) {
	cmd.Flags().StringVar(&p.name, "pipeline", "full", "extraction pipeline: full (rules and learned models) or rules (faster, less complete)")
	cmd.Flags().Float64Var(&p.minConf, "min-confidence", 0, "leave out statements whose confidence is below this (0 to 1; 0 keeps all)")
}

// newExtractor returns the extractor the flags name.
func newExtractor(p pipelineFlags) (*extract.Extractor, error) {
	if p.minConf < 0 || p.minConf > 1 || p.minConf != p.minConf {
		return nil, fmt.Errorf("--min-confidence %v is not between 0 and 1", p.minConf)
	}
	switch p.name {
	case "full", "":
		return extract.NewWith(extract.Options{MinConfidence: p.minConf}), nil
	case "rules":
		return extract.NewWith(extract.Options{RulesOnly: true, MinConfidence: p.minConf}), nil
	}
	return nil, fmt.Errorf("unknown --pipeline %q (want full or rules)", p.name)
}
