package docker

import "errors"

// ErrorKind says what went wrong in words the editor can act on: the LSP
// layer picks a follow-up (start the engine, free the port, fix a line)
// from the kind without reading the message text.
type ErrorKind int

const (
	// Other is any failure without a more specific kind; the Message is a
	// generic Korean sentence and Err holds the engine's own words.
	Other ErrorKind = iota
	// Unavailable means the Docker engine did not answer (not running, no
	// permission on the socket, or too slow). Language features still work
	// without it, so callers should degrade, not fail.
	Unavailable
	// BuildFailed means the engine rejected the Dockerfile or a build step
	// failed; Detail keeps the engine's message, Build where the engine
	// says it failed, and Line the Dockerfile line once package lab has
	// worked it out.
	BuildFailed
	// PortAllocated means a host port asked for in RunRequest.Ports is
	// already taken by another container or process; Port names it.
	PortAllocated
	// NotFound means the container, image or Dockerfile does not exist.
	NotFound
	// Conflict means the object is in a state that forbids the request,
	// such as a container name already in use or an image still used by a
	// container.
	Conflict
	// Canceled means the caller's context ended (canceled or timed out)
	// before the engine finished.
	Canceled
	// Unauthorized means a registry refused for want of a login (or with
	// wrong credentials): the editor offers to log in.
	Unauthorized
	// RegistryUnreachable means the engine could not reach a registry
	// (nothing listens, no such host, a timeout, or HTTPS to a plain HTTP
	// registry).
	RegistryUnreachable
)

// String returns the kind's Go name; it is for logs, not for users.
func (k ErrorKind) String() string {
	switch k {
	case Unavailable:
		return "Unavailable"
	case BuildFailed:
		return "BuildFailed"
	case PortAllocated:
		return "PortAllocated"
	case NotFound:
		return "NotFound"
	case Conflict:
		return "Conflict"
	case Canceled:
		return "Canceled"
	case Unauthorized:
		return "Unauthorized"
	case RegistryUnreachable:
		return "RegistryUnreachable"
	default:
		return "Other"
	}
}

// Error is the only error type this package returns for failures a user
// should see. Message is a complete Korean sentence (합니다체) saying what
// happened and what to do, so the editor can show it as is; Err keeps the
// underlying Go error for logs and errors.Is/As.
type Error struct {
	Kind    ErrorKind
	Message string
	Err     error
	// Detail is the engine's own message for BuildFailed (for example
	// "executor failed running [/bin/sh -c make]: exit code: 2"); the build
	// output channel shows it next to the Korean Message.
	Detail string
	// Build is where a BuildFailed build stopped, as the engine said it.
	Build BuildFailure
	// Line is the 1-based Dockerfile line of the failing instruction for
	// BuildFailed, or 0 when it is not known. The engine leaves it 0 (it
	// does not read Dockerfiles); package lab sets it from Build and the
	// model it planned the build from. It is best effort.
	Line int
	// Port is the host port that was already allocated, for PortAllocated.
	Port int
}

// Error returns the Korean Message followed by the cause, so a log line
// holds both the explanation and the engine's words.
func (e *Error) Error() string {
	if e.Err == nil {
		return e.Message
	}
	return e.Message + " (원인: " + e.Err.Error() + ")"
}

// Unwrap exposes the cause to errors.Is and errors.As.
func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the kind of the first *Error in err's chain, Other for any
// other non-nil error. It lets callers switch on the kind in one line.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Other
}
