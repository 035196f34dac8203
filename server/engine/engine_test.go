package engine

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/internal/enginetest"
	"github.com/dockerlab/dockerlab/server/internal/testfs"
	"github.com/moby/moby/client"
)

// These tests need a real Docker engine and fail (never skip) without one:
// the engine package is worthless if it only passes against fakes. Start
// one with `sudo dockerd` or `sudo systemctl start docker`. No image is
// pulled: the test images are FROM scratch with a Go binary built here.

// testLabel marks everything the tests create so a crashed run can be
// cleaned up with `docker rm -f $(docker ps -aq -f label=dev.dockerlab.test=1)`.
const testLabel = "dev.dockerlab.test"

// serverSource is the program inside the test image: it greets with
// $GREETING on / and lists every file under /app on /files, which shows
// what the build context really contained.
const serverSource = `package main

import (
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello from dockerlab: %s\n", os.Getenv("GREETING"))
	})
	http.HandleFunc("/files", func(w http.ResponseWriter, r *http.Request) {
		filepath.WalkDir("/app", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				fmt.Fprintln(w, p)
			}
			return nil
		})
	})
	if err := http.ListenAndServe(":8080", nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`

// serverContext makes a build context holding the server binary, a
// Dockerfile that copies the whole context to /app, and a .dockerignore
// that leaves out secret.txt and notes/ except notes/keep.md. A file naming
// the test and a random ID makes every context unique: BuildKit gives
// identical content identical image IDs, and a test that removed "its"
// image would otherwise remove (or fail to remove) another test's.
func serverContext(t *testing.T) string {
	t.Helper()
	dir := testfs.Tree(t, map[string]string{
		"test-id.txt":       enginetest.Name(t.Name()) + "\n",
		"Dockerfile":        "FROM scratch\nCOPY . /app/\nEXPOSE 8080\nENTRYPOINT [\"/app/server\"]\n",
		".dockerignore":     "# test\nsecret.txt\nnotes/\n!notes/keep.md\n",
		"secret.txt":        "must not reach the engine\n",
		"notes/draft.md":    "excluded with its directory\n",
		"notes/keep.md":     "re-included by an exception\n",
		"static/index.html": "<h1>hi</h1>\n",
	})
	if err := os.WriteFile(filepath.Join(dir, "server"), enginetest.StaticProgram(t, serverSource), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// lineRecorder records what Build writes, and checks that every write is
// whole lines.
type lineRecorder struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	broken []string
}

func (r *lineRecorder) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !bytes.HasSuffix(p, []byte("\n")) {
		r.broken = append(r.broken, string(p))
	}
	return r.buf.Write(p)
}

func (r *lineRecorder) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.buf.String()
}

// cleanupImage removes an image when the test ends, whatever happened.
func cleanupImage(t testing.TB, c *Client, ref string) {
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := c.ImageRemove(ctx, ref); err != nil && docker.KindOf(err) != docker.NotFound {
			t.Errorf("cleanup: %v", err)
		}
	})
}

// cleanupContainers removes every container with the given run label when
// the test ends.
func cleanupContainers(t *testing.T, c *Client, runID string) {
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		list, err := c.Containers(ctx, testLabel+".run", runID, true)
		if err != nil {
			t.Errorf("cleanup: %v", err)
			return
		}
		for _, ctr := range list {
			if err := c.Remove(ctx, ctr.ID); err != nil && docker.KindOf(err) != docker.NotFound {
				t.Errorf("cleanup: %v", err)
			}
		}
	})
}

// TestLifecycle builds the server image with each builder the engine has,
// runs it on a 127.0.0.1 port, talks to it over HTTP, provokes a port
// conflict, and stops and removes everything.
func TestLifecycle(t *testing.T) {
	c, info := enginetest.Connect(t, New)
	for _, b := range buildersOf(t, info) {
		t.Run(b.String(), func(t *testing.T) { testLifecycle(t, c, b) })
	}
}

func testLifecycle(t *testing.T, c *Client, builder docker.Builder) {
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	runID := enginetest.Name("run")
	tag := enginetest.Name("dockerlab-engine-test") + ":latest"
	dir := serverContext(t)

	// Build.
	var out lineRecorder
	cleanupImage(t, c, tag)
	res, err := c.Build(ctx, docker.BuildRequest{
		ContextDir: dir,
		Dockerfile: "Dockerfile",
		Tag:        tag,
		Labels:     map[string]string{testLabel: "1"},
		Builder:    builder,
	}, &out)
	if err != nil {
		t.Fatalf("Build: %v\noutput:\n%s", err, out.String())
	}
	t.Logf("build output:\n%s", out.String())
	if !strings.HasPrefix(res.ImageID, "sha256:") || res.Tag != tag {
		t.Errorf("Build result = %+v, want an image ID and tag %s", res, tag)
	}
	if res.BuildKit != (builder == docker.BuilderBuildKit) {
		t.Errorf("BuildResult.BuildKit = %v for builder %v", res.BuildKit, builder)
	}
	if len(out.broken) > 0 {
		t.Errorf("Build wrote partial lines: %q", out.broken)
	}
	wantOut := "Step 2/5 : COPY . /app/" // the build labels become step 5
	if builder == docker.BuilderBuildKit {
		wantOut = "[1/1] COPY . /app/"
	}
	if !strings.Contains(out.String(), wantOut) {
		t.Errorf("build output lacks %q", wantOut)
	}
	if builder == docker.BuilderBuildKit && !strings.Contains(out.String(), " DONE ") {
		t.Errorf("BuildKit output lacks a DONE line")
	}

	// Inspect it as hover does.
	img, err := c.ImageInspect(ctx, tag)
	if err != nil {
		t.Fatalf("ImageInspect: %v", err)
	}
	if img.ID != res.ImageID || !slices.Equal(img.ExposedPorts, []string{"8080/tcp"}) || !slices.Equal(img.Entrypoint, []string{"/app/server"}) || img.OS != "linux" {
		t.Errorf("ImageInspect = %+v", img)
	}
	images, err := c.Images(ctx)
	if err != nil {
		t.Fatalf("Images: %v", err)
	}
	if !slices.ContainsFunc(images, func(i docker.Image) bool { return slices.Contains(i.Tags, tag) }) {
		t.Errorf("Images lacks %s", tag)
	}
	if _, err := c.ImageInspect(ctx, enginetest.Name("dockerlab-no-such-image")); docker.KindOf(err) != docker.NotFound {
		t.Errorf("ImageInspect of a missing image = %v, want NotFound", err)
	}

	// Run.
	port := enginetest.FreePort(t)
	cleanupContainers(t, c, runID)
	ctr, err := c.Run(ctx, docker.RunRequest{
		Image:  tag,
		Name:   enginetest.Name("dockerlab-engine-test"),
		Ports:  []docker.PortBinding{{HostIP: "127.0.0.1", HostPort: port, ContainerPort: 8080, Protocol: "tcp"}},
		Env:    []string{"GREETING=안녕하세요"},
		Labels: map[string]string{testLabel: "1", testLabel + ".run": runID},
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if ctr.State != "running" || ctr.ID == "" || ctr.Name == "" || ctr.Image != tag {
		t.Errorf("Run returned %+v, want a running container of %s", ctr, tag)
	}
	want := docker.PortBinding{HostIP: "127.0.0.1", HostPort: port, ContainerPort: 8080, Protocol: "tcp"}
	if !slices.Contains(ctr.Ports, want) {
		t.Errorf("Run ports = %+v, want %+v", ctr.Ports, want)
	}

	// Talk to it.
	base := "http://127.0.0.1:" + strconv.Itoa(port)
	getCtx, getCancel := context.WithTimeout(ctx, 30*time.Second)
	defer getCancel()
	body, err := enginetest.Get(getCtx, base+"/")
	if err != nil {
		t.Fatal(err)
	}
	if body != "hello from dockerlab: 안녕하세요\n" {
		t.Errorf("GET / = %q", body)
	}
	files, err := enginetest.Get(getCtx, base+"/files")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Fields(files)
	for _, f := range []string{"/app/Dockerfile", "/app/.dockerignore", "/app/server", "/app/notes/keep.md", "/app/static/index.html"} {
		if !slices.Contains(got, f) {
			t.Errorf("image lacks %s; it has %q", f, got)
		}
	}
	for _, f := range []string{"/app/secret.txt", "/app/notes/draft.md"} {
		if slices.Contains(got, f) {
			t.Errorf("image has %s, which .dockerignore excludes", f)
		}
	}

	// List by label.
	list, err := c.Containers(ctx, testLabel+".run", runID, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != ctr.ID || list[0].Labels[testLabel] != "1" || list[0].Created.IsZero() {
		t.Errorf("Containers = %+v, want only %s", list, ctr.ID)
	}

	// A second container on the same host port.
	conflictID := enginetest.Name("run")
	cleanupContainers(t, c, conflictID)
	_, err = c.Run(ctx, docker.RunRequest{
		Image:  tag,
		Ports:  []docker.PortBinding{{HostIP: "127.0.0.1", HostPort: port, ContainerPort: 8080}},
		Labels: map[string]string{testLabel: "1", testLabel + ".run": conflictID},
	})
	checkPortAllocated(t, err, port)
	left, err := c.Containers(ctx, testLabel+".run", conflictID, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 0 {
		t.Errorf("a failed Run left containers behind: %+v", left)
	}

	// Stop and remove.
	if err := c.Stop(ctx, ctr.ID); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if list, _ := c.Containers(ctx, testLabel+".run", runID, false); len(list) != 0 {
		t.Errorf("running containers after Stop: %+v", list)
	}
	list, err = c.Containers(ctx, testLabel+".run", runID, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].State != "exited" {
		t.Errorf("after Stop, Containers(all) = %+v, want one exited container", list)
	}
	if err := c.Stop(ctx, ctr.ID); err != nil {
		t.Errorf("Stop of a stopped container: %v", err)
	}
	if err := c.Remove(ctx, ctr.ID); err != nil {
		t.Fatalf("Remove: %v", err)
	}
	if list, _ := c.Containers(ctx, testLabel+".run", runID, true); len(list) != 0 {
		t.Errorf("containers after Remove: %+v", list)
	}
	if err := c.Remove(ctx, ctr.ID); docker.KindOf(err) != docker.NotFound {
		t.Errorf("second Remove = %v, want NotFound", err)
	}
	if err := c.Stop(ctx, ctr.ID); docker.KindOf(err) != docker.NotFound {
		t.Errorf("Stop of a removed container = %v, want NotFound", err)
	}

	// Remove the image.
	if err := c.ImageRemove(ctx, tag); err != nil {
		t.Fatalf("ImageRemove: %v", err)
	}
	if _, err := c.api.ImageInspect(ctx, res.ImageID); err == nil {
		t.Errorf("image %s still exists after ImageRemove", res.ImageID)
	}
	if err := c.ImageRemove(ctx, tag); docker.KindOf(err) != docker.NotFound {
		t.Errorf("second ImageRemove = %v, want NotFound", err)
	}
}

// checkPortAllocated asserts err is PortAllocated for port with the Korean
// advice.
func checkPortAllocated(t *testing.T, err error, port int) {
	t.Helper()
	var e *docker.Error
	if !errors.As(err, &e) || e.Kind != docker.PortAllocated {
		t.Fatalf("Run on a taken port = %v (kind %v), want PortAllocated", err, docker.KindOf(err))
	}
	if e.Port != port {
		t.Errorf("Error.Port = %d, want %d", e.Port, port)
	}
	for _, s := range []string{strconv.Itoa(port), "호스트 포트", "사용하고 있어", "docker ps", "docker stop", "docker rm"} {
		if !strings.Contains(e.Message, s) {
			t.Errorf("PortAllocated message %q lacks %q", e.Message, s)
		}
	}
}

// TestRunPortUsedByProcess holds a host port with a plain listener: the
// engine reports "address already in use" instead of "port is already
// allocated", and Run must say the same thing in Korean.
func TestRunPortUsedByProcess(t *testing.T) {
	c, _ := enginetest.Connect(t, New)
	ctx := enginetest.Timeout(t, 2*time.Minute)
	tag := enginetest.Name("dockerlab-engine-test") + ":latest"
	cleanupImage(t, c, tag)
	if _, err := c.Build(ctx, docker.BuildRequest{ContextDir: serverContext(t), Tag: tag, Labels: map[string]string{testLabel: "1"}}, nil); err != nil {
		t.Fatalf("Build: %v", err)
	}
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	runID := enginetest.Name("run")
	cleanupContainers(t, c, runID)
	_, err = c.Run(ctx, docker.RunRequest{
		Image:  tag,
		Ports:  []docker.PortBinding{{HostIP: "127.0.0.1", HostPort: port, ContainerPort: 8080}},
		Labels: map[string]string{testLabel: "1", testLabel + ".run": runID},
	})
	checkPortAllocated(t, err, port)
	if left, _ := c.Containers(ctx, testLabel+".run", runID, true); len(left) != 0 {
		t.Errorf("a failed Run left containers behind: %+v", left)
	}
}

// TestRunMissingImage checks that Run reports a missing image and never
// pulls.
func TestRunMissingImage(t *testing.T) {
	c, _ := enginetest.Connect(t, New)
	_, err := c.Run(t.Context(), docker.RunRequest{Image: enginetest.Name("dockerlab-no-such-image") + ":latest", Labels: map[string]string{testLabel: "1"}})
	if docker.KindOf(err) != docker.NotFound || !strings.Contains(err.Error(), "빌드하십시오") {
		t.Errorf("Run of a missing image = %v, want NotFound asking to build", err)
	}
}

// TestBuildFailures checks that build errors keep the engine's message
// and say where the build stopped in the engine's own terms, with both
// builders: BuildKit's step name, the classic builder's step number, the
// line a parse error names. Which Dockerfile line that is, package lab
// works out (its build_failure tests).
func TestBuildFailures(t *testing.T) {
	c, info := enginetest.Connect(t, New)
	cases := []struct {
		name       string
		dockerfile string
		vertex     string // a piece of BuildKit's name of the failed step
		step       int    // the classic builder's step number
		parseLine  int    // the line a parse error names
		detail     string // a piece of the engine's message
	}{
		{name: "missing file", dockerfile: "FROM scratch\n\n# the file is not in the context\nCOPY missing.txt /\n", vertex: "COPY missing.txt", step: 2, detail: "missing.txt"},
		// The classic builder numbers global ARGs as steps, BuildKit does not.
		{name: "global arg", dockerfile: "ARG VERSION=1\nFROM scratch\nARG VERSION\nCOPY missing-$VERSION.txt /\n", vertex: "COPY missing-", step: 4, detail: "missing-1.txt"},
		// A parse error names its line itself.
		{name: "unknown instruction", dockerfile: "FROM scratch\nLABEL a=b\nFOO bar\n", parseLine: 3, detail: "unknown instruction"},
		// RUN in scratch has no shell.
		{name: "run without shell", dockerfile: "FROM scratch\nWORKDIR /app\n\nRUN true\n", vertex: "RUN true", step: 3, detail: "/bin/sh"},
		// A missing base image or a "# syntax=" line would make the engine
		// contact a registry, which tests must not do; build_error_test.go
		// covers those with the engine's recorded words.
	}
	for _, b := range buildersOf(t, info) {
		for _, tc := range cases {
			t.Run(tc.name+"/"+b.String(), func(t *testing.T) {
				dir := testfs.Tree(t, map[string]string{"Dockerfile": tc.dockerfile})
				tag := enginetest.Name("dockerlab-engine-test-fail") + ":latest"
				cleanupImage(t, c, tag)
				var out lineRecorder
				enginetest.RemoveIntermediates(t, c, out.String)
				_, err := c.Build(t.Context(), docker.BuildRequest{ContextDir: dir, Tag: tag, Builder: b, Labels: map[string]string{testLabel: "1"}}, &out)
				var e *docker.Error
				if !errors.As(err, &e) || e.Kind != docker.BuildFailed {
					t.Fatalf("Build = %v, want BuildFailed\noutput:\n%s", err, out.String())
				}
				if !strings.Contains(e.Detail, tc.detail) {
					t.Errorf("Detail = %q, want it to contain %q", e.Detail, tc.detail)
				}
				f := e.Build
				switch {
				case tc.parseLine > 0:
					if f.ParseLine != tc.parseLine {
						t.Errorf("ParseLine = %d, want %d (detail %q)", f.ParseLine, tc.parseLine, e.Detail)
					}
				case b == docker.BuilderBuildKit:
					if !strings.Contains(f.Vertex, tc.vertex) || f.Step != 0 {
						t.Errorf("failure %+v, want the vertex of %q and no step number\noutput:\n%s", f, tc.vertex, out.String())
					}
				default:
					if f.Step != tc.step || f.Vertex != "" {
						t.Errorf("failure %+v, want step %d and no vertex\noutput:\n%s", f, tc.step, out.String())
					}
				}
				if e.Line != 0 || f.Pull || !strings.Contains(e.Message, "빌드 출력") {
					t.Errorf("Line %d, pull %v, message %q: the engine names no line and saw no pull", e.Line, f.Pull, e.Message)
				}
				if !strings.Contains(out.String(), "ERROR: ") || len(out.broken) > 0 {
					t.Errorf("output lacks the error or has partial lines:\n%s", out.String())
				}
			})
		}
	}
}

// TestBuildMissingDockerfile checks the request is refused before the
// engine is asked.
func TestBuildMissingDockerfile(t *testing.T) {
	c, _ := enginetest.Connect(t, New)
	_, err := c.Build(t.Context(), docker.BuildRequest{ContextDir: t.TempDir(), Tag: "x"}, nil)
	if docker.KindOf(err) != docker.NotFound || !strings.Contains(err.Error(), "Dockerfile") {
		t.Errorf("Build without Dockerfile = %v, want NotFound", err)
	}
	_, err = c.Build(t.Context(), docker.BuildRequest{ContextDir: t.TempDir(), Dockerfile: "../Dockerfile"}, nil)
	if err == nil || !strings.Contains(err.Error(), "컨텍스트 디렉터리 안") {
		t.Errorf("Build with Dockerfile outside the context = %v", err)
	}
}

// TestCanceled checks a canceled context gives Canceled, not Unavailable.
func TestCanceled(t *testing.T) {
	c, _ := enginetest.Connect(t, New)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	dir := testfs.Tree(t, map[string]string{"Dockerfile": "FROM scratch\n"})
	if _, err := c.Build(ctx, docker.BuildRequest{ContextDir: dir, Tag: enginetest.Name("dockerlab-engine-test")}, nil); docker.KindOf(err) != docker.Canceled {
		t.Errorf("Build with canceled context = %v, want Canceled", err)
	}
	if _, err := c.Containers(ctx, testLabel, "", true); docker.KindOf(err) != docker.Canceled {
		t.Errorf("Containers with canceled context = %v, want Canceled", err)
	}
}

// TestUnavailable points a client at a socket nobody listens on.
func TestUnavailable(t *testing.T) {
	sock := "unix://" + filepath.Join(t.TempDir(), "no-engine.sock")
	c, err := newClient(client.WithHost(sock))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := enginetest.Timeout(t, 5*time.Second)
	_, err = c.Ping(ctx)
	checkUnavailable(t, "Ping", err)
	_, err = c.Run(ctx, docker.RunRequest{Image: "x"})
	checkUnavailable(t, "Run", err)
	_, err = c.Containers(ctx, testLabel, "1", true)
	checkUnavailable(t, "Containers", err)
	checkUnavailable(t, "Stop", c.Stop(ctx, "x"))
	dir := testfs.Tree(t, map[string]string{"Dockerfile": "FROM scratch\n"})
	_, err = c.Build(ctx, docker.BuildRequest{ContextDir: dir}, nil)
	checkUnavailable(t, "Build", err)
}

func checkUnavailable(t *testing.T, op string, err error) {
	t.Helper()
	var e *docker.Error
	if !errors.As(err, &e) || e.Kind != docker.Unavailable {
		t.Fatalf("%s without engine = %v (kind %v), want Unavailable", op, err, docker.KindOf(err))
	}
	for _, s := range []string{"Docker 엔진이 응답하지 않습니다", "sudo dockerd", "sudo systemctl start docker", "언어 기능"} {
		if !strings.Contains(e.Message, s) {
			t.Errorf("%s: message %q lacks %q", op, e.Message, s)
		}
	}
	if !strings.Contains(e.Error(), "no-engine.sock") {
		t.Errorf("%s: Error() = %q, want the cause with the socket path", op, e.Error())
	}
}

// signalWriter records output and closes seen when a line contains want.
type signalWriter struct {
	lineRecorder
	want string
	seen chan struct{}
	once sync.Once
}

func (w *signalWriter) Write(p []byte) (int, error) {
	if strings.Contains(string(p), w.want) {
		w.once.Do(func() { close(w.seen) })
	}
	return w.lineRecorder.Write(p)
}

// runningInRe finds the classic builder's step container.
var runningInRe = regexp.MustCompile(`(?m)^ ---> Running in ([0-9a-f]{12})$`)

// TestBuildCancel cancels a build whose RUN step never ends (it runs the
// test server) and checks Build returns Canceled and leaves no container.
func TestBuildCancel(t *testing.T) {
	c, info := enginetest.Connect(t, New)
	builders := []docker.Builder{docker.BuilderClassic}
	if info.BuildKit {
		builders = append(builders, docker.BuilderBuildKit)
	}
	for _, b := range builders {
		t.Run(b.String(), func(t *testing.T) {
			dir := t.TempDir()
			// The RUN step's argument (ignored by the server) is unique, so no
			// other build anywhere shares its cache key.
			id := enginetest.Name("cancel")
			testfs.Write(t, dir, map[string]string{"Dockerfile": "FROM scratch\nCOPY server /server\nRUN [\"/server\", \"" + id + "\"]\n"})
			if err := os.WriteFile(filepath.Join(dir, "server"), enginetest.StaticProgram(t, serverSource), 0o755); err != nil {
				t.Fatal(err)
			}
			out := &signalWriter{want: `RUN ["/server", "` + id + `"]`, seen: make(chan struct{})}
			if b == docker.BuilderClassic {
				out.want = "Running in"
			}
			enginetest.RemoveIntermediates(t, c, out.lineRecorder.String)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			done := make(chan error, 1)
			go func() {
				_, err := c.Build(ctx, docker.BuildRequest{ContextDir: dir, Tag: enginetest.Name("dockerlab-engine-test-cancel"), Builder: b, NoCache: true,
					Labels: map[string]string{testLabel: "1"}}, out)
				done <- err
			}()
			select {
			case <-out.seen:
			case err := <-done:
				t.Fatalf("Build ended before its RUN step started: %v\n%s", err, out.String())
			case <-time.After(2 * time.Minute):
				t.Fatalf("the RUN step did not start:\n%s", out.String())
			}
			cancel()
			select {
			case err := <-done:
				if docker.KindOf(err) != docker.Canceled {
					t.Errorf("Build after cancel = %v, want Canceled", err)
				}
			case <-time.After(time.Minute):
				t.Fatal("Build did not return after cancel")
			}
			// The classic builder's step container must go away.
			for _, m := range runningInRe.FindAllStringSubmatch(out.String(), -1) {
				waitGone(t, c, m[1])
			}
		})
	}
}

// waitGone waits until the container id no longer exists.
func waitGone(t *testing.T, c *Client, id string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, err := c.api.ContainerInspect(t.Context(), id, client.ContainerInspectOptions{})
		if err != nil {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("build container %s still exists after cancel", id)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			c.Remove(ctx, id)
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestPing checks what the server learns about the engine.
func TestPing(t *testing.T) {
	_, info := enginetest.Connect(t, New)
	if info.APIVersion == "" || info.OSType != "linux" {
		t.Errorf("Ping = %+v, want an API version and linux", info)
	}
	if !info.BuildKit {
		t.Errorf("Ping = %+v: a Linux engine with API >= %s builds with BuildKit", info, buildKitMinAPI)
	}
}

// TestBuildUsesTheCallersPing checks that a build told the engine's answer
// for this action builds by it instead of asking again: told "no
// BuildKit", the automatic choice is the classic builder, although the
// engine has BuildKit.
func TestBuildUsesTheCallersPing(t *testing.T) {
	c, info := enginetest.Connect(t, New)
	dir := testfs.Tree(t, map[string]string{"Dockerfile": "FROM scratch\nLABEL test=" + t.Name() + "\n"})
	tag := enginetest.Name("dockerlab-engine-test-pinged") + ":latest"
	cleanupImage(t, c, tag)
	told := docker.Info{APIVersion: info.APIVersion, OSType: info.OSType, Version: info.Version, BuildKit: false}
	res, err := c.Build(t.Context(), docker.BuildRequest{ContextDir: dir, Tag: tag, Pinged: &told, Labels: map[string]string{testLabel: "1"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.BuildKit || !info.BuildKit {
		t.Errorf("built with BuildKit = %v on an engine with BuildKit = %v; want the classic builder the ping said", res.BuildKit, info.BuildKit)
	}
}

// buildersOf are the builders the engine has: the classic one, and
// BuildKit when the engine offers it over the API.
func buildersOf(t testing.TB, info docker.Info) []docker.Builder {
	if !info.BuildKit {
		t.Logf("engine API %s has no BuildKit; testing the classic builder only", info.APIVersion)
		return []docker.Builder{docker.BuilderClassic}
	}
	return []docker.Builder{docker.BuilderClassic, docker.BuilderBuildKit}
}
