package lint

import (
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// exactSpan narrows a BuildKit finding, which BuildKit places on whole
// lines, to the word it is about: the stage name, the `AS` keyword, the
// `--platform` flag, the variable, the port. args are the rule's Format
// arguments; when nothing more exact is found the line span stays.
func exactSpan(m *dockerfile.Model, rule string, args []string, line dockerfile.Span) dockerfile.Span {
	in := m.InstructionAt(line.Start)
	if in == nil {
		return line
	}
	arg := func(i int) string {
		if i < len(args) {
			return args[i]
		}
		return ""
	}
	word := func(value string) (dockerfile.Span, bool) {
		for _, a := range in.Args {
			if a.Value == value {
				return a.Span, true
			}
		}
		return dockerfile.Span{}, false
	}
	argsSpan := func() dockerfile.Span {
		if len(in.Args) == 0 {
			return in.KeywordSpan
		}
		return dockerfile.Span{Start: in.Args[0].Span.Start, End: in.Args[len(in.Args)-1].Span.End}
	}
	switch rule {
	case "StageNameCasing", "ReservedStageName", "DuplicateStageName":
		if len(in.Args) >= 3 {
			return in.Args[2].Span
		}
	case "FromAsCasing":
		if len(in.Args) >= 2 && strings.EqualFold(in.Args[1].Value, "as") {
			return in.Args[1].Span
		}
	case "RedundantTargetPlatform", "FromPlatformFlagConstDisallowed":
		for _, f := range in.Flags {
			if strings.EqualFold(f.Name, "platform") {
				return f.Span
			}
		}
	case "UndefinedArgInFrom", "InvalidDefaultArgInFrom", "InvalidBaseImagePlatform":
		if in.Stage >= 0 && in.Stage < len(m.Stages) && m.Stages[in.Stage].From == in {
			return m.Stages[in.Stage].BaseSpan
		}
	case "UndefinedVar":
		for _, r := range m.VarRefs {
			if r.Instruction == in && r.Name == arg(0) {
				return r.Span
			}
		}
	case "WorkdirRelativePath":
		if s, ok := word(arg(0)); ok {
			return s
		}
	case "ExposeProtoCasing", "ExposeInvalidFormat":
		if s, ok := word(arg(0)); ok {
			return s
		}
	case "SecretsUsedInArgOrEnv":
		for _, d := range m.VarDefs {
			if d.Instruction == in && d.Name == arg(1) {
				return d.NameSpan
			}
		}
	case "JSONArgsRecommended", "LegacyKeyValueFormat":
		return argsSpan()
	case "MaintainerDeprecated", "MultipleInstructionsDisallowed", "ConsistentInstructionCasing":
		return in.KeywordSpan
	}
	return line
}
