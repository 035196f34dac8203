package lint

import (
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// buildContext is the build context as one check sees it: every question
// goes through here, so the check knows which paths its findings depend on
// (those that exist and those it looked for in vain), and a Cache can keep
// the answers between checks of the same text. A nil fsys is an unknown
// context: the rules that need it judge without it.
type buildContext struct {
	fsys  fs.FS
	memo  *contextMemo // nil: ask fsys every time
	asked map[string]bool
}

// contextMemo keeps the answers of one build context, keyed by question.
type contextMemo struct {
	mu      sync.Mutex
	answers map[string]contextAnswer
}

type contextAnswer struct {
	names []string // a directory's entries, or a pattern's matches
	data  []byte   // a file's content
	ok    bool     // the path exists (or was read)
}

// newBuildContext is the context of one check; a directory that is not
// there (a Dockerfile not saved yet) is no context.
func newBuildContext(fsys fs.FS, memo *contextMemo) *buildContext {
	if fsys != nil {
		if st, err := fs.Stat(fsys, "."); err != nil || !st.IsDir() {
			fsys = nil
		}
	}
	return &buildContext{fsys: fsys, memo: memo, asked: map[string]bool{}}
}

// known reports whether there is a context to ask.
func (c *buildContext) known() bool { return c != nil && c.fsys != nil }

// contextPath is a source of COPY or ADD as a path in the context: sources
// are relative to the context's root whatever they start with.
func contextPath(src string) string {
	p := strings.TrimPrefix(path.Clean("/"+src), "/")
	if p == "" {
		return "."
	}
	return p
}

// answer asks the memo first, then fsys through ask, and records what the
// check looked at (watch: a path or a pattern of paths).
func (c *buildContext) answer(question, watch string, ask func() contextAnswer) contextAnswer {
	c.asked[watch] = true
	if c.memo == nil {
		return ask()
	}
	c.memo.mu.Lock()
	a, ok := c.memo.answers[question]
	c.memo.mu.Unlock()
	if ok {
		return a
	}
	a = ask()
	c.memo.mu.Lock()
	c.memo.answers[question] = a
	c.memo.mu.Unlock()
	return a
}

// exists reports whether name is in the context, as a file, a directory or
// a symbolic link (which COPY copies as it is, even when it points nowhere).
func (c *buildContext) exists(name string) bool {
	return c.answer("lstat\x00"+name, name, func() contextAnswer {
		_, err := fs.Lstat(c.fsys, name)
		return contextAnswer{ok: err == nil}
	}).ok
}

// existsFollowing reports whether name is in the context, following
// symbolic links.
func (c *buildContext) existsFollowing(name string) bool {
	return c.answer("stat\x00"+name, name, func() contextAnswer {
		_, err := fs.Stat(c.fsys, name)
		return contextAnswer{ok: err == nil}
	}).ok
}

// list returns the names in directory dir, or false when it cannot be read.
func (c *buildContext) list(dir string) ([]string, bool) {
	a := c.answer("readdir\x00"+dir, path.Join(dir, "*"), func() contextAnswer {
		entries, err := fs.ReadDir(c.fsys, dir)
		if err != nil {
			return contextAnswer{}
		}
		names := make([]string, 0, len(entries))
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return contextAnswer{names: names, ok: true}
	})
	return a.names, a.ok
}

// glob returns the context's paths that match pattern.
func (c *buildContext) glob(pattern string) []string {
	return c.answer("glob\x00"+pattern, pattern, func() contextAnswer {
		matches, _ := fs.Glob(c.fsys, pattern)
		return contextAnswer{names: matches, ok: true}
	}).names
}

// read returns the content of file name, or false when it cannot be read.
func (c *buildContext) read(name string) ([]byte, bool) {
	a := c.answer("read\x00"+name, name, func() contextAnswer {
		data, err := fs.ReadFile(c.fsys, name)
		return contextAnswer{data: data, ok: err == nil}
	})
	return a.data, a.ok
}

// paths are what the check asked, sorted: paths and patterns relative to
// the context's root, in slash form.
func (c *buildContext) paths() []string {
	out := make([]string, 0, len(c.asked))
	for p := range c.asked {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// sameFS reports whether a and b are certainly the same file system: the
// same os.DirFS directory, the same fstest.MapFS map, the same pointer.
// Anything else counts as different, so its answers are not kept.
func sameFS(a, b fs.FS) bool {
	if a == nil || b == nil || reflect.TypeOf(a) != reflect.TypeOf(b) {
		return false
	}
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	switch va.Kind() {
	case reflect.String:
		return va.String() == vb.String()
	case reflect.Map, reflect.Pointer:
		return va.Pointer() == vb.Pointer()
	}
	return false
}
