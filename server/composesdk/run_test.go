package composesdk

import (
	"testing"
	"time"

	"github.com/docker/compose/v5/pkg/api"

	"github.com/dockerlab/dockerlab/server/docker"
)

// The classic builder's lines between Compose's Building and Built events
// become the image's steps: numbered, their instructions, cached or not,
// timed by the lines' arrival; lines outside a build are no step.
func TestBuildTracker(t *testing.T) {
	var got []docker.ComposeBuild
	tick := time.Unix(0, 0)
	b := &buildTracker{emit: func(l docker.ComposeLine) {
		if l.Build != nil {
			got = append(got, *l.Build)
		}
	}, now: func() time.Time { tick = tick.Add(time.Second); return tick }}
	b.line("Step 1/2 : FROM x") // before any build: ignored
	b.event(api.Resource{ID: "Image lab-app", Text: api.StatusBuilding})
	for _, l := range []string{"Sending build context to Docker daemon  5kB", "Step 1/3 : FROM node:lts-alpine", " ---> 7ec65fc348a4",
		"Step 2/3 : COPY . .", " ---> Using cache", " ---> 410a2991f7d3", "Step 3/3 : RUN yarn install --production", "Done in 0.04s."} {
		b.line(l)
	}
	b.event(api.Resource{ID: "Container lab-app-1", Text: api.StatusStarted})
	b.event(api.Resource{ID: "Image lab-app", Text: api.StatusBuilt})
	if len(got) != 1 {
		t.Fatalf("builds %+v", got)
	}
	g := got[0]
	if g.Image != "lab-app" || len(g.Steps) != 3 || g.Steps[1].Text != "COPY . ." || !g.Steps[1].Cached || g.Steps[0].Cached || g.Steps[2].Step != 3 {
		t.Fatalf("build %+v", g)
	}
	for _, s := range g.Steps {
		if s.Duration() <= 0 {
			t.Errorf("step %+v is not timed", s)
		}
	}
	if !g.Finished.After(g.Started) {
		t.Errorf("build not timed: %v .. %v", g.Started, g.Finished)
	}
}
