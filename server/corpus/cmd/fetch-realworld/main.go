// Command fetch-realworld builds the real-world Dockerfile corpus ahead of
// the tests: it reads testdata/realworld-modules/MANIFEST.tsv, downloads the
// listed Go modules that the cache lacks and extracts the listed files into
// .tools/realworld/, exactly as the tests would on a cold cache. After it,
// the tests read the corpus without the network.
//
//	go run ./server/corpus/cmd/fetch-realworld         # build the cache, say where it is
//	go run ./server/corpus/cmd/fetch-realworld -list   # and print each file's path, one a line
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/dockerlab/dockerlab/server/corpus"
)

func main() {
	list := flag.Bool("list", false, "print the path of every corpus file in the cache, one a line")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	start := time.Now()
	files, err := corpus.LoadRealWorld(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fetch-realworld:", err)
		os.Exit(1)
	}
	dir, err := corpus.RealWorldCache()
	if err != nil {
		fmt.Fprintln(os.Stderr, "fetch-realworld:", err)
		os.Exit(1)
	}
	modules := map[string]bool{}
	for _, f := range files {
		modules[f.Origin.Module] = true
		if *list {
			fmt.Println(filepath.Join(dir, filepath.FromSlash(f.Name)))
		}
	}
	fmt.Fprintf(os.Stderr, "%d files from %d modules in %s (%s)\n", len(files), len(modules), dir, time.Since(start).Round(time.Millisecond))
}
