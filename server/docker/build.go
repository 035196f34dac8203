package docker

import "time"

// Builder chooses the engine's image builder for one build.
type Builder int

const (
	// BuilderAuto uses BuildKit when the engine can, else the classic
	// builder. It is the zero value so callers rarely set it.
	BuilderAuto Builder = iota
	// BuilderBuildKit forces BuildKit, for lessons about its features
	// (COPY --chmod, cache mounts) and for tests.
	BuilderBuildKit
	// BuilderClassic forces the legacy builder, whose step-by-step output
	// ("Step 2/5 : RUN ...") some lessons show.
	BuilderClassic
)

// String names the builder for logs and test names.
func (b Builder) String() string {
	switch b {
	case BuilderBuildKit:
		return "buildkit"
	case BuilderClassic:
		return "classic"
	default:
		return "auto"
	}
}

// BuildRequest describes one `docker build`.
type BuildRequest struct {
	// ContextDir is the absolute directory sent as the build context; its
	// .dockerignore is honoured.
	ContextDir string
	// Dockerfile is the Dockerfile's path relative to ContextDir; "" means
	// "Dockerfile".
	Dockerfile string
	// Tag names the image, for example "getting-started" or "app:v1".
	Tag string
	// BuildArgs are --build-arg values; a nil value takes the variable
	// from the engine's environment, as with the CLI.
	BuildArgs map[string]*string
	// Target builds only up to the named stage (--target).
	Target string
	// NoCache rebuilds every step (--no-cache).
	NoCache bool
	// Labels are added to the image; dockerlab labels what it builds so it
	// can find and clean it up.
	Labels map[string]string
	// Builder picks BuildKit or the classic builder; zero means automatic.
	Builder Builder
	// Pinged is the engine's answer to the ping the caller made for this
	// same action, so one click asks the engine once; nil makes the build
	// ping the engine itself.
	Pinged *Info
}

// BuildResult identifies the image a successful build produced.
type BuildResult struct {
	// ImageID is the image's ID ("sha256:...").
	ImageID string
	// Tag is the tag from the request, so callers can chain Run.
	Tag string
	// BuildKit reports which builder did the work, for the output header.
	BuildKit bool
	// Insight is what the build did, step by step (build insight).
	Insight BuildInsight
}

// BuildInsight is what one build did, in the engine's terms: the steps the
// builder ran or took from its cache, the layers of the image it made and
// the context it was sent. This package and package engine do not read
// Dockerfiles: package lab maps the steps and layers to instructions.
type BuildInsight struct {
	// Started and Finished bound the whole build, as the server saw it.
	Started, Finished time.Time
	// Steps are the builder's steps in the order they started.
	Steps []BuildStep
	// History is the built image's history (`docker history`), oldest
	// first; nil when there is no image (the build failed).
	History []HistoryEntry
	// ImageSize is the built image's size in bytes (0 when unknown).
	ImageSize int64
	// Context is the build context that was sent.
	Context BuildContext
}

// BuildStep is one step as the builder reported it.
type BuildStep struct {
	// Vertex is BuildKit's name of the step ("[builder 2/4] RUN make",
	// "[internal] load build context"); "" with the classic builder.
	Vertex string
	// Step is the classic builder's step number, from 1 ("Step 3/5 :
	// RUN make" gives 3); 0 with BuildKit.
	Step int
	// Text is the instruction as the classic builder printed it after
	// "Step n/m : " ("RUN make"); "" with BuildKit.
	Text string
	// Cached: the builder took the step's result from its cache.
	Cached bool
	// Started and Completed are zero when the builder did not say.
	Started, Completed time.Time
	// Error is the step's own error, "" when it succeeded.
	Error string
}

// Duration is how long the step ran, 0 when unknown.
func (s BuildStep) Duration() time.Duration {
	if s.Started.IsZero() || s.Completed.IsZero() || s.Completed.Before(s.Started) {
		return 0
	}
	return s.Completed.Sub(s.Started)
}

// HistoryEntry is one row of `docker history` (the image's history, from
// the engine's image history API).
type HistoryEntry struct {
	ID        string // the layer's image ID, "<missing>" rows have ""
	CreatedBy string // the instruction as the builder recorded it
	Size      int64  // bytes the layer added; 0 for a configuration-only step
	Comment   string // "buildkit.dockerfile.v0" for BuildKit's steps
	Created   time.Time
}

// BuildContext is the build context a build sent: every file after
// `.dockerignore`, the biggest top-level entries and what was left out.
type BuildContext struct {
	Files int   // regular files sent
	Bytes int64 // their total size
	// Biggest are up to five top-level entries (a file, or a directory
	// with everything it sent), biggest first.
	Biggest []ContextEntry
	// Excluded are the paths `.dockerignore` left out where the walk
	// skipped them (a directory is named once, not its files), relative and
	// slash-separated, sorted; at most 100.
	Excluded []string
	// Digests is the SHA-256 (hex) of every file sent, by its relative,
	// slash-separated path (for a symbolic link: of its target's text), so
	// a rebuild can tell which files changed.
	Digests map[string]string
}

// ContextEntry is one top-level entry of a build context.
type ContextEntry struct {
	Path  string // relative, slash-separated; a directory ends in "/"
	Bytes int64
	Files int
}

// BuildFailure is where a build failed, in the engine's own terms. The
// engine does not read Dockerfiles: package lab maps these to an
// instruction through the model it planned the build from.
type BuildFailure struct {
	// Vertex is the name BuildKit gave the first step that failed, such as
	// "[builder 2/4] RUN make"; "" with the classic builder.
	Vertex string
	// Step is the number of the classic builder's last step ("Step 3/5 :
	// RUN make" gives 3); 0 with BuildKit.
	Step int
	// ParseLine is the 1-based Dockerfile line a parse error names
	// ("dockerfile parse error line 3: ..."), 0 when the message names none.
	ParseLine int
	// Pull reports that the engine could not fetch an image from a
	// registry (no network, unknown name, access refused).
	Pull bool
	// Repository is the registry path of the image a failed pull names
	// ("library/node", "docker/dockerfile"); "" when the message names none.
	Repository string
}
