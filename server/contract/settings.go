package contract

import (
	"encoding/json"
	"strings"

	"github.com/dockerlab/dockerlab/server/k8s"
	"github.com/dockerlab/dockerlab/server/lab"
)

// Settings are the dockerlab.* settings the server decodes. They arrive in
// initializationOptions and again in workspace/didChangeConfiguration, as
// the extension builds them from the editor's configuration.
type Settings struct {
	Lint   LintSettings   `json:"lint"`
	Docker DockerSettings `json:"docker"`
	// Build and Run: dockerlab.build.* and dockerlab.run.*.
	lab.Settings
	BuildInsight BuildInsightSettings `json:"buildInsight"`
	Compose      ComposeSettings      `json:"compose"`
}

// ComposeSettings are the dockerlab.compose.* settings.
type ComposeSettings struct {
	// ActionLenses shows the lenses that run things above a Compose file
	// (`▶ 모두 실행`, `▶ 실행`, `중지 및 삭제`); the state lenses stay.
	ActionLenses bool `json:"actionLenses"`
}

// BuildInsightSettings are the dockerlab.buildInsight.* settings.
type BuildInsightSettings struct {
	// Enabled shows, after a build from the editor, what each instruction
	// did (inlay hints and the hover's "마지막 빌드" section).
	Enabled bool `json:"enabled"`
}

// LintSettings are the dockerlab.lint.* settings.
type LintSettings struct {
	// Skip names the rules not to report.
	Skip []string `json:"skip"`
}

// DockerSettings are the dockerlab.docker.* settings.
type DockerSettings struct {
	// Host is the engine's address; it overrides DOCKER_HOST and contexts.
	Host string `json:"host"`
}

// Setting declares one dockerlab.* setting.
type Setting struct {
	// ID is the setting's full name, e.g. "dockerlab.build.tag". For a
	// server setting, the parts after "dockerlab." are the JSON names of
	// its path in Settings.
	ID string
	// Default is the value when the setting is not set; its Go type is the
	// setting's type (that of the field in Settings, for a server setting).
	Default any
	// DescriptionKey is the package.nls key of its description.
	DescriptionKey string
	// ClientOnly: the extension reads it and the server never sees it.
	ClientOnly bool
	// RestartsServer: the server reads it only when it starts, so a change
	// restarts it.
	RestartsServer bool
}

// SettingsSection is the configuration section of every setting.
const SettingsSection = "dockerlab"

// Configuration declares every setting, in the order of package.json's
// contributes.configuration.
var Configuration = []Setting{
	{ID: "dockerlab.lint.skip", Default: []string{}, DescriptionKey: "config.lint.skip"},
	{ID: "dockerlab.docker.host", Default: "", DescriptionKey: "config.docker.host", RestartsServer: true},
	{ID: "dockerlab.build.context", Default: "", DescriptionKey: "config.build.context"},
	{ID: "dockerlab.build.tag", Default: "", DescriptionKey: "config.build.tag"},
	{ID: "dockerlab.build.args", Default: map[string]string{}, DescriptionKey: "config.build.args"},
	{ID: "dockerlab.build.noCache", Default: false, DescriptionKey: "config.build.noCache"},
	{ID: "dockerlab.build.builder", Default: "auto", DescriptionKey: "config.build.builder"},
	{ID: "dockerlab.run.bindAddress", Default: lab.DefaultBindAddress, DescriptionKey: "config.run.bindAddress"},
	{ID: "dockerlab.run.ports", Default: map[string]int{}, DescriptionKey: "config.run.ports"},
	{ID: "dockerlab.run.env", Default: map[string]string{}, DescriptionKey: "config.run.env"},
	{ID: "dockerlab.run.volumes", Default: map[string]string{}, DescriptionKey: "config.run.volumes"},
	{ID: "dockerlab.registry.default", Default: "", DescriptionKey: "config.registry.default"},
	{ID: "dockerlab.k8s.clusterName", Default: lab.DefaultClusterName, DescriptionKey: "config.k8s.clusterName"},
	{ID: "dockerlab.k8s.nodeImage", Default: "", DescriptionKey: "config.k8s.nodeImage"},
	{ID: "dockerlab.k8s.kindConfig", Default: "", DescriptionKey: "config.k8s.kindConfig"},
	{ID: "dockerlab.k8s.ingressImage", Default: k8s.DefaultIngressImage, DescriptionKey: "config.k8s.ingressImage"},
	{ID: "dockerlab.buildInsight.enabled", Default: true, DescriptionKey: "config.buildInsight.enabled"},
	{ID: "dockerlab.compose.actionLenses", Default: true, DescriptionKey: "config.compose.actionLenses"},
	{ID: "dockerlab.compose.files", Default: []string{}, DescriptionKey: "config.compose.files", ClientOnly: true},
	{ID: "dockerlab.server.path", Default: "", DescriptionKey: "config.server.path", ClientOnly: true, RestartsServer: true},
	{ID: "dockerlab.trace.server", Default: "off", DescriptionKey: "config.trace.server", ClientOnly: true},
}

// DefaultSettings are the settings with every declared default: what the
// server uses for a setting a client does not send (a client other than
// dockerlab's extension may send none).
func DefaultSettings() Settings {
	tree := map[string]any{}
	for _, st := range Configuration {
		if st.ClientOnly {
			continue
		}
		parts := strings.Split(strings.TrimPrefix(st.ID, SettingsSection+"."), ".")
		node := tree
		for _, p := range parts[:len(parts)-1] {
			next, ok := node[p].(map[string]any)
			if !ok {
				next = map[string]any{}
				node[p] = next
			}
			node = next
		}
		node[parts[len(parts)-1]] = st.Default
	}
	var out Settings
	raw, err := json.Marshal(tree)
	if err == nil {
		err = json.Unmarshal(raw, &out)
	}
	if err != nil {
		panic("contract: the declared defaults do not fit Settings: " + err.Error()) // a test catches it first
	}
	return out
}
