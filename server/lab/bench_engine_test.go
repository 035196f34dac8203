package lab

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/engine"
	"github.com/dockerlab/dockerlab/server/internal/enginetest"
	"github.com/dockerlab/dockerlab/server/internal/testfs"
)

// BenchmarkLabVsCLI builds and runs testdata/lab through dockerlab's lab
// session (the path the editor's lens takes) and through the docker CLI on
// the same context, interleaved (the order alternates every round), each
// round ending when the app answers over HTTP and its container is removed.
// It reports each side's median and their ratio (goal ≤ 1.05). Both use the
// classic builder, the only one the CLI here has (no buildx plugin); the
// server's BuildKit path is reported too. Needs dockerd and the lab's
// node:lts-alpine image (scripts/make-lab-image.sh).
//
//	go test ./server/lab -run '^$' -bench LabVsCLI -benchtime 5x
func BenchmarkLabVsCLI(b *testing.B) {
	if _, err := exec.LookPath("docker"); err != nil {
		b.Fatalf("the docker CLI is needed for the comparison: %v", err)
	}
	cli, _ := enginetest.Connect(b, engine.New)
	ctx := context.Background()
	b.Cleanup(func() {
		cs, _ := cli.ContainersOfImage(context.Background(), "dockerlab-bench")
		for _, c := range cs {
			_ = cli.Remove(context.Background(), c.ID)
		}
		_ = cli.ImageRemove(context.Background(), "dockerlab-bench")
	})
	dir := filepath.Join(b.TempDir(), "dockerlab-bench")
	testfs.Copy(b, "../../testdata/lab", dir)
	path := filepath.Join(dir, "Dockerfile")
	text, _ := os.ReadFile(path)
	m := dockerfile.Parse(string(text))

	serverRound := func(builder string) time.Duration {
		port := enginetest.FreePort(b)
		var s Settings
		s.Build.Builder = builder
		s.Run.Ports = map[string]int{"3000": port}
		p := NewPlan(path, m, s, "")
		sess := Session{Engine: cli, Out: io.Discard, UI: onlyOurs{}}
		start := time.Now()
		if _, err := sess.BuildAndRun(ctx, p); err != nil {
			b.Fatalf("server build and run: %v", err)
		}
		waitHTTP(b, port)
		if _, err := sess.StopAndRemove(ctx, p, ""); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	cliRound := func() time.Duration {
		port := enginetest.FreePort(b)
		start := time.Now()
		run(b, dir, "DOCKER_BUILDKIT=0", "docker", "build", "-q", "-t", "dockerlab-bench", ".")
		id := strings.TrimSpace(run(b, dir, "", "docker", "run", "-d", "-p", fmt.Sprintf("127.0.0.1:%d:3000", port), "dockerlab-bench"))
		waitHTTP(b, port)
		run(b, dir, "", "docker", "rm", "-f", id)
		return time.Since(start)
	}
	var server, viaCLI, buildkit []time.Duration
	serverRound("classic") // warm the build cache for both: the lab rebuilds from cache
	cliRound()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if i%2 == 0 {
			server = append(server, serverRound("classic"))
			viaCLI = append(viaCLI, cliRound())
		} else {
			viaCLI = append(viaCLI, cliRound())
			server = append(server, serverRound("classic"))
		}
		buildkit = append(buildkit, serverRound("buildkit"))
	}
	b.StopTimer()
	s, c, k := median(server), median(viaCLI), median(buildkit)
	b.ReportMetric(float64(s.Milliseconds()), "server-ms")
	b.ReportMetric(float64(c.Milliseconds()), "cli-ms")
	b.ReportMetric(float64(k.Milliseconds()), "server-buildkit-ms")
	b.ReportMetric(float64(s)/float64(c), "server/cli")
}

// onlyOurs answers the one question a round can meet (other containers of
// the image exist, e.g. the CLI's, when a round fails half-way): touch only ours.
type onlyOurs struct{}

func (onlyOurs) Ask(_ context.Context, msg string, actions []string) (int, error) {
	for i, a := range actions {
		if strings.Contains(a, "dockerlab이 만든 것만") {
			return i, nil
		}
	}
	return -1, fmt.Errorf("unexpected question: %s", msg)
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func run(b *testing.B, dir, env string, name string, args ...string) string {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = os.Environ()
	if env != "" {
		cmd.Env = append(cmd.Env, env)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// waitHTTP waits until the app answers on port (deadline 30 s).
func waitHTTP(b *testing.B, port int) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := enginetest.Get(ctx, fmt.Sprintf("http://127.0.0.1:%d/", port)); err != nil {
		b.Fatalf("the app did not answer on %d: %v", port, err)
	}
}
