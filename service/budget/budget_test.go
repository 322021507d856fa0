package budget

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service/ivs"
)

func TestParse(t *testing.T) {
	b, err := Parse("0.1, token=0.5,Stage=0.05")
	if err != nil {
		t.Fatal(err)
	}
	if b.Fraction != 0.1 || b.Groups[ivs.GroupToken] != 0.5 || b.Groups[ivs.GroupStage] != 0.05 {
		t.Fatalf("parsed %+v", b)
	}
	if got := b.Rate(ivs.GroupToken); got != 25 {
		t.Errorf("token rate = %v, want 25/s (50 TPS * 0.5)", got)
	}
	if got := b.Rate(ivs.GroupStage); got != 0.25 {
		t.Errorf("stage rate = %v, want 0.25/s", got)
	}
	if got := b.Rate(ivs.GroupPublicKey); got < 0.3-1e-9 || got > 0.3+1e-9 {
		t.Errorf("public key rate = %v, want 0.3/s (3 TPS * 0.1)", got)
	}
	for _, bad := range []string{"0", "-1", "1.5", "abc", "stage=2", "nosuch=0.1", "stage="} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
	zero, err := Parse("")
	if err != nil || zero.Rate(ivs.GroupStage) != 1 {
		t.Errorf("empty budget: %v, stage rate %v, want the default 1/s", err, zero.Rate(ivs.GroupStage))
	}
}

func TestDefaultBudgetIsTwentyPercentOfEveryQuota(t *testing.T) {
	var b Config
	want := map[ivs.Group]float64{ivs.GroupStage: 1, ivs.GroupToken: 10, ivs.GroupComposition: 1, ivs.GroupConfig: 1, ivs.GroupPublicKey: 0.6, ivs.GroupTag: 2, ivs.GroupReplication: 1}
	for g, w := range want {
		if got := b.Rate(g); got < w-1e-9 || got > w+1e-9 {
			t.Errorf("%s: %v calls/s, want %v", g, got, w)
		}
	}
}

func TestEveryOperationHasAGroup(t *testing.T) {
	ops := ivs.OperationNames()
	if len(ops) != 39 {
		t.Fatalf("%d operations, want 39", len(ops))
	}
	counts := map[ivs.Group]int{}
	for _, op := range ops {
		counts[ivs.GroupOf(op)]++
	}
	want := map[ivs.Group]int{ivs.GroupStage: 11, ivs.GroupToken: 1, ivs.GroupComposition: 4, ivs.GroupConfig: 13, ivs.GroupPublicKey: 4, ivs.GroupTag: 3, ivs.GroupReplication: 3}
	for g, n := range want {
		if counts[g] != n {
			t.Errorf("group %s has %d operations, want %d", g, counts[g], n)
		}
	}
}

func TestWindowCountsTheLastMinuteOnly(t *testing.T) {
	var w window
	t0 := time.Unix(1_000_000, 0)
	for i := range 90 {
		w.add(t0.Add(time.Duration(i) * time.Second))
	}
	if got := w.sum(t0.Add(89 * time.Second)); got != 60 {
		t.Errorf("sum = %d, want 60 (seconds 30..89)", got)
	}
	if got := w.sum(t0.Add(200 * time.Second)); got != 0 {
		t.Errorf("sum long after = %d, want 0", got)
	}
}

// heldBack reports whether err is the budget's wait ending with cause (what
// the client classifies as a Timeout or Canceled call).
func heldBack(err, cause error) bool {
	var we *WaitError
	return errors.As(err, &we) && errors.Is(err, cause)
}

// fakeClock drives the budget's notion of now (the rate limiters keep real time).
type fakeClock struct{ t time.Time }

func (f *fakeClock) now() time.Time { return f.t }

func TestThrottleBacksOffExponentiallyCappedAndSlowsTheOperation(t *testing.T) {
	clk := &fakeClock{t: time.Unix(2_000_000, 0)}
	b := New(Config{BackoffBase: time.Second, BackoffMax: 8 * time.Second})
	b.now = clk.now

	var last time.Duration
	for i, maxWant := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second} {
		d := b.OnThrottle("GetStage")
		// Equal jitter: between half and all of the exponential step.
		if d < maxWant/2 || d > maxWant {
			t.Errorf("throttle %d: backoff %v, want in [%v, %v]", i+1, d, maxWant/2, maxWant)
		}
		last = d
		clk.t = clk.t.Add(d) // wait it out
	}
	_ = last

	u := b.Usage()
	stage := u.Groups[0]
	if stage.Group != ivs.GroupStage || stage.Throttled != 5 || u.Throttled != 5 {
		t.Errorf("usage after 5 throttles: %+v", u)
	}
	if stage.AllowedPerMinute >= stage.ConfiguredPerMinute || stage.AllowedPerMinute < stage.ConfiguredPerMinute*minFactor-1e-9 {
		t.Errorf("stage rate not lowered within bounds: %v of %v per minute", stage.AllowedPerMinute, stage.ConfiguredPerMinute)
	}
	// Other groups are untouched.
	if tok := u.Groups[1]; tok.AllowedPerMinute != tok.ConfiguredPerMinute {
		t.Errorf("token group slowed by a stage throttle: %+v", tok)
	}

	// A success resets the streak: the next throttle starts at the base again.
	b.OnAnswer("GetStage")
	if d := b.OnThrottle("ListStages"); d > time.Second {
		t.Errorf("after a success the backoff should restart at 1s, got %v", d)
	}

	// Recovery: quiet periods double each operation's rate back to the
	// configured one, on that operation's answers.
	for range 10 {
		clk.t = clk.t.Add(recoverAfter + time.Second)
		b.OnAnswer("GetStage")
		b.OnAnswer("ListStages")
	}
	stage = b.Usage().Groups[0]
	if stage.AllowedPerMinute != stage.ConfiguredPerMinute {
		t.Errorf("rate did not recover: %v of %v", stage.AllowedPerMinute, stage.ConfiguredPerMinute)
	}
}

// AWS's call-rate quotas are per operation: a 429 of one slows that one,
// not its group's others (an export pipelines ListParticipantEvents and
// GetParticipant; another client sharing the first must not halve both).
func TestThrottleSlowsOnlyTheThrottledOperation(t *testing.T) {
	b := New(Config{Fraction: 1})
	b.OnThrottle("ListParticipantEvents")
	b.mu.Lock()
	events := float64(b.ops["ListParticipantEvents"].lim.Limit())
	detail := float64(b.ops["GetParticipant"].lim.Limit())
	b.mu.Unlock()
	if events != 2.5 || detail != 5 {
		t.Errorf("after a 429 of ListParticipantEvents: it may make %v/s, GetParticipant %v/s; want 2.5 and 5", events, detail)
	}
	// The group's figure is its slowest operation's, for the watcher's spacing.
	if g := b.Usage().Groups[0]; g.AllowedPerMinute != 150 || g.ConfiguredPerMinute != 300 {
		t.Errorf("stage group: %+v", g)
	}
}

func TestUsageReportsBackoffAndBusiest(t *testing.T) {
	b := New(Config{Unlimited: true})
	ctx := context.Background()
	for range 3 {
		if err := b.Wait(ctx, "GetStage"); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Wait(ctx, "CreateParticipantToken"); err != nil {
		t.Fatal(err)
	}
	u := b.Usage()
	if u.Calls != 4 || u.Busiest != "GetStage" || u.BusiestCalls != 3 {
		t.Errorf("usage %+v", u)
	}
	if u.Groups[0].Calls != 3 || u.Groups[1].Calls != 1 {
		t.Errorf("per group: %+v", u.Groups)
	}
	if u.BackingOff {
		t.Error("backing off before any throttle")
	}
	b.OnThrottle("CreateParticipantToken")
	u = b.Usage()
	if !u.BackingOff || u.BackoffUntil.IsZero() || u.Groups[1].BackoffUntil.IsZero() || !u.Groups[0].BackoffUntil.IsZero() {
		t.Errorf("after a token throttle: %+v", u)
	}
}

func TestWaitHonoursContext(t *testing.T) {
	b := New(Config{Fraction: 0.01, Burst: 1}) // 0.05 calls/s on stage operations
	ctx := context.Background()
	if err := b.Wait(ctx, "GetStage"); err != nil {
		t.Fatal(err)
	}
	// The next token is 20 s away: a short deadline must fail at once, as a Timeout.
	ctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	err := b.Wait(ctx, "GetStage")
	if err == nil {
		t.Fatal("waited past the deadline")
	}
	if !heldBack(err, context.DeadlineExceeded) {
		t.Errorf("%v: want the budget to give up at the deadline", err)
	}
	canceled, cancel2 := context.WithCancel(context.Background())
	cancel2()
	err = b.Wait(canceled, "GetStage")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("canceled wait: %v", err)
	}
}

// The metrics group keeps its small share whatever the default fraction;
// only its own name changes it.
func TestMetricsGroupShare(t *testing.T) {
	for _, c := range []struct {
		flag string
		want float64
	}{
		{"", ivs.ListMetricsTPS * DefaultMetricsFraction},
		{"0.9", ivs.ListMetricsTPS * DefaultMetricsFraction},
		{"0.9,metrics=0.5", ivs.ListMetricsTPS * 0.5},
	} {
		cfg, err := Parse(c.flag)
		if err != nil {
			t.Fatal(err)
		}
		if got := cfg.Rate(ivs.GroupMetrics); got != c.want {
			t.Errorf("--budget %q: metrics rate %v, want %v", c.flag, got, c.want)
		}
	}
	if New(Config{}).Usage().Groups[len(ivs.Groups)-1].Group != ivs.GroupMetrics {
		t.Error("usage lists the metrics group last")
	}
}
