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

// parseInstruction runs BuildKit's instruction parser on one node. A panic
// inside BuildKit becomes an error, so no input can take the server down.
func parseInstruction(node *parser.Node) (cmd any, err error) {
	defer func() {
		if p := recover(); p != nil {
			cmd, err = nil, fmt.Errorf("buildkit instruction parser: %v", p)
		}
	}()
	return instructions.ParseInstructionWithLinter(node, quietLinter)
}
