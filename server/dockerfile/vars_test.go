package dockerfile

import (
	"strings"
	"testing"
)

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

// Each reference records who expands it: BuildKit, the shell, nobody
// (exec form, literal flags), nobody because of quotes, or a later build
// (ONBUILD); text only hover explains (single quotes, heredoc bodies) is
// kept apart from the references the other features use.
func TestVarsExpansion(t *testing.T) {
	src := "ARG V=1\n" + // 0
		"FROM --platform=$BUILDPLATFORM alpine:$V AS base\n" +
		"ARG V\n" +
		"ENV A=$V\n" +
		"RUN --mount=type=cache,target=$A echo $A '$A' \"it's $A\"\n" +
		"RUN [\"echo\", \"$A\"]\n" +
		"RUN --network=$A true\n" +
		"CMD echo $A\n" +
		"HEALTHCHECK CMD [\"check\", \"$A\"]\n" +
		"ONBUILD COPY . $A\n" +
		"LABEL x='$A' y=\"$A\"\n" +
		"COPY <<EOF /f\n$A '$A'\nEOF\n" +
		"COPY <<'EOF' /g\n$A\nEOF\n" +
		"RUN <<EOF\nx=1; echo $A '$A'\nEOF\n" +
		"RUN cat <<'EOF' > /h\n$A\nEOF\n" +
		"RUN <<EOF\n#!/usr/bin/env python3\nprint('$A')\nEOF\n"
	m := Parse(src)
	type ref struct {
		line int
		exp  Expansion
		text bool
	}
	var got []ref
	for _, set := range []struct {
		refs []*VarRef
		text bool
	}{{m.VarRefs, false}, {m.TextRefs, true}} {
		for _, r := range set.refs {
			got = append(got, ref{m.Mapper.Position(r.Span.Start).Line, r.Expansion, set.text})
		}
	}
	want := []ref{
		{1, ByBuilder, false}, {1, ByBuilder, false}, // FROM --platform and the image
		{3, ByBuilder, false},                                           // ENV
		{4, ByBuilder, false}, {4, ByShell, false}, {4, ByShell, false}, // --mount, echo $A, "it's $A"
		{5, NotExpanded, false},                      // exec form
		{6, NotExpanded, false},                      // --network is read literally
		{7, ByShell, false},                          // shell-form CMD
		{8, NotExpanded, false},                      // HEALTHCHECK CMD [...]
		{9, Deferred, false},                         // ONBUILD
		{10, ByBuilder, false},                       // LABEL y="$A"
		{4, Literal, true},                           // '$A' in RUN
		{10, Literal, true},                          // LABEL x='$A'
		{12, ByBuilder, true}, {12, ByBuilder, true}, // COPY <<EOF: quotes do not protect
		{15, Literal, true},                      // COPY <<'EOF'
		{18, ByShell, true}, {18, Literal, true}, // RUN <<EOF script
		{21, Literal, true},     // RUN cat <<'EOF'
		{25, NotExpanded, true}, // a python script
	}
	if len(got) != len(want) {
		t.Fatalf("refs = %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("ref %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	for _, r := range m.TextRefs {
		if r.Def == nil || r.Def.Name != "A" {
			t.Errorf("text ref at %d is not bound to ENV A: %+v", r.Span.Start, r.Def)
		}
	}
	if r, _ := m.VarAt(strings.Index(src, "'$A'") + 2); r == nil || r.Expansion != Literal {
		t.Errorf("VarAt in single quotes = %+v", r)
	}
}

// A stage built FROM an earlier stage sees that stage's ARGs and ENVs.
func TestVarsInheritedFromStage(t *testing.T) {
	m := Parse("FROM alpine AS base\nARG V=1\nENV E=2\nFROM base\nRUN echo $V $E\n")
	for _, r := range m.VarRefs {
		if r.Def == nil || r.Def.Stage != 0 {
			t.Errorf("$%s is not bound to the parent stage's definition: %+v", r.Name, r.Def)
		}
	}
}

// An ENV value using a variable no ARG or ENV defines keeps it as written.
func TestVarsUnresolvedEnv(t *testing.T) {
	m := Parse("FROM alpine\nENV PATH=/app/bin:$PATH X=${NOPE:-d} Y=$X\n")
	byName := map[string]*VarDef{}
	for _, d := range m.VarDefs {
		byName[d.Name] = d
	}
	if d := byName["PATH"]; d.Value != "/app/bin:$PATH" || len(d.Unresolved) != 1 || d.Unresolved[0] != "PATH" {
		t.Errorf("PATH = %+v", d)
	}
	if d := byName["X"]; d.Value != "d" || len(d.Unresolved) != 0 {
		t.Errorf("X = %+v", d)
	}
}

// BaseImage follows stages to the image at the bottom, expanding global ARGs.
func TestBaseImage(t *testing.T) {
	m := Parse("ARG BASE=node:20\nARG NONE\nFROM $BASE AS a\nFROM a AS b\nFROM scratch AS c\nFROM $NONE\nFROM b\n")
	want := []string{"node:20", "node:20", "scratch", "", "node:20"}
	for i, st := range m.Stages {
		if got := m.BaseImage(st); got != want[i] {
			t.Errorf("stage %d: BaseImage = %q, want %q", i, got, want[i])
		}
	}
}

func TestShellShebang(t *testing.T) {
	for line, want := range map[string]bool{
		"apk add curl": true, "#!/bin/sh": true, "#!/usr/bin/env bash": true, "#!/bin/busybox sh": true,
		"#!/usr/bin/env python3": false, "#!/usr/bin/env -S node --x": false, "#!/usr/bin/perl": false,
	} {
		if got := shellShebang(line); got != want {
			t.Errorf("shellShebang(%q) = %v, want %v", line, got, want)
		}
	}
}
