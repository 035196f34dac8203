package dockerfile

import (
	"strings"

	"github.com/dockerlab/dockerlab/server/fuzzy"
)

// suggest returns the known instruction closest to a mistyped word (at most
// two edits away, like `FORM` → `FROM`), or "".
func suggest(word string) string {
	w := strings.ToUpper(word)
	best, bestDist := "", 3
	for _, k := range Known {
		if d := fuzzy.Distance(w, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}
