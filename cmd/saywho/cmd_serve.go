package main

import (
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/saywho/saywho/extract"
	"github.com/saywho/saywho/server"
)

var serveFlags struct {
	db, addr, token string
	maxBody         int64
}

var cmdServe = &cobra.Command{
	Use:   "serve",
	Short: "Serve the web UI and the HTTP JSON API",
	Long: `Serve answers searches over the store in a browser and as JSON (the API is
described at /api/openapi.json). It reads while saywho ingest writes to the
same database.

POST /api/articles adds articles only when a token is set: --token, or the
SAYWHO_TOKEN environment variable (better: a flag shows in the process list).`,
	Example: `  saywho serve --db saywho.db
  SAYWHO_TOKEN=s3cret saywho serve --addr 127.0.0.1:9000`,
	Args: cobra.NoArgs,
	RunE: runServe,
}

func init() {
	fl := cmdServe.Flags()
	addDBFlag(cmdServe, &serveFlags.db)
	fl.StringVar(&serveFlags.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fl.StringVar(&serveFlags.token, "token", "", "bearer token enabling POST /api/articles (default $SAYWHO_TOKEN)")
	fl.Int64Var(&serveFlags.maxBody, "max-body", server.DefaultMaxBody, "largest request body in bytes")
	cmdRoot.AddCommand(cmdServe)
}

func runServe(cmd *cobra.Command, _ []string) error {
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	token := serveFlags.token
	if token == "" {
		token = os.Getenv("SAYWHO_TOKEN")
	}
	st, err := openStore(ctx, serveFlags.db, false)
	if err != nil {
		return err
	}
	defer st.Close()
	opts := server.Options{Token: token, MaxBody: serveFlags.maxBody,
		Log: slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), nil))}
	if token != "" {
		opts.Extractor = extract.New()
	}
	srv, err := server.New(st, opts)
	if err != nil {
		return err
	}
	return srv.Serve(ctx, serveFlags.addr, func(addr string) {
		adding := "adding articles disabled (no token)"
		if token != "" {
			adding = "POST /api/articles enabled"
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "saywho: serving %s on http://%s (%s)\n", serveFlags.db, addr, adding)
	})
}
