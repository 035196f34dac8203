// Package docker holds the plain values dockerlab's features exchange with
// the Docker engine: images, containers, published ports, builds, the
// engine's errors, and the way the docker CLI prints IDs and sizes.
//
// It imports only the standard library. Features (hover, completion, lab)
// declare the engine calls they need as interfaces over these values, so
// they compile, and are tested with fakes, without the Docker SDK; package
// engine is the only one that fills them from a real engine.
package docker
