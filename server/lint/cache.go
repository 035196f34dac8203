package lint

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"strings"
	"sync"
)

// Cache keeps BuildKit's findings per chunk of a Dockerfile (a stage with
// what it builds on), keyed by the chunk's text, so re-checking an edited
// file runs BuildKit only on the stages that changed. One cache serves one
// document; it is safe for concurrent use and forgets chunks that two runs
// in a row did not use. A nil *Cache checks everything every time.
//
// The cache also keeps what the checks of one text learnt of the build
// context (which files exist, what .dockerignore says), and the paths they
// read or looked for: the session watches those and calls ContextChanged
// when one appears, changes or goes, since the text alone cannot tell.
type Cache struct {
	mu      sync.Mutex
	run     int
	entries map[[32]byte]*cacheEntry
	shells  map[shellKey]*shellEntry // the RUNs the beginner rules read

	context      fs.FS        // the build context the memo answers for
	contextText  string       // the text whose checks asked it
	memo         *contextMemo // nil after ContextChanged
	contextFiles []string
}

// shellKey is a RUN's text and the escape character it was read with.
type shellKey struct {
	escape byte
	text   string
}

// shellEntry is a RUN read at offset base of some version.
type shellEntry struct {
	r       runScript
	base    int
	lastRun int
}

type cacheEntry struct {
	findings []rawFinding
	lastRun  int
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{entries: map[[32]byte]*cacheEntry{}, shells: map[shellKey]*shellEntry{}}
}

// lint returns BuildKit's findings for the chunk's lines, from the cache
// when the same text was checked before with the same known base images.
func (c *Cache) lint(ctx context.Context, lines []string, image ImageFunc) []rawFinding {
	if c == nil {
		return lintLines(ctx, lines, image)
	}
	key := sha256.Sum256([]byte(strings.Join(lines, "\n") + "\x00" + imagesOf(lines, image)))
	c.mu.Lock()
	e, ok := c.entries[key]
	if ok {
		e.lastRun = c.run
	}
	c.mu.Unlock()
	if ok {
		return clone(e.findings)
	}
	found := lintLines(ctx, lines, image)
	if ctx.Err() != nil {
		return found // possibly incomplete: not cached
	}
	c.mu.Lock()
	c.entries[key] = &cacheEntry{findings: found, lastRun: c.run}
	c.mu.Unlock()
	return clone(found)
}

// stop returns where BuildKit stops on lines (one run, no recovery), from
// the cache when the same text was checked before with the same known base
// images; nil when it does not stop.
func (c *Cache) stop(ctx context.Context, lines []string, image ImageFunc) *rawFinding {
	if c == nil {
		_, r := lintOnce(ctx, lines, image)
		return r
	}
	key := sha256.Sum256([]byte("stop\x00" + strings.Join(lines, "\n") + "\x00" + imagesOf(lines, image)))
	c.mu.Lock()
	e, ok := c.entries[key]
	if ok {
		e.lastRun = c.run
	}
	c.mu.Unlock()
	if !ok {
		_, r := lintOnce(ctx, lines, image)
		if ctx.Err() != nil {
			return r // possibly incomplete: not cached
		}
		e = &cacheEntry{lastRun: c.run}
		if r != nil {
			e.findings = []rawFinding{*r}
		}
		c.mu.Lock()
		c.entries[key] = e
		c.mu.Unlock()
	}
	if len(e.findings) == 0 {
		return nil
	}
	r := e.findings[0]
	return &r
}

// endRun forgets the chunks not used in this run or the one before.
func (c *Cache) endRun() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.entries {
		if e.lastRun < c.run-1 {
			delete(c.entries, k)
		}
	}
	for k, e := range c.shells {
		if e.lastRun < c.run-1 {
			delete(c.shells, k)
		}
	}
	c.run++
}

// contextMemo is where a check of text against the build context fsys
// keeps the context's answers: the last check's, when it checked the same
// text against the same context and nothing has changed since, else a
// fresh one. An edit asks the context again, so a file that appeared is
// seen at the next edit even where nobody calls ContextChanged.
func (c *Cache) contextMemo(fsys fs.FS, text string) *contextMemo {
	if c == nil || fsys == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.memo == nil || !sameFS(c.context, fsys) || c.contextText != text {
		c.context, c.contextText = fsys, text
		c.memo = &contextMemo{answers: map[string]contextAnswer{}}
	}
	return c.memo
}

// setContextFiles records the context paths the last check asked.
func (c *Cache) setContextFiles(paths []string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.contextFiles = paths
	c.mu.Unlock()
}

// ContextFiles are the paths of the build context that the last check
// read or looked for, whether they exist or not (a missing
// package-lock.json is listed too: its appearing changes the findings).
// They are relative to the context's root, in slash form and sorted; an
// entry with `*`, `?` or `[` is a pattern (`package*.json`, or `dir/*` for
// a folder whose list of names was read), standing for every path it
// matches. The slice is the caller's.
func (c *Cache) ContextFiles() []string {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.contextFiles...)
}

// ContextChanged forgets what the cache knows of the build context, so the
// next check reads it again: call it when one of ContextFiles appears,
// changes or is removed.
func (c *Cache) ContextChanged() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.memo = nil
	c.mu.Unlock()
}

// clone copies findings so callers may remap their locations.
func clone(fs []rawFinding) []rawFinding { return append([]rawFinding(nil), fs...) }

// imagesOf lists what the engine knows about the chunk's FROM images (their
// platform and config), so a chunk is checked again when the engine learns
// an image or the image changes.
func imagesOf(lines []string, image ImageFunc) string {
	if image == nil {
		return ""
	}
	var b strings.Builder
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) < 2 || !strings.EqualFold(f[0], "FROM") {
			continue
		}
		ref := f[1]
		for i := 1; i < len(f) && strings.HasPrefix(f[i], "--"); i++ {
			if i+1 < len(f) {
				ref = f[i+1]
			}
		}
		if img, ok := image(ref); ok {
			fmt.Fprintf(&b, "%s=%s/%s %q %q %q;", ref, img.OS, img.Arch, img.Env, img.WorkingDir, img.User)
		}
	}
	return b.String()
}
