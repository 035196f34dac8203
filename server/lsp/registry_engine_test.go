package lsp

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/internal/enginetest"
	"github.com/dockerlab/dockerlab/server/internal/registrytest"
	"github.com/dockerlab/dockerlab/server/lab"
	"github.com/dockerlab/dockerlab/server/registry"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// The workshop's share step through the server, on the real engine and a
// real registry with htpasswd auth: a push before login is refused as
// Unauthorized (kind in the error data, for the editor's login button) and
// leaves no tag behind; the login command checks the account through the
// engine and stores it where `docker login` would (the test's own Docker
// config directory); the push then lands; completion after `FROM HOST/`
// lists the registry's repositories and tags; hover shows the manifest's
// digest.
func TestPushLoginCompleteHover(t *testing.T) {
	cli, opts := connectReal(t)
	ctx := enginetest.Timeout(t, 4*time.Minute)
	reg := registrytest.Start(t, registrytest.Options{Auth: true})
	cfgDir := t.TempDir()
	opts.Registries = registry.New(cfgDir)
	r := newLabRun(t)
	dir := copyLab(t)
	path := filepath.Join(dir, "Dockerfile")
	uri := "file://" + path
	repo := enginetest.Name("dockerlab/share")
	target := reg.Host + "/" + repo + ":1.0"
	cleanupLab(t, cli, path, func() []string { return []string{target, r.Tag} })

	e := startServer(t, opts)
	e.initialize(r.options())
	text, _ := os.ReadFile(path)
	e.open(uri, string(text), 1)
	cmd := func(command string, args map[string]any, res any) error {
		return e.call("workspace/executeCommand", map[string]any{"command": command, "arguments": []any{args}}, res)
	}
	if err := cmd(lab.CommandBuild, map[string]any{"uri": uri}, nil); err != nil {
		t.Fatalf("build: %v", err)
	}
	if lenses := lensTitles(t, e, uri); !strings.Contains(lenses, "레지스트리에 푸시") {
		t.Errorf("no push lens after a build: %s", lenses)
	}

	err := cmd(lab.CommandPush, map[string]any{"uri": uri, "target": target}, nil)
	var rpcErr *jsonrpc2.Error
	if !errors.As(err, &rpcErr) || rpcErr.Data == nil || !strings.Contains(string(*rpcErr.Data), `"kind":"Unauthorized"`) || !strings.Contains(rpcErr.Message, "docker login "+reg.Host) {
		t.Fatalf("push before login: %v (data %v)", err, rpcErr)
	}
	if _, err := cli.ImageInspect(ctx, target); docker.KindOf(err) != docker.NotFound {
		t.Errorf("the refused push left the tag %s behind: %v", target, err)
	}

	var login lab.Result
	if err := cmd(lab.CommandLogin, map[string]any{"registry": reg.Host, "username": reg.Username, "secret": "wrong"}, &login); err == nil {
		t.Fatal("a wrong password logged in")
	}
	if err := cmd(lab.CommandLogin, map[string]any{"registry": reg.Host, "username": reg.Username, "secret": reg.Password}, &login); err != nil {
		t.Fatalf("login: %v", err)
	}
	cfg, _ := os.ReadFile(filepath.Join(cfgDir, "config.json"))
	if !strings.Contains(login.Message, filepath.Join(cfgDir, "config.json")) || !strings.Contains(string(cfg), `"`+reg.Host+`"`) {
		t.Fatalf("login message %q, config %s", login.Message, cfg)
	}

	var pushed lab.Result
	if err := cmd(lab.CommandPush, map[string]any{"uri": uri, "target": target}, &pushed); err != nil {
		t.Fatalf("push after login: %v", err)
	}
	if pushed.Pushed != target || pushed.PullCommand != "docker pull "+target || !strings.HasPrefix(pushed.Digest, "sha256:") {
		t.Fatalf("push result: %+v", pushed)
	}
	if tags := reg.Tags(repo); len(tags) != 1 || tags[0] != "1.0" {
		t.Fatalf("registry tags: %v", tags)
	}
	for _, want := range []string{"docker tag " + r.Tag + " " + target, "docker push " + target, "docker login " + reg.Host, ": Pushed"} {
		e.waitNote("dockerlab/buildOutput", func(p json.RawMessage) bool { return strings.Contains(string(p), want) })
	}

	// Completion and hover on a Dockerfile built on the pushed image.
	other := "file://" + filepath.Join(dir, "other.Dockerfile")
	complete := func(line string) []string {
		t.Helper()
		e.open(other, line+"\n", int32(len(line)))
		var labels []string
		waitFor(t, func() bool {
			var list protocol.CompletionList
			if err := e.call("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": other},
				"position": map[string]any{"line": 0, "character": len(line)}, "context": map[string]any{"triggerKind": 1}}, &list); err != nil {
				t.Fatal(err)
			}
			labels = labels[:0]
			for _, it := range list.Items {
				labels = append(labels, it.Label)
			}
			return !list.IsIncomplete
		})
		e.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": other}})
		return labels
	}
	if got := complete("FROM " + reg.Host + "/"); !slices.Contains(got, reg.Host+"/"+repo) {
		t.Errorf("repositories offered after FROM %s/: %v", reg.Host, got)
	}
	if got := complete("FROM " + reg.Host + "/" + repo + ":"); !slices.Contains(got, target) {
		t.Errorf("tags offered: %v", got)
	}
	line := "FROM " + target
	e.open(other, line+"\n", 99)
	var h protocol.Hover
	if err := e.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": other},
		"position": map[string]any{"line": 0, "character": len(line) - 2}}, &h); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.Contents.Value, pushed.Digest) || !strings.Contains(h.Contents.Value, "플랫폼") {
		t.Errorf("hover on the pushed image lacks the registry's digest %s and platform:\n%s", pushed.Digest, h.Contents.Value)
	}
}
