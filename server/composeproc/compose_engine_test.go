package composeproc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/internal/enginetest"
	"github.com/moby/moby/client"
)

// helperPath is the dockerlab-compose binary this package's tests built.
var helperPath string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "dockerlab-compose-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	helperPath = filepath.Join(dir, HelperName())
	cmd := exec.Command("go", "build", "-o", helperPath, "../cmd/dockerlab-compose")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building dockerlab-compose:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// copyDir copies the lab's files into dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// labProject writes the lab's two-service Compose project (testdata/lab:
// the todo app and stats, a named volume, a network) into a new folder
// with a unique project name and free host ports.
func labProject(t *testing.T) (file, project string, appPort, statsPort int) {
	t.Helper()
	dir := t.TempDir()
	copyDir(t, "../../testdata/lab", dir)
	project = enginetest.Name("dltest")
	appPort, statsPort = enginetest.FreePort(t), enginetest.FreePort(t)
	text, err := os.ReadFile(filepath.Join(dir, "compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(text), "services:", "name: "+project+"\nservices:", 1)
	s = strings.Replace(s, "    image: getting-started\n", "", 1) // Compose names it <project>-app
	s = strings.Replace(s, "127.0.0.1:3000:3000", fmt.Sprintf("127.0.0.1:%d:3000", appPort), 1)
	s = strings.Replace(s, "127.0.0.1:3001:8080", fmt.Sprintf("127.0.0.1:%d:8080", statsPort), 1)
	file = filepath.Join(dir, "compose.yaml")
	if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return file, project, appPort, statsPort
}

// removeProject takes the project down (its volumes too) and removes the
// images Compose built for it, when the test ends.
func removeProject(t *testing.T, api *client.Client, h Helper, file, project string) {
	t.Cleanup(func() {
		_, _ = h.Run(context.Background(), docker.ComposeRequest{Op: docker.ComposeDown, File: file, Volumes: true}, nil)
		for _, img := range []string{project + "-app", project + "-stats"} {
			_, _ = api.ImageRemove(context.Background(), img, client.ImageRemoveOptions{Force: true, PruneChildren: true})
		}
	})
}

// leftovers lists what the engine still holds of a project: containers,
// networks and volumes with its label.
func leftovers(t *testing.T, api *client.Client, project string) []string {
	t.Helper()
	ctx := enginetest.Timeout(t, 30*time.Second)
	f := client.Filters{}.Add("label", "com.docker.compose.project="+project)
	var out []string
	cs, err := api.ContainerList(ctx, client.ContainerListOptions{All: true, Filters: f})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs.Items {
		out = append(out, "container "+strings.Join(c.Names, ","))
	}
	ns, err := api.NetworkList(ctx, client.NetworkListOptions{Filters: f})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range ns.Items {
		out = append(out, "network "+n.Name)
	}
	vs, err := api.VolumeList(ctx, client.VolumeListOptions{Filters: f})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs.Items {
		out = append(out, "volume "+v.Name)
	}
	return out
}

// The Compose lab on the engine in DOCKER_HOST (each engine in turn in
// the test run): up builds both services and starts them; the app answers
// on its port and stats reaches it by its service name over the project's
// network; ps lists both; down removes containers and the network and
// keeps the named volume, which down with volumes removes; nothing is
// left.
func TestComposeLabUpPsDown(t *testing.T) {
	api, h, ctx := enginetest.API(t), Helper{Path: helperPath}, enginetest.Timeout(t, 5*time.Minute)
	file, project, appPort, statsPort := labProject(t)
	removeProject(t, api, h, file, project)

	var steps []string
	res, err := h.Run(ctx, docker.ComposeRequest{Op: docker.ComposeUp, File: file}, func(l docker.ComposeLine) {
		if l.Event != nil {
			steps = append(steps, l.Event.ID+" "+l.Event.Status)
		}
	})
	if err != nil {
		t.Fatalf("up: %v\nsteps: %s", err, strings.Join(steps, "\n"))
	}
	if res.Project != project || len(res.Containers) != 2 {
		t.Fatalf("up result %+v", res)
	}
	for _, c := range res.Containers {
		if c.State != "running" || len(c.Ports) != 1 || c.Ports[0].HostIP != "127.0.0.1" {
			t.Errorf("container %+v: running, published on 127.0.0.1 only", c)
		}
	}
	if !strings.Contains(strings.Join(steps, "\n"), "Container "+project+"-app-1 Started") {
		t.Errorf("steps lack the app's start:\n%s", strings.Join(steps, "\n"))
	}
	if body, err := enginetest.Get(ctx, fmt.Sprintf("http://127.0.0.1:%d/items", appPort)); err != nil || body != "[]" {
		t.Errorf("the app: %q %v", body, err)
	}
	body, err := enginetest.Get(ctx, fmt.Sprintf("http://127.0.0.1:%d/", statsPort))
	var stats struct {
		Items int    `json:"items"`
		From  string `json:"from"`
	}
	if err != nil || json.Unmarshal([]byte(body), &stats) != nil || stats.From != "http://app:3000" {
		t.Errorf("stats did not reach the app by its service name: %q %v", body, err)
	}

	ps, err := h.Run(ctx, docker.ComposeRequest{Op: docker.ComposePs, File: file}, nil)
	if err != nil || len(ps.Containers) != 2 || ps.Containers[0].Service != "app" || ps.Containers[1].Service != "stats" {
		t.Errorf("ps: %+v %v", ps, err)
	}

	down, err := h.Run(ctx, docker.ComposeRequest{Op: docker.ComposeDown, File: file}, nil)
	if err != nil || len(down.Containers) != 0 {
		t.Fatalf("down: %+v %v", down, err)
	}
	if left := leftovers(t, api, project); len(left) != 1 || !strings.HasPrefix(left[0], "volume "+project+"_todo-data") {
		t.Errorf("after down only the named volume stays, as with docker compose down: %q", left)
	}
	if _, err := h.Run(ctx, docker.ComposeRequest{Op: docker.ComposeDown, File: file, Volumes: true}, nil); err != nil {
		t.Fatal(err)
	}
	if left := leftovers(t, api, project); len(left) != 0 {
		t.Errorf("after down -v: %q", left)
	}
}

// A host port another container holds: the helper's failure is
// PortAllocated with the port, in Korean, with Compose's own words as the
// cause.
func TestComposePortAllocated(t *testing.T) {
	api, h, ctx := enginetest.API(t), Helper{Path: helperPath}, enginetest.Timeout(t, 5*time.Minute)
	file, project, appPort, _ := labProject(t)
	removeProject(t, api, h, file, project)
	// Another project of the same lab on the same app port.
	other := filepath.Join(filepath.Dir(file), "other.yaml")
	text, _ := os.ReadFile(file)
	otherText := strings.Replace(string(text), "name: "+project, "name: "+project+"-b", 1)
	if err := os.WriteFile(other, []byte(otherText), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = h.Run(context.Background(), docker.ComposeRequest{Op: docker.ComposeDown, File: other, Volumes: true}, nil)
	})
	if _, err := h.Run(ctx, docker.ComposeRequest{Op: docker.ComposeUp, File: file, Services: []string{"app"}}, nil); err != nil {
		t.Fatal(err)
	}
	_, err := h.Run(ctx, docker.ComposeRequest{Op: docker.ComposeUp, File: other, Services: []string{"app"}}, nil)
	var e *docker.Error
	if !errors.As(err, &e) || e.Kind != docker.PortAllocated || e.Port != appPort || !strings.Contains(e.Message, fmt.Sprintf("호스트 포트 %d번", appPort)) || e.Err == nil {
		t.Fatalf("the second up: %v", err)
	}
}
