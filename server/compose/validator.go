package compose

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
)

// specJSON is the Compose Specification's JSON schema as compose-go
// v2.16.2 ships it (schema/compose-spec.json); a test keeps the copy equal
// to compose-go's. It is read here, not through compose-go's schema
// package, whose validator compiles every JSON Schema draft at package
// initialisation (10 ms, 1.7 MB in every process that links it).
//
//go:embed compose-spec.json
var specJSON string

// The schema keywords compose-spec.json uses, and only those: type,
// properties, patternProperties, additionalProperties, unevaluatedProperties
// (false), items, $ref, allOf, anyOf, oneOf, required, enum, uniqueItems,
// minimum, maximum, pattern. TestValidatorAgreesWithJSONSchema checks the
// verdicts against a full JSON Schema validator.

// node is one compiled schema object.
type node struct {
	types          []string
	props          map[string]*node
	patterns       []patternNode
	additional     *node // nil: anything; see noAdditional
	noAdditional   bool
	noUnevaluated  bool
	items          *node
	ref            string
	refNode        *node
	allOf          []*node
	anyOf          []*node
	oneOf          []*node
	required       []string
	enum           []any
	hasEnum        bool
	unique         bool
	minimum        *float64
	maximum        *float64
	pattern        *regexp.Regexp
	falseSchema    bool
	pointer        string // its JSON pointer in the schema, for allowed keys
	description    string
	format         string
	deprecated     bool
	allowedKeyList []string
}

type patternNode struct {
	re   *regexp.Regexp
	node *node
}

var (
	specOnce sync.Once
	specRoot *node
	specErr  error
	specRaw  map[string]any
)

// spec compiles the schema once.
func spec() (*node, error) {
	specOnce.Do(func() {
		if err := json.Unmarshal([]byte(specJSON), &specRaw); err != nil {
			specErr = err
			return
		}
		c := &compiler{byPointer: map[string]*node{}}
		specRoot, specErr = c.compile(specRaw, "")
		if specErr == nil {
			for _, n := range c.byPointer {
				if n.ref != "" {
					n.refNode = c.byPointer[strings.TrimPrefix(n.ref, "#")]
					if n.refNode == nil {
						specErr = fmt.Errorf("unresolved $ref %s", n.ref)
					}
				}
			}
		}
	})
	return specRoot, specErr
}

type compiler struct{ byPointer map[string]*node }

func (c *compiler) compile(v any, ptr string) (*node, error) {
	n := &node{pointer: ptr}
	c.byPointer[ptr] = n
	switch s := v.(type) {
	case bool:
		n.falseSchema = !s
		return n, nil
	case map[string]any:
		sub := func(key string, val any) (*node, error) { return c.compile(val, ptr+"/"+escape(key)) }
		for k, val := range s {
			var err error
			switch k {
			case "type":
				switch t := val.(type) {
				case string:
					n.types = []string{t}
				case []any:
					for _, x := range t {
						n.types = append(n.types, fmt.Sprint(x))
					}
				}
			case "properties", "patternProperties", "$defs":
				m, _ := val.(map[string]any)
				keys := sortedKeys(m)
				for _, name := range keys {
					child, err := c.compile(m[name], ptr+"/"+escape(k)+"/"+escape(name))
					if err != nil {
						return nil, err
					}
					switch k {
					case "properties":
						if n.props == nil {
							n.props = map[string]*node{}
						}
						n.props[name] = child
					case "patternProperties":
						re, err := regexp.Compile(name)
						if err != nil {
							return nil, fmt.Errorf("pattern %s: %w", name, err)
						}
						n.patterns = append(n.patterns, patternNode{re, child})
					}
				}
			case "additionalProperties":
				if b, ok := val.(bool); ok {
					n.noAdditional = !b
				} else {
					n.additional, err = sub(k, val)
				}
			case "unevaluatedProperties":
				if b, ok := val.(bool); ok {
					n.noUnevaluated = !b
				}
			case "items":
				n.items, err = sub(k, val)
			case "$ref":
				n.ref, _ = val.(string)
			case "allOf", "anyOf", "oneOf":
				parts, _ := val.([]any)
				for i, p := range parts {
					child, err := c.compile(p, fmt.Sprintf("%s/%s/%d", ptr, k, i))
					if err != nil {
						return nil, err
					}
					switch k {
					case "allOf":
						n.allOf = append(n.allOf, child)
					case "anyOf":
						n.anyOf = append(n.anyOf, child)
					case "oneOf":
						n.oneOf = append(n.oneOf, child)
					}
				}
			case "required":
				for _, r := range val.([]any) {
					n.required = append(n.required, fmt.Sprint(r))
				}
			case "enum":
				n.enum, n.hasEnum = val.([]any), true
			case "uniqueItems":
				n.unique, _ = val.(bool)
			case "minimum", "maximum":
				f, _ := val.(float64)
				if k == "minimum" {
					n.minimum = &f
				} else {
					n.maximum = &f
				}
			case "pattern":
				n.pattern, err = regexp.Compile(val.(string))
			case "description":
				n.description, _ = val.(string)
			case "format":
				n.format, _ = val.(string)
			case "deprecated":
				n.deprecated, _ = val.(bool)
			}
			if err != nil {
				return nil, err
			}
		}
	}
	return n, nil
}

func escape(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1") }

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// verror is one validation error: where in the document, what kind, and
// the schema object it was checked against (for the allowed keys).
type verror struct {
	path []string
	kind string // type, enum, required, additional, unevaluated, unique, minimum, maximum, pattern, oneOf, false
	want []string
	got  any
	keys []string // allowed keys (additional, unevaluated)
}

// check validates v against n, appending errors at path.
func (n *node) check(v any, path []string) []verror {
	if n.falseSchema {
		return []verror{{path: path, kind: "false"}}
	}
	var errs []verror
	if n.refNode != nil {
		errs = append(errs, n.refNode.check(v, path)...)
	}
	if len(n.types) > 0 && !typeMatches(n.types, v) {
		return append(errs, verror{path: path, kind: "type", want: n.types, got: v})
	}
	if n.hasEnum {
		ok := false
		for _, e := range n.enum {
			if equal(e, v) {
				ok = true
				break
			}
		}
		if !ok {
			want := make([]string, len(n.enum))
			for i, e := range n.enum {
				want[i] = fmt.Sprint(e)
			}
			errs = append(errs, verror{path: path, kind: "enum", want: want, got: v})
		}
	}
	if f, ok := number(v); ok {
		if n.minimum != nil && f < *n.minimum {
			errs = append(errs, verror{path: path, kind: "minimum", want: []string{fmt.Sprint(*n.minimum)}, got: v})
		}
		if n.maximum != nil && f > *n.maximum {
			errs = append(errs, verror{path: path, kind: "maximum", want: []string{fmt.Sprint(*n.maximum)}, got: v})
		}
	}
	if s, ok := v.(string); ok && n.pattern != nil && !n.pattern.MatchString(s) {
		errs = append(errs, verror{path: path, kind: "pattern", want: []string{n.pattern.String()}, got: v})
	}
	if s, ok := v.(string); ok && n.format == "duration" {
		// The one format compose-go registers (time.ParseDuration); the schema's
		// other formats are not asserted by compose-go either.
		if _, err := time.ParseDuration(s); err != nil {
			errs = append(errs, verror{path: path, kind: "duration", got: v})
		}
	}
	if list, ok := v.([]any); ok {
		if n.items != nil {
			for i, item := range list {
				errs = append(errs, n.items.check(item, appendPath(path, fmt.Sprint(i)))...)
			}
		}
		if n.unique {
			for i := range list {
				for j := 0; j < i; j++ {
					if equal(list[i], list[j]) {
						errs = append(errs, verror{path: appendPath(path, fmt.Sprint(i)), kind: "unique", got: list[i]})
					}
				}
			}
		}
	}
	if obj, ok := v.(map[string]any); ok {
		for _, r := range n.required {
			if _, has := obj[r]; !has {
				errs = append(errs, verror{path: path, kind: "required", want: []string{r}})
			}
		}
		for _, k := range sortedKeys(obj) {
			val := obj[k]
			matched := false
			if p, ok := n.props[k]; ok {
				matched = true
				errs = append(errs, p.check(val, appendPath(path, k))...)
			}
			for _, pn := range n.patterns {
				if pn.re.MatchString(k) {
					matched = true
					errs = append(errs, pn.node.check(val, appendPath(path, k))...)
				}
			}
			if matched {
				continue
			}
			switch {
			case n.noAdditional:
				errs = append(errs, verror{path: appendPath(path, k), kind: "additional", keys: n.allowedKeys()})
			case n.additional != nil:
				errs = append(errs, n.additional.check(val, appendPath(path, k))...)
			case n.noUnevaluated && !n.evaluates(k, 0):
				errs = append(errs, verror{path: appendPath(path, k), kind: "unevaluated", keys: n.allowedKeys()})
			}
		}
	}
	for _, s := range n.allOf {
		errs = append(errs, s.check(v, path)...)
	}
	if len(n.anyOf) > 0 {
		errs = append(errs, alternatives(n.anyOf, v, path, false)...)
	}
	if len(n.oneOf) > 0 {
		errs = append(errs, alternatives(n.oneOf, v, path, true)...)
	}
	return errs
}

// alternatives checks anyOf (one) or oneOf (exactly one): when none fits,
// the errors of the branch that got furthest (the deepest error; an
// unknown key counts one deeper), as compose-go reports it.
func alternatives(branches []*node, v any, path []string, exactlyOne bool) []verror {
	var best []verror
	bestScore, fits := -1, 0
	for _, b := range branches {
		errs := b.check(v, path)
		if len(errs) == 0 {
			fits++
			continue
		}
		score := 0
		for _, e := range errs {
			s := len(e.path)
			if e.kind == "additional" || e.kind == "unevaluated" {
				s++
			}
			score = max(score, s)
		}
		if score > bestScore {
			best, bestScore = errs, score
		}
	}
	switch {
	case fits == 0:
		return best
	case exactlyOne && fits > 1:
		return []verror{{path: path, kind: "oneOf"}}
	}
	return nil
}

// evaluates reports whether the schema or its allOf/anyOf/oneOf/$ref parts
// name key in properties or patternProperties (unevaluatedProperties).
func (n *node) evaluates(key string, depth int) bool {
	if n == nil || depth > 16 {
		return false
	}
	if _, ok := n.props[key]; ok {
		return true
	}
	for _, p := range n.patterns {
		if p.re.MatchString(key) {
			return true
		}
	}
	if n.refNode != nil && n.refNode.evaluates(key, depth+1) {
		return true
	}
	for _, group := range [][]*node{n.allOf, n.anyOf, n.oneOf} {
		for _, s := range group {
			if s.evaluates(key, depth+1) {
				return true
			}
		}
	}
	return false
}

// allowedKeys are the property names of the object and its parts.
func (n *node) allowedKeys() []string {
	set := map[string]bool{}
	var walk func(m *node, depth int)
	walk = func(m *node, depth int) {
		if m == nil || depth > 16 {
			return
		}
		for k := range m.props {
			set[k] = true
		}
		walk(m.refNode, depth+1)
		for _, group := range [][]*node{m.allOf, m.anyOf, m.oneOf} {
			for _, s := range group {
				walk(s, depth+1)
			}
		}
	}
	walk(n, 0)
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func appendPath(path []string, k string) []string {
	return append(append(make([]string, 0, len(path)+1), path...), k)
}

// typeMatches is JSON Schema's type check on YAML-decoded values.
func typeMatches(types []string, v any) bool {
	for _, t := range types {
		if jsonType(v) == t || (t == "number" && jsonType(v) == "integer") {
			return true
		}
	}
	return false
}

// jsonType is a value's JSON Schema type ("integer" for a whole number).
func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case int, int64, uint64:
		return "integer"
	case float64:
		if x == math.Trunc(x) && !math.IsInf(x, 0) {
			return "integer"
		}
		return "number"
	}
	return fmt.Sprintf("%T", v)
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// equal compares JSON values, numbers by value.
func equal(a, b any) bool {
	if fa, ok := number(a); ok {
		fb, ok := number(b)
		return ok && fa == fb
	}
	return reflect.DeepEqual(a, b)
}
