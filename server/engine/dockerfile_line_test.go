package engine

import "testing"

const multiStage = `# syntax is not used offline
ARG GO=1.26
FROM golang:${GO} AS build
WORKDIR /src
ENV CGO_ENABLED=0
COPY . .
RUN go build -o /app \
    ./cmd/app

FROM build AS test
RUN go test ./...

FROM scratch
LABEL org.example=1
COPY --from=build /app /app
ENTRYPOINT ["/app"]
`

func TestBuildkitStepLine(t *testing.T) {
	cases := []struct {
		dockerfile, vertex, target string
		want                       int
	}{
		{multiStage, "[build 1/4] FROM docker.io/library/golang:1.26", "", 3},
		{multiStage, "[build 2/4] WORKDIR /src", "", 4},
		{multiStage, "[build 3/4] COPY . .", "", 6},
		{multiStage, "[build 4/4] RUN go build -o /app     ./cmd/app", "", 7},
		// FROM an earlier stage is not counted.
		{multiStage, "[test 1/1] RUN go test ./...", "", 11},
		// FROM scratch is not counted; unnamed stages are "stage-N".
		{multiStage, "[stage-2 1/1] COPY --from=build /app /app", "", 15},
		// A platform prefix and padded numbers.
		{multiStage, "[linux/amd64 build  2/4] WORKDIR /src", "", 4},
		// One stage: no name in the prefix.
		{"FROM scratch\nCOPY a /\n\nRUN x\n", "[2/2] RUN x", "", 4},
		{"FROM alpine\nRUN a\nRUN b\n", "[3/3] RUN b", "", 3},
		{"FROM alpine\nONBUILD RUN a\n", "[1/1] FROM docker.io/library/alpine", "", 1},
		// Numbering that disagrees with the keyword falls back to a unique keyword.
		{"FROM alpine\nUSER x\nRUN a\n", "[1/1] RUN a", "", 3},
		// Not a step, unknown stage, or ambiguous.
		{multiStage, "[internal] load build context", "", 0},
		{multiStage, "[nope 1/1] RUN x", "", 0},
		{"FROM alpine\nRUN a\nRUN b\n", "[7/9] RUN b", "", 0},
		{"FROM alpine\nFOO\n\"", "[1/1] RUN a", "", 0},
	}
	for _, tc := range cases {
		if got := buildkitStepLine([]byte(tc.dockerfile), tc.vertex, tc.target); got != tc.want {
			t.Errorf("buildkitStepLine(%q) = %d, want %d", tc.vertex, got, tc.want)
		}
	}
}

func TestClassicStepLine(t *testing.T) {
	// The classic builder counts every instruction, global ARGs included.
	for step, want := range map[int]int{1: 2, 2: 3, 4: 5, 5: 6, 6: 7, 12: 16, 13: 0, 0: 0} {
		if got := classicStepLine([]byte(multiStage), step); got != want {
			t.Errorf("classicStepLine(step %d) = %d, want %d", step, got, want)
		}
	}
}

func TestParseErrorLine(t *testing.T) {
	for msg, want := range map[string]int{
		"dockerfile parse error line 3: unknown instruction: FOO":                                                         3,
		"failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 12: x": 12,
		"dockerfile parse error on line 7: unknown instruction: BAR":                                                      7,
		"COPY failed: file not found in build context":                                                                    0,
	} {
		if got := parseErrorLine(msg); got != want {
			t.Errorf("parseErrorLine(%q) = %d, want %d", msg, got, want)
		}
	}
}
