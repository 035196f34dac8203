package lsp

import (
	"regexp"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

var hangul = regexp.MustCompile(`[가-힣]`)

// A Windows editor sends URIs like file:///c%3A/Users/... and CRLF lines.
// Language features answer on the URI exactly as sent, columns stay UTF-16
// across Korean text, formatting keeps CRLF, and a lab step on a file that
// is not on this machine's disk is refused in Korean without stopping the
// server. The same for a document that is on no disk at all (untitled:).
func TestWindowsClientURIsAndCRLF(t *testing.T) {
	e := startServer(t, Options{Engine: refusingEngine{}})
	e.initialize(map[string]any{"trusted": true})
	const uri = "file:///c%3A/Users/%EC%A7%80%EC%9A%B0/getting-started/Dockerfile"
	text := "# 할 일 앱\r\nFROM node:lts-alpine\r\nWORKDIR  /app\r\nCOPY . .\r\n" +
		"RUN yarn install --production\r\nCMD [\"node\", \"src/index.js\"]\r\nEXPOSE 3000\r\nLABEL 설명=\"앱\" MAINTAINER=x\r\nMAINTAINER 지우\r\n"
	e.open(uri, text, 1)

	ds := e.diagnostics(uri, 1)
	var maintainer *protocol.Diagnostic
	for i := range ds {
		if ds[i].Range.Start.Line == 8 {
			maintainer = &ds[i]
		}
	}
	if maintainer == nil || maintainer.Range.Start.Character != 0 || maintainer.Range.End.Character != uint32(len("MAINTAINER")) {
		t.Fatalf("MAINTAINER diagnostic on line 9 of a CRLF file: %+v", ds)
	}

	var h *protocol.Hover
	if err := e.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": map[string]any{"line": 1, "character": 2}}, &h); err != nil || h == nil || !strings.Contains(h.Contents.Value, "FROM") {
		t.Fatalf("hover on FROM: %v %v", h, err)
	}
	// After the Korean key on line 8, the column of MAINTAINER= counts UTF-16 units.
	if err := e.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": map[string]any{"line": 7, "character": 0}}, &h); err != nil || h == nil || !strings.Contains(h.Contents.Value, "LABEL") {
		t.Fatalf("hover on LABEL: %v %v", h, err)
	}

	var edits []protocol.TextEdit
	if err := e.call("textDocument/formatting", map[string]any{"textDocument": map[string]any{"uri": uri},
		"options": map[string]any{"tabSize": 4, "insertSpaces": true}}, &edits); err != nil {
		t.Fatal(err)
	}
	if len(edits) == 0 {
		t.Fatal("formatting found nothing to do on `WORKDIR  /app`")
	}
	for _, ed := range edits {
		if regexp.MustCompile(`[^\r]\n|^\n`).MatchString(ed.NewText) {
			t.Fatalf("a formatting edit writes a bare LF into a CRLF file: %q", ed.NewText)
		}
	}

	err := e.call("workspace/executeCommand", map[string]any{"command": "dockerlab.build",
		"arguments": []any{map[string]any{"uri": uri}}}, nil)
	if err == nil || !hangul.MatchString(err.Error()) {
		t.Fatalf("a build of a file not on this disk: %v", err)
	}

	// Documents on no disk: language features, no panic, lab steps refused.
	const untitledCompose = "untitled:Untitled-2"
	e.openAs(untitledCompose, "dockercompose", "services:\n  app:\n    image: getting-started\n    depends_on: [db]\n", 1)
	if ds := e.diagnostics(untitledCompose, 1); len(ds) != 1 {
		t.Fatalf("an untitled Compose file's diagnostics: %+v", ds)
	}
	var lenses []protocol.CodeLens
	if err := e.call("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": untitledCompose}}, &lenses); err != nil {
		t.Fatalf("code lenses of an untitled Compose file: %v", err)
	}
	err = e.call("workspace/executeCommand", map[string]any{"command": "dockerlab.composeUp",
		"arguments": []any{map[string]any{"uri": untitledCompose}}}, nil)
	if err == nil || !hangul.MatchString(err.Error()) {
		t.Fatalf("compose up of an untitled file: %v", err)
	}
	if err := e.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": map[string]any{"line": 1, "character": 2}}, &h); err != nil || h == nil {
		t.Fatalf("the server stopped answering: %v", err)
	}
}
