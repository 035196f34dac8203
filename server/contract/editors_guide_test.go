package contract_test

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/contract"
	"github.com/dockerlab/dockerlab/server/contract/mdgen"
)

// TestEditorsGuideTables fails when the tables of initializationOptions
// fields and settings in docs/editors.md and docs/editors.en.md are not what
// the declarations and the extension's bundles give. UPDATE=1 (or `go
// generate ./server/contract`) rewrites them.
func TestEditorsGuideTables(t *testing.T) {
	for _, p := range mdgen.Pages {
		want, err := mdgen.Render(root, p)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(root, p.Path)
		if os.Getenv("UPDATE") != "" {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the tables between %s and %s are stale: run `go generate ./server/contract` (or UPDATE=1 go test ./server/contract)",
				p.Path, mdgen.Begin, mdgen.End)
		}
	}
}

// TestInitializationOptionsAreTheServers compares the documented
// InitializationOptions with the struct server/lsp decodes initialize's
// initializationOptions into, read from its source: the same JSON names in
// the same order, the settings as contract.Settings.
func TestInitializationOptionsAreTheServers(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(root, "server", "lsp", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var server *ast.StructType
	fset := token.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if ts, ok := n.(*ast.TypeSpec); ok && ts.Name.Name == "initializationOptions" {
				server, _ = ts.Type.(*ast.StructType)
			}
			return server == nil
		})
	}
	if server == nil {
		t.Fatal("server/lsp declares no struct initializationOptions")
	}
	var got []string
	for _, f := range server.Fields.List {
		if f.Tag == nil {
			continue
		}
		tag := reflect.StructTag(strings.Trim(f.Tag.Value, "`"))
		name, _, _ := strings.Cut(tag.Get("json"), ",")
		typ := fset.Position(f.Type.Pos()).String()
		if id, ok := f.Type.(*ast.Ident); ok {
			typ = id.Name
		} else if sel, ok := f.Type.(*ast.SelectorExpr); ok {
			typ = sel.Sel.Name
		}
		got = append(got, name+" "+strings.ToLower(typ))
	}
	var want []string
	rt := reflect.TypeOf(contract.InitializationOptions{})
	for i := 0; i < rt.NumField(); i++ {
		name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		// server/lsp names contract.Settings by its alias `settings`.
		want = append(want, name+" "+strings.ToLower(rt.Field(i).Type.Name()))
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("server/lsp decodes initializationOptions as %v, contract.InitializationOptions documents %v", got, want)
	}
	for _, f := range contract.InitializationFields {
		if f.Korean == "" || f.English == "" || f.DefaultKorean == "" || f.DefaultEnglish == "" {
			t.Errorf("initializationOptions.%s is not documented in both languages", f.JSON)
		}
	}
}

// TestEditorsGuideCommands keeps the guide's table of lab commands honest:
// both pages name every command the server runs, and every `dockerlab.…`
// they name is a declared command or setting.
func TestEditorsGuideCommands(t *testing.T) {
	known := map[string]bool{}
	for _, c := range contract.Commands {
		known[c.ID] = true
	}
	for _, s := range contract.Configuration {
		known[s.ID] = true
	}
	named := regexp.MustCompile("`(dockerlab\\.[A-Za-z.]+)`")
	luaName := regexp.MustCompile(`(?m)^(?:function )?(dockerlab\.[a-z_]+)(?: =|\()`)
	for _, p := range mdgen.Pages {
		data, err := os.ReadFile(filepath.Join(root, p.Path))
		if err != nil {
			t.Fatal(err)
		}
		page := string(data)
		// The Neovim configuration's own Lua functions and fields.
		for _, m := range luaName.FindAllStringSubmatch(page, -1) {
			known[m[1]] = true
		}
		for _, id := range contract.ServerCommandIDs() {
			if !strings.Contains(page, "| `"+id+"` |") {
				t.Errorf("%s: the table of lab commands has no row for %s", p.Path, id)
			}
		}
		for _, m := range named.FindAllStringSubmatch(page, -1) {
			if !known[m[1]] {
				t.Errorf("%s names %s, which is neither a command nor a setting", p.Path, m[1])
			}
		}
	}
}
