package engine

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	controlapi "github.com/moby/buildkit/api/services/control"
)

// traceID is the jsonmessage id under which the engine sends BuildKit
// progress: the aux field holds a base64 StatusResponse protobuf (the JSON
// decoder turns the base64 string into bytes for us).
const traceID = "moby.buildkit.trace"

// traceVertex is what the printer remembers about one build step.
type traceVertex struct {
	num       int       // the "#N" shown to the learner, in start order
	name      string    // "[2/4] RUN make"
	started   time.Time // for log offsets and the DONE duration
	done      bool      // DONE/CACHED/ERROR already printed
	logBuf    []byte    // an unfinished log line
	statusOut map[string]bool
	// What build insight keeps of the step: cached once any update said
	// so (BuildKit 0.8 reports a step that ran as cached again later), the
	// latest completion and error.
	cached    bool
	completed time.Time
	err       string
}

// traceDecoder turns BuildKit status updates into the plain progress lines
// of `docker build --progress=plain`:
//
//	#3 [2/4] WORKDIR /app
//	#3 0.215 hello from RUN
//	#3 DONE 0.1s
//
// Updates repeat a vertex many times as it changes; the decoder prints each
// fact once. It also remembers the first failed step so the build error can
// point at a Dockerfile line.
type traceDecoder struct {
	out      io.Writer
	vertices map[string]*traceVertex
	next     int
	// started are the numbered vertices in start order (started[i].num is
	// i+1), for build insight.
	started []*traceVertex
	// failed is the name of the first step that reported an error other
	// than a cancellation caused by another step's failure.
	failed string
}

// newTraceDecoder returns a decoder printing to out.
func newTraceDecoder(out io.Writer) *traceDecoder {
	return &traceDecoder{out: out, vertices: map[string]*traceVertex{}}
}

// decode prints what is new in one serialized StatusResponse.
func (d *traceDecoder) decode(raw []byte) error {
	var st controlapi.StatusResponse
	if err := st.UnmarshalVT(raw); err != nil {
		return fmt.Errorf("decoding buildkit status: %w", err)
	}
	d.apply(&st)
	return nil
}

// vertex returns the state for digest, numbering it on first start.
func (d *traceDecoder) vertex(digest string) *traceVertex {
	v := d.vertices[digest]
	if v == nil {
		v = &traceVertex{statusOut: map[string]bool{}}
		d.vertices[digest] = v
	}
	return v
}

// start prints the vertex header the first time the vertex is seen running.
func (d *traceDecoder) start(v *traceVertex) {
	if v.num != 0 {
		return
	}
	d.next++
	v.num = d.next
	d.started = append(d.started, v)
	fmt.Fprintf(d.out, "#%d %s\n", v.num, v.name)
}

// apply prints one decoded update: new steps first, then their transfers,
// logs and warnings, and completions last, so a step's lines come before
// its DONE even when one update carries both.
func (d *traceDecoder) apply(st *controlapi.StatusResponse) {
	for _, vx := range st.Vertexes {
		v := d.vertex(vx.Digest)
		if vx.Name != "" {
			v.name = vx.Name
		}
		v.cached = v.cached || vx.Cached
		if vx.Completed != nil {
			v.completed = vx.Completed.AsTime()
		}
		if vx.Error != "" {
			v.err = vx.Error
		}
		if vx.Started == nil && !vx.Cached {
			continue // listed but not running yet
		}
		if vx.Started != nil {
			v.started = vx.Started.AsTime()
		}
		d.start(v)
	}
	for _, s := range st.Statuses {
		v := d.vertex(s.Vertex)
		if s.Completed == nil || v.statusOut[s.ID] || v.num == 0 {
			continue // print transfers once, when they finish
		}
		v.statusOut[s.ID] = true
		name := s.Name
		if name == "" {
			name = s.ID
		}
		if s.Current > 0 {
			fmt.Fprintf(d.out, "#%d %s %s done\n", v.num, name, formatBytes(s.Current))
		} else {
			fmt.Fprintf(d.out, "#%d %s done\n", v.num, name)
		}
	}
	for _, l := range st.Logs {
		v := d.vertex(l.Vertex)
		if v.num == 0 {
			d.start(v)
		}
		offset := 0.0
		if l.Timestamp != nil && !v.started.IsZero() {
			offset = l.Timestamp.AsTime().Sub(v.started).Seconds()
		}
		v.logBuf = append(v.logBuf, l.Msg...)
		for {
			i := bytes.IndexByte(v.logBuf, '\n')
			if i < 0 {
				break
			}
			line := strings.TrimRight(string(v.logBuf[:i]), "\r")
			fmt.Fprintf(d.out, "#%d %.3f %s\n", v.num, offset, line)
			v.logBuf = v.logBuf[i+1:]
		}
	}
	for _, w := range st.Warnings {
		v := d.vertex(w.Vertex)
		if v.num == 0 {
			d.start(v)
		}
		fmt.Fprintf(d.out, "#%d WARN: %s\n", v.num, strings.TrimSpace(string(w.Short)))
	}
	for _, vx := range st.Vertexes {
		v := d.vertex(vx.Digest)
		if v.num == 0 || v.done {
			continue
		}
		switch {
		case vx.Error != "":
			d.flushLog(v)
			v.done = true
			fmt.Fprintf(d.out, "#%d ERROR: %s\n", v.num, vx.Error)
			if d.failed == "" && !strings.HasSuffix(vx.Error, "context canceled") {
				d.failed = v.name
			}
		case vx.Cached:
			v.done = true
			fmt.Fprintf(d.out, "#%d CACHED\n", v.num)
		case vx.Completed != nil:
			d.flushLog(v)
			v.done = true
			dur := vx.Completed.AsTime().Sub(v.started)
			fmt.Fprintf(d.out, "#%d DONE %.1fs\n", v.num, dur.Seconds())
		}
	}
}

// steps are the vertices that started or came from the cache, in the
// order they started, as build insight reports them.
func (d *traceDecoder) steps() []docker.BuildStep {
	if len(d.started) == 0 {
		return nil
	}
	out := make([]docker.BuildStep, len(d.started))
	for i, v := range d.started {
		out[i] = docker.BuildStep{Vertex: v.name, Cached: v.cached, Started: v.started, Completed: v.completed, Error: v.err}
	}
	return out
}

// flushLog prints a log line that did not end in a newline.
func (d *traceDecoder) flushLog(v *traceVertex) {
	if len(v.logBuf) == 0 {
		return
	}
	fmt.Fprintf(d.out, "#%d %s\n", v.num, strings.TrimRight(string(v.logBuf), "\r"))
	v.logBuf = nil
}

// formatBytes prints a byte count the way BuildKit's plain printer does
// (binary units, two decimals above 1 kB).
func formatBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%dB", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.2f%cB", float64(n)/float64(div), "kMGTPE"[exp])
}
