package session

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/dockerlab/dockerlab/server/contract"
	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/lab"
)

// Engine is one Docker engine as the session uses it.
type Engine struct {
	// Lab runs the lab's docker steps; nil means no engine (language
	// features still work).
	Lab lab.Engine
	// Images describes local images for hovers, checks and completion;
	// nil means none.
	Images ImageSource
	// Ping checks that the engine answers and what it is; nil skips it.
	Ping func(ctx context.Context) (docker.Info, error)
	// Address and Source name the engine's address and where that choice
	// came from ("default", "DOCKER_HOST", …), for messages.
	Address, Source string
}

// engineTimeout is the longest the session waits to learn that no engine
// answers: the learner hears about it within two seconds, never a hang.
const engineTimeout = 2 * time.Second

// engineState is the engine in use; guarded by Session.mu.
type engineState struct {
	Engine
	images  *imageCache // nil without an image source
	hostErr error       // the dockerlab.docker.host setting could not be used
}

// useEngine switches to another engine.
func (s *Session) useEngine(e Engine) {
	s.mu.Lock()
	s.engine = engineState{Engine: e}
	if e.Images != nil {
		s.engine.images = newImageCache(e.Images)
		s.engine.images.onLoaded = s.Recheck
	}
	s.mu.Unlock()
}

// Configure takes the settings and the trust the editor sent at initialize:
// a dockerlab.docker.host setting switches to that engine (or, when it is
// unusable, every docker step says so rather than quietly use another).
func (s *Session) Configure(settings contract.Settings, trusted bool) {
	s.mu.Lock()
	s.settings, s.trusted = settings, trusted
	s.mu.Unlock()
	if host := settings.Docker.Host; host != "" && s.cfg.Connect != nil {
		next, err := s.cfg.Connect(host)
		if err != nil {
			s.log.Warn("dockerlab.docker.host unusable", "err", err)
			s.mu.Lock()
			s.engine.hostErr = fmt.Errorf("dockerlab.docker.host %q: %w", host, err)
			s.mu.Unlock()
			return
		}
		s.useEngine(next)
	}
}

// SetSettings takes changed settings and checks every document again.
func (s *Session) SetSettings(settings contract.Settings) {
	s.mu.Lock()
	s.settings = settings
	s.mu.Unlock()
	s.Recheck()
}

// Settings are the current settings.
func (s *Session) Settings() contract.Settings {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.settings
}

// EngineEnabled reports whether docker actions may run: an engine exists
// and the workspace is trusted.
func (s *Session) EngineEnabled() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.trusted && s.engine.Lab != nil
}

// CanPing reports whether the engine can be asked if it answers.
func (s *Session) CanPing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.engine.Ping != nil
}

// DockerAllowed refuses docker actions in untrusted workspaces and without
// an engine, with the Korean reason.
func (s *Session) DockerAllowed() error {
	s.mu.Lock()
	trusted, eng := s.trusted, s.engine.Lab
	s.mu.Unlock()
	if !trusted {
		return errors.New(lab.MsgUntrusted)
	}
	if eng == nil {
		return &docker.Error{Kind: docker.Unavailable, Message: lab.EngineMessage(nil)}
	}
	return nil
}

// CheckEngine pings the engine (bounded by engineTimeout) and returns what
// the editor's status bar shows and the engine's answer (for the step that
// asked, so it need not ask again), with an Unavailable *docker.Error
// naming the address it tried when no engine answers. ok is false when
// there is no way to ask (no ping), and then there is nothing to show.
func (s *Session) CheckEngine(ctx context.Context) (st contract.EngineStatusParams, info *docker.Info, ok bool, err error) {
	s.mu.Lock()
	e, hostErr, host := s.engine, s.engine.hostErr, s.settings.Docker.Host
	s.mu.Unlock()
	if hostErr != nil {
		msg := lab.MsgHostSettingUnusable(hostErr)
		return contract.EngineStatusParams{Host: host, Source: "dockerlab.docker.host", Message: msg}, nil, true,
			&docker.Error{Kind: docker.Unavailable, Message: msg, Err: hostErr}
	}
	if e.Ping == nil {
		return st, nil, false, nil
	}
	ctx, cancel := context.WithTimeout(ctx, engineTimeout)
	defer cancel()
	answer, perr := e.Ping(ctx)
	st = contract.EngineStatusParams{Host: e.Address, Source: e.Source}
	if perr != nil {
		msg := lab.EngineUnreachable(perr, e.Address, e.Source)
		st.Message = msg
		kind := docker.Unavailable
		var de *docker.Error
		if errors.As(perr, &de) {
			kind = de.Kind
		}
		return st, nil, true, &docker.Error{Kind: kind, Message: msg, Err: perr}
	}
	st.Available, st.EngineVersion, st.APIVersion = true, answer.Version, answer.APIVersion
	return st, &answer, true, nil
}

// LabEngine is the engine the lab steps run on, or nil.
func (s *Session) LabEngine() lab.Engine {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.engine.Lab
}

// ImageFacts is what hovers read about local images: cached, shared and
// never waited on for long; nil when the engine may not be used.
type ImageFacts interface {
	Image(ctx context.Context, ref string) (docker.Image, error)
}

// Images returns the image facts for hovers, or nil when the engine may not
// be used (no engine, or an untrusted workspace).
func (s *Session) Images() ImageFacts {
	if c := s.imageCache(); c != nil {
		if s.cfg.Registries != nil {
			return registryFacts{c, s.cfg.Registries}
		}
		return c
	}
	return nil
}

// registryFacts are the local image facts and, for a reference on a
// registry host, what that registry's manifest says (hover.RegistryImages).
type registryFacts struct {
	*imageCache
	regs Registries
}

func (r registryFacts) RegistryImage(ctx context.Context, ref string) (docker.RegistryImage, error) {
	return r.regs.Image(ctx, ref)
}

// RegistryList is what registries hold, for completion after `FROM HOST/`;
// nil when the engine may not be used (an untrusted workspace) or there
// are no registries.
func (s *Session) RegistryList() Registries {
	if s.cfg.Registries == nil || s.imageCache() == nil {
		return nil
	}
	return s.cfg.Registries
}

// imageCache is the image cache when the engine may be used, else nil.
func (s *Session) imageCache() *imageCache {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.trusted || s.engine.Lab == nil {
		return nil
	}
	return s.engine.images
}

// ImageList is the local images for one completion request: the first
// listing is waited for briefly (imageColdWait) and only when the
// completion asks for images at all. It is nil when the engine may not be
// used: then completion offers no images and never waits.
type ImageList interface {
	List() ([]docker.Image, bool)
}

// ImageList returns the image list for a completion request, or nil.
func (s *Session) ImageList(ctx context.Context) ImageList {
	if c := s.imageCache(); c != nil {
		return coldImages{c: c, ctx: ctx}
	}
	return nil
}

// PrefetchImages lists the local images in the background once the engine
// may be used, so the first completion after FROM finds them.
func (s *Session) PrefetchImages() {
	if c := s.imageCache(); c != nil {
		c.prefetch()
	}
}

// EngineRemote is the engine's address when the engine runs on another
// machine (a tcp:// or ssh:// address that is not this machine's
// loopback), which cannot see this machine's folders; "" for a socket, a
// named pipe or a loopback address.
func (s *Session) EngineRemote() string {
	s.mu.Lock()
	addr := s.engine.Address
	s.mu.Unlock()
	if RemoteEngineAddress(addr) {
		return addr
	}
	return ""
}

// RemoteEngineAddress reports whether an engine address points at another
// machine.
func RemoteEngineAddress(addr string) bool {
	scheme, rest, ok := strings.Cut(addr, "://")
	if !ok {
		return false
	}
	switch scheme {
	case "unix", "npipe", "fd":
		return false
	case "ssh":
		return true
	}
	host := rest
	if i := strings.IndexAny(host, "/"); i >= 0 {
		host = host[:i]
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if host == "localhost" {
		return false
	}
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsLoopback()
}

// Registries is what the session needs of registries: push and login
// (lab.Registries), and what a registry holds, asked through a cache that
// never keeps a request waiting long (package registry's Docker).
type Registries interface {
	lab.Registries
	// Repositories and Tags answer at once from the cache, or after a
	// short wait; ready is false while the first answer is under way.
	Repositories(host string) (repos []string, ready bool)
	Tags(host, repo string) (tags []string, ready bool)
	// Image is a reference's manifest facts, waiting at most until ctx ends.
	Image(ctx context.Context, ref string) (docker.RegistryImage, error)
	// Lists reports whether a registry lists a reference's tag.
	Lists(ref string) bool
	// Forget drops what is cached of a registry host.
	Forget(host string)
}

// Registries are Docker's credential store and reference rules for push
// and login, or nil.
func (s *Session) Registries() lab.Registries {
	if s.cfg.Registries == nil {
		return nil // not a typed nil in the interface
	}
	return s.cfg.Registries
}
