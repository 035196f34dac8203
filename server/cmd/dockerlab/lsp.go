package main

import (
	"context"
	"flag"
	"io"

	"github.com/dockerlab/dockerlab/server/engine"
	"github.com/dockerlab/dockerlab/server/lsp"
)

// runLSP serves LSP on stdin/stdout. The Docker client is created without
// contacting the engine, so start-up never waits for Docker.
func runLSP(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("lsp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	level := fs.String("log-level", "info", "log level: debug, info, warn, error")
	_ = fs.Bool("stdio", true, "serve over stdin/stdout (the only transport; accepted for editors that pass it)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	log := newLogger(stderr, *level)
	opts := lsp.Options{Log: log, Version: version}
	if cli, err := engine.New(); err != nil {
		log.Warn("docker client unavailable", "err", err)
	} else {
		defer cli.Close()
		opts.Engine = cli
		opts.Images = cli
		opts.Ping = func(ctx context.Context) error { _, err := cli.Ping(ctx); return err }
	}
	ctx, cancel := signalContext()
	defer cancel()
	if err := lsp.Serve(ctx, stdin, stdout, opts); err != nil {
		log.Info("server stopped", "reason", err)
		return 1
	}
	return 0
}
