package k8ssdk

import (
	"bufio"
	"context"
	"encoding/json"
	"sort"
	"strings"
	"time"

	"github.com/dockerlab/dockerlab/server/k8sproto"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// pollInterval is how often a rollout or a deletion is looked at.
var pollInterval = 500 * time.Millisecond

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// stuck are the reasons a Pod will not become ready without a change:
// waiting for them ends a rollout's wait early.
var stuck = map[string]bool{
	"ImagePullBackOff": true, "ErrImagePull": true, "ErrImageNeverPull": true, "InvalidImageName": true,
	"CrashLoopBackOff": true, "CreateContainerConfigError": true, "CreateContainerError": true, "RunContainerError": true,
}

// Status reads a Deployment's rollout, its Pods (with why each is not
// ready), the Service that selects them and an Ingress that routes to it.
func (c *Cluster) Status(ctx context.Context, name, service string) (*k8sproto.Status, error) {
	st := &k8sproto.Status{Deployment: name}
	d, err := c.Client.AppsV1().Deployments(c.Namespace).Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return st, nil
	}
	if err != nil {
		return nil, err
	}
	st.Found = true
	st.Desired = 1
	if d.Spec.Replicas != nil {
		st.Desired = *d.Spec.Replicas
	}
	st.Ready, st.Updated = d.Status.ReadyReplicas, d.Status.UpdatedReplicas
	st.Complete = d.Status.ObservedGeneration >= d.Generation && st.Updated == st.Desired &&
		d.Status.Replicas == st.Desired && d.Status.AvailableReplicas == st.Desired
	sel, err := metav1.LabelSelectorAsSelector(d.Spec.Selector)
	if err != nil {
		return nil, err
	}
	pods, err := c.Client.CoreV1().Pods(c.Namespace).List(ctx, metav1.ListOptions{LabelSelector: sel.String()})
	if err != nil {
		return nil, err
	}
	sort.Slice(pods.Items, func(i, j int) bool {
		return pods.Items[i].CreationTimestamp.After(pods.Items[j].CreationTimestamp.Time)
	})
	for i := range pods.Items {
		st.Pods = append(st.Pods, c.pod(ctx, &pods.Items[i]))
	}
	st.Service, err = c.service(ctx, service, d.Spec.Template.Labels)
	if err != nil {
		return nil, err
	}
	if st.Service != nil {
		st.Ingress, err = c.ingress(ctx, st.Service.Name)
		if err != nil {
			return nil, err
		}
	}
	return st, nil
}

// pod describes one Pod and why it is not ready.
func (c *Cluster) pod(ctx context.Context, p *corev1.Pod) k8sproto.Pod {
	out := k8sproto.Pod{Name: p.Name, Phase: string(p.Status.Phase)}
	if len(p.Spec.Containers) > 0 {
		out.Image = p.Spec.Containers[0].Image
	}
	for _, cond := range p.Status.Conditions {
		switch {
		case cond.Type == corev1.PodReady && cond.Status == corev1.ConditionTrue:
			out.Ready = true
		case cond.Type == corev1.PodScheduled && cond.Status == corev1.ConditionFalse:
			out.Reason, out.Message = cond.Reason, cond.Message
		}
	}
	for _, cs := range p.Status.ContainerStatuses {
		out.Restarts += cs.RestartCount
		switch {
		case cs.State.Waiting != nil && cs.State.Waiting.Reason != "" && cs.State.Waiting.Reason != "ContainerCreating":
			out.Reason, out.Message = cs.State.Waiting.Reason, cs.State.Waiting.Message
		case cs.State.Terminated != nil:
			out.Reason, out.Message = cs.State.Terminated.Reason, cs.State.Terminated.Message
		case cs.State.Waiting != nil && out.Reason == "":
			out.Reason = cs.State.Waiting.Reason
		}
		if out.Reason == "CrashLoopBackOff" || cs.State.Terminated != nil {
			out.LastLogs = c.lastLogs(ctx, p, cs.Name, cs.State.Terminated == nil)
		}
	}
	if p.DeletionTimestamp != nil {
		out.Reason, out.Message = "Terminating", ""
	}
	return out
}

// lastLogs are the last lines a container wrote (of its previous run when
// it is waiting to restart).
func (c *Cluster) lastLogs(ctx context.Context, p *corev1.Pod, container string, previous bool) []string {
	tail := int64(10)
	data, err := c.Client.CoreV1().Pods(p.Namespace).GetLogs(p.Name, &corev1.PodLogOptions{Container: container, Previous: previous, TailLines: &tail}).DoRaw(ctx)
	if err != nil {
		return nil
	}
	var out []string
	for _, l := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// service is the named Service, or the first one whose selector picks
// Pods with these labels.
func (c *Cluster) service(ctx context.Context, name string, podLabels map[string]string) (*k8sproto.Service, error) {
	l, err := c.Client.CoreV1().Services(c.Namespace).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	var found *corev1.Service
	for i := range l.Items {
		s := &l.Items[i]
		if name != "" && s.Name == name {
			found = s
			break
		}
		if found == nil && len(s.Spec.Selector) > 0 && labels.SelectorFromSet(s.Spec.Selector).Matches(labels.Set(podLabels)) {
			found = s
		}
	}
	if found == nil {
		return nil, nil
	}
	out := &k8sproto.Service{Name: found.Name, Type: string(found.Spec.Type)}
	for _, p := range found.Spec.Ports {
		out.Ports = append(out.Ports, k8sproto.ServicePort{Port: p.Port, TargetPort: p.TargetPort.String(), NodePort: p.NodePort})
	}
	return out, nil
}

// ingress is the first Ingress with a path to the Service.
func (c *Cluster) ingress(ctx context.Context, service string) (*k8sproto.Ingress, error) {
	l, err := c.Client.NetworkingV1().Ingresses(c.Namespace).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	for _, in := range l.Items {
		out := &k8sproto.Ingress{Name: in.Name}
		if in.Spec.IngressClassName != nil {
			out.Class = *in.Spec.IngressClassName
		}
		routes := false
		for _, r := range in.Spec.Rules {
			if r.Host != "" {
				out.Hosts = append(out.Hosts, r.Host)
			}
			if r.HTTP == nil {
				continue
			}
			for _, p := range r.HTTP.Paths {
				if p.Backend.Service != nil && p.Backend.Service.Name == service {
					routes = true
					out.Paths = append(out.Paths, p.Path)
				}
			}
		}
		if !routes {
			continue
		}
		for _, lb := range in.Status.LoadBalancer.Ingress {
			out.Address = lb.IP + lb.Hostname
			break
		}
		return out, nil
	}
	return nil, nil
}

// Rollout follows a Deployment until every Pod runs the newest template
// and is ready, a Pod is stuck (a reason in stuck), or the timeout:
// each change of its status is an event. It returns the last status.
func (c *Cluster) Rollout(ctx context.Context, name, service string, timeout time.Duration, event func(k8sproto.Event)) (*k8sproto.Status, error) {
	deadline := time.Now().Add(timeout)
	var last string
	for {
		st, err := c.Status(ctx, name, service)
		if err != nil {
			return nil, err
		}
		if b, _ := json.Marshal(st); string(b) != last {
			last = string(b)
			event(k8sproto.Event{Kind: "rollout", Status: st})
		}
		if st.Complete {
			c.awaitIngressAddress(ctx, st, service)
			return st, nil
		}
		if !st.Found || time.Now().After(deadline) || isStuck(st) {
			return st, nil
		}
		if err := sleep(ctx, pollInterval); err != nil {
			return st, err
		}
	}
}

// ingressAddressWait bounds the wait for an Ingress controller to publish
// the address of an Ingress of a class once its backend is ready.
var ingressAddressWait = 10 * time.Second

// awaitIngressAddress gives the controller of a classed Ingress (a class is
// set when the cluster has a default IngressClass, hence a controller) a
// moment to publish its address; an Ingress without a class is not waited
// for: no controller may ever take it.
func (c *Cluster) awaitIngressAddress(ctx context.Context, st *k8sproto.Status, service string) {
	deadline := time.Now().Add(ingressAddressWait)
	for st.Ingress != nil && st.Ingress.Class != "" && st.Ingress.Address == "" && time.Now().Before(deadline) {
		if sleep(ctx, pollInterval) != nil {
			return
		}
		if ing, err := c.ingress(ctx, service); err == nil && ing != nil {
			st.Ingress = ing
		}
	}
}

func isStuck(st *k8sproto.Status) bool {
	for _, p := range st.Pods {
		if stuck[p.Reason] {
			return true
		}
	}
	return false
}

// Logs follows the logs of the Deployment's newest Pod until ctx ends.
func (c *Cluster) Logs(ctx context.Context, name string, line func(string)) (string, error) {
	st, err := c.Status(ctx, name, "")
	if err != nil {
		return "", err
	}
	if !st.Found || len(st.Pods) == 0 {
		return "", errf("NotFound", "deployment %q has no pods", name)
	}
	pod := st.Pods[0].Name
	tail := int64(100)
	rc, err := c.Client.CoreV1().Pods(c.Namespace).GetLogs(pod, &corev1.PodLogOptions{Follow: true, TailLines: &tail}).Stream(ctx)
	if err != nil {
		return pod, err
	}
	defer rc.Close()
	sc := bufio.NewScanner(rc)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line(sc.Text())
	}
	if ctx.Err() != nil {
		return pod, nil
	}
	return pod, sc.Err()
}
