// Package fileuri converts between the file URIs editors send and file
// paths, for the system the server runs on and, in tests, for any other:
// VS Code on Windows sends file:///c%3A/Users/..., Neovim file:///C:/...,
// a share file://server/share/...; Korean names and spaces arrive
// percent-encoded. Pure functions; nothing here panics on a bad URI.
package fileuri

import (
	"net/url"
	"path"
	"runtime"
	"strings"
)

// Path is the path of the file URI u on this system; ok is false for
// another scheme (untitled:, vscode-notebook-cell:) or a malformed URI.
func Path(u string) (string, bool) { return PathFor(u, runtime.GOOS) }

// URI is the file URI of the absolute path p on this system.
func URI(p string) string { return URIFor(p, runtime.GOOS) }

// PathFor is Path on the system goos.
func PathFor(u, goos string) (string, bool) {
	if !strings.HasPrefix(strings.ToLower(u), "file:") {
		return "", false
	}
	pu, err := url.Parse(u)
	if err != nil || !strings.EqualFold(pu.Scheme, "file") || pu.Opaque != "" {
		return "", false
	}
	p := pu.Path
	host := pu.Host
	if strings.EqualFold(host, "localhost") {
		host = ""
	}
	if goos != "windows" {
		if host != "" || p == "" {
			return "", false
		}
		return path.Clean(p), true
	}
	if host != "" { // a UNC share: file://server/share/dir -> \\server\share\dir
		return `\\` + host + strings.ReplaceAll(p, "/", `\`), true
	}
	if len(p) >= 3 && p[0] == '/' && isLetter(p[1]) && p[2] == ':' {
		p = p[1:] // /c:/Users -> c:/Users
	}
	if p == "" {
		return "", false
	}
	return strings.ReplaceAll(p, "/", `\`), true
}

// URIFor is URI on the system goos. A Windows path is written as VS Code
// writes it (lower-case drive letter, the colon encoded), so a URI the
// server makes matches the one the editor sent for the same file.
func URIFor(p, goos string) string {
	if goos == "windows" {
		p = strings.ReplaceAll(p, `\`, "/")
		if strings.HasPrefix(p, "//") { // \\server\share\dir
			rest := p[2:]
			host, tail, _ := strings.Cut(rest, "/")
			return (&url.URL{Scheme: "file", Host: host, Path: "/" + tail}).String()
		}
		if len(p) >= 2 && isLetter(p[0]) && p[1] == ':' {
			drive := strings.ToLower(p[:1])
			return "file:///" + drive + "%3A" + (&url.URL{Path: p[2:]}).EscapedPath()
		}
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
