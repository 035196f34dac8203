package lsp

import (
	"context"
	"fmt"

	"github.com/dockerlab/dockerlab/server/contract"
	"github.com/dockerlab/dockerlab/server/lab"
)

// logWriter sends a container's output as dockerlab/logOutput.
type logWriter struct {
	s       *Server
	uri, id string
}

func (w logWriter) Write(p []byte) (int, error) {
	w.s.notify(context.Background(), contract.MethodLogOutput, contract.LogOutputParams{URI: w.uri, ContainerID: w.id, Text: string(p)})
	return len(p), nil
}

// followLogs starts following a container's logs (`docker logs -f`) in the
// background and answers at once.
func (s *Server) followLogs(sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
	s.sess.FollowLogs(a.ContainerID, func(ctx context.Context) {
		w := logWriter{s: s, uri: a.URI, id: a.ContainerID}
		if err := sess.Logs(ctx, p, a.ContainerID, true, w); err != nil && ctx.Err() == nil {
			fmt.Fprintf(w, "%s\n", lab.FailureText(err))
		}
	})
	return lab.Result{Containers: []lab.ContainerResult{}, Message: lab.MsgLogsShown}, nil
}
