package completion

import (
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/internal/testcorpus"
)

// smallFile is the lab's Dockerfile with a line being typed.
const smallFile = `FROM node:lts-alpine AS build
WORKDIR /app
COPY package.json yarn.lock ./
RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --production
COPY . .
ENV PORT=3000
EXPOSE 3000

CMD ["node", "src/index.js"]
`

// BenchmarkCompletion measures completion on a small file and on the
// 5,000-line file of the LSP benchmark (testdata/bench/big.Dockerfile, made
// by bench/corpus/gen_big.py). The model is parsed once, as the server does
// per document version, except in parse+complete (the first completion
// after an edit).
func BenchmarkCompletion(b *testing.B) {
	big := testcorpus.Big(b) + "COPY --from= /a /b\nRUN echo $\n"
	small := smallFile + "COPY --\n"
	smallModel, bigModel := dockerfile.Parse(small), dockerfile.Parse(big)
	opts := Options{Snippets: true, Invoked: true}

	// Column 0 of every instruction line, as bench/lspbench.py asks.
	var starts []int
	for _, in := range bigModel.Instructions {
		starts = append(starts, bigModel.Mapper.LineStart(in.StartLine))
	}
	blank := strings.Index(small, "\n\n") + 1
	copyFlags := strings.Index(small, "COPY --\n") + len("COPY --")
	bigFrom := strings.Index(big, "COPY --from= /a") + len("COPY --from=")
	bigVar := len(big) - 1

	run := func(name string, m *dockerfile.Model, offset func(i int) int) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if l := Complete(m, offset(i), opts); l == nil || len(l.Items) == 0 {
					b.Fatal("no items")
				}
			}
		})
	}
	run("small/line_start", smallModel, func(int) int { return blank })
	run("small/copy_flags", smallModel, func(int) int { return copyFlags })
	run("big/line_start", bigModel, func(i int) int { return starts[i%len(starts)] })
	run("big/copy_from_stages", bigModel, func(int) int { return bigFrom })
	run("big/variables", bigModel, func(int) int { return bigVar })
	b.Run("big/parse+complete", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if l := Complete(dockerfile.Parse(big), bigVar, opts); l == nil {
				b.Fatal("no items")
			}
		}
	})
}
