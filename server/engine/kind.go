package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/moby/moby/api/pkg/stdcopy"
	"github.com/moby/moby/client"
)

// LabelKindCluster is the label kind puts on a cluster's node containers,
// whose value is the cluster's name.
const LabelKindCluster = "io.x-k8s.kind.cluster"

// KindLoad puts an image into every node of the kind cluster, as `kind
// load docker-image REF --name CLUSTER` does: the engine saves the image
// (`docker save`) and each node's containerd imports it (`ctr images
// import`) through an exec in the node's container. It returns the nodes.
func (c *Client) KindLoad(ctx context.Context, cluster, ref string, out io.Writer) ([]string, error) {
	nodes, err := c.Containers(ctx, LabelKindCluster, cluster, false)
	if err != nil {
		return nil, err
	}
	if len(nodes) == 0 {
		return nil, &docker.Error{Kind: docker.NotFound,
			Message: fmt.Sprintf("kind 클러스터 `%s`의 노드 컨테이너가 이 Docker 엔진에서 실행 중이지 않습니다. 클러스터를 만들었는지(`kind get clusters`), 같은 엔진을 쓰는지 확인하십시오.", cluster)}
	}
	// The archive is read once per node: keep it in a temporary file.
	tmp, err := os.CreateTemp("", "dockerlab-kind-load-*.tar")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	rc, err := c.api.ImageSave(ctx, []string{ref})
	if err != nil {
		return nil, classify(ctx, "이미지 저장", fmt.Errorf("saving %s: %w", ref, err))
	}
	_, err = io.Copy(tmp, rc)
	rc.Close()
	if err != nil {
		return nil, classify(ctx, "이미지 저장", fmt.Errorf("saving %s: %w", ref, err))
	}
	var names []string
	for _, n := range nodes {
		name := strings.TrimPrefix(n.Name, "/")
		dump, _, err := c.exec(ctx, n.ID, []string{"containerd", "config", "dump"}, nil)
		if err != nil {
			return names, err
		}
		if _, err := tmp.Seek(0, io.SeekStart); err != nil {
			return names, err
		}
		cmd := []string{"ctr", "--namespace=k8s.io", "images", "import", "--all-platforms", "--digests", "--snapshotter=" + snapshotter(dump), "-"}
		res, code, err := c.exec(ctx, n.ID, cmd, tmp)
		if err != nil {
			return names, err
		}
		if code != 0 {
			return names, &docker.Error{Kind: docker.Other, Err: errors.New(strings.TrimSpace(res)),
				Message: fmt.Sprintf("kind 노드 `%s`에 이미지 `%s`를 넣지 못했습니다(노드의 `ctr images import` 명령이 실패했습니다).", name, ref)}
		}
		fmt.Fprintf(out, "노드 %s: %s\n", name, strings.TrimSpace(res))
		names = append(names, name)
	}
	return names, nil
}

// exec runs cmd in the container with stdin, returning its output (stdout
// and stderr together) and exit code.
func (c *Client) exec(ctx context.Context, id string, cmd []string, stdin io.Reader) (string, int, error) {
	ex, err := c.api.ExecCreate(ctx, id, client.ExecCreateOptions{Cmd: cmd, AttachStdin: stdin != nil, AttachStdout: true, AttachStderr: true})
	if err != nil {
		return "", 0, classify(ctx, "명령 실행", fmt.Errorf("exec %s in %s: %w", cmd[0], id, err))
	}
	att, err := c.api.ExecAttach(ctx, ex.ID, client.ExecAttachOptions{})
	if err != nil {
		return "", 0, classify(ctx, "명령 실행", fmt.Errorf("exec %s in %s: %w", cmd[0], id, err))
	}
	defer att.Close()
	werr := make(chan error, 1)
	go func() {
		var err error
		if stdin != nil {
			_, err = io.Copy(att.Conn, stdin)
		}
		if cerr := att.CloseWrite(); err == nil {
			err = cerr
		}
		werr <- err
	}()
	var buf bytes.Buffer
	if _, err := stdcopy.StdCopy(&buf, &buf, att.Reader); err != nil && ctx.Err() == nil {
		return buf.String(), 0, classify(ctx, "명령 실행", fmt.Errorf("exec %s in %s: %w", cmd[0], id, err))
	}
	if err := <-werr; err != nil && ctx.Err() == nil {
		return buf.String(), 0, classify(ctx, "명령 실행", fmt.Errorf("exec %s in %s: writing its input: %w", cmd[0], id, err))
	}
	in, err := c.api.ExecInspect(ctx, ex.ID, client.ExecInspectOptions{})
	if err != nil {
		return buf.String(), 0, classify(ctx, "명령 실행", err)
	}
	return buf.String(), in.ExitCode, nil
}

var snapshotterLine = regexp.MustCompile(`(?m)^\s*snapshotter\s*=\s*["']([^"']+)["']`)

// snapshotter is the snapshotter a node's containerd stores the CRI's
// images with, read from `containerd config dump` as kind reads it: the
// images section of the CRI plugin (config version 3 and 4) or its
// containerd section (version 2); "overlayfs" when it says none.
func snapshotter(dump string) string {
	for _, section := range []string{"[plugins.'io.containerd.cri.v1.images']", `[plugins."io.containerd.cri.v1.images"]`, `[plugins."io.containerd.grpc.v1.cri".containerd]`} {
		i := strings.Index(dump, section)
		if i < 0 {
			continue
		}
		rest := dump[i+len(section):]
		if j := strings.Index(rest, "\n["); j >= 0 {
			rest = rest[:j]
		}
		if m := snapshotterLine.FindStringSubmatch(rest); m != nil {
			return m[1]
		}
	}
	return "overlayfs"
}
