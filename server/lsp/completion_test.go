package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"go.lsp.dev/protocol"
)

// The `complete` marker asks for completion at the cursor, as VS Code does
// on Ctrl+Space. The section shows the edit range once (every item must
// replace the same range), whether the list is incomplete, and the first
// items in order: label, kind, detail, then what is inserted when it is
// not the label (`snippet` for snippets, `↻` when completion opens again).
// The marker's argument is how many items to show (default 8), or a label
// whose resolved documentation to print as well. Trigger characters are
// covered by TestCompletionTriggers.
func init() {
	markerKinds["complete"] = func(t *testing.T, e *fakeEditor, uri string, pos protocol.Position, arg string) string {
		var list *protocol.CompletionList
		if err := e.call("textDocument/completion", map[string]any{
			"textDocument": map[string]any{"uri": uri}, "position": pos,
			"context": map[string]any{"triggerKind": 1}}, &list); err != nil {
			t.Fatalf("completion: %v", err)
		}
		n, label := 8, ""
		if arg != "" {
			if v, err := strconv.Atoi(arg); err == nil {
				n = v
			} else {
				label = arg
			}
		}
		out := formatCompletion(t, list, pos, n)
		if label != "" {
			out += completionDoc(t, e, list, label)
		}
		return out
	}
}

var kindNames = map[protocol.CompletionItemKind]string{
	protocol.CompletionItemKindKeyword:    "keyword",
	protocol.CompletionItemKindProperty:   "flag",
	protocol.CompletionItemKindValue:      "value",
	protocol.CompletionItemKindVariable:   "variable",
	protocol.CompletionItemKindReference:  "stage",
	protocol.CompletionItemKindModule:     "image",
	protocol.CompletionItemKindEnumMember: "rule",
}

func formatCompletion(t *testing.T, list *protocol.CompletionList, pos protocol.Position, n int) string {
	if list == nil || len(list.Items) == 0 {
		return "(none)\n"
	}
	var b strings.Builder
	r := list.Items[0].TextEdit.Range
	if r.Start.Line != r.End.Line || r.Start.Line != pos.Line || r.Start.Character > pos.Character || r.End.Character < pos.Character {
		t.Errorf("edit range %s does not hold the cursor %d:%d on one line", formatRange(r), pos.Line, pos.Character)
	}
	fmt.Fprintf(&b, "%s · %d items", formatRange(r), len(list.Items))
	if list.IsIncomplete {
		b.WriteString(" · incomplete")
	}
	b.WriteString("\n")
	for i, it := range list.Items {
		if it.TextEdit == nil || it.TextEdit.Range != r {
			t.Errorf("item %q: edit %v, want range %s like the first item", it.Label, it.TextEdit, formatRange(r))
		}
		if i > 0 && it.SortText <= list.Items[i-1].SortText {
			t.Errorf("item %q: sortText %q not after %q", it.Label, it.SortText, list.Items[i-1].SortText)
		}
		if it.Documentation == nil && it.Data == nil {
			t.Errorf("item %q has no documentation", it.Label)
		}
		if i >= n {
			continue
		}
		fmt.Fprintf(&b, "%s [%s] %s", it.Label, kindNames[it.Kind], it.Detail)
		if it.TextEdit != nil && it.TextEdit.NewText != it.Label {
			fmt.Fprintf(&b, " => %q", it.TextEdit.NewText)
		}
		if it.InsertTextFormat == protocol.InsertTextFormatSnippet {
			b.WriteString(" snippet")
		}
		if it.FilterText != "" {
			fmt.Fprintf(&b, " filter=%q", it.FilterText)
		}
		if it.Command != nil {
			b.WriteString(" ↻")
		}
		if it.Deprecated {
			b.WriteString(" deprecated")
		}
		b.WriteString("\n")
	}
	if len(list.Items) > n {
		fmt.Fprintf(&b, "… %d more\n", len(list.Items)-n)
	}
	return b.String()
}

// completionDoc prints the documentation of the item labelled label,
// through completionItem/resolve when it is not inline.
func completionDoc(t *testing.T, e *fakeEditor, list *protocol.CompletionList, label string) string {
	for _, it := range list.Items {
		if it.Label != label {
			continue
		}
		if it.Documentation == nil {
			var resolved protocol.CompletionItem
			if err := e.call("completionItem/resolve", it, &resolved); err != nil {
				t.Fatalf("resolve %q: %v", label, err)
			}
			if resolved.Label != it.Label || resolved.TextEdit == nil || *resolved.TextEdit != *it.TextEdit {
				t.Errorf("resolve changed the item: %+v", resolved)
			}
			it = resolved
		}
		raw, _ := json.Marshal(it.Documentation)
		var doc protocol.MarkupContent
		if err := json.Unmarshal(raw, &doc); err != nil || doc.Kind != protocol.Markdown || doc.Value == "" {
			t.Fatalf("item %q: documentation %s is not Markdown", label, raw)
		}
		return "--- " + label + "\n" + doc.Value + "\n"
	}
	t.Fatalf("no item %q", label)
	return ""
}

// completeAt asks for completion at line:col, by a trigger character when
// trigger is not "".
func completeAt(t *testing.T, e *fakeEditor, uri string, line, col int, trigger string) *protocol.CompletionList {
	t.Helper()
	ctx := map[string]any{"triggerKind": 1}
	if trigger != "" {
		ctx = map[string]any{"triggerKind": 2, "triggerCharacter": trigger}
	}
	var list *protocol.CompletionList
	if err := e.call("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": protocol.Position{Line: uint32(line), Character: uint32(col)}, "context": ctx}, &list); err != nil {
		t.Fatalf("completion: %v", err)
	}
	return list
}

func completionLabels(l *protocol.CompletionList) []string {
	if l == nil {
		return nil
	}
	out := make([]string, len(l.Items))
	for i, it := range l.Items {
		out[i] = it.Label
	}
	return out
}

func TestCompletionCapability(t *testing.T) {
	e := startServer(t, Options{})
	res := e.initialize(nil)
	raw, _ := json.Marshal(res.Capabilities.CompletionProvider)
	want := `{"resolveProvider":true,"triggerCharacters":[" ","-","$","{","=","/",":",","]}`
	if string(raw) != want {
		t.Errorf("completionProvider = %s, want %s", raw, want)
	}
}

// An editor without snippet support gets plain text; a trigger character
// where nothing can be proposed gets null at once.
func TestCompletionPlainTextAndTriggers(t *testing.T) {
	e := startServer(t, Options{})
	if err := e.call("initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}}, nil); err != nil {
		t.Fatal(err)
	}
	e.notify("initialized", map[string]any{})
	const uri = "file:///lab/Dockerfile"
	e.open(uri, "FROM alpine\nCOPY \nRUN --\n", 1)
	l := completeAt(t, e, uri, 3, 0, "")
	if len(l.Items) == 0 || l.Items[0].InsertTextFormat == protocol.InsertTextFormatSnippet || l.Items[0].TextEdit.NewText != "RUN " {
		t.Errorf("plain items: %+v", l.Items[0])
	}
	if l := completeAt(t, e, uri, 1, 5, " "); l != nil {
		t.Errorf("space after COPY: %v, want null", completionLabels(l))
	}
	if got := completionLabels(completeAt(t, e, uri, 1, 5, "")); len(got) == 0 || got[0] != "--from" {
		t.Errorf("Ctrl+Space after COPY: %v, want the flags", got)
	}
	l = completeAt(t, e, uri, 2, 6, "-")
	if got := completionLabels(l); len(got) != 4 || got[0] != "--mount" || l.Items[0].TextEdit.Range != (protocol.Range{Start: protocol.Position{Line: 2, Character: 4}, End: protocol.Position{Line: 2, Character: 6}}) {
		t.Errorf("RUN --: %v", got)
	}
	if l := completeAt(t, e, "file:///lab/not-open", 0, 0, ""); l != nil {
		t.Errorf("closed document: %v", completionLabels(l))
	}
}

// blockingImages is an engine whose image list answers only when released.
type blockingImages struct {
	release chan struct{}
	calls   chan struct{}
}

func (b *blockingImages) ImageInspect(ctx context.Context, ref string) (docker.Image, error) {
	return docker.Image{}, &docker.Error{Kind: docker.NotFound, Message: "없음"}
}

func (b *blockingImages) Images(ctx context.Context) ([]docker.Image, error) {
	b.calls <- struct{}{}
	select {
	case <-b.release:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return []docker.Image{{ID: "sha256:1", Tags: []string{"dockerlab-test/slow:1"}, Size: 1000, Created: time.Now()}}, nil
}

// Completion never waits long for the engine: while the first listing
// hangs, the answer after FROM (after at most imageColdWait) has no images
// and says it is incomplete; once the listing is done, the images come. In
// an untrusted workspace the engine is never asked.
func TestCompletionNeverWaitsForImages(t *testing.T) {
	src := &blockingImages{release: make(chan struct{}), calls: make(chan struct{}, 10)}
	const uri = "file:///lab/Dockerfile"

	untrusted := startServer(t, Options{Engine: refusingEngine{}, Images: src})
	untrusted.initialize(map[string]any{"trusted": false})
	untrusted.open(uri, "FROM \n", 1)
	l := completeAt(t, untrusted, uri, 0, 5, " ")
	if got := completionLabels(l); len(got) != 1 || got[0] != "scratch" || l.IsIncomplete {
		t.Errorf("untrusted: %v incomplete=%v", got, l.IsIncomplete)
	}
	select {
	case <-src.calls:
		t.Fatal("untrusted workspace asked the engine for images")
	default:
	}

	e := startServer(t, Options{Engine: refusingEngine{}, Images: src})
	e.initialize(map[string]any{"trusted": true})
	e.open(uri, "FROM \n", 1)
	l = completeAt(t, e, uri, 0, 5, " ")
	if got := completionLabels(l); len(got) != 1 || !l.IsIncomplete {
		t.Fatalf("while listing: %v incomplete=%v", got, l.IsIncomplete)
	}
	<-src.calls
	close(src.release)
	deadline := time.After(waitTimeout)
	for {
		l = completeAt(t, e, uri, 0, 5, " ")
		if !l.IsIncomplete {
			break
		}
		select {
		case <-deadline:
			t.Fatal("the image list never arrived")
		case <-time.After(5 * time.Millisecond):
		}
	}
	if got := completionLabels(l); len(got) != 2 || got[0] != "dockerlab-test/slow:1" || l.Items[0].Detail != "로컬 이미지 · 1kB · 방금 전" {
		t.Errorf("after listing: %v %q", got, l.Items[0].Detail)
	}
}

// completionItem/resolve adds the Korean page and keeps the rest of the
// item as sent, including fields this server does not know.
func TestCompletionResolve(t *testing.T) {
	e := startServer(t, Options{})
	e.initialize(nil)
	var out map[string]any
	item := map[string]any{"label": "--from", "data": map[string]any{"doc": "flag/COPY/from"}, "labelDetails": map[string]any{"detail": "x"}}
	if err := e.call("completionItem/resolve", item, &out); err != nil {
		t.Fatal(err)
	}
	doc, _ := out["documentation"].(map[string]any)
	if doc["kind"] != "markdown" || !strings.HasPrefix(doc["value"].(string), "**--from** (`COPY`)") || out["labelDetails"] == nil {
		t.Errorf("resolved %v", out)
	}
	var foreign map[string]any
	if err := e.call("completionItem/resolve", map[string]any{"label": "x", "data": 3}, &foreign); err != nil || foreign["documentation"] != nil {
		t.Errorf("foreign data: %v %v", foreign, err)
	}
}
