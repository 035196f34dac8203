package lsp

import (
	"context"

	"github.com/dockerlab/dockerlab/server/document"
	"github.com/dockerlab/dockerlab/server/signature"
	"go.lsp.dev/protocol"
)

// signatureHelp, signatureInformation and parameterInformation are LSP's
// types with parameter labels as [start, end) UTF-16 offsets into the
// signature label, which go.lsp.dev/protocol v0.12.0 types as a string.
type signatureHelp struct {
	Signatures      []signatureInformation `json:"signatures"`
	ActiveSignature uint32                 `json:"activeSignature"`
	ActiveParameter uint32                 `json:"activeParameter"`
}

type signatureInformation struct {
	Label         string                 `json:"label"`
	Documentation protocol.MarkupContent `json:"documentation"`
	Parameters    []parameterInformation `json:"parameters"`
}

type parameterInformation struct {
	Label         [2]uint32              `json:"label"`
	Documentation protocol.MarkupContent `json:"documentation"`
}

// handleSignatureHelp shows the forms of the instruction under the cursor
// and the part of it being written, in Korean.
func handleSignatureHelp(ctx context.Context, s *Server, sn *snapshot, offset int, p *protocol.SignatureHelpParams) (any, error) {
	h := signature.At(sn.Model(), offset)
	if h == nil {
		return nil, nil
	}
	out := signatureHelp{ActiveSignature: uint32(h.Active), ActiveParameter: uint32(h.Param)}
	for _, sig := range h.Signatures {
		lm := document.NewMapper(sig.Label) // the label is one line: columns are UTF-16 offsets
		info := signatureInformation{Label: sig.Label, Documentation: markdown(sig.Doc)}
		for _, prm := range sig.Params {
			info.Parameters = append(info.Parameters, parameterInformation{
				Label:         [2]uint32{uint32(lm.Position(prm.Start).Character), uint32(lm.Position(prm.End).Character)},
				Documentation: markdown(prm.Doc),
			})
		}
		out.Signatures = append(out.Signatures, info)
	}
	return out, nil
}

func markdown(s string) protocol.MarkupContent {
	return protocol.MarkupContent{Kind: protocol.Markdown, Value: s}
}
