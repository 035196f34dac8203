package check

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/internal/testfs"
)

// `dockerlab check` finds Compose files beside Dockerfiles and reports the
// schema's problems in Korean, with editor positions (UTF-16 columns: the
// Korean before the key on its line counts one unit per letter).
func TestComposeFiles(t *testing.T) {
	dir := testfs.Tree(t, map[string]string{
		"Dockerfile":                  "FROM scratch\n",
		"compose.yaml":                "services:\n  app: {image: app, x-메모: \"한국어\", prots: []}\n",
		"deploy/docker-compose.yml":   "services:\n  db:\n    image: db\n    depends_on:\n      app:\n        condition: service_healty\n",
		"deploy/compose.override.yml": "services:\n  db:\n    ports: !override [\"5432:5432\"]\n",
		"notes/compose.md":            "# not a compose file\n",
	})
	files, err := Discover([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var rel []string
	for _, f := range files {
		r, _ := filepath.Rel(dir, f)
		rel = append(rel, filepath.ToSlash(r))
	}
	if got := strings.Join(rel, ","); got != "Dockerfile,compose.yaml,deploy/compose.override.yml,deploy/docker-compose.yml" {
		t.Errorf("discovered %s", got)
	}
	r := Run(t.Context(), []string{dir}, Options{})
	var compose []Finding
	for _, f := range r.Findings {
		if strings.HasPrefix(f.Code, "Compose") {
			compose = append(compose, f)
		}
	}
	if len(compose) != 3 {
		t.Fatalf("compose findings: %+v", compose)
	}
	line := "  app: {image: app, x-메모: \"한국어\", prots: []}"
	col := len([]rune(line[:strings.Index(line, "prots")])) + 1
	f := compose[0]
	if f.Code != "ComposeUnknownKey" || f.Line != 2 || f.Column != col || f.EndColumn != col+5 || f.Severity != "error" ||
		len(f.Fixes) != 1 || f.Fixes[0] != "`ports` 키로 바꾸기" || !strings.Contains(f.Message, "`ports` 키를 쓰려고 하셨나요?") {
		t.Errorf("unknown key: %+v (want column %d)", f, col)
	}
	// deploy/docker-compose.yml's db depends on an app it does not define.
	f = compose[1]
	if f.Code != "ComposeUndefinedService" || f.Line != 5 || !strings.Contains(f.Message, "`app`") {
		t.Errorf("undefined service: %+v", f)
	}
	f = compose[2]
	if f.Code != "ComposeNotAllowed" || f.Line != 6 || len(f.Fixes) != 1 || f.Fixes[0] != "`service_healthy` 값으로 바꾸기" {
		t.Errorf("enum: %+v", f)
	}
	for _, name := range []string{"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml", "compose.prod.yaml", "docker-compose.override.yml"} {
		if !IsComposeName(name) {
			t.Errorf("%s is a Compose file", name)
		}
	}
	for _, name := range []string{"compose.json", "my-compose.yaml", "compose..yaml", "compose.yaml.bak", "compose.a.b.yaml", "Dockerfile"} {
		if IsComposeName(name) {
			t.Errorf("%s is not a Compose file", name)
		}
	}
}
