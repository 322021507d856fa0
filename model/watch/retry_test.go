package watch

import (
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service"
)

// A session whose first listing failed is listed again an interval later,
// not at the next turn: during an outage the watcher's ListParticipants
// calls stay at one an interval instead of one per budget gap.
func TestWatcherFailedFirstListingWaitsAnInterval(t *testing.T) {
	w := New(15*time.Minute, 5*time.Second)
	watched(w, t0, Target{Stage: stMain, Session: kMain.SessionID, Opened: true})
	job, ok := w.pickList(t0)
	if !ok || !job.Scan {
		t.Fatalf("the first listing is not picked: %+v %v", job, ok)
	}
	w.inFlight[OpList] = true
	w.gotList(Result{Job: job, Err: &service.Error{Kind: service.Internal, Op: OpList}, At: t0})
	if _, ok := w.pickList(t0.Add(time.Second)); ok {
		t.Fatal("a failed first listing is retried at once")
	}
	if job, ok := w.pickList(t0.Add(5 * time.Second)); !ok || !job.Scan {
		t.Fatalf("the first listing is not retried after an interval: %+v %v", job, ok)
	}
}
