package main

import (
	_ "github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	_ "github.com/moby/buildkit/frontend/dockerfile/parser"
	_ "github.com/moby/moby/client"
	_ "go.lsp.dev/jsonrpc2"
	_ "go.lsp.dev/protocol"
	_ "go.uber.org/zap"
	_ "golang.org/x/tools/txtar"
)

func main() {}
