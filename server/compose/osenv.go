package compose

import (
	"io"
	"os"
	"path/filepath"
)

// DirEnv is the Env of a Compose file on disk: paths are read relative to
// the file's folder, a Dockerfile at most 1 MiB of it. The checks read
// files only through the Env their caller passes; this is the one the
// editor and `dockerlab check` pass.
type DirEnv string

// maxRead bounds what a check reads of one named file.
const maxRead = 1 << 20

func (d DirEnv) abs(p string) string {
	if filepath.IsAbs(filepath.FromSlash(p)) {
		return filepath.FromSlash(p)
	}
	return filepath.Join(string(d), filepath.FromSlash(p))
}

// Stat reports whether p exists, and whether it is a folder.
func (d DirEnv) Stat(p string) (bool, bool) {
	fi, err := os.Stat(d.abs(p))
	if err != nil {
		return false, false
	}
	return true, fi.IsDir()
}

// ReadFile reads up to 1 MiB of a file.
func (d DirEnv) ReadFile(p string) ([]byte, error) {
	f, err := os.Open(d.abs(p))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxRead))
}
