package lab

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/engine"
	"github.com/dockerlab/dockerlab/server/internal/enginetest"
)

// TestEngineFeaturesRealEngine checks Dockerfiles against the real engine
// (DOCKER_HOST, else the default socket) before building, as the lab's
// build does: a heredoc is refused exactly where the engine's built-in
// frontend is older than 1.4 (Debian's dockerd 20.10: BuildKit v0.8,
// frontend 1.2), `COPY --parents` where it is older than 1.20, and a
// `# syntax=` line is never refused (the image it names reads the file);
// each refused Dockerfile is then sent to the engine, which must fail to
// build it too. Nothing is created (an unexpected image is
// removed). It fails, never skips, without
// an engine.
func TestEngineFeaturesRealEngine(t *testing.T) {
	cli, info := enginetest.Connect(t, engine.New)
	ctx := enginetest.Timeout(t, 30*time.Second)
	if !info.BuildKit {
		t.Fatalf("the engine (API %s) has no BuildKit", info.APIVersion)
	}
	bk, err := cli.BuildKitVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	have, ok := bundledFrontend(bk)
	if !ok {
		t.Fatalf("no frontend known for %+v", bk)
	}
	t.Logf("Docker %s, BuildKit %s: built-in Dockerfile frontend %s", bk.Engine, bk.Version, have)
	if strings.HasPrefix(bk.Engine, "20.10.") && have != (frontendVersion{1, 2}) {
		t.Errorf("dockerd 20.10's frontend = %s, want 1.2", have)
	}
	for _, tc := range []struct {
		text string
		need frontendVersion
	}{
		{"FROM scratch\nCOPY <<EOF /a.txt\nhi\nEOF\n", heredocs.since},
		{"FROM scratch\nCOPY --parents ./a/b.txt /c/\n", frontendVersion{1, 20}},
		{"FROM scratch\nRUN --network=none true\n", frontendVersion{1, 3}},
	} {
		err := checkEngineFeatures(ctx, cli, &info, planFor(t, tc.text))
		if want := have.less(tc.need); (err != nil) != want {
			t.Errorf("%q with frontend %s: %v, want refused = %v", tc.text, have, err, want)
			continue
		}
		if err == nil {
			continue
		}
		if !strings.Contains(err.Error(), "BuildKit "+bk.Version) || !strings.Contains(err.Error(), "프런트엔드는 "+have.String()+"입니다") {
			t.Errorf("message does not name the engine's BuildKit and frontend: %v", err)
		}
		// What is refused, the engine itself cannot build either.
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte(tc.text), 0o644); err != nil {
			t.Fatal(err)
		}
		tag := enginetest.Name("dockerlab-features")
		_, berr := cli.Build(ctx, docker.BuildRequest{ContextDir: dir, Tag: tag, Builder: docker.BuilderBuildKit,
			Labels: map[string]string{"dev.dockerlab.test": "1"}}, io.Discard)
		if berr == nil {
			t.Cleanup(func() { cli.ImageRemove(context.Background(), tag) })
			t.Errorf("refused %q, but the engine built it", tc.text)
		}
	}
	ref := enginetest.Name("dockerlab.invalid/frontend") + ":1"
	if err := checkEngineFeatures(ctx, cli, &info, planFor(t, "# syntax="+ref+"\nFROM scratch\nCOPY --parents a /b/\n")); err != nil {
		t.Errorf("syntax line naming an image: %v", err)
	}
}
