package k8s

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/dockerlab/dockerlab/server/fuzzy"
	"github.com/dockerlab/dockerlab/server/yamlspan"
	"gopkg.in/yaml.v3"
)

// Problem is one thing in a manifest that the Kubernetes API refuses.
type Problem struct {
	Span yamlspan.Span
	// Code: YAMLSyntax, UnknownField, WrongType, DuplicateField,
	// RemovedAPIVersion.
	Code string
	// Message is the Korean sentence the editor shows.
	Message string
	// Detail is the API's own English words (the expected type), for logs.
	Detail string
	// Suggest is what a quick fix would write instead ("" when unclear).
	Suggest string
	// Warning: the API accepts it, but it will likely not work as meant.
	Warning bool
}

// Object is one Kubernetes object of a file: a YAML document (or an item
// of a `kind: List`) with apiVersion and kind.
type Object struct {
	APIVersion, Kind string
	Node             *yaml.Node // the object's mapping
}

// File is a parsed YAML file: its objects, or why it could not be read.
type File struct {
	Text    string
	Objects []Object
	Syntax  *Problem
}

// IsManifest reports whether text looks like Kubernetes manifests: some
// document's top level names both apiVersion and kind.
func IsManifest(text string) bool {
	return len(Parse(text).Objects) > 0
}

// LooksLikeManifest reports text with top-level `apiVersion:` and `kind:`
// lines, as every Kubernetes object has: it holds while the YAML is broken
// by an edit, and costs no parse.
func LooksLikeManifest(text string) bool {
	var av, kind bool
	for _, line := range strings.Split(text, "\n") {
		av = av || strings.HasPrefix(line, "apiVersion:")
		kind = kind || strings.HasPrefix(line, "kind:")
		if av && kind {
			return true
		}
	}
	return false
}

// Parse reads every YAML document of text and keeps the Kubernetes
// objects.
func Parse(text string) File {
	f := File{Text: text}
	dec := yaml.NewDecoder(strings.NewReader(text))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			f.Syntax = syntaxProblem(text, err)
			break
		}
		if len(doc.Content) == 0 {
			continue
		}
		f.Objects = append(f.Objects, objects(doc.Content[0])...)
	}
	return f
}

// objects are the Kubernetes objects of one document's root.
func objects(root *yaml.Node) []Object {
	root = deref(root)
	if root.Kind != yaml.MappingNode {
		return nil
	}
	av, kind := scalar(mappingValue(root, "apiVersion")), scalar(mappingValue(root, "kind"))
	if av == "" || kind == "" {
		return nil
	}
	out := []Object{{APIVersion: av, Kind: kind, Node: root}}
	if av == "v1" && kind == "List" {
		if items := deref(mappingValue(root, "items")); items != nil && items.Kind == yaml.SequenceNode {
			for _, it := range items.Content {
				out = append(out, objects(it)...)
			}
		}
	}
	return out
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func syntaxProblem(text string, err error) *Problem {
	msg := err.Error()
	span := yamlspan.Line(text, 0)
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		var line int
		fmt.Sscan(m[1], &line)
		span = yamlspan.Line(text, line-1)
		msg = m[2]
	}
	return &Problem{Span: span, Code: "YAMLSyntax", Detail: msg,
		Message: fmt.Sprintf("YAML 문법 오류입니다: %s. 들여쓰기(스페이스만, 탭은 안 됩니다)와 `키: 값`의 콜론 뒤 공백을 확인하십시오.", msg)}
}

// Options say what Check may assume about where the manifests go.
type Options struct {
	// KindCluster: the current cluster is a kind cluster, whose nodes hold
	// only the images loaded into them (`kind load docker-image`).
	KindCluster bool
}

// Check reports what the Kubernetes API of Version refuses in f's objects:
// unknown fields, values of the wrong type, repeated fields, API versions
// Kubernetes no longer serves, a selector its template's labels do not
// match; and, as warnings, what the API takes but will not work: a
// Service port no selected container declares, an image a kind cluster
// would try to pull. Kinds the API does not define (custom resources) are
// left alone.
func Check(f File) []Problem { return CheckWith(f, Options{}) }

// CheckWith is Check with opts.
func CheckWith(f File, opts Options) []Problem {
	if f.Syntax != nil {
		return []Problem{*f.Syntax}
	}
	a, err := Load()
	if err != nil {
		return nil
	}
	var out []Problem
	for _, o := range f.Objects {
		if o.APIVersion == "v1" && o.Kind == "List" {
			continue // its items are objects of their own
		}
		s := a.Kind(o.APIVersion, o.Kind)
		if s == nil {
			if p, ok := removedVersion(a, f.Text, o); ok {
				out = append(out, p)
			}
			continue
		}
		c := checker{api: a, text: f.Text}
		c.value(s, o.Node, "")
		if len(c.out) == 0 { // the object reads as the API defines it
			c.semantics(o, opts)
		}
		out = append(out, c.out...)
	}
	out = append(out, servicePorts(f)...)
	return out
}

type checker struct {
	api  *API
	text string
	out  []Problem
}

func (c *checker) add(n *yaml.Node, code, msg, detail, suggest string) {
	c.out = append(c.out, Problem{Span: yamlspan.Node(c.text, n), Code: code, Message: msg, Detail: detail, Suggest: suggest})
}

// value checks node n against schema s; path names n for the messages
// ("spec.template.spec.containers[0]").
func (c *checker) value(s *Schema, n *yaml.Node, path string) {
	s = c.api.Resolve(s)
	n = deref(n)
	if s == nil || n == nil || isNull(n) {
		return // null is accepted everywhere: it leaves the field unset
	}
	switch s.Type {
	case "any", "":
		return
	case "object":
		if n.Kind != yaml.MappingNode {
			c.wrongType(s, n, path)
			return
		}
		c.object(s, n, path)
	case "array":
		if n.Kind != yaml.SequenceNode {
			c.wrongType(s, n, path)
			return
		}
		for i, it := range n.Content {
			c.value(s.Items, it, fmt.Sprintf("%s[%d]", path, i))
		}
	default:
		if !accepts(s.Type, n) {
			c.wrongType(s, n, path)
			return
		}
		if s.Format == "byte" && scalarKind(n) == "string" {
			c.base64(n, path)
		}
	}
}

// base64 checks a `format: byte` value (a Secret's data): Kubernetes
// decodes it as standard base64 and refuses the object when it is not.
func (c *checker) base64(n *yaml.Node, path string) {
	// Go's decoder, which Kubernetes uses, skips line breaks (a literal
	// block may wrap the text) but nothing else.
	if _, err := base64.StdEncoding.DecodeString(n.Value); err == nil {
		return
	}
	msg := fmt.Sprintf("`%s` 값은 base64로 인코딩한 문자열이어야 합니다. Kubernetes는 이 값을 base64로 읽지 못해 오브젝트를 거부합니다.", path)
	if strings.HasPrefix(path, "data.") {
		msg += " 인코딩하지 않은 값을 그대로 쓰려면 `data` 필드 대신 `stringData` 필드에 적습니다."
	}
	c.add(n, "WrongType", msg, "illegal base64 data", "")
}

// object checks a mapping's fields: each known, given once, of its type.
func (c *checker) object(s *Schema, n *yaml.Node, path string) {
	seen := map[string]int{}
	explicit, merged := fields(n)
	for i, kv := range append(explicit, merged...) {
		k, v := kv[0], kv[1]
		name := k.Value
		if line, dup := seen[name]; dup {
			if i < len(explicit) {
				c.add(k, "DuplicateField", fmt.Sprintf("같은 필드가 %d번째 줄에 이미 있습니다: `%s`. 한 매핑에서 필드는 한 번씩만 씁니다.", line, name), "duplicate field "+name, "")
			}
			continue // a merged field the mapping sets itself, or an earlier merge set
		}
		seen[name] = k.Line
		where := path
		if where == "" {
			where = "(최상위)"
		}
		child := joinPath(path, name)
		if p, ok := s.Props[name]; ok {
			c.value(p, v, child)
			continue
		}
		if s.Additional != nil {
			c.value(s.Additional, v, child)
			continue
		}
		names := make([]string, 0, len(s.Props))
		for p := range s.Props {
			names = append(names, p)
		}
		sort.Strings(names)
		msg := fmt.Sprintf("`%s` 아래에 쓸 수 없는 필드입니다: `%s`.", where, name)
		if path == "" {
			msg = fmt.Sprintf("최상위에 쓸 수 없는 필드입니다: `%s`.", name)
		}
		best := fuzzy.Nearest(name, names)
		if best != "" {
			msg += fmt.Sprintf(" `%s` 필드를 쓰려고 하셨나요?", best)
		}
		msg += " `kubectl apply` 명령은 모르는 필드가 있는 오브젝트를 거부합니다."
		c.add(k, "UnknownField", msg, "unknown field \""+child+"\"", best)
	}
}

// fields are a mapping's own key/value pairs and those merge keys (`<<`)
// bring in, as Kubernetes' YAML reader merges them: the mapping's own keys
// win, then the first merge that sets a key.
func fields(n *yaml.Node) (explicit, merged [][2]*yaml.Node) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Tag == "!!merge" || k.Value == "<<" && k.Style == 0 {
			v = deref(v)
			sources := []*yaml.Node{v}
			if v.Kind == yaml.SequenceNode {
				sources = v.Content
			}
			for _, m := range sources {
				if m = deref(m); m != nil && m.Kind == yaml.MappingNode {
					e, mm := fields(m)
					merged = append(append(merged, e...), mm...)
				}
			}
			continue
		}
		explicit = append(explicit, [2]*yaml.Node{k, v})
	}
	return explicit, merged
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// yaml11Bools are the plain words Kubernetes' YAML reader (YAML 1.1, as
// go-yaml v2 resolves it) reads as true or false; yaml.v3 reads them as
// strings.
var yaml11Bools = map[string]bool{
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true, "on": true, "On": true, "ON": true,
	"n": true, "N": true, "no": true, "No": true, "NO": true, "off": true, "Off": true, "OFF": true,
}

// scalarKind is what a scalar becomes when Kubernetes reads it: "string",
// "integer", "number" (a float), "boolean" or "null".
func scalarKind(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		if n.Kind == yaml.MappingNode {
			return "object"
		}
		return "array"
	}
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return "string"
	}
	switch n.ShortTag() {
	case "!!int":
		return "integer"
	case "!!float":
		return "number"
	case "!!bool":
		return "boolean"
	case "!!null":
		return "null"
	case "!!str":
		if yaml11Bools[n.Value] {
			return "boolean"
		}
	}
	return "string"
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && scalarKind(n) == "null" }

// accepts reports whether a field of type t takes the scalar n.
func accepts(t string, n *yaml.Node) bool {
	k := scalarKind(n)
	switch t {
	case "string":
		return k == "string"
	case "integer":
		return k == "integer"
	case "number":
		return k == "integer" || k == "number"
	case "boolean":
		return k == "boolean"
	case "int-or-string":
		return k == "integer" || k == "string"
	case "quantity":
		return k == "integer" || k == "number" || k == "string"
	}
	return true
}

// typeWords are the types in Korean, as the messages name them.
var typeWords = map[string]string{
	"string": "문자열", "integer": "정수", "number": "숫자", "boolean": "참/거짓 값(`true`/`false`)",
	"object": "매핑(`키: 값`)", "array": "목록(`- 항목`)", "int-or-string": "정수나 문자열",
	"quantity": "수량(예: `500m`, `128Mi`, `2`)", "null": "빈 값",
}

func (c *checker) wrongType(s *Schema, n *yaml.Node, path string) {
	got := scalarKind(n)
	msg := fmt.Sprintf("`%s` 필드에는 %s 값을 씁니다. 지금 값은 %s입니다.", path, typeWords[s.Type], typeWords[got])
	suggest := ""
	switch {
	case s.Type == "string" && (got == "integer" || got == "number" || got == "boolean"):
		suggest = `"` + n.Value + `"`
		msg += fmt.Sprintf(" 따옴표로 감싸면(`%s`) 문자열이 됩니다.", suggest)
	case s.Type == "integer" && got == "string" && isDigits(n.Value):
		suggest = n.Value
		msg += fmt.Sprintf(" 따옴표를 빼면(`%s`) 정수가 됩니다.", suggest)
	}
	c.add(n, "WrongType", msg, "expected "+s.Type, suggest)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 16; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		return deref(n.Content[0])
	}
	return n
}

func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func scalar(n *yaml.Node) string {
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}
