package watch

import (
	"fmt"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service"
)

// benchWatcher is a watcher of one session with n participants read, each
// with ten events, one in five with an error.
func benchWatcher(b *testing.B, n int) *Watcher {
	b.Helper()
	w := New(15*time.Minute, 5*time.Second)
	w.Want([]Target{{Stage: stMain, Session: kMain.SessionID, Opened: true}}, t0)
	ps := make([]service.Participant, n)
	for i := range ps {
		ps[i] = part(fmt.Sprintf("p%011d", i), fmt.Sprintf("viewer-%d", i), i%50 == 0)
	}
	w.gotList(Result{Job: Job{Op: OpList, Session: kMain, Scan: true}, Participants: service.Page[service.Participant]{Items: ps}, At: t0})
	for i, p := range ps {
		evs := make([]service.Event, 0, 10)
		at := t0.Add(-time.Duration(n-i) * 50 * time.Millisecond) // all within the window
		for j := range 10 {
			e := ev("SUBSCRIBE_STARTED", p.ID, "", at.Add(time.Duration(j)*time.Millisecond))
			if j == 9 && i%5 == 0 {
				e = ev("SUBSCRIBE_ERROR", p.ID, "PUBLISHER_NOT_FOUND", e.Time)
			}
			evs = append(evs, e)
		}
		w.gotEvents(Result{Job: Job{Op: OpEvents, Session: kMain, Participant: p.ID}, Events: service.Page[service.Event]{Items: evs}, At: t0.Add(time.Duration(i) * time.Millisecond)})
	}
	return w
}

// The scheduler looks at every participant for each call it starts.
func BenchmarkWatcherPickEvents(b *testing.B) {
	for _, n := range []int{1_200, 10_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			w := benchWatcher(b, n)
			now := t0.Add(time.Minute)
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := w.pickEvents(now); !ok {
					b.Fatal("nothing to pick")
				}
			}
		})
	}
}

// The triage view regroups the window's errors once per change or second.
func BenchmarkTriageRows(b *testing.B) {
	w := benchWatcher(b, 1_200)
	b.ReportAllocs()
	for b.Loop() {
		if rows := w.Triage(t0); len(rows) != 2+240 {
			b.Fatalf("%d rows", len(rows))
		}
	}
}
