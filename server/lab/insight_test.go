package lab

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

const insightDockerfile = "FROM node:lts-alpine\nWORKDIR /app\nCOPY . .\nRUN yarn install --production\nCMD [\"node\", \"src/index.js\"]\nEXPOSE 3000\n"

var t0 = time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)

func step(vertex string, cached bool, ms int) docker.BuildStep {
	s := docker.BuildStep{Vertex: vertex, Cached: cached, Started: t0}
	if !cached {
		s.Completed = t0.Add(time.Duration(ms) * time.Millisecond)
	}
	return s
}

// baseRows are node:lts-alpine's own history rows, oldest first.
var baseRows = []docker.HistoryEntry{
	{CreatedBy: "/bin/sh -c #(nop) ADD file:abc in / ", Size: 7_800_000},
	{CreatedBy: "/bin/sh -c #(nop)  CMD [\"/bin/sh\"]"},
	{CreatedBy: "/bin/sh -c addgroup -g 1000 node && …", Size: 120_000_000},
	{CreatedBy: "/bin/sh -c #(nop)  CMD [\"node\"]"},
}

// buildkitReport is a BuildKit build of the lab's Dockerfile as the engine
// reports it: its steps (RUN ran unless cached) and the image's history.
func buildkitReport(cachedUpTo int, digests map[string]string) docker.BuildResult {
	steps := []docker.BuildStep{
		step("[internal] load build definition from Dockerfile", false, 20),
		step("[internal] load metadata for docker.io/library/node:lts-alpine", false, 5),
		step("[1/4] FROM docker.io/library/node:lts-alpine", true, 0),
		step("[internal] load build context", false, 30),
		step("[2/4] WORKDIR /app", cachedUpTo >= 2, 100),
		step("[3/4] COPY . .", cachedUpTo >= 3, 200),
		step("[4/4] RUN yarn install --production", cachedUpTo >= 4, 8300),
		step("exporting to image", false, 400),
	}
	rows := append(append([]docker.HistoryEntry(nil), baseRows...),
		docker.HistoryEntry{CreatedBy: "WORKDIR /app", Comment: "buildkit.dockerfile.v0"},
		docker.HistoryEntry{CreatedBy: "COPY . . # buildkit", Size: 4_700_000, Comment: "buildkit.dockerfile.v0"},
		docker.HistoryEntry{CreatedBy: "RUN /bin/sh -c yarn install --production # buildkit", Size: 87_600_000, Comment: "buildkit.dockerfile.v0"},
		docker.HistoryEntry{CreatedBy: "CMD [\"node\" \"src/index.js\"]", Comment: "buildkit.dockerfile.v0"},
		docker.HistoryEntry{CreatedBy: "EXPOSE map[3000/tcp:{}]", Comment: "buildkit.dockerfile.v0"},
	)
	return docker.BuildResult{BuildKit: true, Insight: docker.BuildInsight{
		Started: t0, Finished: t0.Add(9 * time.Second), Steps: steps, History: rows, ImageSize: 220_000_000,
		Context: docker.BuildContext{Files: 4, Bytes: 9000, Digests: digests,
			Biggest:  []docker.ContextEntry{{Path: "src/", Bytes: 8000, Files: 2}, {Path: "package.json", Bytes: 600, Files: 1}},
			Excluded: []string{"node_modules"}}}}
}

// classicReport is the classic builder's build of the same file: every
// instruction is a step.
func classicReport(cachedUpTo int, digests map[string]string) docker.BuildResult {
	texts := strings.Split(strings.TrimSpace(insightDockerfile), "\n")
	var steps []docker.BuildStep
	for i, t := range texts {
		s := step("", i+1 <= cachedUpTo, 100*(i+1))
		s.Step, s.Text = i+1, t
		steps = append(steps, s)
	}
	rows := append(append([]docker.HistoryEntry(nil), baseRows...),
		docker.HistoryEntry{CreatedBy: "/bin/sh -c #(nop) WORKDIR /app"},
		docker.HistoryEntry{CreatedBy: "/bin/sh -c #(nop) COPY dir:0a1b2c in . ", Size: 4_700_000},
		docker.HistoryEntry{CreatedBy: "/bin/sh -c yarn install --production", Size: 87_600_000},
		docker.HistoryEntry{CreatedBy: "/bin/sh -c #(nop)  CMD [\"node\" \"src/index.js\"]"},
		docker.HistoryEntry{CreatedBy: "/bin/sh -c #(nop)  EXPOSE 3000"},
	)
	return docker.BuildResult{Insight: docker.BuildInsight{Started: t0, Finished: t0.Add(12 * time.Second),
		Steps: steps, History: rows, Context: docker.BuildContext{Files: 4, Bytes: 9000, Digests: digests}}}
}

func insightPlan(text string) Plan {
	return NewPlan("/work/getting-started/Dockerfile", dockerfile.Parse(text), Settings{}, "")
}

// labels are the hints' labels by 1-based line.
func labels(in *Insight, current string) map[int]string {
	out := map[int]string{}
	for _, h := range in.Hints(current) {
		out[h.Line+1] = h.Label
	}
	return out
}

var files1 = map[string]string{"package.json": "p1", "yarn.lock": "y1", "src/index.js": "i1", "src/static/js/app.js": "a1"}

func TestInsightFirstBuild(t *testing.T) {
	for name, res := range map[string]docker.BuildResult{"buildkit": buildkitReport(1, files1), "classic": classicReport(0, files1)} {
		t.Run(name, func(t *testing.T) {
			in := NewInsight(insightPlan(insightDockerfile), res, nil)
			got := labels(in, insightDockerfile)
			if in.Miss != nil {
				t.Errorf("a first build has no cache miss, got %+v", in.Miss)
			}
			want := map[int]string{
				2: "0.", 3: "4.7MB", 4: "87.6MB", 5: "설정만 바뀜 (레이어 없음)", 6: "설정만 바뀜 (레이어 없음)",
			}
			for line, part := range want {
				if !strings.Contains(got[line], part) {
					t.Errorf("line %d: hint %q, want it to contain %q (all: %v)", line, got[line], part, got)
				}
			}
			if !strings.Contains(got[4], "초") {
				t.Errorf("the RUN ran: its hint %q should give its time", got[4])
			}
			if !strings.Contains(got[1], "베이스 이미지 128MB") {
				t.Errorf("FROM: hint %q, want the base image's layers (128MB)", got[1])
			}
			if len(in.Biggest) == 0 || in.Biggest[0].Keyword != "RUN" {
				t.Errorf("the biggest layer is the RUN's, got %+v", in.Biggest)
			}
		})
	}
}

func TestInsightRebuildAfterSourceChange(t *testing.T) {
	files2 := map[string]string{"package.json": "p1", "yarn.lock": "y1", "src/index.js": "i1", "src/static/js/app.js": "a2"}
	for name, pair := range map[string][2]docker.BuildResult{
		"buildkit": {buildkitReport(1, files1), buildkitReport(2, files2)},
		"classic":  {classicReport(0, files1), classicReport(2, files2)},
	} {
		t.Run(name, func(t *testing.T) {
			p := insightPlan(insightDockerfile)
			first := NewInsight(p, pair[0], nil)
			in := NewInsight(p, pair[1], first)
			if in.Miss == nil || in.Miss.Line != 2 || in.Miss.Why != FilesChanged {
				t.Fatalf("the first miss is COPY . . (line 3) because a file changed, got %+v", in.Miss)
			}
			if len(in.Miss.Files) != 1 || in.Miss.Files[0] != "src/static/js/app.js" {
				t.Errorf("changed files %v, want [src/static/js/app.js]", in.Miss.Files)
			}
			if !strings.Contains(in.Miss.Fix, "`COPY package.json yarn.lock ./`") || !strings.Contains(in.Miss.Fix, "`RUN yarn install --production`") {
				t.Errorf("the classic fix should be offered, got %q", in.Miss.Fix)
			}
			got := labels(in, insightDockerfile)
			if !strings.Contains(got[2], "캐시 사용") || !strings.Contains(got[3], "캐시가 끊긴 곳") || strings.Contains(got[4], "캐시 사용") {
				t.Errorf("WORKDIR cached, COPY the miss, RUN ran again; got %v", got)
			}
			explain := in.Miss.Explain()
			for _, want := range []string{"`src/static/js/app.js`", "아래의 스텝도 모두 다시 실행", CacheDocs} {
				if !strings.Contains(explain, want) {
					t.Errorf("explanation %q lacks %q", explain, want)
				}
			}
			if sum := in.Summary(); !strings.Contains(sum, "캐시가 끊긴 곳(3번째 줄): 이번 빌드에서") || !strings.Contains(sum, "87.6MB  4번째 줄 RUN yarn install --production") {
				t.Errorf("summary:\n%s", sum)
			}
		})
	}
}

func TestInsightRebuildAfterTextChange(t *testing.T) {
	edited := strings.Replace(insightDockerfile, "yarn install --production", "yarn install --production --frozen-lockfile", 1)
	first := NewInsight(insightPlan(insightDockerfile), buildkitReport(1, files1), nil)
	in := NewInsight(insightPlan(edited), buildkitReport(3, files1), first)
	if in.Miss == nil || in.Miss.Line != 3 || in.Miss.Why != TextChanged {
		t.Fatalf("the first miss is the edited RUN (line 4), got %+v", in.Miss)
	}
	if in.Miss.Fix != "" {
		t.Errorf("no dependency fix for a RUN, got %q", in.Miss.Fix)
	}
}

func TestInsightUnchangedRebuild(t *testing.T) {
	first := NewInsight(insightPlan(insightDockerfile), buildkitReport(1, files1), nil)
	in := NewInsight(insightPlan(insightDockerfile), buildkitReport(4, files1), first)
	if in.Miss != nil {
		t.Errorf("every step cached: no miss, got %+v", in.Miss)
	}
	if in.Cached != 4 || in.Steps != 4 {
		t.Errorf("cached %d of %d steps, want 4 of 4 (FROM, WORKDIR, COPY, RUN)", in.Cached, in.Steps)
	}
}

// Hints belong to the text they were built from: an edit makes its line
// and every line below stale, and moves them with inserted lines.
func TestInsightHintsGoStale(t *testing.T) {
	in := NewInsight(insightPlan(insightDockerfile), buildkitReport(1, files1), nil)
	edited := strings.Replace(insightDockerfile, "COPY . .\n", "COPY package.json yarn.lock ./\nRUN yarn install --production\nCOPY . .\n", 1)
	hints := in.Hints(edited)
	byLine := map[int]Hint{}
	for _, h := range hints {
		byLine[h.Line+1] = h
	}
	if h := byLine[2]; h.Stale || h.Label == "" {
		t.Errorf("WORKDIR, above the edit, keeps its fresh hint: %+v", h)
	}
	if h := byLine[6]; !h.Stale || !strings.Contains(h.Label, "87.6MB") || !strings.HasSuffix(h.Label, "(수정됨)") {
		t.Errorf("the old RUN moved to line 6 and is stale: %+v (all %+v)", h, hints)
	}
	if _, ok := byLine[3]; ok {
		t.Errorf("line 3 was replaced; it should carry no old hint: %+v", byLine[3])
	}
	if got := in.Hints(insightDockerfile); got[0].Stale {
		t.Errorf("unchanged text: nothing stale, got %+v", got)
	}
}

func TestHistoryKeyword(t *testing.T) {
	for in, want := range map[string]string{
		"/bin/sh -c #(nop)  CMD [\"node\"]":                   "CMD",
		"/bin/sh -c #(nop) COPY dir:0a1b in . ":               "COPY",
		"/bin/sh -c yarn install --production":                "RUN",
		"|1 VERSION=2 /bin/sh -c make":                        "RUN",
		"RUN /bin/sh -c yarn install --production # buildkit": "RUN",
		"COPY . . # buildkit":                                 "COPY",
		"WORKDIR /app":                                        "WORKDIR",
		"EXPOSE map[3000/tcp:{}]":                             "EXPOSE",
		"":                                                    "",
	} {
		if got := historyKeyword(in); got != want {
			t.Errorf("historyKeyword(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCopiesFile(t *testing.T) {
	m := dockerfile.Parse("FROM a\nCOPY src/ /app/src\nCOPY *.json ./\nCOPY [\"yarn.lock\", \"/x/\"]\nCOPY --from=b /a /b\n")
	ins := m.Stages[0].Instructions
	for _, tc := range []struct {
		in   int
		file string
		want bool
	}{
		{1, "src/index.js", true}, {1, "srcx/a", false}, {2, "package.json", true}, {2, "src/a.json", false},
		{3, "yarn.lock", true}, {3, "package.json", false},
	} {
		if got := copiesFile(ins[tc.in], tc.file); got != tc.want {
			t.Errorf("%s copies %s: %v, want %v", strings.TrimSpace(m.Mapper.Line(ins[tc.in].StartLine)), tc.file, got, tc.want)
		}
	}
}

// readReport reads what Build returned for a recorded build of
// testdata/lab (testdata/insight, made by package engine's
// TestInsightReports from real streams and histories of both engines).
func readReport(t *testing.T, engine, name string) docker.BuildResult {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("../../testdata/insight", engine, name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var res docker.BuildResult
	if err := json.Unmarshal(raw, &res); err != nil {
		t.Fatal(err)
	}
	return res
}

// TestInsightOnRecordedBuilds maps real builds of testdata/lab — both
// builders, dockerd 20.10 and Engine 29.8 — to its Dockerfile: a build, an
// unchanged rebuild (every step cached, no miss) and a rebuild after
// src/static/js/app.js changed (`COPY . .` is where the cache broke, and
// it names the file; WORKDIR cached; RUN ran again).
func TestInsightOnRecordedBuilds(t *testing.T) {
	text, err := os.ReadFile("../../testdata/lab/Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	p := insightPlan(string(text))
	for _, engine := range []string{"20.10", "29.8"} {
		for _, builder := range []string{"buildkit", "classic"} {
			t.Run(engine+"/"+builder, func(t *testing.T) {
				first := NewInsight(p, readReport(t, engine, builder+"-build"), nil)
				got := labels(first, string(text))
				for line := 1; line <= 6; line++ {
					if got[line] == "" {
						t.Errorf("build: line %d has no hint: %v", line, got)
					}
				}
				if !strings.Contains(got[1], "베이스 이미지") || !strings.Contains(got[4], "초") || !sizeRe.MatchString(got[4]) ||
					!strings.Contains(got[5], "설정만 바뀜") || !strings.Contains(got[6], "설정만 바뀜") {
					t.Errorf("build: hints %v", got)
				}
				again := NewInsight(p, readReport(t, engine, builder+"-rebuild"), first)
				got = labels(again, string(text))
				for _, line := range []int{2, 3, 4} {
					if !strings.Contains(got[line], "캐시 사용") {
						t.Errorf("rebuild: line %d should come from the cache: %v", line, got)
					}
				}
				if again.Miss != nil {
					t.Errorf("rebuild: every step cached, no miss; got %+v", again.Miss)
				}
				change := NewInsight(p, readReport(t, engine, builder+"-change"), again)
				if m := change.Miss; m == nil || m.Line != 2 || m.Why != FilesChanged || len(m.Files) != 1 || m.Files[0] != "src/static/js/app.js" {
					t.Fatalf("change: the miss should be COPY . . (line 3) naming src/static/js/app.js, got %+v", m)
				}
				got = labels(change, string(text))
				if !strings.Contains(got[2], "캐시 사용") || strings.Contains(got[4], "캐시 사용") || !strings.Contains(got[3], "캐시가 끊긴 곳") {
					t.Errorf("change: hints %v", got)
				}
				if len(change.Biggest) == 0 || change.Biggest[0].Keyword != "RUN" {
					t.Errorf("the RUN's layer is the biggest: %+v", change.Biggest)
				}
			})
		}
	}
}

var sizeRe = regexp.MustCompile(`\d(\.\d+)?[kMG]?B`)

// The summary says which big directories .dockerignore could leave out,
// and only where that is true of this Dockerfile: node_modules when it
// installs dependencies, a build output when it builds inside the image.
func TestInsightContextTips(t *testing.T) {
	res := buildkitReport(1, files1)
	res.Insight.Context.Biggest = []docker.ContextEntry{{Path: "node_modules/", Bytes: 45_000_000}, {Path: "dist/", Bytes: 3_000_000}, {Path: ".git/", Bytes: 2_000_000}}
	sum := NewInsight(insightPlan(insightDockerfile), res, nil).Summary()
	for _, want := range []string{"`.dockerignore`에 `node_modules`를", "`.dockerignore`에 `.git`을"} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary lacks %q:\n%s", want, sum)
		}
	}
	if strings.Contains(sum, "`dist`") {
		t.Errorf("the lab's Dockerfile builds nothing inside the image: no tip about dist:\n%s", sum)
	}
	builds := strings.Replace(insightDockerfile, "RUN yarn install --production", "RUN yarn install && yarn build", 1)
	if sum := NewInsight(insightPlan(builds), res, nil).Summary(); !strings.Contains(sum, "빌드 컨텍스트에 든 `dist` 디렉터리(3MB)는 빌드 결과물입니다") {
		t.Errorf("a Dockerfile that builds inside the image: tip about dist expected:\n%s", sum)
	}
	res.Insight.Context.Biggest = []docker.ContextEntry{{Path: "node_modules/", Bytes: 45_000_000}}
	noInstall := "FROM node:lts-alpine\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"src/index.js\"]\n"
	if sum := NewInsight(insightPlan(noInstall), res, nil).Summary(); strings.Contains(sum, "node_modules`를") {
		t.Errorf("a Dockerfile that installs nothing needs its node_modules: no tip:\n%s", sum)
	}
}
