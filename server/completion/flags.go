package completion

import (
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// flagSpec is one flag BuildKit accepts on an instruction.
type flagSpec struct {
	name   string
	value  bool // takes a value (`--from=`); false for switches (`--link`)
	repeat bool // may be given more than once (`--mount`)
}

// flagOrder lists each instruction's flags, the likely first. It holds
// exactly the flags of BuildKit v0.34.2's parser (instructions/parse.go and
// the RUN hooks), which is also the set docs.Flags documents; a test keeps
// the three in step.
var flagOrder = map[string][]flagSpec{
	"FROM": {{name: "platform", value: true}},
	"RUN": {{name: "mount", value: true, repeat: true}, {name: "network", value: true},
		{name: "security", value: true}, {name: "device", value: true, repeat: true}},
	"COPY": {{name: "from", value: true}, {name: "chown", value: true}, {name: "chmod", value: true},
		{name: "link"}, {name: "exclude", value: true, repeat: true}, {name: "parents"}},
	"ADD": {{name: "chown", value: true}, {name: "chmod", value: true}, {name: "link"},
		{name: "checksum", value: true}, {name: "exclude", value: true, repeat: true},
		{name: "keep-git-dir"}, {name: "unpack"}},
	"HEALTHCHECK": {{name: "interval", value: true}, {name: "timeout", value: true},
		{name: "start-period", value: true}, {name: "start-interval", value: true}, {name: "retries", value: true}},
}

// flags completes a flag name over span, leaving out the flags already on
// the instruction (except those that may repeat).
func (c *cursor) flags(span dockerfile.Span) *List {
	specs := flagOrder[c.name]
	if len(specs) == 0 {
		return nil
	}
	written := map[string]bool{}
	for _, w := range c.args() {
		name, _, _ := strings.Cut(strings.TrimPrefix(w.Value, "--"), "=")
		written[strings.ToLower(name)] = true
	}
	if c.inst != nil && !c.heredoc {
		for _, f := range c.inst.Flags {
			if !f.Span.Contains(c.offset) {
				written[strings.ToLower(f.Name)] = true
			}
		}
	}
	// Inside `--fr|om=x`, keep the `=` that is already there.
	hasEq := span.End < c.lineEnd && c.m.Text[span.End] == '='
	l := &List{Span: span}
	for _, f := range specs {
		if written[f.name] && !f.repeat {
			continue
		}
		key := "flag/" + c.name + "/" + f.name
		it := Item{Label: "--" + f.name, Kind: Flag, Detail: detail(key), Doc: key, Text: "--" + f.name}
		if f.value && !hasEq {
			it.Text += "="
			it.Retrigger = c.hasFlagValues(f.name)
		}
		l.Items = append(l.Items, it)
	}
	return l
}

// value is one proposal of a value set.
type value struct{ label, detail string }

// flagValues are the value sets of flags whose values are a set or have
// common examples. Stages, mount options and owners come from the file.
var flagValues = map[string][]value{
	"RUN/network": {
		{"none", "네트워크를 끊습니다. 미리 넣어 둔 파일만으로 설치되는지 확인할 때 씁니다."},
		{"host", "호스트의 네트워크를 그대로 씁니다. `network.host` 허가 항목이 필요합니다."},
		{"default", "빌드의 기본 네트워크를 씁니다(기본값)."},
	},
	"RUN/security": {
		{"insecure", "샌드박스 없이 특권 모드로 실행합니다. `security.insecure` 허가 항목이 필요합니다."},
		{"sandbox", "기본 샌드박스 안에서 실행합니다(기본값)."},
	},
	"FROM/platform": {
		{"$BUILDPLATFORM", "빌드하는 머신의 플랫폼입니다. 크로스 컴파일하는 빌드 단계에 씁니다."},
		{"linux/amd64", "64비트 x86(Intel, AMD)입니다. 상수 플랫폼은 `FromPlatformFlagConstDisallowed` 검사가 경고합니다."},
		{"linux/arm64", "64비트 ARM(Apple Silicon, AWS Graviton, Raspberry Pi 4 이상)입니다."},
		{"linux/arm/v7", "32비트 ARM입니다."},
		{"linux/386", "32비트 x86입니다."},
		{"linux/ppc64le", "IBM POWER입니다."},
		{"linux/s390x", "IBM Z입니다."},
		{"linux/riscv64", "64비트 RISC-V입니다."},
		{"windows/amd64", "Windows 컨테이너입니다."},
		{"$TARGETPLATFORM", "결과 이미지의 플랫폼입니다. 기본값과 같아 보통 적지 않습니다(`RedundantTargetPlatform`)."},
	},
	"COPY/chmod": chmodValues,
	"ADD/chmod":  chmodValues,
	"HEALTHCHECK/interval": {
		{"30s", "30초마다 확인합니다(기본값)."}, {"10s", "10초마다 확인합니다."}, {"1m", "1분마다 확인합니다."},
	},
	"HEALTHCHECK/timeout": {
		{"30s", "30초 안에 끝나지 않으면 실패로 봅니다(기본값)."}, {"5s", "5초 안에 끝나지 않으면 실패로 봅니다."},
		{"10s", "10초 안에 끝나지 않으면 실패로 봅니다."},
	},
	"HEALTHCHECK/start-period": {
		{"0s", "유예 시간이 없습니다(기본값)."}, {"10s", "처음 10초 동안의 실패는 세지 않습니다."},
		{"30s", "처음 30초 동안의 실패는 세지 않습니다."},
	},
	"HEALTHCHECK/start-interval": {
		{"5s", "유예 시간 동안 5초마다 확인합니다(기본값)."}, {"1s", "유예 시간 동안 1초마다 확인합니다."},
	},
	"HEALTHCHECK/retries": {
		{"3", "3번 연속 실패하면 `unhealthy`입니다(기본값)."}, {"5", "5번 연속 실패하면 `unhealthy`입니다."},
		{"1", "한 번만 실패해도 `unhealthy`입니다."},
	},
}

var chmodValues = []value{
	{"755", "소유자는 읽기·쓰기·실행, 나머지는 읽기·실행입니다. 실행 파일과 디렉터리에 씁니다."},
	{"644", "소유자는 읽기·쓰기, 나머지는 읽기만 합니다. 일반 파일에 씁니다."},
	{"700", "소유자만 읽기·쓰기·실행합니다."},
	{"600", "소유자만 읽기·쓰기 합니다. 키 같은 비밀 파일에 씁니다."},
}

// chownExamples follow the owners of USER lines in the file.
var chownExamples = []value{
	{"node:node", "`node` 이미지의 일반 사용자입니다."},
	{"1000:1000", "UID와 GID를 숫자로 적습니다. `--link`와 함께 쓸 때는 숫자만 됩니다."},
	{"root:root", "`root`입니다. 복사한 파일의 기본 소유자와 같습니다."},
	{"www-data:www-data", "Debian 계열 웹 서버(nginx, Apache)의 사용자입니다."},
	{"nobody:nogroup", "권한이 거의 없는 사용자입니다."},
}

var boolValues = []value{{"true", "켭니다."}, {"false", "끕니다(기본값)."}}

// hasFlagValues reports whether completion has something after `--name=`.
func (c *cursor) hasFlagValues(name string) bool {
	switch c.name + "/" + name {
	case "RUN/mount", "COPY/from", "COPY/chown", "ADD/chown":
		return true
	}
	_, ok := flagValues[c.name+"/"+name]
	return ok
}

// flagValue completes the value of the `--name=` the cursor is in.
func (c *cursor) flagValue() *List {
	p := c.partial()
	eq := strings.IndexByte(p, '=')
	name := strings.ToLower(p[2:eq])
	valueStart := c.wordStart + eq + 1
	key := "flag/" + c.name + "/" + name
	if c.name == "RUN" && name == "mount" {
		return c.mountOptions(valueStart)
	}
	span := c.spanFrom(valueStart, isWordChar)
	var items []Item
	switch c.name + "/" + name {
	case "COPY/from":
		return c.stages(span, false)
	case "COPY/chown", "ADD/chown":
		items = valueItems(c.owners(), key)
	default:
		vals, ok := flagValues[c.name+"/"+name]
		if !ok {
			for _, f := range flagOrder[c.name] {
				if f.name == name && !f.value {
					vals, ok = boolValues, true
				}
			}
		}
		if !ok {
			return nil
		}
		items = valueItems(vals, key)
	}
	return &List{Span: span, Items: items}
}

// valueItems turns a value set into items documented by key.
func valueItems(vals []value, key string) []Item {
	items := make([]Item, len(vals))
	for i, v := range vals {
		items[i] = Item{Label: v.label, Kind: Value, Detail: v.detail, Text: v.label, Doc: key}
	}
	return items
}

// owners are `--chown=` proposals: the users of USER lines before the
// cursor (nearest first), then common examples.
func (c *cursor) owners() []value {
	var out []value
	seen := map[string]bool{}
	for i := len(c.m.Instructions) - 1; i >= 0; i-- {
		in := c.m.Instructions[i]
		if in.Name != "USER" || in.Span.Start >= c.start || len(in.Args) == 0 {
			continue
		}
		u := in.Args[0].Value
		if strings.Contains(u, "$") {
			continue
		}
		if !strings.Contains(u, ":") {
			u += ":" + u
		}
		if !seen[u] {
			seen[u] = true
			out = append(out, value{u, "이 Dockerfile의 `USER`입니다."})
		}
	}
	for _, v := range chownExamples {
		if !seen[v.label] {
			out = append(out, v)
		}
	}
	return out
}
