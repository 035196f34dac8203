// Package completion answers "what can I write here?" for a position in a
// Dockerfile: instructions at the start of a line, the flags of that
// instruction and their values (mount types and options, networks,
// platforms, owners), variables after `$`, earlier build stages, local
// images after FROM, parser directives and the rule names of `# check=`, and
// the small value sets of EXPOSE, STOPSIGNAL and SHELL. Every item carries
// Korean documentation, inline when it is short and about this file, or as a
// key into the embedded reference (see Documentation) that the editor asks
// for when the item is selected, so the first answer stays small.
//
// It is a pure function of the parsed model, the cursor and an image list.
package completion

import (
	"fmt"
	"strings"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// TriggerCharacters are the characters after which the editor asks for
// completion by itself: a space after a keyword, `-` of a flag, `$` and `{`
// of a variable, `=` of a flag or directive value, `/` and `:` inside image
// names, platforms and ports, `,` between mount options and check rules.
var TriggerCharacters = []string{" ", "-", "$", "{", "=", "/", ":", ","}

// Kind says what an item is; the LSP layer maps it to an icon.
type Kind int

const (
	// Keyword is an instruction or a keyword such as AS, CMD or NONE.
	Keyword Kind = iota
	// Flag is an instruction flag or a --mount option key.
	Flag
	// Value is one value of a small set (a network mode, a port, a signal).
	Value
	// Variable is an ARG or ENV name.
	Variable
	// Stage is an earlier build stage.
	Stage
	// Image is a local image of the Docker engine.
	Image
	// Directive is a parser directive name.
	Directive
	// Rule is a build check rule name in `# check=`.
	Rule
)

// Item is one proposal. Text replaces the list's Span.
type Item struct {
	Label  string
	Kind   Kind
	Detail string // one short Korean line
	Text   string // what replaces Span; a snippet when Snippet is set
	// Snippet marks Text as an LSP snippet (`${1:image}`); only set when the
	// editor accepts snippets.
	Snippet    bool
	FilterText string // when the label is not what the typed text matches
	// Doc is a key for Documentation: the long Korean reference of the
	// item, fetched by completionItem/resolve.
	Doc string
	// Markdown is short documentation about this file (a variable's value,
	// a stage, an image) given inline because it cannot be found later
	// from a key.
	Markdown string
	// Retrigger asks the editor to complete again after inserting, where
	// more can follow (`--mount=` → mount types).
	Retrigger  bool
	Deprecated bool
}

// List is the answer at one position.
type List struct {
	Items []Item
	// Span is the text the chosen item replaces: the partly typed word.
	// It always ends on the cursor's line.
	Span dockerfile.Span
	// Incomplete asks the editor to ask again as the learner types, because
	// the local images are still being listed.
	Incomplete bool
}

// Images lists local images for completion after FROM. List never waits
// for the engine: ready is false while the first listing is under way.
type Images interface {
	List() (images []docker.Image, ready bool)
}

// Registry lists what a registry holds, for completion after
// `FROM HOST/`: the cached answer at once, else after a short wait; ready
// is false while the first answer is under way.
type Registry interface {
	Repositories(host string) (repos []string, ready bool)
	Tags(host, repo string) (tags []string, ready bool)
}

// Options are what completion needs besides the model and the cursor.
type Options struct {
	// Snippets is true when the editor accepts snippet items.
	Snippets bool
	// Invoked is true when the learner asked (Ctrl+Space) rather than a
	// trigger character: then flags are proposed where they may stand
	// even before a `-` is typed.
	Invoked bool
	// Images are the engine's local images; nil without an engine or in
	// an untrusted workspace.
	Images Images
	// Registry lists registries' repositories and tags; nil in an
	// untrusted workspace.
	Registry Registry
	// Now is the time image ages are counted from.
	Now time.Time
}

// Complete returns what can be written at offset, or nil when nothing fits
// (inside a comment, a path, a command).
func Complete(m *dockerfile.Model, offset int, opts Options) *List {
	if offset < 0 || offset > len(m.Text) {
		return nil
	}
	c := newCursor(m, offset, opts)
	l := c.complete()
	if l == nil || (len(l.Items) == 0 && !l.Incomplete) {
		return nil
	}
	return l
}

// complete dispatches on where the cursor is.
func (c *cursor) complete() *List {
	if c.directiveLine {
		return c.directives()
	}
	if c.comment {
		return nil
	}
	if l := c.variables(); l != nil {
		return l
	}
	if c.heredoc {
		return nil
	}
	if c.keyword < 0 {
		return c.instructions(false)
	}
	if c.name == "ONBUILD" && c.keyword == 0 && len(c.words) == 1 {
		return c.instructions(true)
	}
	if !dockerfile.IsKnown(c.name) {
		return nil
	}
	p := c.partial()
	if strings.HasPrefix(p, "-") && c.flagsAllowed() {
		if strings.HasPrefix(p, "--") && strings.Contains(p, "=") {
			return c.flagValue()
		}
		return c.flags(c.wordSpan(isFlagChar))
	}
	return c.arguments()
}

// arguments completes a word after the flags of an instruction.
func (c *cursor) arguments() *List {
	p := c.partial()
	pos := c.argIndex()
	var l *List
	switch c.name {
	case "FROM":
		switch pos {
		case 0:
			l = c.fromBase()
		case 1:
			l = c.fromAs()
		}
	case "ARG":
		if pos == 0 && !strings.Contains(p, "=") {
			l = c.argNames()
		}
	case "EXPOSE":
		l = c.exposePorts()
	case "STOPSIGNAL":
		if pos == 0 {
			l = c.signals()
		}
	case "SHELL":
		if pos == 0 {
			l = c.shells()
		}
	case "HEALTHCHECK":
		if pos == 0 {
			l = c.healthcheckKinds()
		}
	}
	if p == "" && c.flagsAllowed() && (c.opts.Invoked || c.name == "HEALTHCHECK") {
		if f := c.flags(c.wordSpan(isFlagChar)); f != nil {
			if l == nil {
				return f
			}
			l.Items = append(l.Items, f.Items...)
		}
	}
	return l
}

// summary is the first sentence of a reference document's first line, after
// its bold title: the detail shown next to an item.
func summary(md string) string {
	line, _, _ := strings.Cut(md, "\n")
	if _, rest, ok := strings.Cut(line, " — "); ok {
		line = rest
	}
	if i := strings.Index(line, "다. "); i >= 0 {
		line = line[:i+len("다.")]
	}
	return strings.TrimSpace(line)
}

// formatAge says how long ago t was, in Korean, as `docker images` says
// "3 days ago".
func formatAge(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case t.IsZero():
		return "만든 때 모름"
	case d < time.Minute:
		return "방금 전"
	case d < time.Hour:
		return fmt.Sprintf("%d분 전", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d시간 전", int(d/time.Hour))
	case d < 14*24*time.Hour:
		return fmt.Sprintf("%d일 전", int(d/(24*time.Hour)))
	case d < 60*24*time.Hour:
		return fmt.Sprintf("%d주 전", int(d/(7*24*time.Hour)))
	case d < 365*24*time.Hour:
		return fmt.Sprintf("%d개월 전", int(d/(30*24*time.Hour)))
	}
	return fmt.Sprintf("%d년 전", int(d/(365*24*time.Hour)))
}
