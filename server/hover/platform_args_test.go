package hover

import (
	"context"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// An automatic platform ARG declared in a stage without a value (and one
// inherited from a parent stage) has BuildKit's value, never "no default"
// or "empty" (a real Dockerfile of docker/buildx hovered it so).
func TestPlatformArgHasBuildKitValue(t *testing.T) {
	text := "FROM alpine:3.20 AS base\nARG TARGETPLATFORM\nARG BUILDARCH\nFROM base AS lint\nRUN echo $TARGETPLATFORM\nCOPY x /$BUILDARCH/\n"
	m := dockerfile.Parse(text)
	for _, tc := range []struct{ at, want string }{
		{"$TARGETPLATFORM", "`linux/amd64` 같은 형식"},
		{"$BUILDARCH", "빌드를 실행하는 엔진의 플랫폼의 아키텍처"},
	} {
		h := Hover(context.Background(), m, strings.LastIndex(text, tc.at)+1, nil)
		if h == nil {
			t.Fatalf("%s: no hover", tc.at)
		}
		if !strings.Contains(h.Markdown, "BuildKit이 자동으로 채웁니다") || !strings.Contains(h.Markdown, tc.want) {
			t.Errorf("%s: hover does not give BuildKit's value:\n%s", tc.at, h.Markdown)
		}
		for _, wrong := range []string{"기본값이 없습니다", "빈 문자열", "정의되지 않은"} {
			if strings.Contains(h.Markdown, wrong) {
				t.Errorf("%s: hover says %q:\n%s", tc.at, wrong, h.Markdown)
			}
		}
	}
}
