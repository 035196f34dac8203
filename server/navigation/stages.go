package navigation

import (
	"strconv"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// stageAt returns the stage named at offset: an `AS` name, or a reference
// that resolves to an earlier stage. Image names are not stages.
func stageAt(m *dockerfile.Model, offset int) *symbol {
	for _, st := range m.Stages {
		if st.Name != "" && st.NameSpan.Contains(offset) {
			return stageSymbol(m, st, st.NameSpan)
		}
	}
	for _, r := range m.StageRefs() {
		if !r.Span.Contains(offset) || r.Stage == nil {
			continue
		}
		s := stageSymbol(m, r.Stage, r.Span)
		if isIndex(r.Name) {
			s.why = "빌드 단계를 번호로 가리키는 참조입니다. 이름은 `AS` 뒤의 빌드 단계 이름 위에서 바꾸십시오."
		}
		return s
	}
	return nil
}

// stageSymbol collects the definition and every reference of st.
func stageSymbol(m *dockerfile.Model, st *dockerfile.Stage, at dockerfile.Span) *symbol {
	s := &symbol{name: st.Name, stage: st, at: at}
	def := st.BaseSpan
	if st.Name != "" {
		def = st.NameSpan
		s.occs = append(s.occs, Occurrence{Span: st.NameSpan, Def: true})
	} else {
		s.why = "이름이 없는 빌드 단계입니다. `FROM` 줄 끝에 `AS <이름>`을 붙이면 이름으로 가리킬 수 있습니다."
	}
	if def == (dockerfile.Span{}) {
		def = st.From.KeywordSpan
	}
	s.def = &def
	for _, r := range m.StageRefs() {
		if r.Stage == st {
			s.occs = append(s.occs, Occurrence{Span: r.Span})
		}
	}
	s.occs = sortOccurrences(s.occs)
	return s
}

// isIndex reports whether a `--from` value is a stage number.
func isIndex(v string) bool {
	_, err := strconv.Atoi(v)
	return err == nil
}
