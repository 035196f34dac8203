package session

import (
	"os"
	"strings"
	"sync"
	"time"

	"github.com/dockerlab/dockerlab/server/contract"
	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/k8s"
	"github.com/dockerlab/dockerlab/server/k8sproto"
	"github.com/dockerlab/dockerlab/server/kubeconfig"
	"github.com/dockerlab/dockerlab/server/lint"
)

// manifestState is what a YAML snapshot computed: whether it holds
// Kubernetes manifests, and their parse, once.
type manifestState struct {
	once     sync.Once
	manifest bool
	file     k8s.File
}

// IsYAML reports a YAML document that is not a Compose file: the
// Kubernetes features answer for it while it holds manifests, and nothing
// else does.
func (sn *Snapshot) IsYAML() bool { return sn.rec.yaml }

// IsManifest reports a YAML document whose text has a Kubernetes object's
// top-level `apiVersion:` and `kind:` lines. It is read from the lines, not
// the YAML, so a file keeps its features while an edit breaks its syntax.
// A Go template (Helm's `{{ … }}`) is not one: it is not YAML until
// rendered.
func (sn *Snapshot) IsManifest() bool {
	sn.manifest()
	return sn.ms.manifest
}

// Manifest is the parsed file (only for a manifest).
func (sn *Snapshot) Manifest() k8s.File {
	sn.manifest()
	return sn.ms.file
}

func (sn *Snapshot) manifest() {
	sn.ms.once.Do(func() {
		if !sn.rec.yaml || strings.Contains(sn.doc.Text, "{{") || !k8s.LooksLikeManifest(sn.doc.Text) {
			return
		}
		sn.ms.manifest = true
		sn.ms.file = k8s.Parse(sn.doc.Text)
	})
}

// manifestFindings are the manifest's problems, as findings.
func (sn *Snapshot) manifestFindings() []lint.Finding {
	if !sn.IsManifest() {
		return nil
	}
	probs := k8s.CheckWith(sn.Manifest(), k8s.Options{KindCluster: sn.s.KubeContext().Kind()})
	out := make([]lint.Finding, 0, len(probs))
	for _, p := range probs {
		sev := lint.Error
		if p.Warning {
			sev = lint.Warning
		}
		out = append(out, lint.Finding{Span: dockerfile.Span{Start: p.Span.Start, End: p.Span.End},
			Severity: sev, Code: "K8s" + p.Code, Message: p.Message, Href: k8s.APIReference})
	}
	return out
}

// kubeContextCache keeps the current context while the kubeconfig files
// do not change.
type kubeContextCache struct {
	mu    sync.Mutex
	stamp string
	ctx   kubeconfig.Context
	// sent is the context last told through KubeContextChanged.
	sent string
}

// KubeContext is the current context of the user's kubeconfig
// ($KUBECONFIG, else ~/.kube/config), re-read when a file changes.
func (s *Session) KubeContext() kubeconfig.Context {
	home, _ := os.UserHomeDir()
	paths := kubeconfig.Paths(os.Getenv("KUBECONFIG"), home)
	var stamp strings.Builder
	for _, p := range paths {
		stamp.WriteString(p)
		if fi, err := os.Stat(p); err == nil {
			stamp.WriteString("@" + fi.ModTime().Format(time.RFC3339Nano))
		}
		stamp.WriteByte(0)
	}
	s.kube.mu.Lock()
	if s.kube.stamp != stamp.String() {
		s.kube.stamp, s.kube.ctx = stamp.String(), kubeconfig.Current(paths, os.ReadFile)
	}
	ctx, changed := s.kube.ctx, s.kube.ctx.Name != s.kube.sent
	s.kube.sent = ctx.Name
	s.kube.mu.Unlock()
	if changed && s.cfg.KubeContextChanged != nil {
		s.cfg.KubeContextChanged(contract.KubeContextParams{Context: ctx.Name, Cluster: kindCluster(ctx)})
	}
	return ctx
}

// KubeNodes tells the editor the nodes of the current context's cluster
// (nil with err when it did not answer).
func (s *Session) KubeNodes(context string, nodes []k8sproto.Node, err error) {
	if s.cfg.KubeContextChanged == nil || context == "" {
		return
	}
	cur := s.KubeContext()
	if context != cur.Name {
		return
	}
	p := contract.KubeContextParams{Context: context, Cluster: kindCluster(cur), Nodes: nodes, NodesKnown: true}
	if err != nil {
		p.Message = err.Error()
	}
	s.cfg.KubeContextChanged(p)
}

// kindCluster is the kind cluster a context names ("kind-NAME"), else "".
func kindCluster(c kubeconfig.Context) string {
	if !c.Kind() {
		return ""
	}
	return strings.TrimPrefix(c.Name, "kind-")
}
