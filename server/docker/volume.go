package docker

import "time"

// Volume is a volume as `docker volume ls` and `docker volume inspect` show it.
type Volume struct {
	Name   string
	Driver string
	// Mountpoint is where the engine keeps the volume's data on its host
	// (`/var/lib/docker/volumes/todo-db/_data`).
	Mountpoint string
	CreatedAt  time.Time
	Labels     map[string]string
	// Anonymous reports a volume the engine named itself (64 hex digits),
	// as `VOLUME` in a Dockerfile or `-v /path` make.
	Anonymous bool
}

// Mount is one `--mount` of a `docker run`.
type Mount struct {
	// Type is "volume" (Source names a volume; "" makes an anonymous one)
	// or "bind" (Source is an absolute path on the engine's host).
	Type     string
	Source   string
	Target   string
	ReadOnly bool
}

// The mount types.
const (
	MountVolume = "volume"
	MountBind   = "bind"
)
