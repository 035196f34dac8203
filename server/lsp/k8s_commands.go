package lsp

import (
	"context"
	"fmt"
	"strings"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/lab"
)

// The Kubernetes commands act on the Dockerfile's app in the kubeconfig's
// current context (session.K8sTarget); the session keeps the last status
// for the lenses and holds the port-forwards.

func k8sDeploy(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
	t := s.sess.K8sTarget()
	r, err := sess.K8sDeploy(ctx, p, t)
	if r.Status != nil {
		s.sess.K8sStatusChanged(t.Context, p.Dockerfile, r.Status)
	}
	if err != nil {
		return nil, err
	}
	k8sForward(s, sess, p, t, &r, true)
	k8sNodes(ctx, s, sess)
	return lab.K8sPodsResult(r), nil
}

// k8sForward opens (or, after a rollout, reopens) the port-forward to the
// app's Service; a forward that fails is said, and the step still succeeds.
func k8sForward(s *Server, sess lab.Session, p lab.Plan, t lab.K8sTarget, r *lab.K8sResult, restart bool) {
	st := r.Status
	if st == nil || st.Ready == 0 || st.Service == nil || len(st.Service.Ports) == 0 {
		return
	}
	port := int(st.Service.Ports[0].Port)
	local, err := s.sess.K8sForward(t, p.Dockerfile, st.Service.Name, port, restart)
	if err != nil {
		fmt.Fprintf(sess.Out, "%s\n", lab.FailureText(err))
		return
	}
	if restart {
		sess.SayPortForward(st.Service.Name, local, port)
	}
	r.LocalPort = local
}

func k8sStatus(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
	t := s.sess.K8sTarget()
	r, err := sess.K8sStatus(ctx, p, t)
	if err != nil {
		return nil, err
	}
	s.sess.K8sStatusChanged(t.Context, p.Dockerfile, r.Status)
	k8sNodes(ctx, s, sess)
	return lab.K8sPodsResult(r), nil
}

// k8sNodes tells the status item the current cluster's nodes.
func k8sNodes(ctx context.Context, s *Server, sess lab.Session) {
	t := s.sess.K8sTarget()
	nodes, err := sess.K8sNodes(ctx, t)
	s.sess.KubeNodes(t.Context, nodes, err)
}

func k8sDelete(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
	t := s.sess.K8sTarget()
	s.sess.K8sStopForward(t.Context, p.Dockerfile)
	r, err := sess.K8sDelete(ctx, p, t)
	if err != nil {
		return nil, err
	}
	s.sess.K8sStatusChanged(t.Context, p.Dockerfile, nil)
	return lab.K8sPodsResult(r), nil
}

func k8sOpenPortForward(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
	t := s.sess.K8sTarget()
	r, err := sess.K8sStatus(ctx, p, t)
	if err != nil {
		return nil, err
	}
	s.sess.K8sStatusChanged(t.Context, p.Dockerfile, r.Status)
	k8sForward(s, sess, p, t, &r, false)
	if r.LocalPort == 0 {
		return nil, &docker.Error{Kind: docker.NotFound, Message: lab.MsgNoK8sForward(r.Deployment)}
	}
	r.Message = lab.MsgK8sForward(r.Deployment, r.LocalPort)
	return lab.K8sPodsResult(r), nil
}

func k8sLogs(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
	t := s.sess.K8sTarget()
	key := "k8s:" + t.Context + ":" + p.Dockerfile
	s.sess.FollowLogs(key, func(ctx context.Context) {
		w := logWriter{s: s, uri: a.URI, id: key}
		if err := sess.K8sLogs(ctx, p, t, w); err != nil && ctx.Err() == nil {
			fmt.Fprintf(w, "%s\n", lab.FailureText(err))
		}
	})
	return lab.Result{Containers: []lab.ContainerResult{}, Message: lab.MsgLogsShown}, nil
}

// clusterSpec is the kind cluster a cluster command acts on: the one it
// names, else the settings', on the session's engine.
func clusterSpec(s *Server, a lab.Args) lab.ClusterSpec {
	st := s.sess.Settings().Settings
	return lab.ClusterSpec{Name: lab.ClusterName(a.Name, st), NodeImage: strings.TrimSpace(st.K8s.NodeImage),
		KindConfig: strings.TrimSpace(st.K8s.KindConfig), IngressImage: strings.TrimSpace(st.K8s.IngressImage), DockerHost: s.sess.EngineAddress()}
}

func k8sCreateCluster(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
	r, err := sess.K8sCreateCluster(ctx, clusterSpec(s, a))
	s.sess.K8sContextChanged()
	if err != nil {
		return nil, err
	}
	k8sNodes(ctx, s, sess)
	return lab.K8sPodsResult(r), nil
}

func k8sDeleteCluster(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
	c := clusterSpec(s, a)
	s.sess.K8sStopForwardsIn("kind-" + c.Name)
	r, err := sess.K8sDeleteCluster(ctx, c)
	s.sess.K8sContextChanged()
	if err != nil {
		return nil, err
	}
	return lab.K8sPodsResult(r), nil
}
