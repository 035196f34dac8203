package lint

import (
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// checkDirective is the `# check=skip=A,B;error=true` parser directive.
type checkDirective struct {
	skip   []string
	errors bool
}

func parseCheckDirective(m *dockerfile.Model) checkDirective {
	var d checkDirective
	for _, dir := range m.Directives {
		if dir.Name != "check" {
			continue
		}
		for _, part := range strings.Split(dir.Value, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
			switch strings.ToLower(strings.TrimSpace(k)) {
			case "skip":
				for _, r := range strings.Split(v, ",") {
					if r = strings.TrimSpace(r); r != "" {
						d.skip = append(d.skip, r)
					}
				}
			case "error":
				d.errors = strings.EqualFold(strings.TrimSpace(v), "true")
			}
		}
	}
	return d
}
