package completion

import (
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// mountTypes are the `type=` values of RUN --mount, the likely first.
var mountTypes = []string{"cache", "bind", "secret", "ssh", "tmpfs"}

// mountKeys are the option keys each mount type accepts in BuildKit v0.34.2
// (parseMount in instructions/commands_runmount.go), canonical names first
// and their aliases last. Each one has a page under docs/mounts/<type>/.
var mountKeys = map[string][]string{
	"bind":   {"target", "source", "from", "rw", "ro", "readwrite", "readonly", "dst", "destination", "src"},
	"cache":  {"target", "id", "sharing", "from", "source", "mode", "uid", "gid", "ro", "rw", "readonly", "readwrite", "dst", "destination", "src"},
	"secret": {"id", "target", "env", "required", "mode", "uid", "gid", "source", "dst", "destination", "src"},
	"ssh":    {"id", "target", "required", "mode", "uid", "gid", "dst", "destination"},
	"tmpfs":  {"target", "size", "dst", "destination"},
}

// mountAliases groups keys that set the same thing: once one is written,
// the others are not proposed.
var mountAliases = [][]string{
	{"target", "dst", "destination"},
	{"source", "src"},
	{"ro", "readonly", "rw", "readwrite"},
}

// mountFlagKeys take no value when written alone (`ro`, `required`).
var mountFlagKeys = map[string]bool{"ro": true, "rw": true, "readonly": true, "readwrite": true, "required": true}

// mountValues are value sets and common examples of mount options, by
// "type/key" or by key for every type.
var mountValues = map[string][]value{
	"sharing": {
		{"locked", "앞 빌드가 캐시를 다 쓸 때까지 기다립니다. `apt`처럼 잠금이 필요한 도구에 씁니다."},
		{"shared", "여러 빌드가 함께 씁니다(기본값)."},
		{"private", "다른 빌드가 쓰는 중이면 새 캐시를 따로 만듭니다."},
	},
	"cache/target": {
		{"/root/.npm", "`npm`의 캐시입니다."},
		{"/usr/local/share/.cache/yarn", "`yarn` 1의 캐시입니다."},
		{"/root/.cache/pip", "`pip`의 캐시입니다."},
		{"/var/cache/apt", "`apt`의 내려받은 패키지입니다. `sharing=locked`와 함께 씁니다."},
		{"/var/lib/apt", "`apt`의 패키지 목록입니다. `sharing=locked`와 함께 씁니다."},
		{"/var/cache/apk", "`apk`의 캐시입니다."},
		{"/root/.cache/go-build", "Go 컴파일러의 빌드 캐시입니다."},
		{"/go/pkg/mod", "Go 모듈 캐시입니다(`golang` 이미지)."},
		{"/root/.m2", "Maven의 로컬 저장소입니다."},
		{"/root/.gradle", "Gradle의 캐시입니다."},
		{"/usr/local/cargo/registry", "Cargo의 레지스트리 캐시입니다(`rust` 이미지)."},
	},
	"cache/mode":  {{"0755", "기본값입니다."}, {"0777", "누구나 읽고 씁니다. 일반 사용자로 캐시에 쓸 때 씁니다."}},
	"secret/mode": {{"0400", "소유자만 읽습니다(기본값)."}, {"0440", "소유자와 그룹이 읽습니다."}},
	"ssh/mode":    {{"0600", "소유자만 읽고 씁니다(기본값)."}},
	"uid":         {{"0", "`root`입니다(기본값)."}, {"1000", "흔한 첫 일반 사용자입니다(`node` 이미지의 `node`)."}},
	"gid":         {{"0", "`root` 그룹입니다(기본값)."}, {"1000", "흔한 첫 일반 그룹입니다."}},
	"tmpfs/size":  {{"64m", "64MiB입니다."}, {"256m", "256MiB입니다."}, {"1g", "1GiB입니다."}},
	"ro":          boolValues,
	"rw":          boolValues,
	"readonly":    boolValues,
	"readwrite":   boolValues,
	"required":    boolValues,
}

// mountValueSet is the value set of key for type typ, or nil.
func mountValueSet(typ, key string) []value {
	if v, ok := mountValues[typ+"/"+key]; ok {
		return v
	}
	return mountValues[key]
}

// mountOptions completes inside `--mount=`: an option key, or the value of
// the option the cursor is in (type, sharing, from, target, ...).
func (c *cursor) mountOptions(valueStart int) *List {
	text := c.m.Text[valueStart:c.offset]
	optStart := valueStart
	if i := strings.LastIndexByte(text, ','); i >= 0 {
		optStart = valueStart + i + 1
	}
	// The whole value, also after the cursor, tells the type and the keys written.
	whole := c.m.Text[valueStart:c.spanFrom(c.offset, isWordChar).End]
	typ := "bind"
	written := map[string]bool{}
	pos := valueStart
	aliases := mountAliases
	for _, opt := range strings.Split(whole, ",") {
		k, v, _ := strings.Cut(opt, "=")
		if strings.EqualFold(strings.TrimSpace(k), "type") && strings.EqualFold(v, "secret") {
			aliases = append(aliases[:len(aliases):len(aliases)], []string{"id", "source", "src"}) // BuildKit refuses both
		}
	}
	for _, opt := range strings.Split(whole, ",") {
		k, v, _ := strings.Cut(opt, "=")
		k = strings.ToLower(strings.TrimSpace(k))
		if pos != optStart && k != "" {
			written[k] = true
			for _, g := range aliases {
				for _, a := range g {
					if a == k {
						for _, b := range g {
							written[b] = true
						}
					}
				}
			}
		}
		if k == "type" {
			typ = strings.ToLower(v)
		}
		pos += len(opt) + 1
	}
	cur := c.m.Text[optStart:c.offset]
	if eq := strings.IndexByte(cur, '='); eq >= 0 {
		key := strings.ToLower(cur[:eq])
		span := c.spanFrom(optStart+eq+1, func(b byte) bool { return isWordChar(b) && b != ',' })
		return c.mountValue(typ, key, span)
	}
	keys := mountKeys[typ]
	if keys == nil {
		return nil
	}
	span := c.spanFrom(optStart, isOptionChar)
	hasEq := span.End < c.lineEnd && c.m.Text[span.End] == '='
	l := &List{Span: span}
	if !written["type"] {
		l.Items = append(l.Items, Item{Label: "type", Kind: Flag, Text: eqText("type", hasEq), Retrigger: !hasEq,
			Detail: "마운트 종류입니다: `cache`, `bind`, `secret`, `ssh`, `tmpfs`. 생략하면 `bind`입니다.", Doc: "flag/RUN/mount"})
	}
	for _, k := range keys {
		if written[k] {
			continue
		}
		doc := "mountopt/" + typ + "/" + k
		it := Item{Label: k, Kind: Flag, Detail: detail(doc), Doc: doc, Text: k}
		if !mountFlagKeys[k] {
			it.Text = eqText(k, hasEq)
			it.Retrigger = !hasEq && (k == "from" || mountValueSet(typ, k) != nil)
		}
		l.Items = append(l.Items, it)
	}
	return l
}

func eqText(key string, hasEq bool) string {
	if hasEq {
		return key
	}
	return key + "="
}

// mountValue completes the value of one mount option.
func (c *cursor) mountValue(typ, key string, span dockerfile.Span) *List {
	switch key {
	case "type":
		l := &List{Span: span}
		for _, t := range mountTypes {
			l.Items = append(l.Items, Item{Label: t, Kind: Value, Text: t, Detail: detail("mount/" + t), Doc: "mount/" + t})
		}
		return l
	case "from":
		return c.stages(span, false)
	}
	vals := mountValueSet(typ, key)
	if vals == nil {
		return nil
	}
	return &List{Span: span, Items: valueItems(vals, "mountopt/"+typ+"/"+key)}
}
