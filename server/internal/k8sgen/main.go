// Command k8sgen writes server/k8s/schema.json.gz: the Kubernetes API's
// own OpenAPI v3 schemas of the stable kinds a learner writes (Deployment,
// Service, Ingress, Pod, ConfigMap, ... of Kubernetes K8sVersion), cut down
// to what dockerlab checks and explains: types, properties, items, map
// values and the API's English descriptions.
//
//	go run ./server/internal/k8sgen        (from the repository root)
//
// The schemas come from the k8s.io/kubernetes module's
// api/openapi-spec/v3 (the Go module proxy serves it; nothing else is
// downloaded). A test checks the file against the pinned version.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// K8sVersion is the Kubernetes release whose API the checks follow (the
// version issue 19's clusters run).
const K8sVersion = "v1.37.2"

type openAPI struct {
	Components struct {
		Schemas map[string]json.RawMessage `json:"schemas"`
	} `json:"components"`
}

type rawSchema struct {
	Ref                  string               `json:"$ref"`
	AllOf                []rawSchema          `json:"allOf"`
	OneOf                []rawSchema          `json:"oneOf"`
	Type                 string               `json:"type"`
	Format               string               `json:"format"`
	Description          string               `json:"description"`
	Properties           map[string]rawSchema `json:"properties"`
	Items                *rawSchema           `json:"items"`
	AdditionalProperties json.RawMessage      `json:"additionalProperties"`
	Required             []string             `json:"required"`
	PreserveUnknown      bool                 `json:"x-kubernetes-preserve-unknown-fields"`
	IntOrString          bool                 `json:"x-kubernetes-int-or-string"`
	GVK                  []map[string]string  `json:"x-kubernetes-group-version-kind"`
	Extra                map[string]any       `json:"-"`
}

// schema is the compact form server/k8s reads (server/k8s.Schema).
type schema struct {
	Ref        string             `json:"r,omitempty"`
	Type       string             `json:"t,omitempty"`
	Format     string             `json:"f,omitempty"`
	Desc       string             `json:"d,omitempty"`
	Props      map[string]*schema `json:"p,omitempty"`
	Items      *schema            `json:"i,omitempty"`
	Additional *schema            `json:"a,omitempty"`
	Required   []string           `json:"q,omitempty"`
}

type file struct {
	Version string             `json:"version"`
	Kinds   map[string]string  `json:"kinds"` // "apps/v1 Deployment" -> definition
	Defs    map[string]*schema `json:"defs"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "k8sgen:", err)
		os.Exit(1)
	}
}

func run() error {
	out, err := exec.Command("go", "mod", "download", "-json", "k8s.io/kubernetes@"+K8sVersion).Output()
	if err != nil {
		return fmt.Errorf("go mod download k8s.io/kubernetes@%s: %w", K8sVersion, err)
	}
	var mod struct{ Dir string }
	if err := json.Unmarshal(out, &mod); err != nil || mod.Dir == "" {
		return fmt.Errorf("go mod download gave no directory: %s", out)
	}
	files, err := filepath.Glob(filepath.Join(mod.Dir, "api", "openapi-spec", "v3", "*.json"))
	if err != nil {
		return err
	}
	all := map[string]rawSchema{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var doc openAPI
		if err := json.Unmarshal(data, &doc); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		for name, raw := range doc.Components.Schemas {
			var s rawSchema
			if err := json.Unmarshal(raw, &s); err != nil {
				return fmt.Errorf("%s %s: %w", f, name, err)
			}
			all[name] = s
		}
	}
	out2 := file{Version: K8sVersion, Kinds: map[string]string{}, Defs: map[string]*schema{}}
	var roots []string
	for name, s := range all {
		if !kept(name, s) {
			continue
		}
		for _, g := range s.GVK {
			gv := g["version"]
			if g["group"] != "" {
				gv = g["group"] + "/" + gv
			}
			out2.Kinds[gv+" "+g["kind"]] = name
		}
		roots = append(roots, name)
	}
	sort.Strings(roots)
	var visit func(name string) error
	visit = func(name string) error {
		if _, done := out2.Defs[name]; done {
			return nil
		}
		s, ok := all[name]
		if !ok {
			return fmt.Errorf("no definition %s", name)
		}
		out2.Defs[name] = nil // mark before recursing
		c, refs := compact(s)
		out2.Defs[name] = c
		for _, r := range refs {
			if err := visit(r); err != nil {
				return err
			}
		}
		return nil
	}
	for _, r := range roots {
		if err := visit(r); err != nil {
			return err
		}
	}
	data, err := json.Marshal(out2)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(data)
	zw.Close()
	target := filepath.Join("server", "k8s", "schema.json.gz")
	if err := os.WriteFile(target, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Printf("k8sgen: %s: %d kinds, %d definitions, %d bytes (%d gzipped)\n", target, len(out2.Kinds), len(out2.Defs), len(data), buf.Len())
	return nil
}

// kept: the stable (GA) top-level kinds a manifest can hold, without the
// API server's own request/response and admin-only types.
func kept(name string, s rawSchema) bool {
	if len(s.GVK) == 0 || s.Properties["metadata"].Ref == "" && len(s.Properties["metadata"].AllOf) == 0 {
		return false
	}
	if strings.HasSuffix(name, "List") || strings.HasPrefix(name, "io.k8s.apimachinery.") {
		return false
	}
	for _, g := range s.GVK {
		v := g["version"]
		if strings.Contains(v, "alpha") || strings.Contains(v, "beta") {
			return false
		}
		switch g["group"] {
		case "authentication.k8s.io", "authorization.k8s.io", "apiextensions.k8s.io", "internal.apiserver.k8s.io":
			return false
		}
		switch g["kind"] {
		case "Scale", "Status", "Binding", "ComponentStatus", "Event", "Endpoints", "EndpointSlice", "Eviction", "TokenRequest":
			return false
		}
	}
	return true
}

func refName(ref string) string { return ref[strings.LastIndex(ref, "/")+1:] }

// compact turns one schema into the compact form and lists the
// definitions it refers to.
func compact(s rawSchema) (*schema, []string) {
	var refs []string
	var conv func(s rawSchema, top bool) *schema
	conv = func(s rawSchema, top bool) *schema {
		c := &schema{Desc: strings.TrimSpace(s.Description)}
		switch {
		case s.Ref != "":
			c.Ref = refName(s.Ref)
			refs = append(refs, c.Ref)
			return c
		case len(s.AllOf) == 1 && s.AllOf[0].Ref != "":
			c.Ref = refName(s.AllOf[0].Ref)
			refs = append(refs, c.Ref)
			return c
		case s.IntOrString || s.Format == "int-or-string":
			c.Type = "int-or-string"
			return c
		case len(s.OneOf) > 0:
			types := map[string]bool{}
			for _, o := range s.OneOf {
				types[o.Type] = true
			}
			if types["string"] && types["number"] && len(types) == 2 {
				c.Type = "quantity"
			} else {
				c.Type = "any"
			}
			return c
		case s.PreserveUnknown:
			c.Type = "any"
			return c
		}
		c.Type, c.Format = s.Type, s.Format
		if len(s.Properties) > 0 {
			c.Type = "object"
			c.Props = map[string]*schema{}
			for k, p := range s.Properties {
				c.Props[k] = conv(p, false)
			}
		}
		if s.Items != nil {
			c.Items = conv(*s.Items, false)
		}
		if len(s.AdditionalProperties) > 0 && string(s.AdditionalProperties) != "false" {
			var ap rawSchema
			if json.Unmarshal(s.AdditionalProperties, &ap) == nil {
				c.Additional = conv(ap, false)
			} else {
				c.Additional = &schema{Type: "any"}
			}
		}
		if c.Type == "object" && c.Props == nil && c.Additional == nil || c.Type == "" {
			c.Type = "any" // RawExtension, FieldsV1, JSON: anything goes
		}
		if top {
			c.Required = s.Required
		}
		return c
	}
	return conv(s, true), refs
}
