package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync"

	"go.lsp.dev/jsonrpc2"
)

// maxMessage bounds one message body; larger bodies are skipped with a parse
// error rather than allocated (a 10 MB Dockerfile still fits).
const maxMessage = 64 << 20

// stream frames JSON-RPC messages with Content-Length headers like
// jsonrpc2.NewStream, but survives bad input: a malformed header or body is
// answered with a parse error (id null) and the next message is read, where
// jsonrpc2's own stream would close the connection.
type stream struct {
	in  *bufio.Reader
	out io.Writer
	c   io.Closer
	log *slog.Logger
	mu  sync.Mutex // serialises writes (jsonrpc2 also locks, but we write parse errors ourselves)
}

func newStream(r io.Reader, w io.Writer, c io.Closer, log *slog.Logger) *stream {
	return &stream{in: bufio.NewReaderSize(r, 64<<10), out: w, c: c, log: log}
}

// Read returns the next well-formed message. It fails only when the input
// ends or breaks.
func (s *stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		length, n, err := s.readHeader()
		if err != nil {
			return nil, n, err
		}
		if length < 0 {
			continue // header problem already reported
		}
		data := make([]byte, length)
		if _, err := io.ReadFull(s.in, data); err != nil {
			return nil, n, fmt.Errorf("reading message body: %w", err)
		}
		msg, err := jsonrpc2.DecodeMessage(data)
		if errors.Is(err, jsonrpc2.ErrInvalidRequest) {
			// Valid JSON but neither a request nor a response with an id
			// (e.g. another side's parse error): there is nothing to answer.
			s.log.Warn("JSON-RPC message without method or id ignored", "bytes", len(data))
			continue
		}
		if err != nil {
			s.log.Warn("malformed JSON-RPC message", "err", err, "bytes", len(data))
			s.writeParseError(fmt.Sprintf("malformed JSON-RPC message: %v", err))
			continue
		}
		return msg, n + length, nil
	}
}

// readHeader reads header lines up to the blank line. It returns length -1
// after reporting a bad or missing Content-Length (the body, if any, cannot
// be located, so the reader resynchronises on the next header).
func (s *stream) readHeader() (length int64, n int64, err error) {
	length = -1
	sawAny := false
	for {
		line, err := s.in.ReadString('\n')
		n += int64(len(line))
		if err != nil {
			if err == io.EOF && !sawAny && line == "" {
				return 0, n, io.EOF
			}
			return 0, n, fmt.Errorf("reading header: %w", err)
		}
		line = strings.TrimSpace(line)
		if line == "" {
			if !sawAny {
				continue // stray blank line between messages
			}
			break
		}
		sawAny = true
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue // not a header: ignore it rather than die
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			v, perr := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
			if perr == nil && v > 0 && v <= maxMessage {
				length = v
			}
		}
	}
	if length < 0 {
		s.log.Warn("message without a valid Content-Length header")
		s.writeParseError("missing or invalid Content-Length header")
	}
	return length, n, nil
}

func (s *stream) writeParseError(msg string) {
	body, _ := json.Marshal(map[string]any{
		"jsonrpc": "2.0", "id": nil,
		"error": map[string]any{"code": jsonrpc2.ParseError, "message": msg},
	})
	s.writeRaw(body)
}

// Write sends one message.
func (s *stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	data, err := json.Marshal(msg)
	if err != nil {
		return 0, fmt.Errorf("marshaling message: %w", err)
	}
	return s.writeRaw(data)
}

func (s *stream) writeRaw(data []byte) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := fmt.Fprintf(s.out, "Content-Length: %d\r\n\r\n", len(data))
	if err != nil {
		return int64(n), fmt.Errorf("writing header: %w", err)
	}
	m, err := s.out.Write(data)
	return int64(n + m), err
}

// Close closes the underlying connection.
func (s *stream) Close() error {
	if s.c != nil {
		return s.c.Close()
	}
	return nil
}
