package engine

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/internal/tabletest"
	controlapi "github.com/moby/buildkit/api/services/control"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// t0 is an arbitrary start time for hand-made traces.
var t0 = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// at returns t0 plus ms milliseconds as a protobuf timestamp.
func at(ms int) *timestamppb.Timestamp {
	return timestamppb.New(t0.Add(time.Duration(ms) * time.Millisecond))
}

// traceLine encodes st the way dockerd sends it in the /build stream.
func traceLine(t *testing.T, st *controlapi.StatusResponse) string {
	t.Helper()
	raw, err := st.MarshalVT()
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(map[string]any{"id": traceID, "aux": base64.StdEncoding.EncodeToString(raw)})
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}

// TestTraceDecoder feeds a hand-made BuildKit build (one cached step, one
// with logs split across updates, one failing) through the JSON stream.
func TestTraceDecoder(t *testing.T) {
	const (
		ctxDigest  = "sha256:aaa"
		copyDigest = "sha256:bbb"
		runDigest  = "sha256:ccc"
		failDigest = "sha256:ddd"
	)
	updates := []*controlapi.StatusResponse{
		// Listed, not started: nothing to print yet.
		{Vertexes: []*controlapi.Vertex{{Digest: ctxDigest, Name: "[internal] load build context"}}},
		{Vertexes: []*controlapi.Vertex{{Digest: ctxDigest, Name: "[internal] load build context", Started: at(0)}}},
		{Statuses: []*controlapi.VertexStatus{{ID: "transferring context:", Vertex: ctxDigest, Current: 1500, Started: at(0)}}},
		{Statuses: []*controlapi.VertexStatus{{ID: "transferring context:", Vertex: ctxDigest, Current: 2048, Started: at(0), Completed: at(30)}}},
		{Vertexes: []*controlapi.Vertex{{Digest: ctxDigest, Name: "[internal] load build context", Started: at(0), Completed: at(50)}}},
		// The same completion again must not print twice.
		{Vertexes: []*controlapi.Vertex{{Digest: ctxDigest, Name: "[internal] load build context", Started: at(0), Completed: at(50)}}},
		{Vertexes: []*controlapi.Vertex{{Digest: copyDigest, Name: "[1/3] COPY . /app", Cached: true, Started: at(60), Completed: at(60)}}},
		{Vertexes: []*controlapi.Vertex{{Digest: runDigest, Name: "[2/3] RUN make", Started: at(100)}}},
		{Logs: []*controlapi.VertexLog{{Vertex: runDigest, Timestamp: at(350), Msg: []byte("compiling ")}}},
		{Logs: []*controlapi.VertexLog{{Vertex: runDigest, Timestamp: at(400), Msg: []byte("main.go\r\nlinking\n")}}},
		{Logs: []*controlapi.VertexLog{{Vertex: runDigest, Timestamp: at(500), Msg: []byte("no newline")}}},
		{Vertexes: []*controlapi.Vertex{{Digest: runDigest, Name: "[2/3] RUN make", Started: at(100), Completed: at(1350)}}},
		{Vertexes: []*controlapi.Vertex{
			{Digest: failDigest, Name: "[stage-1 3/3] RUN false", Started: at(1400), Completed: at(1500), Error: `process "/bin/sh -c false" did not complete successfully: exit code: 1`},
			{Digest: "sha256:eee", Name: "[4/5] RUN sleep 9", Started: at(1400), Completed: at(1500), Error: "context canceled"},
		}},
		{Warnings: []*controlapi.VertexWarning{{Vertex: failDigest, Short: []byte("a warning ")}}},
	}
	var stream strings.Builder
	for _, u := range updates {
		stream.WriteString(traceLine(t, u))
	}
	stream.WriteString(`{"errorDetail":{"message":"exit code: 1"},"error":"exit code: 1"}` + "\n")
	stream.WriteString(`{"stream":"never read"}` + "\n")

	var out bytes.Buffer
	s := newBuildStream(&out, true)
	if err := s.read(strings.NewReader(stream.String())); err != nil {
		t.Fatalf("read: %v", err)
	}
	want := `#1 [internal] load build context
#1 transferring context: 2.00kB done
#1 DONE 0.1s
#2 [1/3] COPY . /app
#2 CACHED
#3 [2/3] RUN make
#3 0.300 compiling main.go
#3 0.300 linking
#3 no newline
#3 DONE 1.2s
#4 [stage-1 3/3] RUN false
#5 [4/5] RUN sleep 9
#4 ERROR: process "/bin/sh -c false" did not complete successfully: exit code: 1
#5 ERROR: context canceled
#4 WARN: a warning
`
	if got := out.String(); got != want {
		t.Errorf("output:\n%s\nwant:\n%s", got, want)
	}
	if s.errMsg != "exit code: 1" {
		t.Errorf("errMsg = %q", s.errMsg)
	}
	if s.trace.failed != "[stage-1 3/3] RUN false" {
		t.Errorf("failed step = %q, want the first non-canceled error", s.trace.failed)
	}
}

// TestTraceImageID reads the image ID BuildKit sends after the trace.
func TestTraceImageID(t *testing.T) {
	in := `{"id":"moby.image.id","aux":{"ID":"sha256:0123"}}` + "\n" + `{"stream":"Successfully tagged x:latest\n"}` + "\n"
	var out bytes.Buffer
	s := newBuildStream(&out, true)
	if err := s.read(strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	if s.imageID != "sha256:0123" || out.String() != "Successfully tagged x:latest\n" {
		t.Errorf("imageID = %q, output = %q", s.imageID, out.String())
	}
}

// TestTraceBadPayload reports a trace that is not a StatusResponse.
func TestTraceBadPayload(t *testing.T) {
	in := `{"id":"moby.buildkit.trace","aux":"` + base64.StdEncoding.EncodeToString([]byte{0xff, 0xff, 0xff}) + `"}`
	s := newBuildStream(&bytes.Buffer{}, true)
	if err := s.read(strings.NewReader(in)); err == nil || !strings.Contains(err.Error(), "buildkit") {
		t.Errorf("read = %v, want a decoding error", err)
	}
}

// TestClassicStream decodes the classic builder's messages: split lines,
// the aux image ID, pull status without progress bars, and the error.
func TestClassicStream(t *testing.T) {
	in := strings.Join([]string{
		`{"stream":"Step 1/3 : FROM scratch"}`,
		`{"stream":"\n"}`,
		`{"stream":" ---\u003e \n"}`,
		`{"status":"Pulling fs layer","id":"abc"}`,
		`{"status":"Downloading","progressDetail":{"current":1,"total":2},"id":"abc"}`,
		`{"stream":"Step 2/3 : COPY a /"}`,
		`{"stream":"\n"}`,
		`{"aux":{"ID":"sha256:feed"}}`,
		`{"stream":"partial"}`,
		`{"errorDetail":{"message":"COPY failed: file not found"},"error":"COPY failed: file not found"}`,
	}, "\n")
	var out lineRecorder
	s := newBuildStream(&out, false)
	if err := s.read(strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	want := "Step 1/3 : FROM scratch\n ---> \nabc: Pulling fs layer\nStep 2/3 : COPY a /\npartial\n"
	if out.String() != want {
		t.Errorf("output = %q, want %q", out.String(), want)
	}
	if len(out.broken) > 0 {
		t.Errorf("partial writes: %q", out.broken)
	}
	if s.lastStep != 2 || s.imageID != "sha256:feed" || s.errMsg != "COPY failed: file not found" {
		t.Errorf("lastStep=%d imageID=%q errMsg=%q", s.lastStep, s.imageID, s.errMsg)
	}
}

func TestFormatBytes(t *testing.T) {
	tabletest.Func(t, "formatBytes", formatBytes, map[int64]string{0: "0B", 1023: "1023B", 1024: "1.00kB", 1536: "1.50kB", 5 << 20: "5.00MB"})
}

// TestTraceOneUpdate checks the order of lines when one update carries a
// step's start, transfer, log and completion together.
func TestTraceOneUpdate(t *testing.T) {
	var out bytes.Buffer
	d := newTraceDecoder(&out)
	d.apply(&controlapi.StatusResponse{
		Vertexes: []*controlapi.Vertex{{Digest: "x", Name: "exporting to image", Started: at(0), Completed: at(200)}},
		Statuses: []*controlapi.VertexStatus{{ID: "naming to docker.io/library/app:latest", Vertex: "x", Started: at(0), Completed: at(100)}},
		Logs:     []*controlapi.VertexLog{{Vertex: "x", Timestamp: at(50), Msg: []byte("log\n")}},
	})
	want := "#1 exporting to image\n#1 naming to docker.io/library/app:latest done\n#1 0.050 log\n#1 DONE 0.2s\n"
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
}
