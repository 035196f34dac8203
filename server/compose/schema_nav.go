package compose

import (
	"fmt"
	"github.com/dockerlab/dockerlab/server/yamlspan"
	"sort"
	"strings"
)

// Item is the path segment of a list item in a key path.
const Item = yamlspan.Item

// expand is n with every schema it stands for through $ref, allOf, anyOf
// and oneOf.
func expand(n *node, out []*node, depth int) []*node {
	if n == nil || depth > 16 {
		return out
	}
	out = append(out, n)
	out = expand(n.refNode, out, depth+1)
	for _, group := range [][]*node{n.allOf, n.anyOf, n.oneOf} {
		for _, s := range group {
			out = expand(s, out, depth+1)
		}
	}
	return out
}

// child is the schema of key (or a list item) under n, nil when none.
func (n *node) child(seg string) *node {
	if seg == Item {
		return n.items
	}
	if c, ok := n.props[seg]; ok {
		return c
	}
	for _, p := range n.patterns {
		if p.re.MatchString(seg) {
			return p.node
		}
	}
	return n.additional
}

// schemasAt are the schemas that describe the value at a key path (keys,
// and Item for a list item), each expanded; the first of each step is the
// property's own schema, where its description is.
func schemasAt(path []string) []*node {
	root, err := spec()
	if err != nil {
		return nil
	}
	cur := expand(root, nil, 0)
	for _, seg := range path {
		var next []*node
		seen := map[*node]bool{}
		for _, n := range cur {
			c := n.child(seg)
			if c == nil || seen[c] {
				continue
			}
			seen[c] = true
			next = append(next, expand(c, nil, 0)...)
		}
		if len(next) == 0 {
			return nil
		}
		cur = next
	}
	return cur
}

// Description is the schema's English description of the key at path, ""
// when it has none.
func Description(path []string) string {
	for _, n := range schemasAt(path) {
		if n.description != "" {
			return n.description
		}
	}
	return ""
}

// Known reports whether the schema describes the key at path.
func Known(path []string) bool { return len(path) > 0 && len(schemasAt(path)) > 0 }

// KeyInfo is a key the schema allows in a mapping.
type KeyInfo struct {
	Name        string
	Description string
	Deprecated  bool
	// Object and List tell the value's shape, for the snippet a completion
	// writes: a nested mapping or a list.
	Object, List bool
}

// Keys are the keys the schema allows in the mapping at path, sorted.
func Keys(path []string) []KeyInfo {
	seen := map[string]bool{}
	var out []KeyInfo
	for _, n := range schemasAt(path) {
		for name, c := range n.props {
			if seen[name] {
				continue
			}
			seen[name] = true
			k := KeyInfo{Name: name}
			for _, e := range expand(c, nil, 0) {
				if k.Description == "" {
					k.Description = e.description
				}
				k.Deprecated = k.Deprecated || e.deprecated
				for _, t := range e.types {
					k.Object = k.Object || t == "object"
					k.List = k.List || t == "array"
				}
			}
			out = append(out, k)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// documentedValues are values the reference lists for string keys the
// schema leaves open (its descriptions name them).
var documentedValues = map[string][]string{
	"services/restart":      {`"no"`, "always", "on-failure", "unless-stopped"}, // `no` quoted, as the reference writes it
	"services/network_mode": {"bridge", "host", "none"},
	"services/pull_policy":  {"always", "never", "missing", "build", "if_not_present"},
}

// Values are the values the schema names for the key at path: an
// enumeration's values, or true and false for a boolean, or the values the
// reference lists for a few open string keys (`restart`).
func Values(path []string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(v string) {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	if doc, ok := DocPath(path); ok {
		for _, v := range documentedValues[doc] {
			add(v)
		}
	}
	for _, n := range schemasAt(path) {
		for _, e := range n.enum {
			add(fmt.Sprint(e))
		}
		for _, t := range n.types {
			if t == "boolean" {
				add("true")
				add("false")
			}
		}
	}
	return out
}

// DocPath is a key path without the names a file chooses (services,
// volumes, networks, …) and list items, as the reference pages are named:
// services/app/build/context is "services/build/context",
// services/app/depends_on/db/condition is "services/depends_on/condition".
// ok is false when the schema does not know the path.
func DocPath(path []string) (string, bool) {
	root, err := spec()
	if err != nil || len(path) == 0 {
		return "", false
	}
	cur := expand(root, nil, 0)
	var out []string
	for _, seg := range path {
		var next []*node
		named := seg != Item
		for _, n := range cur {
			if seg == Item {
				if n.items != nil {
					next = append(next, expand(n.items, nil, 0)...)
				}
				continue
			}
			if c, ok := n.props[seg]; ok {
				next = append(next, expand(c, nil, 0)...)
				named = false
				continue
			}
			if c := n.child(seg); c != nil {
				next = append(next, expand(c, nil, 0)...)
			}
		}
		if len(next) == 0 {
			return "", false
		}
		if seg != Item && !named {
			out = append(out, seg)
		}
		cur = next
	}
	return strings.Join(out, "/"), len(out) > 0
}

// Reference is the Compose file reference's first page, where every
// finding links.
const Reference = "https://docs.docker.com/reference/compose-file/"

// ReferenceURL is the reference page about a key path without names
// (DocPath's form).
func ReferenceURL(doc string) string {
	top, _, _ := strings.Cut(doc, "/")
	switch {
	case strings.HasPrefix(doc, "services/build"):
		return Reference + "build/"
	case strings.HasPrefix(doc, "services/develop"):
		return Reference + "develop/"
	case strings.HasPrefix(doc, "services/deploy"):
		return Reference + "deploy/"
	case top == "services" || top == "networks" || top == "volumes" || top == "configs" || top == "secrets" || top == "include":
		return Reference + top + "/"
	}
	return Reference
}

// SchemaPage is the page dockerlab shows for a key it has no Korean page
// about: the schema's English description and the reference link; ""
// when the schema does not describe the key.
func SchemaPage(path []string) string {
	doc, ok := DocPath(path)
	desc := Description(path)
	if !ok || desc == "" {
		return ""
	}
	return fmt.Sprintf("**`%s`**\n\n%s\n\n_Compose Specification 스키마의 설명입니다. 한국어 설명은 아직 없습니다._\n\n[Compose 파일 레퍼런스](%s)",
		path[len(path)-1], desc, ReferenceURL(doc))
}
