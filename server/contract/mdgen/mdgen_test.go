package mdgen

import (
	"strings"
	"testing"
)

func TestReplace(t *testing.T) {
	page := "# 제목\n\n" + Begin + "\nold\ntable\n" + End + "\n\n끝\n"
	got, err := Replace([]byte(page), "| a |\n")
	if err != nil {
		t.Fatal(err)
	}
	if want := "# 제목\n\n" + Begin + "\n| a |\n" + End + "\n\n끝\n"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
	again, err := Replace(got, "| a |\n")
	if err != nil || string(again) != string(got) {
		t.Errorf("replacing twice changes the page: %q, %v", again, err)
	}
	empty, err := Replace([]byte(Begin+"\n"+End+"\n"), "x")
	if err != nil || string(empty) != Begin+"\nx\n"+End+"\n" {
		t.Errorf("empty region: %q, %v", empty, err)
	}
	for _, bad := range []string{
		"no markers\n",
		Begin + "\nonly the beginning\n",
		Begin + "\n" + End + "\n" + Begin + "\n" + End + "\n",
		End + "\n" + Begin + "\n",
	} {
		if _, err := Replace([]byte(bad), "x"); err == nil {
			t.Errorf("Replace(%q) accepted a page without one pair of markers", bad)
		}
	}
}

func TestCell(t *testing.T) {
	if got := cell("a | b\n  c"); got != `a \| b c` {
		t.Errorf("cell: %q", got)
	}
	if !strings.Contains(korean.note, "go generate ./server/contract") || !strings.Contains(english.note, "go generate ./server/contract") {
		t.Error("the notes say how the tables are made")
	}
}
