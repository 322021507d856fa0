package service

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"time"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/ivsdash/ivsdash/service/budget"
)

// Two hooks in the SDK's middleware stack make every HTTP attempt, including
// the SDK's own retries and every page of a paginator, go through the budget:
//
//   - budget.Gate sits in the Finalize step just inside the retry loop, so it
//     runs once per attempt: it waits for the operation's limiter (and its
//     group's backoff) and bounds the attempt with the per-call timeout.
//   - wireTap sits innermost in the Deserialize step and sees the raw HTTP
//     response: it records 429s in the budget and keeps the status, request id
//     and exceptionMessage of each answer. The SDK drops the exceptionMessage
//     of error types an operation does not model, so the tap reads it itself.

// maxErrorBody bounds how much of an error body the tap reads.
const maxErrorBody = 64 << 10

// attemptInfo is what wireTap saw of the last attempt of one call.
type attemptInfo struct {
	status    int
	requestID string
	message   string // exceptionMessage of an error answer
}

type attemptInfoKey struct{}

func withAttemptInfo(ctx context.Context) (context.Context, *attemptInfo) {
	info := &attemptInfo{}
	return context.WithValue(ctx, attemptInfoKey{}, info), info
}

type wireTap struct{ b *budget.Budget }

func (*wireTap) ID() string { return "ivsdash.WireTap" }

func (t *wireTap) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
	sent := time.Now()
	out, md, err := next.HandleDeserialize(ctx, in)
	resp, ok := out.RawResponse.(*smithyhttp.Response)
	if !ok || resp == nil || resp.Response == nil {
		return out, md, err
	}
	op := middleware.GetOperationName(ctx)
	t.b.OnLatency(op, time.Since(sent))
	if resp.StatusCode == http.StatusTooManyRequests {
		t.b.OnThrottle(op)
	} else {
		t.b.OnAnswer(op)
	}
	info, _ := ctx.Value(attemptInfoKey{}).(*attemptInfo)
	if info == nil {
		return out, md, err
	}
	info.status = resp.StatusCode
	info.requestID = resp.Header.Get("X-Amzn-Requestid")
	info.message = ""
	if resp.StatusCode >= 300 && resp.Body != nil {
		body, rerr := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		resp.Body.Close()
		// Hand the deserializer the same bytes (and an error if reading failed).
		resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), errReader{rerr}))
		info.message = exceptionMessage(body)
	}
	return out, md, err
}

// errReader ends a body with the read error that cut it short, or EOF.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	return 0, io.EOF
}

// exceptionMessage reads an AWS REST-JSON error body.
func exceptionMessage(body []byte) string {
	var v struct {
		ExceptionMessage string `json:"exceptionMessage"`
		Message          string `json:"message"` // matches "Message" too
	}
	if json.Unmarshal(body, &v) != nil {
		return ""
	}
	if v.ExceptionMessage != "" {
		return v.ExceptionMessage
	}
	return v.Message
}

// addStackHooks installs budget.Gate and wireTap on every operation's stack.
func addStackHooks(b *budget.Budget, timeout time.Duration) func(*middleware.Stack) error {
	return func(s *middleware.Stack) error {
		gate := &budget.Gate{Budget: b, Timeout: timeout}
		if err := s.Finalize.Insert(gate, "Retry", middleware.After); err != nil {
			// No retry middleware on this stack: the gate still runs once per call.
			if err := s.Finalize.Add(gate, middleware.Before); err != nil {
				return err
			}
		}
		return s.Deserialize.Add(&wireTap{b: b}, middleware.After)
	}
}
