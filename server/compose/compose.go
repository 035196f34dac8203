// Package compose checks Compose files (`compose.yaml`, `docker-compose.yml`,
// `compose.*.yaml`) against the Compose Specification's JSON schema — the
// version compose-go ships — and says what is wrong in Korean, on the exact
// key or value: YAML syntax, unknown keys (with the nearest valid key),
// wrong types, values outside an enumeration, bad formats. It is pure: the
// text in, problems with byte offsets out; no engine, no files.
//
// The schema (compose-go v2.16.2's compose-spec.json, embedded) is
// compiled once, on the first check (2.4 ms), by a small validator of the
// keywords the schema uses (validator.go). A full JSON Schema validator
// (santhosh-tekuri/jsonschema, which compose-go uses) costs every process
// that links it 10 ms and 1.7 MB at start, even one that never sees a
// Compose file; it is used only in the tests, which check that both give
// the same verdict.
package compose

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dockerlab/dockerlab/server/yamlspan"
	"gopkg.in/yaml.v3"
)

// Span is a byte range of the text.
type Span = yamlspan.Span

// Location is where a position is in the file's block structure, read
// from indentation so that it works on half-written files.
type Location = yamlspan.Location

// Locate reads the block structure around offset.
func Locate(text string, offset int) Location { return yamlspan.Locate(text, offset) }

// Problem is one thing wrong with a Compose file.
type Problem struct {
	Span Span
	// Code names the kind of problem: YAMLSyntax, UnknownKey, WrongType,
	// NotAllowed, Required, Format.
	Code string
	// Message is the Korean sentence the editor shows.
	Message string
	// Detail is the schema's own English words, for the curious and for logs.
	Detail string
	// Suggest is the key or value a quick fix would write instead, "" when
	// none is clear.
	Suggest string
}

// Result is a checked file: its problems, in order.
type Result struct {
	Problems []Problem
}

// Check parses text as YAML and validates it against the Compose schema.
func Check(text string) Result {
	f := Parse(text)
	if f.Syntax != nil {
		return Result{Problems: []Problem{*f.Syntax}}
	}
	return checkTree(text, f.doc)
}

// checkTree validates a parsed document (nil: an empty file).
func checkTree(text string, doc *yaml.Node) Result {
	if doc == nil || doc.Kind == 0 || len(doc.Content) == 0 {
		return Result{} // an empty file
	}
	root := doc.Content[0]
	// yaml.v3 finds a repeated key in quadratic time (seconds for a few
	// thousand); find them first, in one pass, and say so in Korean.
	if dups := duplicateKeys(text, root); len(dups) > 0 {
		return Result{Problems: dups}
	}
	value, err := toValue(root)
	if err != nil {
		return Result{Problems: []Problem{{Span: nodeSpan(text, root), Code: "YAMLSyntax", Message: err.Error()}}}
	}
	probs := validate(text, root, value)
	sort.SliceStable(probs, func(i, j int) bool { return probs[i].Span.Start < probs[j].Span.Start })
	return Result{Problems: probs}
}

// syntaxProblem places a YAML error on the line it names.
func syntaxProblem(text string, err error) Problem {
	msg := err.Error()
	line := 0
	if i := strings.Index(msg, "line "); i >= 0 {
		fmt.Sscanf(msg[i:], "line %d", &line)
	}
	span := lineSpan(text, line-1)
	detail := strings.TrimPrefix(msg, "yaml: ")
	return Problem{Span: span, Code: "YAMLSyntax", Detail: detail,
		Message: fmt.Sprintf("YAML 문법 오류입니다: %s. 들여쓰기(스페이스만, 탭은 안 됩니다)와 `키: 값`의 콜론 뒤 공백을 확인하십시오.", detail)}
}

// duplicateKeys are the keys a mapping repeats (YAML forbids it), each
// after its first, at most maxDuplicates of them.
func duplicateKeys(text string, root *yaml.Node) []Problem {
	const maxDuplicates = 100
	var out []Problem
	seen := map[*yaml.Node]bool{}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n == nil || seen[n] || len(out) >= maxDuplicates {
			return
		}
		seen[n] = true
		if n.Kind == yaml.MappingNode {
			first := map[string]*yaml.Node{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				if k.Kind == yaml.ScalarNode && k.Value != "<<" {
					if f, ok := first[k.Value]; ok && len(out) < maxDuplicates {
						out = append(out, Problem{Span: nodeSpan(text, k), Code: "DuplicateKey",
							Message: fmt.Sprintf("같은 키가 %d번째 줄에 이미 있습니다: `%s`. YAML의 한 매핑에서 키는 한 번씩만 씁니다.", f.Line, k.Value)})
						continue
					}
					first[k.Value] = k
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(root)
	return out
}

// Positions in the text: the shared YAML helpers (yamlspan).
func lineSpan(text string, line int) Span     { return Span(yamlspan.Line(text, line)) }
func offset(text string, line, col int) int   { return yamlspan.Offset(text, line, col) }
func nodeSpan(text string, n *yaml.Node) Span { return Span(yamlspan.Node(text, n)) }

// toValue turns the YAML tree into the generic value the schema reads, as
// compose-go does before it validates: `!reset` drops the key (it removes
// an inherited value), `!override` keeps its value, anchors and aliases
// are followed, merge keys (`<<`) merged.
func toValue(n *yaml.Node) (any, error) {
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, fmt.Errorf("YAML 값을 읽지 못했습니다: %v", err)
	}
	return normalize(v, n), nil
}

// normalize makes YAML's decoded maps JSON-like (string keys) and removes
// `!reset` entries.
func normalize(v any, n *yaml.Node) any {
	switch t := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, val := range t {
			child := mappingValue(n, k)
			if child != nil && child.Tag == "!reset" {
				continue
			}
			out[k] = normalize(val, child)
		}
		return out
	case map[any]any:
		out := map[string]any{}
		for k, val := range t {
			ks := fmt.Sprint(k)
			child := mappingValue(n, ks)
			if child != nil && child.Tag == "!reset" {
				continue
			}
			out[ks] = normalize(val, child)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, val := range t {
			var child *yaml.Node
			if n != nil && n.Kind == yaml.SequenceNode && i < len(n.Content) {
				child = n.Content[i]
			}
			out[i] = normalize(val, child)
		}
		return out
	}
	return v
}

// mappingValue is the value node of key in a mapping node (through an
// alias), nil when there is none.
func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if k, _ := mappingEntry(n, key); k != nil {
		_, v := mappingEntry(n, key)
		return v
	}
	return nil
}

// mappingEntry is the key and value nodes of key in a mapping node.
func mappingEntry(n *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i], n.Content[i+1]
		}
	}
	return nil, nil
}

// nodeAt follows an instance location (keys and indexes) from the root.
func nodeAt(root *yaml.Node, path []string) (key, value *yaml.Node) {
	n := root
	for _, p := range path {
		for n != nil && n.Kind == yaml.AliasNode {
			n = n.Alias
		}
		switch {
		case n == nil:
			return nil, nil
		case n.Kind == yaml.MappingNode:
			key, n = mappingEntry(n, p)
		case n.Kind == yaml.SequenceNode:
			var i int
			if _, err := fmt.Sscan(p, &i); err != nil || i < 0 || i >= len(n.Content) {
				return nil, nil
			}
			key, n = nil, n.Content[i]
		default:
			return nil, nil
		}
	}
	return key, n
}
