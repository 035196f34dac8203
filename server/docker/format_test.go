package docker

import (
	"errors"
	"fmt"
	"testing"
)

func TestShortID(t *testing.T) {
	for id, want := range map[string]string{
		"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef": "0123456789ab",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef":        "0123456789ab",
		"sha256:abc":      "abc",
		"getting-started": "getting-started",
		"0123456789abc-x": "0123456789abc-x",
	} {
		if got := ShortID(id); got != want {
			t.Errorf("ShortID(%q) = %q, want %q", id, got, want)
		}
	}
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0B", 999: "999B", 7050: "7.05kB", 130_000_000: "130MB", 1_500_000_000: "1.5GB", 2_000_000_000_000_000: "2PB",
	} {
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestKindOf(t *testing.T) {
	wrapped := fmt.Errorf("building: %w", &Error{Kind: PortAllocated, Message: "포트", Port: 3000})
	if KindOf(wrapped) != PortAllocated {
		t.Errorf("KindOf(wrapped PortAllocated) = %v", KindOf(wrapped))
	}
	if KindOf(errors.New("plain")) != Other {
		t.Errorf("KindOf(plain error) = %v, want Other", KindOf(errors.New("plain")))
	}
	e := &Error{Message: "설명", Err: errors.New("cause")}
	if e.Error() != "설명 (원인: cause)" || !errors.Is(e, e.Err) {
		t.Errorf("Error() = %q, or the cause is not unwrapped", e.Error())
	}
}
