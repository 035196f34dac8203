package compose

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"testing"
	"testing/fstest"
)

// mapEnv is an Env over an in-memory folder.
type mapEnv fstest.MapFS

func (m mapEnv) Stat(p string) (bool, bool) {
	fi, err := fs.Stat(fstest.MapFS(m), path.Clean(p))
	if err != nil {
		return false, false
	}
	return true, fi.IsDir()
}

func (m mapEnv) ReadFile(p string) ([]byte, error) {
	if f, ok := m[path.Clean(p)]; ok && f.Mode&fs.ModeDir == 0 {
		return f.Data, nil
	}
	return nil, errors.New("no such file")
}

func TestIndexDefinitionsAndReferences(t *testing.T) {
	f := Parse(labCompose)
	var defs, refs []string
	for _, d := range f.Defs {
		defs = append(defs, d.Kind.Section()+":"+d.Name+"@"+labCompose[d.Span.Start:d.Span.End])
	}
	for _, r := range f.Refs {
		refs = append(refs, r.Kind.Section()+":"+r.Name+"@"+labCompose[r.Span.Start:r.Span.End])
	}
	if got, want := strings.Join(defs, " "), "services:app@app services:db@db volumes:todo-db@todo-db"; got != want {
		t.Errorf("defs %q, want %q", got, want)
	}
	if got, want := strings.Join(refs, " "), "volumes:todo-db@todo-db services:db@db"; got != want {
		t.Errorf("refs %q, want %q", got, want)
	}
	if len(f.Anchors) != 1 || f.Anchors[0].Name != "common" || labCompose[f.Anchors[0].Span.Start:f.Anchors[0].Span.End] != "common" {
		t.Errorf("anchors %+v", f.Anchors)
	}
	// The service's block ends with its last key, before `db:`.
	app, _ := f.Def(KindService, "app")
	if b := labCompose[app.Block.Start:app.Block.End]; !strings.HasPrefix(b, "app:") || !strings.HasSuffix(b, "x-note: an extension field") {
		t.Errorf("app block %q", b)
	}
}

func TestOccurrencesAndRename(t *testing.T) {
	f := Parse(labCompose)
	at := span(t, labCompose, "todo-db", 1).Start + 2 // the use in app's volumes
	o, spans := f.RenameSpans(at)
	if o.Kind != KindVolume || o.Name != "todo-db" || len(spans) != 2 {
		t.Fatalf("rename at the volume: %+v %v", o, spans)
	}
	if defs := f.Definitions(at); len(defs) != 1 || defs[0].Span != span(t, labCompose, "todo-db", 2) {
		t.Errorf("definition %+v", defs)
	}
	text := "x: &base\n  a: 1\ny:\n  <<: *base\n"
	g := Parse(text)
	occ := g.Occurrences(Occurrence{Name: "base", Anchor: true})
	if len(occ) != 2 || !occ[0].Def || text[occ[1].Span.Start:occ[1].Span.End] != "base" {
		t.Errorf("anchor occurrences %+v", occ)
	}
	if !ValidName("todo-db") || ValidName("-x") || ValidName("a b") {
		t.Error("ValidName")
	}
}

func TestUndefinedNames(t *testing.T) {
	text := `services:
  app:
    image: x
    depends_on: [dbb]
    volumes:
      - tod-db:/data
      - ./src:/app/src
    networks: [front, default]
    secrets: [token]
  db:
    image: y
volumes:
  todo-db: {}
networks:
  front: {}
`
	r := CheckFile(Parse(text), Options{})
	var got []string
	for _, p := range r.Problems {
		got = append(got, p.Code+":"+text[p.Span.Start:p.Span.End]+":"+p.Suggest)
	}
	want := "UndefinedService:dbb:db UndefinedVolume:tod-db:todo-db UndefinedSecret:token:"
	if strings.Join(got, " ") != want {
		t.Errorf("got %q\nwant %q", strings.Join(got, " "), want)
	}
	for _, p := range r.Problems {
		if !strings.Contains(p.Message, "정의하지 않은") {
			t.Errorf("message %q", p.Message)
		}
	}
	if r := CheckFile(Parse(text), Options{Override: true}); len(r.Problems) != 0 {
		t.Errorf("an override file reports %v", r.Problems)
	}
	if r := CheckFile(Parse("include: [other.yaml]\n"+text), Options{}); len(r.Problems) != 0 {
		t.Errorf("a file with include reports %v", r.Problems)
	}
}

func TestFilesAndTarget(t *testing.T) {
	env := mapEnv{
		"app/Dockerfile":      {Data: []byte("FROM alpine AS base\nFROM base AS dev\n")},
		"app/prod.Dockerfile": {Data: []byte("FROM alpine\n")},
		".env":                {Data: []byte("A=1\n")},
	}
	text := `services:
  a:
    build:
      context: ./app
      target: devv
  b:
    build: ./missing
  c:
    build:
      context: app
      dockerfile: nope.Dockerfile
    env_file: [.env, missing.env]
  d:
    build:
      context: app
      dockerfile: prod.Dockerfile
      target: base
  e:
    env_file:
      - path: optional.env
        required: false
    build: https://github.com/docker/getting-started.git
`
	r := CheckFile(Parse(text), Options{Env: env})
	var got []string
	for _, p := range r.Problems {
		got = append(got, p.Code+":"+text[p.Span.Start:p.Span.End]+":"+p.Suggest)
	}
	want := "UnknownTarget:devv:dev MissingFile:./missing: MissingFile:nope.Dockerfile: MissingFile:missing.env: UnknownTarget:base:"
	if strings.Join(got, " ") != want {
		t.Errorf("got %q\nwant %q", strings.Join(got, " "), want)
	}
}

func TestOutlineAndLinks(t *testing.T) {
	f := Parse(labCompose)
	out := f.Outline()
	if len(out) != 3 || out[0].Name != "services" || len(out[0].Children) != 2 || out[0].Children[0].Detail != "getting-started" {
		t.Fatalf("outline %+v", out)
	}
	text := "services:\n  app:\n    build:\n      context: ./app\n      dockerfile: Dockerfile.dev\n    env_file: .env\n    volumes:\n      - ./src:/app/src\n      - data:/data\n"
	var got []string
	for _, l := range Parse(text).Links() {
		got = append(got, text[l.Span.Start:l.Span.End]+"="+l.Path)
	}
	if want := "./app=./app Dockerfile.dev=app/Dockerfile.dev .env=.env ./src=./src"; strings.Join(got, " ") != want {
		t.Errorf("links %q, want %q", strings.Join(got, " "), want)
	}
}

func TestFormat(t *testing.T) {
	in := "services:   \n    app:\n        image: x   # the app\n        ports:\n        -   \"3000:3000\"\n\n\n\n        command: |\n            echo a\n              echo b\n    db:\n        image: y\n"
	want := "services:\n  app:\n    image: x   # the app\n    ports:\n    - \"3000:3000\"\n\n    command: |\n      echo a\n        echo b\n  db:\n    image: y\n"
	got, ok := Format(in)
	if !ok || got != want {
		t.Fatalf("Format = %v\n%s\nwant\n%s", ok, got, want)
	}
	if again, ok := Format(got); !ok || again != got {
		t.Errorf("not idempotent:\n%s", again)
	}
	if got, ok := Format("a:\r\n    b: 1   \r\n"); !ok || got != "a:\r\n  b: 1\r\n" {
		t.Errorf("a CRLF file: %q %v", got, ok)
	}
	if _, ok := Format("a: [b\n"); ok {
		t.Error("formatted broken YAML")
	}
	// Every fixture keeps its meaning and its comments.
	for _, s := range []string{labCompose, "a:\n- b:\n    c: 1\n  d: 2\n", "x: \"multi\n  line\"\n"} {
		out, _ := Format(s)
		if again, _ := Format(out); again != out {
			t.Errorf("not idempotent on %q:\n%s\n%s", s, out, again)
		}
	}
}

func TestProjectNameAndPorts(t *testing.T) {
	f := Parse("services:\n  app:\n    ports:\n      - \"127.0.0.1:3000:3000\"\n      - 8080:80/udp\n      - \"9000\"\n      - \"3000-3005:3000-3005\"\n      - target: 80\n        published: \"8081\"\n        host_ip: 127.0.0.1\n")
	var got []string
	for _, p := range f.PublishedPorts() {
		got = append(got, fmt.Sprintf("%s %s:%d->%d/%s", p.Service, p.HostIP, p.HostPort, p.ContainerPort, p.Protocol))
	}
	if want := "app 127.0.0.1:3000->3000/tcp app :8080->80/udp app 127.0.0.1:8081->80/tcp"; strings.Join(got, ", ") != strings.ReplaceAll(want, " app", ", app") {
		t.Errorf("ports %q", strings.Join(got, ", "))
	}
	if n, ok := f.ProjectName("/home/me/Getting Started!/compose.yaml"); !ok || n != "gettingstarted" {
		t.Errorf("project name %q", n)
	}
	if n, _ := Parse("name: My_Lab\n").ProjectName("/x/compose.yaml"); n != "my_lab" {
		t.Errorf("project name from name: %q", n)
	}
	if _, ok := Parse("name: ${P}\n").ProjectName("/x/compose.yaml"); ok {
		t.Error("a name with a variable is known")
	}
}

// FuzzFeatures: on any text, the model, the checks, the outline, the links,
// the key path at every tenth byte, the names there and formatting never
// panic; every span lies in the text; formatting keeps the meaning.
func FuzzFeatures(f *testing.F) {
	for _, s := range []string{labCompose, "services:\n  a:\n    ports:\n    - target: 1\n      published: \"2\"\n", "x: &a\n  b: 1\ny:\n  <<: *a\n", "services:\n  a: {depends_on: [b], volumes: [\"v:/x\"]}\n", "a: |\n  b\n c\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		in := func(what string, s Span) {
			if s.Start < 0 || s.End < s.Start || s.End > len(text) {
				t.Fatalf("%s span %v outside the text (%d bytes)", what, s, len(text))
			}
		}
		file := Parse(text)
		for _, p := range CheckFile(file, Options{Env: mapEnv{}}).Problems {
			in("problem", p.Span)
			for _, fx := range Fixes(file, p) {
				for _, e := range fx.Edits {
					in("fix", e.Span)
				}
			}
		}
		var walk func([]OutlineItem)
		walk = func(items []OutlineItem) {
			for _, it := range items {
				in("outline", it.Span)
				in("outline selection", it.Select)
				walk(it.Children)
			}
		}
		walk(file.Outline())
		for _, l := range file.Links() {
			in("link", l.Span)
		}
		for off := 0; off <= len(text); off += 10 {
			loc := Locate(text, off)
			in("key", loc.KeySpan)
			in("value", loc.ValueSpan)
			_, spans := file.RenameSpans(off)
			for _, s := range spans {
				in("rename", s)
			}
		}
		if out, ok := Format(text); ok {
			if again, ok2 := Format(out); !ok2 || again != out {
				t.Fatalf("formatting is not stable:\n%q\n%q", out, again)
			}
		}
	})
}
