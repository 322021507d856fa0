package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime/types"
	"github.com/aws/smithy-go"
)

// fakeClock lets tests move time instead of sleeping.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2025, 3, 14, 15, 9, 26, 535_000_000, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// env is a running emulator with an SDK client and a raw HTTP client.
type env struct {
	t     testing.TB
	e     *Emulator
	c     *ivsrealtime.Client
	clock *fakeClock
	ctx   context.Context
}

// start runs an emulator on loopback. Unless the test sets its own clock,
// it gets a fake one; throttling is off unless the test turns it on.
func start(t testing.TB, opts Options) *env {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	var clock *fakeClock
	if opts.Now == nil {
		clock = newFakeClock()
		opts.Now = clock.Now
	}
	e, err := Start(ctx, "127.0.0.1:0", opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return &env{t: t, e: e, c: sdkClient(e.URL()), clock: clock, ctx: ctx}
}

func startFast(t testing.TB) *env {
	return start(t, Options{NoThrottle: true})
}

// sdkClient is the real aws-sdk-go-v2 client with static credentials and
// no retries, so a 429 reaches the test. Its HTTP client is the emulator's
// loopback Transport (see transport.go for the SDK race it avoids).
func sdkClient(url string) *ivsrealtime.Client {
	return ivsrealtime.NewFromConfig(sdkConfig(), func(o *ivsrealtime.Options) { o.BaseEndpoint = aws.String(url) })
}

// sdkConfig is the AWS configuration of the tests' SDK clients (IVS, SQS,
// EventBridge).
func sdkConfig() aws.Config {
	return aws.Config{
		Region:     "us-east-1",
		HTTPClient: HTTPClient(),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", Source: "test"}, nil
		}),
		RetryMaxAttempts: 1,
		Retryer:          func() aws.Retryer { return aws.NopRetryer{} },
	}
}

// apiCode returns the AWS error code of err ("" for nil).
func apiCode(err error) string {
	if err == nil {
		return ""
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return "not an API error: " + err.Error()
}

// exceptionMessage digs the exceptionMessage out of the SDK's typed errors.
func exceptionMessage(err error) string {
	var (
		v  *types.ValidationException
		nf *types.ResourceNotFoundException
		c  *types.ConflictException
		q  *types.ServiceQuotaExceededException
		ad *types.AccessDeniedException
	)
	switch {
	case errors.As(err, &v):
		return aws.ToString(v.ExceptionMessage)
	case errors.As(err, &nf):
		return aws.ToString(nf.ExceptionMessage)
	case errors.As(err, &c):
		return aws.ToString(c.ExceptionMessage)
	case errors.As(err, &q):
		return aws.ToString(q.ExceptionMessage)
	case errors.As(err, &ad):
		return aws.ToString(ad.ExceptionMessage)
	}
	// An error type the operation does not declare: the SDK's generic
	// error reads "message".
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorMessage()
	}
	return ""
}

// wantCode fails unless err is an AWS error of the code; a non-empty
// fragment must appear in its exceptionMessage.
func wantCode(t testing.TB, err error, code, fragment string) {
	t.Helper()
	if got := apiCode(err); got != code {
		t.Fatalf("error code = %q, want %q (err: %v)", got, code, err)
	}
	if fragment != "" && !strings.Contains(exceptionMessage(err), fragment) {
		t.Fatalf("exceptionMessage %q does not contain %q", exceptionMessage(err), fragment)
	}
}

func must[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return v
	}
}

func noErr(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

// rawResponse is an HTTP response read whole.
type rawResponse struct {
	status int
	header http.Header
	body   []byte
}

func (r rawResponse) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v: %q", err, r.body)
	}
	return m
}

// raw sends a request without the SDK.
func (v *env) raw(method, path string, body string) rawResponse {
	v.t.Helper()
	req, err := http.NewRequest(method, v.e.URL()+path, strings.NewReader(body))
	if err != nil {
		v.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	return v.do(req)
}

// do sends a request and reads the response whole.
func (v *env) do(req *http.Request) rawResponse {
	v.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		v.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		v.t.Fatal(err)
	}
	return rawResponse{status: resp.StatusCode, header: resp.Header, body: data}
}

// post calls an operation or control endpoint with a JSON value.
func (v *env) post(path string, in any) rawResponse {
	v.t.Helper()
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(in); err != nil {
		v.t.Fatal(err)
	}
	return v.raw(http.MethodPost, path, buf.String())
}

// wantRawError checks the AWS error shape of a raw response.
func wantRawError(t testing.TB, r rawResponse, status int, code string) string {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d (body %s)", r.status, status, r.body)
	}
	if got := r.header.Get("X-Amzn-Errortype"); got != code {
		t.Fatalf("x-amzn-ErrorType = %q, want %q", got, code)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("Content-Type = %q", ct)
	}
	m := r.json(t)
	msg, ok := m["exceptionMessage"].(string)
	if !ok || msg == "" {
		t.Fatalf("no exceptionMessage in %s", r.body)
	}
	return msg
}

// stage creates a stage through the SDK.
func (v *env) stage(name string) types.Stage {
	v.t.Helper()
	out, err := v.c.CreateStage(v.ctx, &ivsrealtime.CreateStageInput{Name: aws.String(name)})
	if err != nil {
		v.t.Fatalf("CreateStage: %v", err)
	}
	return *out.Stage
}

// token mints a participant token through the SDK.
func (v *env) token(stageARN string, userID string, caps ...types.ParticipantTokenCapability) types.ParticipantToken {
	v.t.Helper()
	in := &ivsrealtime.CreateParticipantTokenInput{StageArn: aws.String(stageARN), UserId: aws.String(userID)}
	if len(caps) > 0 {
		in.Capabilities = caps
	}
	out, err := v.c.CreateParticipantToken(v.ctx, in)
	if err != nil {
		v.t.Fatalf("CreateParticipantToken: %v", err)
	}
	return *out.ParticipantToken
}

// join mints a token and joins with it in process.
func (v *env) join(stageARN, userID string, caps ...types.ParticipantTokenCapability) JoinResult {
	v.t.Helper()
	tok := v.token(stageARN, userID, caps...)
	r, err := v.e.Join(aws.ToString(tok.Token))
	if err != nil {
		v.t.Fatalf("Join: %v", err)
	}
	return r
}

// events lists a participant's event names (and codes) via the SDK.
func (v *env) events(stageARN, sessionID, pid string) []string {
	v.t.Helper()
	var names []string
	p := ivsrealtime.NewListParticipantEventsPaginator(v.c, &ivsrealtime.ListParticipantEventsInput{
		StageArn: aws.String(stageARN), SessionId: aws.String(sessionID), ParticipantId: aws.String(pid)})
	for p.HasMorePages() {
		out, err := p.NextPage(v.ctx)
		if err != nil {
			v.t.Fatalf("ListParticipantEvents: %v", err)
		}
		for _, e := range out.Events {
			s := string(e.Name)
			if e.RemoteParticipantId != nil {
				s += ">" + *e.RemoteParticipantId
			}
			if e.ErrorCode != "" {
				s += ":" + string(e.ErrorCode)
			}
			names = append(names, s)
		}
	}
	return names
}

func (v *env) participant(stageARN, sessionID, pid string) types.Participant {
	v.t.Helper()
	out, err := v.c.GetParticipant(v.ctx, &ivsrealtime.GetParticipantInput{
		StageArn: aws.String(stageARN), SessionId: aws.String(sessionID), ParticipantId: aws.String(pid)})
	if err != nil {
		v.t.Fatalf("GetParticipant: %v", err)
	}
	return *out.Participant
}

func equal[T comparable](t testing.TB, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Fatalf("%s = %v, want %v", what, got, want)
	}
}

func equalSlices[T comparable](t testing.TB, what string, got, want []T) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s = %v, want %v", what, got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s = %v, want %v", what, got, want)
		}
	}
}
