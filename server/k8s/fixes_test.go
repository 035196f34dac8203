package k8s

import (
	"strings"
	"testing"
)

// TestFixes applies each problem's fix and checks the result and that the
// problem is gone.
func TestFixes(t *testing.T) {
	const dep = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  replicas: %s\n  selector:\n    matchLabels:\n      app: app\n  template:\n    metadata:\n      labels:\n        app: app\n    spec:\n      containers:\n        - %s\n"
	for _, tc := range []struct {
		name, text, code, title, want string
		kind                          bool
	}{
		{name: "unknown field", text: strings.Replace(dep, "replicas: %s", "replicaz: 1", 1), code: "UnknownField", title: "`replicas` 필드로 바꾸기",
			want: "  replicas: 1\n"},
		{name: "unquote", text: strings.Replace(dep, "%s", `"2"`, 1), code: "WrongType", title: "`2` 값으로 바꾸기", want: "  replicas: 2\n"},
		{name: "removed version", text: strings.Replace(strings.Replace(dep, "apps/v1", "extensions/v1beta1", 1), "%s", "1", 1), code: "RemovedAPIVersion",
			title: "`apps/v1` 버전으로 바꾸기", want: "apiVersion: apps/v1\n"},
		{name: "pull policy", text: strings.Replace(strings.Replace(dep, "%s", "1", 1), "%s", "name: app\n          image: getting-started", 1), kind: true,
			code: "ImagePullOnKind", title: "`imagePullPolicy: IfNotPresent` 설정 추가",
			want: "          image: getting-started\n          imagePullPolicy: IfNotPresent\n"},
		{name: "pull policy, first key of the item, CRLF, no final newline", kind: true,
			text: strings.ReplaceAll(strings.TrimSuffix(strings.Replace(strings.Replace(dep, "%s", "1", 1), "%s", "image: getting-started:latest", 1), "\n"), "\n", "\r\n"),
			code: "ImagePullOnKind", title: "`imagePullPolicy: IfNotPresent` 설정 추가",
			want: "        - image: getting-started:latest\r\n          imagePullPolicy: IfNotPresent\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := strings.Replace(tc.text, "%s", "name: app\n          image: app:1", 1)
			var found *Problem
			for _, p := range CheckWith(Parse(text), Options{KindCluster: tc.kind}) {
				if p.Code == tc.code {
					found = &p
				}
			}
			if found == nil {
				t.Fatalf("no %s problem in\n%s", tc.code, text)
			}
			fixes := Fixes(text, *found)
			if len(fixes) != 1 || fixes[0].Title != tc.title {
				t.Fatalf("fixes = %+v, want one titled %q", fixes, tc.title)
			}
			fixed := apply(text, fixes[0].Edits)
			if !strings.Contains(fixed, tc.want) {
				t.Errorf("fixed text lacks %q:\n%s", tc.want, fixed)
			}
			for _, p := range CheckWith(Parse(fixed), Options{KindCluster: tc.kind}) {
				if p.Code == tc.code {
					t.Errorf("still %s after the fix: %s\n%s", p.Code, p.Message, fixed)
				}
			}
		})
	}
}

func apply(text string, edits []Edit) string {
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		text = text[:e.Span.Start] + e.NewText + text[e.Span.End:]
	}
	return text
}
