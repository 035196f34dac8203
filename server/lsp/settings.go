package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/dockerlab/dockerlab/server/contract"
)

// settings are the dockerlab.* settings, as the contract declares them.
type settings = contract.Settings

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
	} else if !namesSetting(p.Settings) {
		// Not ours: Helix re-sends its language server's `config`, eglot its
		// workspace configuration, Neovim its `settings` table ({} by
		// default), none of them keyed by "dockerlab". Taking that as the
		// whole section would reset what initializationOptions set.
		return nil, nil
	}
	next, ok := decodeSettings(s, section)
	if !ok {
		return nil, nil
	}
	s.sess.SetSettings(next)
	return nil, nil
}

// decodeSettings reads the dockerlab settings section. A value of the wrong
// type is logged and left at its default; the other settings still apply
// (encoding/json fills every field it can before reporting the mismatch).
func decodeSettings(s *Server, raw json.RawMessage) (settings, bool) {
	next := contract.DefaultSettings()
	if len(raw) == 0 || string(raw) == "null" {
		return next, true
	}
	if err := json.Unmarshal(raw, &next); err != nil {
		var te *json.UnmarshalTypeError
		if !errors.As(err, &te) {
			s.log.Warn("settings ignored", "err", err)
			return contract.DefaultSettings(), false
		}
		s.log.Warn("a setting has the wrong type and keeps its default", "field", te.Field, "err", err)
	}
	return next, true
}

// namesSetting reports whether raw is an object naming at least one
// section of the server's settings (lint, docker, build, ...).
func namesSetting(raw json.RawMessage) bool {
	var keys map[string]json.RawMessage
	if json.Unmarshal(raw, &keys) != nil {
		return false
	}
	for _, st := range contract.Configuration {
		if st.ClientOnly {
			continue
		}
		first, _, _ := strings.Cut(strings.TrimPrefix(st.ID, contract.SettingsSection+"."), ".")
		if _, ok := keys[first]; ok {
			return true
		}
	}
	return false
}
