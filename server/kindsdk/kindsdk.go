// Package kindsdk creates and deletes the learner's kind cluster with
// kind's Go library (sigs.k8s.io/kind/pkg/cluster), for the helper
// dockerlab-k8s: the same steps as `kind create cluster --name NAME` and
// `kind delete cluster --name NAME`, with dockerlab's configuration (the
// API server and the published NodePort on 127.0.0.1 only).
//
// kind's library drives the engine through the docker command line (its
// "docker" node provider runs `docker run`, `docker exec`, …): that is
// kind's design, not dockerlab's, and the reason the helper needs the
// docker CLI on PATH for these two operations only.
//
// dockerlab deletes only the clusters it created: each creation is
// recorded in the user's configuration folder (Record), and a delete of a
// cluster missing from the record is refused.
package kindsdk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/dockerlab/dockerlab/server/k8sproto"
	"sigs.k8s.io/kind/pkg/cluster"
	kindlog "sigs.k8s.io/kind/pkg/log"
)

// NodePort is the NodePort the default configuration publishes on
// 127.0.0.1 (the same port on the host).
const NodePort = 30080

// DefaultConfig is dockerlab's kind configuration: one control-plane node,
// the API server and NodePort on 127.0.0.1 only, and a kubelet that also
// starts on cgroup v1 hosts (Kubernetes 1.35+ refuses them by default).
const DefaultConfig = `kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
networking:
  apiServerAddress: "127.0.0.1"
kubeadmConfigPatches:
- |
  kind: KubeletConfiguration
  failCgroupV1: false
nodes:
- role: control-plane
  extraPortMappings:
  - containerPort: 30080
    hostPort: 30080
    listenAddress: "127.0.0.1"
    protocol: TCP
`

// Error is a failure with its kind (k8sproto.Failure.Kind): "Exists",
// "NotFound", "NotOurs" (a cluster dockerlab did not create), "NoDockerCLI",
// "Other".
type Error struct {
	Kind string
	Err  error
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Run performs a create-cluster or delete-cluster request, writing kind's
// steps as events and then the result or the failure through emit.
func Run(ctx context.Context, req k8sproto.Request, emit func(k8sproto.Line)) {
	step := func(text string) {
		emit(k8sproto.Line{Event: &k8sproto.Event{Kind: "step", Text: text}})
	}
	var err error
	switch req.Op {
	case k8sproto.OpCreateCluster:
		err = Create(ctx, req, step)
	case k8sproto.OpDeleteCluster:
		err = Delete(ctx, req, step)
	default:
		err = &Error{Kind: "Other", Err: fmt.Errorf("unknown operation %q", req.Op)}
	}
	if err != nil {
		f := &k8sproto.Failure{Kind: "Other", Message: err.Error()}
		var e *Error
		if errors.As(err, &e) {
			f.Kind = e.Kind
		}
		emit(k8sproto.Line{Error: f})
		return
	}
	emit(k8sproto.Line{Result: &k8sproto.Result{Cluster: req.Cluster, Context: "kind-" + req.Cluster}})
}

func provider(req k8sproto.Request, step func(string)) (*cluster.Provider, error) {
	if req.Cluster == "" {
		return nil, &Error{Kind: "Other", Err: errors.New("no cluster name")}
	}
	if _, err := exec.LookPath("docker"); err != nil {
		return nil, &Error{Kind: "NoDockerCLI", Err: fmt.Errorf("kind runs the docker command line, and it is not on PATH: %w", err)}
	}
	if req.DockerHost != "" {
		// kind's docker provider runs `docker`, which reads DOCKER_HOST.
		if err := os.Setenv("DOCKER_HOST", req.DockerHost); err != nil {
			return nil, err
		}
	}
	return cluster.NewProvider(cluster.ProviderWithDocker(), cluster.ProviderWithLogger(&logger{step: step})), nil
}

// Create creates the kind cluster req.Cluster, records it as dockerlab's
// and makes its context current in the kubeconfig ($KUBECONFIG, else
// ~/.kube/config, as kubectl and kind choose).
func Create(ctx context.Context, req k8sproto.Request, step func(string)) error {
	p, err := provider(req, step)
	if err != nil {
		return err
	}
	names, err := p.List()
	if err != nil {
		return &Error{Kind: "Other", Err: err}
	}
	if slices.Contains(names, req.Cluster) {
		return &Error{Kind: "Exists", Err: fmt.Errorf("a kind cluster named %q already exists", req.Cluster)}
	}
	cfg := req.KindConfig
	if cfg == "" {
		cfg = DefaultConfig
	}
	opts := []cluster.CreateOption{cluster.CreateWithRawConfig([]byte(cfg)),
		cluster.CreateWithWaitForReady(2 * time.Minute), cluster.CreateWithDisplayUsage(false), cluster.CreateWithDisplaySalutation(false)}
	if req.NodeImage != "" {
		opts = append(opts, cluster.CreateWithNodeImage(req.NodeImage))
	}
	// Recorded before kind starts: a creation cut off half-way leaves
	// nodes that only a delete can clean up, and that delete must be ours.
	if err := record(req.Cluster, true); err != nil {
		return &Error{Kind: "Other", Err: err}
	}
	if err := p.Create(req.Cluster, opts...); err != nil {
		return &Error{Kind: "Other", Err: err}
	}
	return ctx.Err()
}

// Delete deletes the kind cluster req.Cluster and its kubeconfig entries,
// when dockerlab created it.
func Delete(ctx context.Context, req k8sproto.Request, step func(string)) error {
	ours, err := Recorded()
	if err != nil {
		return &Error{Kind: "Other", Err: err}
	}
	if !slices.Contains(ours, req.Cluster) {
		return &Error{Kind: "NotOurs", Err: fmt.Errorf("dockerlab did not create the kind cluster %q", req.Cluster)}
	}
	p, err := provider(req, step)
	if err != nil {
		return err
	}
	names, err := p.List()
	if err != nil {
		return &Error{Kind: "Other", Err: err}
	}
	if !slices.Contains(names, req.Cluster) {
		_ = record(req.Cluster, false)
		return &Error{Kind: "NotFound", Err: fmt.Errorf("no kind cluster named %q", req.Cluster)}
	}
	step(fmt.Sprintf("Deleting cluster %q ...", req.Cluster))
	if err := p.Delete(req.Cluster, ""); err != nil {
		return &Error{Kind: "Other", Err: err}
	}
	if err := record(req.Cluster, false); err != nil {
		return &Error{Kind: "Other", Err: err}
	}
	return ctx.Err()
}

// RecordPath is the file listing the kind clusters dockerlab created.
func RecordPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "dockerlab", "kind-clusters.json"), nil
}

var recordMu sync.Mutex

// Recorded lists the kind clusters dockerlab created.
func Recorded() ([]string, error) {
	path, err := RecordPath()
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	if err := json.Unmarshal(data, &names); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return names, nil
}

func record(name string, add bool) error {
	recordMu.Lock()
	defer recordMu.Unlock()
	names, err := Recorded()
	if err != nil {
		return err
	}
	names = slices.DeleteFunc(names, func(n string) bool { return n == name })
	if add {
		names = append(names, name)
	}
	path, err := RecordPath()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	data, _ := json.Marshal(names)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// logger turns kind's user-facing messages (verbosity 0, warnings and
// errors) into steps.
type logger struct{ step func(string) }

func (l *logger) Warn(m string)                     { l.say(m) }
func (l *logger) Warnf(f string, a ...interface{})  { l.say(fmt.Sprintf(f, a...)) }
func (l *logger) Error(m string)                    { l.say(m) }
func (l *logger) Errorf(f string, a ...interface{}) { l.say(fmt.Sprintf(f, a...)) }
func (l *logger) V(v kindlog.Level) kindlog.InfoLogger {
	return info{l: l, on: v == 0}
}

func (l *logger) say(m string) {
	if m = strings.TrimSpace(m); m != "" {
		l.step(m)
	}
}

type info struct {
	l  *logger
	on bool
}

func (i info) Info(m string) {
	if i.on {
		i.l.say(m)
	}
}
func (i info) Infof(f string, a ...interface{}) {
	if i.on {
		i.l.say(fmt.Sprintf(f, a...))
	}
}
func (i info) Enabled() bool { return i.on }
