package engine

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"github.com/dockerlab/dockerlab/server/docker"
)

// maxBiggest is how many top-level entries BuildContext.Biggest keeps.
const maxBiggest = 5

// maxExcluded is how many excluded paths BuildContext.Excluded keeps.
const maxExcluded = 100

// contextStats collects what writeContextTar sends and leaves out, as it
// walks, so build insight costs no second walk of the context.
type contextStats struct {
	files    int
	bytes    int64
	top      map[string]*docker.ContextEntry // by top-level path ("src/", "package.json")
	excluded []string
	digests  map[string]string
}

// newContextStats returns an empty collector.
func newContextStats() *contextStats {
	return &contextStats{top: map[string]*docker.ContextEntry{}, digests: map[string]string{}}
}

// topLevel is the top-level entry rel belongs to: its first path element,
// with a "/" when rel is below it ("src/app.js" gives "src/").
func topLevel(rel string) string {
	if i := strings.IndexByte(rel, '/'); i >= 0 {
		return rel[:i+1]
	}
	return rel
}

// file records a regular file sent: its n bytes and the sum of its content.
func (s *contextStats) file(rel string, n int64, sum [sha256.Size]byte) {
	s.files++
	s.bytes += n
	s.digests[rel] = hex.EncodeToString(sum[:])
	top := topLevel(rel)
	e := s.top[top]
	if e == nil {
		e = &docker.ContextEntry{Path: top}
		s.top[top] = e
	}
	e.Files++
	e.Bytes += n
}

// link records a symbolic link sent: the sum of its target's text.
func (s *contextStats) link(rel string, sum [sha256.Size]byte) {
	s.digests[rel] = hex.EncodeToString(sum[:])
}

// exclude records a path .dockerignore left out; dir marks a directory the
// walk skipped whole, named with a trailing "/".
func (s *contextStats) exclude(rel string, dir bool) {
	if dir {
		rel += "/"
	}
	s.excluded = append(s.excluded, rel)
}

// result is the collected context: the top-level entries biggest first
// (ties by path), at most maxBiggest; the excluded paths sorted, at most
// maxExcluded.
func (s *contextStats) result() docker.BuildContext {
	bc := docker.BuildContext{Files: s.files, Bytes: s.bytes, Digests: s.digests}
	for _, e := range s.top {
		bc.Biggest = append(bc.Biggest, *e)
	}
	slices.SortFunc(bc.Biggest, func(a, b docker.ContextEntry) int {
		if c := cmp.Compare(b.Bytes, a.Bytes); c != 0 {
			return c
		}
		return strings.Compare(a.Path, b.Path)
	})
	if len(bc.Biggest) > maxBiggest {
		bc.Biggest = bc.Biggest[:maxBiggest]
	}
	if len(s.excluded) > 0 {
		bc.Excluded = slices.Clone(s.excluded)
		slices.Sort(bc.Excluded)
		if len(bc.Excluded) > maxExcluded {
			bc.Excluded = bc.Excluded[:maxExcluded]
		}
	}
	return bc
}
