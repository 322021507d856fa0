package emulator

import (
	"bytes"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
	"github.com/aws/smithy-go"

	"github.com/ivsdash/ivsdash/service"
)

// faulted starts an emulator with a fault spec.
func faulted(t *testing.T, spec string) *env {
	t.Helper()
	return start(t, Options{NoThrottle: true, Faults: spec, Seed: 3})
}

func (v *env) listStages() error {
	_, err := v.c.ListStages(v.ctx, &ivsrealtime.ListStagesInput{})
	return err
}

func (v *env) getStage(arn string) error {
	_, err := v.c.GetStage(v.ctx, &ivsrealtime.GetStageInput{Arn: aws.String(arn)})
	return err
}

// httpStatus is the HTTP status of an SDK error, 0 without a response.
func httpStatus(err error) int {
	var re interface{ HTTPStatusCode() int }
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

func wantKind(t *testing.T, err error, want service.Kind) *service.Error {
	t.Helper()
	se := service.Classify(err)
	if se == nil || se.Kind != want {
		t.Fatalf("service.Classify(%v) = %v, want kind %q", err, se, want)
	}
	return se
}

func TestFaultError500AndThrottle(t *testing.T) {
	v := faulted(t, "error500=1@GetStage;throttle=100%@ListStages")
	arn := aws.ToString(v.stage("s").Arn)

	err := v.getStage(arn)
	wantCode(t, err, "InternalServerException", "internal error")
	equal(t, "status", httpStatus(err), 500)
	wantKind(t, err, service.Internal)

	err = v.listStages()
	wantCode(t, err, "ThrottlingException", "Rate exceeded")
	equal(t, "status", httpStatus(err), 429)
	wantKind(t, err, service.Throttled)

	// Other operations pass.
	_, err = v.c.ListStageSessions(v.ctx, &ivsrealtime.ListStageSessionsInput{StageArn: aws.String(arn)})
	noErr(t, err)

	// Refused calls are counted apart from the served ones.
	equal(t, "GetStage served", v.e.Operations()["GetStage"], 0)
	equal(t, "GetStage refused", v.e.Refused()["GetStage"], 1)
	equal(t, "ListStages refused", v.e.Refused()["ListStages"], 1)
	equal(t, "CreateStage served", v.e.Operations()["CreateStage"], 1)
}

func TestFaultResetIsANetworkError(t *testing.T) {
	v := faulted(t, "reset=1@ListStages")
	err := v.listStages()
	if err == nil {
		t.Fatal("a reset connection gave an answer")
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		t.Fatalf("a reset is not an AWS error: %v", err)
	}
	if !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("want connection reset by peer, got %v", err)
	}
	se := wantKind(t, err, service.Network)
	if !strings.Contains(se.Message, "connection reset") {
		t.Errorf("message %q", se.Message)
	}
	// The next call on a new connection works for other operations.
	v.stage("after-reset")
}

func TestFaultCorruptBodiesAreDeserializationErrors(t *testing.T) {
	for _, tc := range []struct{ spec, fragment string }{
		{"truncate=1@ListStages", "unexpected EOF"},
		{"badjson=1@ListStages", "invalid character '<'"},
	} {
		t.Run(tc.spec, func(t *testing.T) {
			v := faulted(t, tc.spec)
			v.stage("one")
			v.stage("two")
			err := v.listStages()
			var de *smithy.DeserializationError
			if !errors.As(err, &de) {
				t.Fatalf("want the SDK's DeserializationError, got %T %v", err, err)
			}
			if !strings.Contains(err.Error(), tc.fragment) {
				t.Errorf("error %q does not say %q", err, tc.fragment)
			}
			equal(t, "status", httpStatus(err), 200)
			// Not a network error: the answer came, unreadable.
			wantKind(t, err, service.Internal)
			// The operation ran: a corrupt answer is counted as served.
			equal(t, "ListStages served", v.e.Operations()["ListStages"], 1)
			equal(t, "ListStages refused", v.e.Refused()["ListStages"], 0)
		})
	}
}

// Truncation cuts the raw body short but keeps Content-Length true to it.
func TestFaultTruncateKeepsContentLength(t *testing.T) {
	v := startFast(t)
	for _, name := range []string{"a", "b", "c", "d", "e"} {
		v.stage("stage-" + name)
	}
	whole := v.raw(http.MethodPost, "/ListStages", "{}").body
	noErr(t, v.e.SetFaults("truncate=1@ListStages"))
	for range 10 {
		r := v.raw(http.MethodPost, "/ListStages", "{}")
		equal(t, "status", r.status, 200)
		if n := len(r.body); n == 0 || n >= len(whole) || !bytes.HasPrefix(whole, r.body) {
			t.Fatalf("body %q is not a cut of %q", r.body, whole)
		}
		equal(t, "Content-Length", r.header.Get("Content-Length"), strconv.Itoa(len(r.body)))
	}
	// Error answers are not corrupted.
	wantRawError(t, v.raw(http.MethodPost, "/ListStages", `{"maxResults": 0}`), 400, "ValidationException")
}

func TestFaultLatency(t *testing.T) {
	v := faulted(t, "latency=150ms@GetStage;latency=40ms..60ms@ListStages")
	arn := aws.ToString(v.stage("s").Arn)
	t0 := time.Now()
	noErr(t, v.getStage(arn))
	if d := time.Since(t0); d < 150*time.Millisecond {
		t.Fatalf("GetStage took %s, want at least 150ms", d)
	}
	for range 3 {
		t0 = time.Now()
		noErr(t, v.listStages())
		if d := time.Since(t0); d < 40*time.Millisecond {
			t.Fatalf("ListStages took %s, want at least 40ms", d)
		}
	}
	equal(t, "delayed calls are served", v.e.Operations()["GetStage"], 1)
}

func TestFaultOutageBeginsAndEnds(t *testing.T) {
	v := faulted(t, "outage=20s/every=1m/after=10s@List*")
	arn := aws.ToString(v.stage("s").Arn)
	noErr(t, v.listStages())
	v.clock.Advance(10 * time.Second)
	err := v.listStages()
	wantCode(t, err, "ServiceUnavailableException", "Service Unavailable")
	equal(t, "status", httpStatus(err), 503)
	wantKind(t, err, service.Internal)
	// Only the operations named are down.
	noErr(t, v.getStage(arn))
	v.clock.Advance(19 * time.Second)
	wantCode(t, v.listStages(), "ServiceUnavailableException", "")
	v.clock.Advance(time.Second)
	noErr(t, v.listStages())
	v.clock.Advance(40 * time.Second) // the next period's window
	wantCode(t, v.listStages(), "ServiceUnavailableException", "")
	v.clock.Advance(20 * time.Second)
	noErr(t, v.listStages())
	equal(t, "refused during the outages", v.e.Refused()["ListStages"], 3)

	// Other answers: a 500, and reset connections.
	noErr(t, v.e.SetFaults("outage=1m/as=500"))
	wantCode(t, v.getStage(arn), "InternalServerException", "")
	noErr(t, v.e.SetFaults("outage=1m/as=reset"))
	if err := v.getStage(arn); !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("outage as reset: %v", err)
	}
	v.clock.Advance(time.Minute)
	noErr(t, v.getStage(arn))
}

func TestFaultsSpareControlEndpoints(t *testing.T) {
	v := startFast(t)
	arn := aws.ToString(v.stage("s").Arn)
	tok := aws.ToString(v.token(arn, "u").Token)
	noErr(t, v.e.SetFaults("outage=1h;error500=1;reset=1"))
	noErr(t, v.e.SetCredentialMode(CredentialsExpired))
	wantCode(t, v.listStages(), "ServiceUnavailableException", "")
	r := v.raw(http.MethodGet, "/_emulator/operations", "")
	equal(t, "operations endpoint", r.status, 200)
	r = v.post("/_emulator/join", map[string]string{"token": tok})
	equal(t, "join", r.status, 200)
	equal(t, "joined", r.json(t)["stageArn"], any(arn))
	// Unknown paths are not operations: they still say so.
	wantRawError(t, v.raw(http.MethodPost, "/NoSuchOperation", "{}"), 404, "UnknownOperationException")
}

func TestSetFaultsAtRunTime(t *testing.T) {
	v := startFast(t)
	noErr(t, v.listStages())
	noErr(t, v.e.SetFaults("throttle=1@ListStages"))
	equal(t, "spec", v.e.Faults(), "throttle=1@ListStages")
	wantCode(t, v.listStages(), "ThrottlingException", "")
	err := v.e.SetFaults("throttle=2")
	if err == nil || !strings.Contains(err.Error(), "not between 0 and 1") {
		t.Fatalf("bad spec: %v", err)
	}
	equal(t, "a bad spec leaves the plan", v.e.Faults(), "throttle=1@ListStages")
	noErr(t, v.e.SetFaults(""))
	noErr(t, v.listStages())

	// Over HTTP.
	r := v.post("/_emulator/faults", map[string]string{"spec": "error500=1@ListStages"})
	equal(t, "status", r.status, 200)
	equal(t, "spec echoed", r.json(t)["spec"], any("error500=1@ListStages"))
	wantCode(t, v.listStages(), "InternalServerException", "")
	r = v.raw(http.MethodGet, "/_emulator/faults", "")
	equal(t, "GET spec", r.json(t)["spec"], any("error500=1@ListStages"))
	msg := wantRawError(t, v.post("/_emulator/faults", map[string]string{"spec": "latency=1s@Nope"}), 400, "ValidationException")
	if !strings.Contains(msg, `unknown operation "Nope"`) {
		t.Errorf("message %q", msg)
	}
	msg = wantRawError(t, v.post("/_emulator/faults", map[string]string{}), 400, "ValidationException")
	if !strings.Contains(msg, "spec is required") {
		t.Errorf("message %q", msg)
	}
	r = v.post("/_emulator/faults", map[string]string{"spec": ""})
	equal(t, "clearing", r.status, 200)
	noErr(t, v.listStages())

	if _, err := New(Options{Faults: "reset=x"}); err == nil || !strings.Contains(err.Error(), `rate "x"`) {
		t.Fatalf("New with a bad spec: %v", err)
	}
}

// The same seed replays the same outcomes through the wire.
func TestFaultsThroughTheWireFollowTheSeed(t *testing.T) {
	run := func(seed int64) []string {
		v := start(t, Options{NoThrottle: true, Seed: seed, Faults: "error500=0.3;throttle=0.2@ListStages"})
		var codes []string
		for range 60 {
			codes = append(codes, apiCode(v.listStages()))
		}
		return codes
	}
	a := run(8)
	equalSlices(t, "outcomes", run(8), a)
	if slices.Equal(a, run(9)) {
		t.Fatal("another seed, the same outcomes")
	}
	if !slices.Contains(a, "ThrottlingException") || !slices.Contains(a, "InternalServerException") || !slices.Contains(a, "") {
		t.Fatalf("outcomes %v miss a kind", a)
	}
}
