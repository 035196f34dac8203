package contract

// Methods of the notifications the server sends the extension.
const (
	MethodBuildOutput  = "dockerlab/buildOutput"
	MethodEngineStatus = "dockerlab/engineStatus"
	MethodLogOutput    = "dockerlab/logOutput"
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
