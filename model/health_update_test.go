package model

import (
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/service/metrics"
)

// tab on the breakdown asks for the next dimension at once; the answer for
// the dimension left behind is dropped.
func TestBreakdownTabSupersedesTheAnswerInFlight(t *testing.T) {
	a := newTestApp(120, 40)
	withMetricsClient(a)
	p := panes.Panes.Open(a.ctx, route.Breakdown{Stage: stageFixture()[0]})
	push(a, p)
	byPlatform := reqsOf(p).Latest["breakdown"]
	if byPlatform == 0 {
		t.Fatal("the breakdown asked for nothing when it opened")
	}
	a.Update(keyMsg("tab"))
	bySDK := reqsOf(p).Latest["breakdown"]
	if bySDK == byPlatform {
		t.Fatal("tab did not ask for the breakdown by SDK version")
	}
	a.Update(kit.PaneMsg{To: p.ID(), Msg: kit.Fetched[kit.Windowed[[]panes.BreakdownRow]]{Kind: "breakdown", Req: byPlatform, At: t0,
		Val: kit.Windowed[[]panes.BreakdownRow]{Val: []panes.BreakdownRow{{Value: "iOS"}}}}})
	if got := screen(a); !containsAll(got, []string{"SDK VERSION", "reading broadcast health"}) {
		t.Errorf("the platforms' late answer was shown under SDK VERSION:\n%s", got)
	}
}

// The stage's charts are read once a minute, not at every poll; with
// metrics off (--no-metrics) never, and b opens nothing.
func TestStageHealthReadOnceAMinute(t *testing.T) {
	now := t0
	a := newTestApp(120, 40)
	a.ctx.Now = func() time.Time { return now }
	withMetricsClient(a)
	st := stageFixture()[0]
	p := panes.Panes.Open(a.ctx, route.Stage{Stage: st})
	push(a, p)
	first := reqsOf(p).Latest["health"]
	deliver(t, a, p, "health", kit.Windowed[metrics.StageCounts]{Val: stageCounts(3, 100), Window: recent(a)}, nil)
	now = now.Add(30 * time.Second)
	p.Refresh(a.ctx)
	if reqsOf(p).Latest["health"] != first {
		t.Error("the charts were read again within the minute")
	}
	now = now.Add(31 * time.Second)
	p.Refresh(a.ctx)
	if reqsOf(p).Latest["health"] == first {
		t.Error("the charts were not read again after a minute")
	}

	off := newTestApp(120, 40)
	q := panes.Panes.Open(off.ctx, route.Stage{Stage: st})
	push(off, q)
	q.Refresh(off.ctx)
	if reqsOf(q).Latest["health"] != 0 {
		t.Error("with metrics off the stage's charts were asked for")
	}
	if _, cmd := off.Update(keyMsg("b")); cmd != nil {
		if _, ok := cmd().(kit.OpenMsg); ok {
			t.Error("b opened the breakdown with metrics off")
		}
	}
}

// A long session's charts ask for points of more than a minute, so a day
// of points at most.
func TestSessionWindowBoundsThePoints(t *testing.T) {
	a := newTestApp(120, 40)
	w := a.ctx.SessionWindow(t0.Add(-72*time.Hour), time.Time{})
	if n := w.End.Sub(w.Start) / w.Period; n > 24*60 || w.Period%time.Minute != 0 {
		t.Errorf("a 3-day session: %d points of %v", n, w.Period)
	}
	short := a.ctx.SessionWindow(t0.Add(-42*time.Minute), time.Time{})
	if short.Period != time.Minute || !short.Start.Equal(t0.Add(-42*time.Minute)) || !short.End.After(t0) {
		t.Errorf("a 42-minute session: %+v", short)
	}
}
