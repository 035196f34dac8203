package session

import (
	"os"
	"strings"
	"sync"

	"github.com/dockerlab/dockerlab/server/fileuri"
	"github.com/dockerlab/dockerlab/server/k8sproc"
	"github.com/dockerlab/dockerlab/server/k8sproto"
	"github.com/dockerlab/dockerlab/server/kubeconfig"
	"github.com/dockerlab/dockerlab/server/lab"
)

// K8sRunner runs Kubernetes operations and port-forwards: the
// dockerlab-k8s helper (k8sproc.Auto).
type K8sRunner interface {
	lab.K8sRunner
	PortForward(req k8sproto.Request) (*k8sproc.Forward, error)
}

// k8sState is what the session knows of the apps it deployed: the last
// status of each Dockerfile's Deployment in a context (for the lenses),
// and the port-forwards it holds.
type k8sState struct {
	mu       sync.Mutex
	status   map[string]*k8sproto.Status // by context + Dockerfile path
	forwards map[string]*k8sproc.Forward // by context + Dockerfile path
}

func k8sKey(context, dockerfile string) string { return context + "\x00" + dockerfile }

// K8sRunner is the Kubernetes helper; nil when none is wired.
func (s *Session) K8sRunner() lab.K8sRunner {
	if s.cfg.K8s == nil {
		return nil
	}
	return s.cfg.K8s
}

// K8sTarget is the cluster Kubernetes steps act on: the kubeconfig's
// current context.
func (s *Session) K8sTarget() lab.K8sTarget {
	home, _ := os.UserHomeDir()
	return lab.K8sTarget{Context: s.KubeContext().Name, Kubeconfig: kubeconfig.Paths(os.Getenv("KUBECONFIG"), home)}
}

// K8sStatusChanged records the last status of a Dockerfile's Deployment
// in a context (nil: unknown) and refreshes the lenses.
func (s *Session) K8sStatusChanged(context, dockerfile string, st *k8sproto.Status) {
	s.k8s.mu.Lock()
	if s.k8s.status == nil {
		s.k8s.status = map[string]*k8sproto.Status{}
	}
	s.k8s.status[k8sKey(context, dockerfile)] = st
	s.k8s.mu.Unlock()
	if s.cfg.LensesChanged != nil {
		s.cfg.LensesChanged()
	}
	s.labProgressSoon()
}

// K8sStatus is the last known status of a Dockerfile's Deployment in a
// context, nil when unknown.
func (s *Session) K8sStatus(context, dockerfile string) *k8sproto.Status {
	s.k8s.mu.Lock()
	defer s.k8s.mu.Unlock()
	return s.k8s.status[k8sKey(context, dockerfile)]
}

// K8sForward returns the local port of a port-forward to the service's
// port for a Dockerfile's app, starting one (or a new one, with restart,
// after a rollout replaced the Pod) when none is alive.
func (s *Session) K8sForward(t lab.K8sTarget, dockerfile, service string, port int, restart bool) (int, error) {
	if s.cfg.K8s == nil {
		return 0, &k8sproc.Error{Kind: "Helper", Message: "이 연결에서는 Kubernetes 작업을 할 수 없습니다."}
	}
	key := k8sKey(t.Context, dockerfile)
	s.k8s.mu.Lock()
	old := s.k8s.forwards[key]
	s.k8s.mu.Unlock()
	if old != nil {
		select {
		case <-old.Done():
		default:
			if !restart {
				return old.LocalPort, nil
			}
		}
		old.Stop()
	}
	fw, err := s.cfg.K8s.PortForward(k8sproto.Request{Kubeconfig: t.Kubeconfig, Context: t.Context, Service: service, Port: port})
	if err != nil {
		return 0, err
	}
	s.k8s.mu.Lock()
	if s.k8s.forwards == nil {
		s.k8s.forwards = map[string]*k8sproc.Forward{}
	}
	s.k8s.forwards[key] = fw
	s.k8s.mu.Unlock()
	return fw.LocalPort, nil
}

// K8sStopForward ends a Dockerfile's port-forward in a context, if any.
func (s *Session) K8sStopForward(context, dockerfile string) {
	key := k8sKey(context, dockerfile)
	s.k8s.mu.Lock()
	fw := s.k8s.forwards[key]
	delete(s.k8s.forwards, key)
	s.k8s.mu.Unlock()
	if fw != nil {
		fw.Stop()
	}
}

// stopForwards ends every port-forward (the session closes).
func (s *Session) stopForwards() {
	s.k8s.mu.Lock()
	fws := s.k8s.forwards
	s.k8s.forwards = nil
	s.k8s.mu.Unlock()
	for _, fw := range fws {
		fw.Stop()
	}
}

// K8sLensState is what the Kubernetes lenses of the Dockerfile behind uri
// show: the current context ("" when there is none, or no helper to act on
// it) and the last status of its app there.
func (s *Session) K8sLensState(u string) (string, *k8sproto.Status) {
	if s.cfg.K8s == nil {
		return "", nil
	}
	path, ok := fileuri.Path(u)
	if !ok {
		return "", nil
	}
	ctx := s.KubeContext().Name
	if ctx == "" {
		return "", nil
	}
	return ctx, s.K8sStatus(ctx, path)
}

// K8sContextChanged forgets the kubeconfig's current context, so the next
// look reads the files again (a cluster was created or deleted), and
// refreshes the lenses.
func (s *Session) K8sContextChanged() {
	s.kube.mu.Lock()
	s.kube.stamp = ""
	s.kube.mu.Unlock()
	if s.cfg.LensesChanged != nil {
		s.cfg.LensesChanged()
	}
}

// K8sStopForwardsIn ends every port-forward into a context (its cluster
// is going away).
func (s *Session) K8sStopForwardsIn(context string) {
	prefix := context + "\x00"
	s.k8s.mu.Lock()
	var stop []*k8sproc.Forward
	for key, fw := range s.k8s.forwards {
		if strings.HasPrefix(key, prefix) {
			stop = append(stop, fw)
			delete(s.k8s.forwards, key)
		}
	}
	for key := range s.k8s.status {
		if strings.HasPrefix(key, prefix) {
			delete(s.k8s.status, key)
		}
	}
	s.k8s.mu.Unlock()
	for _, fw := range stop {
		fw.Stop()
	}
}
