package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dockerlab/dockerlab/server/contract"
	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/lab"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// commandRun runs one lab step of a command the contract declares.
type commandRun func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error)

// commandRuns are the server's commands: how each runs. What each is (its
// argument and result, whether it needs a saved file, its progress title)
// is declared once in package contract.
var commandRuns = map[string]commandRun{
	lab.CommandBuild: func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
		return sess.Build(ctx, p)
	},
	lab.CommandRun: func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
		return sess.Run(ctx, p)
	},
	lab.CommandBuildAndRun: func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
		return sess.BuildAndRun(ctx, p)
	},
	lab.CommandStopAndRemove: func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
		return sess.StopAndRemove(ctx, p, a.ContainerID)
	},
	lab.CommandStart: func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
		return sess.Start(ctx, p, a.ContainerID)
	},
	lab.CommandRemove: func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
		return sess.Remove(ctx, p, a.ContainerID)
	},
	lab.CommandLogs: func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
		return s.followLogs(sess, p, a)
	},
	lab.CommandImages: func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
		return sess.Images(ctx)
	},
	lab.CommandPs: func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
		return sess.Ps(ctx)
	},
	lab.CommandPush: func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
		return sess.Push(ctx, p, a.Target)
	},
	lab.CommandRunWithVolume: func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
		return sess.RunWithVolume(ctx, p, a.Volume)
	},
	lab.CommandRunDev: func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
		return sess.RunDev(ctx, p)
	},
	lab.CommandVolumes: func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
		return sess.Volumes(ctx)
	},
	lab.CommandRemoveVolume: func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
		return sess.RemoveVolume(ctx, a.Name)
	},
	lab.CommandLogin: func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
		return sess.Login(ctx, a)
	},
	lab.CommandK8sDeploy:          k8sDeploy,
	lab.CommandK8sStatus:          k8sStatus,
	lab.CommandK8sDelete:          k8sDelete,
	lab.CommandK8sOpenPortForward: k8sOpenPortForward,
	lab.CommandK8sLogs:            k8sLogs,
	lab.CommandK8sCreateCluster:   k8sCreateCluster,
	lab.CommandK8sDeleteCluster:   k8sDeleteCluster,
}

// serverCommand is a command the server runs: its declaration and its run.
type serverCommand struct {
	contract.Command
	run commandRun
}

// serverCommands joins the contract's server commands with their runs.
var serverCommands = func() map[string]serverCommand {
	m := map[string]serverCommand{}
	for _, c := range contract.Commands {
		if c.Runner == contract.RunServer {
			m[c.ID] = serverCommand{Command: c, run: commandRuns[c.ID]}
		}
	}
	return m
}()

// labCommandIDs are the commands workspace/executeCommand runs, in the
// contract's order.
func labCommandIDs() []string {
	var ids []string
	for _, c := range contract.Commands {
		if c.Runner == contract.RunServer {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

func handleExecuteCommand(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p struct {
		Command   string            `json:"command"`
		Arguments []json.RawMessage `json:"arguments"`
	}
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	cmd, ok := serverCommands[p.Command]
	if !ok || (cmd.run == nil && composeRuns[p.Command] == nil) {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, lab.MsgUnknownCommand(p.Command))
	}
	var args lab.Args
	if len(p.Arguments) > 1 || (len(p.Arguments) == 1 && json.Unmarshal(p.Arguments[0], &args) != nil) ||
		(cmd.NeedsSavedFile && args.URI == "") {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, lab.MsgArgsShape)
	}
	out := &outputWriter{s: s, uri: args.URI}
	res, err := s.runLabCommand(ctx, p.Command, cmd, args, out)
	if err != nil {
		// Every refusal reaches the output channel with the engine's own
		// words; the reply carries them too (see replyError).
		out.writeFailure(err)
		return nil, err
	}
	return res, nil
}

// runLabCommand checks that docker may run, plans the Dockerfile's steps and
// runs one command, with a cancellable progress for the long ones.
func (s *Server) runLabCommand(ctx context.Context, name string, cmd serverCommand, args lab.Args, out *outputWriter) (any, error) {
	if err := s.sess.DockerAllowed(); err != nil {
		return nil, err
	}
	pinged, err := s.checkEngine(ctx)
	if err != nil {
		return nil, err
	}
	if composeRuns[name] != nil {
		return s.runComposeCommand(ctx, name, cmd, args, out, pinged)
	}
	var plan lab.Plan
	if cmd.NeedsSavedFile {
		stage := args.Target
		if cmd.Ask == contract.AskPushTarget {
			stage = "" // the target is the reference to push to
		}
		if plan, err = s.sess.Plan(args.URI, stage); err != nil {
			return nil, err
		}
	}

	sess := lab.Session{Engine: s.sess.LabEngine(), Out: out, UI: clientUI{s}, Pinged: pinged, Previous: s.sess.Insight(args.URI),
		Registries: s.sess.Registries(), EngineRemote: s.sess.EngineRemote(), K8s: s.sess.K8sRunner()}
	if cmd.Background || cmd.Progress == "" {
		return cmd.run(ctx, s, sess, plan, args)
	}
	ctx, prog, cancel := s.startProgress(ctx, cmd.Progress, plan.Tag, out)
	defer cancel()
	res, err := cmd.run(ctx, s, sess, plan, args)
	s.sess.ContainersChanged(plan.Dockerfile)
	if name == lab.CommandBuild || name == lab.CommandBuildAndRun {
		r, _ := res.(lab.Result)
		s.sess.BuildFinished(args.URI, r.Insight, err)
	}
	if err != nil {
		prog.end(ctx, lab.MsgStepFailed)
		return nil, err
	}
	if r, ok := res.(lab.Result); ok {
		fmt.Fprintf(out, "\n%s\n", r.Message)
		r.Message = plainText(r.Message) // the editor shows it in a notification
		prog.end(ctx, r.Message)
		res = r
	} else {
		prog.end(ctx, "")
	}
	return res, nil
}

// startProgress shows a progress titled title while a step runs, which the
// learner can cancel: the returned context ends then. prog is nil when the
// editor shows none.
func (s *Server) startProgress(ctx context.Context, title, message string, out *outputWriter) (context.Context, *progress, context.CancelFunc) {
	prog := s.beginProgress(ctx, title, message)
	ctx, cancel := context.WithCancel(ctx)
	if prog != nil {
		prog.onCancel(cancel)
		out.progress = prog
	}
	return ctx, prog, cancel
}

// composeRuns are the Compose commands: how each runs on a saved Compose file.
var composeRuns = map[string]func(ctx context.Context, s *Server, sess lab.Session, p lab.ComposePlan, a lab.Args) (lab.Result, error){
	lab.CommandComposeUp: func(ctx context.Context, s *Server, sess lab.Session, p lab.ComposePlan, a lab.Args) (lab.Result, error) {
		return sess.ComposeUp(ctx, p, a.Services)
	},
	lab.CommandComposeDown: func(ctx context.Context, s *Server, sess lab.Session, p lab.ComposePlan, a lab.Args) (lab.Result, error) {
		return sess.ComposeDown(ctx, p)
	},
	lab.CommandComposePs: func(ctx context.Context, s *Server, sess lab.Session, p lab.ComposePlan, a lab.Args) (lab.Result, error) {
		return sess.ComposePs(ctx, p)
	},
	lab.CommandComposeLogs: func(ctx context.Context, s *Server, sess lab.Session, p lab.ComposePlan, a lab.Args) (lab.Result, error) {
		s.sess.FollowLogs(a.ContainerID, func(ctx context.Context) {
			w := logWriter{s: s, uri: a.URI, id: a.ContainerID}
			if err := sess.ComposeLogs(ctx, p, a.ContainerID, w); err != nil && ctx.Err() == nil {
				fmt.Fprintf(w, "%s\n", lab.FailureText(err))
			}
		})
		return lab.Result{Containers: []lab.ContainerResult{}, Message: lab.MsgLogsShown}, nil
	},
}

// runComposeCommand runs a Compose command on the saved Compose file,
// with a cancellable progress for the long ones.
func (s *Server) runComposeCommand(ctx context.Context, name string, cmd serverCommand, args lab.Args, out *outputWriter, pinged *docker.Info) (any, error) {
	run, ok := composeRuns[name]
	if !ok {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, lab.MsgUnknownCommand(name))
	}
	plan, err := s.sess.ComposePlan(args.URI)
	if err != nil {
		return nil, err
	}
	sess := lab.Session{Engine: s.sess.LabEngine(), Out: out, UI: clientUI{s}, Pinged: pinged, Compose: s.sess.ComposeRunner()}
	var prog *progress
	if cmd.Progress != "" {
		var cancel context.CancelFunc
		ctx, prog, cancel = s.startProgress(ctx, cmd.Progress, plan.Project, out)
		defer cancel()
	}
	res, err := run(ctx, s, sess, plan, args)
	if !cmd.Background {
		s.sess.ComposeChanged()
	}
	for _, b := range res.Builds {
		if in := s.sess.ComposeBuilt(b); in != nil {
			fmt.Fprint(out, lab.ServiceSummary(b.Service, in))
		}
	}
	if err != nil {
		prog.end(ctx, lab.MsgStepFailed)
		return nil, err
	}
	if cmd.Progress != "" {
		fmt.Fprintf(out, "\n%s\n", res.Message)
	}
	res.Message = plainText(res.Message)
	prog.end(ctx, res.Message)
	return res, nil
}

// clientUI asks the learner through window/showMessageRequest.
type clientUI struct{ s *Server }

func (u clientUI) Ask(ctx context.Context, message string, actions []string) (int, error) {
	items := make([]protocol.MessageActionItem, len(actions))
	for i, a := range actions {
		items[i] = protocol.MessageActionItem{Title: plainText(a)}
	}
	var chosen *protocol.MessageActionItem
	if err := u.s.call(ctx, "window/showMessageRequest", protocol.ShowMessageRequestParams{
		Type: protocol.MessageTypeWarning, Message: plainText(message), Actions: items}, &chosen); err != nil {
		return -1, err
	}
	if chosen != nil {
		for i := range items {
			if items[i].Title == chosen.Title {
				return i, nil
			}
		}
	}
	return -1, nil
}

// outputWriter sends build output to the editor's output channel as
// dockerlab/buildOutput notifications, and the latest step to the progress.
type outputWriter struct {
	s        *Server
	uri      string
	progress *progress
}

// buildOutputParams is the dockerlab/buildOutput notification.
type buildOutputParams = contract.BuildOutputParams

// writeFailure writes a failed command's failureText on lines of its own.
// It bypasses the progress: the engine's words may start like a build step.
func (w *outputWriter) writeFailure(err error) {
	w.s.notify(context.Background(), contract.MethodBuildOutput, buildOutputParams{URI: w.uri, Text: "\n" + lab.FailureText(err) + "\n"})
}

func (w *outputWriter) Write(p []byte) (int, error) {
	text := string(p)
	w.s.notify(context.Background(), contract.MethodBuildOutput, buildOutputParams{URI: w.uri, Text: text})
	if w.progress != nil {
		for _, line := range strings.Split(text, "\n") {
			if line = strings.TrimSpace(line); strings.HasPrefix(line, "#") || strings.HasPrefix(line, "Step ") || strings.HasPrefix(line, "$ ") {
				w.progress.report(line)
			}
		}
	}
	return len(p), nil
}
