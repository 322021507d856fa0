package emulator

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/ivsdash/ivsdash/service/emulator/faults"
)

// This file applies the fault plan and the credential mode at the wire,
// between routing and the operation. The order for one call: injected
// latency, then an outage, then the credential mode, then reset, throttle
// and error500; truncate and badjson change the operation's own answer.

// FaultHelp describes the fault grammar, for --faults help.
const FaultHelp = faults.Help

// SetFaults replaces the fault plan in force (see FaultHelp); "" clears it.
// Outage windows count from now; each rule's random source restarts from
// the seed, so setting the same spec replays the same outcomes. A bad spec
// leaves the plan in force unchanged.
func (e *Emulator) SetFaults(spec string) error {
	p, err := faults.New(spec, faultOperations(), e.seed, e.now())
	if err != nil {
		return err
	}
	e.faults.Store(p)
	return nil
}

// Faults is the spec in force ("" for none).
func (e *Emulator) Faults() string {
	if p := e.faults.Load(); p != nil {
		return p.Spec()
	}
	return ""
}

// gate decides what stands between a call and its operation. done means
// the call was answered here (or its connection reset) and counted as
// refused; otherwise the returned writer is the one to answer through.
func (e *Emulator) gate(w http.ResponseWriter, r *http.Request, op string) (_ http.ResponseWriter, status int, done bool) {
	var d faults.Decision
	if p := e.faults.Load(); p != nil {
		d = p.Decide(op, e.now())
	}
	if d.Delay > 0 {
		// Read the request first: net/http notices a client hanging up only
		// once the body has been read, so without this a client that gave
		// up on the delay would still be served (and counted) after it.
		bufferBody(r)
		e.extendDeadlines(w, d.Delay)
		if err := e.sleep(r.Context(), d.Delay); err != nil {
			e.refuse(op)
			if r.Context().Err() != nil {
				return w, 0, true // the client gave up: nobody to answer
			}
			return w, writeOpError(w, op, unavailable("the emulator is shutting down")), true
		}
	}
	refuse := func(kind string, answer func() int) (http.ResponseWriter, int, bool) {
		e.refuse(op)
		e.log.Debug("fault injected", "operation", op, "fault", kind)
		return w, answer(), true
	}
	switch d.Outage {
	case "503":
		return refuse("outage", func() int {
			return writeOpError(w, op, unavailable("Service Unavailable: the service is temporarily unable to handle the request"))
		})
	case "500":
		return refuse("outage", func() int { return writeOpError(w, op, internalFault()) })
	case "reset":
		return refuse("outage", func() int { return resetConnection(w, r, op) })
	}
	if ce := e.credentialError(op); ce != nil {
		return refuse("credentials", func() int { return writeOpError(w, op, ce) })
	}
	switch d.Fail {
	case faults.Reset:
		return refuse("reset", func() int { return resetConnection(w, r, op) })
	case faults.Throttle:
		return refuse("throttle", func() int { return writeThrottled(w) })
	case faults.Error500:
		return refuse("error500", func() int { return writeOpError(w, op, internalFault()) })
	}
	if d.Corrupt != faults.None {
		e.log.Debug("fault injected", "operation", op, "fault", d.Corrupt.String())
		return &corruptWriter{ResponseWriter: w, kind: d.Corrupt, keep: d.Cut}, 0, false
	}
	return w, 0, false
}

// bufferBody reads the request body into memory (up to one byte past the
// limit, so readBody still refuses one too large).
func bufferBody(r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	r.Body = io.NopCloser(bytes.NewReader(body))
}

// sleep waits d, or until the client gives up or the emulator closes.
func (e *Emulator) sleep(ctx context.Context, d time.Duration) error {
	e.delayed.Add(1)
	defer e.delayed.Add(-1)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-e.quit:
		return http.ErrServerClosed
	}
}

// CodeServiceUnavailable is what AWS front ends answer (503) when a
// service cannot take requests; the ivs-realtime model does not declare it.
const CodeServiceUnavailable = "ServiceUnavailableException"

func unavailable(msg string) *Error {
	return &Error{Code: CodeServiceUnavailable, Status: http.StatusServiceUnavailable, Message: msg}
}

func internalFault() *Error {
	return newError(CodeInternal, "We encountered an internal error. Please try again.")
}

// resetConnection reads the request (so the client is waiting for its
// answer, not still sending), then closes the connection with a TCP RST,
// as a crashing load balancer does. Where the connection cannot be taken
// over (HTTP/2, a test recorder) it answers 503 instead.
func resetConnection(w http.ResponseWriter, r *http.Request, op string) int {
	_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, maxBodyBytes))
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return writeOpError(w, op, unavailable(fmt.Sprintf("connection reset (%v)", err)))
	}
	if tc, ok := conn.(interface{ SetLinger(sec int) error }); ok {
		_ = tc.SetLinger(0) // close with RST, not FIN
	}
	_ = conn.Close()
	return 0
}

// badJSONBody is what a misbehaving proxy answers in place of the API.
const badJSONBody = `<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>`

// corruptWriter changes a successful answer's body as it is written: cut
// short (keep is the share kept, at least one byte and never all of it) or
// replaced by HTML. Content-Length follows the new body, so the client
// reads all of it and its JSON decoder, not the transport, fails. Error
// answers pass unchanged.
type corruptWriter struct {
	http.ResponseWriter
	kind   faults.Kind
	keep   float64
	status int
	wrote  bool
}

func (c *corruptWriter) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
}

func (c *corruptWriter) Write(data []byte) (int, error) {
	if c.wrote {
		return c.ResponseWriter.Write(data)
	}
	c.wrote = true
	status := c.status
	if status == 0 {
		status = http.StatusOK
	}
	out := data
	if status < 300 {
		out = c.corrupt(data)
		c.Header().Set("Content-Length", strconv.Itoa(len(out)))
	}
	c.ResponseWriter.WriteHeader(status)
	if _, err := c.ResponseWriter.Write(out); err != nil {
		return 0, err
	}
	return len(data), nil
}

func (c *corruptWriter) corrupt(data []byte) []byte {
	if c.kind == faults.BadJSON {
		return []byte(badJSONBody)
	}
	if len(data) < 2 {
		return nil
	}
	n := min(max(int(c.keep*float64(len(data))), 1), len(data)-1)
	return data[:n]
}

// Unwrap lets http.ResponseController reach the connection.
func (c *corruptWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }
