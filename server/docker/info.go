package docker

// Info is what the server needs to know about the engine before offering
// build and run features.
type Info struct {
	// APIVersion is the engine's API version, for example "1.41".
	APIVersion string
	// Version is the engine's own version, as `docker version` shows it:
	// "29.8.0", or Debian's "20.10.24+dfsg1". Learners know Docker by this
	// number, not by the API version. "" when the engine did not say.
	Version string
	// BuildKit reports whether the engine can build with BuildKit over the
	// plain HTTP API; a build uses it when true, the classic builder otherwise.
	BuildKit bool
	// OSType is "linux" or "windows" (the kind of containers it runs).
	OSType string
}

// BuildKitVersion says which BuildKit an engine builds with, so the lab can
// tell before a build whether the Dockerfile frontend built into it reads a
// Dockerfile (the engine knows the engine, not Dockerfiles: mapping it to
// Dockerfile syntax is the lab's job).
type BuildKitVersion struct {
	// Engine is the engine's own version, as `docker version` shows it, for
	// example "29.8.0" or Debian's "20.10.24+dfsg1".
	Engine string
	// Version is BuildKit's version as BuildKit reports it ("v0.33.0" in
	// Docker 29.8), or, when FromEngine, the release series the engine's
	// version bundles ("v0.8").
	Version string
	// Dockerfile is the version of the Dockerfile frontend built into
	// BuildKit, as BuildKit v0.30 and later report it ("1.27.0"); "" when
	// BuildKit does not say.
	Dockerfile string
	// FromEngine reports that BuildKit could not say (its control API has no
	// Info before v0.11, that is Docker 23 and older) and Version comes from
	// the table of what each engine release bundles.
	FromEngine bool
}
