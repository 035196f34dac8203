package engine

import "github.com/dockerlab/dockerlab/server/docker"

// The values this package takes and returns are package docker's, which
// imports no SDK, so features can declare the calls they need without
// compiling against Docker. These aliases let callers that already hold a
// *Client (the server's wiring, the command line) name them from here.
type (
	// Image is docker.Image.
	Image = docker.Image
	// Container is docker.Container.
	Container = docker.Container
	// ContainerEvent is docker.ContainerEvent.
	ContainerEvent = docker.ContainerEvent
	// PortBinding is docker.PortBinding.
	PortBinding = docker.PortBinding
	// RunRequest is docker.RunRequest.
	RunRequest = docker.RunRequest
	// Builder is docker.Builder.
	Builder = docker.Builder
	// BuildRequest is docker.BuildRequest.
	BuildRequest = docker.BuildRequest
	// BuildResult is docker.BuildResult.
	BuildResult = docker.BuildResult
	// Info is docker.Info.
	Info = docker.Info
	// BuildKitVersion is docker.BuildKitVersion.
	BuildKitVersion = docker.BuildKitVersion
	// Error is docker.Error.
	Error = docker.Error
	// ErrorKind is docker.ErrorKind.
	ErrorKind = docker.ErrorKind
)

// The kinds of Error, as in package docker.
const (
	Other         = docker.Other
	Unavailable   = docker.Unavailable
	BuildFailed   = docker.BuildFailed
	PortAllocated = docker.PortAllocated
	NotFound      = docker.NotFound
	Conflict      = docker.Conflict
	Canceled      = docker.Canceled
)

// The builders, as in package docker.
const (
	BuilderAuto     = docker.BuilderAuto
	BuilderBuildKit = docker.BuilderBuildKit
	BuilderClassic  = docker.BuilderClassic
)

// KindOf is docker.KindOf.
func KindOf(err error) ErrorKind { return docker.KindOf(err) }

// ShortID is docker.ShortID.
func ShortID(id string) string { return docker.ShortID(id) }

// FormatSize is docker.FormatSize.
func FormatSize(n int64) string { return docker.FormatSize(n) }

// shortID is docker.ShortID, for this package's own messages.
func shortID(id string) string { return docker.ShortID(id) }
