package lint

import (
	"path"
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/moby/buildkit/util/suggest"
)

// copySources are the sources of a COPY or ADD (every argument but the
// destination), in shell or exec form, with their spans.
func copySources(m *dockerfile.Model, in *dockerfile.Instruction) []dockerfile.Word {
	if !isJSONForm(in) {
		if len(in.Args) < 2 {
			return nil
		}
		return in.Args[:len(in.Args)-1]
	}
	var vals []string
	for n := in.Node.Next; n != nil; n = n.Next {
		vals = append(vals, n.Value)
	}
	if len(vals) < 2 {
		return nil
	}
	// Find each quoted value in the instruction's text, in order.
	var out []dockerfile.Word
	at := in.Args[0].Span.Start
	for _, v := range vals[:len(vals)-1] {
		i := strings.Index(m.Text[at:in.Span.End], v)
		if i < 0 {
			return out
		}
		out = append(out, dockerfile.Word{Value: v, Span: dockerfile.Span{Start: at + i, End: at + i + len(v)}})
		at += i + len(v)
	}
	return out
}

// remoteSource reports whether an ADD source is fetched rather than read from
// the build context: a URL or a Git address.
func remoteSource(src string) bool {
	return strings.Contains(src, "://") || strings.HasPrefix(src, "git@")
}

// archiveSource reports whether ADD may unpack a source: a tar archive,
// plain or compressed. ADD looks at a local file's content, not its name,
// so package formats that are tar archives inside count too: Alpine's
// .apk and OpenWrt's .ipk (gzip-compressed tar), RubyGems' .gem and .ova
// appliances (plain tar).
func archiveSource(src string) bool {
	s := strings.ToLower(src)
	for _, ext := range []string{".tar", ".tgz", ".tbz", ".tbz2", ".txz", ".tzst", ".gz", ".bz2", ".xz", ".zst", ".lz4", ".apk", ".ipk", ".gem", ".ova"} {
		if strings.HasSuffix(s, ext) {
			return true
		}
	}
	return false
}

// copyFindings are CopyInsteadOfAdd and CopySourceMissing.
func copyFindings(m *dockerfile.Model, bc *buildContext) []Finding {
	var out []Finding
	for _, in := range m.Instructions {
		if in.Name != "COPY" && in.Name != "ADD" {
			continue
		}
		srcs := copySources(m, in)
		if in.Name == "ADD" && addCouldBeCopy(in, srcs) {
			out = append(out, finding("CopyInsteadOfAdd", in.KeywordSpan))
		}
		if !bc.known() || hasFlag(in, "from") || m.Escape != '\\' {
			continue
		}
		for _, src := range srcs {
			v := src.Value
			if strings.HasPrefix(v, "<<") || remoteSource(v) || strings.ContainsAny(v, "$\\") {
				continue
			}
			if strings.ContainsAny(v, "*?[") {
				// BuildKit copies what a pattern matches and nothing when
				// it matches nothing (dockerfile2llb sets
				// AllowEmptyWildcard; testEmptyWildcard builds
				// `COPY foo nomatch* /`): no build error to warn of.
				continue
			}
			if !bc.exists(contextPath(v)) {
				out = append(out, finding("CopySourceMissing", src.Span, v, similarInContext(bc, v)))
			}
		}
	}
	return out
}

// addCouldBeCopy reports whether every source of an ADD is a plain local
// file or folder, so COPY does the same: no URL, Git address or archive, no
// variable that could hide one, and no flag only ADD has.
func addCouldBeCopy(in *dockerfile.Instruction, srcs []dockerfile.Word) bool {
	if len(srcs) == 0 || hasFlag(in, "checksum") || hasFlag(in, "keep-git-dir") || hasFlag(in, "unpack") {
		return false
	}
	for _, s := range srcs {
		if remoteSource(s.Value) || archiveSource(s.Value) || strings.Contains(s.Value, "$") {
			return false
		}
	}
	return true
}

// similarInContext is the source as it was probably meant: the same path
// with the last part replaced by the closest name in that folder of the
// context (yarn.lok → yarn.lock), or "".
func similarInContext(bc *buildContext, src string) string {
	if strings.ContainsAny(src, "*?[") {
		return ""
	}
	trimmed := strings.TrimRight(src, "/")
	dir, base := path.Split(trimmed)
	names, ok := bc.list(contextPath(dir))
	if !ok || base == "" {
		return ""
	}
	for _, n := range names {
		if strings.EqualFold(n, base) {
			return dir + n + src[len(trimmed):]
		}
	}
	if match, ok := suggest.Search(base, names, true); ok {
		return dir + match + src[len(trimmed):]
	}
	return ""
}

// copyInsteadOfAddFix is CopyInsteadOfAdd's fix: the ADD becomes a COPY.
func copyInsteadOfAddFix(m *dockerfile.Model, f Finding) (Fix, bool) {
	in := m.InstructionAt(f.Span.Start)
	if in == nil {
		return Fix{}, false
	}
	s := sameCase("COPY", in.Keyword)
	return replace("`"+s+"` 지시문으로 바꾸기", true, in.KeywordSpan, s)
}

// copySourceFix is CopySourceMissing's fix: the path the context has that
// comes closest (yarn.lok → yarn.lock).
func copySourceFix(_ *dockerfile.Model, f Finding) (Fix, bool) {
	if s := f.arg(1); s != "" {
		return replace("`"+s+"` 경로로 바꾸기", true, f.Span, s)
	}
	return Fix{}, false
}
