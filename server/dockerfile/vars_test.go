package dockerfile

import "testing"

func TestVarsScopes(t *testing.T) {
	src := `ARG VERSION=3.19
ARG OTHER=x
FROM alpine:$VERSION AS base
ARG VERSION
ENV APP=/app HOME_DIR=${APP:-none}
RUN echo $VERSION $OTHER '$APP' "${APP}"
FROM base
RUN echo $APP $TARGETARCH $HTTP_PROXY
`
	m := Parse(src)
	type want struct {
		name, def  string
		predefined bool
	}
	var got []want
	for _, r := range m.VarRefs {
		w := want{name: r.Name, predefined: r.Predefined}
		if r.Def != nil {
			w.def = r.Def.Value
		}
		got = append(got, w)
	}
	expect := []want{
		{name: "VERSION", def: "3.19"}, // FROM sees the global ARG
		{name: "APP"},                  // ENV's own earlier pair is not visible yet
		{name: "VERSION", def: "3.19"}, // redeclared: takes the global default
		{name: "OTHER"},                // not redeclared: empty in the stage
		{name: "APP", def: "/app"},     // '$APP' is skipped, "${APP}" counts
		{name: "APP", def: "/app"},     // ENV carries over FROM base
		{name: "TARGETARCH"},           // platform ARG needs ARG inside a stage
		{name: "HTTP_PROXY", predefined: true},
	}
	if len(got) != len(expect) {
		t.Fatalf("refs = %+v", got)
	}
	for i := range expect {
		if got[i] != expect[i] {
			t.Errorf("ref %d = %+v, want %+v", i, got[i], expect[i])
		}
	}
	r, _ := m.VarAt(len("ARG VERSION=3.19\nARG OTHER=x\nFROM alpine:$VE"))
	if r == nil || r.Name != "VERSION" || src[r.Span.Start:r.Span.End] != "$VERSION" {
		t.Fatalf("VarAt = %+v", r)
	}
	_, d := m.VarAt(len("ARG VERSION=3.19\nARG OTHER=x\nFROM alpine:$VERSION AS base\nARG VER"))
	if d == nil || d.Global == nil || d.Value != "3.19" {
		t.Fatalf("redeclared def = %+v", d)
	}
}
