package report_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/emulator"
	"github.com/ivsdash/ivsdash/service/report"
)

// An export runs each operation at its full share of the budget, against
// the emulator's AWS quotas (throttling on) and a slow API (600 ms a call):
// the two kinds of calls are pipelined and enough are in flight, so the
// time is within 1.1x of the calls needed at the allowed rate, plus one
// round trip.
func TestCollectKeepsThePaceOfTheBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("seconds of paced calls")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e, err := emulator.Start(ctx, "127.0.0.1:0", emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	setup := service.NewForEndpoint(e.URL(), "us-east-1", budget.Config{Unlimited: true})
	st, _, err := setup.CreateStage(ctx, service.CreateStageRequest{Name: "pace"})
	if err != nil {
		t.Fatal(err)
	}
	const n = 20
	var sessionID string
	for i := range n {
		tok, err := setup.CreateParticipantToken(ctx, service.TokenRequest{StageARN: st.ARN, UserID: fmt.Sprintf("viewer-%02d", i)})
		if err != nil {
			t.Fatal(err)
		}
		jr, err := e.Join(tok.Token.Reveal())
		if err != nil {
			t.Fatal(err)
		}
		sessionID = jr.SessionID
	}
	const latency = 600 * time.Millisecond
	if err := e.SetFaults("latency=600ms@ListParticipantEvents,GetParticipant"); err != nil {
		t.Fatal(err)
	}
	c := service.NewForEndpoint(e.URL(), "us-east-1", budget.Config{Fraction: 1}) // 5 calls/s per operation
	start := time.Now()
	r, err := report.CollectWith(ctx, c, st.ARN, sessionID, report.Options{Details: report.DetailsAll})
	elapsed := time.Since(start)
	if err != nil || r.Partial {
		t.Fatalf("err %v, partial %v: %s", err, r.Partial, r.Note)
	}
	if len(r.Participants) != n {
		t.Fatalf("%d participants, want %d", len(r.Participants), n)
	}
	ideal := time.Duration(n) * time.Second / 5 // n calls of each operation at 5/s, side by side
	if limit := ideal*11/10 + latency; elapsed > limit {
		t.Errorf("%d participants (%d calls of each operation at 5/s: %v) took %v, over %v", n, n, ideal, elapsed.Round(time.Millisecond), limit)
	}
	t.Logf("%d participants, %d calls of each operation, in %v (ideal %v)", n, n, elapsed.Round(time.Millisecond), ideal)
}
