package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"

	"github.com/dockerlab/dockerlab/server/lab"
	"github.com/dockerlab/dockerlab/server/lint"
	"go.lsp.dev/uri"
)

// settings are the dockerlab.* settings the server uses. They arrive in
// initializationOptions and again in workspace/didChangeConfiguration.
type settings struct {
	Lint struct {
		Skip []string `json:"skip"`
	} `json:"lint"`
	Docker struct {
		Host string `json:"host"` // dockerlab.docker.host: overrides DOCKER_HOST and contexts
	} `json:"docker"`
	// Build and Run: dockerlab.build.* and dockerlab.run.*.
	lab.Settings
}

// lintOptions are the lint options for the document at u.
func (s *Server) lintOptions(u string) lint.Options {
	s.stateMu.Lock()
	opts := lint.Options{Skip: s.settings.Lint.Skip}
	if s.lintCaches == nil {
		s.lintCaches = map[string]*lint.Cache{}
	}
	if s.lintCaches[u] == nil {
		s.lintCaches[u] = lint.NewCache()
	}
	opts.Cache = s.lintCaches[u]
	s.stateMu.Unlock()
	if s.images != nil && s.engineEnabled() {
		opts.Image = s.images.BaseImage
	}
	if strings.HasPrefix(u, "file://") {
		opts.ContextDir = filepath.Dir(uri.URI(u).Filename())
	}
	return opts
}

// handleDidChangeConfiguration takes new settings, in either shape clients
// send: {"settings": {"dockerlab": {...}}} or {"settings": {...}}, and
// re-checks every open document.
func handleDidChangeConfiguration(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p struct {
		Settings json.RawMessage `json:"settings"`
	}
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	section := p.Settings
	var wrapped struct {
		Dockerlab json.RawMessage `json:"dockerlab"`
	}
	if json.Unmarshal(p.Settings, &wrapped) == nil && len(wrapped.Dockerlab) > 0 {
		section = wrapped.Dockerlab
	}
	next, ok := decodeSettings(s, section)
	if !ok {
		return nil, nil
	}
	s.stateMu.Lock()
	s.settings = next
	s.stateMu.Unlock()
	s.rediagnoseAll()
	return nil, nil
}

// decodeSettings reads the dockerlab settings section. A value of the wrong
// type is logged and left at its default; the other settings still apply
// (encoding/json fills every field it can before reporting the mismatch).
func decodeSettings(s *Server, raw json.RawMessage) (settings, bool) {
	var next settings
	if len(raw) == 0 || string(raw) == "null" {
		return next, true
	}
	if err := json.Unmarshal(raw, &next); err != nil {
		var te *json.UnmarshalTypeError
		if !errors.As(err, &te) {
			s.log.Warn("settings ignored", "err", err)
			return settings{}, false
		}
		s.log.Warn("a setting has the wrong type and keeps its default", "field", te.Field, "err", err)
	}
	return next, true
}
