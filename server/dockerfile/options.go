package dockerfile

import "strings"

// Option is one key=value item of a comma-separated flag value such as
// `--mount=type=cache,target=/root/.cache`.
type Option struct {
	Key, Value string
	Span       Span // the whole item
	KeySpan    Span
	ValueSpan  Span
}

// Options splits the flag's value into its comma-separated key=value items.
func (f Flag) Options() []Option {
	var out []Option
	start := f.ValueSpan.Start
	for _, item := range strings.Split(f.Value, ",") {
		o := Option{Span: Span{start, start + len(item)}}
		if k, v, ok := strings.Cut(item, "="); ok {
			o.Key, o.Value = k, v
			o.KeySpan = Span{start, start + len(k)}
			o.ValueSpan = Span{start + len(k) + 1, start + len(item)}
		} else {
			o.Key, o.KeySpan = item, o.Span
			o.ValueSpan = Span{o.Span.End, o.Span.End}
		}
		out = append(out, o)
		start += len(item) + 1
	}
	return out
}

// MountType is the `type=` of a --mount flag value; BuildKit's default is bind.
func (f Flag) MountType() string {
	for _, o := range f.Options() {
		if strings.EqualFold(o.Key, "type") {
			return strings.ToLower(o.Value)
		}
	}
	return "bind"
}

// StageByName returns the stage named name (case-insensitive) defined before
// the instruction at offset before, or nil. A negative before allows any.
func (m *Model) StageByName(name string, before int) *Stage {
	name = strings.ToLower(name)
	for _, st := range m.Stages {
		if before >= 0 && st.From.Span.Start >= before {
			break
		}
		if st.Name != "" && st.Name == name {
			return st
		}
	}
	return nil
}

// StageRef is a use of a stage's name: in `FROM name`, `COPY --from=name`
// or `RUN --mount=from=name`.
type StageRef struct {
	Name  string
	Span  Span
	Stage *Stage // nil when no earlier stage has that name (an image then)
}

// StageRefAt returns the stage reference or stage name definition at offset.
func (m *Model) StageRefAt(offset int) *StageRef {
	for _, st := range m.Stages {
		if st.Name != "" && st.NameSpan.Contains(offset) {
			return &StageRef{Name: st.Name, Span: st.NameSpan, Stage: st}
		}
		if st.Base != "" && st.BaseSpan.Contains(offset) {
			if ref := m.StageByName(st.Base, st.From.Span.Start); ref != nil {
				return &StageRef{Name: st.Base, Span: st.BaseSpan, Stage: ref}
			}
			return nil
		}
	}
	in := m.InstructionAt(offset)
	if in == nil {
		return nil
	}
	for _, f := range in.Flags {
		switch {
		case strings.EqualFold(f.Name, "from") && f.ValueSpan.Contains(offset):
			return &StageRef{Name: f.Value, Span: f.ValueSpan, Stage: m.StageByName(f.Value, in.Span.Start)}
		case strings.EqualFold(f.Name, "mount"):
			for _, o := range f.Options() {
				if strings.EqualFold(o.Key, "from") && o.ValueSpan.Contains(offset) {
					return &StageRef{Name: o.Value, Span: o.ValueSpan, Stage: m.StageByName(o.Value, in.Span.Start)}
				}
			}
		}
	}
	return nil
}
