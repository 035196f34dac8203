package dockerfile

import (
	"strconv"
	"strings"
)

// StageRefs returns every place that may name a build stage, in file order:
// the base of `FROM`, `COPY --from=` / `ADD --from=` and the `from=` option
// of `RUN --mount`. Each is resolved as BuildKit does: by the name of an
// earlier stage (case-insensitive), or for `--from` and `from=` also by an
// earlier stage's index. Stage is nil when the value names an image (or a
// build context) instead.
func (m *Model) StageRefs() []StageRef {
	var out []StageRef
	for _, in := range m.Instructions {
		if in.Name == "FROM" && in.Stage >= 0 && in.Stage < len(m.Stages) {
			st := m.Stages[in.Stage]
			if st.Base != "" {
				out = append(out, StageRef{Name: st.Base, Span: st.BaseSpan, Stage: m.StageByName(st.Base, in.Span.Start)})
			}
			continue
		}
		for _, f := range in.Flags {
			switch {
			case strings.EqualFold(f.Name, "from") && f.HasValue && (in.Name == "COPY" || in.Name == "ADD"):
				out = append(out, StageRef{Name: f.Value, Span: f.ValueSpan, Stage: m.stageFrom(f.Value, in)})
			case strings.EqualFold(f.Name, "mount") && f.HasValue && in.Name == "RUN":
				for _, o := range f.Options() {
					if strings.EqualFold(o.Key, "from") && o.Value != "" {
						out = append(out, StageRef{Name: o.Value, Span: o.ValueSpan, Stage: m.stageFrom(o.Value, in)})
					}
				}
			}
		}
	}
	return out
}

// stageFrom resolves a `--from` value used by in: a stage name or the index
// of an earlier stage.
func (m *Model) stageFrom(value string, in *Instruction) *Stage {
	if st := m.StageByName(value, in.Span.Start); st != nil {
		return st
	}
	if n, err := strconv.Atoi(value); err == nil && n >= 0 && n < len(m.Stages) && n < in.Stage {
		return m.Stages[n]
	}
	return nil
}
