package lsp

import (
	"context"
	"fmt"

	"github.com/dockerlab/dockerlab/server/lab"
)

// logOutputParams is the dockerlab/logOutput notification: a chunk of a
// container's output for the editor's log channel.
type logOutputParams struct {
	URI         string `json:"uri"`
	ContainerID string `json:"containerId"`
	Text        string `json:"text"`
}

type logWriter struct {
	s       *Server
	uri, id string
}

func (w logWriter) Write(p []byte) (int, error) {
	w.s.notify(context.Background(), "dockerlab/logOutput", logOutputParams{URI: w.uri, ContainerID: w.id, Text: string(p)})
	return len(p), nil
}

// follower is one running `docker logs -f`.
type follower struct{ cancel context.CancelFunc }

// followLogs starts following a container's logs (`docker logs -f`) in the
// background, replacing an earlier follower of the same container, and
// answers at once; following ends when the container stops or the server exits.
func (s *Server) followLogs(sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
	ctx, cancel := context.WithCancel(context.Background())
	f := &follower{cancel: cancel} // a pointer: function values cannot be compared
	if old, loaded := s.logFollowers.Swap(a.ContainerID, f); loaded {
		old.(*follower).cancel()
	}
	go func() {
		select {
		case <-s.exited:
		case <-ctx.Done():
		}
		cancel()
	}()
	go func() {
		defer cancel()
		defer s.recoverBackground("logs")
		defer s.logFollowers.CompareAndDelete(a.ContainerID, f)
		w := logWriter{s: s, uri: a.URI, id: a.ContainerID}
		if err := sess.Logs(ctx, p, a.ContainerID, true, w); err != nil && ctx.Err() == nil {
			fmt.Fprintf(w, "%s\n", failureText(err))
		}
	}()
	return lab.Result{Containers: []lab.ContainerResult{}, Message: "컨테이너 로그를 출력 창에 보여 줍니다."}, nil
}
