package tsgen

import (
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/contract"
	"github.com/dockerlab/dockerlab/server/lab"
)

// TestRenderFollowsTheDeclaration adds a command, a notification and a
// setting to the declarations and checks that each reaches the TypeScript:
// the drift test in package contract is only as good as this.
func TestRenderFollowsTheDeclaration(t *testing.T) {
	type probeParams struct {
		Count   int      `json:"count" contract:"required"`
		Ratio   float64  `json:"ratio,omitempty"`
		Names   []string `json:"names"`
		Skipped string   `json:"-"`
	}
	commands, notifications, configuration := contract.Commands, contract.Notifications, contract.Configuration
	t.Cleanup(func() {
		contract.Commands, contract.Notifications, contract.Configuration = commands, notifications, configuration
	})
	contract.Commands = append(append([]contract.Command(nil), commands...), contract.Command{ID: "dockerlab.probe", Doc: "probes.",
		Runner: contract.RunServer, UI: contract.UILabStep, Args: lab.Args{}, Result: lab.Result{}, Container: contract.ContainerNone, Effect: contract.EffectNone})
	contract.Notifications = append(append([]contract.Notification(nil), notifications...), contract.Notification{Method: "dockerlab/probe", Params: probeParams{}, Doc: "probes."})
	contract.Configuration = append(append([]contract.Setting(nil), configuration...), contract.Setting{ID: "dockerlab.probe.level", Default: "it's", ClientOnly: true})

	out, err := Render("../../..")
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, want := range []string{
		"  probe: {\n    id: 'dockerlab.probe',",
		"probe: { method: 'dockerlab/probe', decode: decodeprobeParams }",
		"export interface probeParams {\n  count: number;\n  ratio?: number;\n  names: string[];\n}",
		"  const field_count = asInteger(value.count);\n  if (field_count === undefined) {\n    return undefined;\n  }",
		"names: arrayOf(value.names, asString) ?? [],",
		"function asNumber(",
		"probeLevel: {\n    id: 'dockerlab.probe.level',",
		"default: 'it\\'s',",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("rendered file lacks %q", want)
		}
	}
	if strings.Contains(text, "Skipped") || strings.Contains(text, "skipped") {
		t.Error(`a json:"-" field was rendered`)
	}
}

func TestRenderRefusesWhatTypeScriptCannotSay(t *testing.T) {
	notifications := contract.Notifications
	t.Cleanup(func() { contract.Notifications = notifications })
	contract.Notifications = append(append([]contract.Notification(nil), notifications...),
		contract.Notification{Method: "dockerlab/bad", Params: struct {
			M map[int]string `json:"m"`
		}{}})
	if _, err := Render("../../.."); err == nil {
		t.Error("an anonymous params type with an int-keyed map was rendered")
	}
}
