// Package tabletest checks a pure function against a table of inputs and
// the results they must give: the most common test in this repository,
// written once, with one failure message naming the function, the input,
// what it gave and what it should have.
//
// It is test-only code (it imports testing), so only _test.go files import
// it; testcorpus.TestOnlyTestsImport keeps it that way.
package tabletest

import "testing"

// Func checks that f(in) == want for every entry of cases; name is how a
// failure names f. Every case runs: a failure is reported, not fatal.
func Func[In, Out comparable](t testing.TB, name string, f func(In) Out, cases map[In]Out) {
	t.Helper()
	for in, want := range cases {
		if got := f(in); got != want {
			t.Errorf("%s(%#v) = %#v, want %#v", name, in, got, want)
		}
	}
}
