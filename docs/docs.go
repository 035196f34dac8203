// Package docs embeds dockerlab's Korean Dockerfile reference, written as
// Markdown under docs/, so the server binary carries every text it shows and
// a writer edits Markdown, not Go strings.
package docs

import (
	"embed"
	"strings"
)

//go:embed instructions/*.md
var files embed.FS

// Instruction returns the Korean Markdown about a Dockerfile instruction
// (any case), or "" when there is none.
func Instruction(name string) string {
	b, err := files.ReadFile("instructions/" + strings.ToLower(name) + ".md")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// ReferenceURL is the official Dockerfile reference section of an instruction.
func ReferenceURL(name string) string {
	return "https://docs.docker.com/reference/dockerfile/#" + strings.ToLower(name)
}
