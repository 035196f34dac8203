// Command imagetar writes a `docker save`-format archive (manifest.json,
// image configs, one layer each) of images made from folders, without an
// engine. scripts/kind-image.sh uses it for the four archives `kind build
// node-image --type file` loads: kind takes the tags of every image in an
// archive only from a legacy `repositories` file placed first, so the
// archive starts with one.
//
//	imagetar -o OUT.tar REF=DIR[=ENTRYPOINT] ...
//
// DIR becomes the image's only layer (owner root, modes and symlinks
// kept); ENTRYPOINT, when given, is the image's entrypoint (one path).
package main

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"
)

type image struct {
	ref, dir, entrypoint string
}

// epoch keeps archives the same for the same input.
var epoch = time.Unix(0, 0).UTC()

func main() {
	out := flag.String("o", "", "the archive to write")
	flag.Parse()
	if *out == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: imagetar -o OUT.tar REF=DIR[=ENTRYPOINT] ...")
		os.Exit(2)
	}
	var images []image
	for _, arg := range flag.Args() {
		parts := strings.SplitN(arg, "=", 3)
		if len(parts) < 2 || !strings.Contains(parts[0], ":") {
			fmt.Fprintf(os.Stderr, "imagetar: %q: want REPO:TAG=DIR[=ENTRYPOINT]\n", arg)
			os.Exit(2)
		}
		img := image{ref: parts[0], dir: parts[1]}
		if len(parts) == 3 {
			img.entrypoint = parts[2]
		}
		images = append(images, img)
	}
	if err := write(*out, images); err != nil {
		fmt.Fprintln(os.Stderr, "imagetar:", err)
		os.Exit(1)
	}
}

type entry struct {
	Config   string
	RepoTags []string
	Layers   []string
}

func write(out string, images []image) error {
	type built struct {
		layer, config []byte
		layerID       string
	}
	var all []built
	repositories := map[string]map[string]string{}
	var manifest []entry
	for _, img := range images {
		layer, err := layerOf(img.dir)
		if err != nil {
			return fmt.Errorf("%s: %w", img.ref, err)
		}
		diffID := digest(layer)
		cfg := map[string]any{
			"architecture": runtime.GOARCH,
			"os":           "linux",
			"created":      epoch.Format(time.RFC3339),
			"config": map[string]any{
				"Env": []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
			},
			"rootfs": map[string]any{"type": "layers", "diff_ids": []string{"sha256:" + diffID}},
		}
		if img.entrypoint != "" {
			cfg["config"].(map[string]any)["Entrypoint"] = []string{img.entrypoint}
		}
		config, _ := json.Marshal(cfg)
		id := digest(config)
		i := strings.LastIndex(img.ref, ":")
		repo, tag := img.ref[:i], img.ref[i+1:]
		if repositories[repo] == nil {
			repositories[repo] = map[string]string{}
		}
		repositories[repo][tag] = id
		manifest = append(manifest, entry{Config: id + ".json", RepoTags: []string{img.ref}, Layers: []string{id + "/layer.tar"}})
		all = append(all, built{layer: layer, config: config, layerID: id})
	}

	f, err := os.Create(out)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(f)
	add := func(name string, data []byte) error {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(data)), ModTime: epoch, Typeflag: tar.TypeReg}); err != nil {
			return err
		}
		_, err := tw.Write(data)
		return err
	}
	repos, _ := json.Marshal(repositories)
	man, _ := json.Marshal(manifest)
	err = add("repositories", repos) // first: kind reads the tags of the first metadata file only
	if err == nil {
		err = add("manifest.json", man)
	}
	for _, b := range all {
		if err == nil {
			err = add(b.layerID+".json", b.config)
		}
		if err == nil {
			err = tw.WriteHeader(&tar.Header{Name: b.layerID + "/", Mode: 0o755, ModTime: epoch, Typeflag: tar.TypeDir})
		}
		if err == nil {
			err = add(b.layerID+"/layer.tar", b.layer)
		}
	}
	if err == nil {
		err = tw.Close()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// layerOf tars dir's tree in name order, owned by root.
func layerOf(dir string) ([]byte, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, p := range paths {
		info, err := os.Lstat(p)
		if err != nil {
			return nil, err
		}
		link := ""
		if info.Mode()&fs.ModeSymlink != 0 {
			if link, err = os.Readlink(p); err != nil {
				return nil, err
			}
		}
		if !info.Mode().IsRegular() && !info.IsDir() && link == "" {
			continue // devices, sockets, fifos: not in images
		}
		hdr, err := tar.FileInfoHeader(info, link)
		if err != nil {
			return nil, err
		}
		rel, _ := filepath.Rel(dir, p)
		hdr.Name = filepath.ToSlash(rel)
		if info.IsDir() {
			hdr.Name += "/"
		}
		hdr.Uid, hdr.Gid, hdr.Uname, hdr.Gname = 0, 0, "root", "root"
		hdr.ModTime, hdr.AccessTime, hdr.ChangeTime = epoch, time.Time{}, time.Time{}
		hdr.Format = tar.FormatPAX
		if err := tw.WriteHeader(hdr); err != nil {
			return nil, err
		}
		if info.Mode().IsRegular() {
			src, err := os.Open(p)
			if err != nil {
				return nil, err
			}
			_, err = io.Copy(tw, src)
			src.Close()
			if err != nil {
				return nil, err
			}
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
