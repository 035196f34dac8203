// Package registrytest starts a real registry for a test: Debian's
// `docker-registry` (the CNCF Distribution registry 2.8) on a free port of
// 127.0.0.1, with its own storage folder, without auth or with htpasswd
// auth (bcrypt, written by Debian's `htpasswd` from apache2-utils). Both
// engines push to 127.0.0.0/8 over plain HTTP without configuration, so a
// test needs no TLS.
//
// A missing binary fails the test, never skips it: a registry test that
// passes without a registry proves nothing. scripts/setup-tools.sh installs
// both packages. It is test-only code; only _test.go files import it.
package registrytest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Binary is Debian's registry program.
const Binary = "/usr/bin/docker-registry"

// Registry is one running registry.
type Registry struct {
	// Host is "127.0.0.1:PORT", the reference prefix of what is pushed to it.
	Host string
	// Dir is its storage folder.
	Dir string
	// Username and Password are the htpasswd account; "" without auth.
	Username, Password string

	log *bytes.Buffer
	mu  *sync.Mutex
}

// Options choose how the registry runs.
type Options struct {
	// Auth turns on htpasswd auth with one account (Username/Password).
	Auth bool
	// Username and Password of that account; defaults "learner"/"s3cret-pw".
	Username, Password string
	// IP is the address to listen on; "" is 127.0.0.1. A non-loopback
	// address (NonLoopbackIP) makes a registry the engines reach over
	// HTTPS only, which this plain HTTP registry cannot answer.
	IP string
}

// NonLoopbackIP is an IPv4 address of this machine outside 127.0.0.0/8 and
// outside the engines' bridges, for a registry the engines do not treat as
// insecure; the test fails when the machine has none.
func NonLoopbackIP(tb testing.TB) string {
	tb.Helper()
	ifaces, err := net.Interfaces()
	if err != nil {
		tb.Fatal(err)
	}
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagLoopback != 0 || strings.HasPrefix(ifc.Name, "docker") || strings.HasPrefix(ifc.Name, "dl29") || strings.HasPrefix(ifc.Name, "br-") || strings.HasPrefix(ifc.Name, "veth") {
			continue
		}
		addrs, _ := ifc.Addrs()
		for _, a := range addrs {
			if ipn, ok := a.(*net.IPNet); ok && ipn.IP.To4() != nil && !ipn.IP.IsLoopback() {
				return ipn.IP.String()
			}
		}
	}
	tb.Fatal("this test needs an IPv4 address outside 127.0.0.0/8 (an up network interface)")
	return ""
}

// Start starts a registry and stops it when the test ends.
func Start(tb testing.TB, opt Options) *Registry {
	tb.Helper()
	if _, err := os.Stat(Binary); err != nil {
		tb.Fatalf("this test needs Debian's docker-registry (apt-get install docker-registry; scripts/setup-tools.sh installs it): %v", err)
	}
	dir := tb.TempDir()
	r := &Registry{Dir: filepath.Join(dir, "storage"), log: &bytes.Buffer{}, mu: &sync.Mutex{}}
	ip := opt.IP
	if ip == "" {
		ip = "127.0.0.1"
	}
	port := freePortOn(tb, ip)
	r.Host = net.JoinHostPort(ip, fmt.Sprint(port))
	auth := ""
	if opt.Auth {
		r.Username, r.Password = opt.Username, opt.Password
		if r.Username == "" {
			r.Username, r.Password = "learner", "s3cret-pw"
		}
		htpasswd, err := exec.Command("htpasswd", "-Bbn", r.Username, r.Password).Output()
		if err != nil {
			tb.Fatalf("this test needs htpasswd (apt-get install apache2-utils): %v", err)
		}
		file := filepath.Join(dir, "htpasswd")
		if err := os.WriteFile(file, htpasswd, 0o600); err != nil {
			tb.Fatal(err)
		}
		auth = fmt.Sprintf("auth:\n  htpasswd:\n    realm: dockerlab-test\n    path: %s\n", file)
	}
	config := fmt.Sprintf(`version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: %s
  delete:
    enabled: true
http:
  addr: %s
%s`, r.Dir, r.Host, auth)
	cfgFile := filepath.Join(dir, "config.yml")
	if err := os.WriteFile(cfgFile, []byte(config), 0o600); err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(Binary, "serve", cfgFile)
	cmd.Stdout, cmd.Stderr = lockedWriter{r}, lockedWriter{r}
	if err := cmd.Start(); err != nil {
		tb.Fatalf("starting %s: %v", Binary, err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	tb.Cleanup(func() {
		cmd.Process.Kill()
		<-done
	})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+r.Host+"/v2/", nil)
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK || res.StatusCode == http.StatusUnauthorized {
				return r
			}
		}
		select {
		case <-done:
			tb.Fatalf("the registry exited: %s", r.Log())
		case <-ctx.Done():
			tb.Fatalf("the registry on %s did not answer in 20 s: %s", r.Host, r.Log())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Log is what the registry printed so far.
func (r *Registry) Log() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.log.String()
}

// Repositories is the registry's catalog, read straight from its storage
// folder (no HTTP, no auth), so a test can check what a push stored.
func (r *Registry) Repositories() []string {
	root := filepath.Join(r.Dir, "docker", "registry", "v2", "repositories")
	var out []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() && d.Name() == "_manifests" {
			rel, _ := filepath.Rel(root, filepath.Dir(p))
			out = append(out, filepath.ToSlash(rel))
			return filepath.SkipDir
		}
		return nil
	})
	return out
}

// Tags lists a repository's tags from the storage folder.
func (r *Registry) Tags(repo string) []string {
	entries, _ := os.ReadDir(filepath.Join(r.Dir, "docker", "registry", "v2", "repositories", filepath.FromSlash(repo), "_manifests", "tags"))
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

type lockedWriter struct{ r *Registry }

func (w lockedWriter) Write(p []byte) (int, error) {
	w.r.mu.Lock()
	defer w.r.mu.Unlock()
	if w.r.log.Len() < 1<<20 {
		w.r.log.Write(p)
	}
	return len(p), nil
}

// freePortOn asks the kernel for a free port on ip.
func freePortOn(tb testing.TB, ip string) int {
	tb.Helper()
	l, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
