package lab

import "github.com/dockerlab/dockerlab/server/dockerfile"

// Command ids the server executes; the extension and the code lenses use the
// same constants, so they cannot drift apart.
const (
	CommandBuild         = "dockerlab.build"
	CommandRun           = "dockerlab.run"
	CommandBuildAndRun   = "dockerlab.buildAndRun"
	CommandStopAndRemove = "dockerlab.stopAndRemove"
)

// Commands lists every command the server executes.
var Commands = []string{CommandBuild, CommandRun, CommandBuildAndRun, CommandStopAndRemove}

// Lens is a code lens: a clickable title above a line that runs a command on
// this Dockerfile.
type Lens struct {
	Span    dockerfile.Span
	Title   string
	Command string
}

// Lenses returns the lab's code lenses for a Dockerfile: build and run above
// the first FROM.
func Lenses(m *dockerfile.Model) []Lens {
	if len(m.Stages) == 0 {
		return nil
	}
	from := m.Stages[0].From
	return []Lens{
		{Span: from.KeywordSpan, Title: "▶ 빌드 후 실행", Command: CommandBuildAndRun},
		{Span: from.KeywordSpan, Title: "빌드", Command: CommandBuild},
		{Span: from.KeywordSpan, Title: "중지 및 삭제", Command: CommandStopAndRemove},
	}
}
