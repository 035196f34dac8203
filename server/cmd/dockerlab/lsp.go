package main

import (
	"context"
	"flag"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/dockerlab/dockerlab/server/composeproc"
	"github.com/dockerlab/dockerlab/server/engine"
	"github.com/dockerlab/dockerlab/server/k8sproc"
	"github.com/dockerlab/dockerlab/server/lsp"
	"github.com/dockerlab/dockerlab/server/profile"
	"github.com/dockerlab/dockerlab/server/registry"
)

// runLSP serves LSP on stdin/stdout; the Docker client does not contact the engine yet.
func runLSP(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("lsp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	level := fs.String("log-level", "info", "log level: debug, info, warn, error")
	_ = fs.Bool("stdio", true, "serve over stdin/stdout (the only transport; accepted for editors that pass it)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	log := newLogger(stderr, *level)
	defer profile.FromEnv(log.Warn)()
	var clients []*engine.Client
	defer func() {
		for _, c := range clients {
			c.Close()
		}
	}()
	// connect makes the engine options for a host setting ("" = DOCKER_HOST,
	// the current Docker context, or the default socket).
	connect := func(setting string) (lsp.Options, error) {
		host := engine.ResolveHost(setting)
		cli, err := engine.NewForHost(host)
		if err != nil {
			return lsp.Options{Host: host}, err
		}
		clients = append(clients, cli)
		return lsp.Options{Engine: cli, Images: cli, Ping: cli.Ping, Host: host}, nil
	}
	opts, err := connect("")
	if err != nil {
		log.Warn("docker client unavailable", "err", err)
	}
	opts.Log, opts.Version, opts.Connect, opts.Registries = log, version, connect, registry.New("") // Docker's own config and helpers
	opts.Compose, opts.K8s = composeproc.Auto{}, k8sproc.Auto{}                                     // the helpers beside this binary, found when an action needs them
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	if err := lsp.Serve(ctx, stdin, stdout, opts); err != nil {
		log.Info("server stopped", "reason", err)
		return 1
	}
	return 0
}
