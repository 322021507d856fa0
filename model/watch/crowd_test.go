package watch

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service"
)

// joinerRun simulates ten minutes of a 10,000-participant session on
// screen, publishers pushed, with the scheduler alone: joiners at random
// (Poisson), joinEvery apart on average, the pane's tail listing every 5 s (shared with the watcher),
// events calls spaced as the default budget spaces them (90% of one a
// second), each answered at once. Every tenth joiner from the third
// minute has a JOIN_ERROR; it returns how long after joining each of those
// was read (-1: not within a minute), sorted.
func joinerRun(joinEvery time.Duration) []time.Duration {
	w := New(15*time.Minute, 5*time.Second)
	w.SetPushed(true)
	now := t0
	w.Want([]Target{{Stage: stMain, Session: kMain.SessionID, Opened: true, Lists: true}}, now)
	crowd := make([]service.Participant, 10_000)
	for i := range crowd {
		crowd[i] = part(fmt.Sprintf("c%05d", i), "c", i < 24)
		crowd[i].FirstJoin = t0.Add(-time.Hour)
	}
	w.Observe(Listing{Stage: stMain, Session: kMain.SessionID, Participants: crowd, At: now, Whole: true, Opened: true}, now)
	gaps := Gaps{List: 2 * time.Second, Events: time.Second * 10 / 9}
	joined := map[string]time.Time{} // the probes
	read := map[string]time.Duration{}
	var tail []service.Participant
	nextJoin, nextTail := now, now.Add(5*time.Second)
	rnd := rand.New(rand.NewPCG(1, 2)) // the same run every time
	// Probes from the third minute: the first ones wait behind the
	// publishers' first reads (24 of them, one turn in three).
	warm := now.Add(2 * time.Minute)
	for n, end := 0, now.Add(10*time.Minute); now.Before(end); {
		for !now.Before(nextJoin) {
			p := part(fmt.Sprintf("j%05d", n), "joiner", false)
			p.FirstJoin = nextJoin
			tail = append(tail, p)
			if n%10 == 7 && now.After(warm) && now.Before(end.Add(-time.Minute)) {
				joined[p.ID] = nextJoin
			}
			n++
			nextJoin = nextJoin.Add(time.Duration(rnd.ExpFloat64() * float64(joinEvery))) // at random, joinEvery apart on average
		}
		if !now.Before(nextTail) {
			w.Observe(Listing{Stage: stMain, Session: kMain.SessionID, Participants: tail, At: now, Whole: true, Opened: true}, now)
			tail, nextTail = nil, now.Add(5*time.Second)
		}
		for _, j := range w.Schedule(now, gaps).Jobs {
			r := Result{Job: j, At: now}
			if j.Op == OpEvents {
				evs := []service.Event{ev("JOINED", j.Participant, "", now)}
				if at, ok := joined[j.Participant]; ok {
					evs = append(evs, ev("JOIN_ERROR", j.Participant, "QUOTA_EXCEEDED", at))
					if _, seen := read[j.Participant]; !seen {
						read[j.Participant] = now.Sub(at)
					}
				}
				r.Events = service.Page[service.Event]{Items: evs}
			}
			w.Done(r)
		}
		// On to the next thing that happens: a join, the tail listing, or
		// the spacing letting the next call start.
		next := nextJoin
		for _, at := range []time.Time{nextTail, w.lastStart[OpEvents].Add(gaps.Events), w.lastStart[OpList].Add(gaps.List)} {
			if at.After(now) && at.Before(next) {
				next = at
			}
		}
		now = next
	}
	var out []time.Duration
	for id := range joined {
		d, ok := read[id]
		if !ok || d > time.Minute {
			d = -1
		}
		out = append(out, d)
	}
	slices.Sort(out)
	return out
}

// While the budget can read every new joiner (0.6 a second against 0.9
// reads, publishers pushed), each joiner's error is read, in the order
// they joined, within a minute: the number scripts/measure-scale.py sees
// end to end with --budget 0.2,stage=0.4.
func TestWatcherReadsEveryJoinerWhenTheBudgetSuffices(t *testing.T) {
	got := joinerRun(time.Second * 10 / 6)
	if len(got) < 20 || got[0] < 0 { // sorted: a probe not read comes first
		t.Fatalf("%d probes, the first not read within a minute: %v", len(got), got)
	}
	t.Logf("%d probes, all read within a minute: median %v, max %v", len(got), got[len(got)/2].Round(100*time.Millisecond), got[len(got)-1].Round(100*time.Millisecond))
	if median := got[len(got)/2]; median > 20*time.Second {
		t.Fatalf("median %v from joining to read, want at most 20 s (a tail interval and the joiners ahead)", median)
	}
}

// When more join than the budget reads (1.1 a second against 0.9), the
// newest are read first: most probes read are read within seconds,
// rather than every one late.
func TestWatcherReadsTheNewestJoinersWhenBehind(t *testing.T) {
	got := joinerRun(time.Second * 10 / 11)
	var fast, missed int
	for _, d := range got {
		switch {
		case d < 0:
			missed++
		case d <= 10*time.Second:
			fast++
		}
	}
	t.Logf("%d probes: %d read within 10 s, %d not within a minute", len(got), fast, missed)
	if fast < len(got)/2 {
		t.Fatalf("only %d of %d probes read within 10 s while behind", fast, len(got))
	}
}
