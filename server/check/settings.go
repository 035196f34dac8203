package check

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// SettingsFile is where VS Code keeps a workspace's settings, relative to
// the workspace folder (forward slashes work on every system).
const SettingsFile = ".vscode/settings.json"

// SkipRules returns the rules not to report: the comma-separated names of
// list (the --skip flag), then the settings file's dockerlab.lint.skip.
func SkipRules(list, settingsPath string) ([]string, error) {
	var skip []string
	for r := range strings.SplitSeq(list, ",") {
		if r = strings.TrimSpace(r); r != "" {
			skip = append(skip, r)
		}
	}
	fromSettings, err := skipSetting(settingsPath)
	return append(skip, fromSettings...), err
}

// skipSetting reads dockerlab.lint.skip, the rules the editor is told not
// to report, from a VS Code settings file (JSON with comments and trailing
// commas), so the terminal agrees with the editor. A missing file, or the
// path "", is no error and skips nothing.
func skipSetting(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrInvalid) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var s map[string]json.RawMessage
	if err := json.Unmarshal(stripJSONC(data), &s); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	var skip []string
	if raw, ok := s["dockerlab.lint.skip"]; ok {
		if err := json.Unmarshal(raw, &skip); err != nil {
			return nil, fmt.Errorf("reading dockerlab.lint.skip in %s: %w", path, err)
		}
	}
	return skip, nil
}

// stripJSONC removes // and /* */ comments and trailing commas outside
// strings, turning VS Code's settings.json into JSON. Comments go first, so
// a comma before a comment and a closing brace counts as trailing.
func stripJSONC(in []byte) []byte {
	return dropTrailingCommas(dropComments(in))
}

// stringEnd is the index just after the JSON string that starts at in[i],
// or len(in) when it is not closed.
func stringEnd(in []byte, i int) int {
	j := i + 1
	for j < len(in) && in[j] != '"' {
		if in[j] == '\\' {
			j++
		}
		j++
	}
	return min(j+1, len(in))
}

// dropComments removes // and /* */ comments outside strings; a comment
// that is not closed runs to the end.
func dropComments(in []byte) []byte {
	out := make([]byte, 0, len(in))
	for i := 0; i < len(in); i++ {
		switch {
		case in[i] == '"':
			end := stringEnd(in, i)
			out = append(out, in[i:end]...)
			i = end - 1
		case in[i] == '/' && i+1 < len(in) && in[i+1] == '/':
			for i+1 < len(in) && in[i+1] != '\n' {
				i++
			}
		case in[i] == '/' && i+1 < len(in) && in[i+1] == '*':
			i += 2
			for i+1 < len(in) && !(in[i] == '*' && in[i+1] == '/') {
				i++
			}
			i++
		default:
			out = append(out, in[i])
		}
	}
	return out
}

// dropTrailingCommas removes commas outside strings that only white space
// separates from a closing } or ].
func dropTrailingCommas(in []byte) []byte {
	out := make([]byte, 0, len(in))
	for i := 0; i < len(in); i++ {
		switch in[i] {
		case '"':
			end := stringEnd(in, i)
			out = append(out, in[i:end]...)
			i = end - 1
		case ',':
			j := i + 1
			for j < len(in) && strings.ContainsRune(" \t\r\n", rune(in[j])) {
				j++
			}
			if j < len(in) && (in[j] == '}' || in[j] == ']') {
				continue
			}
			out = append(out, ',')
		default:
			out = append(out, in[i])
		}
	}
	return out
}
