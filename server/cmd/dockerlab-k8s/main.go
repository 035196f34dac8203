// Command dockerlab-k8s runs one Kubernetes operation with client-go for
// the dockerlab language server, which does not link client-go (it would
// cost the editor's start-up; see package k8ssdk).
//
//	dockerlab-k8s < request.json
//
// It reads a k8sproto.Request as JSON on stdin and writes k8sproto.Line
// values, one JSON object per line, on stdout: events and log lines while
// it works, then the result or the error (a port-forward writes its result
// when it listens and keeps forwarding until it is interrupted). It exits
// 0 after a result, 1 after an error, 2 for a request it cannot read.
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

	"github.com/dockerlab/dockerlab/server/k8sproto"
	"github.com/dockerlab/dockerlab/server/k8ssdk"
	"github.com/dockerlab/dockerlab/server/kindsdk"
)

func main() { os.Exit(run(os.Stdin, os.Stdout, os.Stderr)) }

func run(stdin io.Reader, stdout, stderr io.Writer) int {
	var req k8sproto.Request
	if err := json.NewDecoder(stdin).Decode(&req); err != nil {
		fmt.Fprintf(stderr, "dockerlab-k8s: reading the request: %v\n", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var mu sync.Mutex
	enc := json.NewEncoder(stdout)
	failed := false
	emit := func(l k8sproto.Line) {
		mu.Lock()
		defer mu.Unlock()
		failed = failed || l.Error != nil
		_ = enc.Encode(l)
	}
	switch req.Op {
	case k8sproto.OpCreateCluster, k8sproto.OpDeleteCluster:
		kindsdk.Run(ctx, req, emit)
	default:
		k8ssdk.Run(ctx, req, emit)
	}
	if failed {
		return 1
	}
	return 0
}
