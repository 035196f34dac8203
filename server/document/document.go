package document

import (
	"fmt"
	"strings"
)

// Document is one open text document. It is a value: every edit produces a
// new Document, so a feature reading a snapshot never sees a half-applied edit.
type Document struct {
	URI     string
	Version int32
	Text    string
	mapper  *Mapper
}

// New makes a document from the text the editor sent on didOpen.
func New(uri string, version int32, text string) *Document {
	return &Document{URI: uri, Version: version, Text: text, mapper: NewMapper(text)}
}

// Mapper returns the position mapper for this version of the text.
func (d *Document) Mapper() *Mapper { return d.mapper }

// Range is a pair of positions, end exclusive.
type Range struct {
	Start, End Position
}

// Change is one content change of didChange: a full replacement when Range is
// nil, an incremental edit otherwise.
type Change struct {
	Range *Range
	Text  string
}

// Apply returns a new document with changes applied in order. Out-of-range
// positions are clamped rather than rejected (editors and fuzzers do send
// them); clamped reports it so the caller can log it. The user's text is
// never lost: a clamped edit still inserts its text.
func (d *Document) Apply(version int32, changes []Change) (next *Document, clamped bool) {
	text := d.Text
	m := d.mapper
	for _, c := range changes {
		if c.Range == nil {
			text = c.Text
			m = NewMapper(text)
			continue
		}
		start, c1 := m.Offset(c.Range.Start)
		end, c2 := m.Offset(c.Range.End)
		if end < start {
			start, end = end, start
			clamped = true
		}
		clamped = clamped || c1 || c2
		var b strings.Builder
		b.Grow(len(text) - (end - start) + len(c.Text))
		b.WriteString(text[:start])
		b.WriteString(c.Text)
		b.WriteString(text[end:])
		text = b.String()
		m = NewMapper(text)
	}
	return &Document{URI: d.URI, Version: version, Text: text, mapper: m}, clamped
}

// String describes the document for logs.
func (d *Document) String() string {
	return fmt.Sprintf("%s@%d (%d bytes)", d.URI, d.Version, len(d.Text))
}
