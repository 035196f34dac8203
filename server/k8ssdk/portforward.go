package k8ssdk

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/httpstream"
	"k8s.io/client-go/tools/portforward"
	"k8s.io/client-go/transport/spdy"
)

// PortForward forwards local (0: any free port) on 127.0.0.1 to the
// Service's port, through one ready Pod it selects, as `kubectl
// port-forward svc/NAME LOCAL:PORT` does. ready is called with the local
// port once it listens; PortForward returns when ctx ends (nil) or the
// forward breaks (the Pod went away).
func (c *Cluster) PortForward(ctx context.Context, service string, port, local int, ready func(local int, pod string)) error {
	svc, err := c.Client.CoreV1().Services(c.Namespace).Get(ctx, service, metav1.GetOptions{})
	if err != nil {
		return err
	}
	var sp *corev1.ServicePort
	for i := range svc.Spec.Ports {
		if port == 0 || int(svc.Spec.Ports[i].Port) == port {
			sp = &svc.Spec.Ports[i]
			break
		}
	}
	if sp == nil {
		return errf("NotFound", "service %q has no port %d", service, port)
	}
	if len(svc.Spec.Selector) == 0 {
		return errf("NotFound", "service %q selects no pods", service)
	}
	pods, err := c.Client.CoreV1().Pods(c.Namespace).List(ctx, metav1.ListOptions{LabelSelector: labels.SelectorFromSet(svc.Spec.Selector).String()})
	if err != nil {
		return err
	}
	sort.Slice(pods.Items, func(i, j int) bool {
		return pods.Items[i].CreationTimestamp.After(pods.Items[j].CreationTimestamp.Time)
	})
	var pod *corev1.Pod
	for i := range pods.Items {
		p := &pods.Items[i]
		if p.DeletionTimestamp == nil && p.Status.Phase == corev1.PodRunning && podReady(p) {
			pod = p
			break
		}
	}
	if pod == nil {
		return errf("NotFound", "no running pod of service %q is ready", service)
	}
	target, err := containerPort(pod, sp)
	if err != nil {
		return err
	}
	req := c.Client.CoreV1().RESTClient().Post().Resource("pods").Namespace(pod.Namespace).Name(pod.Name).SubResource("portforward")
	transport, upgrader, err := spdy.RoundTripperFor(c.Config)
	if err != nil {
		return err
	}
	var dialer httpstream.Dialer = spdy.NewDialer(upgrader, &http.Client{Transport: transport}, http.MethodPost, req.URL())
	if ws, err := portforward.NewSPDYOverWebsocketDialer(req.URL(), c.Config); err == nil {
		// kubectl's order: WebSockets first, SPDY where the server refuses the upgrade.
		dialer = portforward.NewFallbackDialer(ws, dialer, func(err error) bool {
			return httpstream.IsUpgradeFailure(err) || httpstream.IsHTTPSProxyError(err)
		})
	}
	stop, readyCh := make(chan struct{}), make(chan struct{})
	fw, err := portforward.NewOnAddresses(dialer, []string{"127.0.0.1"}, []string{fmt.Sprintf("%d:%d", local, target)}, stop, readyCh, io.Discard, io.Discard)
	if err != nil {
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- fw.ForwardPorts() }()
	select {
	case <-readyCh:
		ports, err := fw.GetPorts()
		if err != nil || len(ports) == 0 {
			close(stop)
			return errf("Other", "port-forward: no local port: %v", err)
		}
		ready(int(ports[0].Local), pod.Name)
	case err := <-errc:
		return err
	case <-ctx.Done():
		close(stop)
		return nil
	}
	select {
	case err := <-errc:
		if err == nil {
			err = errf("Other", "port-forward to pod %s ended", pod.Name)
		}
		return err
	case <-ctx.Done():
		close(stop)
		<-errc
		return nil
	}
}

func podReady(p *corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// containerPort is the Pod's port a Service port's targetPort names: a
// number, or a container port's name; none means the Service port.
func containerPort(p *corev1.Pod, sp *corev1.ServicePort) (int, error) {
	tp := sp.TargetPort
	switch {
	case tp.StrVal == "" && tp.IntVal == 0:
		return int(sp.Port), nil
	case tp.StrVal == "":
		return int(tp.IntVal), nil
	}
	for _, ctr := range p.Spec.Containers {
		for _, cp := range ctr.Ports {
			if cp.Name == tp.StrVal {
				return int(cp.ContainerPort), nil
			}
		}
	}
	return 0, errf("NotFound", "pod %s has no container port named %q", p.Name, tp.StrVal)
}
