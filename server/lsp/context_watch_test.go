package lsp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/internal/testfs"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// codes are the rule names of diagnostics.
func codes(ds []protocol.Diagnostic) []string {
	out := make([]string, 0, len(ds))
	for _, d := range ds {
		out = append(out, d.Code.(string))
	}
	return out
}

// waitCodes waits for diagnostics of u whose rules satisfy want.
func (e *fakeEditor) waitCodes(u string, want func([]string) bool) []string {
	e.t.Helper()
	var got []string
	e.waitNote("textDocument/publishDiagnostics", func(p json.RawMessage) bool {
		var d protocol.PublishDiagnosticsParams
		if json.Unmarshal(p, &d) != nil || string(d.URI) != u {
			return false
		}
		got = codes(d.Diagnostics)
		return want(got)
	})
	return got
}

// Editing the build context on disk updates the open Dockerfile: the server
// asks the editor to watch files, and when package-lock.json appears beside
// a Dockerfile that copies it before `npm install`, NpmCiInsteadOfInstall
// appears without the Dockerfile changing; when it goes, so does the finding.
func TestContextFileOnDiskUpdatesDiagnostics(t *testing.T) {
	text := "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD [\"node\", \"index.js\"]\n"
	dir := testfs.Tree(t, map[string]string{"Dockerfile": text})
	dockerfilePath := filepath.Join(dir, "Dockerfile")
	e := startServer(t, Options{})
	e.initialize(nil)
	reg := e.waitNote("client/registerCapability", nil)
	if !strings.Contains(string(reg), `"workspace/didChangeWatchedFiles"`) {
		t.Fatalf("registration %s does not watch files", reg)
	}
	u := string(uri.File(dockerfilePath))
	e.open(u, text, 1)
	if got := codes(e.diagnostics(u, 1)); slices.Contains(got, "NpmCiInsteadOfInstall") {
		t.Fatalf("without a lock file: %v", got)
	}

	lock := filepath.Join(dir, "package-lock.json")
	if err := os.WriteFile(lock, []byte(`{"lockfileVersion": 3}`), 0o644); err != nil {
		t.Fatal(err)
	}
	e.clearNotes()
	e.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []map[string]any{
		{"uri": string(uri.File(lock)), "type": protocol.FileChangeTypeCreated}}})
	e.waitCodes(u, func(c []string) bool { return slices.Contains(c, "NpmCiInsteadOfInstall") })

	// A file the check never read changes nothing: no new diagnostics.
	e.clearNotes()
	other := filepath.Join(dir, "docs", "notes.txt")
	e.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []map[string]any{
		{"uri": string(uri.File(other)), "type": protocol.FileChangeTypeCreated}}})

	if err := os.Remove(lock); err != nil {
		t.Fatal(err)
	}
	e.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []map[string]any{
		{"uri": string(uri.File(lock)), "type": protocol.FileChangeTypeDeleted}}})
	got := e.waitCodes(u, func(c []string) bool { return !slices.Contains(c, "NpmCiInsteadOfInstall") })
	e.mu.Lock()
	published := 0
	for _, n := range e.notes {
		if n.method == "textDocument/publishDiagnostics" {
			published++
		}
	}
	e.mu.Unlock()
	if published != 1 {
		t.Errorf("%d publications after an unrelated file and the lock's removal, want 1 (the unrelated file re-checked): %v", published, got)
	}
}
