package lab

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/dockerlab/dockerlab/server/docker"
)

// VolumeEngine is what the volume steps need of the engine besides Engine;
// *engine.Client implements it.
type VolumeEngine interface {
	Volumes(ctx context.Context) ([]docker.Volume, error)
	VolumeRemove(ctx context.Context, name string, force bool) error
}

// validVolumeName is the engine's rule for a volume name
// (`[a-zA-Z0-9][a-zA-Z0-9_.-]+`).
var validVolumeName = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_.-]+$`)

// ValidVolumeName reports whether name can name a volume.
func ValidVolumeName(name string) bool { return validVolumeName.MatchString(name) }

// plannedMounts reads dockerlab.run.volumes: a volume name or an absolute
// host path, each to an absolute path in the container. It returns the
// mounts in a stable order and the entries it cannot use, as written.
func plannedMounts(volumes map[string]string) (mounts []docker.Mount, ignored []string) {
	keys := make([]string, 0, len(volumes))
	for k := range volumes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		m, ok := mountOf(k, volumes[k])
		if !ok {
			ignored = append(ignored, fmt.Sprintf("%q: %q", k, volumes[k]))
			continue
		}
		mounts = append(mounts, m)
	}
	return mounts, ignored
}

// mountOf is the mount of one source (a volume name, or an absolute host
// path) at target, an absolute path in the container.
func mountOf(source, target string) (docker.Mount, bool) {
	source, target = strings.TrimSpace(source), strings.TrimSpace(target)
	if !strings.HasPrefix(target, "/") || target == "/" {
		return docker.Mount{}, false
	}
	target = path.Clean(target)
	switch {
	case isHostPath(source):
		return docker.Mount{Type: docker.MountBind, Source: source, Target: target}, true
	case ValidVolumeName(source):
		return docker.Mount{Type: docker.MountVolume, Source: source, Target: target}, true
	}
	return docker.Mount{}, false
}

// isHostPath reports an absolute path on Linux, macOS or Windows (`C:\data`).
func isHostPath(s string) bool {
	return strings.HasPrefix(s, "/") || (len(s) > 2 && s[1] == ':' && (s[2] == '\\' || s[2] == '/'))
}

// ParseVolumeSpec reads a one-off volume as `-v` writes it:
// "todo-db:/etc/todos", or "/host/path:/etc/todos" for a bind mount.
func ParseVolumeSpec(spec string) (docker.Mount, error) {
	spec = strings.TrimSpace(spec)
	// The target is after the last ':' that starts an absolute path; a
	// Windows drive letter in the source has its own ':'.
	i := strings.LastIndex(spec, ":/")
	if i <= 0 {
		return docker.Mount{}, &docker.Error{Kind: docker.Other, Message: fmt.Sprintf(
			"`%s` 볼륨 지정은 쓸 수 없습니다. `todo-db:/etc/todos`처럼 볼륨 이름(또는 호스트의 절대 경로)과 컨테이너 안의 절대 경로를 `:`로 이어 쓰십시오.", spec)}
	}
	m, ok := mountOf(spec[:i], spec[i+1:])
	if !ok {
		return docker.Mount{}, &docker.Error{Kind: docker.Other, Message: fmt.Sprintf(
			"`%s` 볼륨 지정은 쓸 수 없습니다. 볼륨 이름은 영문자나 숫자로 시작하고 영문자, 숫자, `_`, `.`, `-`만 쓸 수 있으며, 바인드 마운트의 원본은 호스트의 절대 경로여야 합니다.", spec)}
	}
	return m, nil
}

// withMount adds m to the plan's mounts, replacing one at the same target.
func (p Plan) withMount(m docker.Mount) Plan {
	out := []docker.Mount{m}
	for _, old := range p.Mounts {
		if old.Target != m.Target {
			out = append(out, old)
		}
	}
	p.Mounts = out
	return p
}

// mountFlag is the docker CLI flag of a mount: `-v todo-db:/etc/todos` for a
// volume, as the workshop writes it, and `--mount type=bind,...` for a bind
// mount, which (unlike `-v`) refuses a host path that does not exist.
func mountFlag(m docker.Mount) []string {
	if m.Type == docker.MountBind {
		spec := fmt.Sprintf("type=bind,src=%s,target=%s", m.Source, m.Target)
		if m.ReadOnly {
			spec += ",readonly"
		}
		return []string{"--mount", quoteArg(spec)}
	}
	return []string{"-v", m.Source + ":" + m.Target}
}

// quoteArg quotes a CLI argument that holds a space, as a learner would
// type it in a shell.
func quoteArg(s string) string {
	if strings.ContainsAny(s, " \t'\"$`\\") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}

// explainMounts writes, under the `docker run` line, what each mount is and
// where its data lives.
func (s Session) explainMounts(p Plan) {
	for _, v := range p.IgnoredVolumes {
		fmt.Fprintf(s.Out, "# `dockerlab.run.volumes` 설정의 %s 항목은 쓰지 않았습니다. 키는 볼륨 이름(예: `todo-db`)이나 호스트의 절대 경로, 값은 컨테이너 안의 절대 경로(예: `/etc/todos`)여야 합니다.\n", v)
	}
	for _, m := range p.Mounts {
		if m.Type == docker.MountBind {
			fmt.Fprintf(s.Out, "# 호스트의 `%s` 폴더를 컨테이너의 `%s`에 바인드 마운트했습니다. 컨테이너 안에서 바꾼 파일은 호스트의 그 폴더에서 바로 바뀝니다.\n", m.Source, m.Target)
			continue
		}
		fmt.Fprintf(s.Out, "# `%s` 볼륨을 컨테이너의 `%s`에 연결했습니다(볼륨이 없으면 엔진이 만듭니다). 컨테이너를 지워도 볼륨의 데이터는 남고, 다음 컨테이너에 같은 볼륨을 연결하면 그대로 보입니다. 데이터가 있는 곳은 `docker volume inspect %s`의 `Mountpoint`에 나옵니다.\n",
			m.Source, m.Target, m.Source)
	}
}

// keptVolumes says what became of the removed containers' volumes: the lab
// removes containers as `docker rm -v` does, which keeps named volumes and
// removes the anonymous ones with the container.
func keptVolumes(cs []docker.Container) string {
	var named []string
	anonymous := 0
	seen := map[string]bool{}
	for _, c := range cs {
		for _, m := range c.Mounts {
			if m.Type != docker.MountVolume || seen[m.Source] {
				continue
			}
			seen[m.Source] = true
			if isAnonymousVolume(m.Source) {
				anonymous++
			} else {
				named = append(named, m.Source)
			}
		}
	}
	sort.Strings(named)
	var parts []string
	if len(named) > 0 {
		quoted := make([]string, len(named))
		for i, n := range named {
			quoted[i] = "`" + n + "`"
		}
		parts = append(parts, fmt.Sprintf("볼륨 %s의 데이터는 지우지 않고 남겨 두었습니다. 같은 볼륨으로 다시 실행하면 그대로 보이고, 지우려면 `볼륨 목록`에서 삭제하십시오(`docker volume rm %s`).",
			strings.Join(quoted, ", "), named[0]))
	}
	if anonymous > 0 {
		parts = append(parts, fmt.Sprintf("컨테이너가 쓰던 이름 없는 볼륨 %d개는 컨테이너와 함께 지웠습니다(`docker rm -v`).", anonymous))
	}
	return strings.Join(parts, " ")
}

var anonymousVolume = regexp.MustCompile(`^[0-9a-f]{64}$`)

// isAnonymousVolume reports a name the engine made up for a volume.
func isAnonymousVolume(name string) bool { return anonymousVolume.MatchString(name) }

// AnonymousVolume reports a name the engine made up for a volume (64 hex
// digits), as `VOLUME` or `-v /path` make.
func AnonymousVolume(name string) bool { return isAnonymousVolume(name) }

// VolumeRow is one line of `docker volume ls`, with what `docker volume
// inspect` adds and the containers that use it.
type VolumeRow struct {
	Name       string   `json:"name"`
	Driver     string   `json:"driver"`
	Mountpoint string   `json:"mountpoint"`
	Created    string   `json:"created"`
	Anonymous  bool     `json:"anonymous"`
	UsedBy     []string `json:"usedBy"` // container names
}

// VolumeListResult answers dockerlab.volumes.
type VolumeListResult struct {
	Command string      `json:"command"`
	Volumes []VolumeRow `json:"volumes"`
	Message string      `json:"message"`
}

func (s Session) volumeEngine() (VolumeEngine, error) {
	if v, ok := s.Engine.(VolumeEngine); ok {
		return v, nil
	}
	return nil, &docker.Error{Kind: docker.Other, Message: "이 엔진 연결로는 볼륨을 다룰 수 없습니다."}
}

// Volumes lists the engine's volumes like `docker volume ls`, named ones
// first, with the containers that use each.
func (s Session) Volumes(ctx context.Context) (VolumeListResult, error) {
	ve, err := s.volumeEngine()
	if err != nil {
		return VolumeListResult{}, err
	}
	vols, err := ve.Volumes(ctx)
	if err != nil {
		return VolumeListResult{}, err
	}
	cs, err := s.Engine.Containers(ctx, "", "", true)
	if err != nil {
		return VolumeListResult{}, err
	}
	users := map[string][]string{}
	for _, c := range cs {
		for _, m := range c.Mounts {
			if m.Type == docker.MountVolume {
				users[m.Source] = append(users[m.Source], strings.TrimPrefix(c.Name, "/"))
			}
		}
	}
	res := VolumeListResult{Command: "docker volume ls", Volumes: []VolumeRow{}}
	for _, v := range vols {
		row := VolumeRow{Name: v.Name, Driver: v.Driver, Mountpoint: v.Mountpoint, Anonymous: v.Anonymous || isAnonymousVolume(v.Name),
			UsedBy: users[v.Name]}
		if !v.CreatedAt.IsZero() {
			row.Created = Ago(s.now().Sub(v.CreatedAt))
		}
		if row.UsedBy == nil {
			row.UsedBy = []string{}
		}
		res.Volumes = append(res.Volumes, row)
	}
	sort.SliceStable(res.Volumes, func(i, j int) bool {
		if res.Volumes[i].Anonymous != res.Volumes[j].Anonymous {
			return !res.Volumes[i].Anonymous
		}
		return res.Volumes[i].Name < res.Volumes[j].Name
	})
	res.Message = fmt.Sprintf("볼륨 %d개", len(res.Volumes))
	return res, nil
}

// RemoveVolume removes a volume and its data after the learner confirms;
// a volume a container still uses is refused with the container's name.
func (s Session) RemoveVolume(ctx context.Context, name string) (Result, error) {
	ve, err := s.volumeEngine()
	if err != nil {
		return Result{}, err
	}
	if !ValidVolumeName(name) {
		return Result{}, &docker.Error{Kind: docker.Other, Message: "삭제할 볼륨의 이름이 없거나 볼륨 이름으로 쓸 수 없는 값입니다. `dockerlab.volumes`로 이름을 확인하십시오."}
	}
	choice, err := s.UI.Ask(ctx, fmt.Sprintf("`%s` 볼륨과 그 안의 데이터를 모두 지웁니다. 되돌릴 수 없습니다. 지울까요?", name), []string{"볼륨 삭제", "취소"})
	if err != nil {
		return Result{}, err
	}
	if choice != 0 {
		return Result{}, ErrCanceled
	}
	s.say("docker volume rm "+name, "볼륨과 그 데이터를 삭제합니다")
	if err := ve.VolumeRemove(ctx, name, false); err != nil {
		return Result{}, err
	}
	return Result{Containers: []ContainerResult{}, Message: fmt.Sprintf("`%s` 볼륨을 삭제했습니다. `docker volume ls`로 확인할 수 있습니다.", name)}, nil
}

// DefaultVolume is the one-off volume the lab proposes for a run: the
// stage's first `VOLUME` path on a volume named after the image, else the
// workshop's `todo-db:/etc/todos`.
func DefaultVolume(p Plan) string {
	if p.Model == nil {
		return "todo-db:/etc/todos"
	}
	if st := lastStage(p.Model, p.Target); st != nil {
		for _, in := range st.Instructions {
			if in.Name != "VOLUME" || len(in.Args) == 0 {
				continue
			}
			target := strings.Trim(strings.TrimSpace(strings.Trim(in.Args[0].Value, "[],")), `"`)
			if strings.HasPrefix(target, "/") && !strings.Contains(target, "$") {
				return Tag(p.Tag+"-data") + ":" + path.Clean(target)
			}
		}
	}
	return "todo-db:/etc/todos"
}

// RunWithVolume runs a container with one more volume than the settings
// name (`docker run -v todo-db:/etc/todos`); spec "" proposes one.
func (s Session) RunWithVolume(ctx context.Context, p Plan, spec string) (Result, error) {
	if strings.TrimSpace(spec) == "" {
		spec = DefaultVolume(p)
	}
	m, err := ParseVolumeSpec(spec)
	if err != nil {
		return Result{}, err
	}
	return s.Run(ctx, p.withMount(m))
}

// hasAnonymousVolume reports whether a container mounts an anonymous volume.
func hasAnonymousVolume(c docker.Container) bool {
	for _, m := range c.Mounts {
		if m.Type == docker.MountVolume && isAnonymousVolume(m.Source) {
			return true
		}
	}
	return false
}
