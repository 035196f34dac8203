package lint

import (
	"strconv"
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// pinBaseImageTag warns about a base image with no tag or the `latest` tag.
// scratch, earlier stages, digests and references built from variables are
// left alone.
func pinBaseImageTag(m *dockerfile.Model) []Finding {
	var out []Finding
	for _, st := range m.Stages {
		ref := st.Base
		if ref == "" || strings.HasPrefix(ref, "-") || strings.EqualFold(ref, "scratch") || strings.Contains(ref, "$") || strings.Contains(ref, "@") {
			continue
		}
		if m.StageByName(ref, st.From.Span.Start) != nil {
			continue
		}
		if tag, ok := imageTag(ref); !ok || tag == "latest" {
			out = append(out, finding("PinBaseImageTag", st.BaseSpan, ref))
		}
	}
	return out
}

// imageTag returns the tag of an image reference; a colon before the last
// slash belongs to a registry's port.
func imageTag(ref string) (string, bool) {
	name := ref[strings.LastIndexByte(ref, '/')+1:]
	_, tag, ok := strings.Cut(name, ":")
	return tag, ok
}

// lastUserRoot hints when the final stage runs as root because of a USER
// instruction: the last USER of the final stage, or of the stage it is built
// on. A Dockerfile without USER is left alone.
func lastUserRoot(m *dockerfile.Model) []Finding {
	if len(m.Stages) == 0 {
		return nil
	}
	stage := len(m.Stages) - 1
	for hops := 0; hops < len(m.Stages); hops++ {
		st := m.Stages[stage]
		for i := len(st.Instructions) - 1; i >= 0; i-- {
			in := st.Instructions[i]
			if in.Name != "USER" || len(in.Args) == 0 {
				continue
			}
			user, _, _ := strings.Cut(in.Args[0].Value, ":")
			if user == "root" || user == "0" {
				return []Finding{finding("LastUserRoot", in.Args[0].Span, in.Args[0].Value)}
			}
			return nil
		}
		ref := m.StageByName(st.Base, st.From.Span.Start)
		if ref == nil {
			return nil
		}
		stage = ref.Index
	}
	return nil
}

// exposePortRange reports an EXPOSE port (or either end of a port range)
// that is no number from 1 to 65535, such as 70000 or abc. Ports with
// variables, and host:container forms (which ExposeInvalidFormat reports),
// are left alone.
func exposePortRange(m *dockerfile.Model) []Finding {
	var out []Finding
	for _, in := range m.Instructions {
		if in.Name != "EXPOSE" {
			continue
		}
		for _, a := range in.Args {
			port, _, _ := strings.Cut(a.Value, "/")
			if port == "" || strings.ContainsAny(port, "$:") {
				continue
			}
			lo, hi, isRange := strings.Cut(port, "-")
			for _, p := range []string{lo, hi} {
				if p == "" && !isRange {
					continue
				}
				n, err := strconv.Atoi(p)
				if err != nil || n < 1 || n > 65535 {
					out = append(out, finding("ExposePortRange", dockerfile.Span{Start: a.Span.Start, End: a.Span.Start + len(port)}, port))
					break
				}
			}
		}
	}
	return out
}
