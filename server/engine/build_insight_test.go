package engine

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/internal/testfs"
	controlapi "github.com/moby/buildkit/api/services/control"
	"github.com/moby/moby/api/types/image"
)

// fakeClock returns a clock that starts at t0 and moves one second on
// every reading.
func fakeClock() func() time.Time {
	n := 0
	return func() time.Time {
		n++
		return t0.Add(time.Duration(n) * time.Second)
	}
}

// sec is t0 plus n seconds.
func sec(n int) time.Time { return t0.Add(time.Duration(n) * time.Second) }

// TestClassicSteps reads lines recorded from real classic builds on dockerd
// 20.10 — testdata/lab rebuilt after a change under src/ (yarn's output
// trimmed), then a failing `RUN exit 3` as the builder reported it — with a
// clock that ticks once per reading:
// each "Step" line starts a step and ends the one before, "Using cache"
// marks the current step, the error is the last step's, the end of the
// stream ends it.
func TestClassicSteps(t *testing.T) {
	in := strings.Join([]string{
		`{"stream":"Step 1/5 : FROM node:lts-alpine"}`,
		`{"stream":"\n"}`,
		`{"stream":" ---\u003e 7ec65fc348a4\n"}`,
		`{"stream":"Step 2/5 : WORKDIR /app"}`,
		`{"stream":"\n"}`,
		`{"stream":" ---\u003e Using cache\n"}`,
		`{"stream":" ---\u003e 700609b19fcb\n"}`,
		`{"stream":"Step 3/5 : COPY . ."}`,
		`{"stream":"\n"}`,
		`{"stream":" ---\u003e 2ca27c283736\n"}`,
		`{"stream":"Step 4/5 : RUN yarn install --production"}`,
		`{"stream":"\n"}`,
		`{"stream":" ---\u003e Running in 840b79957366\n"}`,
		`{"stream":"yarn install v1.22.22\n"}`,
		`{"stream":"Done in 0.07s.\n"}`,
		`{"stream":"Removing intermediate container 840b79957366\n"}`,
		`{"stream":" ---\u003e 5d0b1e5a0f54\n"}`,
		`{"stream":"Step 5/5 : RUN exit 3"}`,
		`{"stream":"\n"}`,
		`{"stream":" ---\u003e Running in 877a24e94204\n"}`,
		`{"stream":"Removing intermediate container 877a24e94204\n"}`,
		`{"errorDetail":{"code":3,"message":"The command '/bin/sh -c exit 3' returned a non-zero code: 3"},"error":"The command '/bin/sh -c exit 3' returned a non-zero code: 3"}`,
	}, "\n")
	s := newBuildStream(io.Discard, false)
	s.now = fakeClock()
	if err := s.read(strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	const failed = "The command '/bin/sh -c exit 3' returned a non-zero code: 3"
	want := []docker.BuildStep{
		{Step: 1, Text: "FROM node:lts-alpine", Started: sec(1), Completed: sec(2)},
		{Step: 2, Text: "WORKDIR /app", Cached: true, Started: sec(2), Completed: sec(3)},
		{Step: 3, Text: "COPY . .", Started: sec(3), Completed: sec(4)},
		{Step: 4, Text: "RUN yarn install --production", Started: sec(4), Completed: sec(5)},
		{Step: 5, Text: "RUN exit 3", Started: sec(5), Completed: sec(6), Error: failed},
	}
	if got := s.steps(); !slices.Equal(got, want) {
		t.Errorf("steps:\n%s\nwant:\n%s", dumpSteps(got), dumpSteps(want))
	}
	if s.steps()[3].Duration() != time.Second {
		t.Errorf("RUN duration = %v, want 1s", s.steps()[3].Duration())
	}
}

// TestClassicStepsIgnoredWithBuildKit checks a BuildKit build's output
// (a RUN that prints "Step 1/2 : x" itself) makes no classic steps.
func TestClassicStepsIgnoredWithBuildKit(t *testing.T) {
	s := newBuildStream(io.Discard, true)
	if err := s.read(strings.NewReader(`{"stream":"Step 1/2 : x\n ---> Using cache\n"}`)); err != nil {
		t.Fatal(err)
	}
	if got := s.steps(); got != nil {
		t.Errorf("steps = %+v, want none", got)
	}
}

// TestBuildKitSteps feeds synthetic updates: a vertex listed long before
// it starts, a cached one, logs that arrive before their vertex starts, an
// error and a cancellation. Steps come in start order, with the last
// times, cache and error each vertex reported.
func TestBuildKitSteps(t *testing.T) {
	var stream strings.Builder
	for _, u := range []*controlapi.StatusResponse{
		{Vertexes: []*controlapi.Vertex{
			{Digest: "ctx", Name: "[internal] load build context", Started: at(0)},
			{Digest: "run", Name: "[3/4] RUN make"}, // listed, not started
		}},
		{Vertexes: []*controlapi.Vertex{{Digest: "ctx", Name: "[internal] load build context", Started: at(0), Completed: at(40)}}},
		{Vertexes: []*controlapi.Vertex{{Digest: "copy", Name: "[2/4] COPY . .", Cached: true, Started: at(50), Completed: at(50)}}},
		// A log before its vertex's own start update numbers it.
		{Logs: []*controlapi.VertexLog{{Vertex: "run", Timestamp: at(70), Msg: []byte("cc main.c\n")}}},
		{Vertexes: []*controlapi.Vertex{{Digest: "run", Name: "[3/4] RUN make", Started: at(60)}}},
		{Vertexes: []*controlapi.Vertex{{Digest: "run", Name: "[3/4] RUN make", Started: at(60), Completed: at(1560)}}},
		{Vertexes: []*controlapi.Vertex{
			{Digest: "test", Name: "[4/4] RUN make test", Started: at(1600), Completed: at(1700), Error: "exit code: 2"},
			{Digest: "other", Name: "[stage-1 2/2] RUN sleep 9", Started: at(1600), Completed: at(1700), Error: "context canceled"},
		}},
		// Never started: not a step.
		{Vertexes: []*controlapi.Vertex{{Digest: "export", Name: "exporting to image"}}},
	} {
		stream.WriteString(traceLine(t, u))
	}
	s := newBuildStream(io.Discard, true)
	s.now = func() time.Time { t.Error("BuildKit steps read the clock"); return time.Time{} }
	if err := s.read(strings.NewReader(stream.String())); err != nil {
		t.Fatal(err)
	}
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	want := []docker.BuildStep{
		{Vertex: "[internal] load build context", Started: ms(0), Completed: ms(40)},
		{Vertex: "[2/4] COPY . .", Cached: true, Started: ms(50), Completed: ms(50)},
		{Vertex: "[3/4] RUN make", Started: ms(60), Completed: ms(1560)},
		{Vertex: "[4/4] RUN make test", Started: ms(1600), Completed: ms(1700), Error: "exit code: 2"},
		{Vertex: "[stage-1 2/2] RUN sleep 9", Started: ms(1600), Completed: ms(1700), Error: "context canceled"},
	}
	if got := s.steps(); !slices.Equal(got, want) {
		t.Errorf("steps:\n%s\nwant:\n%s", dumpSteps(got), dumpSteps(want))
	}
}

// dumpSteps prints steps one a line for a failure message.
func dumpSteps(steps []docker.BuildStep) string {
	var b strings.Builder
	for _, s := range steps {
		fmt.Fprintf(&b, "  %q step=%d %q cached=%v %s→%s err=%q\n", s.Vertex, s.Step, s.Text, s.Cached,
			s.Started.Format("05.000"), s.Completed.Format("05.000"), s.Error)
	}
	return b.String()
}

// sha is the SHA-256 of s in hex.
func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// TestContextStats archives a context with a .dockerignore excluding
// node_modules and *.log, an excluded folder holding an exception, and a
// symbolic link, and checks what writeContextTar says it sent.
func TestContextStats(t *testing.T) {
	files := map[string]string{
		"Dockerfile":                    "FROM scratch\n",
		".dockerignore":                 "node_modules\n*.log\ndocs/\n!docs/keep.md\n",
		"package.json":                  `{"name":"app","version":"1.0.0"}` + "\n",
		"big.bin":                       strings.Repeat("x", 5000),
		"src/index.js":                  strings.Repeat("a", 300),
		"src/lib/util.js":               strings.Repeat("b", 200),
		"sub/nested.log":                "kept: *.log matches the top level only",
		"app.log":                       "excluded",
		"node_modules/dep/index.js":     "excluded with its folder",
		"node_modules/dep/package.json": "{}",
		"docs/guide.md":                 "excluded, named alone: the walk entered docs/ for the exception",
		"docs/keep.md":                  "kept",
	}
	dir := testfs.Tree(t, files)
	if err := os.Symlink("src/index.js", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	var tarBuf bytes.Buffer
	got, err := writeContextTar(&tarBuf, dir, "Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	sent := []string{"Dockerfile", ".dockerignore", "package.json", "big.bin", "src/index.js", "src/lib/util.js", "sub/nested.log", "docs/keep.md"}
	var bytesSent int64
	wantDigests := map[string]string{"link": sha("src/index.js")}
	for _, f := range sent {
		bytesSent += int64(len(files[f]))
		wantDigests[f] = sha(files[f])
	}
	if got.Files != len(sent) || got.Bytes != bytesSent {
		t.Errorf("Files, Bytes = %d, %d; want %d, %d", got.Files, got.Bytes, len(sent), bytesSent)
	}
	if !maps.Equal(got.Digests, wantDigests) {
		t.Errorf("Digests:\n got %v\nwant %v", got.Digests, wantDigests)
	}
	n := func(f string) int64 { return int64(len(files[f])) }
	wantBiggest := []docker.ContextEntry{
		{Path: "big.bin", Bytes: 5000, Files: 1},
		{Path: "src/", Bytes: 500, Files: 2},
		{Path: ".dockerignore", Bytes: n(".dockerignore"), Files: 1},
		{Path: "sub/", Bytes: n("sub/nested.log"), Files: 1},
		{Path: "package.json", Bytes: n("package.json"), Files: 1},
	} // then Dockerfile (13 bytes) and docs/ (4): seven entries, five kept
	if !slices.Equal(got.Biggest, wantBiggest) {
		t.Errorf("Biggest:\n got %+v\nwant %+v", got.Biggest, wantBiggest)
	}
	if want := []string{"app.log", "docs/guide.md", "node_modules/"}; !slices.Equal(got.Excluded, want) {
		t.Errorf("Excluded = %q, want %q", got.Excluded, want)
	}
	// What was counted is what the tar holds.
	names, _, contents := tarEntries(t, dir, "Dockerfile")
	var tarBytes int64
	for _, name := range names {
		if !strings.HasSuffix(name, "/") && name != "link" {
			tarBytes += int64(len(contents[name]))
		}
	}
	if tarBytes != got.Bytes {
		t.Errorf("the tar holds %d bytes of files, the stats say %d", tarBytes, got.Bytes)
	}
}

// TestContextStatsExcludedLimit keeps the first 100 excluded paths in
// sorted order, not walk order ("a.log" sorts before "a/b.log", which the
// walk visits first).
func TestContextStatsExcludedLimit(t *testing.T) {
	files := map[string]string{"Dockerfile": "FROM scratch\n", ".dockerignore": "**/*.log\n", "a/b.log": "x", "a.log": "x"}
	for i := range 150 {
		files[fmt.Sprintf("logs/%03d.log", i)] = "x"
	}
	got, err := writeContextTar(io.Discard, testfs.Tree(t, files), "Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Excluded) != maxExcluded || got.Excluded[0] != "a.log" || got.Excluded[1] != "a/b.log" ||
		got.Excluded[2] != "logs/000.log" || got.Excluded[99] != "logs/097.log" {
		t.Errorf("Excluded = %d paths %q … %q", len(got.Excluded), got.Excluded[:min(3, len(got.Excluded))], got.Excluded[len(got.Excluded)-1:])
	}
	if got.Files != 2 || len(got.Digests) != 2 || len(got.Biggest) != 2 {
		t.Errorf("sent %d files (%d digests, biggest %+v), want the Dockerfile and .dockerignore", got.Files, len(got.Digests), got.Biggest)
	}
}

// TestHistoryEntries turns the engine's rows, newest first, into entries
// oldest first, with "<missing>" IDs emptied.
func TestHistoryEntries(t *testing.T) {
	got := historyEntries([]image.HistoryResponseItem{
		{ID: "<missing>", CreatedBy: "CMD [\"node\" \"src/index.js\"]", Comment: "buildkit.dockerfile.v0", Created: 1796226487},
		{ID: "<missing>", CreatedBy: "RUN /bin/sh -c yarn install --production # buildkit", Size: 2395803, Comment: "buildkit.dockerfile.v0", Created: 1796226486},
		{ID: "sha256:7ec6", CreatedBy: "", Size: 141713807, Comment: "Imported from -", Tags: []string{"node:lts-alpine"}},
	})
	want := []docker.HistoryEntry{
		{ID: "sha256:7ec6", Size: 141713807, Comment: "Imported from -"},
		{CreatedBy: "RUN /bin/sh -c yarn install --production # buildkit", Size: 2395803, Comment: "buildkit.dockerfile.v0", Created: time.Unix(1796226486, 0)},
		{CreatedBy: "CMD [\"node\" \"src/index.js\"]", Comment: "buildkit.dockerfile.v0", Created: time.Unix(1796226487, 0)},
	}
	if !slices.Equal(got, want) {
		t.Errorf("historyEntries:\n got %+v\nwant %+v", got, want)
	}
	if historyEntries(nil) != nil {
		t.Error("no rows should give nil")
	}
}

// TestImageFactsCache remembers the last maxCachedImages images and
// forgets the oldest.
func TestImageFactsCache(t *testing.T) {
	var c imageFactsCache
	for i := range maxCachedImages + 2 {
		c.put(fmt.Sprintf("sha256:%d", i), imageFacts{size: int64(i + 1)})
	}
	c.put("sha256:5", imageFacts{size: 50}) // again: no second place in the order
	for i := range maxCachedImages + 2 {
		f, ok := c.get(fmt.Sprintf("sha256:%d", i))
		want := i >= 2
		if ok != want || (ok && i != 5 && f.size != int64(i+1)) {
			t.Errorf("image %d: remembered %v (%+v), want %v", i, ok, f, want)
		}
	}
	if f, _ := c.get("sha256:5"); f.size != 50 || len(c.order) != maxCachedImages {
		t.Errorf("image 5 = %+v, order %d long", f, len(c.order))
	}
	c.reset()
	if _, ok := c.get("sha256:9"); ok {
		t.Error("reset kept an image")
	}
}

// BenchmarkContextTar archives a 16 MB context of 256 files to nowhere,
// with the digests and statistics build insight takes on the way.
func BenchmarkContextTar(b *testing.B) {
	files := map[string]string{"Dockerfile": "FROM scratch\n", ".dockerignore": "*.log\n"}
	chunk := strings.Repeat("0123456789abcdef", 4096) // 64 kB
	for i := range 256 {
		files[fmt.Sprintf("dir%d/file%03d.bin", i%8, i)] = chunk
	}
	dir := testfs.Tree(b, files)
	b.SetBytes(256 * int64(len(chunk)))
	for b.Loop() {
		if _, err := writeContextTar(io.Discard, dir, "Dockerfile"); err != nil {
			b.Fatal(err)
		}
	}
}
