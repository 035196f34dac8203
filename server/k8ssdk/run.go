package k8ssdk

import (
	"context"
	"time"

	"github.com/dockerlab/dockerlab/server/k8sproto"
)

// DefaultRolloutTimeout bounds a rollout's wait when the request says none.
const DefaultRolloutTimeout = 120 * time.Second

// Run performs one request, writing its events, log lines and then its
// result or failure through emit.
func Run(ctx context.Context, req k8sproto.Request, emit func(k8sproto.Line)) {
	res, err := run(ctx, req, emit)
	if err != nil {
		emit(k8sproto.Line{Error: Failure(err)})
		return
	}
	emit(k8sproto.Line{Result: res})
}

func rolloutTimeout(req k8sproto.Request) time.Duration {
	if req.TimeoutSeconds > 0 {
		return time.Duration(req.TimeoutSeconds) * time.Second
	}
	return DefaultRolloutTimeout
}

func run(ctx context.Context, req k8sproto.Request, emit func(k8sproto.Line)) (*k8sproto.Result, error) {
	c, err := Connect(req)
	if err != nil {
		return nil, err
	}
	res := &k8sproto.Result{Context: c.Context, Namespace: c.Namespace, Server: c.Server}
	event := func(e k8sproto.Event) { emit(k8sproto.Line{Event: &e}) }
	switch req.Op {
	case k8sproto.OpContext:
		res.Nodes, err = c.Nodes(ctx)
	case k8sproto.OpApply:
		res.Objects, err = c.Apply(ctx, req.Manifest, event)
		if err == nil && req.Wait && req.Deployment != "" {
			res.Status, err = c.Rollout(ctx, req.Deployment, req.Service, rolloutTimeout(req), event)
		}
	case k8sproto.OpStatus:
		if req.Wait {
			res.Status, err = c.Rollout(ctx, req.Deployment, req.Service, rolloutTimeout(req), event)
		} else {
			res.Status, err = c.Status(ctx, req.Deployment, req.Service)
		}
	case k8sproto.OpDelete:
		res.Objects, err = c.Delete(ctx, req.Manifest, event)
	case k8sproto.OpLogs:
		res.Pod, err = c.Logs(ctx, req.Deployment, func(l string) { emit(k8sproto.Line{Log: &l}) })
	case k8sproto.OpPortForward:
		// The result is written once the port listens; the helper then keeps forwarding.
		err = c.PortForward(ctx, req.Service, req.Port, req.LocalPort, func(local int, pod string) {
			r := *res
			r.LocalPort, r.Pod = local, pod
			emit(k8sproto.Line{Result: &r})
		})
		if err == nil {
			return nil, ctx.Err()
		}
	default:
		err = errf("Other", "unknown operation %q", req.Op)
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}
