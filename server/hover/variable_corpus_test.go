package hover

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/internal/testcorpus"
)

// corpusFile is one Dockerfile of the corpora, named for failure messages.
type corpusFile struct{ name, text string }

// corpusFiles are the handwritten corpus and the real-world corpus.
func corpusFiles(t *testing.T) []corpusFile {
	var out []corpusFile
	for i, text := range testcorpus.Texts(t) {
		out = append(out, corpusFile{fmt.Sprintf("corpus#%d", i), text})
	}
	for _, f := range testcorpus.RealWorld(t) {
		out = append(out, corpusFile{"realworld/" + f.Name, f.Text})
	}
	return out
}

var placeNames = map[dockerfile.Expansion]string{
	dockerfile.ByBuilder: "BuildKit", dockerfile.ByShell: "shell", dockerfile.NotExpanded: "not expanded",
	dockerfile.Literal: "literal", dockerfile.Deferred: "ONBUILD",
}

var sourceNames = map[source]string{
	srcNone: "truly undefined", srcDefined: "defined ARG/ENV", srcInherited: "inherited from a stage",
	srcPredefined: "predefined ARG", srcPlatformArg: "platform ARG not declared", srcShellLocal: "set by the shell",
	srcPath: "PATH", srcBaseKnown: "base-image env (known)", srcBaseUnknown: "base-image env (unknown)",
	srcNotApplicable: "-",
}

// bareImages answers every image as a local Linux image whose environment
// holds nothing but PATH: the engine knows every base image, and none
// defines the variables, so every hover must decide from the Dockerfile.
type bareImages struct{}

func (bareImages) Image(context.Context, string) (docker.Image, error) {
	return docker.Image{OS: "linux", Arch: "amd64", Env: []string{"PATH=" + defaultPath}}, nil
}

// Every variable reference of both corpora is hovered as the editor would,
// without an engine and with an engine that knows every base image (and
// finds no variable in it), and classified by place and by where its value
// comes from. A hover may say a variable is undefined or becomes an empty
// string only where BuildKit itself substitutes it and nothing can define
// it: never where the shell expands it (it knows variables BuildKit does
// not), nor where the base image may define it.
func TestVariableHoverClassification(t *testing.T) {
	files := corpusFiles(t)
	for _, pass := range []struct {
		name   string
		images Images
	}{{"no engine", nil}, {"every base image known, without the variable", bareImages{}}} {
		classify(t, pass.name, files, pass.images)
	}
}

func classify(t *testing.T, pass string, files []corpusFile, images Images) {
	counts := map[string]int{}
	total, text := 0, 0
	for _, f := range files {
		m := dockerfile.Parse(f.text)
		refs := append(append([]*dockerfile.VarRef{}, m.VarRefs...), m.TextRefs...)
		text += len(m.TextRefs)
		for _, r := range refs {
			total++
			v := explain(context.Background(), m, r, images)
			src := sourceNames[v.source]
			if v.source == srcNone && r.Expansion == dockerfile.ByShell {
				src = "in neither the file nor the image"
			}
			key := placeNames[r.Expansion] + " / " + src
			counts[key]++
			h := Hover(context.Background(), m, r.NameSpan.Start, images)
			if h == nil {
				t.Errorf("%s: no hover on $%s at %d", f.name, r.Name, r.NameSpan.Start)
				continue
			}
			claims := strings.Contains(h.Markdown, "정의되지 않은") || strings.Contains(h.Markdown, "빈 문자열")
			certain := r.Expansion == dockerfile.ByBuilder && (v.source == srcNone || v.source == srcBaseUnknown ||
				(v.source == srcDefined && !r.Def.HasValue))
			if claims && !certain {
				t.Errorf("%s: the hover on $%s (%s) claims it is undefined or empty:\n%s", f.name, r.Name, key, h.Markdown)
			}
			if v.source == srcBaseUnknown && strings.Contains(h.Markdown, "정의되지 않은") {
				t.Errorf("%s: $%s may come from the base image, yet the hover says undefined:\n%s", f.name, r.Name, h.Markdown)
			}
		}
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "\n  %-45s %4d", k, counts[k])
	}
	t.Logf("%s: %d variable references in %d files (%d in single quotes or heredoc bodies):%s", pass, total, len(files), text, b.String())
	if total < 200 {
		t.Errorf("only %d variable references in the corpora; is the corpus there?", total)
	}
}
