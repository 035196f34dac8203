package lint

import (
	"context"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// npmCiFound checks text against ctx and reports whether
// NpmCiInsteadOfInstall fired.
func npmCiFound(t *testing.T, text string, ctx fstest.MapFS, cache *Cache) bool {
	t.Helper()
	for _, f := range Check(context.Background(), dockerfile.Parse(text), Options{Context: ctx, Cache: cache}) {
		if f.Code == "NpmCiInsteadOfInstall" {
			return true
		}
	}
	return false
}

// A package-lock.json that appears in the build context turns
// `npm install` into a finding once the cache is told the context changed,
// with the Dockerfile's text untouched; until then the cache answers from
// what it read, and it says it looked for the files that make `npm ci`
// possible, so the session knows what to watch.
func TestContextChangedSeesNewLockFile(t *testing.T) {
	const text = "FROM node:22-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm install\n"
	ctx := fstest.MapFS{"package.json": {Data: []byte(`{"name":"app"}`)}}
	cache := NewCache()
	if npmCiFound(t, text, ctx, cache) {
		t.Fatal("NpmCiInsteadOfInstall without a lock file in the context")
	}
	files := cache.ContextFiles()
	for _, want := range []string{"package*.json", ".dockerignore"} {
		if !slices.Contains(files, want) {
			t.Errorf("ContextFiles() = %q, want it to list %q", files, want)
		}
	}
	ctx["package-lock.json"] = &fstest.MapFile{Data: []byte(`{"lockfileVersion":3}`)}
	if npmCiFound(t, text, ctx, cache) {
		t.Fatal("the cache read the context again without ContextChanged: it keeps nothing")
	}
	cache.ContextChanged()
	if !npmCiFound(t, text, ctx, cache) {
		t.Fatal("no NpmCiInsteadOfInstall after package-lock.json appeared and ContextChanged")
	}
}

// An edit reads the context again, so a file that appeared is seen at the
// next edit even where nobody calls ContextChanged.
func TestEditReadsContextAgain(t *testing.T) {
	const text = "FROM node:22-alpine\nCOPY package*.json ./\nRUN npm install\n"
	ctx := fstest.MapFS{"package.json": {Data: []byte("{}")}}
	cache := NewCache()
	if npmCiFound(t, text, ctx, cache) {
		t.Fatal("NpmCiInsteadOfInstall without a lock file in the context")
	}
	ctx["package-lock.json"] = &fstest.MapFile{Data: []byte("{}")}
	if !npmCiFound(t, text+"# edited\n", ctx, cache) {
		t.Fatal("an edited text did not see package-lock.json")
	}
}

// ContextFiles lists every path a check read or looked for, missing ones
// included, with a pattern for a folder whose names were read; without a
// context there is nothing to watch.
func TestContextFiles(t *testing.T) {
	const text = "FROM node:22-alpine\nCOPY . /app\nCOPY src/indx.js /app/\nRUN npm install\n"
	ctx := fstest.MapFS{"src/index.js": {Data: []byte("")}}
	cache := NewCache()
	fs := Check(context.Background(), dockerfile.Parse(text), Options{Context: ctx, Cache: cache})
	want := []string{".", ".dockerignore", "npm-shrinkwrap.json", "package-lock.json", "src/*", "src/indx.js",
		"src/indx.js/npm-shrinkwrap.json", "src/indx.js/package-lock.json"}
	if got := cache.ContextFiles(); !slices.Equal(got, want) {
		t.Errorf("ContextFiles() = %q, want %q", got, want)
	}
	var missing []string
	for _, f := range fs {
		if f.Code == "CopySourceMissing" {
			missing = append(missing, f.arg(0)+"→"+f.arg(1))
		}
	}
	if !slices.Equal(missing, []string{"src/indx.js→src/index.js"}) {
		t.Errorf("CopySourceMissing = %q, want the misspelt source with its fix", missing)
	}
	Check(context.Background(), dockerfile.Parse(text), Options{Cache: cache})
	if got := cache.ContextFiles(); len(got) != 0 {
		t.Errorf("ContextFiles() without a context = %q, want none", got)
	}
}
