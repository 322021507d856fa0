package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"
)

// The HTTP server's bounds: the emulator is offered to CI, where a stuck
// or hostile client must not pin it. A request's headers must arrive
// within 10s and the whole request within 30s (a 1 MB body at 35 KB/s);
// an answer must be written within 30s, plus any injected delay; an idle
// keep-alive connection is closed after 30s; at most 256 connections are
// served at once, and one past that waits to be accepted until another
// closes.
const (
	defaultReadHeaderTimeout = 10 * time.Second
	defaultReadTimeout       = 30 * time.Second
	defaultWriteTimeout      = 30 * time.Second
	defaultIdleTimeout       = 30 * time.Second
	defaultMaxConnections    = 256
)

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// newServer is the http.Server for one listener, with the bounds above.
func (e *Emulator) newServer() *http.Server {
	return &http.Server{
		Handler:           e.memRelease.wrap(e),
		ReadHeaderTimeout: defaultReadHeaderTimeout,
		ReadTimeout:       orDefault(e.opts.readTimeout, defaultReadTimeout),
		WriteTimeout:      orDefault(e.opts.writeTimeout, defaultWriteTimeout),
		IdleTimeout:       orDefault(e.opts.idleTimeout, defaultIdleTimeout),
		ErrorLog:          slog.NewLogLogger(e.log.Handler(), slog.LevelWarn),
	}
}

// extendDeadlines moves a call's read and write deadlines past an injected
// delay, so that the delay, not the server's timeouts, decides when it is
// answered.
func (e *Emulator) extendDeadlines(w http.ResponseWriter, delay time.Duration) {
	rc := http.NewResponseController(w)
	now := time.Now()
	_ = rc.SetReadDeadline(now.Add(delay + orDefault(e.opts.readTimeout, defaultReadTimeout)))
	_ = rc.SetWriteDeadline(now.Add(delay + orDefault(e.opts.writeTimeout, defaultWriteTimeout)))
}

// cappedListener serves at most cap connections at once: Accept waits for
// a slot. Its connections answer in AWS's shape what net/http answers
// itself (see awsConn).
type cappedListener struct {
	net.Listener
	slots     chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

func newCappedListener(l net.Listener, n int) *cappedListener {
	return &cappedListener{Listener: l, slots: make(chan struct{}, n), done: make(chan struct{})}
}

func (l *cappedListener) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	case <-l.done:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &awsConn{Conn: c, release: func() { <-l.slots }}, nil
}

func (l *cappedListener) Close() error {
	l.closeOnce.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// awsConn frees its listener slot once closed, and rewrites the plain-text
// errors net/http writes straight to the connection, before any handler
// runs (a request line it cannot parse, such as /tags/%zz; headers too
// large; an unknown transfer encoding), into AWS's error shape with a
// request id.
type awsConn struct {
	net.Conn
	release   func()
	closeOnce sync.Once
}

func (c *awsConn) Close() error {
	err := c.Conn.Close()
	c.closeOnce.Do(c.release)
	return err
}

// SetLinger reaches the TCP connection, so a reset fault closes with RST.
func (c *awsConn) SetLinger(sec int) error {
	if tc, ok := c.Conn.(*net.TCPConn); ok {
		return tc.SetLinger(sec)
	}
	return nil
}

// goPlainError is how net/http's own error answers end their headers.
var goPlainError = []byte("\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n")

func (c *awsConn) Write(p []byte) (int, error) {
	if !bytes.HasPrefix(p, []byte("HTTP/1.1 ")) || !bytes.Contains(p, goPlainError) {
		return c.Conn.Write(p)
	}
	if _, err := c.Conn.Write(awsShaped(p)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// awsShaped turns net/http's "HTTP/1.1 400 Bad Request: why...text" into
// the same status with an AWS error body and headers.
func awsShaped(p []byte) []byte {
	status := http.StatusBadRequest
	if len(p) >= 12 {
		if n, err := strconv.Atoi(string(p[9:12])); err == nil {
			status = n
		}
	}
	_, text, _ := bytes.Cut(p, goPlainError)
	code := CodeValidation
	if status >= 500 {
		code = CodeInternal
	}
	body, _ := json.Marshal(struct {
		ExceptionMessage string `json:"exceptionMessage"`
		Message          string `json:"message"`
	}{"The request could not be read: " + string(text), "The request could not be read: " + string(text)})
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	fmt.Fprintf(&b, "Content-Type: application/json\r\nContent-Length: %d\r\n", len(body))
	fmt.Fprintf(&b, "x-amzn-RequestId: %s\r\nx-amzn-ErrorType: %s\r\nConnection: close\r\n\r\n", uuid.NewString(), code)
	b.Write(body)
	return b.Bytes()
}
