package compose

import (
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Kind is what a name in a Compose file stands for.
type Kind int

// The kinds of names a Compose file defines at its top level and refers to
// from its services.
const (
	KindService Kind = iota
	KindVolume
	KindNetwork
	KindSecret
	KindConfig
)

// kindSections are the top-level keys that define each kind.
var kindSections = [...]string{"services", "volumes", "networks", "secrets", "configs"}

// Section is the top-level key that defines names of this kind.
func (k Kind) Section() string { return kindSections[k] }

// Symbol is a name a Compose file defines: a service, a volume, a network,
// a secret or a config under its top-level key.
type Symbol struct {
	Kind Kind
	Name string
	// Span is the name (the key); Block the key and its whole value.
	Span, Block Span
	value       *yaml.Node
}

// Ref is a use of a defined name: `depends_on: [db]`, a named volume in a
// service's `volumes`, a network, a secret, a config, `extends`.
type Ref struct {
	Kind Kind
	Name string
	Span Span
}

// Anchor is a YAML anchor (`&name`) or an alias of it (`*name`).
type Anchor struct {
	Name  string
	Span  Span // the name, without `&` or `*`
	Alias bool
}

// File is a parsed Compose file: its YAML tree and the names it defines
// and uses, with their places in the text. It never changes once made.
type File struct {
	Text string
	// Syntax is the YAML error when the text is not YAML; the rest is empty.
	Syntax *Problem
	Defs   []Symbol
	Refs   []Ref
	// Anchors are the YAML anchors and aliases, in the text's order.
	Anchors []Anchor
	// Sections are the top-level entries: `services`, `volumes`, `name`, …
	Sections []Entry

	doc  *yaml.Node // the document node; nil for an empty or broken file
	root *yaml.Node // its top-level mapping
	// defIndex finds a definition in Defs by kind and name (the first, as
	// a linear search would).
	defIndex [len(kindSections)]map[string]int
}

// Entry is one key of a mapping with its value's extent.
type Entry struct {
	Key   string
	Span  Span // the key
	Block Span // the key and its whole value, without trailing blank lines
	key   *yaml.Node
	value *yaml.Node
}

// Value is the entry's value as text when it is a scalar.
func (e Entry) Value() (string, bool) {
	v := deref(e.value)
	if v == nil || v.Kind != yaml.ScalarNode {
		return "", false
	}
	return v.Value, true
}

// Parse reads a Compose file. A file that is not YAML has Syntax set.
func Parse(text string) *File {
	f := &File{Text: text}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		p := syntaxProblem(text, err)
		f.Syntax = &p
		return f
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return f
	}
	f.doc = &doc
	root := deref(doc.Content[0])
	if root.Kind != yaml.MappingNode {
		return f
	}
	f.root = root
	f.Sections = entries(text, root, len(text))
	f.index()
	return f
}

// deref follows aliases.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 16; i++ {
		n = n.Alias
	}
	return n
}

// entries are the keys of a mapping whose block ends at end.
func entries(text string, m *yaml.Node, end int) []Entry {
	m = deref(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	var out []Entry
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Value == "<<" {
			continue
		}
		ks := nodeSpan(text, k)
		out = append(out, Entry{Key: k.Value, Span: ks, Block: Span{Start: ks.Start, End: end}, key: k, value: v})
	}
	for i := range out {
		if i+1 < len(out) {
			next := out[i+1].Span.Start
			// The next key's line start ends this block (a flow mapping
			// keeps both on one line).
			if ls := lineStart(text, next); ls > out[i].Span.Start {
				next = ls
			}
			out[i].Block.End = next
		}
		out[i].Block.End = trimBlock(text, out[i].Block)
	}
	return out
}

// lineStart is the start of the line holding offset.
func lineStart(text string, offset int) int {
	return strings.LastIndexByte(text[:offset], '\n') + 1
}

// trimBlock moves a block's end back over trailing blank and comment lines.
func trimBlock(text string, b Span) int {
	end := b.End
	for end > b.Start {
		ls := lineStart(text, max(end-1, 0))
		if end > 0 && text[end-1] == '\n' {
			ls = lineStart(text, end-1)
		}
		line := strings.TrimSpace(text[ls:end])
		if ls <= b.Start || (line != "" && !strings.HasPrefix(line, "#")) {
			break
		}
		end = ls
	}
	for end > b.Start && (text[end-1] == '\n' || text[end-1] == '\r' || text[end-1] == ' ') {
		end--
	}
	return end
}

// section is the top-level entry named key.
func (f *File) section(key string) (Entry, bool) {
	for _, e := range f.Sections {
		if e.Key == key {
			return e, true
		}
	}
	return Entry{}, false
}

// Defined reports the names defined for a kind, in the text's order.
func (f *File) Defined(k Kind) []Symbol {
	var out []Symbol
	for _, d := range f.Defs {
		if d.Kind == k {
			out = append(out, d)
		}
	}
	return out
}

// Def is the definition of a name, if the file has it.
func (f *File) Def(k Kind, name string) (Symbol, bool) {
	if i, ok := f.defIndex[k][name]; ok {
		return f.Defs[i], true
	}
	return Symbol{}, false
}

// Services are the service entries with their blocks.
func (f *File) Services() []Entry {
	s, ok := f.section("services")
	if !ok {
		return nil
	}
	return entries(f.Text, s.value, s.Block.End)
}

// index finds the definitions, references and anchors.
func (f *File) index() {
	for _, sec := range f.Sections {
		for k, name := range kindSections {
			if sec.Key != name {
				continue
			}
			for _, e := range entries(f.Text, sec.value, sec.Block.End) {
				if f.defIndex[k] == nil {
					f.defIndex[k] = map[string]int{}
				}
				if _, dup := f.defIndex[k][e.Key]; !dup {
					f.defIndex[k][e.Key] = len(f.Defs)
				}
				f.Defs = append(f.Defs, Symbol{Kind: Kind(k), Name: e.Key, Span: e.Span, Block: e.Block, value: e.value})
			}
		}
	}
	for _, svc := range f.Services() {
		f.serviceRefs(svc.value)
	}
	f.anchors(f.doc)
	sort.SliceStable(f.Refs, func(i, j int) bool { return f.Refs[i].Span.Start < f.Refs[j].Span.Start })
	sort.SliceStable(f.Anchors, func(i, j int) bool { return f.Anchors[i].Span.Start < f.Anchors[j].Span.Start })
}

// serviceRefs collects the names one service refers to.
func (f *File) serviceRefs(svc *yaml.Node) {
	svc = deref(svc)
	if svc == nil || svc.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(svc.Content); i += 2 {
		k, v := svc.Content[i], svc.Content[i+1]
		if v.Tag == "!reset" {
			continue
		}
		switch k.Value {
		case "depends_on":
			f.namesIn(KindService, v, "")
		case "links", "volumes_from":
			f.eachScalar(v, func(n *yaml.Node) {
				if k.Value == "volumes_from" && strings.HasPrefix(n.Value, "container:") {
					return
				}
				name, _, _ := strings.Cut(n.Value, ":")
				f.refIn(KindService, n, name, 0)
			})
		case "extends":
			v = deref(v)
			if v.Kind == yaml.ScalarNode {
				f.refIn(KindService, v, v.Value, 0)
			} else if mappingValue(v, "file") == nil {
				if s := mappingValue(v, "service"); s != nil && s.Kind == yaml.ScalarNode {
					f.refIn(KindService, s, s.Value, 0)
				}
			}
		case "network_mode", "pid", "ipc":
			if v.Kind == yaml.ScalarNode && strings.HasPrefix(v.Value, "service:") {
				f.refIn(KindService, v, strings.TrimPrefix(v.Value, "service:"), len("service:"))
			}
		case "networks":
			f.namesIn(KindNetwork, v, "")
		case "secrets":
			f.namesIn(KindSecret, v, "source")
		case "configs":
			f.namesIn(KindConfig, v, "source")
		case "volumes":
			f.volumeRefs(v)
		case "build":
			if b := deref(v); b != nil && b.Kind == yaml.MappingNode {
				if s := mappingValue(b, "secrets"); s != nil {
					f.namesIn(KindSecret, s, "source")
				}
			}
		}
	}
}

// namesIn reads a list of names or a mapping keyed by name (`depends_on`,
// `networks`); in a list, an item may be a mapping whose field names it
// (`secrets: [{source: x}]`).
func (f *File) namesIn(k Kind, v *yaml.Node, field string) {
	v = deref(v)
	if v == nil {
		return
	}
	switch v.Kind {
	case yaml.SequenceNode:
		for _, it := range v.Content {
			it = deref(it)
			switch {
			case it.Kind == yaml.ScalarNode:
				f.refIn(k, it, it.Value, 0)
			case it.Kind == yaml.MappingNode && field != "":
				if s := mappingValue(it, field); s != nil && s.Kind == yaml.ScalarNode {
					f.refIn(k, s, s.Value, 0)
				}
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(v.Content); i += 2 {
			if v.Content[i+1].Tag == "!reset" || v.Content[i].Value == "<<" {
				continue // a merge key brings its names from an anchor, not its own
			}
			f.refIn(k, v.Content[i], v.Content[i].Value, 0)
		}
	}
}

// eachScalar calls fn on a scalar or on each scalar of a list.
func (f *File) eachScalar(v *yaml.Node, fn func(*yaml.Node)) {
	v = deref(v)
	if v == nil {
		return
	}
	if v.Kind == yaml.ScalarNode {
		fn(v)
		return
	}
	if v.Kind == yaml.SequenceNode {
		for _, it := range v.Content {
			if it = deref(it); it.Kind == yaml.ScalarNode {
				fn(it)
			}
		}
	}
}

// volumeRefs finds named volumes in a service's `volumes`: the short
// syntax `NAME:/path[:mode]` and the long syntax with `type: volume`.
func (f *File) volumeRefs(v *yaml.Node) {
	v = deref(v)
	if v == nil || v.Kind != yaml.SequenceNode {
		return
	}
	for _, it := range v.Content {
		it = deref(it)
		switch it.Kind {
		case yaml.ScalarNode:
			src, _, ok := strings.Cut(it.Value, ":")
			if ok && IsVolumeName(src) {
				f.refIn(KindVolume, it, src, 0)
			}
		case yaml.MappingNode:
			t := mappingValue(it, "type")
			s := mappingValue(it, "source")
			if t != nil && t.Value == "volume" && s != nil && s.Kind == yaml.ScalarNode && IsVolumeName(s.Value) {
				f.refIn(KindVolume, s, s.Value, 0)
			}
		}
	}
}

var volumeNameRe = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_.-]*$`)

// IsVolumeName reports whether the source of a short volume entry is a
// volume's name rather than a host path (`./data`, `/srv`, `~/x`) or a
// variable.
func IsVolumeName(s string) bool { return volumeNameRe.MatchString(s) }

// refIn records a reference to name inside a scalar node, skip bytes after
// the scalar's first character (quotes are stepped over).
func (f *File) refIn(k Kind, n *yaml.Node, name string, skip int) {
	if name == "" || strings.Contains(name, "$") || n.Kind != yaml.ScalarNode {
		return
	}
	sp := nodeSpan(f.Text, n)
	start := sp.Start + skip
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		start++
	}
	end := start + len(name)
	if end > len(f.Text) || f.Text[start:end] != name {
		return // escapes or folding: the name is not the text as written
	}
	f.Refs = append(f.Refs, Ref{Kind: k, Name: name, Span: Span{Start: start, End: end}})
}

// anchors walks the tree for anchors and aliases.
func (f *File) anchors(n *yaml.Node) {
	seen := map[*yaml.Node]bool{}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n == nil || seen[n] {
			return
		}
		seen[n] = true
		if n.Kind == yaml.AliasNode {
			start := offset(f.Text, n.Line, n.Column)
			if strings.HasPrefix(f.Text[start:], "*"+n.Value) {
				f.Anchors = append(f.Anchors, Anchor{Name: n.Value, Span: Span{Start: start + 1, End: start + 1 + len(n.Value)}, Alias: true})
			}
			return
		}
		if n.Anchor != "" {
			if sp, ok := f.anchorSpan(n); ok {
				f.Anchors = append(f.Anchors, Anchor{Name: n.Anchor, Span: sp})
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(n)
}

// anchorSpan finds `&name` at or just before a node's position (a block
// mapping's anchor is written after its key, on the line above).
func (f *File) anchorSpan(n *yaml.Node) (Span, bool) {
	at := offset(f.Text, n.Line, n.Column)
	from := lineStart(f.Text, at)
	if from > 0 {
		from = lineStart(f.Text, from-1)
	}
	i := strings.LastIndex(f.Text[from:min(at+len(n.Anchor)+1, len(f.Text))], "&"+n.Anchor)
	if i < 0 {
		return Span{}, false
	}
	s := from + i + 1
	return Span{Start: s, End: s + len(n.Anchor)}, true
}
