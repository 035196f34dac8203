package lint

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/containerd/platforms"
	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/subrequests/lint"
	"github.com/moby/buildkit/solver/pb"
	digest "github.com/opencontainers/go-digest"
)

// offlineResolver answers BuildKit's image look-ups without a registry: the
// linter must never touch the network, and an error would abort later rules.
// An image the local engine knows answers with its real platform and config
// (so InvalidBaseImagePlatform can fire, and UndefinedVar sees the image's
// environment as `docker build --check` does); any other looks like an
// empty image of the build's own platform.
type offlineResolver struct{ image ImageFunc }

// BaseImage is what the local engine knows about a base image: the facts of
// its config that BuildKit's checks read.
type BaseImage struct {
	OS, Arch   string
	Env        []string // "NAME=value"
	WorkingDir string
	User       string
}

// ImageFunc tells what the local engine knows about an image reference,
// when it knows it, without waiting.
type ImageFunc func(ref string) (BaseImage, bool)

// settled is f for one check: each image is asked once and its answer
// kept, so BuildKit's resolver, the cache key and UndefinedVar's certainty
// all see the same engine, even when a look-up lands in the middle of the
// check (BuildKit was given an empty environment, and then the stage was
// judged certain: UndefinedVar on a variable the image defines). References
// are asked as Docker names them locally: BuildKit's resolver says
// "docker.io/library/node:lts-alpine" where the FROM line says
// "node:lts-alpine", and both are one image. nil stays nil. Safe for the
// stages checked at once.
func (f ImageFunc) settled() ImageFunc {
	if f == nil {
		return nil
	}
	type answer struct {
		img BaseImage
		ok  bool
	}
	var mu sync.Mutex
	seen := map[string]answer{}
	return func(ref string) (BaseImage, bool) {
		ref = strings.TrimPrefix(strings.TrimPrefix(ref, "docker.io/"), "library/")
		mu.Lock()
		defer mu.Unlock()
		a, ok := seen[ref]
		if !ok {
			a.img, a.ok = f(ref)
			seen[ref] = a
		}
		return a.img, a.ok
	}
}

func (r offlineResolver) ResolveImageConfig(ctx context.Context, ref string, opt sourceresolver.Opt) (string, digest.Digest, []byte, error) {
	def := platforms.DefaultSpec()
	rootfs := map[string]any{"type": "layers"}
	osName, arch := def.OS, def.Architecture
	config := map[string]any{}
	if r.image != nil {
		if img, ok := r.image(ref); ok && img.OS != "" && img.Arch != "" {
			osName, arch = img.OS, img.Arch
			// A real image has layers; BuildKit checks the platform of
			// non-empty images only.
			rootfs["diff_ids"] = []string{"sha256:" + strings.Repeat("0", 64)}
			if len(img.Env) > 0 {
				config["Env"] = img.Env
			}
			if img.WorkingDir != "" {
				config["WorkingDir"] = img.WorkingDir
			}
			if img.User != "" {
				config["User"] = img.User
			}
		}
	}
	cfg, _ := json.Marshal(map[string]any{"architecture": arch, "os": osName, "rootfs": rootfs, "config": config})
	return ref, "", cfg, nil
}

var llbCaps = pb.Caps.CapSet(pb.Caps.All())

// buildChecksURL is the reference of BuildKit's build checks.
const buildChecksURL = "https://docs.docker.com/reference/build-checks/"

// maxChunkLines is the longest chunk BuildKit's checks run on.
const maxChunkLines = 4000

// maxLintRecoveries bounds how often a fatal BuildKit error is cut out and
// the checks run again.
const maxLintRecoveries = 3

// rawFinding is what BuildKit reported about one chunk, in the chunk's own
// line numbers: a warning of a rule, or (fatal) the error it stopped at.
type rawFinding struct {
	rule, detail, url string
	loc               *pb.Location
	fatal             bool
}

// buildkitFindings runs BuildKit's own build checks (those of
// `docker build --check`) in process and offline.
//
// The file is checked stage by stage: each chunk is the global prefix (what
// precedes the first FROM), the stages its FROM builds on, and the stage
// itself, and only the findings on the stage's own lines are kept. BuildKit's
// results for a chunk are cached by its text, so after an edit only the
// edited stage is checked again. The two file-wide rules (instruction
// casing and duplicate stage names) are computed here over the whole file.
//
// Lines our parser already rejected are blanked first, and a line where
// BuildKit stops in a chunk is cut out in turn, so one bad line does not
// hide every later check. What such a cut could change (a variable defined
// on the blanked line, a stage it started) is dropped: see dropUncertain.
// Where BuildKit stops is reported once, as BuildKit itself reports it on
// the whole file: see buildkitStop.
func buildkitFindings(ctx context.Context, m *dockerfile.Model, cache *Cache, image ImageFunc) []Finding {
	lines := sanitizedLines(m)
	var out []Finding
	seen := map[string]bool{}
	add := func(f Finding) {
		key := fmt.Sprintf("%s@%d-%d:%s", f.Code, f.Span.Start, f.Span.End, f.Message)
		if !seen[key] {
			seen[key] = true
			out = append(out, f)
		}
	}
	stopped := map[int]bool{} // file lines where a chunk's check stopped
	skipped := false
	chunks := chunksOf(m, lines)
	raws := lintChunks(ctx, chunks, cache, image)
	for i, c := range chunks {
		if len(c.text) > maxChunkLines {
			// BuildKit's checks grow with the square of a stage's length
			// (20,000 lines take seconds): say so rather than stall.
			skipped = true
			line := c.from
			add(Finding{Span: dockerfile.Span{Start: m.Mapper.LineStart(line), End: m.Mapper.LineEnd(line)},
				Severity: Information, Code: "ChecksSkipped",
				Message: fmt.Sprintf("이 빌드 단계는 %d줄로 너무 길어 BuildKit 검사를 건너뛰었습니다. 단계를 나누면 다시 검사합니다. 문법 오류와 dockerlab 규칙은 그대로 검사합니다.", c.to-c.from),
				Href:    buildChecksURL})
			continue
		}
		for _, r := range raws[i] {
			loc := remap(r.loc, c.lineMap)
			if loc == nil {
				continue
			}
			if r.fatal {
				// Wherever it is in the chunk, the cut changed what the
				// chunk's later runs saw.
				for l := int(loc.Ranges[0].Start.Line) - 1; l <= int(loc.Ranges[len(loc.Ranges)-1].End.Line)-1; l++ {
					stopped[l] = true
				}
				continue
			}
			r.loc = loc
			if !c.owns(int(r.loc.Ranges[0].Start.Line) - 1) {
				continue
			}
			if r.rule == linter.RuleConsistentInstructionCasing.Name || r.rule == linter.RuleDuplicateStageName.Name {
				continue // file-wide: see fileWide
			}
			add(toFinding(m, r))
		}
	}
	for _, r := range fileWide(m) {
		add(toFinding(m, r))
	}
	out = settleUndefinedVar(m, out, image)
	out = dropUncertain(m, out, blankedLines(m, lines, stopped))
	// A chunk stopped (perhaps only because of how the file was cut), or a
	// stage copies from a later one (a cycle spans chunks, so no chunk sees
	// it): ask BuildKit where it stops on the whole file.
	if !skipped && (len(stopped) > 0 || refersForward(m)) {
		if r := buildkitStop(ctx, m, lines, cache, image); r != nil {
			out = append(out, stopFinding(m, *r))
		}
	}
	return out
}

// buildkitStop is the error BuildKit stops at when it checks the whole
// file, as `docker build --check` does (nil when it does not stop): what
// the chunks saw may be an artefact of cutting the file, and only the first
// stop is certain. When our parser rejected a line, BuildKit stops there
// (its parser runs before every check), and that error is already
// reported, so there is no other.
func buildkitStop(ctx context.Context, m *dockerfile.Model, lines []string, cache *Cache, image ImageFunc) *rawFinding {
	for _, p := range m.Problems {
		if p.Kind != dockerfile.EmptyContinuation {
			return nil
		}
	}
	r := cache.stop(ctx, lines, image)
	if r == nil || r.loc == nil || len(r.loc.Ranges) == 0 {
		return nil
	}
	return r
}

// stopFinding reports where BuildKit stops, with BuildKit's own message.
func stopFinding(m *dockerfile.Model, r rawFinding) Finding {
	return Finding{Span: locationSpan(m, r.loc), Severity: Error, Code: "BuildCheckError",
		Message: "BuildKit이 이 줄에서 빌드를 멈춥니다. 이 줄을 고쳐야 뒤의 검사도 모두 실행됩니다. (BuildKit: " + r.detail + ")",
		Href:    buildChecksURL,
		args:    []string{r.detail}}
}

// refersForward reports whether a stage copies or mounts from itself or a
// later stage (by name or index): the only way the stages can form a
// cycle, since FROM names earlier stages only.
func refersForward(m *dockerfile.Model) bool {
	index := map[string]int{} // a name used twice counts at its last stage
	for i, st := range m.Stages {
		if st.Name != "" {
			index[st.Name] = i
		}
	}
	forward := func(v string, stage int) bool {
		if n, err := strconv.Atoi(v); err == nil {
			return n >= stage
		}
		i, ok := index[strings.ToLower(v)]
		return ok && i >= stage
	}
	for _, in := range m.Instructions {
		if in.Stage < 0 {
			continue
		}
		for _, f := range in.Flags {
			if strings.EqualFold(f.Name, "from") && forward(f.Value, in.Stage) {
				return true
			}
			if strings.EqualFold(f.Name, "mount") {
				for _, o := range f.Options() {
					if strings.EqualFold(o.Key, "from") && forward(o.Value, in.Stage) {
						return true
					}
				}
			}
		}
	}
	return false
}

// blankedLines are the lines BuildKit's checks did not see as written, in
// file order: the lines our parser rejected (emptied in sanitized, see
// sanitizedLines) and the lines a chunk's check stopped at and cut out.
func blankedLines(m *dockerfile.Model, sanitized []string, stopped map[int]bool) []int {
	var out []int
	for l, text := range sanitized {
		if stopped[l] || text == "" && m.Mapper.Line(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// dropUncertain leaves out the findings of context rules that could depend
// on a blanked line: one in the global prefix (its ARGs reach every FROM),
// in a stage the finding's stage builds on, or in the finding's own stage
// before it (anywhere in it for MultipleInstructionsDisallowed, which
// counts the stage's CMDs). An ARG on a blanked line must not make a later
// variable look undeclared.
func dropUncertain(m *dockerfile.Model, fs []Finding, blanked []int) []Finding {
	if len(blanked) == 0 {
		return fs
	}
	var valid []*dockerfile.Stage
	for _, st := range m.Stages {
		if !st.From.Problematic() {
			valid = append(valid, st)
		}
	}
	prefixEnd := m.Mapper.LineCount()
	if len(valid) > 0 {
		prefixEnd = valid[0].From.StartLine
	}
	rangeOf := func(i int) (int, int) {
		to := m.Mapper.LineCount()
		if i+1 < len(valid) {
			to = valid[i+1].From.StartLine
		}
		return valid[i].From.StartLine, to
	}
	stageAt := func(line int) int {
		i := sort.Search(len(valid), func(i int) bool { return valid[i].From.StartLine > line })
		return i - 1
	}
	pos := map[*dockerfile.Stage]int{}
	for i, st := range valid {
		pos[st] = i
	}
	prefixBlanked := blanked[0] < prefixEnd // blanked is in file order
	uncertain := func(f Finding) bool {
		if prefixBlanked {
			return true
		}
		line := m.Mapper.Position(f.Span.Start).Line
		i := stageAt(line)
		if i < 0 {
			return false
		}
		from, to := rangeOf(i)
		if f.Code != linter.RuleMultipleInstructionsDisallowed.Name {
			to = line
		}
		for hops := 0; ; hops++ {
			for _, b := range blanked {
				if b >= from && b < to {
					return true
				}
			}
			base := m.StageByName(valid[i].Base, valid[i].From.Span.Start)
			j, ok := pos[base]
			if base == nil || !ok || hops > len(valid) {
				return false
			}
			i = j
			from, to = rangeOf(i)
		}
	}
	out := fs[:0]
	for _, f := range fs {
		if rule(f.Code).readsOtherLines && uncertain(f) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// settleUndefinedVar keeps BuildKit's UndefinedVar only where it is
// certain. BuildKit decides from the stage's environment, which starts with
// the base image's config; offline, the resolver hands it the real config
// only when the local engine knows the image. A stage built on `scratch`
// (nothing but the PATH BuildKit adds), on an image the engine knows, or on
// an earlier stage that is, is certain. A stage built on an image the
// engine does not know may get the variable from that image (`$NODE_VERSION`
// on `node:*`, `$GOPATH` on `golang:*`), where `docker build --check` stays
// quiet, so the warning is dropped there, unless BuildKit's "did you mean"
// names a variable this Dockerfile defines by ARG or ENV: then it is most
// likely a typo, and it stays as information that says what could not be
// checked.
func settleUndefinedVar(m *dockerfile.Model, fs []Finding, image ImageFunc) []Finding {
	known := map[int]bool{}
	certain := func(stage int) bool {
		if ok, seen := known[stage]; seen {
			return ok
		}
		ok := stageEnvKnown(m, m.Stages[stage], image)
		known[stage] = ok
		return ok
	}
	out := fs[:0]
	for _, f := range fs {
		if f.Code != linter.RuleUndefinedVar.Name {
			out = append(out, f)
			continue
		}
		in := m.InstructionAt(f.Span.Start)
		if in == nil || in.Stage < 0 || in.Stage >= len(m.Stages) || certain(in.Stage) {
			out = append(out, f)
			continue
		}
		if s := f.arg(1); s != "" && s != "PATH" && definedInFile(m, s) {
			f.Severity = Information
			f.Message = fmt.Sprintf("`%s` 변수는 이 Dockerfile에 정의되어 있지 않습니다. `%s` 변수의 오타일 수 있습니다. 베이스 이미지의 환경 변수는 로컬 엔진에 이미지가 없어 확인하지 못했습니다.", f.arg(0), s)
			out = append(out, f)
		}
	}
	return out
}

// stageEnvKnown reports whether BuildKit's checks saw the real environment
// of st's base image: `scratch`, or an image the engine knows, reached
// through earlier stages written without variables.
func stageEnvKnown(m *dockerfile.Model, st *dockerfile.Stage, image ImageFunc) bool {
	for hops := 0; st != nil && hops <= len(m.Stages); hops++ {
		if strings.Contains(st.Base, "$") {
			return false // the chunk's cache key sees the name as written
		}
		if parent := m.StageByName(st.Base, st.From.Span.Start); parent != nil {
			st = parent
			continue
		}
		if strings.EqualFold(st.Base, "scratch") {
			return true
		}
		if image == nil {
			return false
		}
		_, ok := image(st.Base)
		return ok
	}
	return false
}

// definedInFile reports whether the Dockerfile defines name by ARG or ENV.
func definedInFile(m *dockerfile.Model, name string) bool {
	for _, d := range m.VarDefs {
		if d.Name == name {
			return true
		}
	}
	return false
}

// lintChunks runs BuildKit's checks on the chunks (not the over-long ones)
// on every CPU at once: the chunks are independent, and a first check of a
// big file is mostly this.
func lintChunks(ctx context.Context, chunks []chunk, cache *Cache, image ImageFunc) [][]rawFinding {
	out := make([][]rawFinding, len(chunks))
	next := make(chan int)
	var wg sync.WaitGroup
	var carried panics // a worker that panicked keeps taking chunks, so none is left unsent
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(chunks)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				carried.run(func() { out[i] = cache.lint(ctx, chunks[i].text, image) })
			}
		}()
	}
	for i, c := range chunks {
		if len(c.text) <= maxChunkLines {
			next <- i
		}
	}
	close(next)
	wg.Wait()
	carried.raise()
	return out
}

// toFinding turns a BuildKit warning (in file lines) into a Korean finding
// on the exact word it is about.
func toFinding(m *dockerfile.Model, r rawFinding) Finding {
	entry := rule(r.rule)
	args := entry.matcher.args(r.detail)
	msg := koreanMessage(r.rule, r.detail)
	if r.rule == linter.RuleInvalidDefaultArgInFrom.Name && len(args) > 0 && !strings.Contains(args[0], "$") {
		msg = fillTemplate(invalidBaseNameMessage, args)
	}
	return Finding{
		Code:     r.rule,
		Severity: entry.Severity,
		Message:  msg,
		Href:     r.url,
		Span:     exactSpan(m, r.rule, args, locationSpan(m, r.loc)),
		args:     args,
	}
}

// lintLines runs DockerfileLint on lines, cutting out each line it stops at
// and running again (up to maxLintRecoveries times). A FROM it stops at (a
// base name that is empty or invalid without build arguments) becomes
// `FROM scratch` with the same stage name, so the lines after it stay in
// their stage instead of failing as lines without one.
func lintLines(ctx context.Context, lines []string, image ImageFunc) []rawFinding {
	lines = append([]string(nil), lines...)
	var out []rawFinding
	for attempt := 0; attempt <= maxLintRecoveries; attempt++ {
		warnings, stop := lintOnce(ctx, lines, image)
		out = append(out, warnings...)
		if stop == nil {
			break
		}
		out = append(out, *stop)
		loc := stop.loc
		first, last := int(loc.Ranges[0].Start.Line)-1, int(loc.Ranges[len(loc.Ranges)-1].End.Line)-1
		first, last = max(first, 0), min(last, len(lines)-1)
		if first > last {
			break
		}
		standIn := scratchFor(lines[first : last+1])
		for l := first; l <= last; l++ {
			lines[l] = ""
		}
		lines[first] = standIn
	}
	return out
}

// lintOnce runs DockerfileLint on lines once: its warnings, and the error it
// stopped at (nil when it did not stop, or gave no place).
func lintOnce(ctx context.Context, lines []string, image ImageFunc) ([]rawFinding, *rawFinding) {
	text := strings.Join(lines, "\n")
	if strings.TrimSpace(text) == "" || ctx.Err() != nil {
		return nil, nil
	}
	sm := llb.NewSourceMap(nil, "Dockerfile", "Dockerfile", []byte(text))
	sm.Definition = &llb.Definition{}
	caps := llbCaps
	res, err := safeLint(ctx, []byte(text), dockerfile2llb.ConvertOpt{
		MetaResolver: offlineResolver{image: image}, SourceMap: sm, LLBCaps: &caps,
	})
	if err != nil || res == nil {
		return nil, nil
	}
	var out []rawFinding
	for _, w := range res.Warnings {
		if w.Location != nil && len(w.Location.Ranges) > 0 {
			out = append(out, rawFinding{rule: w.RuleName, detail: w.Detail, url: w.URL, loc: w.Location})
		}
	}
	if res.Error == nil || len(res.Error.Location.Ranges) == 0 {
		return out, nil
	}
	loc := &pb.Location{SourceIndex: res.Error.Location.SourceIndex, Ranges: res.Error.Location.Ranges}
	return out, &rawFinding{detail: res.Error.Message, loc: loc, fatal: true}
}

// scratchFor is what replaces the lines of an instruction BuildKit stopped
// at: for a FROM, `FROM scratch` keeping its stage name; otherwise nothing.
func scratchFor(lines []string) string {
	words := strings.Fields(strings.Join(lines, " "))
	if len(words) == 0 || !strings.EqualFold(words[0], "FROM") {
		return ""
	}
	if n := len(words); n >= 3 && strings.EqualFold(words[n-2], "AS") {
		return "FROM scratch AS " + words[n-1]
	}
	return "FROM scratch"
}

// chunk is a part of the file checked on its own: text[i] is its line i,
// which stands for file line lineMap[i]; the chunk owns the file lines
// [from, to) and, for the first stage, the prefix before it.
type chunk struct {
	text       []string
	lineMap    []int
	from, to   int
	prefixEnd  int
	ownsPrefix bool
}

func (c *chunk) addLines(lines []string, from, to int) {
	for l := from; l < to; l++ {
		c.text = append(c.text, lines[l])
		c.lineMap = append(c.lineMap, l)
	}
}

func (c chunk) owns(line int) bool {
	return (line >= c.from && line < c.to) || (c.ownsPrefix && line >= 0 && line < c.prefixEnd)
}

// chunksOf splits the file into one chunk per stage (the whole file when it
// has no valid FROM). A stage whose FROM our parser rejected is blanked, so
// its lines belong to the stage before, as in a check of the whole file.
//
// A chunk holds the global prefix, the stages its FROM builds on (their ENV
// and ARGs carry over), a one-line stand-in `FROM scratch AS name` for each
// stage it copies from (so BuildKit sees a stage, not an image, without
// checking that stage's own sources again), and the stage itself. A stage
// that names another by index gets every stage before it, so indexes match.
func chunksOf(m *dockerfile.Model, lines []string) []chunk {
	n := len(lines)
	var valid []*dockerfile.Stage
	for _, st := range m.Stages {
		if !st.From.Problematic() {
			valid = append(valid, st)
		}
	}
	if len(valid) == 0 {
		c := chunk{from: 0, to: n}
		c.addLines(lines, 0, n)
		return []chunk{c}
	}
	pos := map[*dockerfile.Stage]int{}
	for i, st := range valid {
		pos[st] = i
	}
	bounds := func(i int) (int, int) {
		from, to := valid[i].From.StartLine, n
		if i+1 < len(valid) {
			to = valid[i+1].From.StartLine
		}
		return from, to
	}
	prefixEnd := valid[0].From.StartLine
	out := make([]chunk, 0, len(valid))
	for i, st := range valid {
		from, to := bounds(i)
		c := chunk{from: from, to: to, prefixEnd: prefixEnd, ownsPrefix: i == 0}
		c.addLines(lines, 0, prefixEnd)
		included := map[int]bool{i: true}
		var before []int
		if refersByIndex(m, from, to) {
			for a := 0; a < i; a++ {
				before = append(before, a)
			}
		} else {
			for cur := st; ; {
				base := m.StageByName(cur.Base, cur.From.Span.Start)
				j, ok := pos[base]
				if base == nil || !ok || included[j] {
					break
				}
				before = append([]int{j}, before...)
				cur = base
			}
		}
		for _, a := range before {
			included[a] = true
			af, at := bounds(a)
			c.addLines(lines, af, at)
		}
		for _, name := range copiedStages(m, from, to) {
			ref := m.StageByName(name, st.From.Span.Start)
			if j, ok := pos[ref]; ok && !included[j] {
				included[j] = true
				c.text = append(c.text, "FROM scratch AS "+ref.Name)
				c.lineMap = append(c.lineMap, ref.From.StartLine)
			}
		}
		c.addLines(lines, from, to)
		out = append(out, c)
	}
	return out
}

// copiedStages lists the stage names used by `--from=` and
// `--mount=…,from=` on lines [from, to).
func copiedStages(m *dockerfile.Model, from, to int) []string {
	var out []string
	for _, in := range m.Instructions {
		if in.StartLine < from || in.StartLine >= to {
			continue
		}
		for _, f := range in.Flags {
			if strings.EqualFold(f.Name, "from") {
				out = append(out, f.Value)
			}
			if strings.EqualFold(f.Name, "mount") {
				for _, o := range f.Options() {
					if strings.EqualFold(o.Key, "from") {
						out = append(out, o.Value)
					}
				}
			}
		}
	}
	return out
}

// refersByIndex reports whether the instructions on lines [from, to) name a
// stage by its number (`FROM 0`, `COPY --from=1`, `--mount=from=2`).
func refersByIndex(m *dockerfile.Model, from, to int) bool {
	isIndex := func(v string) bool {
		if v == "" {
			return false
		}
		for _, c := range v {
			if c < '0' || c > '9' {
				return false
			}
		}
		return true
	}
	for _, in := range m.Instructions {
		if in.StartLine < from || in.StartLine >= to {
			continue
		}
		if in.Name == "FROM" && len(in.Args) > 0 && isIndex(in.Args[0].Value) {
			return true
		}
		for _, f := range in.Flags {
			if strings.EqualFold(f.Name, "from") && isIndex(f.Value) {
				return true
			}
			if strings.EqualFold(f.Name, "mount") {
				for _, o := range f.Options() {
					if strings.EqualFold(o.Key, "from") && isIndex(o.Value) {
						return true
					}
				}
			}
		}
	}
	return false
}

// remap converts a chunk location to file lines.
func remap(loc *pb.Location, lineMap []int) *pb.Location {
	if loc == nil || len(loc.Ranges) == 0 {
		return nil
	}
	out := &pb.Location{SourceIndex: loc.SourceIndex}
	for _, r := range loc.Ranges {
		if r == nil || r.Start == nil || r.End == nil {
			return nil
		}
		s, e := int(r.Start.Line)-1, int(r.End.Line)-1
		if s < 0 || s >= len(lineMap) {
			return nil
		}
		e = min(max(e, s), len(lineMap)-1)
		out.Ranges = append(out.Ranges, &pb.Range{
			Start: &pb.Position{Line: int32(lineMap[s] + 1), Character: r.Start.Character},
			End:   &pb.Position{Line: int32(lineMap[e] + 1), Character: r.End.Character},
		})
	}
	return out
}

// fileWide computes BuildKit's two whole-file rules the way BuildKit does:
// instruction casing against the majority of the file's instructions in
// stages, and stage names used twice.
func fileWide(m *dockerfile.Model) []rawFinding {
	var out []rawFinding
	lineLoc := func(in *dockerfile.Instruction) *pb.Location {
		return &pb.Location{Ranges: []*pb.Range{{Start: &pb.Position{Line: int32(in.StartLine + 1)}, End: &pb.Position{Line: int32(in.StartLine + 1)}}}}
	}
	lower, upper := 0, 0
	var staged []*dockerfile.Instruction
	for _, in := range m.Instructions {
		if in.Stage < 0 || !in.Known || in.Problematic() {
			continue
		}
		staged = append(staged, in)
		switch in.Keyword {
		case strings.ToLower(in.Keyword):
			lower++
		case strings.ToUpper(in.Keyword):
			upper++
		}
	}
	majorityLower := lower > upper
	for _, in := range staged {
		correct := ""
		if majorityLower && strings.ToLower(in.Keyword) != in.Keyword {
			correct = "lowercase"
		} else if !majorityLower && strings.ToUpper(in.Keyword) != in.Keyword {
			correct = "uppercase"
		}
		if correct != "" {
			r := linter.RuleConsistentInstructionCasing
			out = append(out, rawFinding{rule: r.Name, url: r.URL, detail: r.Format(in.Keyword, correct), loc: lineLoc(in)})
		}
	}
	names := map[string]bool{}
	for _, st := range m.Stages {
		if st.Name == "" || st.From.Problematic() {
			continue
		}
		if names[st.Name] {
			r := linter.RuleDuplicateStageName
			out = append(out, rawFinding{rule: r.Name, url: r.URL, detail: r.Format(st.Name), loc: lineLoc(st.From)})
		}
		names[st.Name] = true
	}
	return out
}

// sanitizedLines are the lines of the text with every line our parser
// rejected emptied; line numbers stay the same.
func sanitizedLines(m *dockerfile.Model) []string {
	bad := map[int]bool{}
	for _, p := range m.Problems {
		switch p.Kind {
		case dockerfile.ParseError, dockerfile.UnknownInstruction, dockerfile.InvalidInstruction, dockerfile.LineTooLong, dockerfile.NoFrom:
			first, last := m.Mapper.Position(p.Span.Start).Line, m.Mapper.Position(p.Span.End).Line
			if p.Kind == dockerfile.UnknownInstruction || p.Kind == dockerfile.InvalidInstruction || p.Kind == dockerfile.NoFrom {
				if in := m.InstructionAt(p.Span.Start); in != nil {
					first, last = in.StartLine, in.EndLine
				}
			}
			for l := first; l <= last; l++ {
				bad[l] = true
			}
		}
	}
	lines := make([]string, m.Mapper.LineCount())
	for l := range lines {
		if !bad[l] {
			lines[l] = m.Mapper.Line(l)
		}
	}
	return lines
}

// locationSpan converts BuildKit's location (1-based lines, byte columns,
// where a zero range means the whole line) to a span of our text.
func locationSpan(m *dockerfile.Model, loc *pb.Location) dockerfile.Span {
	if loc == nil || len(loc.Ranges) == 0 {
		return dockerfile.Span{}
	}
	first, last := loc.Ranges[0], loc.Ranges[len(loc.Ranges)-1]
	startLine, endLine := int(first.Start.Line)-1, int(last.End.Line)-1
	if startLine < 0 {
		startLine = 0
	}
	if endLine < startLine {
		endLine = startLine
	}
	start := m.Mapper.LineStart(startLine)
	end := m.Mapper.LineEnd(endLine)
	if c := int(first.Start.Character); c > 0 && start+c <= m.Mapper.LineEnd(startLine) {
		start += c
	} else {
		start += len(m.Mapper.Line(startLine)) - len(strings.TrimLeft(m.Mapper.Line(startLine), " \t"))
	}
	if c := int(last.End.Character); c > 0 && m.Mapper.LineStart(endLine)+c <= end {
		end = m.Mapper.LineStart(endLine) + c
	}
	if end < start {
		end = start
	}
	return dockerfile.Span{Start: start, End: end}
}

// safeLint runs DockerfileLint, turning a panic inside BuildKit into an
// error: no Dockerfile may take the server down.
func safeLint(ctx context.Context, dt []byte, opt dockerfile2llb.ConvertOpt) (res *lint.LintResults, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("buildkit lint: %v", p)
		}
	}()
	return dockerfile2llb.DockerfileLint(ctx, dt, opt)
}
