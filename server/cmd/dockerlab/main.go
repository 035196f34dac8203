// Command dockerlab is the Korean Docker lab's language server and checker.
//
//	dockerlab lsp                               LSP over stdio (stdout carries only protocol messages)
//	dockerlab check [--format text|json|sarif|gitlab] [--failure-threshold LEVEL] [--skip RULES] FILE|DIR…
//	                                            the editor's diagnostics in the terminal and in CI
//	dockerlab version
//
// main only wires packages together; logs go to stderr.
package main

import (
	_ "embed"
	"fmt"
	"github.com/dockerlab/dockerlab/server/buildinfo"
	"io"
	"log/slog"
	"os"
)

// version is set at link time (-ldflags "-X main.version=…").
var version = "0.1.0-dev"

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// usage is `dockerlab help`, kept as plain text for writers.
//
//go:embed usage.txt
var usage string

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "lsp":
		return runLSP(args[1:], stdin, stdout, stderr)
	case "check":
		return runCheck(args[1:], stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprint(stdout, buildinfo.Read(version))
		return 0
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "알 수 없는 명령입니다: %s\n\n%s", args[0], usage)
		return 2
	}
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}
