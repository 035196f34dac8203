package compose

import (
	"strings"
	"sync"
	"testing"
)

// span finds the byte span of the n-th (1-based) occurrence of sub.
func span(t *testing.T, text, sub string, n int) Span {
	t.Helper()
	at := -1
	for i := 0; i < n; i++ {
		j := strings.Index(text[at+1:], sub)
		if j < 0 {
			t.Fatalf("%q occurs fewer than %d times", sub, n)
		}
		at += 1 + j
	}
	return Span{Start: at, End: at + len(sub)}
}

const labCompose = `# 실습 앱과 데이터베이스
services:
  app:
    build: .
    image: getting-started
    ports:
      - "127.0.0.1:3000:3000"
    volumes:
      - todo-db:/etc/todos
    environment:
      TODOS_DIR: /etc/todos
    depends_on:
      db:
        condition: service_started
    x-note: an extension field
  db:
    image: "busybox:${BUSYBOX_TAG:-latest}"
    cpus: ${CPUS}
    command: ["sleep", "infinity"]
volumes:
  todo-db:
x-common: &common
  restart: unless-stopped
`

func TestValidFileHasNoProblems(t *testing.T) {
	if r := Check(labCompose); len(r.Problems) != 0 {
		t.Errorf("problems in a valid file: %+v", r.Problems)
	}
	if r := Check(""); len(r.Problems) != 0 {
		t.Errorf("an empty file: %+v", r.Problems)
	}
}

func TestUnknownKeyWithSuggestion(t *testing.T) {
	text := "services:\n  app:\n    image: app\n    prots:\n      - \"3000:3000\"\n    enviroment:\n      A: b\n    foo: 1\nservice: {}\n"
	r := Check(text)
	want := map[string]string{"prots": "ports", "enviroment": "environment", "foo": "", "service": "services"}
	if len(r.Problems) != len(want) {
		t.Fatalf("problems: %+v", r.Problems)
	}
	for _, p := range r.Problems {
		key := text[p.Span.Start:p.Span.End]
		s, ok := want[key]
		if !ok || p.Code != "UnknownKey" || p.Suggest != s {
			t.Errorf("problem on %q: %+v, want suggestion %q", key, p, s)
		}
		if s != "" && !strings.Contains(p.Message, "`"+s+"` 키를 쓰려고 하셨나요?") {
			t.Errorf("message %q", p.Message)
		}
		if s == "" && key == "foo" && !strings.Contains(p.Message, "`x-`") {
			t.Errorf("no hint about extension fields: %q", p.Message)
		}
	}
}

func TestWrongTypeAndEnum(t *testing.T) {
	text := "services:\n  app:\n    image: app\n    ports: \"3000:3000\"\n    depends_on:\n      db:\n        condition: service_healty\n  db:\n    image: db\n"
	r := Check(text)
	if len(r.Problems) != 2 {
		t.Fatalf("problems: %+v", r.Problems)
	}
	p := r.Problems[0]
	if p.Code != "WrongType" || p.Span != span(t, text, `"3000:3000"`, 1) || !strings.Contains(p.Message, "`services.app.ports`의 값은 목록") {
		t.Errorf("ports: %+v", p)
	}
	p = r.Problems[1]
	if p.Code != "NotAllowed" || p.Suggest != "service_healthy" || p.Span != span(t, text, "service_healty", 1) {
		t.Errorf("condition: %+v", p)
	}
}

func TestYAMLSyntax(t *testing.T) {
	text := "services:\n  app:\n\timage: app\n"
	r := Check(text)
	if len(r.Problems) != 1 || r.Problems[0].Code != "YAMLSyntax" || r.Problems[0].Span != (Span{Start: 17, End: 28}) || !strings.Contains(r.Problems[0].Message, "탭") {
		t.Errorf("syntax: %+v", r.Problems)
	}
}

// `!reset` and `!override` are Compose's own YAML tags (merging override
// files): never flagged (docker/vscode-extension#124).
func TestResetAndOverrideTags(t *testing.T) {
	text := "services:\n  app:\n    image: app\n    ports: !override\n      - \"8080:3000\"\n    build: !reset null\n    environment: !reset {}\n"
	if r := Check(text); len(r.Problems) != 0 {
		t.Errorf("tags flagged: %+v", r.Problems)
	}
}

// Positions are bytes of the text: Korean before a key on the same line
// never shifts the span.
func TestKoreanBeforeTheKey(t *testing.T) {
	text := "services:\n  app: {image: \"한국어 이미지\", prots: []}\n"
	r := Check(text)
	if len(r.Problems) != 1 || r.Problems[0].Span != span(t, text, "prots", 1) {
		t.Errorf("problems: %+v (want the span of prots %v)", r.Problems, span(t, text, "prots", 1))
	}
}

func TestNearest(t *testing.T) {
	keys := []string{"ports", "environment", "image", "volumes", "depends_on"}
	for in, want := range map[string]string{"prots": "ports", "imgae": "image", "volume": "volumes", "dependson": "depends_on", "zzz": "", "ports": ""} {
		if got := nearest(in, keys); got != want {
			t.Errorf("nearest(%q) = %q, want %q", in, got, want)
		}
	}
}

// BenchmarkCheck is one check of the lab's two-service file with the
// schema already compiled (each keystroke in a Compose file).
func BenchmarkCheck(b *testing.B) {
	Check(labCompose)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Check(labCompose)
	}
}

// TestSchemaCompilesOnce: nothing is compiled before the first check.
func TestSchemaCompilesOnce(t *testing.T) {
	s1, err := spec()
	s2, _ := spec()
	svc := s1.props["services"].patterns[0].node.refNode
	if err != nil || s1 == nil || s1 != s2 || svc == nil || len(svc.allowedKeys()) < 50 {
		t.Fatalf("schema %p %p %v", s1, s2, err)
	}
}

// BenchmarkSchemaCompile is what the first Compose check of a session pays
// once: compiling compose-go's schema.
func BenchmarkSchemaCompile(b *testing.B) {
	for i := 0; i < b.N; i++ {
		specOnce = sync.Once{}
		if _, err := spec(); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzCheck: any text is checked without a panic, and every problem lies
// inside the text on rune boundaries.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{labCompose, "services:\n  a: {prots: []}\n", "services:\n\t- x", "a: !reset\n", "x: &a {b: *a}\n", "services:\n  app:\n    ports: !override [1]\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, p := range Check(text).Problems {
			if p.Span.Start < 0 || p.Span.End < p.Span.Start || p.Span.End > len(text) || p.Message == "" {
				t.Fatalf("problem %+v outside the text (%d bytes)", p, len(text))
			}
		}
	})
}
