package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestIsPortAllocated(t *testing.T) {
	cases := []struct {
		msg  string
		ok   bool
		port int
	}{
		// Another container holds the port.
		{"Error response from daemon: driver failed programming external connectivity on endpoint x (abc): Bind for 127.0.0.1:18080 failed: port is already allocated", true, 18080},
		{"Bind for 0.0.0.0:80 failed: port is already allocated", true, 80},
		{"Bind for [::]:8080 failed: port is already allocated", true, 8080},
		// A host process holds it (docker-proxy cannot listen).
		{"driver failed programming external connectivity on endpoint y (def): Error starting userland proxy: listen tcp4 127.0.0.1:3000: bind: address already in use", true, 3000},
		{"Error starting userland proxy: listen tcp6 [::]:443: bind: address already in use", true, 443},
		// The wording without a port still counts.
		{"port is already allocated", true, 0},
		{"No such image: x", false, 0},
	}
	for _, tc := range cases {
		ok, port := isPortAllocated(tc.msg)
		if ok != tc.ok || port != tc.port {
			t.Errorf("isPortAllocated(%q) = %v, %d; want %v, %d", tc.msg, ok, port, tc.ok, tc.port)
		}
	}
}

func TestErrorText(t *testing.T) {
	cause := errors.New("boom")
	e := &Error{Kind: Other, Message: "실패했습니다.", Err: cause}
	if e.Error() != "실패했습니다. (원인: boom)" {
		t.Errorf("Error() = %q", e.Error())
	}
	if !errors.Is(e, cause) {
		t.Error("errors.Is does not see the cause")
	}
	wrapped := fmt.Errorf("running lab: %w", e)
	if KindOf(wrapped) != Other || KindOf(nil) != Other {
		t.Error("KindOf")
	}
	if KindOf(fmt.Errorf("x: %w", &Error{Kind: PortAllocated})) != PortAllocated {
		t.Error("KindOf does not unwrap")
	}
	if (&Error{Message: "m"}).Error() != "m" {
		t.Error("Error() without cause")
	}
}

func TestClassifyContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := classify(ctx, "x", errors.New("request failed")); KindOf(err) != Canceled {
		t.Errorf("classify with canceled ctx = %v", err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), 0)
	defer cancel()
	err := classify(ctx, "x", context.DeadlineExceeded)
	if KindOf(err) != Canceled || !strings.Contains(err.Error(), "제한 시간") {
		t.Errorf("classify with deadline = %v", err)
	}
	if classify(context.Background(), "x", nil) != nil {
		t.Error("classify(nil) != nil")
	}
	pa := portAllocatedError(8080, nil)
	if got := classify(context.Background(), "x", fmt.Errorf("w: %w", pa)); KindOf(got) != PortAllocated {
		t.Errorf("classify re-wrapped an *Error: %v", got)
	}
	if err := classify(context.Background(), "컨테이너 시작", errors.New("Bind for 127.0.0.1:5000 failed: port is already allocated")); !strings.Contains(err.Error(), "호스트 포트 5000번") {
		t.Errorf("classify port message = %v", err)
	}
}
