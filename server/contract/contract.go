// Package contract declares, once, everything the dockerlab server and the
// dockerlab editor extension must agree on: the commands (id, argument and
// result types, whether the file must be saved, progress title, title key),
// the dockerlab/* notifications and their parameters, and the settings.
//
// The extension's TypeScript (editor-ext/src/generated/contract.ts) is
// generated from these declarations by reflection (`go generate
// ./server/contract`), and a test fails when that file or the commands and
// settings contributed in editor-ext/package.json drift from them. The
// server reads the same declarations, so a command or a setting cannot exist
// on one side only.
//
// contract may import the value types of lab and engine; nothing in lab or
// engine imports it, and it knows nothing of JSON-RPC.
package contract

//go:generate go run ./gen
