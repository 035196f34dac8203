package check

import (
	"errors"
	"github.com/dockerlab/dockerlab/server/compose"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Discover turns command-line paths into the files to check: a file as
// given, a folder as every Dockerfile, *.Dockerfile and Dockerfile.* and
// every Compose file (IsComposeName) and every YAML file holding
// Kubernetes manifests under it (without .git and node_modules folders), each file once, in the order
// found. The error joins one *PathError per path that does not exist or
// part of a folder that could not be read, and the files found are
// returned all the same; it is ErrNothingFound when all paths exist but
// hold no Dockerfile.
func Discover(paths []string) ([]string, error) {
	files, errs := discover(paths)
	return files, errors.Join(errs...)
}

// discover is Discover with its errors apart.
func discover(paths []string) (files []string, errs []error) {
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
		}
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			errs = append(errs, &PathError{Path: p, Message: "파일이나 디렉터리를 찾을 수 없습니다."})
			continue
		}
		if !st.IsDir() {
			add(p)
			continue
		}
		// The walk function never fails, so WalkDir returns nil.
		_ = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, &PathError{Path: path, Message: "읽을 수 없습니다", Err: err})
				return nil
			}
			if d.IsDir() {
				if path != p && (d.Name() == ".git" || d.Name() == "node_modules") {
					return filepath.SkipDir
				}
				return nil
			}
			switch {
			case isDockerfileName(d.Name()) || IsComposeName(d.Name()):
				add(path)
			case isYAMLName(d.Name()) && isManifestFile(path):
				add(path)
			}
			return nil
		})
	}
	if len(files) == 0 && len(errs) == 0 {
		return nil, []error{ErrNothingFound}
	}
	return files, errs
}

// ErrNothingFound is Discover's error when the paths hold no Dockerfile.
// Its text is the Korean sentence the command prints.
var ErrNothingFound = errors.New("검사할 Dockerfile, Compose 파일, Kubernetes 매니페스트를 찾지 못했습니다. 파일이나 디렉터리 경로를 확인하십시오.")

// isDockerfileName matches Dockerfile, *.Dockerfile and Dockerfile.*, but
// not the per-Dockerfile ignore file Dockerfile.dockerignore.
// IsComposeName reports the names Docker Compose reads by default and its
// override files (compose.IsFileName).
func IsComposeName(name string) bool { return compose.IsFileName(name) }

func isDockerfileName(name string) bool {
	if strings.HasSuffix(name, ".dockerignore") {
		return false
	}
	return name == "Dockerfile" || strings.HasSuffix(name, ".Dockerfile") || strings.HasPrefix(name, "Dockerfile.")
}

// FlagError says in Korean what was wrong with `dockerlab check`'s flags.
func FlagError(err error) string {
	for en, ko := range map[string]string{"flag provided but not defined: ": "알 수 없는 옵션입니다: ", "flag needs an argument: ": "옵션에 값이 없습니다: "} {
		if name, ok := strings.CutPrefix(err.Error(), en); ok {
			return ko + name
		}
	}
	return "옵션이 올바르지 않습니다: " + err.Error()
}
