package docker

// RegistryImage is what a registry says of one image reference, from its
// manifest: the digest a pull would get, the size of what it downloads,
// and the platforms it holds.
type RegistryImage struct {
	Ref    string
	Digest string
	// Size is the config and layers of the manifest (of the first
	// platform's, for an index), compressed, as they download.
	Size int64
	// Platforms are "linux/amd64", "linux/arm64/v8", … ("" entries left out).
	Platforms []string
	// MediaType is the manifest's media type (an index or one manifest).
	MediaType string
}
