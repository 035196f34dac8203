package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	fastjson "github.com/segmentio/encoding/json" // what jsonrpc2 decodes with: faster than encoding/json
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
		msg, err := decodeMessage(data)
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

// Write sends one message. jsonrpc2's messages marshal themselves; calling
// that directly spares encoding/json's second pass over the bytes.
func (s *stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	var data []byte
	var err error
	if r, ok := msg.(*jsonrpc2.Response); ok && r.Err() == nil {
		data, err = appendResult(make([]byte, 0, len(r.Result())+64), r)
	} else if m, ok := msg.(json.Marshaler); ok {
		data, err = m.MarshalJSON()
	} else {
		data, err = json.Marshal(msg)
	}
	if err != nil {
		return 0, fmt.Errorf("marshaling message: %w", err)
	}
	return s.writeRaw(data)
}

// appendResult writes a successful response around its result as it is:
// the result is JSON that jsonrpc2 has just marshalled, and
// Response.MarshalJSON would parse all of it again to check it (the
// largest cost of a completion reply, measured).
func appendResult(b []byte, r *jsonrpc2.Response) ([]byte, error) {
	rid := r.ID()
	id, err := rid.MarshalJSON()
	if err != nil {
		return nil, err
	}
	b = append(b, `{"jsonrpc":"2.0","id":`...)
	b = append(b, id...)
	b = append(b, `,"result":`...)
	if res := r.Result(); len(res) > 0 {
		b = append(b, res...)
	} else {
		b = append(b, "null"...)
	}
	return append(b, '}'), nil
}

// writeRaw writes the header and the body in one write, so the editor
// reads the message in one piece and the server makes one system call.
func (s *stream) writeRaw(data []byte) (int64, error) {
	frame := make([]byte, 0, len(data)+32)
	frame = append(frame, "Content-Length: "...)
	frame = strconv.AppendInt(frame, int64(len(data)), 10)
	frame = append(frame, "\r\n\r\n"...)
	frame = append(frame, data...)
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := s.out.Write(frame)
	return int64(n), err
}

// wireMessage is every field a JSON-RPC message may have.
type wireMessage struct {
	Version *string         `json:"jsonrpc"`
	ID      *jsonrpc2.ID    `json:"id"`
	Method  string          `json:"method"`
	Params  json.RawMessage `json:"params"`
	Result  json.RawMessage `json:"result"`
	Error   *jsonrpc2.Error `json:"error"`
}

// decodeMessage is jsonrpc2.DecodeMessage without its json.Decoder, which
// allocates a 32 KB buffer for every message (measured: 96% of the bytes a
// request allocates, a quarter of the protocol floor's time). Same
// messages, same errors.
func decodeMessage(data []byte) (jsonrpc2.Message, error) {
	var w wireMessage
	// Parse reads the first JSON value and leaves what follows, as
	// jsonrpc2's decoder does.
	if _, err := fastjson.Parse(data, &w, 0); err != nil {
		return nil, fmt.Errorf("unmarshaling jsonrpc message: %w", err)
	}
	if w.Version != nil && *w.Version != jsonrpc2.Version { // absent is accepted, as jsonrpc2 does
		return nil, fmt.Errorf("unmarshaling jsonrpc message: invalid RPC version %q", *w.Version)
	}
	if w.Method == "" {
		if w.ID == nil {
			return nil, jsonrpc2.ErrInvalidRequest
		}
		var err error
		if w.Error != nil {
			err = w.Error
		}
		return jsonrpc2.NewResponse(*w.ID, rawOrNull(w.Result), err)
	}
	if w.ID == nil {
		return jsonrpc2.NewNotification(w.Method, rawOrNull(w.Params))
	}
	return jsonrpc2.NewCall(*w.ID, w.Method, rawOrNull(w.Params))
}

// rawOrNull keeps a message's raw params or result; absent ones stay
// absent (jsonrpc2 marshals a nil json.RawMessage as null, as it decodes).
func rawOrNull(r json.RawMessage) any {
	if r == nil {
		return nil
	}
	return r
}

// Close closes the underlying connection.
func (s *stream) Close() error {
	if s.c != nil {
		return s.c.Close()
	}
	return nil
}
