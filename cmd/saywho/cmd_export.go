package main

import (
	"bufio"
	"encoding/json"
	"strings"

	"github.com/spf13/cobra"

	"github.com/saywho/saywho/store"
)

var exportFlags filterFlags

var cmdExport = &cobra.Command{
	Use:   "export [QUERY]",
	Short: "Write every stored statement matching the filters, as JSON Lines or CSV",
	Long: `Export streams the statements matching QUERY and the filters (all of them
without any), in the order they were stored, each with its article's metadata.
QUERY and the filters are those of saywho search.`,
	Example: `  saywho export --speaker "Dmitry Peskov" --format csv > peskov.csv`,
	RunE:    runExport,
}

func init() {
	exportFlags.add(cmdExport, "jsonl|csv", 0)
	cmdRoot.AddCommand(cmdExport)
}

func runExport(cmd *cobra.Command, args []string) error {
	if err := exportFlags.checkFormat("jsonl", "csv"); err != nil {
		return err
	}
	q, err := exportFlags.query(strings.Join(args, " "))
	if err != nil {
		return queryError(err)
	}
	ctx := cmd.Context()
	st, err := openStore(ctx, exportFlags.db, false)
	if err != nil {
		return err
	}
	defer st.Close()
	w := bufio.NewWriterSize(cmd.OutOrStdout(), 1<<16)
	var write func(*store.Hit) error
	var flush func() error
	if exportFlags.format == "csv" {
		cw := newHitCSV(w)
		write = func(h *store.Hit) error { cw.write(h); return nil }
		flush = cw.flush
	} else {
		enc := json.NewEncoder(w)
		write = func(h *store.Hit) error { return enc.Encode(h) }
		flush = func() error { return nil }
	}
	if err := st.Export(ctx, q, write); err != nil {
		w.Flush()
		return queryError(err)
	}
	if err := flush(); err != nil {
		return err
	}
	return w.Flush()
}
