package check

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/internal/testfs"
)

// The report is what GitLab reads: a JSON array of objects, each with every
// key GitLab requires, a severity on GitLab's scale, a relative
// slash-separated path and a fingerprint no other issue shares.
func TestGitLab(t *testing.T) {
	dir := testfs.Tree(t, map[string]string{
		"app/Dockerfile": "FROM alpine:3.20\nRUN apk add git && apk add curl\nEXPOSE 70000\n",
		"compose.yaml":   "services:\n  app:\n    image: nginx\n    prots: [\"80:80\"]\n",
		"ok/Dockerfile":  clean,
	})
	r := run(t, dir, Options{}, "./app/Dockerfile", "compose.yaml", "ok")
	var out bytes.Buffer
	if err := WriteGitLab(&out, r); err != nil {
		t.Fatal(err)
	}
	var issues []map[string]any
	if err := json.Unmarshal(out.Bytes(), &issues); err != nil {
		t.Fatalf("not a JSON array of objects: %v\n%s", err, &out)
	}
	if len(issues) != len(r.Findings) || len(issues) < 4 {
		t.Fatalf("%d issues for %d findings:\n%s", len(issues), len(r.Findings), &out)
	}
	hex64 := regexp.MustCompile(`^[0-9a-f]{64}$`)
	seen := map[string]bool{}
	var got []string
	for i, is := range issues {
		desc, _ := is["description"].(string)
		name, _ := is["check_name"].(string)
		fp, _ := is["fingerprint"].(string)
		sev, _ := is["severity"].(string)
		loc, _ := is["location"].(map[string]any)
		path, _ := loc["path"].(string)
		lines, _ := loc["lines"].(map[string]any)
		begin, _ := lines["begin"].(float64)
		if desc == "" || name == "" || !hex64.MatchString(fp) || path == "" || begin < 1 {
			t.Errorf("issue %d lacks a required key: %v", i, is)
		}
		if !slices.Contains([]string{"info", "minor", "major", "critical", "blocker"}, sev) {
			t.Errorf("issue %d: severity %q is not GitLab's", i, sev)
		}
		if seen[fp] {
			t.Errorf("issue %d repeats fingerprint %s", i, fp)
		}
		seen[fp] = true
		got = append(got, path+":"+name+":"+sev)
	}
	want := []string{
		"app/Dockerfile:ApkNoCache:major", "app/Dockerfile:ApkNoCache:major", // one line, two fingerprints
		"app/Dockerfile:ExposePortRange:blocker",
		"compose.yaml:ComposeUnknownKey:blocker",
	}
	if !slices.Equal(got, want) {
		t.Errorf("issues %q, want %q", got, want)
	}

	// The same findings give the same fingerprints in the next pipeline.
	var again bytes.Buffer
	if err := WriteGitLab(&again, run(t, dir, Options{}, "app", "compose.yaml", "ok")); err != nil || again.String() != out.String() {
		t.Errorf("a second run differs (%v):\n%s", err, &again)
	}

	// Nothing found is an empty array, not null.
	out.Reset()
	if err := WriteGitLab(&out, run(t, dir, Options{}, "ok")); err != nil || strings.TrimSpace(out.String()) != "[]" {
		t.Errorf("clean report = %q, %v", &out, err)
	}
}
