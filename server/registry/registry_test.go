package registry

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/internal/registrytest"
)

func TestParseTarget(t *testing.T) {
	for in, want := range map[string]Target{
		"127.0.0.1:5000/getting-started:1.0": {Ref: "127.0.0.1:5000/getting-started:1.0", Domain: "127.0.0.1:5000", Path: "getting-started", Tag: "1.0"},
		"me/getting-started":                 {Ref: "docker.io/me/getting-started:latest", Domain: "docker.io", Path: "me/getting-started", Tag: "latest"},
		"docker.io/me/app:2":                 {Ref: "docker.io/me/app:2", Domain: "docker.io", Path: "me/app", Tag: "2"},
		"ghcr.io/owner/app:1.0":              {Ref: "ghcr.io/owner/app:1.0", Domain: "ghcr.io", Path: "owner/app", Tag: "1.0"},
		"localhost:5000/a/b":                 {Ref: "localhost:5000/a/b:latest", Domain: "localhost:5000", Path: "a/b", Tag: "latest"},
		" 123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/app:v1 ": {Ref: "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/app:v1",
			Domain: "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com", Path: "app", Tag: "v1"},
	} {
		got, err := ParseTarget(in)
		if err != nil || got != want {
			t.Errorf("ParseTarget(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for in, says := range map[string]string{
		"":                       "비어 있습니다",
		"Getting-Started":        "소문자",
		"getting-started":        "docker.io/사용자/getting-started",
		"a b":                    "이미지 참조로 쓸 수 없습니다",
		"app@sha256:" + hex64(0): "다이제스트",
	} {
		if _, err := ParseTarget(in); err == nil || !strings.Contains(err.Error(), says) {
			t.Errorf("ParseTarget(%q) = %v, want an error saying %q", in, err, says)
		}
	}
	kinds := map[string]string{"docker.io": "Docker Hub", "ghcr.io": "GitHub Packages", "x.azurecr.io": "Azure Container Registry",
		"1.dkr.ecr.us-east-1.amazonaws.com": "Amazon ECR", "asia-northeast3-docker.pkg.dev": "Google Artifact Registry", "127.0.0.1:5000": "로컬 레지스트리", "harbor.example.com": "레지스트리"}
	for domain, want := range kinds {
		if got := (Target{Domain: domain}).Kind(); got != want {
			t.Errorf("Kind(%s) = %s, want %s", domain, got, want)
		}
	}
	if k := (Target{Domain: "docker.io"}).CredentialKey(); k != DockerHubKey {
		t.Errorf("Docker Hub's key = %s", k)
	}
}

func hex64(b byte) string { return strings.Repeat(fmt.Sprintf("%02x", b), 32) }

// Without a helper, credentials go to config.json's auths as `docker
// login` writes them, every other key kept, mode 0600; Docker Hub is found
// by any of its names; a broken config.json is reported and left alone.
func TestStoreInConfigFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "config.json")
	orig := `{"currentContext":"desktop-linux","auths":{"docker.io":{"auth":"` + base64.StdEncoding.EncodeToString([]byte("hubuser:hubpw")) + `"}},"proxies":{"default":{"httpProxy":"http://p"}}}`
	if err := os.WriteFile(file, []byte(orig), 0o644); err != nil {
		t.Fatal(err)
	}
	s := NewStore(dir)
	ctx := context.Background()
	if c, from, ok, err := s.Get(ctx, "index.docker.io"); err != nil || !ok || c.Username != "hubuser" || c.Secret != "hubpw" || !strings.Contains(from, file) {
		t.Fatalf("Docker Hub by another name: %+v %q %v %v", c, from, ok, err)
	}
	where, err := s.Put(ctx, "127.0.0.1:5000", Credentials{Username: "learner", Secret: "pw:with:colons"})
	if err != nil || !strings.Contains(where, file) {
		t.Fatalf("Put: %q %v", where, err)
	}
	var doc map[string]json.RawMessage
	b, _ := os.ReadFile(file)
	if err := json.Unmarshal(b, &doc); err != nil || string(doc["currentContext"]) != `"desktop-linux"` || doc["proxies"] == nil {
		t.Fatalf("other keys lost: %s", b)
	}
	if st, _ := os.Stat(file); st.Mode().Perm() != 0o600 {
		t.Errorf("config.json mode %v, want 0600", st.Mode().Perm())
	}
	if c, _, ok, err := s.Get(ctx, "127.0.0.1:5000"); err != nil || !ok || c.Username != "learner" || c.Secret != "pw:with:colons" {
		t.Errorf("Get after Put: %+v %v %v", c, ok, err)
	}
	if err := s.Erase(ctx, "127.0.0.1:5000"); err != nil {
		t.Fatal(err)
	}
	if _, _, ok, _ := s.Get(ctx, "127.0.0.1:5000"); ok {
		t.Error("credentials left after Erase")
	}

	broken := t.TempDir()
	os.WriteFile(filepath.Join(broken, "config.json"), []byte("{not json"), 0o600)
	if _, err := NewStore(broken).Put(ctx, "h:1", Credentials{Username: "u", Secret: "p"}); err == nil || !strings.Contains(err.Error(), "올바른 JSON이 아닙") {
		t.Errorf("Put into a broken config: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(broken, "config.json")); string(b) != "{not json" {
		t.Errorf("the broken config was rewritten: %q", b)
	}
}

// fakeHelper is a docker-credential-dltest program built for the test: it
// keeps credentials in a JSON file named by $DLTEST_STORE and speaks the
// helpers' protocol (get, store, erase, list).
const fakeHelper = `package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

type cred struct{ ServerURL, Username, Secret string }

func main() {
	file := os.Getenv("DLTEST_STORE")
	all := map[string]cred{}
	if b, err := os.ReadFile(file); err == nil {
		json.Unmarshal(b, &all)
	}
	in, _ := io.ReadAll(os.Stdin)
	switch os.Args[1] {
	case "get":
		c, ok := all[strings.TrimSpace(string(in))]
		if !ok {
			fmt.Print("credentials not found in native keychain")
			os.Exit(1)
		}
		json.NewEncoder(os.Stdout).Encode(c)
	case "store":
		var c cred
		json.Unmarshal(in, &c)
		if c.Secret == "refuse" {
			fmt.Fprint(os.Stderr, "the keychain is locked")
			os.Exit(1)
		}
		all[c.ServerURL] = c
	case "erase":
		delete(all, strings.TrimSpace(string(in)))
	case "list":
		out := map[string]string{}
		for k, c := range all {
			out[k] = c.Username
		}
		json.NewEncoder(os.Stdout).Encode(out)
	}
	b, _ := json.Marshal(all)
	os.WriteFile(file, b, 0o600)
}
`

func buildHelper(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(fakeHelper), 0o644); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module dltest\n\ngo 1.21\n"), 0o644)
	bin := filepath.Join(dir, "bin")
	cmd := exec.Command("go", "build", "-o", filepath.Join(bin, "docker-credential-dltest"), ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the fake helper: %v\n%s", err, out)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("DLTEST_STORE", filepath.Join(dir, "store.json"))
	return filepath.Join(dir, "store.json")
}

// With credsStore or credHelpers set, credentials go through the helper by
// its protocol and never into config.json; a helper's failure carries its
// own words; a helper that is not installed says so.
func TestStoreThroughHelper(t *testing.T) {
	storeFile := buildHelper(t)
	ctx := context.Background()
	for name, cfg := range map[string]string{
		"credsStore":  `{"credsStore":"dltest"}`,
		"credHelpers": `{"credHelpers":{"127.0.0.1:5000":"dltest"}}`,
	} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "config.json"), []byte(cfg), 0o600)
		os.Remove(storeFile)
		s := NewStore(dir)
		where, err := s.Put(ctx, "127.0.0.1:5000", Credentials{Username: "learner", Secret: "s3cret"})
		if err != nil || !strings.Contains(where, "docker-credential-dltest") {
			t.Fatalf("%s: Put = %q, %v", name, where, err)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, "config.json")); strings.Contains(string(b), "s3cret") || strings.Contains(string(b), base64.StdEncoding.EncodeToString([]byte("learner:s3cret"))) {
			t.Errorf("%s: the secret reached config.json: %s", name, b)
		}
		if b, _ := os.ReadFile(storeFile); !strings.Contains(string(b), `"Secret":"s3cret"`) {
			t.Errorf("%s: the helper did not store it: %s", name, b)
		}
		c, from, ok, err := s.Get(ctx, "127.0.0.1:5000")
		if err != nil || !ok || c.Username != "learner" || c.Secret != "s3cret" || !strings.Contains(from, "dltest") {
			t.Errorf("%s: Get = %+v %q %v %v", name, c, from, ok, err)
		}
		if _, _, ok, err := s.Get(ctx, "127.0.0.1:5000"); !ok || err != nil {
			t.Errorf("%s: second Get: %v %v", name, ok, err)
		}
		if err := s.Erase(ctx, "127.0.0.1:5000"); err != nil {
			t.Fatal(err)
		}
		if _, _, ok, err := s.Get(ctx, "127.0.0.1:5000"); ok || err != nil {
			t.Errorf("%s: after erase: %v %v", name, ok, err)
		}
		if _, err := s.Put(ctx, "127.0.0.1:5000", Credentials{Username: "u", Secret: "refuse"}); err == nil || !strings.Contains(err.Error(), "the keychain is locked") {
			t.Errorf("%s: a failing helper: %v", name, err)
		}
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{"credsStore":"not-installed-dl"}`), 0o600)
	if _, _, _, err := NewStore(dir).Get(ctx, "ghcr.io"); err == nil || !strings.Contains(err.Error(), "PATH에 없습니다") {
		t.Errorf("a missing helper: %v", err)
	}
}

func TestParseChallenge(t *testing.T) {
	scheme, p := ParseChallenge(`Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull"`)
	if scheme != "Bearer" || p["realm"] != "https://auth.docker.io/token" || p["service"] != "registry.docker.io" || p["scope"] != "repository:library/node:pull" {
		t.Errorf("bearer: %s %v", scheme, p)
	}
	scheme, p = ParseChallenge(`Basic realm=dockerlab-test`)
	if scheme != "Basic" || p["realm"] != "dockerlab-test" {
		t.Errorf("basic: %s %v", scheme, p)
	}
}

// The Bearer flow of a registry with a token service (as Docker Hub, GHCR
// and Harbor do), against an httptest server: anonymous, then a token
// fetched with the stored credentials.
func TestBearerToken(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/token":
			u, p, ok := r.BasicAuth()
			if !ok || u != "me" || p != "pw" || r.URL.Query().Get("scope") != "repository:me/app:pull" {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			fmt.Fprint(w, `{"token":"tok-123"}`)
		case "/v2/me/app/tags/list":
			if r.Header.Get("Authorization") != "Bearer tok-123" {
				w.Header().Set("WWW-Authenticate", fmt.Sprintf(`Bearer realm="%s/token",service="test",scope="repository:me/app:pull"`, srv.URL))
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			fmt.Fprint(w, `{"name":"me/app","tags":["2","1"]}`)
		}
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	c := NewClient(func(ctx context.Context, h string) (Credentials, bool) {
		return Credentials{Username: "me", Secret: "pw"}, h == host
	})
	tags, err := c.Tags(context.Background(), host, "me/app")
	if err != nil || strings.Join(tags, ",") != "1,2" {
		t.Errorf("tags = %v, %v", tags, err)
	}
	anon := NewClient(nil)
	if _, err := anon.Tags(context.Background(), host, "me/app"); !isKind(err, docker.Unauthorized) {
		t.Errorf("anonymous: %v, want Unauthorized", err)
	}
}

func isKind(err error, k docker.ErrorKind) bool {
	e, ok := err.(*Error)
	return ok && e.Kind == k
}

// pushTestImage puts an image into a real registry through its HTTP API,
// as `docker push` would: a config blob and a layer blob (monolithic
// uploads), then a manifest; with platforms, an index of one manifest per
// platform. It returns the top manifest's digest and the first manifest's
// size (config + layer).
func pushTestImage(t testing.TB, r *registrytest.Registry, repo, tag string, platforms ...string) (string, int64) {
	t.Helper()
	put := func(method, path, ctype string, body []byte) *http.Response {
		req, _ := http.NewRequest(method, "http://"+r.Host+path, bytes.NewReader(body))
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		if r.Username != "" {
			req.SetBasicAuth(r.Username, r.Password)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode/100 != 2 {
			t.Fatalf("%s %s: %s", method, path, res.Status)
		}
		return res
	}
	blob := func(b []byte) string {
		sum := sha256.Sum256(b)
		d := "sha256:" + hex.EncodeToString(sum[:])
		loc := put(http.MethodPost, "/v2/"+repo+"/blobs/uploads/", "", nil).Header.Get("Location")
		u := loc
		if strings.HasPrefix(u, "http") {
			u = u[strings.Index(u, "/v2/"):]
		}
		sep := "?"
		if strings.Contains(u, "?") {
			sep = "&"
		}
		put(http.MethodPut, u+sep+"digest="+d, "application/octet-stream", b)
		return d
	}
	manifestFor := func(platform string) ([]byte, int64) {
		os, arch, _ := strings.Cut(platform, "/")
		cfg := []byte(fmt.Sprintf(`{"architecture":%q,"os":%q,"rootfs":{"type":"layers","diff_ids":[]}}`, arch, os))
		layer := []byte("layer of " + platform + " " + t.Name())
		m := fmt.Sprintf(`{"schemaVersion":2,"mediaType":%q,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":%q,"size":%d},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":%q,"size":%d}]}`,
			mediaOCIManifest, blob(cfg), len(cfg), blob(layer), len(layer))
		return []byte(m), int64(len(cfg) + len(layer))
	}
	digestOf := func(b []byte) string { sum := sha256.Sum256(b); return "sha256:" + hex.EncodeToString(sum[:]) }
	if len(platforms) <= 1 {
		p := "linux/amd64"
		if len(platforms) == 1 {
			p = platforms[0]
		}
		m, size := manifestFor(p)
		put(http.MethodPut, "/v2/"+repo+"/manifests/"+tag, mediaOCIManifest, m)
		return digestOf(m), size
	}
	var entries []string
	var firstSize int64
	for i, p := range platforms {
		m, size := manifestFor(p)
		d := digestOf(m)
		put(http.MethodPut, "/v2/"+repo+"/manifests/"+d, mediaOCIManifest, m)
		os, arch, _ := strings.Cut(p, "/")
		entries = append(entries, fmt.Sprintf(`{"mediaType":%q,"digest":%q,"size":%d,"platform":{"os":%q,"architecture":%q}}`, mediaOCIManifest, d, len(m), os, arch))
		if i == 0 {
			firstSize = size
		}
	}
	idx := []byte(fmt.Sprintf(`{"schemaVersion":2,"mediaType":%q,"manifests":[%s]}`, mediaOCIIndex, strings.Join(entries, ",")))
	put(http.MethodPut, "/v2/"+repo+"/manifests/"+tag, mediaOCIIndex, idx)
	return digestOf(idx), firstSize
}

// What a real registry (Debian's docker-registry, with and without
// htpasswd) holds, through the client and the cached view completion and
// hover read: catalog, tags, a manifest's digest, size and platforms (one
// manifest and a two-platform index); a wrong password and a closed port
// in Korean.
func TestClientOnRealRegistry(t *testing.T) {
	for _, auth := range []bool{false, true} {
		t.Run(fmt.Sprintf("auth=%v", auth), func(t *testing.T) {
			r := registrytest.Start(t, registrytest.Options{Auth: auth})
			single, singleSize := pushTestImage(t, r, "getting-started", "1.0")
			multi, multiSize := pushTestImage(t, r, "team/app", "2.0", "linux/amd64", "linux/arm64")
			pushTestImage(t, r, "team/app", "2.1")

			dir := t.TempDir()
			d := New(dir)
			if auth {
				if _, err := d.Store(r.Host, r.Username, r.Password); err != nil {
					t.Fatal(err)
				}
			}
			ctx := context.Background()
			repos, err := d.client.Repositories(ctx, r.Host)
			if err != nil || strings.Join(repos, ",") != "getting-started,team/app" {
				t.Fatalf("repositories = %v, %v", repos, err)
			}
			tags, err := d.client.Tags(ctx, r.Host, "team/app")
			if err != nil || strings.Join(tags, ",") != "2.0,2.1" {
				t.Fatalf("tags = %v, %v", tags, err)
			}
			img, err := d.Image(ctx, r.Host+"/getting-started:1.0")
			if err != nil || img.Digest != single || img.Size != singleSize || strings.Join(img.Platforms, ",") != "linux/amd64" {
				t.Errorf("single image = %+v, %v; want digest %s size %d", img, err, single, singleSize)
			}
			img, err = d.Image(ctx, r.Host+"/team/app:2.0")
			if err != nil || img.Digest != multi || img.Size != multiSize || strings.Join(img.Platforms, ",") != "linux/amd64,linux/arm64" {
				t.Errorf("index = %+v, %v; want digest %s size %d", img, err, multi, multiSize)
			}
			if !d.Lists(r.Host+"/team/app:2.1") || d.Lists(r.Host+"/team/app:9.9") {
				t.Error("Lists does not tell a listed tag from another")
			}
			waitReady(t, func() bool { _, ok := d.Repositories(r.Host); return ok })
			if got, _ := d.Repositories(r.Host); len(got) != 2 {
				t.Errorf("cached repositories = %v", got)
			}
			if auth {
				wrong := New(t.TempDir())
				wrong.Store(r.Host, r.Username, "not-"+r.Password)
				if _, err := wrong.client.Tags(ctx, r.Host, "team/app"); !isKind(err, docker.Unauthorized) || !strings.Contains(err.Error(), "docker login "+r.Host) {
					t.Errorf("wrong password: %v", err)
				}
				if _, err := New(t.TempDir()).client.Tags(ctx, r.Host, "team/app"); !isKind(err, docker.Unauthorized) {
					t.Errorf("no credentials: %v", err)
				}
			}
		})
	}
	closed := httptest.NewServer(http.NotFoundHandler())
	host := strings.TrimPrefix(closed.URL, "http://")
	closed.Close()
	if _, err := NewClient(nil).Tags(context.Background(), host, "x"); !isKind(err, docker.RegistryUnreachable) || !strings.Contains(err.Error(), "로컬 레지스트리가 실행 중인지") {
		t.Errorf("closed port: %v", err)
	}
}

func waitReady(t *testing.T, ready func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ready() {
		if time.Now().After(deadline) {
			t.Fatal("not ready in 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// The cache answers a fresh question once, serves a stale answer at once
// while one refresh runs, and says "not ready" rather than wait long.
func TestCache(t *testing.T) {
	var c cache
	var loads atomic.Int32
	release := make(chan struct{})
	slow := func(ctx context.Context) (any, error) {
		n := loads.Add(1)
		if n > 1 {
			<-release
		}
		return fmt.Sprint("answer ", n), nil
	}
	if v, err, ok := c.get("k", time.Second, slow); !ok || err != nil || v != "answer 1" {
		t.Fatalf("first = %v %v %v", v, err, ok)
	}
	if v, _, ok := c.get("k", time.Second, slow); !ok || v != "answer 1" || loads.Load() != 1 {
		t.Fatalf("fresh answer asked again: %v %v loads %d", v, ok, loads.Load())
	}
	c.mu.Lock()
	c.entries["k"].at = time.Now().Add(-2 * answerTTL)
	c.mu.Unlock()
	start := time.Now()
	for i := 0; i < 3; i++ {
		if v, _, ok := c.get("k", time.Second, slow); !ok || v != "answer 1" {
			t.Fatalf("stale = %v %v", v, ok)
		}
	}
	if time.Since(start) > 500*time.Millisecond {
		t.Errorf("stale answers waited %v", time.Since(start))
	}
	waitReady(t, func() bool { return loads.Load() == 2 })
	c.get("k", 0, slow)
	if loads.Load() != 2 {
		t.Errorf("loads %d while one refresh runs, want 2", loads.Load())
	}
	close(release)
	waitReady(t, func() bool { v, _, _ := c.get("k", 0, slow); return v == "answer 2" })
	if _, _, ok := c.get("cold", 10*time.Millisecond, func(ctx context.Context) (any, error) { time.Sleep(200 * time.Millisecond); return 1, nil }); ok {
		t.Error("a cold key that answers slowly is ready at once")
	}
}

// BenchmarkCachedTags is what a completion after `FROM HOST/REPO:` costs
// once the registry answered: the cached tags, no request.
func BenchmarkCachedTags(b *testing.B) {
	r := registrytest.Start(b, registrytest.Options{})
	pushTestImage(b, r, "bench", "1.0")
	d := New(b.TempDir())
	waitReadyB(b, func() bool { _, ok := d.Tags(r.Host, "bench"); return ok })
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if tags, ok := d.Tags(r.Host, "bench"); !ok || len(tags) != 1 {
			b.Fatal(tags, ok)
		}
	}
}

// BenchmarkColdTags is the first question for a registry's tags: one
// HTTP request to a local registry, within the cold wait.
func BenchmarkColdTags(b *testing.B) {
	r := registrytest.Start(b, registrytest.Options{})
	pushTestImage(b, r, "bench", "1.0")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := New("")
		if tags, ok := d.Tags(r.Host, "bench"); !ok || len(tags) != 1 {
			b.Fatal(tags, ok)
		}
	}
}

func waitReadyB(b *testing.B, ready func() bool) {
	deadline := time.Now().Add(10 * time.Second)
	for !ready() {
		if time.Now().After(deadline) {
			b.Fatal("not ready in 10 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
