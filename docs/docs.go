// Package docs embeds dockerlab's Korean Dockerfile reference, written as
// Markdown under docs/, so the server binary carries every text it shows and
// a writer edits Markdown, not Go strings.
//
// Layout: instructions/<name>.md, flags/<instruction>/<flag>.md,
// mounts/<type>.md and mounts/<type>/<key>.md, directives/<name>.md,
// args/<NAME>.md, rules/<Rule>.md, topics/<name>.md, glossary.md,
// compose/<key path>.md (Compose file keys).
package docs

import (
	"embed"
	"io/fs"
	"strings"
)

// The Markdown only: the package's Go files and tests stay out of the binary.
//
//go:embed *.md args compose directives flags instructions k8s mounts rules topics
var files embed.FS

// read returns a document's trimmed text, or "" when it does not exist.
func read(path string) string {
	b, err := files.ReadFile(path)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// Instruction returns the Markdown about a Dockerfile instruction (any case).
func Instruction(name string) string {
	return read("instructions/" + strings.ToLower(name) + ".md")
}

// Flag returns the Markdown about an instruction's flag, e.g. ("RUN", "mount").
func Flag(instruction, flag string) string {
	return read("flags/" + strings.ToLower(instruction) + "/" + strings.ToLower(flag) + ".md")
}

// Mount returns the Markdown about a `RUN --mount` type, e.g. "cache".
func Mount(typ string) string { return read("mounts/" + strings.ToLower(typ) + ".md") }

// MountOption returns the Markdown about one option key of a mount type.
func MountOption(typ, key string) string {
	return read("mounts/" + strings.ToLower(typ) + "/" + strings.ToLower(key) + ".md")
}

// Directive returns the Markdown about a parser directive: syntax, escape, check.
func Directive(name string) string { return read("directives/" + strings.ToLower(name) + ".md") }

// Arg returns the Markdown about a predefined build argument such as
// TARGETARCH; the lower-case proxy ARGs share their upper-case document.
func Arg(name string) string {
	if d := read("args/" + name + ".md"); d != "" {
		return d
	}
	return read("args/" + strings.ToUpper(name) + ".md")
}

// Rule returns the Markdown about a lint rule.
func Rule(name string) string { return read("rules/" + name + ".md") }

// Compose returns the Markdown about a Compose file key, by its path
// without names: "services", "services/ports", "services/build/context",
// "volumes/driver".
func Compose(path string) string { return read("compose/" + strings.ToLower(path) + ".md") }

// K8s returns the Markdown about a Kubernetes manifest field, by kind and
// path without list brackets: "deployment/spec/replicas", "container/image",
// "common/metadata/name", or a kind alone: "service".
func K8s(path string) string { return read("k8s/" + strings.ToLower(path) + ".md") }

// Topic returns the Markdown about a topic: "heredoc", "shell-exec-form",
// "variables" or "dockerignore".
func Topic(name string) string { return read("topics/" + name + ".md") }

// Flags lists the flags documented for an instruction.
func Flags(instruction string) []string {
	entries, err := fs.ReadDir(files, "flags/"+strings.ToLower(instruction))
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".md"); ok {
			out = append(out, name)
		}
	}
	return out
}

// referenceAnchors are the reference's section anchors that are not the
// instruction's lower-case name: the MAINTAINER section is titled
// "MAINTAINER (deprecated)".
var referenceAnchors = map[string]string{
	"maintainer": "maintainer-deprecated",
}

// ReferenceURL is the official Dockerfile reference section of an instruction.
func ReferenceURL(name string) string {
	anchor := strings.ToLower(name)
	if a, ok := referenceAnchors[anchor]; ok {
		anchor = a
	}
	return "https://docs.docker.com/reference/dockerfile/#" + anchor
}
