package compose

import (
	"path"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Occurrence is a name at one place: where it is defined, a use of it, or
// a YAML anchor or alias.
type Occurrence struct {
	Kind   Kind
	Name   string
	Span   Span
	Def    bool
	Anchor bool // a YAML anchor (Def) or alias; Kind is meaningless then
}

func (o Occurrence) same(p Occurrence) bool {
	if o.Anchor || p.Anchor {
		return o.Anchor && p.Anchor && o.Name == p.Name
	}
	return o.Kind == p.Kind && o.Name == p.Name
}

// At is the name under offset, if any.
func (f *File) At(offset int) (Occurrence, bool) {
	for _, d := range f.Defs {
		if d.Span.Start <= offset && offset <= d.Span.End {
			return Occurrence{Kind: d.Kind, Name: d.Name, Span: d.Span, Def: true}, true
		}
	}
	for _, r := range f.Refs {
		if r.Span.Start <= offset && offset <= r.Span.End {
			return Occurrence{Kind: r.Kind, Name: r.Name, Span: r.Span}, true
		}
	}
	for _, a := range f.Anchors {
		if a.Span.Start-1 <= offset && offset <= a.Span.End {
			return Occurrence{Name: a.Name, Span: a.Span, Def: !a.Alias, Anchor: true}, true
		}
	}
	return Occurrence{}, false
}

// Occurrences are every place of the same name (definitions first, then
// uses in the text's order).
func (f *File) Occurrences(o Occurrence) []Occurrence {
	var out []Occurrence
	if o.Anchor {
		for _, a := range f.Anchors {
			if a.Name == o.Name {
				out = append(out, Occurrence{Name: a.Name, Span: a.Span, Def: !a.Alias, Anchor: true})
			}
		}
	} else {
		for _, d := range f.Defs {
			if d.Kind == o.Kind && d.Name == o.Name {
				out = append(out, Occurrence{Kind: d.Kind, Name: d.Name, Span: d.Span, Def: true})
			}
		}
		for _, r := range f.Refs {
			if r.Kind == o.Kind && r.Name == o.Name {
				out = append(out, Occurrence{Kind: r.Kind, Name: r.Name, Span: r.Span})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Def != out[j].Def {
			return out[i].Def
		}
		return out[i].Span.Start < out[j].Span.Start
	})
	return out
}

// Definitions are where the name under offset is defined.
func (f *File) Definitions(offset int) []Occurrence {
	o, ok := f.At(offset)
	if !ok {
		return nil
	}
	var out []Occurrence
	for _, x := range f.Occurrences(o) {
		if x.Def {
			out = append(out, x)
		}
	}
	return out
}

var nameRe = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_.-]*$`)

// ValidName reports whether name may replace a service, volume, network,
// secret, config or anchor name (Compose's and YAML's rules, kept to
// the characters every one of them accepts).
func ValidName(name string) bool { return nameRe.MatchString(name) }

// RenameSpans are the spans that a rename of the name under offset
// rewrites; nil when there is no name there or a use has no definition in
// this file (a service from an included file, say).
func (f *File) RenameSpans(offset int) (Occurrence, []Span) {
	o, ok := f.At(offset)
	if !ok {
		return Occurrence{}, nil
	}
	occ := f.Occurrences(o)
	if len(occ) == 0 || !occ[0].Def {
		return o, nil
	}
	out := make([]Span, len(occ))
	for i, x := range occ {
		out[i] = x.Span
	}
	return o, out
}

// OutlineItem is one entry of the document's outline.
type OutlineItem struct {
	Name, Detail string
	// Kind is "section" (a top-level key), "service", "volume",
	// "network", "secret", "config" or "key" (a service's key).
	Kind         string
	Span, Select Span
	Children     []OutlineItem
}

var outlineKinds = map[string]string{"services": "service", "volumes": "volume", "networks": "network", "secrets": "secret", "configs": "config"}

// Outline is the file's structure: its top-level keys with the names
// they define, and each service's keys.
func (f *File) Outline() []OutlineItem {
	var out []OutlineItem
	for _, sec := range f.Sections {
		item := OutlineItem{Name: sec.Key, Kind: "section", Span: sec.Block, Select: sec.Span}
		if v, ok := sec.Value(); ok {
			item.Detail = v
		}
		if kind, ok := outlineKinds[sec.Key]; ok {
			for _, e := range entries(f.Text, sec.value, sec.Block.End) {
				child := OutlineItem{Name: e.Key, Kind: kind, Span: e.Block, Select: e.Span}
				if kind == "service" {
					child.Detail = serviceDetail(e.value)
					for _, k := range entries(f.Text, e.value, e.Block.End) {
						child.Children = append(child.Children, OutlineItem{Name: k.Key, Kind: "key", Span: k.Block, Select: k.Span})
					}
				}
				item.Children = append(item.Children, child)
			}
		}
		out = append(out, item)
	}
	return out
}

// serviceDetail is a service's image, or what it builds.
func serviceDetail(svc *yaml.Node) string {
	if img := mappingValue(deref(svc), "image"); img != nil && img.Kind == yaml.ScalarNode {
		return img.Value
	}
	if b := deref(mappingValue(deref(svc), "build")); b != nil {
		if b.Kind == yaml.ScalarNode {
			return "build: " + b.Value
		}
		if c := mappingValue(b, "context"); c != nil && c.Kind == yaml.ScalarNode {
			return "build: " + c.Value
		}
		return "build"
	}
	return ""
}

// Link is a path the file names: a Dockerfile, an env file, a bind mount's
// source, an included or extended file. Path is as written, relative to
// the Compose file's folder unless absolute; Dir tells a folder.
type Link struct {
	Span Span
	Path string
	Dir  bool
}

// Links are the local paths the file names. The caller keeps those that
// exist. Values with a variable are left out.
func (f *File) Links() []Link {
	var out []Link
	add := func(n *yaml.Node, p string, dir bool) {
		n = deref(n)
		if n == nil || n.Kind != yaml.ScalarNode || n.Value == "" || strings.Contains(n.Value, "$") || strings.Contains(n.Value, "://") {
			return
		}
		sp := nodeSpan(f.Text, n)
		if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			sp = Span{Start: sp.Start + 1, End: sp.End - 1}
		}
		out = append(out, Link{Span: sp, Path: p, Dir: dir})
	}
	for _, svc := range f.Services() {
		s := deref(svc.value)
		if s == nil || s.Kind != yaml.MappingNode {
			continue
		}
		if b := deref(mappingValue(s, "build")); b != nil {
			if b.Kind == yaml.ScalarNode {
				add(b, b.Value, true)
			} else {
				ctx := "."
				if c := mappingValue(b, "context"); c != nil && c.Kind == yaml.ScalarNode {
					ctx = c.Value
					add(c, c.Value, true)
				}
				if d := mappingValue(b, "dockerfile"); d != nil && d.Kind == yaml.ScalarNode && !strings.Contains(ctx, "://") {
					p := d.Value
					if !path.IsAbs(p) {
						p = path.Join(ctx, p)
					}
					add(d, p, false)
				}
			}
		}
		f.eachPath(mappingValue(s, "env_file"), "path", func(n *yaml.Node) { add(n, n.Value, false) })
		if e := deref(mappingValue(s, "extends")); e != nil && e.Kind == yaml.MappingNode {
			if fl := mappingValue(e, "file"); fl != nil {
				add(fl, fl.Value, false)
			}
		}
		if v := deref(mappingValue(s, "volumes")); v != nil && v.Kind == yaml.SequenceNode {
			for _, it := range v.Content {
				it = deref(it)
				switch it.Kind {
				case yaml.ScalarNode:
					src, _, ok := strings.Cut(it.Value, ":")
					if ok && isHostPath(src) {
						sp := nodeSpan(f.Text, it)
						if it.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
							sp.Start++
						}
						if !strings.Contains(src, "$") && sp.Start+len(src) <= len(f.Text) && f.Text[sp.Start:sp.Start+len(src)] == src {
							out = append(out, Link{Span: Span{Start: sp.Start, End: sp.Start + len(src)}, Path: src})
						}
					}
				case yaml.MappingNode:
					if t := mappingValue(it, "type"); t != nil && t.Value == "bind" {
						if s := mappingValue(it, "source"); s != nil && isHostPath(s.Value) {
							add(s, s.Value, false)
						}
					}
				}
			}
		}
	}
	if inc, ok := f.section("include"); ok {
		f.eachPath(inc.value, "path", func(n *yaml.Node) { add(n, n.Value, false) })
	}
	for _, k := range []string{"secrets", "configs"} {
		sec, ok := f.section(k)
		if !ok {
			continue
		}
		for _, e := range entries(f.Text, sec.value, sec.Block.End) {
			if fl := mappingValue(deref(e.value), "file"); fl != nil {
				add(fl, fl.Value, false)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Span.Start < out[j].Span.Start })
	return out
}

// eachPath calls fn on a path written as a string, a list of strings or a
// list of mappings with the path under field (`env_file`, `include`).
func (f *File) eachPath(v *yaml.Node, field string, fn func(*yaml.Node)) {
	v = deref(v)
	if v == nil {
		return
	}
	one := func(n *yaml.Node) {
		n = deref(n)
		switch n.Kind {
		case yaml.ScalarNode:
			fn(n)
		case yaml.MappingNode:
			if p := mappingValue(n, field); p != nil && p.Kind == yaml.ScalarNode {
				fn(p)
			} else if p != nil && p.Kind == yaml.SequenceNode {
				for _, q := range p.Content {
					if q.Kind == yaml.ScalarNode {
						fn(q)
					}
				}
			}
		}
	}
	if v.Kind == yaml.SequenceNode {
		for _, it := range v.Content {
			one(it)
		}
		return
	}
	one(v)
}

// isHostPath reports a bind mount's source: a relative, absolute or home
// path.
func isHostPath(s string) bool {
	return strings.HasPrefix(s, ".") || strings.HasPrefix(s, "/") || strings.HasPrefix(s, "~")
}
