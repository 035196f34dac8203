package docker

import "time"

// The values of a Compose action, shared by the language server and the
// helper process that runs Docker's Compose SDK (cmd/dockerlab-compose):
// the server writes a ComposeRequest as JSON on the helper's stdin and
// reads ComposeLine values, one JSON object per line, from its stdout.

// Compose operations.
const (
	ComposeUp   = "up"
	ComposeDown = "down"
	ComposePs   = "ps"
	// ComposeConfig loads the file as `docker compose config` does
	// (interpolation with .env, extends, include, profiles, the schema and
	// the consistency checks) and answers the project's services.
	ComposeConfig = "config"
)

// ComposeRequest asks the helper for one operation on one Compose file.
type ComposeRequest struct {
	// Op is ComposeUp, ComposeDown or ComposePs.
	Op string `json:"op"`
	// File is the Compose file's absolute path; its folder is the
	// project's working directory, as for `docker compose -f FILE`.
	File string `json:"file"`
	// Services narrows up to these services and their dependencies (all
	// when empty).
	Services []string `json:"services,omitempty"`
	// Host is the engine's address (DOCKER_HOST's form); "" uses Docker's
	// own resolution (DOCKER_HOST, the current context, the default socket).
	Host string `json:"host,omitempty"`
	// Volumes removes the project's named volumes on down (`down -v`).
	Volumes bool `json:"volumes,omitempty"`
}

// ComposeContainer is one container of a Compose project.
type ComposeContainer struct {
	Service string        `json:"service"`
	ID      string        `json:"id"`
	Name    string        `json:"name"`
	State   string        `json:"state"`
	Health  string        `json:"health,omitempty"`
	Ports   []ComposePort `json:"ports,omitempty"`
}

// ComposePort is a published port of a Compose container.
type ComposePort struct {
	HostIP        string `json:"hostIp"`
	HostPort      int    `json:"hostPort"`
	ContainerPort int    `json:"containerPort"`
	Protocol      string `json:"protocol"`
}

// ComposeResult is what an operation leaves: the project's name and its
// containers (none after down).
type ComposeResult struct {
	Project    string             `json:"project"`
	Containers []ComposeContainer `json:"containers"`
	// Services are the project's services after loading (ComposeConfig).
	Services []string `json:"services,omitempty"`
}

// ComposeEvent is a step of the operation, as Compose reports it
// ("Container lab-app-1", "Started").
type ComposeEvent struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Text   string `json:"text,omitempty"`
	Failed bool   `json:"failed,omitempty"`
}

// ComposeFailure is the helper's error: Compose's own words, and the
// host port when the engine refused one as already allocated.
type ComposeFailure struct {
	Message string `json:"message"`
	// Kind is "Unavailable" when the engine did not answer, "PortAllocated"
	// for a taken port, "Invalid" for a file Compose refused, else "".
	Kind string `json:"kind,omitempty"`
	Port int    `json:"port,omitempty"`
}

// ComposeBuild is one service image Compose built, step by step as the
// classic builder reported it (Compose builds one image at a time for the
// lab, so its lines are told apart).
type ComposeBuild struct {
	// Image is the name Compose gave the image (`image:`, else
	// PROJECT-SERVICE).
	Image             string      `json:"image"`
	Steps             []BuildStep `json:"steps"`
	Started, Finished time.Time
}

// ComposeLine is one line of the helper's output: exactly one field set.
type ComposeLine struct {
	Event  *ComposeEvent   `json:"event,omitempty"`
	Build  *ComposeBuild   `json:"build,omitempty"`
	Log    string          `json:"log,omitempty"`
	Result *ComposeResult  `json:"result,omitempty"`
	Error  *ComposeFailure `json:"error,omitempty"`
}
