package tsgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/dockerlab/dockerlab/server/contract"
)

// Enumerations of the command declaration, as their TypeScript unions list them.
var (
	runners    = []contract.Runner{contract.RunServer, contract.RunClient}
	uis        = []contract.UI{contract.UILabStep, contract.UILogs, contract.UIImagePick, contract.UIContainerPick, contract.UIVolumePick, contract.UIVolumeStep, contract.UILogin, contract.UIComposeStep, contract.UIClusterStep, contract.UIClient}
	asks       = []contract.Ask{contract.AskNothing, contract.AskPushTarget, contract.AskVolume}
	containers = []contract.ContainerUse{contract.ContainerNone, contract.ContainerOptional, contract.ContainerAny, contract.ContainerStopped, contract.ContainerChosen}
	effects    = []contract.Effect{contract.EffectNone, contract.EffectStarts, contract.EffectRemoves}
)

// writeUnion writes the TypeScript union of a Go enumeration, with the Go
// type's doc comment.
func writeUnion[T ~string](b *bytes.Buffer, g *generator, name string, values []T) {
	t := reflect.TypeOf(values).Elem()
	writeDoc(b, "", g.docs[docKey(t)], "Go: "+docKey(t)+".")
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = tsString(string(v))
	}
	fmt.Fprintf(b, "export type %s = %s;\n\n", name, strings.Join(parts, " | "))
}

func contains[T comparable](values []T, v T) bool {
	for _, x := range values {
		if x == v {
			return true
		}
	}
	return false
}

// typeName is the TypeScript name of a declared value's type, or null.
func (g *generator) typeName(v any) string {
	if v == nil {
		return "null"
	}
	return tsString(g.named[reflect.TypeOf(v)].name)
}

func orNull(s string) string {
	if s == "" {
		return "null"
	}
	return tsString(s)
}

// writeRow writes one entry of a table, on one line: its doc comment, if
// any, then name: { key: value, … }.
func writeRow(b *bytes.Buffer, name, doc string, fields ...string) {
	writeDoc(b, "  ", doc, "")
	fmt.Fprintf(b, "  %s: { %s },\n", name, strings.Join(fields, ", "))
}

func writeCommands(b *bytes.Buffer, g *generator) error {
	b.WriteString("// ---- Commands (contract.Commands); CommandSpec (../contract.ts) is the shape of one.\n\n")
	writeUnion(b, g, "CommandRunner", runners)
	writeUnion(b, g, "CommandUi", uis)
	writeUnion(b, g, "ContainerUse", containers)
	writeUnion(b, g, "ContainerEffect", effects)
	writeUnion(b, g, "CommandAsk", asks)
	b.WriteString("export const COMMANDS = {\n")
	seen := map[string]bool{}
	for _, c := range contract.Commands {
		name := tsName(c.ID)
		if seen[name] {
			return fmt.Errorf("two commands are called %s in TypeScript", name)
		}
		seen[name] = true
		ask := c.Ask
		if ask == "" {
			ask = contract.AskNothing
		}
		if !contains(runners, c.Runner) || !contains(uis, c.UI) || !contains(containers, c.Container) || !contains(effects, c.Effect) || !contains(asks, ask) {
			return fmt.Errorf("command %s: runner, UI, container or effect is not one of the declared values", c.ID)
		}
		writeRow(b, name, name+" "+c.Doc,
			"id: "+tsString(c.ID), "runner: "+tsString(string(c.Runner)), "ui: "+tsString(string(c.UI)),
			"args: "+g.typeName(c.Args), "result: "+g.typeName(c.Result),
			fmt.Sprintf("needsSavedFile: %t", c.NeedsSavedFile), "progress: "+orNull(c.Progress),
			fmt.Sprintf("background: %t", c.Background), fmt.Sprintf("freshOutput: %t", c.FreshOutput),
			"container: "+tsString(string(c.Container)), "effect: "+tsString(string(c.Effect)), "ask: "+tsString(string(ask)), "titleKey: "+orNull(c.TitleKey))
	}
	b.WriteString("} as const satisfies Record<string, CommandSpec>;\n\n")
	return nil
}

func writeNotifications(b *bytes.Buffer, g *generator) error {
	b.WriteString("// ---- Notifications from the server (contract.Notifications).\n\nexport const NOTIFICATIONS = {\n")
	for _, n := range contract.Notifications {
		t := g.named[reflect.TypeOf(n.Params)]
		if t == nil {
			return fmt.Errorf("notification %s: params are not a struct", n.Method)
		}
		writeRow(b, tsName(n.Method), tsName(n.Method)+" "+n.Doc, "method: "+tsString(n.Method), "decode: decode"+t.name)
	}
	b.WriteString("} as const;\n\n")
	return nil
}

// settingKind is how the extension reads a setting of a Go type from the
// editor's configuration (a SettingKind in ../contract.ts).
func settingKind(t reflect.Type) (string, error) {
	switch {
	case t.Kind() == reflect.String:
		return "string", nil
	case t.Kind() == reflect.Bool:
		return "boolean", nil
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String:
		return "strings", nil
	case t.Kind() == reflect.Map && t.Key().Kind() == reflect.String && t.Elem().Kind() == reflect.String:
		return "stringMap", nil
	case t.Kind() == reflect.Map && t.Key().Kind() == reflect.String && t.Elem().Kind() == reflect.Int:
		return "integerMap", nil
	}
	return "", fmt.Errorf("no setting kind for Go type %s", t)
}

func writeSettings(b *bytes.Buffer) error {
	fmt.Fprintf(b, "// ---- Settings (contract.Configuration); SettingSpec (../contract.ts) is the shape of one.\n\n"+
		"/** The configuration section of every setting. */\nexport const SETTINGS_SECTION = %s;\n\nexport const SETTINGS = {\n",
		tsString(contract.SettingsSection))
	for _, s := range contract.Configuration {
		key, ok := strings.CutPrefix(s.ID, contract.SettingsSection+".")
		if !ok {
			return fmt.Errorf("setting %s is not in the %s section", s.ID, contract.SettingsSection)
		}
		kind, err := settingKind(reflect.TypeOf(s.Default))
		if err != nil {
			return fmt.Errorf("setting %s: %w", s.ID, err)
		}
		def, err := json.Marshal(s.Default)
		if err != nil {
			return err
		}
		if str, ok := s.Default.(string); ok {
			def = []byte(tsString(str))
		}
		writeRow(b, tsName(key), "",
			"id: "+tsString(s.ID), "key: "+tsString(key), "kind: "+tsString(kind), "default: "+string(def),
			"descriptionKey: "+tsString(s.DescriptionKey), fmt.Sprintf("server: %t", !s.ClientOnly),
			fmt.Sprintf("restartsServer: %t", s.RestartsServer))
	}
	b.WriteString("} as const satisfies Record<string, SettingSpec>;\n")
	return nil
}
