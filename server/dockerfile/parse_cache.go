package dockerfile

import (
	"bytes"
	"crypto/sha256"
	"runtime"
	"strings"
	"sync"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// ParseCache keeps BuildKit's parse of each stage of one document, keyed
// by the stage's text, so a model after an edit parses only the stages the
// edit touched. BuildKit's parser reads the whole file at some 3 µs a line;
// on a 5,000-line file that is most of an edit's cost. It is safe for
// concurrent use and forgets stages that two parses in a row did not use.
type ParseCache struct {
	mu      sync.Mutex
	run     int
	entries map[[32]byte]*parsedChunk
	// instrs keeps BuildKit's accepted instruction parses by the
	// instruction's lines (with the escape character first): most of a
	// model's cost after an edit, and the same for every unedited line.
	instrs map[instrKey]*parsedInstr
	// parts keeps each stage's share of the model by the stage's text,
	// for the global ARGs in partsGlobal (see stagePart).
	parts       map[string]*stagePart
	partsGlobal string
	copied      int // stages copied from parts so far (for the tests)
}

// instrKey is an instruction's lines and the escape character they were
// read with.
type instrKey struct {
	escape byte
	lines  string
}

type parsedInstr struct {
	p       *parsed
	lastRun int
}

type parsedChunk struct {
	nodes []*parser.Node // top-level nodes, lines relative to the chunk
	// cmds is BuildKit's instruction parse of each node that it accepted
	// (nil for the others): made beside the chunk's parse, on every CPU.
	cmds     []*parsed
	warnings []parser.Warning
	escape   rune
	lastRun  int
}

// NewParseCache returns an empty cache.
func NewParseCache() *ParseCache {
	return &ParseCache{entries: map[[32]byte]*parsedChunk{}, instrs: map[instrKey]*parsedInstr{}}
}

// instrCacheMinLines is the shortest document whose instructions the
// cache keeps: a short one is parsed again in well under a millisecond,
// and hundreds of open documents would each keep a copy.
var instrCacheMinLines = 300 // a variable for the tests, which read small files

// instruction is BuildKit's parse of in, from the cache when the same lines
// were accepted before. Rejections are not kept: their messages name the
// line, which moves.
func (c *ParseCache) instruction(m *Model, in *Instruction, node *parser.Node) (*parsed, error) {
	if c == nil || m.Mapper.LineCount() < instrCacheMinLines {
		return parseInstruction(node)
	}
	key := instrKey{m.Escape, m.Text[m.Mapper.LineStart(in.StartLine):m.Mapper.LineEnd(in.EndLine)]}
	c.mu.Lock()
	e, ok := c.instrs[key]
	if ok {
		e.lastRun = c.run
	}
	run := c.run
	c.mu.Unlock()
	if ok {
		return e.p, nil
	}
	p, err := parseInstruction(node)
	if err != nil {
		return nil, err
	}
	// The key's own copy: a slice of the text would keep the whole
	// version alive as long as the entry lives.
	key.lines = strings.Clone(key.lines)
	c.mu.Lock()
	c.instrs[key] = &parsedInstr{p: p, lastRun: run}
	c.mu.Unlock()
	return p, nil
}

// minChunks is the fewest stages worth parsing apart.
const minChunks = 3

// parse returns BuildKit's result for lines assembled from per-stage
// parses, or nil when the file must be parsed whole: no cache, few stages,
// or any doubt (a parse error, a stage that does not start with its FROM).
// The stages are cut at lines that start with FROM and do not continue the
// line before; a FROM inside a heredoc leaves that heredoc unterminated in
// its chunk, which fails and falls back.
func (c *ParseCache) parse(lines [][]byte, escape byte, run int) (*parser.Result, []chunkAt) {
	if c == nil {
		return nil, nil
	}
	starts := []int{0}
	for i := 1; i < len(lines); i++ {
		if startsFrom(lines[i]) && !continuesBefore(lines, i, escape) {
			starts = append(starts, i)
		}
	}
	if len(starts) < minChunks {
		return nil, nil
	}
	// Parse the chunks on every CPU at once (a first parse of a big file is
	// all misses), then put them together in order.
	type piece struct {
		text   []byte
		a      int // first file line
		prefix int // lines added in front (the escape directive)
		ch     *parsedChunk
		hit    bool // ch came from the cache
	}
	pieces := make([]piece, len(starts))
	for k, a := range starts {
		b := len(lines)
		if k+1 < len(starts) {
			b = starts[k+1]
		}
		p := piece{a: a}
		if k > 0 && escape == '`' {
			p.text, p.prefix = []byte("# escape=`\n"), 1
		}
		p.text = append(p.text, bytes.Join(lines[a:b], []byte("\n"))...)
		pieces[k] = p
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(pieces)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				pieces[k].ch, pieces[k].hit = c.chunk(pieces[k].text, run)
			}
		}()
	}
	for k := range pieces {
		next <- k
	}
	close(next)
	wg.Wait()

	root := &parser.Node{StartLine: -1}
	var out parser.Result
	total := 0
	for _, p := range pieces {
		if p.ch != nil {
			total += len(p.ch.nodes)
		}
	}
	copies := make([]parser.Node, 0, total) // one allocation for every top-level copy
	root.Children = make([]*parser.Node, 0, total)
	chunks := make([]chunkAt, len(pieces))
	for k, p := range pieces {
		ch := p.ch
		if ch == nil || (k > 0 && (len(ch.nodes) == 0 || !strings.EqualFold(ch.nodes[0].Value, "from") || ch.nodes[0].StartLine != 1+p.prefix)) {
			return nil, nil
		}
		chunks[k] = chunkAt{line: p.a, node: len(root.Children), nodes: len(ch.nodes), seen: p.hit, cmds: ch.cmds}
		if k == 0 {
			out.EscapeToken = ch.escape
		}
		shift := p.a - p.prefix
		for _, n := range ch.nodes {
			copies = append(copies, *n) // shared below the top: BuildKit's nodes are read only here
			cp := &copies[len(copies)-1]
			cp.StartLine += shift
			cp.EndLine += shift
			root.Children = append(root.Children, cp)
		}
		for _, w := range ch.warnings {
			if w.Location != nil {
				loc := *w.Location
				loc.Start.Line += shift
				loc.End.Line += shift
				w.Location = &loc
			}
			out.Warnings = append(out.Warnings, w)
		}
	}
	root.StartLine, root.EndLine = root.Children[0].StartLine, root.Children[len(root.Children)-1].EndLine
	out.AST = root
	return &out, chunks
}

// chunkAt is where one chunk of a cached parse lies in the file and in the
// result's top-level nodes.
type chunkAt struct {
	line        int  // its first line
	node, nodes int  // its first top-level node and how many it has
	seen        bool // an earlier parse had the same chunk: it is likely to stay
	cmds        []*parsed
}

// chunk parses one stage's text, or takes it from the cache (hit); nil
// when BuildKit rejects it.
func (c *ParseCache) chunk(text []byte, run int) (ch *parsedChunk, hit bool) {
	key := sha256.Sum256(text)
	c.mu.Lock()
	ch, ok := c.entries[key]
	if ok {
		ch.lastRun = run
	}
	c.mu.Unlock()
	if ok {
		return ch, true
	}
	res, err := parser.Parse(bytes.NewReader(text))
	if err != nil {
		return nil, false
	}
	ch = &parsedChunk{nodes: res.AST.Children, warnings: res.Warnings, escape: res.EscapeToken, lastRun: run,
		cmds: make([]*parsed, len(res.AST.Children))}
	for j, n := range res.AST.Children {
		if IsKnown(n.Value) {
			ch.cmds[j], _ = parseInstruction(n) // a rejection is parsed again where its line is known
		}
	}
	c.mu.Lock()
	c.entries[key] = ch
	c.mu.Unlock()
	return ch, false
}

// begin starts a parse: what it uses is marked with the run it returns.
func (c *ParseCache) begin() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.run++
	return c.run
}

// forget drops the chunks, instructions and stage parts the last two
// parses did not use.
func (c *ParseCache) forget(run int) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, ch := range c.entries {
		if ch.lastRun < run-1 {
			delete(c.entries, k)
		}
	}
	for k, e := range c.instrs {
		if e.lastRun < run-1 {
			delete(c.instrs, k)
		}
	}
	for k, p := range c.parts {
		if p.lastRun < run-1 {
			delete(c.parts, k)
		}
	}
}

// startsFrom reports whether a line starts with the FROM instruction.
func startsFrom(line []byte) bool {
	t := bytes.TrimLeft(line, " \t")
	return len(t) > 4 && strings.EqualFold(string(t[:4]), "FROM") && (t[4] == ' ' || t[4] == '\t')
}

// continuesBefore reports whether line i continues the instruction above:
// the nearest line above that is neither blank nor a comment ends in the
// escape character (BuildKit skips those lines inside a continuation).
func continuesBefore(lines [][]byte, i int, escape byte) bool {
	for j := i - 1; j >= 0; j-- {
		t := bytes.TrimSpace(lines[j])
		if len(t) == 0 || t[0] == '#' {
			continue
		}
		body := bytes.TrimRight(lines[j], " \t\r")
		n := len(body)
		return n > 0 && body[n-1] == escape && (n == 1 || body[n-2] != escape)
	}
	return false
}
