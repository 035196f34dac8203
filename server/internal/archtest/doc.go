// Package archtest holds the tests that keep dockerlab's house in order:
// which package may import which, where Docker's SDK and BuildKit's parser
// may appear, and what the protocol layer may hold. It has no code of its
// own; ARCHITECTURE.md draws the same rules.
package archtest
