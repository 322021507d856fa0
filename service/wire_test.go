package service

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/ivsdash/ivsdash/service/budget"
)

// These tests use a small HTTP server that answers what the emulator never
// does (500s, 403s, expired credentials, a hang), through the real SDK client.

type canned struct {
	status int
	code   string
	body   string
}

func cannedServer(t *testing.T, c canned, hits *atomic.Int32) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits != nil {
			hits.Add(1)
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("x-amzn-RequestId", "req-1234")
		if c.code != "" {
			w.Header().Set("x-amzn-ErrorType", c.code)
		}
		w.WriteHeader(c.status)
		_, _ = w.Write([]byte(c.body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func newTestClient(t *testing.T, url string, b budget.Config, timeout time.Duration, logger *slog.Logger) *Client {
	t.Helper()
	t.Setenv("AWS_CONFIG_FILE", t.TempDir()+"/none")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", t.TempDir()+"/none")
	c, err := New(context.Background(), Options{
		Region: "us-east-1", EndpointURL: url, Budget: b, Timeout: timeout, Logger: logger,
		StaticCredentials: &aws.Credentials{AccessKeyID: "AKIDTEST", SecretAccessKey: "secret"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const someStage = "arn:aws:ivs:us-east-1:123456789012:stage/abcdEFGH1234"

func TestWireErrorKinds(t *testing.T) {
	cases := []struct {
		name string
		c    canned
		want Kind
		msg  string
	}{
		{"internal", canned{500, "InternalServerException", `{"exceptionMessage":"something broke inside"}`}, Internal, "something broke inside"},
		{"access", canned{403, "AccessDeniedException", `{"exceptionMessage":"User is not authorized to perform ivs:GetStage"}`}, AccessDenied, "not authorized"},
		{"pending", canned{403, "PendingVerification", `{"exceptionMessage":"account pending verification"}`}, PendingVerification, "pending verification"},
		// GetStage does not model ConflictException: the SDK drops the message, the tap keeps it.
		{"unmodeled", canned{409, "ConflictException", `{"exceptionMessage":"stage is busy"}`}, Conflict, "stage is busy"},
		{"expired", canned{403, "ExpiredTokenException", `{"message":"The security token included in the request is expired"}`}, ExpiredCredentials, "expired"},
		{"bad key", canned{403, "UnrecognizedClientException", `{"message":"The security token included in the request is invalid."}`}, ExpiredCredentials, "invalid"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := cannedServer(t, tc.c, &hits)
			c := newTestClient(t, srv.URL, budget.Config{Unlimited: true}, 0, nil)
			_, err := c.GetStage(context.Background(), someStage)
			e := Classify(err)
			if e == nil || e.Kind != tc.want {
				t.Fatalf("kind %v, want %v: %v", KindOf(err), tc.want, err)
			}
			if e.Op != "GetStage" || e.Status != tc.c.status || e.RequestID != "req-1234" || e.Code != tc.c.code {
				t.Errorf("error fields %+v", e)
			}
			if !strings.Contains(e.Human(), tc.msg) {
				t.Errorf("Human() %q lacks %q", e.Human(), tc.msg)
			}
			if tc.want == Internal && hits.Load() != 2 {
				t.Errorf("a 500 is retried once by the SDK: %d attempts", hits.Load())
			}
			if tc.want != Internal && hits.Load() != 1 {
				t.Errorf("a %d must not be retried: %d attempts", tc.c.status, hits.Load())
			}
			// The budget sees every attempt, the SDK's own retries included.
			if u := c.Usage(); u.Calls != int(hits.Load()) {
				t.Errorf("budget counted %d calls for %d attempts", u.Calls, hits.Load())
			}
		})
	}
}

func TestThrottledCallsBackOffAndRetryOnce(t *testing.T) {
	var hits atomic.Int32
	srv := cannedServer(t, canned{429, "ThrottlingException", `{"exceptionMessage":"Rate exceeded","message":"Rate exceeded"}`}, &hits)
	c := newTestClient(t, srv.URL, budget.Config{Unlimited: true, BackoffBase: 20 * time.Millisecond, BackoffMax: 40 * time.Millisecond}, 0, nil)
	start := time.Now()
	_, err := c.ListStages(context.Background(), PageRequest{})
	if !IsThrottled(err) {
		t.Fatalf("want Throttled, got %v", err)
	}
	// One try and one retry after the group's backoff; the SDK's retryer adds none.
	if n := hits.Load(); n != 2 {
		t.Errorf("%d attempts, want 2", n)
	}
	if time.Since(start) < 10*time.Millisecond {
		t.Error("the retry did not wait for the backoff")
	}
	e := Classify(err)
	if !strings.Contains(e.Human(), "Rate exceeded") || e.Status != 429 || e.Hint() == "" {
		t.Errorf("error %+v / %q", e, e.Human())
	}
	u := c.Usage()
	if u.Throttled != 2 || u.Groups[0].Throttled != 2 || u.Calls != 2 {
		t.Errorf("usage %+v", u)
	}
}

func TestTimeoutOnAHangingServer(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c := newTestClient(t, srv.URL, budget.Config{Unlimited: true}, 100*time.Millisecond, nil)
	_, err := c.GetStage(context.Background(), someStage)
	if KindOf(err) != Timeout {
		t.Fatalf("kind %v, want Timeout: %v", KindOf(err), err)
	}
	if e := Classify(err); !strings.Contains(e.Human(), "timed out") {
		t.Errorf("Human() %q", e.Human())
	}
}

func TestLogsOutcomeWithoutSecrets(t *testing.T) {
	const token = "eyJhbGciOiJFUzM4NCJ9.eyJzZWNyZXQiOnRydWV9.c2lnbmF0dXJl"
	srv := cannedServer(t, canned{200, "", `{"participantToken":{"participantId":"p1","token":"` + token +
		`","userId":"ana","attributes":{"secret":"attr-value"},"duration":60}}`}, nil)
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := newTestClient(t, srv.URL, budget.Config{Unlimited: true}, 0, logger)
	tok, err := c.CreateParticipantToken(context.Background(), TokenRequest{StageARN: someStage, UserID: "ana", Attributes: map[string]string{"secret": "attr-value"}})
	if err != nil {
		t.Fatal(err)
	}
	if tok.Token.Reveal() != token || tok.ParticipantID != "p1" || tok.DurationMinutes != 60 {
		t.Errorf("token %+v", tok)
	}
	logged := buf.String()
	for _, want := range []string{`"op":"CreateParticipantToken"`, `"outcome":"ok"`, `"request_id":"req-1234"`, `"status":200`, `"duration"`} {
		if !strings.Contains(logged, want) {
			t.Errorf("log lacks %s: %s", want, logged)
		}
	}
	for _, secret := range []string{token, "attr-value", "eyJ"} {
		if strings.Contains(logged, secret) {
			t.Errorf("log contains %q: %s", secret, logged)
		}
	}
	// Failures are logged with their kind.
	buf.Reset()
	c.SetLogger(logger)
	if _, err := c.GetStage(context.Background(), ""); !IsValidation(err) {
		t.Errorf("empty ARN: %v", err)
	}
}

func TestConfigurationErrors(t *testing.T) {
	t.Setenv("AWS_CONFIG_FILE", t.TempDir()+"/none")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", t.TempDir()+"/none")
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	t.Setenv("AWS_PROFILE", "")
	_, err := New(context.Background(), Options{})
	e := Classify(err)
	if e == nil || e.Kind != Configuration || !strings.Contains(e.Human(), "region") || !strings.Contains(e.Hint(), "--region") {
		t.Errorf("no region: %v / %q", err, e.Hint())
	}
	_, err = New(context.Background(), Options{Region: "us-east-1", EndpointURL: "not a url"})
	if KindOf(err) != Configuration {
		t.Errorf("bad endpoint: %v", err)
	}
	_, err = New(context.Background(), Options{Region: "us-east-1", Profile: "nosuchprofile"})
	if e := Classify(err); e == nil || e.Kind != Configuration || !strings.Contains(e.Message, "nosuchprofile") {
		t.Errorf("unknown profile: %v", err)
	}
	bad := NewForEndpoint("::nope", "", budget.Config{})
	if _, err := bad.ListStages(context.Background(), PageRequest{}); KindOf(err) != Configuration {
		t.Errorf("NewForEndpoint with a bad URL: %v", err)
	}
}

func TestEndpointAndRegion(t *testing.T) {
	t.Setenv("AWS_CONFIG_FILE", t.TempDir()+"/none")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", t.TempDir()+"/none")
	t.Setenv("AWS_ENDPOINT_URL_IVS_REALTIME", "http://127.0.0.1:4566")
	c, err := New(context.Background(), Options{Region: "eu-west-1", Profile: ""})
	if err != nil {
		t.Fatal(err)
	}
	if c.Region() != "eu-west-1" || c.Endpoint() != "http://127.0.0.1:4566" {
		t.Errorf("region %q endpoint %q: AWS_ENDPOINT_URL_IVS_REALTIME must be honoured", c.Region(), c.Endpoint())
	}
	t.Setenv("AWS_ENDPOINT_URL_IVS_REALTIME", "")
	c, err = New(context.Background(), Options{Region: "eu-west-1", EndpointURL: "http://localhost:9"})
	if err != nil || c.Endpoint() != "http://localhost:9" {
		t.Errorf("explicit endpoint: %v %q", err, c.Endpoint())
	}
	e := NewForEndpoint("http://127.0.0.1:1", "", budget.Config{})
	if e.Region() != DefaultEmulatorRegion || e.Endpoint() != "http://127.0.0.1:1" || e.Profile() != "" {
		t.Errorf("NewForEndpoint: %q %q", e.Region(), e.Endpoint())
	}
}
