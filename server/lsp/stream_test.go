package lsp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"go.lsp.dev/jsonrpc2"
)

// decodeMessage reads every message as jsonrpc2.DecodeMessage does (the
// same kind, id, method, params or result and error, and an error where it
// fails), only without its per-message buffer. Absent params read as null,
// which handlers treat as missing.
func TestDecodeMessageAsJSONRPC2(t *testing.T) {
	for _, in := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///a"},"position":{"line":1,"character":2}}}`,
		`{"jsonrpc":"2.0","id":"abc","method":"shutdown"}`,
		`{"jsonrpc":"2.0","id":7,"method":"x","params":null}`,
		`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"text":"FROM 한국어\n"}}}`,
		`{"jsonrpc":"2.0","method":"exit"}`,
		`{"jsonrpc":"2.0","id":3,"result":[null,{"a":1}]}`,
		`{"jsonrpc":"2.0","id":4,"result":null}`,
		`{"jsonrpc":"2.0","id":5,"error":{"code":-32601,"message":"method not found: x"}}`,
		`{"jsonrpc":"2.0","id":"s","error":{"code":-32000,"message":"m","data":{"k":[1]}}}`,
		`{"jsonrpc":"2.0","result":1}`,
		`{"jsonrpc":"1.0","id":1,"method":"x"}`,
		`{"id":1,"method":"x"}`,
		`{"jsonrpc":"2.0","id":{},"method":"x"}`,
		`{"jsonrpc":"2.0","id":1,"method":"x","params":{]}`,
		`[1,2]`,
		`"text"`,
	} {
		got, gotErr := decodeMessage([]byte(in))
		want, wantErr := jsonrpc2.DecodeMessage([]byte(in))
		if (gotErr == nil) != (wantErr == nil) {
			t.Errorf("%s: error %v, jsonrpc2 says %v", in, gotErr, wantErr)
			continue
		}
		if gotErr != nil {
			continue
		}
		if g, w := describe(t, got), describe(t, want); g != w {
			t.Errorf("%s:\n got  %s\n want %s", in, g, w)
		}
	}
}

// describe is what a handler can read of a message.
func describe(t *testing.T, m jsonrpc2.Message) string {
	norm := func(r json.RawMessage) string {
		if len(r) == 0 {
			return "null"
		}
		var b bytes.Buffer
		if err := json.Compact(&b, r); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	switch m := m.(type) {
	case *jsonrpc2.Call:
		return fmt.Sprintf("call %v %s %s", m.ID(), m.Method(), norm(m.Params()))
	case *jsonrpc2.Notification:
		return fmt.Sprintf("notification %s %s", m.Method(), norm(m.Params()))
	case *jsonrpc2.Response:
		return fmt.Sprintf("response %v %s %v", m.ID(), norm(m.Result()), m.Err())
	}
	return fmt.Sprintf("%T", m)
}

// A successful reply is written around its result as it is, and reads as
// the same JSON as jsonrpc2's own marshalling.
func TestAppendResultAsJSONRPC2(t *testing.T) {
	for _, c := range []struct {
		id     jsonrpc2.ID
		result any
	}{
		{jsonrpc2.NewNumberID(1), map[string]any{"contents": map[string]any{"kind": "markdown", "value": "`WORKDIR` 한국어"}}},
		{jsonrpc2.NewStringID("a\"b"), []int{1, 2}},
		{jsonrpc2.NewNumberID(-3), nil},
	} {
		r, err := jsonrpc2.NewResponse(c.id, c.result, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendResult(nil, r)
		if err != nil {
			t.Fatal(err)
		}
		want, err := r.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var g, w any
		if err := json.Unmarshal(got, &g); err != nil {
			t.Fatalf("%s: %v", got, err)
		}
		if err := json.Unmarshal(want, &w); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(g) != fmt.Sprint(w) {
			t.Errorf("got %s, want %s", got, want)
		}
	}
}

// FuzzDecodeMessage: on any input, decodeMessage accepts what
// jsonrpc2.DecodeMessage accepts and reads the same message from it.
func FuzzDecodeMessage(f *testing.F) {
	for _, s := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"position":{"line":1}}}`,
		`{"jsonrpc":"2.0","method":"exit"}`,
		`{"jsonrpc":"2.0","id":"x","result":null}`,
		`{"jsonrpc":"2.0","id":5,"error":{"code":-32601,"message":"m"}}`,
		`{"id":1,"method":"x"}`, `[]`, `{}`, `null`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, gotErr := decodeMessage(data)
		want, wantErr := jsonrpc2.DecodeMessage(data)
		if wantErr == nil && gotErr != nil {
			t.Fatalf("%q: jsonrpc2 reads it, decodeMessage says %v", data, gotErr)
		}
		if wantErr != nil || gotErr != nil {
			return
		}
		if g, w := describe(t, got), describe(t, want); g != w {
			t.Fatalf("%q:\n got  %s\n want %s", data, g, w)
		}
	})
}
