package contract_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/contract"
	"github.com/dockerlab/dockerlab/server/contract/tsgen"
	"github.com/dockerlab/dockerlab/server/lab"
)

// root is the repository root, seen from this package's directory.
const root = "../.."

// TestGeneratedFilesAreCurrent fails when editor-ext/src/generated/contract.ts
// is not what the declarations give. UPDATE=1 (or `go generate
// ./server/contract`) rewrites it.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	want, err := tsgen.Render(root)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, tsgen.Path)
	if os.Getenv("UPDATE") != "" {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go generate ./server/contract)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: run `go generate ./server/contract` (or UPDATE=1 go test ./server/contract)", tsgen.Path)
	}
}

func TestServerCommandsAreLabs(t *testing.T) {
	got := contract.ServerCommandIDs()
	want := append([]string(nil), lab.Commands...)
	sort.Strings(got)
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("server commands %v, lab executes %v", got, want)
	}
}

func TestCommandDeclarations(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range contract.Commands {
		if !strings.HasPrefix(c.ID, "dockerlab.") || seen[c.ID] {
			t.Errorf("%s: ids start with dockerlab. and are unique", c.ID)
		}
		seen[c.ID] = true
		if _, ok := contract.Lookup(c.ID); !ok {
			t.Errorf("Lookup(%s) finds nothing", c.ID)
		}
		if c.Doc == "" {
			t.Errorf("%s: no Doc", c.ID)
		}
		switch c.Runner {
		case contract.RunServer:
			if c.UI == contract.UIClient {
				t.Errorf("%s: a server command needs a presentation", c.ID)
			}
			if c.TitleKey == "" {
				t.Errorf("%s: a server command has a palette title", c.ID)
			}
		case contract.RunClient:
			if c.UI != contract.UIClient || c.Result != nil || c.Progress != "" || c.NeedsSavedFile {
				t.Errorf("%s: a client command has UIClient and no result, progress or saved file", c.ID)
			}
		default:
			t.Errorf("%s: runner %q", c.ID, c.Runner)
		}
		switch c.UI {
		case contract.UILabStep, contract.UILogs, contract.UIComposeStep:
			if reflect.TypeOf(c.Result) != reflect.TypeOf(lab.Result{}) || !reflect.DeepEqual(c.Args, lab.Args{}) || !c.NeedsSavedFile {
				t.Errorf("%s: a Dockerfile command takes lab.Args, answers lab.Result and needs the saved file", c.ID)
			}
		case contract.UIClusterStep:
			if reflect.TypeOf(c.Result) != reflect.TypeOf(lab.Result{}) || !reflect.DeepEqual(c.Args, lab.Args{}) || c.NeedsSavedFile || c.Progress == "" {
				t.Errorf("%s: a cluster step takes lab.Args, answers lab.Result, needs no file and shows a progress", c.ID)
			}
		case contract.UIImagePick, contract.UIContainerPick:
			if reflect.TypeOf(c.Result) != reflect.TypeOf(lab.ListResult{}) || c.Args != nil || c.NeedsSavedFile || c.Container != contract.ContainerNone {
				t.Errorf("%s: a list takes no argument and answers lab.ListResult", c.ID)
			}
		}
		if c.Background && c.Progress != "" {
			t.Errorf("%s: background work shows no progress", c.ID)
		}
		if c.UI == contract.UILabStep && c.Progress == "" || c.UI != contract.UILabStep && c.UI != contract.UIComposeStep && c.UI != contract.UIClusterStep && c.Progress != "" {
			t.Errorf("%s: a lab step shows a progress (a Compose step may), nothing else does", c.ID)
		}
	}
	for _, id := range []string{contract.CommandRestartServer, contract.CommandShowBuildOutput, contract.CommandEngineStatusClicked, lab.CommandOpenInBrowser} {
		if c, ok := contract.Lookup(id); !ok || c.Runner != contract.RunClient {
			t.Errorf("%s is not declared as a client command", id)
		}
	}
	if _, ok := contract.Lookup("dockerlab.nope"); ok {
		t.Error("Lookup finds an undeclared id")
	}
}

// settingsField walks Settings by the JSON names of a setting's key.
func settingsField(key string) (reflect.Type, bool) {
	t := reflect.TypeOf(contract.Settings{})
	for _, part := range strings.Split(key, ".") {
		f, ok := jsonField(t, part)
		if !ok {
			return nil, false
		}
		t = f
	}
	return t, true
}

func jsonField(t reflect.Type, name string) (reflect.Type, bool) {
	if t.Kind() != reflect.Struct {
		return nil, false
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, hasTag := f.Tag.Lookup("json")
		if f.Anonymous && !hasTag {
			if ft, ok := jsonField(f.Type, name); ok {
				return ft, true
			}
			continue
		}
		if n, _, _ := strings.Cut(tag, ","); n == name {
			return f.Type, true
		}
	}
	return nil, false
}

// leaves lists the JSON paths of the non-struct fields of Settings.
func leaves(t reflect.Type, prefix string) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, hasTag := f.Tag.Lookup("json")
		if f.Anonymous && !hasTag {
			out = append(out, leaves(f.Type, prefix)...)
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Type.Kind() == reflect.Struct {
			out = append(out, leaves(f.Type, prefix+name+".")...)
		} else {
			out = append(out, prefix+name)
		}
	}
	return out
}

func TestSettingsDeclarations(t *testing.T) {
	declared := map[string]bool{}
	for _, s := range contract.Configuration {
		key, ok := strings.CutPrefix(s.ID, contract.SettingsSection+".")
		if !ok || declared[key] {
			t.Errorf("%s: not in the dockerlab section, or declared twice", s.ID)
		}
		declared[key] = true
		ft, inSettings := settingsField(key)
		if s.ClientOnly {
			if inSettings {
				t.Errorf("%s is in Settings but declared ClientOnly", s.ID)
			}
			continue
		}
		if !inSettings {
			t.Errorf("%s is not a field of contract.Settings", s.ID)
			continue
		}
		if ft != reflect.TypeOf(s.Default) {
			t.Errorf("%s: Settings has %s, the default is a %T", s.ID, ft, s.Default)
		}
	}
	for _, key := range leaves(reflect.TypeOf(contract.Settings{}), "") {
		if !declared[key] {
			t.Errorf("Settings field %s has no declaration in Configuration", key)
		}
	}
}

// TestSettingsJSONShape pins the JSON the server decodes, which the
// extension sends: moving the struct must not change it.
func TestSettingsJSONShape(t *testing.T) {
	var s contract.Settings
	in := `{"lint":{"skip":["A"]},"docker":{"host":"tcp://h:2375"},` +
		`"build":{"context":"..","tag":"t","args":{"A":"1"},"noCache":true,"builder":"classic"},` +
		`"run":{"bindAddress":"0.0.0.0","ports":{"3000":8080},"env":{"E":"x"},"volumes":{"todo-db":"/etc/todos"}},` +
		`"registry":{"default":"127.0.0.1:5000/app:1.0"},"k8s":{"clusterName":"lab","nodeImage":"kindest/node:v1","kindConfig":"/k.yaml","ingressImage":"traefik:v3.6"},` +
		`"buildInsight":{"enabled":true},"compose":{"actionLenses":true}}`
	if err := json.Unmarshal([]byte(in), &s); err != nil {
		t.Fatal(err)
	}
	if s.Lint.Skip[0] != "A" || s.Docker.Host != "tcp://h:2375" || s.Build.Builder != "classic" || !s.Build.NoCache ||
		s.Run.Ports["3000"] != 8080 || s.Run.Env["E"] != "x" || s.Build.Args["A"] != "1" || s.Run.BindAddress != "0.0.0.0" ||
		!s.BuildInsight.Enabled || s.Run.Volumes["todo-db"] != "/etc/todos" || s.Registry.Default != "127.0.0.1:5000/app:1.0" ||
		s.K8s.ClusterName != "lab" || s.K8s.NodeImage != "kindest/node:v1" || s.K8s.KindConfig != "/k.yaml" || s.K8s.IngressImage != "traefik:v3.6" {
		t.Errorf("decoded %+v", s)
	}
	out, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != in {
		t.Errorf("round trip:\n got %s\nwant %s", out, in)
	}
}

// A client that sends no settings (or only some) gets every declared
// default, not Go's zero values: build insight is on unless turned off.
func TestDefaultSettings(t *testing.T) {
	d := contract.DefaultSettings()
	if !d.BuildInsight.Enabled || d.Build.Builder != "auto" || d.Run.BindAddress != "127.0.0.1" || d.Lint.Skip == nil {
		t.Errorf("defaults %+v", d)
	}
	if err := json.Unmarshal([]byte(`{"buildInsight":{"enabled":false}}`), &d); err != nil || d.BuildInsight.Enabled || d.Run.BindAddress != "127.0.0.1" {
		t.Errorf("a sent setting overrides its default and keeps the others: %+v, %v", d, err)
	}
}

func TestNotificationDeclarations(t *testing.T) {
	seen := map[string]bool{}
	for _, n := range contract.Notifications {
		if !strings.HasPrefix(n.Method, "dockerlab/") || seen[n.Method] || n.Doc == "" {
			t.Errorf("%s: methods start with dockerlab/, are unique and documented", n.Method)
		}
		seen[n.Method] = true
		if reflect.TypeOf(n.Params).Kind() != reflect.Struct {
			t.Errorf("%s: params are a %T", n.Method, n.Params)
		}
	}
}

// packageJSON is the part of editor-ext/package.json the contract covers.
type packageJSON struct {
	Contributes struct {
		Commands []struct {
			Command string `json:"command"`
			Title   string `json:"title"`
		} `json:"commands"`
		Menus         map[string][]struct{ Command string } `json:"menus"`
		Configuration struct {
			Properties map[string]map[string]json.RawMessage `json:"properties"`
		} `json:"configuration"`
	} `json:"contributes"`
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "editor-ext", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// nlsKeys checks that both bundles define key.
func nlsKeys(t *testing.T, what, key string) {
	t.Helper()
	for _, name := range []string{"package.nls.json", "package.nls.ko.json"} {
		var nls map[string]string
		readJSON(t, name, &nls)
		if nls[key] == "" {
			t.Errorf("%s: %s lacks %q", what, name, key)
		}
	}
}

// TestPackageJSONCommands checks contributes.commands against the
// declaration: the same ids in the same order, each titled by its TitleKey
// (defined in both bundles), no internal command, and menus that name only
// declared commands. package.json stays hand-written (its icons, menus and
// when-clauses are the extension's layout), and this test keeps it honest.
func TestPackageJSONCommands(t *testing.T) {
	var pkg packageJSON
	readJSON(t, "package.json", &pkg)
	var want, got []string
	titles := map[string]string{}
	for _, c := range contract.Commands {
		if c.TitleKey != "" {
			want = append(want, c.ID)
			titles[c.ID] = "%" + c.TitleKey + "%"
			nlsKeys(t, c.ID, c.TitleKey)
		}
	}
	for _, c := range pkg.Contributes.Commands {
		got = append(got, c.Command)
		if c.Title != titles[c.Command] {
			t.Errorf("package.json: %s has title %q, the declaration says %q", c.Command, c.Title, titles[c.Command])
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("package.json contributes.commands\n got %v\nwant %v", got, want)
	}
	for menu, items := range pkg.Contributes.Menus {
		for _, item := range items {
			if _, ok := contract.Lookup(item.Command); !ok {
				t.Errorf("package.json menu %s names %s, which is not declared", menu, item.Command)
			}
		}
	}
}

// schemaType is the JSON-schema type of a setting's Go type.
func schemaType(v any) string {
	switch reflect.TypeOf(v).Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice:
		return "array"
	case reflect.Map, reflect.Struct:
		return "object"
	}
	return "?"
}

// TestPackageJSONConfiguration checks contributes.configuration against the
// declaration: the same settings in the same order, each with the type and
// the default of its Go declaration and its description key (in both
// bundles). Patterns, enums and scopes stay in package.json, for the editor.
func TestPackageJSONConfiguration(t *testing.T) {
	var pkg packageJSON
	readJSON(t, "package.json", &pkg)
	props := pkg.Contributes.Configuration.Properties
	var want []string
	for _, s := range contract.Configuration {
		want = append(want, s.ID)
		p, ok := props[s.ID]
		if !ok {
			t.Errorf("package.json does not contribute %s", s.ID)
			continue
		}
		var typ string
		_ = json.Unmarshal(p["type"], &typ)
		if typ != schemaType(s.Default) {
			t.Errorf("%s: package.json type %q, the declaration's is %q", s.ID, typ, schemaType(s.Default))
		}
		var got, def any
		_ = json.Unmarshal(p["default"], &got)
		d, _ := json.Marshal(s.Default)
		_ = json.Unmarshal(d, &def)
		if !reflect.DeepEqual(got, def) {
			t.Errorf("%s: package.json default %s, the declaration's is %s", s.ID, p["default"], d)
		}
		var desc, mdDesc string
		_ = json.Unmarshal(p["description"], &desc)
		_ = json.Unmarshal(p["markdownDescription"], &mdDesc)
		if key := "%" + s.DescriptionKey + "%"; desc != key && mdDesc != key {
			t.Errorf("%s: package.json describes it by %q/%q, the declaration by %q", s.ID, mdDesc, desc, key)
		}
		nlsKeys(t, s.ID, s.DescriptionKey)
	}
	// Object keys have no order in Go's decoder; read the order from the text.
	data, _ := os.ReadFile(filepath.Join(root, "editor-ext", "package.json"))
	var got []string
	for id := range props {
		got = append(got, id)
	}
	sort.Slice(got, func(i, j int) bool {
		return bytes.Index(data, []byte(`"`+got[i]+`": {`)) < bytes.Index(data, []byte(`"`+got[j]+`": {`))
	})
	if !reflect.DeepEqual(got, want) {
		t.Errorf("package.json contributes.configuration\n got %v\nwant %v", got, want)
	}
}
