package compose

import (
	"strings"
	"testing"
)

func TestDocPath(t *testing.T) {
	for in, want := range map[string]string{
		"services":                             "services",
		"services/app/build/context":           "services/build/context",
		"services/app/depends_on/db/condition": "services/depends_on/condition",
		"services/app/ports/[]/published":      "services/ports/published",
		"volumes/data/driver":                  "volumes/driver",
		"services/app/develop/watch/[]/action": "services/develop/watch/action",
		"services/app/healthcheck/interval":    "services/healthcheck/interval",
		"x-custom/a":                           "",
		"services/app/prots":                   "",
	} {
		got, _ := DocPath(strings.Split(in, "/"))
		if got != want {
			t.Errorf("DocPath(%s) = %q, want %q", in, got, want)
		}
	}
}
