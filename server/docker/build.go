package docker

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
