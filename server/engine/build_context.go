package engine

import (
	"archive/tar"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// dockerignoreName is the file whose patterns leave paths out of the build
// context, as with `docker build`.
const dockerignoreName = ".dockerignore"

// readDockerignore returns the ignore patterns for building dockerfile
// (relative to dir): those of "<dockerfile>.dockerignore" when it exists,
// as `docker build` with BuildKit does, else those of dir/.dockerignore,
// else nil.
func readDockerignore(dir, dockerfile string) ([]string, error) {
	for _, name := range []string{dockerfile + dockerignoreName, dockerignoreName} {
		f, err := os.Open(filepath.Join(dir, filepath.FromSlash(name)))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("opening %s: %w", name, err)
		}
		defer f.Close()
		patterns, err := ignorefile.ReadAll(f)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
		return patterns, nil
	}
	return nil, nil
}

// writeContextTar writes dir as an uncompressed tar to w, leaving out what
// .dockerignore (or <dockerfile>.dockerignore) excludes, the way the docker CLI builds a context: paths are
// slash-separated and relative, owners are root, and the Dockerfile (given
// relative to dir) and .dockerignore are always sent because the engine
// needs the first and the CLI always sends both. Only regular files,
// directories and symbolic links are archived; sockets and devices are
// skipped because a build context cannot use them.
//
// It returns what it sent and left out, gathered on the way (build
// insight): files and bytes, the biggest top-level entries, the excluded
// paths and the SHA-256 of every file, summed as the file is streamed into
// the tar, so nothing is read twice.
func writeContextTar(w io.Writer, dir, dockerfile string) (docker.BuildContext, error) {
	patterns, err := readDockerignore(dir, dockerfile)
	if err != nil {
		return docker.BuildContext{}, err
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		return docker.BuildContext{}, fmt.Errorf("parsing %s: %w", dockerignoreName, err)
	}
	stats := newContextStats()
	always := map[string]bool{
		dockerignoreName:       true,
		path.Clean(dockerfile): true,
	}
	tw := tar.NewWriter(w)
	// matches remembers each directory's match results so a child is
	// matched against its parent's, as patternmatcher expects.
	matches := map[string]patternmatcher.MatchInfo{}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if rel == "." {
			return nil
		}
		rel = filepath.ToSlash(rel)
		excluded, info, err := pm.MatchesUsingParentResults(rel, matches[path.Dir(rel)])
		if err != nil {
			return fmt.Errorf("matching %s against %s: %w", rel, dockerignoreName, err)
		}
		if d.IsDir() {
			matches[rel] = info
		}
		if excluded && !always[rel] {
			if !d.IsDir() {
				stats.exclude(rel, false)
				return nil
			}
			if mayHoldIncluded(pm, rel, always) {
				// Walk on without adding the directory itself: a
				// "!dir/file" exception or the Dockerfile may be inside.
				// What it leaves out is named file by file.
				return nil
			}
			stats.exclude(rel, true)
			return filepath.SkipDir
		}
		return addTarEntry(tw, p, rel, d, stats)
	})
	if err != nil {
		return docker.BuildContext{}, fmt.Errorf("archiving build context %s: %w", dir, err)
	}
	if err := tw.Close(); err != nil {
		return docker.BuildContext{}, fmt.Errorf("finishing build context tar: %w", err)
	}
	return stats.result(), nil
}

// mayHoldIncluded reports whether the excluded directory rel may still hold
// a path that must be sent: an exception pattern below it, or an
// always-sent file.
func mayHoldIncluded(pm *patternmatcher.PatternMatcher, rel string, always map[string]bool) bool {
	prefix := rel + "/"
	for p := range always {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	if !pm.Exclusions() {
		return false
	}
	for _, pat := range pm.Patterns() {
		if !pat.Exclusion() {
			continue
		}
		// A wildcard before the directory's depth could match anything
		// under it; only a literal prefix lets us skip safely.
		s := filepath.ToSlash(pat.String())
		if strings.HasPrefix(s+"/", prefix) || strings.HasPrefix(prefix, s+"/") || strings.ContainsAny(s, "*?[\\") {
			return true
		}
	}
	return false
}

// addTarEntry appends one file, directory or symlink to tw and records it
// in stats, summing a file's content as it is copied.
func addTarEntry(tw *tar.Writer, p, rel string, d fs.DirEntry, stats *contextStats) error {
	fi, err := d.Info()
	if err != nil {
		return err
	}
	var link string
	switch {
	case fi.Mode().IsRegular(), fi.IsDir():
	case fi.Mode()&fs.ModeSymlink != 0:
		if link, err = os.Readlink(p); err != nil {
			return err
		}
	default:
		return nil
	}
	hdr, err := tar.FileInfoHeader(fi, link)
	if err != nil {
		return fmt.Errorf("tar header for %s: %w", rel, err)
	}
	hdr.Name = rel
	if fi.IsDir() {
		hdr.Name += "/"
	}
	// Root ownership, like the CLI: the builder would otherwise copy the
	// learner's uid into the image.
	hdr.Uid, hdr.Gid, hdr.Uname, hdr.Gname = 0, 0, "", ""
	// Whole seconds and no atime/ctime, as go-archive does, so an
	// untouched file gives the same header and the build cache holds.
	hdr.Format = tar.FormatPAX
	hdr.ModTime = hdr.ModTime.Truncate(time.Second)
	hdr.AccessTime, hdr.ChangeTime = time.Time{}, time.Time{}
	if err := tw.WriteHeader(hdr); err != nil {
		return fmt.Errorf("writing tar header for %s: %w", rel, err)
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		stats.link(rel, sha256.Sum256([]byte(link)))
	}
	if !fi.Mode().IsRegular() {
		return nil
	}
	sum := sha256.New()
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	n, err := io.Copy(tw, io.TeeReader(f, sum))
	if err != nil {
		return fmt.Errorf("archiving %s: %w", rel, err)
	}
	stats.file(rel, n, [sha256.Size]byte(sum.Sum(nil)))
	return nil
}
