package docker

import (
	"errors"
	"fmt"
	"testing"

	"github.com/dockerlab/dockerlab/server/internal/tabletest"
)

func TestShortID(t *testing.T) {
	tabletest.Func(t, "ShortID", ShortID, map[string]string{
		"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef": "0123456789ab",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef":        "0123456789ab",
		"sha256:abc":      "abc",
		"getting-started": "getting-started",
		"0123456789abc-x": "0123456789abc-x",
	})
}

func TestFormatSize(t *testing.T) {
	tabletest.Func(t, "FormatSize", FormatSize, map[int64]string{
		0: "0B", 999: "999B", 7050: "7.05kB", 130_000_000: "130MB", 1_500_000_000: "1.5GB", 2_000_000_000_000_000: "2PB",
	})
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
