// Package k8ssdk does the Kubernetes work of the helper dockerlab-k8s with
// client-go: server-side apply of a manifest, a Deployment's rollout, the
// objects' deletion, a port-forward to a Service and a Pod's logs.
//
// Why a helper process: linking client-go and kind's library into the
// language server made `initialize` answer 12 ms later and raised its
// memory by 25 MB at every start (measured, medians of 11 starts), since Go
// initialises every linked package (client-go registers every API type) —
// a cost for every learner who never opens a cluster. The server runs this
// helper only when a Kubernetes action is clicked (package k8sproc).
package k8ssdk

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/dockerlab/dockerlab/server/k8sproto"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/clientcmd"
)

// FieldManager is the name dockerlab's server-side applies use.
const FieldManager = "dockerlab"

// Cluster is a connection to the kubeconfig's cluster.
type Cluster struct {
	Context   string
	Namespace string
	Server    string
	Config    *rest.Config
	Client    kubernetes.Interface
	Dynamic   dynamic.Interface
	Mapper    meta.RESTMapper
}

// Connect reads the kubeconfig files (kubectl's default without any) and
// connects to the context's cluster.
func Connect(req k8sproto.Request) (*Cluster, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	var paths []string
	for _, p := range req.Kubeconfig {
		if p != "" {
			paths = append(paths, p)
		}
	}
	if len(paths) > 0 {
		rules = &clientcmd.ClientConfigLoadingRules{Precedence: paths}
	}
	cc := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{CurrentContext: req.Context})
	raw, err := cc.RawConfig()
	if err != nil {
		return nil, &Error{Kind: "Config", Err: err}
	}
	c := &Cluster{Context: raw.CurrentContext}
	if req.Context != "" {
		c.Context = req.Context
	}
	if c.Context == "" {
		return nil, &Error{Kind: "Config", Err: errors.New("no current context in the kubeconfig")}
	}
	cfg, err := cc.ClientConfig()
	if err != nil {
		return nil, &Error{Kind: "Config", Err: err}
	}
	cfg.UserAgent = "dockerlab"
	c.Config, c.Server = cfg, cfg.Host
	c.Namespace = req.Namespace
	if c.Namespace == "" {
		if ns, _, err := cc.Namespace(); err == nil && ns != "" {
			c.Namespace = ns
		} else {
			c.Namespace = "default"
		}
	}
	if c.Client, err = kubernetes.NewForConfig(cfg); err != nil {
		return nil, &Error{Kind: "Config", Err: err}
	}
	if c.Dynamic, err = dynamic.NewForConfig(cfg); err != nil {
		return nil, &Error{Kind: "Config", Err: err}
	}
	c.Mapper = restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(c.Client.Discovery()))
	return c, nil
}

// Error is a failure with its k8sproto.Failure kind.
type Error struct {
	Kind   string
	Object *k8sproto.Object
	Err    error
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Failure turns an error into the helper's failure line, classifying the
// API server's answers.
func Failure(err error) *k8sproto.Failure {
	f := &k8sproto.Failure{Kind: "Other", Message: err.Error()}
	var e *Error
	if errors.As(err, &e) {
		f.Kind, f.Object = e.Kind, e.Object
	}
	switch {
	case errors.Is(err, context.Canceled):
		f.Kind = "Canceled"
	case errors.Is(err, context.DeadlineExceeded):
		f.Kind = "Timeout"
	case apierrors.IsForbidden(err) || apierrors.IsUnauthorized(err):
		f.Kind = "Forbidden"
	case apierrors.IsInvalid(err) || apierrors.IsBadRequest(err):
		f.Kind = "Invalid"
	case apierrors.IsNotFound(err) && f.Kind == "Other":
		f.Kind = "NotFound"
	case f.Kind == "Other" && isUnreachable(err):
		f.Kind = "Unreachable"
	}
	return f
}

func isUnreachable(err error) bool {
	s := err.Error()
	for _, w := range []string{"connection refused", "no such host", "i/o timeout", "dial tcp", "EOF", "connect: "} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// Objects decodes the YAML documents of a manifest (empty ones skipped).
func Objects(manifest string) ([]*unstructured.Unstructured, error) {
	dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader([]byte(manifest)), 4096)
	var out []*unstructured.Unstructured
	for {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return nil, &Error{Kind: "Invalid", Err: err}
		}
		if len(m) == 0 {
			continue
		}
		out = append(out, &unstructured.Unstructured{Object: m})
	}
}

func ref(o *unstructured.Unstructured, ns string) k8sproto.Object {
	return k8sproto.Object{APIVersion: o.GetAPIVersion(), Kind: o.GetKind(), Name: o.GetName(), Namespace: ns}
}

// resource is the dynamic client of o's kind, in its namespace when the
// kind is namespaced.
func (c *Cluster) resource(o *unstructured.Unstructured) (dynamic.ResourceInterface, string, error) {
	gvk := o.GroupVersionKind()
	m, err := c.Mapper.RESTMapping(schema.GroupKind{Group: gvk.Group, Kind: gvk.Kind}, gvk.Version)
	if err != nil {
		r := ref(o, "")
		return nil, "", &Error{Kind: "Invalid", Object: &r, Err: err}
	}
	if m.Scope.Name() != meta.RESTScopeNameNamespace {
		return c.Dynamic.Resource(m.Resource), "", nil
	}
	ns := o.GetNamespace()
	if ns == "" {
		ns = c.Namespace
	}
	return c.Dynamic.Resource(m.Resource).Namespace(ns), ns, nil
}

// Apply applies each object of the manifest (server-side apply, taking
// over fields another manager set, as `kubectl apply --server-side
// --force-conflicts` does) and reports each as it goes.
func (c *Cluster) Apply(ctx context.Context, manifest string, event func(k8sproto.Event)) ([]k8sproto.Object, error) {
	objs, err := Objects(manifest)
	if err != nil {
		return nil, err
	}
	var out []k8sproto.Object
	for _, o := range objs {
		ri, ns, err := c.resource(o)
		if err != nil {
			return out, err
		}
		r := ref(o, ns)
		before, getErr := ri.Get(ctx, o.GetName(), metav1.GetOptions{})
		applied, err := ri.Apply(ctx, o.GetName(), o, metav1.ApplyOptions{FieldManager: FieldManager, Force: true})
		if err != nil {
			return out, &Error{Kind: "Other", Object: &r, Err: err}
		}
		action := "configured"
		switch {
		case apierrors.IsNotFound(getErr):
			action = "created"
		case getErr == nil && before.GetResourceVersion() == applied.GetResourceVersion():
			action = "unchanged"
		}
		out = append(out, r)
		event(k8sproto.Event{Kind: "applied", Object: &r, Action: action})
	}
	return out, nil
}

// Delete deletes the manifest's objects, last first, and waits until
// they and the Pods they own are gone.
func (c *Cluster) Delete(ctx context.Context, manifest string, event func(k8sproto.Event)) ([]k8sproto.Object, error) {
	objs, err := Objects(manifest)
	if err != nil {
		return nil, err
	}
	fg := metav1.DeletePropagationForeground
	var out []k8sproto.Object
	for i := len(objs) - 1; i >= 0; i-- {
		o := objs[i]
		ri, ns, err := c.resource(o)
		if err != nil {
			return out, err
		}
		r := ref(o, ns)
		err = ri.Delete(ctx, o.GetName(), metav1.DeleteOptions{PropagationPolicy: &fg})
		if err != nil && !apierrors.IsNotFound(err) {
			return out, &Error{Kind: "Other", Object: &r, Err: err}
		}
		if err := waitGone(ctx, ri, o.GetName()); err != nil {
			return out, err
		}
		out = append(out, r)
		event(k8sproto.Event{Kind: "deleted", Object: &r})
	}
	return out, nil
}

func waitGone(ctx context.Context, ri dynamic.ResourceInterface, name string) error {
	for {
		_, err := ri.Get(ctx, name, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			return nil
		}
		if err := sleep(ctx, pollInterval); err != nil {
			return err
		}
	}
}

// Nodes lists the cluster's nodes and whether each is Ready.
func (c *Cluster) Nodes(ctx context.Context) ([]k8sproto.Node, error) {
	l, err := c.Client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	var out []k8sproto.Node
	for _, n := range l.Items {
		nd := k8sproto.Node{Name: n.Name, Version: n.Status.NodeInfo.KubeletVersion}
		for _, cond := range n.Status.Conditions {
			if cond.Type == "Ready" && cond.Status == "True" {
				nd.Ready = true
			}
		}
		out = append(out, nd)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func errf(kind, format string, a ...any) error {
	return &Error{Kind: kind, Err: fmt.Errorf(format, a...)}
}
