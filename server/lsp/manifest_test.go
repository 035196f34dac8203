package lsp

import (
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// TestYAMLKinds: a YAML file gets the Kubernetes features only while it
// holds manifests. Another YAML file (a GitHub workflow) and a Helm
// template get nothing — no diagnostics, hover or completion — and a
// manifest whose syntax an edit broke keeps its features.
func TestYAMLKinds(t *testing.T) {
	t.Setenv("KUBECONFIG", filepath.Join(t.TempDir(), "none"))
	e := startServer(t, Options{Engine: refusingEngine{}})
	e.initialize(map[string]any{"trusted": true})

	hover := func(uri string, line, col uint32) *protocol.Hover {
		var h *protocol.Hover
		if err := e.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
			"position": protocol.Position{Line: line, Character: col}}, &h); err != nil {
			t.Fatal(err)
		}
		return h
	}
	complete := func(uri string, line, col uint32) *protocol.CompletionList {
		var l *protocol.CompletionList
		if err := e.call("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": uri},
			"position": protocol.Position{Line: line, Character: col}}, &l); err != nil {
			t.Fatal(err)
		}
		return l
	}

	const workflow = "name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n      - FROM: x\n"
	const helm = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicaz: {{ .Values.n }}\n"
	for name, text := range map[string]string{"workflow.yaml": workflow, "templates/deployment.yaml": helm} {
		uri := "file:///lab/" + name
		e.openAs(uri, "yaml", text, 1)
		if d := e.diagnostics(uri, 1); len(d) != 0 {
			t.Errorf("%s: diagnostics %v, want none", name, d)
		}
		if h := hover(uri, 0, 1); h != nil {
			t.Errorf("%s: hover %q, want none", name, h.Contents.Value)
		}
		if l := complete(uri, 1, 0); l != nil && len(l.Items) > 0 {
			t.Errorf("%s: %d completion items, want none", name, len(l.Items))
		}
	}

	// A manifest with a tab (invalid YAML): its syntax error, and still a hover.
	uri := "file:///lab/k8s/app.yaml"
	e.openAs(uri, "yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n", 1)
	d := e.diagnostics(uri, 1)
	if len(d) != 1 || d[0].Code != "K8sYAMLSyntax" || !strings.Contains(d[0].Message, "YAML") {
		t.Fatalf("broken manifest: %v, want one K8sYAMLSyntax", d)
	}
	if h := hover(uri, 1, 0); h == nil || !strings.Contains(h.Contents.Value, "`kind`") {
		t.Errorf("hover on kind of a broken manifest: %v", h)
	}
	// A YAML file opened without a language, by its name.
	e.openAs("file:///lab/pod.yml", "", "apiVersion: v1\nkind: Pod\nspec:\n  containerz: []\n", 1)
	if d := e.diagnostics("file:///lab/pod.yml", 1); len(d) != 1 || d[0].Code != "K8sUnknownField" {
		t.Errorf("pod.yml: %v, want one K8sUnknownField", d)
	}
}
