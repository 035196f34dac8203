package check

import (
	"io"
	"os"
	"strings"

	"github.com/dockerlab/dockerlab/server/document"
	"github.com/dockerlab/dockerlab/server/k8s"
	"github.com/dockerlab/dockerlab/server/lint"
)

// isYAMLName reports a .yaml or .yml file (a Compose file is one too; it
// is told apart by IsComposeName first).
func isYAMLName(name string) bool {
	return strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")
}

// isManifest reports Kubernetes manifests: the lines of an object, and no
// Go template (a Helm chart's templates are not YAML until rendered).
func isManifest(text string) bool {
	return !strings.Contains(text, "{{") && k8s.LooksLikeManifest(text)
}

// maxManifestProbe is how much of a YAML file a folder's walk reads to
// tell a manifest.
const maxManifestProbe = 1 << 20

// isManifestFile reports a YAML file under a folder that holds manifests.
func isManifestFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	data, _ := io.ReadAll(io.LimitReader(f, maxManifestProbe))
	return isManifest(string(data))
}

// manifestFindings checks Kubernetes manifests against the pinned API's
// schema (package k8s), as the editor does without a cluster: refusals
// are errors, what the API takes but will likely not work are warnings.
// A YAML file that holds no manifest has none.
func manifestFindings(path, text string) []Finding {
	if !isManifest(text) {
		return nil
	}
	probs := k8s.Check(k8s.Parse(text))
	if len(probs) == 0 {
		return nil
	}
	mp := document.NewMapper(text)
	out := make([]Finding, 0, len(probs))
	for _, p := range probs {
		start, end := mp.Position(p.Span.Start), mp.Position(p.Span.End)
		level := lint.Error
		if p.Warning {
			level = lint.Warning
		}
		cf := Finding{File: path, Line: start.Line + 1, Column: start.Character + 1,
			EndLine: end.Line + 1, EndColumn: end.Character + 1,
			Severity: level.String(), Code: "K8s" + p.Code, Message: p.Message, Href: k8s.APIReference, Level: level}
		for _, fx := range k8s.Fixes(text, p) {
			cf.Fixes = append(cf.Fixes, fx.Title)
		}
		out = append(out, cf)
	}
	return out
}
