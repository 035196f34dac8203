package hover

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/dockerlab/dockerlab/server/docker"
)

// writeEngineFacts writes what the local engine (and, for a reference
// naming a registry host, the registry) knows of an image; notFound is the
// sentence for an image the engine does not have.
func writeEngineFacts(ctx context.Context, b *strings.Builder, ref string, images Images, notFound string) {
	if images == nil {
		b.WriteString("Docker 엔진에 연결하지 않아 로컬 이미지 정보를 볼 수 없습니다.\n")
		return
	}
	img, err := images.Image(ctx, ref)
	var e *docker.Error
	switch {
	case err == nil:
		writeImage(b, img)
	case errors.As(err, &e) && e.Kind == docker.NotFound:
		b.WriteString(notFound)
	case errors.As(err, &e) && e.Kind == docker.Unavailable:
		b.WriteString("Docker 엔진이 응답하지 않아 로컬 이미지 정보를 볼 수 없습니다.\n")
		return
	default:
		b.WriteString("로컬 엔진에서 이 이미지 정보를 제때 받지 못했습니다. 잠시 뒤 다시 마우스를 올려 보십시오.\n")
		return
	}
	if r, ok := images.(RegistryImages); ok && onRegistryHost(ref) {
		writeRegistryImage(ctx, b, r, ref)
	}
}

// image describes a base image: what the local engine knows about it, or
// that the build will pull it.
func image(ctx context.Context, ref string, images Images) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**베이스 이미지 `%s`**\n\n", ref)
	switch {
	case strings.EqualFold(ref, "scratch"):
		b.WriteString("`scratch`는 아무 파일도 없는 빈 이미지입니다. 정적으로 링크한 바이너리 하나만 담는 아주 작은 이미지를 만들 때 씁니다.\n")
	case strings.Contains(ref, "$"):
		b.WriteString("변수가 들어 있어 빌드할 때 값이 정해집니다. 변수 위에 마우스를 올리면 이 위치의 값을 볼 수 있습니다.\n")
	default:
		writeEngineFacts(ctx, &b, ref, images, "이 이미지는 아직 로컬 엔진에 없습니다. 빌드할 때 레지스트리에서 받아 옵니다(pull).\n")
	}
	b.WriteString("\n[Dockerfile 레퍼런스: FROM](https://docs.docker.com/reference/dockerfile/#from)")
	return b.String()
}

func writeImage(b *strings.Builder, img docker.Image) {
	b.WriteString("로컬 엔진에 있는 이미지입니다(`docker image inspect`).\n\n")
	b.WriteString("| 항목 | 값 |\n| --- | --- |\n")
	row := func(k, v string) { fmt.Fprintf(b, "| %s | %s |\n", k, v) }
	row("ID", "`"+docker.ShortID(img.ID)+"`")
	row("크기", docker.FormatSize(img.Size))
	if !img.Created.IsZero() {
		row("만든 때", img.Created.UTC().Format("2006-01-02 15:04")+" UTC")
	}
	if img.OS != "" {
		row("OS/아키텍처", "`"+img.OS+"/"+img.Arch+"`")
	}
	if len(img.ExposedPorts) > 0 {
		row("노출 포트", code(strings.Join(img.ExposedPorts, " ")))
	}
	if len(img.Entrypoint) > 0 {
		row("ENTRYPOINT", code(jsonish(img.Entrypoint)))
	}
	if len(img.Cmd) > 0 {
		row("CMD", code(jsonish(img.Cmd)))
	}
	if img.WorkingDir != "" {
		row("WORKDIR", code(img.WorkingDir))
	}
	if img.User != "" {
		row("USER", code(img.User))
	}
	if len(img.Env) > 0 {
		row("환경 변수", envNames(img.Env))
	}
	if len(img.Tags) > 0 {
		row("태그", code(strings.Join(img.Tags, " ")))
	}
}

// maxEnvNames is how many of a base image's variables the hover names.
const maxEnvNames = 8

// envNames lists the names of an image's environment variables (their
// values are one hover away, on a `$NAME` in the stage).
func envNames(env []string) string {
	var names []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		names = append(names, code(name))
	}
	if len(names) > maxEnvNames {
		return strings.Join(names[:maxEnvNames], " ") + fmt.Sprintf(" 외 %d개", len(names)-maxEnvNames)
	}
	return strings.Join(names, " ")
}

func code(s string) string { return "`" + strings.ReplaceAll(s, "|", "\\|") + "`" }

func jsonish(parts []string) string {
	q := make([]string, len(parts))
	for i, p := range parts {
		q[i] = fmt.Sprintf("%q", p)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// onRegistryHost reports whether a reference names a registry host
// (`127.0.0.1:5000/app:1.0`, `ghcr.io/me/app`): only those are asked, so a
// hover never sends a Docker Hub request of its own.
func onRegistryHost(ref string) bool {
	host, _, ok := strings.Cut(ref, "/")
	return ok && host != "docker.io" && (strings.ContainsAny(host, ".:") || host == "localhost")
}

// writeRegistryImage adds what the registry's manifest says: digest, the
// size a pull downloads, platforms.
func writeRegistryImage(ctx context.Context, b *strings.Builder, r RegistryImages, ref string) {
	img, err := r.RegistryImage(ctx, ref)
	if err != nil {
		b.WriteString("\n레지스트리에서 이 이미지의 정보를 받지 못했습니다. 레지스트리가 실행 중인지, 로그인이 필요한지 확인하십시오.\n")
		return
	}
	b.WriteString("\n레지스트리의 매니페스트에 적힌 내용입니다.\n\n| 항목 | 값 |\n| --- | --- |\n")
	fmt.Fprintf(b, "| 다이제스트 | `%s` |\n", img.Digest)
	if img.Size > 0 {
		fmt.Fprintf(b, "| 내려받을 크기 | %s |\n", docker.FormatSize(img.Size))
	}
	if len(img.Platforms) > 0 {
		fmt.Fprintf(b, "| 플랫폼 | %s |\n", code(strings.Join(img.Platforms, " ")))
	}
}
