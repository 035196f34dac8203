package check

import (
	"os"
	"regexp"
	"testing"

	"gopkg.in/yaml.v3"
)

// The pre-commit hook at the repository's root passes `dockerlab check` the
// files it would find in a directory (every YAML file: a manifest is told
// by its content), and Containerfile, which it checks as a Dockerfile when
// given by name.
func TestPreCommitHookFiles(t *testing.T) {
	data, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID, Entry, Language, Files, Exclude string
		Types                               []string
		PassFilenames                       bool `yaml:"pass_filenames"`
	}
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) != 1 || hooks[0].ID != "dockerlab-check" || hooks[0].Entry != "dockerlab check" ||
		hooks[0].Language != "golang" || !hooks[0].PassFilenames {
		t.Fatalf("hooks = %+v", hooks)
	}
	// pre-commit matches both patterns with Python's re.search on the
	// slash-separated path; RE2 reads them the same.
	files, exclude := regexp.MustCompile(hooks[0].Files), regexp.MustCompile(hooks[0].Exclude)
	hooked := func(path string) bool { return files.MatchString(path) && !exclude.MatchString(path) }
	for _, name := range []string{
		"Dockerfile", "app.Dockerfile", "Dockerfile.dev", "Dockerfile.prod.arm64", ".Dockerfile",
		"Dockerfile.dockerignore", "app.Dockerfile.dockerignore", "Dockerfile2", "dockerfile", "my-Dockerfile",
		"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml", "compose.override.yaml",
		"docker-compose.prod.yml", "compose.a.b.yaml", "compose..yaml", "compose.json", "my-compose.yaml",
		"docker-compose.yaml.bak", "compose.yaml.orig", "Containerfile", "README.md", "deployment.yaml", "k8s.yml", "values.yaml.tmpl",
	} {
		want := isDockerfileName(name) || IsComposeName(name) || isYAMLName(name) || name == "Containerfile"
		for _, path := range []string{name, "deploy/" + name, "a/b/" + name} {
			if got := hooked(path); got != want {
				t.Errorf("hook takes %s: %v, want %v", path, got, want)
			}
		}
	}
	if hooked("Dockerfile/notes.txt") || hooked("compose.yaml/x") {
		t.Error("the hook matches a file inside a folder named like a Dockerfile")
	}
}
