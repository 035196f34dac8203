// Package mdgen writes the Markdown half of the contract: the reference of
// every initializationOptions field and every setting in the guide for
// other editors, docs/editors.md (Korean) and docs/editors.en.md (English).
// The fields, types and defaults come from the declarations in package
// contract (InitializationOptions, InitializationFields, Configuration),
// the descriptions of the settings from the extension's own bundles
// (editor-ext/package.nls.ko.json, editor-ext/package.nls.json), so the
// guide says what the settings page of VS Code says.
//
// The tables live between the markers Begin and End of each page; the text
// around them is written by hand. `go generate ./server/contract` rewrites
// them, and a test in package contract fails when a page differs.
package mdgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/dockerlab/dockerlab/server/contract"
)

// The markers around the generated tables.
const (
	Begin = "<!-- settings:begin -->"
	End   = "<!-- settings:end -->"
)

// Page is one page that holds the tables, in one language.
type Page struct {
	// Path is the page, relative to the repository root.
	Path string
	// NLS is the extension's bundle whose descriptions the page repeats.
	NLS  string
	lang language
}

// Pages are the pages with the tables.
var Pages = []Page{
	{Path: "docs/editors.md", NLS: "editor-ext/package.nls.ko.json", lang: korean},
	{Path: "docs/editors.en.md", NLS: "editor-ext/package.nls.json", lang: english},
}

// language holds the words of the tables in one language.
type language struct {
	note                             string
	initHeading, initHeader          string
	settingsHeading, settingsHeader  string
	server, serverAtStart, extension string
	defaultOf                        func(f contract.InitializationField) string
	describe                         func(f contract.InitializationField) string
}

var korean = language{
	note:            "<!-- 이 표는 `go generate ./server/contract` 명령이 server/contract의 선언과 editor-ext/package.nls.ko.json에서 만듭니다. 직접 고치지 마십시오. -->",
	initHeading:     "#### `initializationOptions`",
	initHeader:      "| 필드 | 형식 | 기본값 | 설명 |\n| --- | --- | --- | --- |",
	settingsHeading: "#### 설정",
	settingsHeader:  "| 설정 | 형식 | 기본값 | 읽는 쪽 | 설명 |\n| --- | --- | --- | --- | --- |",
	server:          "서버",
	serverAtStart:   "서버(시작할 때만)",
	extension:       "VS Code 확장",
	defaultOf:       func(f contract.InitializationField) string { return f.DefaultKorean },
	describe:        func(f contract.InitializationField) string { return f.Korean },
}

var english = language{
	note:            "<!-- `go generate ./server/contract` writes these tables from the declarations in server/contract and editor-ext/package.nls.json. Do not edit them. -->",
	initHeading:     "#### `initializationOptions`",
	initHeader:      "| Field | Type | Default | Description |\n| --- | --- | --- | --- |",
	settingsHeading: "#### Settings",
	settingsHeader:  "| Setting | Type | Default | Read by | Description |\n| --- | --- | --- | --- | --- |",
	server:          "server",
	serverAtStart:   "server (at start only)",
	extension:       "VS Code extension",
	defaultOf:       func(f contract.InitializationField) string { return f.DefaultEnglish },
	describe:        func(f contract.InitializationField) string { return f.English },
}

// Tables returns the generated part of the page p (between the markers,
// without them) for the repository at root.
func Tables(root string, p Page) (string, error) {
	nls, err := readNLS(filepath.Join(root, p.NLS))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	l := p.lang
	b.WriteString(l.note + "\n\n" + l.initHeading + "\n\n" + l.initHeader + "\n")
	t := reflect.TypeOf(contract.InitializationOptions{})
	if t.NumField() != len(contract.InitializationFields) {
		return "", fmt.Errorf("InitializationOptions has %d fields, InitializationFields documents %d", t.NumField(), len(contract.InitializationFields))
	}
	for i, f := range contract.InitializationFields {
		sf := t.Field(i)
		if name, _, _ := strings.Cut(sf.Tag.Get("json"), ","); name != f.JSON {
			return "", fmt.Errorf("InitializationFields[%d] documents %q, the field is %q", i, f.JSON, name)
		}
		typ, err := typeName(sf.Type)
		if err != nil {
			return "", fmt.Errorf("initializationOptions.%s: %w", f.JSON, err)
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", f.JSON, typ, l.defaultOf(f), cell(l.describe(f)))
	}
	b.WriteString("\n" + l.settingsHeading + "\n\n" + l.settingsHeader + "\n")
	for _, s := range contract.Configuration {
		typ, err := typeName(reflect.TypeOf(s.Default))
		if err != nil {
			return "", fmt.Errorf("%s: %w", s.ID, err)
		}
		def, err := json.Marshal(s.Default)
		if err != nil {
			return "", fmt.Errorf("%s: %w", s.ID, err)
		}
		desc, ok := nls[s.DescriptionKey]
		if !ok || desc == "" {
			return "", fmt.Errorf("%s: %s has no %q", s.ID, p.NLS, s.DescriptionKey)
		}
		reader := l.server
		switch {
		case s.ClientOnly:
			reader = l.extension
		case s.RestartsServer:
			reader = l.serverAtStart
		}
		fmt.Fprintf(&b, "| `%s` | %s | `%s` | %s | %s |\n", s.ID, typ, def, reader, cell(desc))
	}
	return b.String(), nil
}

// Render returns the page p of the repository at root with its tables as
// the declarations give them.
func Render(root string, p Page) ([]byte, error) {
	page, err := os.ReadFile(filepath.Join(root, p.Path))
	if err != nil {
		return nil, err
	}
	tables, err := Tables(root, p)
	if err != nil {
		return nil, err
	}
	out, err := Replace(page, tables)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.Path, err)
	}
	return out, nil
}

// Replace puts tables between the markers of page, which must hold each
// marker once, Begin first, each on its own line.
func Replace(page []byte, tables string) ([]byte, error) {
	begin, end := []byte(Begin+"\n"), []byte("\n"+End)
	if bytes.Count(page, begin) != 1 || bytes.Count(page, end) != 1 {
		return nil, fmt.Errorf("the page needs the lines %s and %s once each", Begin, End)
	}
	i := bytes.Index(page, begin) + len(begin)
	j := bytes.Index(page, end)
	if j < i-1 {
		return nil, fmt.Errorf("%s comes after %s", End, Begin)
	}
	var out bytes.Buffer
	out.Write(page[:i])
	out.WriteString(strings.TrimSuffix(tables, "\n"))
	out.Write(page[j:])
	return out.Bytes(), nil
}

// typeName is how the tables write the JSON type of a Go type.
func typeName(t reflect.Type) (string, error) {
	switch {
	case t.Kind() == reflect.String:
		return "`string`", nil
	case t.Kind() == reflect.Bool:
		return "`boolean`", nil
	case t.Kind() == reflect.Struct:
		return "`object`", nil
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String:
		return "`string[]`", nil
	case t.Kind() == reflect.Map && t.Key().Kind() == reflect.String && t.Elem().Kind() == reflect.String:
		return "`object<string, string>`", nil
	case t.Kind() == reflect.Map && t.Key().Kind() == reflect.String && t.Elem().Kind() == reflect.Int:
		return "`object<string, number>`", nil
	}
	return "", fmt.Errorf("no table type for Go type %s", t)
}

// cell makes Markdown fit one table cell: one line, pipes escaped.
func cell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "|", `\|`)
}

// readNLS reads one of the extension's string bundles.
func readNLS(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var nls map[string]string
	if err := json.Unmarshal(data, &nls); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return nls, nil
}
