package completion

import (
	"strings"
	"sync"

	"github.com/dockerlab/dockerlab/docs"
)

// Documentation returns the Korean Markdown for an item's Doc key, or ""
// for an unknown key. Keys are paths into the embedded reference:
//
//	instruction/FROM         flag/RUN/mount        mount/cache
//	mountopt/cache/sharing   directive/check       arg/TARGETARCH
//	rule/StageNameCasing     compose/services/ports
//
// completionItem/resolve calls it with the key the item carried, so the
// server needs no memory of earlier answers.
func Documentation(key string) string {
	parts := strings.Split(key, "/")
	switch {
	case len(parts) == 2 && parts[0] == "instruction":
		return docs.Instruction(parts[1])
	case len(parts) == 3 && parts[0] == "flag":
		return docs.Flag(parts[1], parts[2])
	case len(parts) == 2 && parts[0] == "mount":
		return docs.Mount(parts[1])
	case len(parts) == 3 && parts[0] == "mountopt":
		return docs.MountOption(parts[1], parts[2])
	case len(parts) == 2 && parts[0] == "directive":
		return docs.Directive(parts[1])
	case len(parts) == 2 && parts[0] == "arg":
		return docs.Arg(parts[1])
	case len(parts) == 2 && parts[0] == "rule":
		return docs.Rule(parts[1])
	case len(parts) >= 2 && parts[0] == "compose":
		return docs.Compose(strings.Join(parts[1:], "/"))
	case len(parts) >= 2 && parts[0] == "k8s":
		return docs.K8s(strings.Join(parts[1:], "/"))
	}
	return ""
}

// details caches the summaries of reference documents by key: they are
// read from the embedded files once, not on every keystroke.
var details sync.Map
