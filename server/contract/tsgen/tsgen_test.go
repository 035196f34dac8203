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
		"  probe: { id: 'dockerlab.probe', runner: 'server',",
		"probe: { method: 'dockerlab/probe', decode: decodeprobeParams }",
		"export interface probeParams {\n  count: number;\n  ratio?: number;\n  names: string[];\n}",
		"export const decodeprobeParams = objectOf<probeParams>({ count: required(asInteger), ratio: optional(asNumber), names: arrayOf(asString) });",
		"import { arrayOf, asBoolean, asInteger, asNumber, asString, objectOf, optional, pointerTo, recordOf, required } from '../decode';",
		"  probeLevel: { id: 'dockerlab.probe.level',",
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

// Params TypeScript cannot say: JSON keys are strings, the server omits a
// zero omitempty field that the decoder would require, and a decoder comes
// after the decoders it uses, which one that uses itself cannot.
type (
	intKeys struct {
		M map[int]string `json:"m"`
	}
	requiredOmitted struct {
		N int `json:"n,omitempty" contract:"required"`
	}
	node struct {
		Next *node `json:"next,omitempty"`
	}
)

func TestRenderRefusesWhatTypeScriptCannotSay(t *testing.T) {
	notifications := contract.Notifications
	t.Cleanup(func() { contract.Notifications = notifications })
	for _, c := range []struct {
		params any
		want   string
	}{
		{intKeys{}, "map keys must be strings"},
		{requiredOmitted{}, "cannot be omitempty"},
		{node{}, "recursive"},
		{struct{}{}, "only named struct types"},
	} {
		contract.Notifications = append(append([]contract.Notification(nil), notifications...),
			contract.Notification{Method: "dockerlab/bad", Params: c.params})
		if _, err := Render("../../.."); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%T rendered with error %v, want one saying %q", c.params, err, c.want)
		}
	}
}
