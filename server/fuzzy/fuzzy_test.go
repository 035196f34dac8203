package fuzzy

import "testing"

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{{"FORM", "FROM", 1}, {"prots", "ports", 1}, {"", "abc", 3}, {"same", "same", 0}, {"볼룸", "볼륨", 1}, {"kitten", "sitting", 3}, {"abc", "", 3}, {"ab", "ba", 1}, {"ca", "abc", 3}, {"abcdef", "badcfe", 3}} {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
