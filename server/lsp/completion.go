package lsp

import (
	"context"
	"encoding/json"
	"time"

	"github.com/dockerlab/dockerlab/server/completion"
	"github.com/dockerlab/dockerlab/server/document"
	"go.lsp.dev/protocol"
)

// completionKinds map completion kinds to the editor's icons.
var completionKinds = map[completion.Kind]protocol.CompletionItemKind{
	completion.Keyword:   protocol.CompletionItemKindKeyword,
	completion.Flag:      protocol.CompletionItemKindProperty,
	completion.Value:     protocol.CompletionItemKindValue,
	completion.Variable:  protocol.CompletionItemKindVariable,
	completion.Stage:     protocol.CompletionItemKindReference,
	completion.Image:     protocol.CompletionItemKindModule,
	completion.Directive: protocol.CompletionItemKindKeyword,
	completion.Rule:      protocol.CompletionItemKindEnumMember,
}

// completionData travels in an item to completionItem/resolve.
type completionData struct {
	Doc string `json:"doc"`
}

// triggerSuggest is VS Code's command that opens completion again, sent
// with items after which more can be completed (`--mount=` → types).
var triggerSuggest = &protocol.Command{Title: "completion", Command: "editor.action.triggerSuggest"}

func handleCompletion(ctx context.Context, s *Server, sn *snapshot, offset int, p *protocol.CompletionParams) (any, error) {
	mp := sn.Mapper()
	s.stateMu.Lock()
	snippets := s.client.snippets
	s.stateMu.Unlock()
	opts := completion.Options{
		Snippets: snippets,
		Invoked:  p.Context == nil || p.Context.TriggerKind != protocol.CompletionTriggerKindTriggerCharacter,
		Images:   s.sess.ImageList(ctx),
		Now:      time.Now(),
	}
	if regs := s.sess.RegistryList(); regs != nil {
		opts.Registry = regs
	}
	l := completion.Complete(sn.Model(), offset, opts)
	if l == nil {
		return nil, nil
	}
	return completionList(mp, l), nil
}

// completionList turns a feature's list into the protocol's.
func completionList(mp *document.Mapper, l *completion.List) protocol.CompletionList {
	r := toRange(mp, l.Span)
	items := make([]protocol.CompletionItem, len(l.Items))
	for i, it := range l.Items {
		ci := protocol.CompletionItem{
			Label:      it.Label,
			Kind:       completionKinds[it.Kind],
			Detail:     it.Detail,
			FilterText: it.FilterText,
			SortText:   sortText(i),
			TextEdit:   &protocol.TextEdit{Range: r, NewText: it.Text},
		}
		if it.Snippet {
			ci.InsertTextFormat = protocol.InsertTextFormatSnippet
		}
		if it.Markdown != "" {
			ci.Documentation = protocol.MarkupContent{Kind: protocol.Markdown, Value: it.Markdown}
		} else if it.Doc != "" {
			ci.Data = completionData{Doc: it.Doc}
		}
		if it.Retrigger {
			ci.Command = triggerSuggest
		}
		if it.Deprecated {
			ci.Deprecated = true
			ci.Tags = []protocol.CompletionItemTag{protocol.CompletionItemTagDeprecated}
		}
		items[i] = ci
	}
	return protocol.CompletionList{IsIncomplete: l.Incomplete, Items: items}
}

// sortText keeps the editor in the order completion chose: likely first.
func sortText(i int) string {
	const digits = "0123456789"
	return string([]byte{digits[i/1000%10], digits[i/100%10], digits[i/10%10], digits[i%10]})
}

// handleCompletionResolve adds the Korean reference page named by the
// item's data; the rest of the item goes back as the editor sent it.
func handleCompletionResolve(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var item map[string]json.RawMessage
	if err := unmarshal(raw, &item); err != nil {
		return nil, err
	}
	var data completionData
	if d, ok := item["data"]; ok {
		_ = json.Unmarshal(d, &data) // data of another shape: nothing to add
	}
	if data.Doc == "" {
		return item, nil
	}
	if md := completion.Documentation(data.Doc); md != "" {
		b, err := json.Marshal(protocol.MarkupContent{Kind: protocol.Markdown, Value: md})
		if err != nil {
			return nil, err
		}
		item["documentation"] = b
	}
	return item, nil
}
