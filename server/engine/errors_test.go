package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/docker"
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

// The engines' own words for a taken host port, recorded verbatim: Docker
// Engine 29.8 (the daemon binds the port itself) and Debian's dockerd
// 20.10.24 (docker-proxy binds it), with and without the daemon's wrapper,
// for IPv4, IPv6 and the unspecified addresses, with and without a protocol.
func TestIsPortAllocatedEngineMessages(t *testing.T) {
	const wrap = "Error response from daemon: driver failed programming external connectivity on endpoint dockerlab-t (3f2a9c0d1e4b): "
	cases := []struct {
		msg  string
		port int
	}{
		// Docker ≥ 28: a process outside Docker holds the port.
		{"failed to bind host port 127.0.0.1:3918/tcp: address already in use", 3918},
		{"failed to bind host port 0.0.0.0:3918/tcp: address already in use", 3918},
		{"failed to bind host port [::]:3918/tcp: address already in use", 3918},
		{"failed to bind host port [::1]:3918/udp: address already in use", 3918},
		{"failed to bind host port 127.0.0.1:53/udp: address already in use", 53},
		{"failed to bind host port 127.0.0.1:3918: address already in use", 3918},
		{"failed to bind host port [fe80::1%eth0]:3918/sctp: address already in use", 3918},
		// Docker 20.10 (docker-proxy): a process outside Docker holds the port.
		{"Error starting userland proxy: listen tcp4 127.0.0.1:3918: bind: address already in use", 3918},
		{"Error starting userland proxy: listen tcp4 0.0.0.0:3918: bind: address already in use", 3918},
		{"Error starting userland proxy: listen tcp6 [::]:3918: bind: address already in use", 3918},
		{"Error starting userland proxy: listen udp4 127.0.0.1:3918: bind: address already in use", 3918},
		// Every engine: another container publishes the port. The address is
		// printed as is, so IPv6 comes without brackets.
		{"Bind for 127.0.0.1:3917 failed: port is already allocated", 3917},
		{"Bind for 0.0.0.0:3917 failed: port is already allocated", 3917},
		{"Bind for :::3917 failed: port is already allocated", 3917},
		{"Bind for ::1:3917 failed: port is already allocated", 3917},
		{"Bind for [::]:3917 failed: port is already allocated", 3917},
	}
	for _, tc := range cases {
		for _, msg := range []string{tc.msg, wrap + tc.msg} {
			ok, port := isPortAllocated(msg)
			if !ok || port != tc.port {
				t.Errorf("isPortAllocated(%q) = %v, %d; want true, %d", msg, ok, port, tc.port)
			}
			err := classify(context.Background(), "컨테이너 시작", errors.New(msg))
			var e *docker.Error
			if !errors.As(err, &e) || e.Kind != docker.PortAllocated || e.Port != tc.port ||
				!strings.Contains(e.Message, fmt.Sprintf("호스트 포트 %d번을", tc.port)) || !strings.Contains(e.Error(), msg) {
				t.Errorf("classify(%q) = %#v", msg, err)
			}
		}
	}
	// Whole errors as the SDK returns them, recorded on this project's two
	// engines (Docker Engine 29.8 adds "failed to set up container
	// networking: " before the wrapper).
	for msg, port := range map[string]int{
		"Error response from daemon: failed to set up container networking: driver failed programming external connectivity on endpoint dlab-portprobe-23137 (60d0a80415b578298d719154ab63f4225e4c5081206b44648e6e0b4359797892): failed to bind host port 127.0.0.1:38965/tcp: address already in use": 38965,
		"Error response from daemon: failed to set up container networking: driver failed programming external connectivity on endpoint dlab-portprobe-11807 (21957a71e4aba4e758b00eea43ae5164c917a4db6e0aa73ac91c73663c0f99ce): Bind for 127.0.0.1:33243 failed: port is already allocated":           33243,
		"Error response from daemon: driver failed programming external connectivity on endpoint dlab-portprobe-13316 (36a065ba16af8d43b6d79a6836094197a27c5ba6a3b4bfe178b1a3f1df01b99f): Error starting userland proxy: listen tcp4 127.0.0.1:35483: bind: address already in use":                    35483,
		"Error response from daemon: driver failed programming external connectivity on endpoint dlab-portprobe-4931 (3472d1c3db7837f3f1f72c3862bbe4a0049fcc3fd3235e107f2b50c5bf3e2504): Bind for 127.0.0.1:56747 failed: port is already allocated":                                                   56747,
	} {
		if ok, got := isPortAllocated(msg); !ok || got != port {
			t.Errorf("isPortAllocated(%q) = %v, %d; want true, %d", msg, ok, got, port)
		}
	}
	// Port conflicts that name no port, and look-alikes that are none.
	for _, tc := range []struct {
		msg string
		ok  bool
	}{
		{wrap + "port is already allocated", true},
		{"Error starting userland proxy: bind: address already in use", true},
		{"failed to bind host port 127.0.0.1:0/tcp: address already in use", true},
		{"failed to allocate IP: Address already in use", false},
		{"listen unix /run/x.sock: bind: address already in use", false},
		{"failed to set up container networking: network dlab not found", false},
	} {
		ok, port := isPortAllocated(tc.msg)
		if ok != tc.ok || port != 0 {
			t.Errorf("isPortAllocated(%q) = %v, %d; want %v, 0", tc.msg, ok, port, tc.ok)
		}
	}
}

func TestErrorText(t *testing.T) {
	cause := errors.New("boom")
	e := &docker.Error{Kind: docker.Other, Message: "실패했습니다.", Err: cause}
	if e.Error() != "실패했습니다. (원인: boom)" {
		t.Errorf("Error() = %q", e.Error())
	}
	if !errors.Is(e, cause) {
		t.Error("errors.Is does not see the cause")
	}
	wrapped := fmt.Errorf("running lab: %w", e)
	if docker.KindOf(wrapped) != docker.Other || docker.KindOf(nil) != docker.Other {
		t.Error("KindOf")
	}
	if docker.KindOf(fmt.Errorf("x: %w", &docker.Error{Kind: docker.PortAllocated})) != docker.PortAllocated {
		t.Error("KindOf does not unwrap")
	}
	if (&docker.Error{Message: "m"}).Error() != "m" {
		t.Error("Error() without cause")
	}
}

func TestClassifyContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := classify(ctx, "x", errors.New("request failed")); docker.KindOf(err) != docker.Canceled {
		t.Errorf("classify with canceled ctx = %v", err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), 0)
	defer cancel()
	err := classify(ctx, "x", context.DeadlineExceeded)
	if docker.KindOf(err) != docker.Canceled || !strings.Contains(err.Error(), "제한 시간") {
		t.Errorf("classify with deadline = %v", err)
	}
	if classify(context.Background(), "x", nil) != nil {
		t.Error("classify(nil) != nil")
	}
	pa := portAllocatedError(8080, nil)
	if got := classify(context.Background(), "x", fmt.Errorf("w: %w", pa)); docker.KindOf(got) != docker.PortAllocated {
		t.Errorf("classify re-wrapped an *Error: %v", got)
	}
	if err := classify(context.Background(), "컨테이너 시작", errors.New("Bind for 127.0.0.1:5000 failed: port is already allocated")); !strings.Contains(err.Error(), "호스트 포트 5000번") {
		t.Errorf("classify port message = %v", err)
	}
}
