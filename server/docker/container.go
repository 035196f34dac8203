package docker

import "time"

// PortBinding publishes a container port on the host (`-p`).
type PortBinding struct {
	// HostIP is the host address to listen on; "" means all addresses.
	// Lessons use "127.0.0.1" so nothing is exposed to the network.
	HostIP string
	// HostPort is the host port; 0 lets the engine pick a free one.
	HostPort int
	// ContainerPort is the port the program inside listens on.
	ContainerPort int
	// Protocol is "tcp" (the default when empty), "udp" or "sctp".
	Protocol string
}

// RunRequest describes one `docker run -d`.
type RunRequest struct {
	// Image is the image reference or ID to run. It must exist locally:
	// the engine never pulls for a run.
	Image string
	// Name is the container name; "" lets the engine make one up.
	Name string
	// Ports are the published ports.
	Ports []PortBinding
	// Env holds "KEY=value" entries.
	Env []string
	// Labels are set on the container so dockerlab can list and clean up
	// what it started.
	Labels map[string]string
	// Mounts are the volumes and bind mounts (`--mount`).
	Mounts []Mount
	// Cmd replaces the image's CMD when not empty (`docker run IMAGE CMD...`).
	Cmd []string
	// WorkingDir replaces the image's WORKDIR when not "" (`-w`).
	WorkingDir string
}

// Container is a container as the editor shows it.
type Container struct {
	ID, Name, Image string
	// State is the engine's one-word state: "created", "running",
	// "exited", ...
	State string
	// Status is the engine's English summary, for example "Up 2 seconds".
	Status  string
	Created time.Time
	// Ports are the published ports, with the host port the engine chose.
	Ports  []PortBinding
	Labels map[string]string
	// Mounts are the container's volumes and bind mounts; Source is the
	// volume's name for a volume.
	Mounts []Mount
}

// ContainerEvent is one change of a container's state that the editor shows.
type ContainerEvent struct {
	ID     string
	Action string // create, start, die, stop, destroy, ...
	Labels map[string]string
	Time   time.Time
}
