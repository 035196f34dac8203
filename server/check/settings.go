package check

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// SkipSetting reads dockerlab.lint.skip, the rules the editor is told not
// to report, from a VS Code settings file (JSON with comments and trailing
// commas), so the terminal agrees with the editor. A missing file, or the
// path "", is no error and skips nothing.
func SkipSetting(path string) ([]string, error) {
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
// strings, turning VS Code's settings.json into JSON.
func stripJSONC(in []byte) []byte {
	out := make([]byte, 0, len(in))
	for i := 0; i < len(in); i++ {
		c := in[i]
		switch {
		case c == '"':
			j := i + 1
			for j < len(in) && in[j] != '"' {
				if in[j] == '\\' {
					j++
				}
				j++
			}
			end := min(j+1, len(in))
			out = append(out, in[i:end]...)
			i = end - 1
		case c == '/' && i+1 < len(in) && in[i+1] == '/':
			for i < len(in) && in[i] != '\n' {
				i++
			}
			i--
		case c == '/' && i+1 < len(in) && in[i+1] == '*':
			i += 2
			for i+1 < len(in) && !(in[i] == '*' && in[i+1] == '/') {
				i++
			}
			i++
		case c == ',':
			j := i + 1
			for j < len(in) && strings.ContainsRune(" \t\r\n", rune(in[j])) {
				j++
			}
			if j < len(in) && (in[j] == '}' || in[j] == ']') {
				continue
			}
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	return out
}
