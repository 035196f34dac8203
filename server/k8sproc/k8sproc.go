// Package k8sproc runs Kubernetes operations for the language server in a
// helper process, dockerlab-k8s, which links client-go so the server does
// not have to (package k8ssdk says why). It finds the helper beside the
// server's own executable, starts it without a shell, writes the request,
// passes each event and log line on as it comes and turns the helper's
// failure into an *Error in Korean that keeps the Kubernetes client's own
// words.
package k8sproc

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"

	"github.com/dockerlab/dockerlab/server/helperexe"
	"github.com/dockerlab/dockerlab/server/k8sproto"
)

// HelperName is the helper's file name beside the server.
func HelperName() string { return helperexe.Name("dockerlab-k8s") }

// Error is a failed operation: a Korean sentence and the cause in the
// Kubernetes client's words.
type Error struct {
	Kind    string // k8sproto.Failure's kinds, and "Helper" for the helper itself
	Message string
	Object  *k8sproto.Object
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + " (" + e.Err.Error() + ")"
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Helper runs the dockerlab-k8s command at Path.
type Helper struct{ Path string }

// Find locates the helper: $DOCKERLAB_K8S, else beside the running
// executable, else on PATH.
func Find() (Helper, error) {
	if p := helperexe.Find("DOCKERLAB_K8S", "dockerlab-k8s"); p != "" {
		return Helper{Path: p}, nil
	}
	return Helper{}, &Error{Kind: "Helper",
		Message: fmt.Sprintf("Kubernetes 작업을 하는 도우미 프로그램(`%s`)을 찾지 못했습니다. dockerlab 서버와 같은 폴더에 있어야 합니다. 확장을 다시 설치하거나 `npm run package` 명령으로 다시 빌드하십시오.", HelperName())}
}

// Run performs req, calling progress for each event and log line, and
// returns the helper's result.
func (h Helper) Run(ctx context.Context, req k8sproto.Request, progress func(k8sproto.Line)) (k8sproto.Result, error) {
	p, err := h.start(ctx, req)
	if err != nil {
		return k8sproto.Result{}, err
	}
	var res *k8sproto.Result
	var fail *k8sproto.Failure
	for l := range p.lines {
		switch {
		case l.Result != nil:
			res = l.Result
		case l.Error != nil:
			fail = l.Error
		case progress != nil:
			progress(l)
		}
	}
	waitErr := p.cmd.Wait()
	switch {
	case ctx.Err() != nil:
		return k8sproto.Result{}, &Error{Kind: "Canceled", Message: "Kubernetes 작업을 취소했습니다.", Err: ctx.Err()}
	case fail != nil:
		return k8sproto.Result{}, Failure(req, fail)
	case res == nil:
		return k8sproto.Result{}, p.noResult(waitErr)
	}
	return *res, nil
}

// Forward is a port-forward the helper holds.
type Forward struct {
	LocalPort int
	Pod       string
	cancel    context.CancelFunc
	done      chan struct{}
	mu        sync.Mutex
	err       error
}

// Done is closed when the forward ends; Err then says why (nil after Stop).
func (f *Forward) Done() <-chan struct{} { return f.done }

// Err is why the forward ended.
func (f *Forward) Err() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

// Stop ends the forward and waits for the helper to exit.
func (f *Forward) Stop() {
	f.cancel()
	<-f.done
}

// PortForward starts a port-forward (k8sproto.OpPortForward) and returns
// once the local port listens; the helper keeps forwarding until Stop or
// until the Pod goes away.
func (h Helper) PortForward(req k8sproto.Request) (*Forward, error) {
	req.Op = k8sproto.OpPortForward
	ctx, cancel := context.WithCancel(context.Background())
	p, err := h.start(ctx, req)
	if err != nil {
		cancel()
		return nil, err
	}
	var fail *k8sproto.Failure
	for l := range p.lines {
		switch {
		case l.Result != nil:
			f := &Forward{LocalPort: l.Result.LocalPort, Pod: l.Result.Pod, cancel: cancel, done: make(chan struct{})}
			go func() {
				var fail *k8sproto.Failure
				for l := range p.lines {
					if l.Error != nil {
						fail = l.Error
					}
				}
				waitErr := p.cmd.Wait()
				f.mu.Lock()
				switch {
				case ctx.Err() != nil:
				case fail != nil:
					f.err = Failure(req, fail)
				default:
					f.err = p.noResult(waitErr)
				}
				f.mu.Unlock()
				close(f.done)
			}()
			return f, nil
		case l.Error != nil:
			fail = l.Error
		}
	}
	waitErr := p.cmd.Wait()
	cancel()
	if fail != nil {
		return nil, Failure(req, fail)
	}
	return nil, p.noResult(waitErr)
}

type proc struct {
	cmd    *exec.Cmd
	lines  chan k8sproto.Line
	stderr *bytes.Buffer
}

func (h Helper) start(ctx context.Context, req k8sproto.Request) (*proc, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, h.Path)
	cmd.Stdin = bytes.NewReader(body)
	p := &proc{cmd: cmd, lines: make(chan k8sproto.Line), stderr: &bytes.Buffer{}}
	cmd.Stderr = p.stderr
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, &Error{Kind: "Helper", Message: fmt.Sprintf("Kubernetes 도우미 프로그램(`%s`)을 시작하지 못했습니다.", h.Path), Err: err}
	}
	go func() {
		defer close(p.lines)
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 64*1024), 4<<20)
		for sc.Scan() {
			var l k8sproto.Line
			if json.Unmarshal(sc.Bytes(), &l) == nil {
				p.lines <- l
			}
		}
	}()
	return p, nil
}

func (p *proc) noResult(waitErr error) error {
	cause := strings.TrimSpace(p.stderr.String())
	if cause == "" && waitErr != nil {
		cause = waitErr.Error()
	}
	return &Error{Kind: "Helper", Message: "Kubernetes 도우미 프로그램이 결과 없이 끝났습니다.", Err: errors.New(cause)}
}

// Failure turns the helper's failure into a Korean error that keeps the
// Kubernetes client's words as its cause.
func Failure(req k8sproto.Request, f *k8sproto.Failure) *Error {
	e := &Error{Kind: f.Kind, Object: f.Object, Err: errors.New(f.Message)}
	what := ""
	if f.Object != nil {
		what = fmt.Sprintf("%s `%s`: ", f.Object.Kind, f.Object.Name)
	}
	switch f.Kind {
	case "Config":
		e.Message = "kubeconfig에서 사용할 클러스터를 찾지 못했습니다. 클러스터를 만들었는지, kubeconfig의 현재 컨텍스트가 있는지 확인하십시오."
	case "Unreachable":
		e.Message = "Kubernetes 클러스터의 API 서버에 접속하지 못했습니다. 클러스터가 실행 중인지, kubeconfig의 현재 컨텍스트가 맞는 클러스터를 가리키는지 확인하십시오."
	case "Forbidden":
		e.Message = what + "클러스터가 이 작업을 허락하지 않았습니다. kubeconfig 사용자의 권한을 확인하십시오."
	case "Invalid":
		e.Message = what + "API 서버가 매니페스트를 받아들이지 않았습니다. 편집기의 빨간 밑줄과 아래 원인을 확인하십시오."
	case "NotFound":
		e.Message = what + "클러스터에서 찾지 못했습니다."
	case "Timeout":
		e.Message = "Kubernetes 작업이 제한 시간 안에 끝나지 않았습니다."
	case "Canceled":
		e.Message = "Kubernetes 작업을 취소했습니다."
	case "Exists":
		e.Message = fmt.Sprintf("`%s` kind 클러스터가 이미 있습니다. 그대로 쓰거나, 먼저 삭제한 뒤 다시 만드십시오.", req.Cluster)
	case "NotOurs":
		e.Message = fmt.Sprintf("`%s` kind 클러스터는 dockerlab이 만들지 않았으므로 삭제하지 않습니다. 직접 지우려면 터미널에서 `kind delete cluster --name %s` 명령을 실행하십시오.", req.Cluster, req.Cluster)
	case "NoDockerCLI":
		e.Message = "kind 라이브러리는 클러스터의 노드를 `docker` 명령으로 만듭니다. `docker` 명령을 설치하고 PATH에 넣은 뒤 다시 시도하십시오."
	default:
		e.Message = what + "Kubernetes 작업이 실패했습니다. 아래 원인은 Kubernetes 클라이언트가 보낸 메시지입니다."
	}
	return e
}

// Auto finds the helper when an action needs it (Find), so a missing
// helper is said when a Kubernetes action is clicked, not at start.
type Auto struct{}

// Run finds the helper and runs req with it.
func (Auto) Run(ctx context.Context, req k8sproto.Request, progress func(k8sproto.Line)) (k8sproto.Result, error) {
	h, err := Find()
	if err != nil {
		return k8sproto.Result{}, err
	}
	return h.Run(ctx, req, progress)
}

// PortForward finds the helper and starts a port-forward with it.
func (Auto) PortForward(req k8sproto.Request) (*Forward, error) {
	h, err := Find()
	if err != nil {
		return nil, err
	}
	return h.PortForward(req)
}
