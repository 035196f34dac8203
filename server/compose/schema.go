package compose

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"

	"github.com/compose-spec/compose-go/v2/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"gopkg.in/yaml.v3"
)

// The schema, compiled on the first check (compose-go's compose-spec.json).
var (
	compileOnce sync.Once
	compiled    *jsonschema.Schema
	compileErr  error
	rawSchema   map[string]any
)

const schemaURL = "compose-spec.json"

func compiledSchema() (*jsonschema.Schema, error) {
	compileOnce.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(schema.Schema))
		if err != nil {
			compileErr = err
			return
		}
		rawSchema, _ = doc.(map[string]any)
		c := jsonschema.NewCompiler()
		if err := c.AddResource(schemaURL, doc); err != nil {
			compileErr = err
			return
		}
		c.RegisterFormat(&jsonschema.Format{Name: "duration", Validate: func(v any) error { return nil }})
		compiled, compileErr = c.Compile(schemaURL)
	})
	return compiled, compileErr
}

// validate checks value against the schema and places each error on its
// key or value in text.
func validate(text string, root *yaml.Node, value any) []Problem {
	s, err := compiledSchema()
	if err != nil {
		return []Problem{{Code: "Internal", Message: "Compose 스키마를 읽지 못했습니다.", Detail: err.Error()}}
	}
	b, err := json.Marshal(value)
	if err != nil {
		return nil
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(string(b)))
	if err != nil {
		return nil
	}
	var verr *jsonschema.ValidationError
	if !errors.As(s.Validate(inst), &verr) {
		return nil
	}
	var out []Problem
	seen := map[string]bool{}
	all := leaves(verr)
	for _, leaf := range all {
		if coveredUnevaluated(leaf, all) {
			continue
		}
		for _, p := range problemsOf(text, root, leaf) {
			key := fmt.Sprint(p.Span, p.Code, p.Message)
			if !seen[key] {
				seen[key] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// leaves are the errors to report: every cause of a group, but of the
// alternatives of a oneOf or anyOf only the most specific one (the deepest
// location; an unknown key counts one deeper), as compose-go reports it.
func leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	switch e.ErrorKind.(type) {
	case *kind.OneOf, *kind.AnyOf:
		var best *jsonschema.ValidationError
		bestScore := -1
		for _, c := range e.Causes {
			for _, l := range leaves(c) {
				if s := specificity(l); s > bestScore {
					best, bestScore = l, s
				}
			}
		}
		return []*jsonschema.ValidationError{best}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

// coveredUnevaluated reports an `unevaluatedProperties: false` error on a
// key whose value already failed for its own reason: a property that fails
// its schema counts as not evaluated, so the schema flags it twice.
func coveredUnevaluated(e *jsonschema.ValidationError, all []*jsonschema.ValidationError) bool {
	if _, ok := e.ErrorKind.(*kind.FalseSchema); !ok {
		return false
	}
	for _, o := range all {
		if _, f := o.ErrorKind.(*kind.FalseSchema); f || len(o.InstanceLocation) < len(e.InstanceLocation) {
			continue
		}
		if strings.Join(o.InstanceLocation[:len(e.InstanceLocation)], "\x00") == strings.Join(e.InstanceLocation, "\x00") {
			return true
		}
	}
	return false
}

func specificity(e *jsonschema.ValidationError) int {
	if _, ok := e.ErrorKind.(*kind.AdditionalProperties); ok {
		return len(e.InstanceLocation) + 1
	}
	return len(e.InstanceLocation)
}

var english = message.NewPrinter(language.English)

// problemsOf turns one schema error into Korean problems on the text.
func problemsOf(text string, root *yaml.Node, e *jsonschema.ValidationError) []Problem {
	where := "`" + strings.Join(e.InstanceLocation, ".") + "`"
	if len(e.InstanceLocation) == 0 {
		where = "파일 맨 위"
	}
	keyNode, valNode := nodeAt(root, e.InstanceLocation)
	at := func() Span {
		if valNode != nil && valNode.Kind == yaml.ScalarNode {
			return nodeSpan(text, valNode)
		}
		if keyNode != nil {
			return nodeSpan(text, keyNode)
		}
		if valNode != nil {
			return nodeSpan(text, valNode)
		}
		return lineSpan(text, 0)
	}
	detail := strings.Join(e.InstanceLocation, ".") + ": " + e.ErrorKind.LocalizedString(english)
	// A value with a variable is checked after interpolation, as Compose
	// does; the text alone cannot tell.
	if valNode != nil && valNode.Kind == yaml.ScalarNode && strings.Contains(valNode.Value, "$") {
		return nil
	}
	switch k := e.ErrorKind.(type) {
	case *kind.AdditionalProperties:
		allowed := allowedKeys(e.SchemaURL)
		var out []Problem
		for _, prop := range k.Properties {
			kn, _ := nodeAt(root, append(append([]string{}, e.InstanceLocation...), prop))
			span := at()
			if kn != nil {
				span = nodeSpan(text, kn)
			}
			out = append(out, unknownKey(span, e.InstanceLocation, prop, allowed, detail))
		}
		return out
	case *kind.Type:
		return []Problem{{Span: at(), Code: "WrongType", Detail: detail,
			Message: fmt.Sprintf("%s의 값은 %s이어야 합니다(지금은 %s).", where, typeNames(k.Want), typeName(k.Got))}}
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = fmt.Sprintf("`%v`", w)
		}
		p := Problem{Span: at(), Code: "NotAllowed", Detail: detail,
			Message: fmt.Sprintf("%s에는 다음 값만 쓸 수 있습니다: %s.", where, strings.Join(want, ", "))}
		if got, ok := k.Got.(string); ok {
			ws := make([]string, 0, len(k.Want))
			for _, w := range k.Want {
				if s, ok := w.(string); ok {
					ws = append(ws, s)
				}
			}
			if s := nearest(got, ws); s != "" {
				p.Suggest = s
				p.Message += fmt.Sprintf(" `%s` 값을 쓰려고 하셨나요?", s)
			}
		}
		return []Problem{p}
	case *kind.Required:
		return []Problem{{Span: at(), Code: "Required", Detail: detail,
			Message: fmt.Sprintf("%s에 꼭 있어야 하는 키가 없습니다: `%s`.", where, strings.Join(k.Missing, "`, `"))}}
	case *kind.Pattern, *kind.Format:
		return []Problem{{Span: at(), Code: "Format", Detail: detail,
			Message: fmt.Sprintf("%s의 값 형식이 맞지 않습니다. Compose 파일 레퍼런스에서 이 키의 형식을 확인하십시오.", where)}}
	case *kind.FalseSchema:
		// additionalProperties or unevaluatedProperties false: the last
		// element of the location is a key the object does not have.
		if len(e.InstanceLocation) == 0 {
			break
		}
		n := len(e.InstanceLocation)
		prop, parent := e.InstanceLocation[n-1], e.InstanceLocation[:n-1]
		span := at()
		if keyNode != nil {
			span = nodeSpan(text, keyNode)
		}
		url := e.SchemaURL
		if i := strings.LastIndex(url, "/"); i > strings.Index(url, "#") {
			url = url[:i]
		}
		return []Problem{unknownKey(span, parent, prop, allowedKeys(url), detail)}
	}
	return []Problem{{Span: at(), Code: "Schema", Detail: detail,
		Message: fmt.Sprintf("%s의 값이 Compose 스키마에 맞지 않습니다: %s", where, e.ErrorKind.LocalizedString(english))}}
}

// unknownKey is the problem of a key the object at parent does not have,
// with the nearest allowed key when it looks like a typo.
func unknownKey(span Span, parent []string, prop string, allowed []string, detail string) Problem {
	p := Problem{Span: span, Code: "UnknownKey", Detail: detail,
		Message: fmt.Sprintf("`%s` 아래에 쓸 수 없는 키입니다: `%s`.", strings.Join(parent, "."), prop)}
	if len(parent) == 0 {
		p.Message = fmt.Sprintf("Compose 파일의 맨 위에 쓸 수 없는 키입니다: `%s`.", prop)
	}
	if s := nearest(prop, allowed); s != "" {
		p.Suggest = s
		p.Message += fmt.Sprintf(" `%s` 키를 쓰려고 하셨나요?", s)
	} else if !strings.HasPrefix(prop, "x-") {
		p.Message += " 확장 필드라면 이름을 `x-`로 시작하십시오."
	}
	return p
}

// typeNames says JSON schema types in Korean.
func typeNames(want []string) string {
	names := make([]string, len(want))
	for i, w := range want {
		names[i] = typeName(w)
	}
	return strings.Join(names, " 또는 ")
}

func typeName(t string) string {
	switch t {
	case "object":
		return "매핑(`키: 값`)"
	case "array":
		return "목록(`- 항목`)"
	case "string":
		return "문자열"
	case "number":
		return "숫자"
	case "integer":
		return "정수"
	case "boolean":
		return "참/거짓(`true`/`false`)"
	case "null":
		return "빈 값"
	}
	return t
}

// allowedKeys are the property names of the schema object at url
// ("compose-spec.json#/$defs/service"), for the nearest-key suggestion.
func allowedKeys(url string) []string {
	_, ptr, _ := strings.Cut(url, "#")
	if p, err := urlUnescape(ptr); err == nil {
		ptr = p
	}
	node := resolve(ptr)
	set := map[string]bool{}
	collectKeys(node, set, 0)
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// collectKeys gathers the property names of a schema object, through its
// allOf, anyOf and oneOf parts and $refs (the service object is an allOf).
func collectKeys(node any, set map[string]bool, depth int) {
	m, ok := node.(map[string]any)
	if !ok || depth > 8 {
		return
	}
	if props, ok := m["properties"].(map[string]any); ok {
		for k := range props {
			set[k] = true
		}
	}
	if ref, ok := m["$ref"].(string); ok && strings.HasPrefix(ref, "#/") {
		collectKeys(resolve(ref[1:]), set, depth+1)
	}
	for _, combo := range []string{"allOf", "anyOf", "oneOf"} {
		if parts, ok := m[combo].([]any); ok {
			for _, part := range parts {
				collectKeys(part, set, depth+1)
			}
		}
	}
}

// resolve follows a JSON pointer ("/$defs/service") in the schema.
func resolve(ptr string) any {
	var node any = rawSchema
	for _, part := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		if part == "" {
			continue
		}
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		m, ok := node.(map[string]any)
		if !ok {
			return nil
		}
		node = m[part]
	}
	return node
}

// nearest is the candidate closest to s by edit distance, when it is close
// enough to be a typo (at most a third of the word, and at most 3).
func nearest(s string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		if d := distance(strings.ToLower(s), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	limit := min(3, max(1, len([]rune(s))/3))
	if bestD == 0 || bestD > limit {
		return ""
	}
	return best
}

// distance is the Damerau-Levenshtein (optimal string alignment) distance.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

func urlUnescape(s string) (string, error) { return url.PathUnescape(s) }
