// Package tsgen writes the TypeScript half of the contract: from the
// declarations in package contract and the Go types they name, found by
// reflection, it renders editor-ext/src/generated/contract.ts with the
// command, notification and setting tables, an interface per Go struct
// (json names; omitempty → optional) and a decoder per interface, so the
// extension never reads a server message by hand.
package tsgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/dockerlab/dockerlab/server/contract"
)

// Path is where the generated file lives, relative to the repository root.
const Path = "editor-ext/src/generated/contract.ts"

// sourceDirs are the packages whose doc comments the generated file repeats.
var sourceDirs = []string{"server/contract", "server/lab"}

// tsType is one struct type to render as an interface and a decoder.
type tsType struct {
	name   string
	goName string
	t      reflect.Type
	fields []tsField
}

// tsField is one JSON field of a struct.
type tsField struct {
	json     string
	goPath   string // TypeName.Field(.Field) for its doc comment
	t        reflect.Type
	optional bool // omitempty: absent when zero
	required bool // contract:"required": the decoder rejects the value without it
}

type generator struct {
	docs  map[string]string
	types []*tsType
	named map[reflect.Type]*tsType
	names map[string]reflect.Type
	// floats: some field is a Go float, so the file needs asNumber.
	floats bool
	err    error
}

// Render returns the generated file for the repository at root (the Go
// sources there give the doc comments).
func Render(root string) ([]byte, error) {
	g := &generator{named: map[reflect.Type]*tsType{}, names: map[string]reflect.Type{}}
	var err error
	if g.docs, err = readDocs(root); err != nil {
		return nil, err
	}
	for _, c := range contract.Commands {
		g.use(c.Args)
		g.use(c.Result)
	}
	for _, n := range contract.Notifications {
		g.use(n.Params)
	}
	g.use(contract.Settings{})
	if g.err != nil {
		return nil, g.err
	}
	var b bytes.Buffer
	b.WriteString("// ---- Types: one interface per Go struct (json names; omitempty fields are optional).\n\n")
	for _, t := range g.types {
		g.writeInterface(&b, t)
	}
	for _, t := range g.types {
		g.writeDecoder(&b, t)
	}
	if err := writeCommands(&b, g); err != nil {
		return nil, err
	}
	if err := writeNotifications(&b, g); err != nil {
		return nil, err
	}
	if err := writeSettings(&b); err != nil {
		return nil, err
	}
	if g.err != nil {
		return nil, g.err
	}
	out := []byte(header)
	if g.floats {
		out = append(out, asNumber...)
	}
	return append(out, b.Bytes()...), nil
}

func (g *generator) fail(format string, args ...any) {
	if g.err == nil {
		g.err = fmt.Errorf(format, args...)
	}
}

// use registers the struct type of v (and every struct it holds); nil is no type.
func (g *generator) use(v any) {
	if v == nil {
		return
	}
	t := reflect.TypeOf(v)
	if t.Kind() != reflect.Struct || t.Name() == "" {
		g.fail("contract declares a %s; only named struct types are supported", t)
		return
	}
	g.register(t, t.Name(), docKey(t))
}

// docKey is the doc-comment key of a named type: "lab.Args".
func docKey(t reflect.Type) string { return filepath.Base(t.PkgPath()) + "." + t.Name() }

// register adds the struct t under name; goPath prefixes its fields' doc keys.
func (g *generator) register(t reflect.Type, name, goPath string) *tsType {
	if tt, ok := g.named[t]; ok {
		return tt
	}
	if other, ok := g.names[name]; ok && other != t {
		g.fail("two Go types are both called %s in TypeScript: %s and %s", name, other, t)
		return nil
	}
	tt := &tsType{name: name, goName: goName(t, goPath), t: t}
	g.named[t], g.names[name] = tt, t
	g.types = append(g.types, tt)
	tt.fields = g.fields(t, goPath, name)
	return tt
}

func goName(t reflect.Type, goPath string) string {
	if t.Name() == "" {
		return goPath + " (an anonymous struct)"
	}
	return docKey(t)
}

// fields lists t's JSON fields, flattening embedded structs as encoding/json does.
func (g *generator) fields(t reflect.Type, goPath, name string) []tsField {
	var out []tsField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, hasTag := f.Tag.Lookup("json")
		jsonName, opts, _ := strings.Cut(tag, ",")
		if jsonName == "-" || !f.IsExported() {
			continue
		}
		if f.Anonymous && !hasTag && f.Type.Kind() == reflect.Struct {
			out = append(out, g.fields(f.Type, docKey(f.Type), name)...)
			continue
		}
		if jsonName == "" {
			jsonName = f.Name
		}
		if !regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`).MatchString(jsonName) {
			g.fail("%s.%s: JSON name %q is not a plain identifier", goPath, f.Name, jsonName)
		}
		ft := f.Type
		g.walk(ft, f.Name+name, goPath+"."+f.Name)
		out = append(out, tsField{
			json:     jsonName,
			goPath:   goPath + "." + f.Name,
			t:        ft,
			optional: strings.Contains(","+opts+",", ",omitempty,"),
			required: f.Tag.Get("contract") == "required",
		})
	}
	return out
}

// walk registers the structs a field's type holds; an anonymous struct is
// named after its field and its parent (Settings.Build → BuildSettings).
func (g *generator) walk(t reflect.Type, anonName, goPath string) {
	switch t.Kind() {
	case reflect.Struct:
		if t.Name() == "" {
			g.register(t, anonName, goPath)
		} else {
			g.register(t, t.Name(), docKey(t))
		}
	case reflect.Slice, reflect.Array, reflect.Pointer:
		g.walk(t.Elem(), anonName, goPath)
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			g.fail("%s: map keys must be strings in JSON", goPath)
		}
		g.walk(t.Elem(), anonName, goPath)
	}
}

// tsTypeOf is the TypeScript type of a Go type.
func (g *generator) tsTypeOf(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return g.tsTypeOf(t.Elem()) + "[]"
	case reflect.Map:
		return "Record<string, " + g.tsTypeOf(t.Elem()) + ">"
	case reflect.Pointer:
		return g.tsTypeOf(t.Elem())
	case reflect.Struct:
		if tt, ok := g.named[t]; ok {
			return tt.name
		}
	}
	g.fail("no TypeScript type for Go type %s", t)
	return "unknown"
}

// decoderOf is a TypeScript function (v: unknown) => T | undefined for a Go type.
func (g *generator) decoderOf(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		return "(v: unknown) => " + g.decodeExpr(t, "v")
	case reflect.Pointer:
		return g.decoderOf(t.Elem())
	}
	return strings.TrimSuffix(g.decodeExpr(t, ""), "()")
}

// decodeExpr is the TypeScript expression that decodes arg as a Go type.
func (g *generator) decodeExpr(t reflect.Type, arg string) string {
	switch t.Kind() {
	case reflect.String:
		return "asString(" + arg + ")"
	case reflect.Bool:
		return "asBoolean(" + arg + ")"
	case reflect.Float32, reflect.Float64:
		g.floats = true
		return "asNumber(" + arg + ")"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "asInteger(" + arg + ")"
	case reflect.Slice, reflect.Array:
		return "arrayOf(" + arg + ", " + g.decoderOf(t.Elem()) + ")"
	case reflect.Map:
		return "recordOf(" + arg + ", " + g.decoderOf(t.Elem()) + ")"
	case reflect.Pointer:
		return g.decodeExpr(t.Elem(), arg)
	case reflect.Struct:
		if tt, ok := g.named[t]; ok {
			return "decode" + tt.name + "(" + arg + ")"
		}
	}
	g.fail("no decoder for Go type %s", t)
	return "undefined"
}

// fieldDecoder is the expression that decodes one field of `value`.
func (g *generator) fieldDecoder(f tsField) string {
	return g.decodeExpr(f.t, "value."+f.json)
}

// zeroOf is the TypeScript literal of a Go type's zero value as JSON
// carries it (a nil slice or map counts as empty).
func (g *generator) zeroOf(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "''"
	case reflect.Bool:
		return "false"
	case reflect.Slice, reflect.Array:
		return "[]"
	case reflect.Map:
		return "{}"
	case reflect.Pointer:
		return g.zeroOf(t.Elem())
	case reflect.Struct:
		tt := g.named[t]
		if tt == nil {
			return "{}"
		}
		var parts []string
		for _, f := range tt.fields {
			if !f.optional {
				parts = append(parts, f.json+": "+g.zeroOf(f.t))
			}
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	}
	return "0"
}

// notZero is the TypeScript test that a decoded optional value is not
// Go's zero value, which omitempty leaves out.
func notZero(t reflect.Type, v string) string {
	switch t.Kind() {
	case reflect.String:
		return v + " !== undefined && " + v + " !== ''"
	case reflect.Bool:
		return v + " === true"
	case reflect.Slice, reflect.Array, reflect.Map, reflect.Struct, reflect.Pointer:
		return v + " !== undefined"
	}
	return v + " !== undefined && " + v + " !== 0"
}

func (g *generator) writeInterface(b *bytes.Buffer, t *tsType) {
	doc := g.docs[strings.TrimSuffix(t.goName, " (an anonymous struct)")]
	writeDoc(b, "", doc, "Go: "+t.goName+".")
	fmt.Fprintf(b, "export interface %s {\n", t.name)
	for _, f := range t.fields {
		writeDoc(b, "  ", g.docs[f.goPath], "")
		opt := ""
		if f.optional {
			opt = "?"
		}
		fmt.Fprintf(b, "  %s%s: %s;\n", f.json, opt, g.tsTypeOf(f.t))
	}
	b.WriteString("}\n\n")
}

func (g *generator) writeDecoder(b *bytes.Buffer, t *tsType) {
	fmt.Fprintf(b, "/**\n * decode%s reads the `%s` of a message: undefined when it is not an object", t.name, t.name)
	var required []string
	for _, f := range t.fields {
		if f.required {
			required = append(required, "`"+f.json+"`")
		}
	}
	if len(required) > 0 {
		fmt.Fprintf(b, " or lacks %s", strings.Join(required, " or "))
	}
	b.WriteString(";\n * a field of the wrong type gets its zero value, or is left out when optional.\n */\n")
	fmt.Fprintf(b, "export function decode%s(value: unknown): %s | undefined {\n", t.name, t.name)
	b.WriteString("  if (!isRecord(value)) {\n    return undefined;\n  }\n")
	for _, f := range t.fields {
		if f.required {
			fmt.Fprintf(b, "  const %s = %s;\n  if (%s === undefined) {\n    return undefined;\n  }\n", local(f), g.fieldDecoder(f), local(f))
		}
	}
	fmt.Fprintf(b, "  const out: %s = {", t.name)
	var parts []string
	for _, f := range t.fields {
		switch {
		case f.optional:
		case f.required:
			parts = append(parts, fmt.Sprintf("\n    %s: %s,", f.json, local(f)))
		default:
			parts = append(parts, fmt.Sprintf("\n    %s: %s ?? %s,", f.json, g.fieldDecoder(f), g.zeroOf(f.t)))
		}
	}
	if len(parts) > 0 {
		b.WriteString(strings.Join(parts, "") + "\n  ")
	}
	b.WriteString("};\n")
	for _, f := range t.fields {
		if f.optional {
			fmt.Fprintf(b, "  const %s = %s;\n  if (%s) {\n    out.%s = %s;\n  }\n", local(f), g.fieldDecoder(f), notZero(f.t, local(f)), f.json, local(f))
		}
	}
	b.WriteString("  return out;\n}\n\n")
}

func local(f tsField) string { return "field_" + f.json }

// writeDoc writes a JSDoc comment from Go doc text and a note, if any.
func writeDoc(b *bytes.Buffer, indent, doc, note string) {
	text := strings.TrimSpace(doc)
	if note != "" {
		if text != "" {
			text += "\n"
		}
		text += note
	}
	if text == "" {
		return
	}
	lines := strings.Split(text, "\n")
	if len(lines) == 1 {
		fmt.Fprintf(b, "%s/** %s */\n", indent, escapeComment(lines[0]))
		return
	}
	fmt.Fprintf(b, "%s/**\n", indent)
	for _, l := range lines {
		fmt.Fprintf(b, "%s * %s\n", indent, escapeComment(l))
	}
	fmt.Fprintf(b, "%s */\n", indent)
}

func escapeComment(s string) string {
	return strings.ReplaceAll(strings.TrimRight(s, " "), "*/", "*\\/")
}

// tsString is a single-quoted TypeScript string literal.
func tsString(s string) string {
	q, _ := json.Marshal(s)
	inner := string(q[1 : len(q)-1])
	inner = strings.ReplaceAll(inner, `\"`, `"`)
	inner = strings.ReplaceAll(inner, `'`, `\'`)
	return "'" + inner + "'"
}

// tsName is the table key of a contract name: "dockerlab.buildAndRun" →
// buildAndRun, "dockerlab/engineStatus" → engineStatus, "run.bindAddress" →
// runBindAddress.
func tsName(s string) string {
	s = strings.TrimPrefix(strings.TrimPrefix(s, contract.SettingsSection+"."), contract.SettingsSection+"/")
	parts := strings.Split(s, ".")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// readDocs collects the doc comments of the struct types and their fields
// in sourceDirs: "Type" and "Type.Field(.Field)".
func readDocs(root string) (map[string]string, error) {
	docs := map[string]string{}
	fset := token.NewFileSet()
	for _, dir := range sourceDirs {
		pkg := filepath.Base(dir)
		matches, err := filepath.Glob(filepath.Join(root, dir, "*.go"))
		if err != nil {
			return nil, err
		}
		sort.Strings(matches)
		for _, file := range matches {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, file, nil, parser.ParseComments)
			if err != nil {
				return nil, fmt.Errorf("reading doc comments: %w", err)
			}
			for _, decl := range f.Decls {
				gd, ok := decl.(*ast.GenDecl)
				if !ok || gd.Tok != token.TYPE {
					continue
				}
				for _, spec := range gd.Specs {
					ts := spec.(*ast.TypeSpec)
					st, ok := ts.Type.(*ast.StructType)
					if !ok {
						continue
					}
					doc := ts.Doc
					if doc == nil && len(gd.Specs) == 1 {
						doc = gd.Doc
					}
					key := pkg + "." + ts.Name.Name
					if doc != nil {
						docs[key] = doc.Text()
					}
					structDocs(docs, key, st)
				}
			}
		}
	}
	return docs, nil
}

func structDocs(docs map[string]string, prefix string, st *ast.StructType) {
	for _, field := range st.Fields.List {
		text := ""
		if field.Doc != nil {
			text = field.Doc.Text()
		} else if field.Comment != nil {
			text = field.Comment.Text()
		}
		for _, name := range field.Names {
			key := prefix + "." + name.Name
			if text != "" && len(field.Names) == 1 {
				docs[key] = text
			}
			if inner, ok := field.Type.(*ast.StructType); ok {
				structDocs(docs, key, inner)
			}
		}
	}
}
