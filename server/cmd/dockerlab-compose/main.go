// Command dockerlab-compose runs one Compose operation with Docker's
// Compose SDK for the dockerlab language server, which does not link the
// SDK (it would cost the editor's start-up; see package composesdk).
//
//	dockerlab-compose < request.json
//
// It reads a docker.ComposeRequest as JSON on stdin and writes
// docker.ComposeLine values, one JSON object per line, on stdout: events
// and log lines while it works, then the result or the error. It exits 0
// after a result, 1 after an error, 2 for a request it cannot read.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/dockerlab/dockerlab/server/composesdk"
	"github.com/dockerlab/dockerlab/server/docker"
)

func main() { os.Exit(run(os.Stdin, os.Stdout, os.Stderr)) }

func run(stdin io.Reader, stdout, stderr io.Writer) int {
	var req docker.ComposeRequest
	if err := json.NewDecoder(stdin).Decode(&req); err != nil {
		fmt.Fprintf(stderr, "dockerlab-compose: reading the request: %v\n", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var mu sync.Mutex
	enc := json.NewEncoder(stdout)
	failed := false
	composesdk.Run(ctx, req, func(l docker.ComposeLine) {
		mu.Lock()
		defer mu.Unlock()
		failed = failed || l.Error != nil
		_ = enc.Encode(l)
	})
	if failed {
		return 1
	}
	return 0
}
