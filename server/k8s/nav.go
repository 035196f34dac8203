package k8s

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dockerlab/dockerlab/server/yamlspan"
)

// Place is where an offset is in a manifest file: the object's apiVersion
// and kind, read from its document's top-level lines, and the position's
// block structure. Both come from the text, so they hold while the
// document is half-written and not valid YAML.
type Place struct {
	APIVersion, Kind string
	Loc              yamlspan.Location
	// Doc is the span of the offset's YAML document (between `---` lines).
	Doc yamlspan.Span
}

// Locate reads the object and block structure around offset.
func Locate(text string, offset int) Place {
	offset = max(0, min(offset, len(text)))
	p := Place{Loc: yamlspan.Locate(text, offset), Doc: documentAt(text, offset)}
	for ls := p.Doc.Start; ls < p.Doc.End; {
		le := strings.IndexByte(text[ls:p.Doc.End], '\n')
		if le < 0 {
			le = p.Doc.End - ls
		}
		line := strings.TrimSuffix(text[ls:ls+le], "\r")
		if k, col := yamlspan.KeyOf(line); k != "" && line[0] != ' ' && line[0] != '\t' {
			v := plainValue(line[col+1:])
			switch k {
			case "apiVersion":
				p.APIVersion = v
			case "kind":
				p.Kind = v
			}
		}
		ls += le + 1
	}
	return p
}

// documentAt is the span of the YAML document holding offset: from the
// line after the previous `---` to the next one.
func documentAt(text string, offset int) yamlspan.Span {
	start := 0
	for ls := 0; ls < len(text); {
		le := strings.IndexByte(text[ls:], '\n')
		if le < 0 {
			le = len(text) - ls
		}
		if isSeparator(text[ls : ls+le]) {
			if ls+le >= offset {
				return yamlspan.Span{Start: start, End: ls}
			}
			start = min(ls+le+1, len(text))
		}
		ls += le + 1
	}
	return yamlspan.Span{Start: start, End: len(text)}
}

func isSeparator(line string) bool {
	line = strings.TrimSuffix(line, "\r")
	return line == "---" || strings.HasPrefix(line, "--- ") || line == "..."
}

// plainValue is a scalar written after `key:` on a line: without quotes
// and comment.
func plainValue(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, " #"); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		s = s[1 : len(s)-1]
	}
	return s
}

// FieldInfo is a field of a kind reached by a key path.
type FieldInfo struct {
	// Owner is the definition declaring the field (e.g.
	// "io.k8s.api.core.v1.Container"); "" for a map's value or a list item.
	Owner string
	// Name is the field's key ("" for a list item).
	Name string
	// Prop is the field as declared (its reference and description), and
	// Value the schema of its value, resolved.
	Prop, Value *Schema
}

// Field follows path (keys, and yamlspan.Item for list items) from an
// object of apiVersion/kind. ok is false where the API defines no such
// field or the path goes inside a value of any shape.
func (a *API) Field(apiVersion, kind string, path []string) (FieldInfo, bool) {
	name, ok := a.Kinds[apiVersion+" "+kind]
	if !ok {
		return FieldInfo{}, false
	}
	fi := FieldInfo{Name: kind, Prop: &Schema{Ref: name}}
	fi.Value = a.Resolve(fi.Prop)
	for _, seg := range path {
		def, defName := fi.Value, a.defName(fi.Prop)
		if def == nil {
			return FieldInfo{}, false
		}
		var next *Schema
		owner := ""
		switch {
		case seg == yamlspan.Item:
			next = def.Items
		case def.Props[seg] != nil:
			next, owner = def.Props[seg], defName
		case def.Additional != nil:
			next = def.Additional
		}
		if next == nil {
			return FieldInfo{}, false
		}
		fi = FieldInfo{Owner: owner, Name: seg, Prop: next, Value: a.Resolve(next)}
		if seg == yamlspan.Item {
			fi.Name = ""
		}
	}
	return fi, true
}

// defName is the definition a schema refers to, through references.
func (a *API) defName(s *Schema) string {
	name := ""
	for i := 0; s != nil && s.Ref != "" && i < 8; i++ {
		name = s.Ref
		s = a.Defs[s.Ref]
	}
	return name
}

// Key is a field a mapping may hold.
type Key struct {
	Name string
	Type string // TypeName
	Desc string
	// Object and List tell what the value is written as: a mapping, a
	// list (of mappings when Object is also set), or a scalar.
	Object, List bool
	Required     bool
}

// Keys are the fields the mapping at path may hold, sorted with the
// required ones first. Fields the API server sets — `status`, and those
// whose description says "Read-only" — are left out: a manifest does not
// write them.
func (a *API) Keys(apiVersion, kind string, path []string) []Key {
	fi, ok := a.Field(apiVersion, kind, path)
	if !ok || fi.Value == nil || len(fi.Value.Props) == 0 {
		return nil
	}
	req := map[string]bool{}
	for _, r := range fi.Value.Required {
		req[r] = true
	}
	if len(path) == 0 {
		req["apiVersion"], req["kind"], req["metadata"] = true, true, true
	}
	out := make([]Key, 0, len(fi.Value.Props))
	for name, p := range fi.Value.Props {
		if len(path) == 0 && name == "status" || strings.Contains(p.Desc, "Read-only.") {
			continue
		}
		v := a.Resolve(p)
		k := Key{Name: name, Type: a.TypeName(p), Desc: p.Desc, Required: req[name]}
		if k.Desc == "" && v != nil {
			k.Desc = v.Desc
		}
		if v != nil {
			switch v.Type {
			case "object":
				k.Object = true
			case "array":
				k.List = true
				if it := a.Resolve(v.Items); it != nil && it.Type == "object" {
					k.Object = true
				}
			}
		}
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Required != out[j].Required {
			return out[i].Required
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// KindsOf lists the kinds the API serves, for apiVersion ("" for all),
// sorted.
func (a *API) KindsOf(apiVersion string) []string {
	seen := map[string]bool{}
	for gvk := range a.Kinds {
		av, kind, _ := strings.Cut(gvk, " ")
		if apiVersion == "" || av == apiVersion {
			seen[kind] = true
		}
	}
	return sortedKeys(seen)
}

// VersionsOf lists the apiVersions that serve kind ("" for all), sorted.
func (a *API) VersionsOf(kind string) []string {
	seen := map[string]bool{}
	for gvk := range a.Kinds {
		av, k, _ := strings.Cut(gvk, " ")
		if kind == "" || k == kind {
			seen[av] = true
		}
	}
	return sortedKeys(seen)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// enums are the values the API's descriptions list for string fields a
// learner writes, by definition and field. TestEnumsFromDescriptions
// checks that every value appears in the field's description.
var enums = map[string][]string{
	"io.k8s.api.core.v1.Container.imagePullPolicy":                          {"IfNotPresent", "Always", "Never"},
	"io.k8s.api.core.v1.PodSpec.restartPolicy":                              {"Always", "OnFailure", "Never"},
	"io.k8s.api.core.v1.PodSpec.dnsPolicy":                                  {"ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"},
	"io.k8s.api.core.v1.ServiceSpec.type":                                   {"ClusterIP", "NodePort", "LoadBalancer", "ExternalName"},
	"io.k8s.api.core.v1.ServiceSpec.sessionAffinity":                        {"None", "ClientIP"},
	"io.k8s.api.core.v1.ServicePort.protocol":                               {"TCP", "UDP", "SCTP"},
	"io.k8s.api.core.v1.ContainerPort.protocol":                             {"TCP", "UDP", "SCTP"},
	"io.k8s.api.apps.v1.DeploymentStrategy.type":                            {"RollingUpdate", "Recreate"},
	"io.k8s.api.networking.v1.HTTPIngressPath.pathType":                     {"Prefix", "Exact", "ImplementationSpecific"},
	"io.k8s.api.batch.v1.CronJobSpec.concurrencyPolicy":                     {"Allow", "Forbid", "Replace"},
	"io.k8s.api.core.v1.PersistentVolumeSpec.persistentVolumeReclaimPolicy": {"Retain", "Delete", "Recycle"},
}

// Values are the values a field may take: the values its description
// lists, true and false for a boolean, the kinds and apiVersions the API
// serves.
func (a *API) Values(apiVersion, kind string, path []string) []string {
	if len(path) == 1 {
		switch path[0] {
		case "kind":
			return a.KindsOf(apiVersion)
		case "apiVersion":
			return a.VersionsOf(kind)
		}
	}
	fi, ok := a.Field(apiVersion, kind, path)
	if !ok {
		return nil
	}
	if v := enums[fi.Owner+"."+fi.Name]; v != nil {
		return v
	}
	if fi.Value != nil && fi.Value.Type == "boolean" {
		return []string{"true", "false"}
	}
	return nil
}

// DocPath is the path of dockerlab's Korean page about the field at path
// in an object of kind (docs.K8s reads it): "common/…" for apiVersion,
// kind and the object's metadata, "container/…" for a container's fields
// in any kind, "pod/spec/…" for a Pod template's spec, and
// "<kind>/<path>" otherwise; lower case, list items left out.
func DocPath(kind string, path []string) string {
	var segs []string
	for _, s := range path {
		if s != yamlspan.Item {
			segs = append(segs, strings.ToLower(s))
		}
	}
	if len(segs) == 0 {
		return strings.ToLower(kind)
	}
	join := func(prefix string, rest []string) string {
		return strings.Join(append([]string{prefix}, rest...), "/")
	}
	switch {
	case len(segs) == 1 && (segs[0] == "apiversion" || segs[0] == "kind"):
		return "common/" + segs[0]
	case len(segs) == 2 && segs[0] == "metadata":
		return "common/metadata/" + segs[1]
	}
	// A container's fields, wherever the Pod spec is.
	for i := len(segs) - 2; i >= 1; i-- {
		if (segs[i] == "containers" || segs[i] == "initcontainers") && segs[i-1] == "spec" {
			return join("container", segs[i+1:])
		}
	}
	// A Pod template: its labels, and its spec as a Pod's.
	for i := len(segs) - 1; i >= 1; i-- {
		if segs[i-1] != "template" {
			continue
		}
		switch {
		case segs[i] == "metadata" && len(segs) == i+2 && (segs[i+1] == "labels" || segs[i+1] == "annotations"):
			return "common/metadata/" + segs[i+1]
		case segs[i] == "spec" && len(segs) > i+1:
			return join("pod/spec", segs[i+1:])
		}
	}
	return join(strings.ToLower(kind), segs)
}

// ExplainPath is the field's path as `kubectl explain` takes it:
// "deployment.spec.template.spec.containers.image".
func ExplainPath(kind string, path []string) string {
	segs := []string{strings.ToLower(kind)}
	for _, s := range path {
		if s != yamlspan.Item {
			segs = append(segs, s)
		}
	}
	return strings.Join(segs, ".")
}

// APIReference is the Kubernetes API reference's index; each Korean page
// links the kind's own page.
const APIReference = "https://kubernetes.io/docs/reference/kubernetes-api/"

// SchemaPage is the hover about a field dockerlab has no Korean page for:
// its type and the API's English description, the `kubectl explain` line
// that shows the same, and the reference.
func (a *API) SchemaPage(apiVersion, kind string, path []string) string {
	fi, ok := a.Field(apiVersion, kind, path)
	if !ok {
		return ""
	}
	desc := fi.Prop.Desc
	if desc == "" && fi.Value != nil {
		desc = fi.Value.Desc
	}
	name := kind
	if len(path) > 0 {
		name = path[len(path)-1]
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**`%s`**", name)
	if t := a.TypeName(fi.Prop); t != "" && len(path) > 0 {
		fmt.Fprintf(&b, " · `%s`", t)
	}
	b.WriteString("\n\n")
	if desc != "" {
		b.WriteString(desc + "\n\n")
	}
	fmt.Fprintf(&b, "_Kubernetes %s API의 설명입니다. 한국어 설명은 아직 없습니다. `kubectl explain %s` 명령도 같은 설명을 보여 줍니다._\n\n", a.Version, ExplainPath(kind, path))
	b.WriteString("[Kubernetes API 레퍼런스](" + APIReference + ")")
	return b.String()
}

// OutlineItem is one object of the file, for the editor's outline.
type OutlineItem struct {
	Name   string // metadata.name, or the kind when it has none
	Kind   string // "Deployment"
	Span   yamlspan.Span
	Select yamlspan.Span // the name's text, or the kind's
}

// Outline lists the file's objects (a List's items too), in order.
func Outline(f File) []OutlineItem {
	var out []OutlineItem
	for _, o := range f.Objects {
		start := yamlspan.Node(f.Text, o.Node).Start
		doc := documentAt(f.Text, start)
		it := OutlineItem{Name: o.Kind, Kind: o.Kind, Span: yamlspan.Span{Start: start, End: max(start, trimEnd(f.Text, doc.End))}}
		it.Select = yamlspan.Node(f.Text, deref(mappingValue(o.Node, "kind")))
		if n := deref(path(o.Node, "metadata", "name")); n != nil && n.Value != "" {
			it.Name, it.Select = n.Value, yamlspan.Node(f.Text, n)
		}
		if it.Select.End > it.Span.End {
			it.Span.End = it.Select.End
		}
		out = append(out, it)
	}
	return out
}

// trimEnd moves end back over trailing blank lines.
func trimEnd(text string, end int) int {
	for end > 0 && (text[end-1] == '\n' || text[end-1] == '\r' || text[end-1] == ' ') {
		end--
	}
	return end
}
