package docker

import (
	"regexp"
	"strconv"
	"strings"
)

// The engine's words for a host port that is taken, read in one place for
// the engine client and the Compose helper, which meet the same messages.

// portTakenRe finds the host port in the engine's messages for a taken
// host port. Each engine words it differently (the full error usually starts
// with "Error response from daemon: driver failed programming external
// connectivity on endpoint NAME (ID): ", which Docker 29 prefixes with
// "failed to set up container networking: ", but not always):
//
//   - another container holds it, every engine:
//     "Bind for 127.0.0.1:3917 failed: port is already allocated"
//     (IPv6 addresses unbracketed: "Bind for :::3917 failed: ...");
//   - another process holds it, Docker ≤ 27 through docker-proxy:
//     "Error starting userland proxy: listen tcp4 127.0.0.1:3918: bind:
//     address already in use";
//   - another process holds it, Docker ≥ 28 (the daemon binds itself):
//     "failed to bind host port 127.0.0.1:3918/tcp: address already in use"
//     (IPv6 bracketed: "[::]:3918/tcp").
//
// The address is matched greedily within its word, so the port is the
// number after its last colon: IPv6 addresses with or without brackets work.
var portTakenRe = regexp.MustCompile(`(?:Bind for |listen [a-z0-9]+ |failed to bind host port )\S*:(\d+)(?:/[a-z]+)?(?: failed)?:`)

// PortTaken reports whether msg is the engine's "port taken" error and
// returns the port it names, or 0 when it names none (callers must then not
// guess a port).
func PortTaken(msg string) (bool, int) {
	m := portTakenRe.FindStringSubmatch(msg)
	switch {
	case strings.Contains(msg, "port is already allocated"):
	case strings.Contains(msg, "address already in use") && (m != nil || strings.Contains(msg, "userland proxy")):
		// "address already in use" alone may be about something else;
		// a bind of a host port is what makes it a port conflict.
	default:
		return false, 0
	}
	if m == nil {
		return true, 0
	}
	p, err := strconv.Atoi(m[1])
	if err != nil || p < 1 || p > 65535 {
		return true, 0
	}
	return true, p
}
