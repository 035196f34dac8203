// Package dockerfile parses a Dockerfile with BuildKit's own parser into a
// model with byte ranges: parser directives, instructions with their flags and
// arguments, and build stages. Every feature reads this model instead of
// re-parsing text by hand. It knows nothing of LSP.
package dockerfile

import (
	"sort"
	"strings"
	"sync"

	"github.com/dockerlab/dockerlab/server/document"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// Span is a half-open byte range [Start, End) in the Dockerfile text.
type Span struct {
	Start, End int
}

// Contains reports whether offset lies inside the span; the end counts too,
// so a cursor right after a word still hovers that word.
func (s Span) Contains(offset int) bool { return offset >= s.Start && offset <= s.End }

// Model is a parsed Dockerfile. It is immutable once built.
type Model struct {
	Text         string
	Mapper       *document.Mapper
	Escape       byte
	Directives   []Directive
	Instructions []*Instruction
	Stages       []*Stage
	Problems     []Problem
	VarDefs      []*VarDef
	VarRefs      []*VarRef
	// TextRefs are variable-like text the other features leave alone:
	// inside single quotes and in heredoc bodies. Hover explains them.
	TextRefs []*VarRef

	memo sync.Map // Memo's values
}

// Memo returns the value compute makes of this model for key, computed
// once: for facts that features derive from a version and ask again and
// again (a check asks a stage's base image for every RUN). key must be
// comparable and private to its package, like a context key.
func (m *Model) Memo(key any, compute func() any) any {
	if v, ok := m.memo.Load(key); ok {
		return v
	}
	v, _ := m.memo.LoadOrStore(key, compute())
	return v
}

// Directive is a parser directive such as `# escape=` at the top of the file.
type Directive struct {
	Name      string // lower-case: syntax, escape, check
	Value     string
	Span      Span // the whole comment line
	NameSpan  Span
	ValueSpan Span
}

// Instruction is one Dockerfile instruction, including its continuation lines
// and heredoc bodies.
type Instruction struct {
	Keyword     string // as written, e.g. "from"
	Name        string // upper case, e.g. "FROM"
	Known       bool   // one of the 18 instructions BuildKit accepts
	KeywordSpan Span
	Span        Span // from the keyword to the end of the last line
	StartLine   int  // zero-based
	EndLine     int  // zero-based, inclusive
	Flags       []Flag
	Args        []Word // the words after the flags on the instruction's own lines
	Stage       int    // index into Model.Stages, -1 before the first FROM
	Node        *parser.Node
	command     *parsed // what BuildKit's instruction parser made of it, nil when it rejected it
	// Shell is the SHELL instruction in effect for this one in its stage,
	// nil for the default shell.
	Shell *Instruction
}

// Flag is an instruction flag such as `--from=build`.
type Flag struct {
	Name      string // without dashes, e.g. "from"
	Value     string
	HasValue  bool
	Span      Span
	NameSpan  Span // includes the leading dashes
	ValueSpan Span
}

// Word is a whitespace-separated word of an instruction line.
type Word struct {
	Value string
	Span  Span
}

// Stage is a build stage: a FROM instruction and what follows until the next.
type Stage struct {
	Index        int
	Name         string // the `AS` name, lower-cased as BuildKit does; "" when unnamed
	NameSpan     Span
	Base         string // the base image reference as written
	BaseSpan     Span
	From         *Instruction
	Instructions []*Instruction
}

// ProblemKind classifies what the parser could not accept.
type ProblemKind int

const (
	// ParseError is an error of BuildKit's parser (bad escape directive, unterminated heredoc, ...).
	ParseError ProblemKind = iota
	// UnknownInstruction is a line whose first word is no Dockerfile instruction.
	UnknownInstruction
	// InvalidInstruction is a known instruction whose arguments BuildKit rejects.
	InvalidInstruction
	// NoInstructions is a file with nothing but comments and blank lines.
	NoInstructions
	// LineTooLong is a line longer than BuildKit's scanner accepts.
	LineTooLong
	// NoFrom is a file whose first instruction (after global ARGs) is not FROM.
	NoFrom
	// EmptyContinuation is a continuation followed by an empty line (a parser warning).
	EmptyContinuation
)

// Problem is something wrong with the text that the parser found. Detail is
// BuildKit's own English message; features turn it into Korean.
type Problem struct {
	Kind    ProblemKind
	Span    Span
	Keyword string // the offending instruction word, when there is one
	Detail  string
	Suggest string // for UnknownInstruction: the closest known instruction, if any
}

// InstructionAt returns the instruction whose lines contain offset, or nil.
// Instructions are in file order, so this is a binary search: features call
// it once per finding or position, and big files have thousands.
func (m *Model) InstructionAt(offset int) *Instruction {
	// The first instruction that ends at or after offset.
	i := sort.Search(len(m.Instructions), func(i int) bool { return m.Instructions[i].Span.End >= offset })
	if i < len(m.Instructions) && offset >= m.Instructions[i].Span.Start {
		return m.Instructions[i]
	}
	return nil
}

// Known lists the instructions BuildKit accepts, in the order of the official reference.
var Known = []string{
	"FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY",
	"ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL",
	"HEALTHCHECK", "SHELL",
}

// IsKnown reports whether word (any case) names a Dockerfile instruction.
func IsKnown(word string) bool {
	w := strings.ToUpper(word)
	for _, k := range Known {
		if k == w {
			return true
		}
	}
	return false
}

// Problematic reports whether the parser rejected the instruction (an
// unknown word or arguments BuildKit refuses); checks skip such lines.
func (in *Instruction) Problematic() bool { return !in.Known || in.command == nil }

// parsed is what the model keeps of BuildKit's parse of one instruction:
// that it was accepted and, for ARG and ENV, the names and values it
// defines. It depends only on the instruction's lines and the escape
// character, so a document's ParseCache shares it between versions.
type parsed struct {
	pairs []pair
}

// pair is one name an ARG or ENV defines.
type pair struct {
	key, value string
	has        bool
}
