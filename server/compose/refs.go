package compose

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"gopkg.in/yaml.v3"
)

// Env is what a check may read besides the text: the files a Compose file
// names. Paths are slash-separated, relative to the Compose file's folder
// or absolute.
type Env interface {
	// Stat reports whether the path exists, and whether it is a folder.
	Stat(p string) (exists, dir bool)
	// ReadFile reads a file (a Dockerfile, for its stages).
	ReadFile(p string) ([]byte, error)
}

// Options tune CheckFile.
type Options struct {
	// Env reads the files the Compose file names; nil checks no file.
	Env Env
	// Override is set for an override file (`compose.override.yaml`,
	// `compose.prod.yaml`): the names it uses may be defined in the file
	// it overrides, so undefined names are not reported.
	Override bool
}

// kindWords are the Korean names of the kinds, alone, with the object
// particle and with the particle of direction (chosen for each word), and
// the code of a use without a definition.
var kindWords = [...]struct{ noun, object, to, code string }{
	{"서비스", "서비스를", "서비스로", "UndefinedService"},
	{"볼륨", "볼륨을", "볼륨으로", "UndefinedVolume"},
	{"네트워크", "네트워크를", "네트워크로", "UndefinedNetwork"},
	{"비밀 값", "비밀 값을", "비밀 값으로", "UndefinedSecret"},
	{"설정", "설정을", "설정으로", "UndefinedConfig"},
}

// Noun is the kind's Korean name, as the glossary has it: 서비스, 볼륨,
// 네트워크, 비밀 값, 설정.
func (k Kind) Noun() string { return kindWords[k].noun }

// CheckFile checks a parsed Compose file: YAML syntax, the Compose
// schema, names used but not defined, and with an Env the files it names
// and `build.target` against the Dockerfile's stages.
func CheckFile(f *File, opts Options) Result {
	if f.Syntax != nil {
		return Result{Problems: []Problem{*f.Syntax}}
	}
	r := checkTree(f.Text, f.doc)
	if len(r.Problems) > 0 && r.Problems[0].Code == "DuplicateKey" {
		return r
	}
	probs := r.Problems
	if !opts.Override && !f.hasInclude() {
		probs = append(probs, f.undefined()...)
	}
	if opts.Env != nil {
		probs = append(probs, f.files(opts.Env)...)
	}
	sort.SliceStable(probs, func(i, j int) bool { return probs[i].Span.Start < probs[j].Span.Start })
	if len(probs) > maxProblems {
		probs = probs[:maxProblems]
	}
	return Result{Problems: probs}
}

// hasInclude reports an `include` section: its services, volumes and
// networks are not in this text.
func (f *File) hasInclude() bool {
	_, ok := f.section("include")
	return ok
}

// undefined reports every use of a name the file does not define.
// Compose refuses such a file (`service "app" refers to undefined volume
// data`). The network `default` always exists.
func (f *File) undefined() []Problem {
	var out []Problem
	var names [len(kindSections)][]string // the defined names of a kind, listed once
	for _, r := range f.Refs {
		if len(out) >= maxProblems {
			break // the check keeps no more; the suggestions below cost a search each
		}
		if _, ok := f.Def(r.Kind, r.Name); ok {
			continue
		}
		if r.Kind == KindNetwork && r.Name == "default" {
			continue
		}
		w := kindWords[r.Kind]
		if names[r.Kind] == nil {
			names[r.Kind] = []string{}
			for _, d := range f.Defined(r.Kind) {
				names[r.Kind] = append(names[r.Kind], d.Name)
			}
		}
		p := Problem{Span: r.Span, Code: w.code}
		if near := nearest(r.Name, names[r.Kind]); near != "" {
			p.Suggest = near
			p.Message = fmt.Sprintf("정의하지 않은 %s입니다: `%s`. `%s` %s 쓰려고 하셨나요?", w.noun, r.Name, near, w.object)
		} else {
			p.Message = fmt.Sprintf("정의하지 않은 %s입니다: `%s`. 최상위 키(`%s`) 아래에 정의해야 Compose가 이 파일을 받아들입니다. 다른 Compose 파일과 함께(`-f`) 쓴다면 그 파일에 정의해도 됩니다.", w.noun, r.Name, r.Kind.Section())
		}
		p.Detail = fmt.Sprintf("refers to undefined %s %s", strings.TrimSuffix(r.Kind.Section(), "s"), r.Name)
		out = append(out, p)
	}
	return out
}

// files checks the paths a service names: the build context, its
// Dockerfile and target stage, env files.
func (f *File) files(env Env) []Problem {
	var out []Problem
	missing := func(n *yaml.Node, what, p string) {
		out = append(out, Problem{Span: nodeSpan(f.Text, n), Code: "MissingFile",
			Message: fmt.Sprintf("%s 없습니다: `%s`. 경로는 Compose 파일이 있는 폴더를 기준으로 합니다.", what, p)})
	}
	plain := func(n *yaml.Node) bool {
		return n != nil && n.Kind == yaml.ScalarNode && n.Value != "" && !strings.Contains(n.Value, "$")
	}
	for _, svc := range f.Services() {
		s := deref(svc.value)
		if s == nil || s.Kind != yaml.MappingNode {
			continue
		}
		if b := deref(mappingValue(s, "build")); b != nil {
			f.build(env, b, missing, &out)
		}
		f.eachPath(mappingValue(s, "env_file"), "path", func(n *yaml.Node) {
			if !plain(n) || !f.required(mappingValueParentOf(s, n)) {
				return
			}
			if ok, _ := env.Stat(n.Value); !ok {
				missing(n, "환경 변수 파일이", n.Value)
			}
		})
	}
	return out
}

// mappingValueParentOf finds the env_file item mapping holding path node n,
// so `required: false` can be read; nil for the short forms.
func mappingValueParentOf(svc *yaml.Node, n *yaml.Node) *yaml.Node {
	ef := deref(mappingValue(svc, "env_file"))
	if ef == nil || ef.Kind != yaml.SequenceNode {
		return nil
	}
	for _, it := range ef.Content {
		if it = deref(it); it.Kind == yaml.MappingNode && mappingValue(it, "path") == n {
			return it
		}
	}
	return nil
}

// required reads an env_file item's `required` (true unless false).
func (f *File) required(item *yaml.Node) bool {
	if item == nil {
		return true
	}
	r := mappingValue(item, "required")
	return r == nil || r.Value != "false"
}

// build checks a service's build section.
func (f *File) build(env Env, b *yaml.Node, missing func(*yaml.Node, string, string), out *[]Problem) {
	ctxNode := b
	if b.Kind == yaml.MappingNode {
		ctxNode = mappingValue(b, "context")
	}
	ctx := "."
	if ctxNode != nil {
		if ctxNode.Kind != yaml.ScalarNode || strings.Contains(ctxNode.Value, "$") {
			return
		}
		ctx = ctxNode.Value
		if strings.Contains(ctx, "://") || strings.HasPrefix(ctx, "git@") || strings.HasSuffix(ctx, ".git") {
			return // a remote context
		}
		if ok, dir := env.Stat(ctx); !ok || !dir {
			missing(ctxNode, "빌드 컨텍스트 폴더가", ctx)
			return
		}
	}
	if b.Kind != yaml.MappingNode || mappingValue(b, "dockerfile_inline") != nil {
		if b.Kind == yaml.ScalarNode {
			f.dockerfile(env, b, nil, path.Join(ctx, "Dockerfile"), nil, missing, out)
		}
		return
	}
	df := mappingValue(b, "dockerfile")
	p := path.Join(ctx, "Dockerfile")
	if df != nil {
		if df.Kind != yaml.ScalarNode || strings.Contains(df.Value, "$") {
			return
		}
		p = df.Value
		if !path.IsAbs(p) {
			p = path.Join(ctx, p)
		}
	}
	f.dockerfile(env, ctxNode, df, p, mappingValue(b, "target"), missing, out)
}

// dockerfile checks that the Dockerfile exists and has the target stage.
func (f *File) dockerfile(env Env, ctxNode, df *yaml.Node, p string, target *yaml.Node, missing func(*yaml.Node, string, string), out *[]Problem) {
	data, err := env.ReadFile(p)
	if err != nil {
		switch {
		case df != nil:
			missing(df, "Dockerfile이", p)
		case ctxNode != nil:
			*out = append(*out, Problem{Span: nodeSpan(f.Text, ctxNode), Code: "MissingFile",
				Message: fmt.Sprintf("빌드 컨텍스트에 `Dockerfile`이 없습니다(`%s`). 다른 이름이면 `dockerfile` 키로 알려 주십시오.", p)})
		}
		return
	}
	if target == nil || target.Kind != yaml.ScalarNode || strings.Contains(target.Value, "$") {
		return
	}
	m := dockerfile.Parse(string(data))
	var stages []string
	for _, st := range m.Stages {
		if st.Name != "" {
			stages = append(stages, st.Name)
		}
	}
	want := strings.ToLower(target.Value)
	for _, s := range stages {
		if s == want {
			return
		}
	}
	pr := Problem{Span: nodeSpan(f.Text, target), Code: "UnknownTarget"}
	if near := nearest(want, stages); near != "" {
		pr.Suggest = near
		pr.Message = fmt.Sprintf("Dockerfile(`%s`)에 이런 이름의 빌드 단계가 없습니다: `%s`. `%s` 단계를 쓰려고 하셨나요?", p, target.Value, near)
	} else if len(stages) > 0 {
		pr.Message = fmt.Sprintf("Dockerfile(`%s`)에 이런 이름의 빌드 단계가 없습니다: `%s`. 이름 있는 단계: %s.", p, target.Value, "`"+strings.Join(stages, "`, `")+"`")
	} else {
		pr.Message = fmt.Sprintf("Dockerfile(`%s`)에 이름 있는 빌드 단계가 없습니다. `target`은 `FROM … AS 이름`의 이름을 가리킵니다.", p)
	}
	*out = append(*out, pr)
}

// DockerfileOf is the Dockerfile a service builds from, relative to the
// Compose file's folder (or absolute); ok is false when the service does
// not build, builds from a remote context or an inline Dockerfile, or the
// path has a variable.
func (f *File) DockerfileOf(service string) (string, bool) {
	d, found := f.Def(KindService, service)
	if !found {
		return "", false
	}
	b := deref(mappingValue(deref(d.value), "build"))
	if b == nil {
		return "", false
	}
	ctx := "."
	var df string
	switch b.Kind {
	case yaml.ScalarNode:
		ctx = b.Value
	case yaml.MappingNode:
		if mappingValue(b, "dockerfile_inline") != nil {
			return "", false
		}
		if c := mappingValue(b, "context"); c != nil {
			ctx = c.Value
		}
		if d := mappingValue(b, "dockerfile"); d != nil {
			df = d.Value
		}
	default:
		return "", false
	}
	if strings.Contains(ctx+df, "$") || strings.Contains(ctx, "://") || strings.HasPrefix(ctx, "git@") {
		return "", false
	}
	switch {
	case df == "":
		return path.Join(ctx, "Dockerfile"), true
	case path.IsAbs(df):
		return df, true
	}
	return path.Join(ctx, df), true
}

// IsFileName reports the names Docker Compose reads by default and its
// override files: compose.yaml, compose.yml, docker-compose.yaml,
// docker-compose.yml, and compose.*.yaml / docker-compose.*.yml
// (compose.override.yaml, compose.prod.yml).
func IsFileName(name string) bool {
	_, ok := composeName(name)
	return ok
}

// IsOverrideName reports an override file's name: compose.override.yaml,
// docker-compose.prod.yml.
func IsOverrideName(name string) bool {
	mid, ok := composeName(name)
	return ok && mid != ""
}

// composeName returns the part between the base name and the extension
// ("" for compose.yaml, "override" for compose.override.yaml).
func composeName(name string) (string, bool) {
	for _, base := range []string{"compose", "docker-compose"} {
		for _, ext := range []string{".yaml", ".yml"} {
			if name == base+ext {
				return "", true
			}
			if mid, ok := strings.CutPrefix(name, base+"."); ok {
				if mid, ok := strings.CutSuffix(mid, ext); ok && mid != "" && !strings.Contains(mid, ".") {
					return mid, true
				}
			}
		}
	}
	return "", false
}

// ImageOf is a service's `image:` as written, "" when it has none or the
// name has a variable.
func (f *File) ImageOf(service string) string {
	d, ok := f.Def(KindService, service)
	if !ok {
		return ""
	}
	img := mappingValue(deref(d.value), "image")
	if img == nil || img.Kind != yaml.ScalarNode || strings.Contains(img.Value, "$") {
		return ""
	}
	return img.Value
}
