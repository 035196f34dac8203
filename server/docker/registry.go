package docker

// RegistryAuth is what the engine needs to push to (or pull from) one
// registry, as `docker push` sends it in the X-Registry-Auth header: a
// username with a password or token, or an identity token from a login.
// It comes from Docker's own config and credential helpers (package
// registry); dockerlab never stores a password itself.
type RegistryAuth struct {
	Username      string
	Password      string
	IdentityToken string
	// ServerAddress is the registry's host ("127.0.0.1:5000", "ghcr.io"),
	// or "https://index.docker.io/v1/" for Docker Hub, as Docker keys it.
	ServerAddress string
}

// PushLayer is what a push did with one layer, in the engine's words:
// "Pushed", "Layer already exists", "Mounted from library/node".
type PushLayer struct {
	ID     string
	Status string
}

// PushResult is a finished push: the reference pushed and the manifest
// digest the registry stored it under.
type PushResult struct {
	Ref    string
	Digest string
	// Size is the manifest's size in bytes as the engine reports it.
	Size   int64
	Layers []PushLayer
}

// LoginResult is the engine's answer to a login (`POST /auth`).
type LoginResult struct {
	// Status is the engine's own words, "Login Succeeded".
	Status string
	// IdentityToken is a token to store instead of the password, when the
	// registry gives one.
	IdentityToken string
}
