package k8s

import (
	"fmt"
	"strings"

	"github.com/dockerlab/dockerlab/server/yamlspan"
	"gopkg.in/yaml.v3"
)

// Field is a field of an object the cursor is on: its path, the API's
// schema of its value, and where its key is.
type Field struct {
	Object Object
	// Path is the field's path from the object, list items as [], e.g.
	// "spec.template.spec.containers[].image".
	Path   string
	Schema *Schema // resolved; nil when the API does not define the field
	// Type is the value's type as the API reference writes it (TypeName).
	Type string
	Key  yamlspan.Span
}

// FieldAt is the field whose key is at byte offset off, in an object of a
// kind the API defines.
func FieldAt(f File, off int) (Field, bool) {
	a, err := Load()
	if err != nil {
		return Field{}, false
	}
	for _, o := range f.Objects {
		s := a.Kind(o.APIVersion, o.Kind)
		if s == nil {
			continue
		}
		if fd, ok := fieldIn(a, f.Text, s, o.Node, "", off); ok {
			fd.Object = o
			return fd, true
		}
	}
	return Field{}, false
}

func fieldIn(a *API, text string, s *Schema, n *yaml.Node, path string, off int) (Field, bool) {
	s = a.Resolve(s)
	n = deref(n)
	if s == nil || n == nil {
		return Field{}, false
	}
	switch n.Kind {
	case yaml.MappingNode:
		explicit, _ := fields(n)
		for _, kv := range explicit {
			k, v := kv[0], kv[1]
			var child *Schema
			if p, ok := s.Props[k.Value]; ok {
				child = p
			} else if s.Additional != nil {
				child = s.Additional
			}
			childPath := joinPath(path, k.Value)
			if sp := yamlspan.Node(text, k); sp.Start <= off && off <= sp.End && k.Kind == yaml.ScalarNode {
				return Field{Path: childPath, Schema: a.Resolve(child), Type: a.TypeName(child), Key: sp}, true
			}
			if child != nil {
				if fd, ok := fieldIn(a, text, child, v, childPath, off); ok {
					return fd, true
				}
			}
		}
	case yaml.SequenceNode:
		for _, it := range n.Content {
			if fd, ok := fieldIn(a, text, s.Items, it, path+"[]", off); ok {
				return fd, true
			}
		}
	}
	return Field{}, false
}

// TypeName is the field's type as the API reference writes it: string,
// integer, boolean, object (its definition's short name, e.g. Container),
// []Container, map[string]string, IntOrString, Quantity.
func (a *API) TypeName(s *Schema) string {
	if s == nil {
		return ""
	}
	if s.Ref != "" {
		name := s.Ref[strings.LastIndex(s.Ref, ".")+1:]
		if def := a.Defs[s.Ref]; def != nil && def.Type != "object" {
			return a.TypeName(&Schema{Type: def.Type, Format: def.Format, Items: def.Items, Additional: def.Additional})
		}
		return name
	}
	switch s.Type {
	case "array":
		return "[]" + a.TypeName(s.Items)
	case "object":
		if s.Additional != nil {
			return "map[string]" + a.TypeName(s.Additional)
		}
		return "object"
	case "int-or-string":
		return "IntOrString"
	case "quantity":
		return "Quantity"
	case "integer":
		if s.Format != "" {
			return fmt.Sprintf("integer (%s)", s.Format)
		}
	}
	return s.Type
}
