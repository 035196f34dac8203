package contract

import "github.com/dockerlab/dockerlab/server/lab"

// Runner says who executes a command.
type Runner string

// The runners of a command.
const (
	// RunServer: the server executes it (workspace/executeCommand); the
	// extension's middleware prepares its argument and presents its result.
	RunServer Runner = "server"
	// RunClient: the extension executes it itself; the server never sees it
	// (a code lens may still name it, as with CommandOpenInBrowser).
	RunClient Runner = "client"
)

// UI says how the extension presents a server command and its result.
type UI string

// The presentations of a server command.
const (
	// UILabStep shows the build output channel (the server streams
	// dockerlab/buildOutput to it) and announces the lab.Result.
	UILabStep UI = "labStep"
	// UILogs shows the log channel, which dockerlab/logOutput fills; the
	// lab.Result only says that following began.
	UILogs UI = "logs"
	// UIImagePick shows the lab.ListResult's images as a quick pick.
	UIImagePick UI = "imagePick"
	// UIContainerPick shows the lab.ListResult's containers as a quick pick.
	UIContainerPick UI = "containerPick"
	// UIVolumePick shows the lab.VolumeListResult's volumes as a quick pick,
	// with what each holds and a way to remove it.
	UIVolumePick UI = "volumePick"
	// UIVolumeStep acts on one volume (lab.Args.Name) and announces the
	// lab.Result; it needs no Dockerfile.
	UIVolumeStep UI = "volumeStep"
	// UILogin asks for the registry, user name and password or token in
	// input boxes (the secret one hidden), sends them in lab.Args and
	// announces the lab.Result.
	UILogin UI = "login"
	// UIComposeStep is UILabStep on a Compose file (lab.Args.URI names it;
	// the palette takes the active Compose file): saved first, the build
	// channel streams Compose's steps, the lab.Result (with the project's
	// containers) is announced.
	UIComposeStep UI = "composeStep"
	// UIClusterStep acts on a kind cluster (lab.Args.Name; "" for the
	// dockerlab.k8s.clusterName setting's) and announces the lab.Result; it
	// needs no Dockerfile.
	UIClusterStep UI = "clusterStep"
	// UIClient: a client command, which the extension runs itself.
	UIClient UI = "client"
)

// Ask is what the extension asks the learner before running a lab step
// whose argument it lacks.
type Ask string

// The questions of a lab step.
const (
	// AskNothing: the step needs nothing more than the Dockerfile.
	AskNothing Ask = "none"
	// AskPushTarget: the reference to push to (lab.Args.Target),
	// proposing the last one used for this Dockerfile, else
	// dockerlab.registry.default, else `127.0.0.1:5000/<image>:1.0`.
	AskPushTarget Ask = "pushTarget"
	// AskVolume: the volume to run with (lab.Args.Volume), proposing the
	// first entry of dockerlab.run.volumes, else `todo-db:/etc/todos`.
	AskVolume Ask = "volume"
)

// ContainerUse says whether a Dockerfile command acts on one container
// (lab.Args.ContainerID) and, from the command palette, which containers
// the extension offers to choose from.
type ContainerUse string

// The ways a command uses a container.
const (
	// ContainerNone: the command takes no container.
	ContainerNone ContainerUse = "none"
	// ContainerOptional: one container when named, else all of the
	// Dockerfile's (stop and remove).
	ContainerOptional ContainerUse = "optional"
	// ContainerAny: one of the Dockerfile's containers; the palette takes
	// the only one without asking.
	ContainerAny ContainerUse = "any"
	// ContainerStopped: one of the Dockerfile's stopped containers; the
	// palette takes the only one without asking.
	ContainerStopped ContainerUse = "stopped"
	// ContainerChosen: one container the learner always chooses, even when
	// there is only one (removing cannot be undone).
	ContainerChosen ContainerUse = "chosen"
)

// Effect is what a command does to containers, which decides what its
// result offers: an address to open, or nothing.
type Effect string

// The effects of a command on containers.
const (
	// EffectNone: no container starts or goes away.
	EffectNone Effect = "none"
	// EffectStarts: containers start; their published ports can be opened,
	// and a start that published none is a warning.
	EffectStarts Effect = "starts"
	// EffectRemoves: containers go away; there is nothing to open.
	EffectRemoves Effect = "removes"
)

// Command declares one command of the extension, run by the server or by
// the extension itself.
type Command struct {
	// ID is the command id, e.g. "dockerlab.build".
	ID string
	// Doc says what the command does (the generated TypeScript's comment).
	Doc    string
	Runner Runner
	UI     UI
	// Args is the zero value of the type of the command's only argument,
	// or nil when it takes none.
	Args any
	// Result is the zero value of the type of its result, or nil.
	Result any
	// NeedsSavedFile: the command reads the Dockerfile from disk, so the
	// editor saves it first and the server refuses one with unsaved edits.
	NeedsSavedFile bool
	// Progress is the Korean title of the progress the server shows while
	// the command runs; "" shows none (quick answers, background work).
	Progress string
	// Background: the server answers at once and keeps working (logs -f).
	Background bool
	// FreshOutput: the build channel starts afresh, as a new build log
	// replaces the last one.
	FreshOutput bool
	Container   ContainerUse
	Effect      Effect
	// Ask is what the extension asks before a lab step; "" means AskNothing.
	Ask Ask
	// TitleKey is the package.nls key of the title in package.json's
	// contributes.commands; "" for an internal command that is not
	// contributed (no palette entry).
	TitleKey string
}

// Ids of the commands only the extension runs; the server's ids are lab's
// Command* constants, which the lenses use.
const (
	CommandShowBuildOutput     = "dockerlab.showBuildOutput"
	CommandRestartServer       = "dockerlab.restartServer"
	CommandEngineStatusClicked = "dockerlab.engineStatusClicked"
	CommandOpenWalkthrough     = "dockerlab.openWalkthrough"
	commandPrefix              = "dockerlab."
)

// Commands declares every command, in the order of package.json's
// contributes.commands (internal ones last).
var Commands = []Command{
	labStep(Command{ID: lab.CommandBuildAndRun, Doc: "builds the image, then runs a container from it (`docker build` + `docker run`).",
		Progress: "빌드 후 실행", FreshOutput: true, Container: ContainerNone, Effect: EffectStarts, TitleKey: "command.buildAndRun"}),
	labStep(Command{ID: lab.CommandBuild, Doc: "builds the image (`docker build`), of the stage `target` when given.",
		Progress: "이미지 빌드", FreshOutput: true, Container: ContainerNone, Effect: EffectNone, TitleKey: "command.build"}),
	labStep(Command{ID: lab.CommandRun, Doc: "runs a container from the built image (`docker run`).",
		Progress: "컨테이너 실행", Container: ContainerNone, Effect: EffectStarts, TitleKey: "command.run"}),
	labStep(Command{ID: lab.CommandStopAndRemove, Doc: "stops and removes the Dockerfile's containers, or the one named (`docker stop` + `docker rm`).",
		Progress: "컨테이너 중지 및 삭제", Container: ContainerOptional, Effect: EffectRemoves, TitleKey: "command.stopAndRemove"}),
	labStep(Command{ID: lab.CommandStart, Doc: "starts a stopped container again (`docker start`).",
		Progress: "컨테이너 시작", Container: ContainerStopped, Effect: EffectStarts, TitleKey: "command.start"}),
	labStep(Command{ID: lab.CommandRemove, Doc: "removes a container the learner chooses (`docker rm`).",
		Progress: "컨테이너 삭제", Container: ContainerChosen, Effect: EffectRemoves, TitleKey: "command.remove"}),
	labStep(Command{ID: lab.CommandPush, Doc: "tags the image with `target` and pushes it to that registry (`docker tag` + `docker push`), building first when the image is missing.",
		Progress: "레지스트리에 푸시", Container: ContainerNone, Effect: EffectNone, Ask: AskPushTarget, TitleKey: "command.push"}),
	labStep(Command{ID: lab.CommandRunWithVolume, Doc: "runs a container with the named volume `volume` (`docker run -v todo-db:/etc/todos`), so its data outlives the container.",
		Progress: "볼륨과 함께 실행", Container: ContainerNone, Effect: EffectStarts, Ask: AskVolume, TitleKey: "command.runWithVolume"}),
	labStep(Command{ID: lab.CommandRunDev, Doc: "runs the app in development mode: the base image with the project folder bind-mounted at WORKDIR and `node --watch`, no build (`docker run --mount type=bind,...`).",
		Progress: "개발 모드로 실행", Container: ContainerNone, Effect: EffectStarts, TitleKey: "command.runDev"}),
	composeStep(Command{ID: lab.CommandComposeUp, Doc: "starts the Compose file's services (all, or `services`), building missing images, through Docker's Compose SDK (`docker compose up -d`); answers the project and its containers.",
		Progress: "Compose 서비스 실행", FreshOutput: true, Effect: EffectStarts, TitleKey: "command.composeUp"}),
	composeStep(Command{ID: lab.CommandComposeDown, Doc: "stops and removes the Compose project's containers and networks; named volumes stay (`docker compose down`).",
		Progress: "Compose 서비스 중지 및 삭제", Effect: EffectRemoves, TitleKey: "command.composeDown"}),
	composeStep(Command{ID: lab.CommandComposePs, Doc: "lists the Compose project's containers with their state and published ports (`docker compose ps -a`).",
		Effect: EffectNone, TitleKey: "command.composePs"}),
	labStep(Command{ID: lab.CommandK8sDeploy, Doc: "deploys the Dockerfile's app to the kubeconfig's current context: builds, tags the image by its content, loads it into a kind cluster's nodes (`kind load docker-image`) or pushes it to `dockerlab.registry.default`'s registry, writes `k8s/NAME.yaml` when missing, applies it (`kubectl apply --server-side`), follows the rollout and opens a port-forward to its Service; answers the status in `k8s`.",
		Progress: "Kubernetes에 배포", FreshOutput: true, Container: ContainerNone, Effect: EffectStarts, TitleKey: "command.k8sDeploy"}),
	labStep(Command{ID: lab.CommandK8sStatus, Doc: "answers the app's Deployment in the current context in `k8s`: ready and desired Pods, each Pod's phase and reason, the Service's ports, the Ingress (`kubectl get deployment,pods,service,ingress`).",
		Progress: "Kubernetes 상태 확인", Container: ContainerNone, Effect: EffectNone, TitleKey: "command.k8sStatus"}),
	labStep(Command{ID: lab.CommandK8sDelete, Doc: "deletes what `k8s/NAME.yaml` creates from the current context and waits until it is gone (`kubectl delete -f`); the file stays.",
		Progress: "Kubernetes에서 삭제", Container: ContainerNone, Effect: EffectRemoves, TitleKey: "command.k8sDelete"}),
	labStep(Command{ID: lab.CommandK8sOpenPortForward, Doc: "opens (or reuses) a port-forward on 127.0.0.1 to the app's Service (`kubectl port-forward svc/NAME LOCAL:PORT`); answers the local port as a published port and in `k8s.localPort`.",
		Progress: "port-forward 열기", Container: ContainerNone, Effect: EffectStarts, TitleKey: "command.k8sOpenPortForward"}),
	{ID: lab.CommandK8sLogs, Doc: "follows the output of the app's newest Pod (`kubectl logs -f deployment/NAME`) in the log channel.",
		Runner: RunServer, UI: UILogs, Args: lab.Args{}, Result: lab.Result{}, NeedsSavedFile: true,
		Background: true, Container: ContainerNone, Effect: EffectNone, TitleKey: "command.k8sLogs"},
	{ID: lab.CommandK8sCreateCluster, Doc: "creates a kind cluster (`name`, else the `dockerlab.k8s.clusterName` setting) with kind's Go library and makes its context current (`kind create cluster --name NAME`); the API server and NodePort 30080 listen on 127.0.0.1 only.",
		Runner: RunServer, UI: UIClusterStep, Args: lab.Args{}, Result: lab.Result{}, Progress: "kind 클러스터 만들기",
		Container: ContainerNone, Effect: EffectStarts, TitleKey: "command.k8sCreateCluster"},
	{ID: lab.CommandK8sDeleteCluster, Doc: "deletes a kind cluster dockerlab created, after the learner confirms (`kind delete cluster --name NAME`); a cluster dockerlab did not create is refused.",
		Runner: RunServer, UI: UIClusterStep, Args: lab.Args{}, Result: lab.Result{}, Progress: "kind 클러스터 삭제",
		Container: ContainerNone, Effect: EffectRemoves, TitleKey: "command.k8sDeleteCluster"},
	{ID: lab.CommandLogs, Doc: "follows a container's output (`docker logs -f`) in the log channel.",
		Runner: RunServer, UI: UILogs, Args: lab.Args{}, Result: lab.Result{}, NeedsSavedFile: true,
		Background: true, Container: ContainerAny, Effect: EffectNone, TitleKey: "command.logs"},
	{ID: lab.CommandImages, Doc: "lists the local images (`docker images`).",
		Runner: RunServer, UI: UIImagePick, Result: lab.ListResult{}, Container: ContainerNone, Effect: EffectNone, TitleKey: "command.images"},
	{ID: lab.CommandPs, Doc: "lists every container (`docker ps -a`).",
		Runner: RunServer, UI: UIContainerPick, Result: lab.ListResult{}, Container: ContainerNone, Effect: EffectNone, TitleKey: "command.ps"},
	{ID: lab.CommandVolumes, Doc: "lists the volumes with where their data lives and who uses them (`docker volume ls` + `docker volume inspect`).",
		Runner: RunServer, UI: UIVolumePick, Result: lab.VolumeListResult{}, Container: ContainerNone, Effect: EffectNone, TitleKey: "command.volumes"},
	{ID: lab.CommandRemoveVolume, Doc: "removes the volume `name` and its data after the learner confirms (`docker volume rm`).",
		Runner: RunServer, UI: UIVolumeStep, Args: lab.Args{}, Result: lab.Result{}, Container: ContainerNone, Effect: EffectNone, TitleKey: "command.removeVolume"},
	{ID: lab.CommandLogin, Doc: "logs in to `registry` with `username` and `secret` through the engine and stores them in Docker's credential store (`docker login`).",
		Runner: RunServer, UI: UILogin, Args: lab.Args{}, Result: lab.Result{}, Container: ContainerNone, Effect: EffectNone, TitleKey: "command.login"},
	{ID: lab.CommandOpenInBrowser, Doc: "opens a published port in the browser (code lens `브라우저에서 열기`; needs vscode.env.asExternalUri).",
		Runner: RunClient, UI: UIClient, Args: lab.Args{}, Container: ContainerNone, Effect: EffectNone, TitleKey: "command.openInBrowser"},
	{ID: CommandShowBuildOutput, Doc: "shows the build output channel.",
		Runner: RunClient, UI: UIClient, Container: ContainerNone, Effect: EffectNone, TitleKey: "command.showBuildOutput"},
	{ID: CommandRestartServer, Doc: "restarts the language server.",
		Runner: RunClient, UI: UIClient, Container: ContainerNone, Effect: EffectNone, TitleKey: "command.restartServer"},
	{ID: CommandOpenWalkthrough, Doc: "opens the lab's walkthrough (실습 #1–#2), whose steps tick on what the engine really holds.",
		Runner: RunClient, UI: UIClient, Container: ContainerNone, Effect: EffectNone, TitleKey: "command.openWalkthrough"},
	{ID: lab.CommandComposeLogs, Doc: "follows the output of one of the Compose project's containers (`docker compose logs -f SERVICE`) in the log channel (code lens only).",
		Runner: RunServer, UI: UILogs, Args: lab.Args{}, Result: lab.Result{}, NeedsSavedFile: true,
		Background: true, Container: ContainerAny, Effect: EffectNone, TitleKey: "command.composeLogs"},
	{ID: CommandEngineStatusClicked, Doc: "is the click on the engine's status bar item (internal, not in the palette).",
		Runner: RunClient, UI: UIClient, Container: ContainerNone, Effect: EffectNone},
}

// labStep declares a lab step on the Dockerfile: the server runs it with
// lab.Args on the saved file, streams the build channel and answers a
// lab.Result.
func labStep(c Command) Command {
	c.Runner, c.UI, c.Args, c.Result, c.NeedsSavedFile = RunServer, UILabStep, lab.Args{}, lab.Result{}, true
	if c.Ask == "" {
		c.Ask = AskNothing
	}
	return c
}

// composeStep declares a step on a Compose file: the server runs it with
// lab.Args on the saved file and answers a lab.Result with the project.
func composeStep(c Command) Command {
	c.Runner, c.UI, c.Args, c.Result, c.NeedsSavedFile, c.Container, c.Ask = RunServer, UIComposeStep, lab.Args{}, lab.Result{}, true, ContainerNone, AskNothing
	return c
}

// Lookup returns the declaration of the command id, and whether there is one.
func Lookup(id string) (Command, bool) {
	for _, c := range Commands {
		if c.ID == id {
			return c, true
		}
	}
	return Command{}, false
}

// ServerCommandIDs lists the ids of the commands the server executes, for
// the executeCommandProvider capability.
func ServerCommandIDs() []string {
	var ids []string
	for _, c := range Commands {
		if c.Runner == RunServer {
			ids = append(ids, c.ID)
		}
	}
	return ids
}
