package registry

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Credentials are what Docker keeps for one registry: a user name with a
// password or token, or an identity token.
type Credentials struct {
	Username      string
	Secret        string
	IdentityToken string
}

// Store is Docker's credential store in one config directory
// ($DOCKER_CONFIG, else ~/.docker): config.json's `auths`, and the
// helpers its `credsStore` and `credHelpers` name.
type Store struct {
	// Dir is the config directory.
	Dir string
	// helperTimeout bounds one call of a credential helper.
	helperTimeout time.Duration
}

// DefaultDir is Docker's config directory: $DOCKER_CONFIG, else ~/.docker.
func DefaultDir() string {
	if d := os.Getenv("DOCKER_CONFIG"); d != "" {
		return d
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".docker")
	}
	return ".docker"
}

// NewStore is the store in dir ("" for DefaultDir).
func NewStore(dir string) *Store {
	if dir == "" {
		dir = DefaultDir()
	}
	return &Store{Dir: dir, helperTimeout: 15 * time.Second}
}

// configFile is config.json's path.
func (s *Store) configFile() string { return filepath.Join(s.Dir, "config.json") }

// config is the part of config.json the store reads.
type config struct {
	Auths       map[string]authEntry `json:"auths"`
	CredsStore  string               `json:"credsStore"`
	CredHelpers map[string]string    `json:"credHelpers"`
}

type authEntry struct {
	Auth          string `json:"auth,omitempty"`
	IdentityToken string `json:"identitytoken,omitempty"`
}

// read reads config.json; a missing file is an empty config.
func (s *Store) read() (config, error) {
	var c config
	b, err := os.ReadFile(s.configFile())
	if errors.Is(err, os.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("Docker 설정 파일(`%s`)을 읽지 못했습니다: %w", s.configFile(), err)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return c, nil
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("Docker 설정 파일(`%s`)이 올바른 JSON이 아닙니다. 파일을 고친 뒤 다시 시도하십시오: %w", s.configFile(), err)
	}
	return c, nil
}

// helperFor is the credential helper for key ("" for the config file).
func (c config) helperFor(key string) string {
	if h := c.CredHelpers[key]; h != "" {
		return h
	}
	if key == DockerHubKey {
		for _, alias := range []string{"docker.io", "index.docker.io", "registry-1.docker.io"} {
			if h := c.CredHelpers[alias]; h != "" {
				return h
			}
		}
	}
	return c.CredsStore
}

// entryFor finds config.json's entry for key, as Docker finds it: the key
// itself, with an https:// or http:// prefix, and Docker Hub's aliases.
func (c config) entryFor(key string) (authEntry, bool) {
	candidates := []string{key, "https://" + key, "http://" + key, "https://" + key + "/", key + "/"}
	if key == DockerHubKey {
		candidates = append(candidates, "docker.io", "index.docker.io", "https://index.docker.io/v1", "registry-1.docker.io")
	}
	for _, k := range candidates {
		if e, ok := c.Auths[k]; ok {
			return e, true
		}
	}
	return authEntry{}, false
}

// Get returns the stored credentials for a registry host (Docker Hub by
// any of its names), where they came from ("`docker-credential-pass`", the
// config file's path), and ok false when there are none.
func (s *Store) Get(ctx context.Context, host string) (cred Credentials, from string, ok bool, err error) {
	key := credentialKey(host)
	c, err := s.read()
	if err != nil {
		return Credentials{}, "", false, err
	}
	if h := c.helperFor(key); h != "" {
		cred, ok, err := s.helperGet(ctx, h, key)
		return cred, helperName(h), ok, err
	}
	e, found := c.entryFor(key)
	if !found || (e.Auth == "" && e.IdentityToken == "") {
		return Credentials{}, "", false, nil
	}
	cred = Credentials{IdentityToken: e.IdentityToken}
	if e.Auth != "" {
		raw, err := base64.StdEncoding.DecodeString(e.Auth)
		if err != nil {
			return Credentials{}, "", false, fmt.Errorf("Docker 설정 파일(`%s`)의 `%s` 항목의 자격 증명(`auth`)을 읽지 못했습니다: %w", s.configFile(), key, err)
		}
		user, secret, _ := strings.Cut(string(raw), ":")
		cred.Username, cred.Secret = user, secret
	}
	return cred, "`" + s.configFile() + "`", true, nil
}

// Put stores credentials for a registry host as `docker login` does:
// through the configured helper, else base64 in config.json's `auths`
// (every other key of the file kept, mode 0600, written atomically). It
// returns where they went, in words for a sentence.
func (s *Store) Put(ctx context.Context, host string, cred Credentials) (string, error) {
	key := credentialKey(host)
	c, err := s.read()
	if err != nil {
		return "", err
	}
	if h := c.helperFor(key); h != "" {
		user, secret := cred.Username, cred.Secret
		if cred.IdentityToken != "" {
			user, secret = "<token>", cred.IdentityToken
		}
		if err := s.helperStore(ctx, h, key, user, secret); err != nil {
			return "", err
		}
		return "자격 증명 도우미(" + helperName(h) + ")", nil
	}
	entry := map[string]string{}
	if cred.Username != "" || cred.Secret != "" {
		entry["auth"] = base64.StdEncoding.EncodeToString([]byte(cred.Username + ":" + cred.Secret))
	}
	if cred.IdentityToken != "" {
		entry["identitytoken"] = cred.IdentityToken
	}
	if err := s.updateAuths(func(auths map[string]json.RawMessage) {
		raw, _ := json.Marshal(entry) // strings always marshal
		auths[key] = raw
	}); err != nil {
		return "", err
	}
	return "Docker 설정 파일(`" + s.configFile() + "`)", nil
}

// Erase removes a registry's credentials (`docker logout`).
func (s *Store) Erase(ctx context.Context, host string) error {
	key := credentialKey(host)
	c, err := s.read()
	if err != nil {
		return err
	}
	if h := c.helperFor(key); h != "" {
		_, err := s.runHelper(ctx, h, "erase", []byte(key))
		return err
	}
	return s.updateAuths(func(auths map[string]json.RawMessage) { delete(auths, key) })
}

// updateAuths rewrites config.json with change applied to its `auths`,
// keeping every other key as it was.
func (s *Store) updateAuths(change func(map[string]json.RawMessage)) error {
	file := s.configFile()
	doc := map[string]json.RawMessage{}
	b, err := os.ReadFile(file)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("Docker 설정 파일(`%s`)을 읽지 못했습니다: %w", file, err)
	}
	if len(bytes.TrimSpace(b)) > 0 {
		if err := json.Unmarshal(b, &doc); err != nil {
			return fmt.Errorf("Docker 설정 파일(`%s`)이 올바른 JSON이 아니어서 고치지 않았습니다. 파일을 고친 뒤 다시 시도하십시오: %w", file, err)
		}
	}
	auths := map[string]json.RawMessage{}
	if raw, ok := doc["auths"]; ok && string(raw) != "null" {
		if err := json.Unmarshal(raw, &auths); err != nil {
			return fmt.Errorf("Docker 설정 파일(`%s`)의 `auths`를 읽지 못해 고치지 않았습니다: %w", file, err)
		}
	}
	change(auths)
	raw, err := json.Marshal(auths)
	if err != nil {
		return err
	}
	doc["auths"] = raw
	out, err := json.MarshalIndent(doc, "", "\t")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return fmt.Errorf("Docker 설정 디렉터리(`%s`)를 만들지 못했습니다: %w", s.Dir, err)
	}
	tmp, err := os.CreateTemp(s.Dir, "config.json.*.tmp")
	if err != nil {
		return fmt.Errorf("Docker 설정 파일을 쓰지 못했습니다: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err == nil {
		_, err = tmp.Write(append(out, '\n'))
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp.Name(), file)
		}
	}
	if err != nil {
		tmp.Close()
		return fmt.Errorf("Docker 설정 파일(`%s`)을 쓰지 못했습니다: %w", file, err)
	}
	return nil
}

func helperName(h string) string { return "`docker-credential-" + h + "`" }

// helperReply is what a helper's `get` prints.
type helperReply struct {
	ServerURL string `json:"ServerURL"`
	Username  string `json:"Username"`
	Secret    string `json:"Secret"`
}

func (s *Store) helperGet(ctx context.Context, h, key string) (Credentials, bool, error) {
	out, err := s.runHelper(ctx, h, "get", []byte(key))
	if err != nil {
		if strings.Contains(err.Error(), "credentials not found") {
			return Credentials{}, false, nil
		}
		return Credentials{}, false, err
	}
	var r helperReply
	if err := json.Unmarshal(out, &r); err != nil {
		return Credentials{}, false, fmt.Errorf("자격 증명 도우미(%s)의 답을 읽지 못했습니다: %w", helperName(h), err)
	}
	if r.Username == "<token>" {
		return Credentials{IdentityToken: r.Secret}, true, nil
	}
	return Credentials{Username: r.Username, Secret: r.Secret}, r.Username != "" || r.Secret != "", nil
}

func (s *Store) helperStore(ctx context.Context, h, key, user, secret string) error {
	in, _ := json.Marshal(helperReply{ServerURL: key, Username: user, Secret: secret}) // strings always marshal
	_, err := s.runHelper(ctx, h, "store", in)
	return err
}

// runHelper runs `docker-credential-<h> <action>` with input on stdin, no
// shell, and returns its stdout; a failure carries the helper's own words.
func (s *Store) runHelper(ctx context.Context, h, action string, input []byte) ([]byte, error) {
	if strings.ContainsAny(h, "/\\ ") {
		return nil, fmt.Errorf("자격 증명 도우미 이름(`%s`)은 쓸 수 없습니다. Docker 설정 파일의 `credsStore`나 `credHelpers`를 확인하십시오.", h)
	}
	ctx, cancel := context.WithTimeout(ctx, s.helperTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "docker-credential-"+h, action)
	cmd.Stdin = bytes.NewReader(input)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		words := strings.TrimSpace(stdout.String() + " " + stderr.String())
		if errors.Is(err, exec.ErrNotFound) {
			return nil, fmt.Errorf("Docker 설정 파일이 자격 증명 도우미(%s)를 쓰라고 하지만 그 프로그램이 PATH에 없습니다. 도우미를 설치하거나 설정 파일의 `credsStore`/`credHelpers`를 고치십시오: %w", helperName(h), err)
		}
		if words == "" {
			words = err.Error()
		}
		return nil, fmt.Errorf("자격 증명 도우미(%s)가 `%s` 요청에 실패했습니다: %s", helperName(h), action, words)
	}
	return stdout.Bytes(), nil
}
