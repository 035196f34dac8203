package engine

import "fmt"

// ShortID shortens an image or container ID to the 12 characters the
// docker CLI shows, dropping the "sha256:" prefix.
func ShortID(id string) string { return shortID(id) }

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
