package emulator

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// dial opens a raw TCP connection to the emulator.
func (v *env) dial() net.Conn {
	v.t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(v.e.URL(), "http://"))
	if err != nil {
		v.t.Fatal(err)
	}
	v.t.Cleanup(func() { _ = c.Close() })
	return c
}

// closedWithin reports whether the server ends the connection (an answer
// followed by EOF, or EOF at once) within d.
func closedWithin(t *testing.T, c net.Conn, d time.Duration) bool {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, c)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, os.ErrDeadlineExceeded) {
		return false
	}
	return true
}

// A request line net/http cannot parse (a bad escape in the path) is
// answered in AWS's shape, like every other answer.
func TestMalformedPathHasAWSShape(t *testing.T) {
	v := startFast(t)
	for _, line := range []string{"GET /tags/%zz HTTP/1.1", "POST /%zz HTTP/1.1"} {
		c := v.dial()
		if _, err := io.WriteString(c, line+"\r\nHost: emulator\r\nContent-Length: 0\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		body, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		equal(t, line+": status", resp.StatusCode, http.StatusBadRequest)
		equal(t, line+": x-amzn-ErrorType", resp.Header.Get("X-Amzn-Errortype"), CodeValidation)
		equal(t, line+": Content-Type", resp.Header.Get("Content-Type"), "application/json")
		if resp.Header.Get("X-Amzn-Requestid") == "" {
			t.Errorf("%s: no x-amzn-RequestId", line)
		}
		var m struct {
			ExceptionMessage string `json:"exceptionMessage"`
		}
		if err := json.Unmarshal(body, &m); err != nil || m.ExceptionMessage == "" {
			t.Errorf("%s: body %q is not an AWS error (%v)", line, body, err)
		}
	}
}

// A body sent a byte at a time is cut once the read timeout passes.
func TestSlowBodyIsCut(t *testing.T) {
	v := start(t, Options{NoThrottle: true, readTimeout: 300 * time.Millisecond})
	c := v.dial()
	if _, err := io.WriteString(c, "POST /ListStages HTTP/1.1\r\nHost: emulator\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
				if _, err := c.Write([]byte(" ")); err != nil {
					return
				}
			}
		}
	}()
	if !closedWithin(t, c, 3*time.Second) {
		t.Fatal("a body trickling a byte every 100ms was still being read 3s later (read timeout 300ms)")
	}
}

// An idle keep-alive connection is closed once the idle timeout passes.
func TestIdleConnectionIsClosed(t *testing.T) {
	v := start(t, Options{NoThrottle: true, idleTimeout: 300 * time.Millisecond})
	c := v.dial()
	if _, err := io.WriteString(c, "GET /_emulator/faults HTTP/1.1\r\nHost: emulator\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(c)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	equal(t, "status", resp.StatusCode, http.StatusOK)
	_ = c.SetReadDeadline(time.Now().Add(3 * time.Second))
	if _, err := r.ReadByte(); !errors.Is(err, io.EOF) {
		t.Fatalf("an idle connection was not closed within 3s (idle timeout 300ms): %v", err)
	}
}

// Past the cap, a new connection waits until one in use closes.
func TestConnectionsAreCapped(t *testing.T) {
	v := start(t, Options{NoThrottle: true, maxConnections: 2})
	first := v.dial()
	v.dial()
	time.Sleep(100 * time.Millisecond) // both accepted: the cap is reached
	get := func(timeout time.Duration) error {
		c := &http.Client{Timeout: timeout, Transport: &http.Transport{DisableKeepAlives: true}}
		resp, err := c.Get(v.e.URL() + "/_emulator/faults")
		if err == nil {
			_ = resp.Body.Close()
		}
		return err
	}
	if err := get(500 * time.Millisecond); err == nil {
		t.Fatal("a third connection was served while two held the cap of 2")
	}
	_ = first.Close()
	if err := get(3 * time.Second); err != nil {
		t.Fatalf("a connection was not served once a slot freed: %v", err)
	}
}

// An injected delay longer than the read and write timeouts still gets
// its answer: the deadlines move with the delay.
func TestInjectedLatencyOutlastsTimeouts(t *testing.T) {
	v := start(t, Options{NoThrottle: true, Faults: "latency=700ms@ListStages",
		readTimeout: 200 * time.Millisecond, writeTimeout: 200 * time.Millisecond})
	noErr(t, v.listStages())
}
