package docker

import "time"

// Image is what hover and completion show about a local image: the facts
// `docker images` and `docker image inspect` would print.
type Image struct {
	ID           string
	Tags         []string
	Size         int64
	Created      time.Time
	OS, Arch     string
	ExposedPorts []string // e.g. "3000/tcp", sorted
	Cmd          []string
	Entrypoint   []string
	WorkingDir   string
	User         string
	// Env is the image's environment, "NAME=value" as the config holds it:
	// what a build FROM this image starts with (hovers show a base image's
	// variables, and BuildKit's checks see them as `docker build` would).
	Env []string
}
