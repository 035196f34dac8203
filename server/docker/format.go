package docker

import (
	"fmt"
	"strings"
)

// ShortID shortens a 64-hex image or container ID to the 12 characters
// the docker CLI shows, dropping the "sha256:" prefix; names and short IDs
// pass through.
func ShortID(id string) string {
	id = strings.TrimPrefix(id, "sha256:")
	if len(id) > 12 && isHex(id) {
		return id[:12]
	}
	return id
}

// isHex reports whether s holds only lower-case hexadecimal digits.
func isHex(s string) bool {
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// FormatSize prints an image size the way `docker images` does: decimal
// units with three significant digits (130MB, 7.05kB).
func FormatSize(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%dB", n)
	}
	f := float64(n)
	for _, u := range []string{"kB", "MB", "GB", "TB"} {
		f /= unit
		if f < unit {
			return fmt.Sprintf("%.3g%s", f, u)
		}
	}
	return fmt.Sprintf("%.3gPB", f/unit)
}
