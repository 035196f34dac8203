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

func TestNearest(t *testing.T) {
	keys := []string{"ports", "image", "imagePullPolicy", "containerPort"}
	for _, tt := range []struct{ s, want string }{
		{"prots", "ports"},
		{"imagePullPolcy", "imagePullPolicy"},
		{"ContainerPort", "containerPort"}, // only the case differs: nearest of all
		{"volumes", ""},                    // nothing close
		{"", ""},
	} {
		if got := Nearest(tt.s, keys); got != tt.want {
			t.Errorf("Nearest(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
}
