package budget

import (
	"testing"
	"time"
)

// A burst of calls throttled together is one throttling: the backoff and
// the slowdown step once, not once per call; the next 429 after the
// backoff has passed steps again.
func TestThrottledBurstStepsTheBackoffOnce(t *testing.T) {
	clk := &fakeClock{t: time.Unix(2_000_000, 0)}
	b := New(Config{BackoffBase: time.Second, BackoffMax: 30 * time.Second})
	b.now = clk.now

	first := b.OnThrottle("ListStages")
	for _, op := range []string{"ListParticipants", "GetStageSession", "ListParticipantEvents", "ListParticipants"} {
		if d := b.OnThrottle(op); d > first {
			t.Fatalf("a 429 of the same burst extended the backoff: %v after %v", d, first)
		}
	}
	u := b.Usage()
	stage := u.Groups[0]
	if stage.Throttled != 5 {
		t.Errorf("every 429 is counted: %d, want 5", stage.Throttled)
	}
	if want := stage.ConfiguredPerMinute / 2; stage.AllowedPerMinute != want {
		t.Errorf("the burst halved the rate more than once: %v per minute, want %v", stage.AllowedPerMinute, want)
	}

	// Once the backoff has passed, a call throttled again is the next step.
	clk.t = clk.t.Add(first)
	if d := b.OnThrottle("ListStages"); d < time.Second || d > 2*time.Second {
		t.Errorf("second step: backoff %v, want in [1s, 2s]", d)
	}
}
