package corpus

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// maxDownloads bounds the modules downloaded at once: enough to overlap the
// network waits, few enough for a two-core machine that also extracts them.
const maxDownloads = 4

// downloadFunc fetches one module version and returns the path of its zip.
// Tests swap in a fake so the loader is checked without the network.
type downloadFunc func(ctx context.Context, module, version string) (zipPath string, err error)

// load returns the files of entries, reading each from dir when it is there
// with the recorded SHA-256, and otherwise from its module's zip, which
// download fetches once per module version; files read from a zip are
// written to dir for the next run.
func load(ctx context.Context, entries []manifestEntry, dir string, download downloadFunc) ([]RealFile, error) {
	out := make([]RealFile, len(entries))
	missing := map[string][]int{} // module@version -> indexes into entries
	for i, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(e.name)))
		if err == nil && sha256Hex(b) == e.origin.SHA256 {
			out[i] = RealFile{Name: e.name, Text: string(b), Origin: e.origin}
			continue
		}
		key := e.origin.Module + "@" + e.origin.Version
		missing[key] = append(missing[key], i)
	}
	if len(missing) == 0 {
		return out, nil
	}

	keys := make([]string, 0, len(missing))
	for k := range missing {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		sem  = make(chan struct{}, maxDownloads)
	)
	for _, key := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			idx := missing[key]
			o := entries[idx[0]].origin
			err := func() error {
				zipPath, err := download(ctx, o.Module, o.Version)
				if err != nil {
					return err
				}
				return extract(zipPath, o.Module, o.Version, entries, idx, dir, out)
			}()
			if err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		sort.Slice(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
		return nil, fmt.Errorf("%w\n(the corpus is rebuilt from the Go module proxy into %s; check that `go mod download` reaches it, see testdata/realworld-modules/README.md)", errors.Join(errs...), dir)
	}
	return out, nil
}

// extract reads the files idx of entries from the zip of module@version,
// checks each one's SHA-256, stores it in out and writes it to dir.
func extract(zipPath, module, version string, entries []manifestEntry, idx []int, dir string, out []RealFile) error {
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		return fmt.Errorf("opening the zip of %s@%s: %w", module, version, err)
	}
	defer zr.Close()
	prefix := module + "@" + version + "/"
	byName := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		byName[f.Name] = f
	}
	for _, i := range idx {
		e := entries[i]
		f := byName[prefix+e.origin.Path]
		if f == nil {
			return fmt.Errorf("%s@%s has no file %s (listed as %s)", module, version, e.origin.Path, e.name)
		}
		b, err := readZipFile(f)
		if err != nil {
			return fmt.Errorf("reading %s from %s@%s: %w", e.origin.Path, module, version, err)
		}
		if got := sha256Hex(b); got != e.origin.SHA256 {
			return fmt.Errorf("%s in %s@%s has sha256 %s, the manifest says %s", e.origin.Path, module, version, got, e.origin.SHA256)
		}
		if err := writeAtomic(filepath.Join(dir, filepath.FromSlash(e.name)), b); err != nil {
			return fmt.Errorf("caching %s: %w", e.name, err)
		}
		out[i] = RealFile{Name: e.name, Text: string(b), Origin: e.origin}
	}
	return nil
}

func readZipFile(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// writeAtomic writes b to path through a temporary file and a rename, so a
// test binary running beside this one never reads half a file.
func writeAtomic(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// goModDownload runs `go mod download -json module@version` and returns the
// zip it reports. It runs in an empty temporary directory, so no go.mod or
// go.work around it changes what is downloaded; the environment (GOPROXY,
// GOFLAGS, GOMODCACHE, GONOSUMDB, …) passes through unchanged.
func goModDownload(ctx context.Context, module, version string) (string, error) {
	tmp, err := os.MkdirTemp("", "dockerlab-realworld-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", module+"@"+version)
	cmd.Dir = tmp
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var res struct{ Zip, Error string }
	jsonErr := json.Unmarshal(stdout.Bytes(), &res)
	switch {
	case res.Error != "":
		return "", fmt.Errorf("go mod download %s@%s: %s", module, version, strings.TrimPrefix(res.Error, module+"@"+version+": "))
	case runErr != nil:
		return "", fmt.Errorf("go mod download %s@%s: %v: %s", module, version, runErr, strings.TrimSpace(stderr.String()))
	case jsonErr != nil:
		return "", fmt.Errorf("go mod download %s@%s: reading its output: %w", module, version, jsonErr)
	case res.Zip == "":
		return "", fmt.Errorf("go mod download %s@%s reported no zip", module, version)
	}
	return res.Zip, nil
}
