// Package k8s reads Kubernetes manifests: which documents of a YAML file
// are Kubernetes objects (apiVersion and kind), and what the Kubernetes API
// of the pinned release says about their fields: types, descriptions and
// the fields each object may hold. Checks report in Korean where a field
// is unknown (with the nearest valid one) or has the wrong type, as
// `kubectl apply` would refuse it.
//
// The schemas are the API's own OpenAPI v3 definitions of the stable kinds
// (schema.json.gz, written by server/internal/k8sgen), decoded on first use
// so that the language server pays nothing for them until a manifest is
// opened.
package k8s

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"sync"
)

// Version is the Kubernetes release whose API the checks follow.
const Version = "v1.37.2"

//go:embed schema.json.gz
var schemaGz []byte

// Schema is one node of the API's schema, in the compact form k8sgen
// writes.
type Schema struct {
	Ref        string             `json:"r,omitempty"` // a definition's name
	Type       string             `json:"t,omitempty"` // object, array, string, integer, number, boolean, int-or-string, quantity, any
	Format     string             `json:"f,omitempty"` // int32, int64, date-time, byte, ...
	Desc       string             `json:"d,omitempty"` // the API's English description
	Props      map[string]*Schema `json:"p,omitempty"`
	Items      *Schema            `json:"i,omitempty"`
	Additional *Schema            `json:"a,omitempty"` // map values
	Required   []string           `json:"q,omitempty"`
}

// API is the schema of every kept kind.
type API struct {
	Version string             `json:"version"`
	Kinds   map[string]string  `json:"kinds"` // "apps/v1 Deployment" -> definition name
	Defs    map[string]*Schema `json:"defs"`
}

var (
	apiOnce sync.Once
	api     *API
	apiErr  error
)

// Load decodes the embedded schema once.
func Load() (*API, error) {
	apiOnce.Do(func() {
		zr, err := gzip.NewReader(bytes.NewReader(schemaGz))
		if err != nil {
			apiErr = fmt.Errorf("k8s schema: %w", err)
			return
		}
		data, err := io.ReadAll(zr)
		if err != nil {
			apiErr = fmt.Errorf("k8s schema: %w", err)
			return
		}
		var a API
		if err := json.Unmarshal(data, &a); err != nil {
			apiErr = fmt.Errorf("k8s schema: %w", err)
			return
		}
		api = &a
	})
	return api, apiErr
}

// Kind is the schema of the object apiVersion/kind names, nil for a kind
// the pinned API does not define (a custom resource, a beta kind).
func (a *API) Kind(apiVersion, kind string) *Schema {
	name, ok := a.Kinds[apiVersion+" "+kind]
	if !ok {
		return nil
	}
	return a.Defs[name]
}

// Resolve follows s's reference to its definition; the description of the
// referring property wins, as it speaks of this use.
func (a *API) Resolve(s *Schema) *Schema {
	for i := 0; s != nil && s.Ref != "" && i < 8; i++ {
		def := a.Defs[s.Ref]
		if def == nil {
			return nil
		}
		if s.Desc != "" && s.Desc != def.Desc {
			cp := *def
			cp.Desc = s.Desc
			def = &cp
		}
		s = def
	}
	return s
}
