package lsp

import (
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/engine"
	"github.com/dockerlab/dockerlab/server/internal/enginetest"
)

// labBaseImage is the lab's base image; scripts/make-lab-image.sh
// makes it offline on every test machine.
const labBaseImage = "node:lts-alpine"

// TestFirstCompletionListsImagesOnRealEngine starts a server on the real
// engine the way `dockerlab lsp` does, opens a Dockerfile and asks for
// completion after `FROM ` once: that very first answer already lists the
// lab's base image, because the server listed the images after initialized.
// Like an editor, it asks once the document's diagnostics came (a learner
// types after the file opened), but never asks twice. A missing engine or
// image fails the test: engine tests never skip.
func TestFirstCompletionListsImagesOnRealEngine(t *testing.T) {
	ctx := enginetest.Timeout(t, time.Minute)
	host := engine.ResolveHost("")
	cli, _ := enginetest.Connect(t, func() (*engine.Client, error) { return engine.NewForHost(host) })
	if _, err := cli.ImageInspect(ctx, labBaseImage); err != nil {
		t.Fatalf("the engine lacks %s (run scripts/make-lab-image.sh): %v", labBaseImage, err)
	}

	e := startServer(t, Options{Engine: cli, Images: cli, Ping: cli.Ping, Host: host})
	e.initialize(map[string]any{"trusted": true})
	const uri = "file:///lab/prefetch-engine/Dockerfile"
	e.open(uri, "FROM \n", 1)
	e.diagnostics(uri, 1)
	l := completeAt(t, e, uri, 0, 5, " ")
	labels := completionLabels(l)
	if !contains(labels, labBaseImage) || l.IsIncomplete {
		t.Fatalf("the first completion after FROM lacks %s: %v incomplete=%v", labBaseImage, labels, l.IsIncomplete)
	}
}
