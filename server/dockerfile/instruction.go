package dockerfile

import (
	"fmt"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// quietLinter collects nothing; BuildKit's instruction parser needs a
// linter: with nil it panics on a node whose comments look like a
// `# check=` directive (found by FuzzParse).
var quietLinter = linter.New(&linter.Config{})

// parseInstruction runs BuildKit's instruction parser on one node and
// keeps what the model needs of the result. A panic inside BuildKit
// becomes an error, so no input can take the server down.
func parseInstruction(node *parser.Node) (p *parsed, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("buildkit instruction parser: %v", r)
		}
	}()
	cmd, err := instructions.ParseInstructionWithLinter(node, quietLinter)
	if err != nil {
		return nil, err
	}
	p = &parsed{}
	switch c := cmd.(type) {
	case *instructions.ArgCommand:
		for _, a := range c.Args {
			kv := pair{key: a.Key}
			if a.Value != nil {
				kv.value, kv.has = *a.Value, true
			}
			p.pairs = append(p.pairs, kv)
		}
	case *instructions.EnvCommand:
		for _, e := range c.Env {
			p.pairs = append(p.pairs, pair{key: e.Key, value: e.Value, has: true})
		}
	}
	return p, nil
}
