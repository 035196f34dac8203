package navigation

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// Edit replaces the text of Span with NewText.
type Edit struct {
	Span    dockerfile.Span
	NewText string
}

// Error is a rename the server refuses. Message is a Korean sentence that
// tells the learner why and what to do; the editor shows it as is.
type Error struct {
	Message string
}

func (e *Error) Error() string { return e.Message }

func refuse(format string, args ...any) *Error {
	return &Error{Message: fmt.Sprintf(format, args...)}
}

// Target is what a rename at a position would change: the name under the
// cursor and its current text.
type Target struct {
	Span        dockerfile.Span
	Placeholder string
}

// PrepareRename checks that the name at offset can be renamed. It returns
// nil, nil where there is no name, and an *Error where there is one that
// cannot be renamed (an image, `scratch`, an automatic ARG, a stage index).
func PrepareRename(m *dockerfile.Model, offset int) (*Target, error) {
	s, err := renamable(m, offset)
	if s == nil {
		return nil, err
	}
	return &Target{Span: s.at, Placeholder: m.Text[s.at.Start:s.at.End]}, nil
}

// renamable is the symbol at offset when it can be renamed; else nil with
// the reason (an *Error), or nil, nil where there is no name at all.
func renamable(m *dockerfile.Model, offset int) (*symbol, error) {
	s := symbolAt(m, offset)
	if s == nil {
		return nil, notRenamable(m, offset)
	}
	if s.why != "" {
		return nil, &Error{Message: s.why}
	}
	return s, nil
}

// notRenamable explains why an image name under the cursor has no rename.
func notRenamable(m *dockerfile.Model, offset int) error {
	for _, r := range m.StageRefs() {
		if r.Stage != nil || !r.Span.Contains(offset) {
			continue
		}
		if strings.EqualFold(r.Name, "scratch") {
			return refuse("`scratch`는 아무 파일도 없는 빈 이미지를 뜻하는 예약된 이름이라 바꿀 수 없습니다.")
		}
		return refuse("`%s` 이름은 앞의 빌드 단계가 아니라 이미지를 가리킵니다. 이미지 이름은 이름 바꾸기로 바꿀 수 없습니다.", r.Name)
	}
	return nil
}

var (
	stageNameRe = regexp.MustCompile(`^[a-z][a-z0-9-_.]*$`)
	varNameRe   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// Rename returns the edits that rename the stage or variable at offset to
// newName, or an *Error when the new name is invalid, reserved or would make
// some reference see a different stage or definition than before.
func Rename(m *dockerfile.Model, offset int, newName string) ([]Edit, error) {
	s, err := renamable(m, offset)
	if s == nil {
		return nil, err
	}
	var edits []Edit
	switch {
	case s.stage != nil:
		if err := checkStageName(m, s.stage, newName); err != nil {
			return nil, err
		}
		for _, o := range s.occs {
			if !isIndex(m.Text[o.Span.Start:o.Span.End]) {
				edits = append(edits, Edit{Span: o.Span, NewText: newName})
			}
		}
	default:
		if err := checkVarName(newName); err != nil {
			return nil, err
		}
		if err := checkVarClash(m, s.vars, newName); err != nil {
			return nil, err
		}
		for _, o := range s.occs {
			edits = append(edits, Edit{Span: o.Span, NewText: newName})
		}
	}
	if err := verify(m, edits, s.name, newName); err != nil {
		return nil, err
	}
	return edits, nil
}

func checkStageName(m *dockerfile.Model, st *dockerfile.Stage, name string) error {
	lower := strings.ToLower(name)
	switch {
	case lower == "scratch" || lower == "context":
		return refuse("`%s` 이름은 빌더가 따로 쓰는 예약어라 빌드 단계에 붙일 수 없습니다.", lower)
	case !stageNameRe.MatchString(name):
		return refuse("빌드 단계에 `%s` 이름을 붙일 수 없습니다. 영문 소문자로 시작하고 소문자, 숫자, `-`, `_`, `.`만 쓰십시오.", name)
	}
	for _, other := range m.Stages {
		if other != st && other.Name == lower {
			return refuse("`%s` 빌드 단계가 이미 %d번째 줄에 있습니다. 다른 이름을 고르십시오.", lower, line(m, other.NameSpan.Start))
		}
	}
	return nil
}

func checkVarName(name string) error {
	if !varNameRe.MatchString(name) {
		return refuse("변수에 `%s` 이름을 붙일 수 없습니다. 영문자나 `_`로 시작하고 영문자, 숫자, `_`만 쓰십시오.", name)
	}
	if _, ok := dockerfile.PredefinedArgs[name]; ok {
		return refuse("BuildKit이 미리 정의한 `%s` 빌드 인수와 이름이 같아 쓸 수 없습니다. 값이 빌드 플랫폼이나 프록시 설정으로 바뀝니다.", name)
	}
	return nil
}

// checkVarClash refuses a new name that any stage the variable lives in
// already uses: defined there (by ARG or ENV, or an ENV carried over from
// the stage it is built FROM) or used there. ENV wins over ARG of the same
// name whatever their order, so no such name is safe to take over.
func checkVarClash(m *dockerfile.Model, c *component, name string) error {
	stages := map[int]bool{}
	for _, d := range c.defs {
		stages[d.Stage] = true
	}
	for _, r := range c.refs {
		stages[r.in.Stage] = true
	}
	first := -1
	note := func(off int) {
		if first < 0 || off < first {
			first = off
		}
	}
	for _, d := range m.VarDefs {
		if d.Name == name && stages[d.Stage] {
			note(d.NameSpan.Start)
		}
	}
	for _, r := range allRefs(m) {
		if r.name == name && stages[r.in.Stage] {
			note(r.nameSpan.Start)
		}
	}
	for s := range stages {
		if s < 0 || s >= len(m.Stages) {
			continue
		}
		st := m.Stages[s]
		for p := m.StageByName(st.Base, st.From.Span.Start); p != nil; p = m.StageByName(p.Base, p.From.Span.Start) {
			for _, d := range m.VarDefs {
				if d.Name == name && d.Stage == p.Index && d.Kind == dockerfile.Env {
					note(d.NameSpan.Start)
				}
			}
		}
	}
	if first >= 0 {
		return refuse("`%s` 변수 이름은 이 빌드 단계에서 이미 쓰고 있습니다(%d번째 줄). 다른 이름을 고르십시오.", name, line(m, first))
	}
	return nil
}

// verify applies edits, parses the result and checks that every stage
// reference and every variable use still sees the same stage or definition
// (now under the new name). Anything else is a clash: the new name is
// already taken where one of the uses looks it up.
func verify(m *dockerfile.Model, edits []Edit, oldName, newName string) error {
	sort.Slice(edits, func(i, j int) bool { return edits[i].Span.Start < edits[j].Span.Start })
	var b strings.Builder
	last := 0
	for _, e := range edits {
		b.WriteString(m.Text[last:e.Span.Start])
		b.WriteString(e.NewText)
		last = e.Span.End
	}
	b.WriteString(m.Text[last:])
	n := dockerfile.Parse(b.String())
	shift := func(off int) int {
		moved := off
		for _, e := range edits {
			if e.Span.Start >= off {
				break
			}
			moved += len(e.NewText) - (e.Span.End - e.Span.Start)
		}
		return moved
	}
	clash := func(at int) error {
		return refuse("`%s` 이름으로 바꾸면 %d번째 줄의 참조가 가리키는 대상이 달라집니다. 다른 이름을 고르십시오.", newName, line(m, at))
	}

	newStages := map[int]*dockerfile.StageRef{}
	nrefs := n.StageRefs()
	for i := range nrefs {
		newStages[nrefs[i].Span.Start] = &nrefs[i]
	}
	for _, r := range m.StageRefs() {
		got := newStages[shift(r.Span.Start)]
		if got == nil {
			return clash(r.Span.Start)
		}
		if (r.Stage == nil) != (got.Stage == nil) || r.Stage != nil && shift(r.Stage.From.Span.Start) != got.Stage.From.Span.Start {
			return clash(r.Span.Start)
		}
	}

	newRefs := map[int]varRef{}
	for _, r := range allRefs(n) {
		newRefs[r.span.Start] = r
	}
	oldRefs := allRefs(m)
	seen := map[int]bool{}
	for _, r := range oldRefs {
		seen[shift(r.span.Start)] = true
	}
	for _, r := range allRefs(n) {
		if !seen[r.span.Start] {
			return refuse("`%s` 이름으로 바꾸면 %d번째 줄의 `$%s` 참조가 이 변수를 가리키게 됩니다. 다른 이름을 고르십시오.", newName, n.Mapper.Position(r.span.Start).Line+1, r.name)
		}
	}
	for _, r := range oldRefs {
		got, ok := newRefs[shift(r.span.Start)]
		if !ok {
			if r.def == nil {
				continue // an unbound name in a heredoc is not tracked
			}
			return clash(r.span.Start)
		}
		if (r.def == nil) != (got.def == nil) || r.predefined != got.predefined ||
			r.def != nil && shift(r.def.NameSpan.Start) != got.def.NameSpan.Start {
			return clash(r.span.Start)
		}
	}
	if len(n.VarDefs) != len(m.VarDefs) || len(n.Stages) != len(m.Stages) {
		return refuse("`%s` 이름을 `%s` 이름으로 바꾸면 Dockerfile의 구조가 달라집니다. 다른 이름을 고르십시오.", oldName, newName)
	}
	return nil
}

// line is the one-based line of offset, for messages.
func line(m *dockerfile.Model, offset int) int { return m.Mapper.Position(offset).Line + 1 }
