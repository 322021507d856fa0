package service_test

// How each fault the emulator injects (and each credential mode) surfaces
// through the service client, SDK retries included: the Kind the dashboard
// branches on and the words it shows.

import (
	"strings"
	"testing"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/emulator"
)

func TestFaultKindsThroughTheServiceClient(t *testing.T) {
	e := startEmulator(t, emulator.Options{NoThrottle: true, Seed: 1})
	c := service.NewForEndpoint(e.URL(), "", budget.Config{Unlimited: true, ThrottleRetries: -1})
	ctx := ctxT(t)
	for _, tc := range []struct {
		spec, credentials string
		kind              service.Kind
		says              string
	}{
		{spec: "error500=1@ListStages", kind: service.Internal, says: "internal error"},
		{spec: "throttle=1@ListStages", kind: service.Throttled, says: "Rate exceeded"},
		{spec: "reset=1@ListStages", kind: service.Network, says: "connection reset"},
		{spec: "truncate=1@ListStages", kind: service.Internal, says: "could not be read"},
		{spec: "badjson=1@ListStages", kind: service.Internal, says: "not JSON"},
		{spec: "outage=1m@ListStages", kind: service.Internal, says: "Service Unavailable"},
		{spec: "outage=1m/as=reset@ListStages", kind: service.Network, says: "connection reset"},
		{credentials: emulator.CredentialsExpired, kind: service.ExpiredCredentials, says: "security token included in the request is expired"},
		{credentials: emulator.CredentialsDenied, kind: service.AccessDenied, says: "not authorized to perform: ivs:ListStages"},
	} {
		name := tc.spec + tc.credentials
		t.Run(name, func(t *testing.T) {
			if err := e.SetFaults(tc.spec); err != nil {
				t.Fatal(err)
			}
			mode := tc.credentials
			if mode == "" {
				mode = emulator.CredentialsOK
			}
			if err := e.SetCredentialMode(mode); err != nil {
				t.Fatal(err)
			}
			_, err := c.ListStages(ctx, service.PageRequest{})
			se := wantKind(t, err, tc.kind)
			if !strings.Contains(se.Human(), tc.says) {
				t.Errorf("Human() = %q, want it to say %q", se.Human(), tc.says)
			}
		})
	}
	_ = e.SetFaults("")
	_ = e.SetCredentialMode(emulator.CredentialsOK)
	ok(t, func() error { _, err := c.ListStages(ctx, service.PageRequest{}); return err }())
}

// A slow API is said: the operation whose last answer took SlowAfter or more
// shows in Usage, and its next fast answer clears it.
func TestSlowAnswersShowInUsage(t *testing.T) {
	e := startEmulator(t, emulator.Options{NoThrottle: true, Seed: 1})
	c := service.NewForEndpoint(e.URL(), "", budget.Config{Unlimited: true})
	ctx := ctxT(t)
	ok(t, func() error { _, err := c.ListStages(ctx, service.PageRequest{}); return err }())
	if u := c.Usage(); u.Slow != "" {
		t.Fatalf("a fast answer counted as slow: %s %v", u.Slow, u.SlowLatency)
	}
	if err := e.SetFaults("latency=2100ms@ListStages"); err != nil {
		t.Fatal(err)
	}
	ok(t, func() error { _, err := c.ListStages(ctx, service.PageRequest{}); return err }())
	if u := c.Usage(); u.Slow != "ListStages" || u.SlowLatency < budget.SlowAfter {
		t.Fatalf("after a 2.1 s answer: Slow %q %v", u.Slow, u.SlowLatency)
	}
	_ = e.SetFaults("")
	ok(t, func() error { _, err := c.ListStages(ctx, service.PageRequest{}); return err }())
	if u := c.Usage(); u.Slow != "" {
		t.Fatalf("a fast answer did not clear it: %s %v", u.Slow, u.SlowLatency)
	}
}
