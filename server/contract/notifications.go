package contract

import "github.com/dockerlab/dockerlab/server/k8sproto"

// Methods of the notifications the server sends the extension.
const (
	MethodBuildOutput  = "dockerlab/buildOutput"
	MethodEngineStatus = "dockerlab/engineStatus"
	MethodLogOutput    = "dockerlab/logOutput"
	MethodLabProgress  = "dockerlab/labProgress"
	MethodKubeContext  = "dockerlab/kubeContext"
)

// Notification declares one dockerlab/* notification from the server.
type Notification struct {
	Method string
	// Doc says what it carries and where the extension shows it.
	Doc string
	// Params is the zero value of its parameter type.
	Params any
}

// Notifications declares every dockerlab/* notification the server sends.
var Notifications = []Notification{
	{Method: MethodBuildOutput, Params: BuildOutputParams{},
		Doc: "is a chunk of the build channel's text: the lab's CLI lines, the engine's build output, a failed command's Korean message with the engine's whole cause."},
	{Method: MethodEngineStatus, Params: EngineStatusParams{},
		Doc: "is the server's word on the Docker engine after each ping, behind the status bar item."},
	{Method: MethodLogOutput, Params: LogOutputParams{},
		Doc: "is a chunk of a followed container's output (`docker logs -f`) for the log channel."},
	{Method: MethodLabProgress, Params: LabProgressParams{},
		Doc: "is what the engine's real state says of the lab's steps (실습 #1–#2), sent when it changes; the extension sets the walkthrough's context keys from it."},
	{Method: MethodKubeContext, Params: KubeContextParams{},
		Doc: "is the kubeconfig's current context (\"\" when there is none), sent when it changes and when dockerlab learns its nodes' state; behind the Kubernetes status bar item."},
}

// KubeContextParams is the dockerlab/kubeContext notification.
type KubeContextParams struct {
	// Context is the current context's name; "" hides the item.
	Context string `json:"context"`
	// Cluster is the kind cluster's name when the context is kind's
	// ("kind-NAME"), else "".
	Cluster string `json:"cluster,omitempty"`
	// Nodes are the cluster's nodes when dockerlab asked the cluster
	// (NodesKnown); a cluster that did not answer has NodesKnown and none.
	Nodes      []k8sproto.Node `json:"nodes,omitempty"`
	NodesKnown bool            `json:"nodesKnown"`
	// Message says why the nodes are unknown (the cluster's own words).
	Message string `json:"message,omitempty"`
}

// BuildOutputParams is the dockerlab/buildOutput notification.
type BuildOutputParams struct {
	URI  string `json:"uri"`
	Text string `json:"text" contract:"required"`
}

// EngineStatusParams is the dockerlab/engineStatus notification behind the
// extension's status bar item.
type EngineStatusParams struct {
	Available bool `json:"available" contract:"required"`
	// EngineVersion is the engine's own version ("20.10.24+dfsg1",
	// "29.8.0"): the status bar shows it, as learners know Docker by it.
	EngineVersion string `json:"engineVersion,omitempty"`
	// APIVersion is the engine's API version ("1.41"), for the tooltip.
	APIVersion string `json:"apiVersion,omitempty"`
	// Host is the address tried, e.g. "unix:///var/run/docker.sock".
	Host string `json:"host"`
	// Source is where that address came from: "default", "DOCKER_HOST",
	// "dockerlab.docker.host", "context <name>".
	Source string `json:"source"`
	// Message is the Korean sentence the server says when no engine answers.
	Message string `json:"message,omitempty"`
}

// LogOutputParams is the dockerlab/logOutput notification: a chunk of a
// container's output for the editor's log channel.
type LogOutputParams struct {
	URI         string `json:"uri"`
	ContainerID string `json:"containerId"`
	Text        string `json:"text" contract:"required"`
}

// LabProgressParams is the dockerlab/labProgress notification: facts about
// the lab (the Node todo app of 실습 #1–#2) that the server reads from the
// engine's real state, never from clicks, so a step done in a terminal
// counts too. The extension turns each fact into a `dockerlab.lab.<name>`
// context key, which the walkthrough's steps complete on. The server sends
// it only in a trusted workspace with an engine that answers, and only when
// a fact changed.
type LabProgressParams struct {
	// URI is the lab's Dockerfile: the most recently opened Dockerfile
	// whose base image is node and whose directory holds package.json and
	// src/static/js/app.js.
	URI string `json:"uri" contract:"required"`
	// Tag is the image name the lab builds (`docker build -t <tag>`), from
	// dockerlab.build.tag or the directory's name.
	Tag string `json:"tag"`
	// DockerfileOpened: the lab's Dockerfile is open in the editor.
	DockerfileOpened bool `json:"dockerfileOpened"`
	// ImageBuilt: a local image carries the lab's tag.
	ImageBuilt bool `json:"imageBuilt"`
	// Running: a container of the lab (started by dockerlab from its
	// Dockerfile, or from an image the tag names or named) is running and
	// publishes a TCP port on the host. Whether the app answers on it is
	// not checked.
	Running bool `json:"running"`
	// SourceEdited: a file of the build context (outside .dockerignore)
	// changed after the tagged image was built.
	SourceEdited bool `json:"sourceEdited"`
	// Rebuilt: the tag moved on from an image a lab container ran to a new
	// build.
	Rebuilt bool `json:"rebuilt"`
	// ConflictSeen: a lab container of an older image held a host port
	// while a container of a newer one was started, or failed to start,
	// beside it: the port conflict of 실습 #2 (`port is already allocated`).
	ConflictSeen bool `json:"conflictSeen"`
	// OldRemoved: after that conflict, the old container is gone
	// (`docker stop` + `docker rm`).
	OldRemoved bool `json:"oldRemoved"`
	// UpdatedRunning: a container of the tagged image runs with a published
	// port, and the tag named another image a lab container ran before.
	UpdatedRunning bool `json:"updatedRunning"`
	// Pushed: a registry holds the lab's image: an image the tag names also
	// carries a HOST/REPOSITORY:TAG name whose registry lists that tag.
	Pushed bool `json:"pushed"`
	// VolumeRunning: a container of the lab's image runs with a named
	// volume (`docker run -v todo-db:/etc/todos`) and its app answers.
	VolumeRunning bool `json:"volumeRunning"`
	// DevRunning: a container runs the lab in development mode: the lab's
	// folder is bind-mounted into it and its app answers.
	DevRunning bool `json:"devRunning"`
	// ComposeRunning: a Compose project of the lab's folder runs two or
	// more services, and one of them answers on a published port.
	ComposeRunning bool `json:"composeRunning"`
	// K8sRunning: the lab's app runs in the kubeconfig's current context:
	// the last status dockerlab read from the cluster (a deploy or a
	// status) has every desired Pod of its Deployment ready.
	K8sRunning bool `json:"k8sRunning"`
}
