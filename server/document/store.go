package document

import (
	"fmt"
	"sync"
)

// Store holds the open documents by URI. It is safe for concurrent use: the
// LSP layer writes on didOpen/didChange/didClose while feature requests read
// snapshots from other goroutines.
type Store struct {
	mu   sync.RWMutex
	docs map[string]*Document
}

// NewStore returns an empty store.
func NewStore() *Store { return &Store{docs: make(map[string]*Document)} }

// Open records a newly opened document, replacing any earlier one.
func (s *Store) Open(uri string, version int32, text string) *Document {
	d := New(uri, version, text)
	s.mu.Lock()
	s.docs[uri] = d
	s.mu.Unlock()
	return d
}

// Change applies edits to an open document and returns the new version.
func (s *Store) Change(uri string, version int32, changes []Change) (d *Document, clamped bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.docs[uri]
	if !ok {
		return nil, false, fmt.Errorf("change of %s: document is not open", uri)
	}
	d, clamped = old.Apply(version, changes)
	s.docs[uri] = d
	return d, clamped, nil
}

// Close forgets a document.
func (s *Store) Close(uri string) {
	s.mu.Lock()
	delete(s.docs, uri)
	s.mu.Unlock()
}

// Get returns the current version of a document, or nil when it is not open.
func (s *Store) Get(uri string) *Document {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.docs[uri]
}

// Len is the number of open documents.
func (s *Store) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.docs)
}
