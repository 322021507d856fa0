package watch

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
)

// Unit tests of the error watcher's scheduling: results are fed as the
// calls it plans would answer; no call is made.

var t0 = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

var (
	stMain  = service.Stage{ARN: "arn:aws:ivs:us-east-1:123456789012:stage/AbCdEfGh1234", ID: "AbCdEfGh1234", Name: "main-broadcast"}
	stOther = service.Stage{ARN: "arn:aws:ivs:us-east-1:123456789012:stage/Standup00001", ID: "Standup00001", Name: "standup"}
	kMain   = Key{stMain.ARN, "st-A1b2C3d4E5f6G"}
	kOther  = Key{stOther.ARN, "st-Z9y8X7w6V5u4T"}
)

func part(id, user string, published bool) service.Participant {
	return service.Participant{ID: id, UserID: user, State: service.StateConnected, Published: published}
}

func ev(name, pid, code string, at time.Time) service.Event {
	return service.Event{Name: name, ParticipantID: pid, ErrorCode: code, Time: at}
}

// listed feeds a whole participant list of a session to the watcher.
func listed(w *Watcher, k Key, at time.Time, ps ...service.Participant) {
	w.inFlight[OpList] = true
	w.gotList(Result{Job: Job{Op: OpList, Session: k, Scan: true}, Participants: service.Page[service.Participant]{Items: ps}, At: at})
}

// readEvents feeds the answer of the events call job.
func readEvents(w *Watcher, job Job, at time.Time, next string, evs ...service.Event) {
	w.inFlight[OpEvents] = true
	w.gotEvents(Result{Job: job, Events: service.Page[service.Event]{Items: evs, NextToken: next}, At: at})
}

func watched(w *Watcher, now time.Time, targets ...Target) {
	w.Want(targets, now)
}

func TestWatcherPriorities(t *testing.T) {
	w := New(15*time.Minute, 5*time.Second)
	now := t0
	// Two live stages on screen, the standup opened by the user.
	watched(w, now, Target{Stage: stMain, Session: kMain.SessionID}, Target{Stage: stOther, Session: kOther.SessionID, Opened: true})
	if w.focus != kOther {
		t.Fatalf("focus = %v, want the opened session", w.focus)
	}
	listed(w, kMain, now, part("pHost", "host", true), part("pViewer1", "v1", false))
	listed(w, kOther, now, part("pDev1", "dev1", true))

	// The session on screen first.
	job, ok := w.pickEvents(now)
	if !ok || job.Session != kOther || job.Participant != "pDev1" {
		t.Fatalf("first pick %+v, want the opened session's participant", job)
	}
	readEvents(w, job, now, "", ev("JOINED", "pDev1", "", now.Add(-time.Minute)))

	// Then the unread ones, new joiners first.
	now = now.Add(time.Second)
	w.learn(w.sessions[kMain], []service.Participant{part("pNewcomer", "new", false)}, now)
	job, _ = w.pickEvents(now)
	if job.Participant != "pNewcomer" {
		t.Fatalf("second pick %s, want the new joiner", job.Participant)
	}
	readEvents(w, job, now, "", ev("JOINED", "pNewcomer", "", now))

	// Every third pick is round robin: whoever has waited longest. The
	// opened session's participant was read at t0, but the never-read
	// host and viewer were discovered at t0 too: ties go by id.
	now = now.Add(time.Second)
	job, _ = w.pickEvents(now)
	if job.Participant != "pHost" {
		t.Fatalf("round-robin pick %s, want pHost (waiting since t0)", job.Participant)
	}
	readEvents(w, job, now, "", ev("JOINED", "pHost", "", t0), ev("PUBLISH_STARTED", "pHost", "", t0))
	job, _ = w.pickEvents(now)
	readEvents(w, job, now, "", ev("JOINED", job.Participant, "", t0))

	// Everyone read: nothing is due until the intervals pass.
	if job, ok := w.pickEvents(now); ok {
		t.Fatalf("nothing should be due right after reading everyone, got %+v", job)
	}
	// After one interval the focus session is due again, before anyone.
	now = now.Add(5 * time.Second)
	if job, _ := w.pickEvents(now); job.Session != kOther {
		t.Fatalf("after an interval the opened session comes first, got %+v", job)
	}
	// After two intervals the publisher is due (tier 2) before the viewer
	// (tier 3, due after three) — once the focus has been served.
	now = now.Add(10 * time.Second)
	w.sessions[kOther].parts["pDev1"].lastRead = now
	w.picks = 0
	if job, _ := w.pickEvents(now); job.Participant != "pHost" {
		t.Fatalf("the publisher should come before the viewers, got %s", job.Participant)
	}
}

func TestWatcherIncrementalTokens(t *testing.T) {
	w := New(15*time.Minute, 5*time.Second)
	watched(w, t0, Target{Stage: stMain, Session: kMain.SessionID, Opened: true})
	listed(w, kMain, t0, part("pA", "a", false))

	job, _ := w.pickEvents(t0)
	if job.Token != "" || job.Start != 0 {
		t.Fatalf("first read must start at the beginning: %+v", job)
	}
	// A first page with more behind it: the next call follows the token at once.
	readEvents(w, job, t0, "tok-page2", ev("JOINED", "pA", "", t0.Add(-3*time.Minute)), ev("SUBSCRIBE_STARTED", "pA", "", t0.Add(-2*time.Minute)))
	job, ok := w.pickEvents(t0)
	if !ok || job.Token != "tok-page2" || job.Start != 2 {
		t.Fatalf("continuation = %+v, want token tok-page2 at 2", job)
	}
	readEvents(w, job, t0, "", ev("SUBSCRIBE_STOPPED", "pA", "", t0.Add(-time.Minute)))
	p := w.sessions[kMain].parts["pA"]
	if !p.read || len(p.events) != 3 || p.tailToken != "tok-page2" || p.tailStart != 2 {
		t.Fatalf("after the last page: read=%v events=%d tail=%q@%d", p.read, len(p.events), p.tailToken, p.tailStart)
	}
	// The next read re-reads only the last page, from its token.
	now := t0.Add(5 * time.Second)
	job, _ = w.pickEvents(now)
	if job.Token != "tok-page2" || job.Start != 2 {
		t.Fatalf("re-read = %+v, want the last page's token", job)
	}
	readEvents(w, job, now, "", ev("SUBSCRIBE_STOPPED", "pA", "", t0.Add(-time.Minute)), ev("PUBLISH_ERROR", "pA", "INSUFFICIENT_CAPABILITIES", now))
	if len(p.events) != 4 || p.events[3].ErrorCode != "INSUFFICIENT_CAPABILITIES" || len(p.errs) != 1 {
		t.Fatalf("the re-read page must replace the tail, not duplicate it: %+v", p.events)
	}
}

func TestWatcherOneCallInFlightPerOperation(t *testing.T) {
	client := service.NewForEndpoint("http://127.0.0.1:9", "us-east-1", budget.Config{Fraction: 0.2})
	w := New(15*time.Minute, 5*time.Second)
	watched(w, t0, Target{Stage: stMain, Session: kMain.SessionID, Opened: true})
	listed(w, kMain, t0, part("pA", "a", false), part("pB", "b", false))
	w.inFlight[OpList] = false

	// 20% of 5 TPS is 60 calls a minute per operation; the watcher takes
	// half of ListParticipants' and 90% of ListParticipantEvents'.
	gaps := GapsOf(client.Usage())
	if gaps.List != 2*time.Second || gaps.Events != time.Second*10/9 {
		t.Fatalf("gaps = %+v, want 2s (half of 1 call/s) and 1.111s (90%%)", gaps)
	}
	u := client.Usage()
	u.Bulk = true // an export runs: the watcher steps back to half
	if g := GapsOf(u); g.Events != 2*time.Second || g.List != 2*time.Second {
		t.Fatalf("gaps beside an export = %+v, want 2s for both", g)
	}
	gap := Gaps{List: 2 * time.Second, Events: 2 * time.Second} // below: both alike
	if plan := w.Schedule(t0, gap); len(plan.Jobs) == 0 {
		t.Fatal("nothing scheduled with two unread participants")
	}
	if !w.inFlight[OpEvents] {
		t.Fatal("no events call in flight after scheduling")
	}
	started := w.lastStart[OpEvents]
	// Scheduling again, even much later, starts no second events call.
	w.Schedule(t0.Add(time.Minute), gap)
	if w.lastStart[OpEvents] != started {
		t.Fatal("a second ListParticipantEvents call started while one was in flight")
	}
	// The answer frees the operation, but the spacing holds the next call
	// back: a wake-up is scheduled instead.
	readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: "pA"}, t0.Add(500*time.Millisecond), "", ev("JOINED", "pA", "", t0))
	plan := w.Schedule(t0.Add(500*time.Millisecond), gap)
	if w.inFlight[OpEvents] {
		t.Fatal("the next call started before the spacing allowed it")
	}
	if plan.Wake != t0.Add(2*time.Second) || w.wakeAt != plan.Wake {
		t.Fatalf("expected a wake-up at t0+2s, got %v", plan.Wake)
	}
	if w.Woken(plan.WakeGen - 1) {
		t.Fatal("a superseded wake-up was taken")
	}
	if !w.Woken(plan.WakeGen) {
		t.Fatal("the latest wake-up was dropped")
	}
	w.Schedule(t0.Add(2*time.Second), gap)
	if !w.inFlight[OpEvents] {
		t.Fatal("the next call did not start once the spacing allowed it")
	}
	// Paused (p): nothing at all.
	w.inFlight[OpEvents] = false
	w.Pause(true)
	if plan := w.Schedule(t0.Add(time.Hour), gap); len(plan.Jobs) != 0 || !plan.Wake.IsZero() {
		t.Fatal("the watcher called the API while polling is paused")
	}
}

// goneAndStaying watches main-broadcast, listed with pGone (disconnected)
// and pStay (connected).
func goneAndStaying(gonePublished bool) *Watcher {
	w := New(15*time.Minute, 5*time.Second)
	watched(w, t0, Target{Stage: stMain, Session: kMain.SessionID})
	gone := part("pGone", "gone", gonePublished)
	gone.State = service.StateDisconnected
	listed(w, kMain, t0, gone, part("pStay", "stay", false))
	return w
}

func TestWatcherDoneParticipantsAndEndedSessions(t *testing.T) {
	w := goneAndStaying(false)
	readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: "pGone"}, t0, "", ev("JOINED", "pGone", "", t0.Add(-time.Minute)), ev("LEFT", "pGone", "", t0))
	readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: "pStay"}, t0, "", ev("JOINED", "pStay", "", t0.Add(-time.Minute)))
	later := t0.Add(time.Hour)
	for range 5 {
		job, ok := w.pickEvents(later)
		if !ok {
			t.Fatal("pStay should stay due")
		}
		if job.Participant == "pGone" {
			t.Fatal("a participant whose timeline ended with LEFT was read again")
		}
		readEvents(w, job, later, "", ev("JOINED", "pStay", "", t0.Add(-time.Minute)))
		later = later.Add(time.Hour)
	}
	if w.sessions[kMain].ended {
		t.Fatal("session marked ended while someone is connected")
	}
	readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: "pStay"}, later, "", ev("JOINED", "pStay", "", t0.Add(-time.Minute)), ev("LEFT", "pStay", "", later))
	if !w.sessions[kMain].ended {
		t.Fatal("everyone left: the session is over")
	}
	if _, ok := w.pickList(later.Add(time.Hour)); ok {
		t.Fatal("an ended session is still listed")
	}
	if _, ok := w.pickEvents(later.Add(time.Hour)); ok {
		t.Fatal("an ended session's events are still read")
	}
}

func TestWatcherListingTokens(t *testing.T) {
	w := New(15*time.Minute, 5*time.Second)
	watched(w, t0, Target{Stage: stMain, Session: kMain.SessionID})
	job, ok := w.pickList(t0)
	if !ok || !job.Scan || job.Token != "" {
		t.Fatalf("first listing = %+v", job)
	}
	w.inFlight[OpList] = true
	w.gotList(Result{Job: job, Participants: service.Page[service.Participant]{Items: []service.Participant{part("p1", "u1", false)}, NextToken: "page2"}, At: t0})
	job, _ = w.pickList(t0)
	if !job.Scan || job.Token != "page2" {
		t.Fatalf("the first listing goes on from its token: %+v", job)
	}
	w.gotList(Result{Job: job, Participants: service.Page[service.Participant]{Items: []service.Participant{part("p2", "u2", false)}}, At: t0})
	s := w.sessions[kMain]
	if !s.listed || s.tailToken != "page2" || len(s.parts) != 2 {
		t.Fatalf("listed=%v tail=%q parts=%d", s.listed, s.tailToken, len(s.parts))
	}
	if _, ok := w.pickList(t0.Add(time.Second)); ok {
		t.Fatal("a listed session that is not on screen is re-listed before six intervals")
	}
	job, ok = w.pickList(t0.Add(30 * time.Second))
	if !ok || job.Scan || job.Token != "page2" {
		t.Fatalf("re-listing reads the last page from its token: %+v", job)
	}
}

func TestWatcherAlertsCoalesce(t *testing.T) {
	w := New(15*time.Minute, 5*time.Second)
	watched(w, t0, Target{Stage: stMain, Session: kMain.SessionID})
	listed(w, kMain, t0, part("pA", "alice", true), part("pB", "bob", false), part("pC", "carol", false))
	// Errors from before watching began are history: counted, not alerted.
	readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: "pA"}, t0, "", ev("PUBLISH_ERROR", "pA", "QUOTA_EXCEEDED", t0.Add(-time.Minute)))
	if _, ok := w.TakeAlert(t0); ok {
		t.Fatal("an error from before watching began raised an alert")
	}
	if n, known := w.StageErrors(stMain.ARN, t0); n != 1 || !known {
		t.Fatalf("stage errors = %d (known %v), want 1", n, known)
	}
	now := t0.Add(10 * time.Second)
	readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: "pB"}, now, "", ev("PUBLISH_ERROR", "pB", "INSUFFICIENT_CAPABILITIES", now))
	alert, ok := w.TakeAlert(now)
	if want := (Alert{Event: ev("PUBLISH_ERROR", "pB", "INSUFFICIENT_CAPABILITIES", now), UserID: "bob", StageName: "main-broadcast", StageARN: stMain.ARN}); !ok || alert != want {
		t.Fatalf("alert = %+v, %v; want %+v", alert, ok, want)
	}
	// Three more within the gap: no flash now, one flash after it.
	now = now.Add(time.Second)
	readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: "pC"}, now, "", ev("SUBSCRIBE_ERROR", "pC", "PUBLISHER_NOT_FOUND", now), ev("SUBSCRIBE_ERROR", "pC", "PUBLISHER_NOT_FOUND", now))
	readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: "pA"}, now, "", ev("PUBLISH_ERROR", "pA", "QUOTA_EXCEEDED", t0.Add(-time.Minute)), ev("PUBLISH_ERROR", "pA", "BITRATE_EXCEEDED", now))
	if _, ok := w.TakeAlert(now); ok {
		t.Fatal("two alerts within the gap")
	}
	alert, ok = w.TakeAlert(now.Add(AlertGap))
	if want := (Alert{Event: ev("SUBSCRIBE_ERROR", "pC", "PUBLISHER_NOT_FOUND", now), UserID: "carol", StageName: "main-broadcast", StageARN: stMain.ARN, More: 2}); !ok || alert != want {
		t.Fatalf("coalesced alert = %+v, %v; want %+v", alert, ok, want)
	}
	// A re-read of the same page raises nothing new.
	readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: "pC"}, now, "", ev("SUBSCRIBE_ERROR", "pC", "PUBLISHER_NOT_FOUND", now), ev("SUBSCRIBE_ERROR", "pC", "PUBLISHER_NOT_FOUND", now))
	if _, ok := w.TakeAlert(now.Add(time.Hour)); ok {
		t.Fatal("re-reading known errors alerted again")
	}
}

func TestWatcherCountsOnlyTheWindow(t *testing.T) {
	w := New(15*time.Minute, 5*time.Second)
	watched(w, t0, Target{Stage: stMain, Session: kMain.SessionID})
	listed(w, kMain, t0, part("pA", "alice", true))
	if _, known := w.StageErrors(stMain.ARN, t0); known {
		t.Fatal("counts are known before any events were read")
	}
	readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: "pA"}, t0, "",
		ev("PUBLISH_ERROR", "pA", "QUOTA_EXCEEDED", t0.Add(-20*time.Minute)),
		ev("PUBLISH_ERROR", "pA", "QUOTA_EXCEEDED", t0.Add(-10*time.Minute)),
		ev("PUBLISH_ERROR", "pA", "", t0.Add(-time.Minute)))
	got := w.sessionErrors(w.sessions[kMain], t0)
	if got.total != 2 || got.byCode["QUOTA_EXCEEDED"] != 1 || got.byCode["PUBLISH_ERROR"] != 1 {
		t.Fatalf("window counts = %+v, want the two of the last 15 minutes", got)
	}
	if n, _ := w.StageErrors(stMain.ARN, t0.Add(30*time.Minute)); n != 0 {
		t.Fatalf("half an hour later the window is empty, got %d", n)
	}
	if n, _ := w.StageErrors(stOther.ARN, t0); n != 0 {
		t.Fatalf("another stage's count = %d", n)
	}
}

func TestWatcherFailedReadWaitsItsTurn(t *testing.T) {
	w := New(15*time.Minute, 5*time.Second)
	watched(w, t0, Target{Stage: stMain, Session: kMain.SessionID, Opened: true})
	listed(w, kMain, t0, part("pA", "a", false), part("pB", "b", false))
	job, _ := w.pickEvents(t0)
	w.inFlight[OpEvents] = true
	w.gotEvents(Result{Job: job, Err: &service.Error{Kind: service.Throttled, Op: OpEvents}, At: t0})
	if w.inFlight[OpEvents] {
		t.Fatal("a failed call stays in flight")
	}
	next, _ := w.pickEvents(t0)
	if next.Participant == job.Participant {
		t.Fatal("the participant whose read failed is retried before the others")
	}
	if s := w.sessions[kMain]; s.lastErr == nil {
		t.Fatal("the failure is not recorded for the status bar")
	}
}

func TestWatcherEvictsEndedAndUnwantedSessions(t *testing.T) {
	w := New(15*time.Minute, 5*time.Second)
	var targets []Target
	for i := range maxWatched + 5 {
		targets = append(targets, Target{Stage: stMain, Session: "st-" + strings.Repeat("x", 10) + string(rune('A'+i%26)) + string(rune('a'+i/26))})
	}
	targets = append(targets, Target{Stage: stOther, Session: kOther.SessionID, Opened: true})
	w.Want(targets, t0)
	if len(w.sessions) > maxWatched {
		t.Fatalf("%d sessions watched, at most %d", len(w.sessions), maxWatched)
	}
	if w.sessions[kOther] == nil {
		t.Fatal("the opened session was evicted")
	}
}

// A flood of new joiners never starves the others: one pick in three goes
// to whoever has waited longest. More joiners wait than the budget reads
// soon (one events call in 5 s: two in 10 s, in the joiners' turns), so
// the newest are read first.
func TestWatcherRoundRobinServesTheLongestWait(t *testing.T) {
	w := New(15*time.Minute, 5*time.Second)
	w.gaps = Gaps{List: 5 * time.Second, Events: 5 * time.Second}
	watched(w, t0, Target{Stage: stMain, Session: kMain.SessionID})
	listed(w, kMain, t0, part("pOld", "old", false))
	readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: "pOld"}, t0, "", ev("JOINED", "pOld", "", t0))
	now := t0.Add(time.Minute)
	for i, id := range []string{"pNew1", "pNew2", "pNew3", "pNew4"} {
		w.learn(w.sessions[kMain], []service.Participant{part(id, id, false)}, t0.Add(50*time.Second+time.Duration(i)*time.Second))
	}
	var order []string
	for range 3 {
		job, ok := w.pickEvents(now)
		if !ok {
			t.Fatal("nothing to pick")
		}
		order = append(order, job.Participant)
		readEvents(w, job, now, "", ev("JOINED", job.Participant, "", now))
	}
	want := []string{"pNew4", "pNew3", "pOld"}
	if strings.Join(order, ",") != strings.Join(want, ",") {
		t.Fatalf("picks %v, want %v (newest joiners first, the third turn to the longest wait)", order, want)
	}
}

// While the budget reads the waiting joiners soon, they are read in the
// order they joined: a second joiner does not push the first back. As
// more wait than that, the newest go first (adaptive LIFO); as the
// backlog drains, the first come again.
func TestWatcherJoinersInOrderUnlessTooMany(t *testing.T) {
	w := New(15*time.Minute, 5*time.Second)
	w.gaps = Gaps{List: 2 * time.Second, Events: time.Second} // 6 joiners read within 10 s
	watched(w, t0, Target{Stage: stMain, Session: kMain.SessionID})
	listed(w, kMain, t0, part("pOld", "old", false))
	readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: "pOld"}, t0, "", ev("JOINED", "pOld", "", t0))
	join := func(n int, from time.Time) {
		for i := range n {
			id := fmt.Sprintf("pJ%02d", i)
			w.learn(w.sessions[kMain], []service.Participant{part(id, id, false)}, from.Add(time.Duration(i)*time.Second))
		}
	}
	pick := func(now time.Time) string {
		w.picks = 1 // a joiners' turn
		job, ok := w.pickEvents(now)
		if !ok {
			t.Fatal("nothing to pick")
		}
		readEvents(w, job, now, "", ev("JOINED", job.Participant, "", now))
		return job.Participant
	}
	now := t0.Add(30 * time.Second)
	join(3, t0.Add(10*time.Second))
	if got := pick(now); got != "pJ00" {
		t.Fatalf("with 3 joiners waiting, %s read first, want the first come (pJ00)", got)
	}

	w = New(15*time.Minute, 5*time.Second)
	w.gaps = Gaps{List: 2 * time.Second, Events: time.Second}
	watched(w, t0, Target{Stage: stMain, Session: kMain.SessionID})
	listed(w, kMain, t0, part("pOld", "old", false))
	readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: "pOld"}, t0, "", ev("JOINED", "pOld", "", t0))
	join(12, t0.Add(10*time.Second))
	var got []string
	for range 7 {
		got = append(got, pick(now))
	}
	// 12 waiting: the newest, until 6 are left (the budget's 10 s); then
	// the first come.
	want := "pJ11,pJ10,pJ09,pJ08,pJ07,pJ06,pJ00"
	if strings.Join(got, ",") != want {
		t.Fatalf("picks %v, want %s", got, want)
	}

	// Many joiners of another watched session (read after the session on
	// screen's) do not make the few on screen wait newest first.
	w = New(15*time.Minute, 5*time.Second)
	w.gaps = Gaps{List: 2 * time.Second, Events: time.Second}
	watched(w, t0, Target{Stage: stOther, Session: kOther.SessionID}, Target{Stage: stMain, Session: kMain.SessionID, Opened: true})
	listed(w, kMain, t0, part("pOld", "old", false))
	listed(w, kOther, t0, part("pOther", "other", false))
	for i := range 20 {
		id := fmt.Sprintf("pO%02d", i)
		w.learn(w.sessions[kOther], []service.Participant{part(id, id, false)}, t0.Add(10*time.Second+time.Duration(i)*time.Second))
	}
	join(3, t0.Add(10*time.Second))
	if got := pick(now); got != "pJ00" {
		t.Fatalf("3 joiners on screen and 20 elsewhere: %s read first, want the first come on screen (pJ00)", got)
	}
}

// A participant the list showed disconnected is read once more, then left
// alone, even if its timeline lacks a LEFT; a rejoin puts it back.
func TestWatcherDisconnectedWithoutLeftIsDoneAfterOneRead(t *testing.T) {
	w := goneAndStaying(true)
	readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: "pGone"}, t0, "", ev("JOINED", "pGone", "", t0.Add(-time.Minute)), ev("PUBLISH_STARTED", "pGone", "", t0))
	if !w.sessions[kMain].parts["pGone"].done {
		t.Fatal("a participant listed as disconnected stays in the rounds after its read")
	}
	w.learn(w.sessions[kMain], []service.Participant{part("pGone", "gone", true)}, t0.Add(time.Minute))
	if w.sessions[kMain].parts["pGone"].done {
		t.Fatal("a participant listed as connected again is not read any more")
	}
}

func TestWatcherReadsACrowdsPublishersAndJoinersFirst(t *testing.T) {
	w := New(15*time.Minute, 5*time.Second)
	watched(w, t0, Target{Stage: stMain, Session: kMain.SessionID, Opened: true})
	people := crowd(crowdSize + 200)
	for i := range people {
		people[i].Published = false
	}
	pubIDs := map[string]bool{}
	for _, i := range []int{400, 800, 1100} { // publishers deep in the list
		people[i].Published = true
		pubIDs[people[i].ID] = true
	}
	listed(w, kMain, t0, people...)
	now := t0.Add(time.Second)
	joiner := part("pJoiner00001", "late", false)
	w.learn(w.sessions[kMain], []service.Participant{joiner}, now)

	wanted := map[string]bool{joiner.ID: true}
	for id := range pubIDs {
		wanted[id] = true
	}
	var tiered, roundRobin []string
	for range 6 {
		rr := (w.picks+1)%roundRobinEvery == 0
		job, ok := w.pickEvents(now)
		if !ok {
			t.Fatal("nothing to read in a crowd never read")
		}
		if rr {
			roundRobin = append(roundRobin, job.Participant)
		} else {
			tiered = append(tiered, job.Participant)
		}
		readEvents(w, job, now, "", ev("JOINED", job.Participant, "", t0))
	}
	for _, id := range tiered {
		if !wanted[id] {
			t.Errorf("a tiered pick went to %s of the crowd before the publishers and the new joiner (tiered picks %v)", id, tiered)
		}
	}
	if len(tiered) != 4 {
		t.Fatalf("tiered picks %v", tiered)
	}
	// The rest of the crowd is not starved: round-robin turns reach it.
	for _, id := range roundRobin {
		if wanted[id] {
			t.Errorf("round robin picked %s, which the tiers serve; want the longest wait of the crowd", id)
		}
	}
}

// A stream of new joiners does not starve the publishers (nor the reverse):
// the tiered turns alternate between them.
func TestWatcherAlternatesPublishersAndJoiners(t *testing.T) {
	w := New(15*time.Minute, 5*time.Second)
	watched(w, t0, Target{Stage: stMain, Session: kMain.SessionID, Opened: true})
	people := crowd(crowdSize + 10)
	for i := range people {
		people[i].Published = i < 5
	}
	listed(w, kMain, t0, people...)
	s := w.sessions[kMain]
	for _, p := range people[:5] { // the publishers were read a while ago
		readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: p.ID}, t0, "", ev("PUBLISH_STARTED", p.ID, "", t0))
	}
	now := t0.Add(time.Minute) // all due again
	w.picks = 0
	var pubs, joiners int
	for i := range 30 {
		// Joiners keep coming, faster than the watcher reads.
		w.learn(s, []service.Participant{part(fmt.Sprintf("pJoin%07d", i), "late", false)}, now)
		rr := (w.picks+1)%roundRobinEvery == 0
		job, ok := w.pickEvents(now)
		if !ok {
			t.Fatal("nothing to pick")
		}
		p := s.parts[job.Participant]
		switch {
		case rr:
		case p.publishing():
			pubs++
		case p.joiner:
			joiners++
		default:
			t.Fatalf("tiered pick %d went to %s of the crowd", i, job.Participant)
		}
		readEvents(w, job, now, "", ev("JOINED", job.Participant, "", now))
		now = now.Add(2 * time.Second)
	}
	if pubs < 8 || joiners < 8 {
		t.Fatalf("in 20 tiered picks: %d publishers, %d joiners; want them to alternate", pubs, joiners)
	}
}

// crowd is n connected participants who have not published.
func crowd(n int) []service.Participant {
	out := make([]service.Participant, n)
	for i := range out {
		out[i] = part(fmt.Sprintf("p%011d", i), fmt.Sprintf("viewer-%05d", i), false)
	}
	return out
}

// A session whose whole list the pane on screen polls (Lists) is not
// listed by the watcher too; once that pane stops polling, it is.
func TestWatcherLeavesASharedListToItsPane(t *testing.T) {
	w := New(15*time.Minute, 5*time.Second)
	w.Want([]Target{{Stage: stMain, Session: kMain.SessionID, Opened: true, Lists: true}}, t0)
	if w.focus != kMain {
		t.Fatalf("focus %v, want the listing pane's session", w.focus)
	}
	if job, ok := w.pickList(t0); ok {
		t.Fatalf("the watcher lists the session the pane on screen lists: %+v", job)
	}
	w.Observe(Listing{Stage: stMain, Session: kMain.SessionID, Participants: crowd(5), At: t0, Whole: true, Last: "tok", Opened: true}, t0)
	if cov := w.Session(kMain).Coverage(); cov.Total != 5 || cov.Listing {
		t.Fatalf("the pane's whole list is not learnt: %+v", cov)
	}
	w.Want([]Target{{Stage: stMain, Session: kMain.SessionID, Opened: true}}, t0)
	job, ok := w.pickList(t0.Add(time.Minute))
	if !ok || job.Session != kMain || job.Scan || job.Token != "tok" {
		t.Fatalf("no longer shared: the watcher should re-read the tail from the pane's last token, got %+v %v", job, ok)
	}
}

// Observe learns from any listing of a watched session, starts watching a
// session only for a pane that has it open, and takes a list as whole only
// when told.
func TestWatcherObserve(t *testing.T) {
	w := New(15*time.Minute, 5*time.Second)
	w.Observe(Listing{Stage: stMain, Session: kMain.SessionID, Participants: crowd(2), At: t0}, t0)
	if w.Session(kMain) != nil {
		t.Fatal("a listing of a session neither watched nor open started watching it")
	}
	w.Observe(Listing{Stage: stMain, Session: kMain.SessionID, Participants: crowd(2), At: t0, Opened: true}, t0)
	s := w.Session(kMain)
	if s == nil {
		t.Fatal("an open pane's listing did not start watching its session")
	}
	if cov := s.Coverage(); cov.Total != 2 || !cov.Listing {
		t.Fatalf("a partial listing: %+v, want 2 known and still listing", cov)
	}
	v := s.Version()
	w.Observe(Listing{Stage: stMain, Session: kMain.SessionID, Participants: []service.Participant{part("pNew", "new", true)}, At: t0.Add(time.Second)}, t0)
	if s.Version() == v || w.Participant(kMain, "pNew").UserID != "new" {
		t.Fatal("a watched session did not learn a new participant")
	}
	if got := w.Participant(kMain, "pUnknown"); got.ID != "pUnknown" || got.UserID != "" {
		t.Fatalf("an unknown participant: %+v", got)
	}
}

// The session's views: events merged in time order, user ids, health and
// what an export may borrow.
func TestWatcherSessionViews(t *testing.T) {
	w := New(15*time.Minute, 5*time.Second)
	watched(w, t0, Target{Stage: stMain, Session: kMain.SessionID})
	listed(w, kMain, t0, part("pA", "alice", true), part("pB", "bob", false))
	readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: "pA"}, t0, "", ev("JOINED", "pA", "", t0.Add(-2*time.Minute)), ev("PUBLISH_ERROR", "pA", "QUOTA_EXCEEDED", t0))
	readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: "pB"}, t0, "", ev("JOINED", "pB", "", t0.Add(-time.Minute)))
	s := w.Session(kMain)
	var got []string
	for _, e := range s.Events() {
		got = append(got, e.ParticipantID+":"+e.Name)
	}
	if strings.Join(got, " ") != "pA:JOINED pB:JOINED pA:PUBLISH_ERROR" {
		t.Fatalf("merged events %v", got)
	}
	if u := s.UserIDs(); u["pA"] != "alice" || u["pB"] != "bob" {
		t.Fatalf("user ids %v", u)
	}
	if h := s.Health(); !h.LastOK.Equal(t0) || h.LastErr != nil {
		t.Fatalf("health %+v", h)
	}
	if cov := w.Coverage(); !cov.Complete() || cov.Read != 2 || cov.Sessions != 1 {
		t.Fatalf("coverage %+v", cov)
	}
	events, parts := w.Lend(kMain, t0.Add(time.Second))
	if len(events["pA"]) != 2 || len(parts) != 2 {
		t.Fatalf("lent %d events of pA and %d participants", len(events["pA"]), len(parts))
	}
	events["pA"][0].Name = "CHANGED"
	if s.Events()[0].Name != "JOINED" {
		t.Fatal("an export's copy changed the watcher's events")
	}
	if events, _ := w.Lend(kMain, t0.Add(time.Hour)); len(events) != 0 {
		t.Fatalf("events read an hour ago are lent as fresh: %v", events)
	}
	rows := w.Triage(t0)
	if len(rows) != 3 || rows[0].Kind != TriageCode || rows[0].Code != "QUOTA_EXCEEDED" || rows[2].Participant != "pA" {
		t.Fatalf("triage rows %+v", rows)
	}
}

func TestWatcherParticipantErrors(t *testing.T) {
	w := New(15*time.Minute, 5*time.Second)
	watched(w, t0, Target{Stage: stMain, Session: kMain.SessionID})
	listed(w, kMain, t0, part("pA", "alice", true), part("pB", "bob", false))
	if _, known := w.ParticipantErrors(kMain, "pA", t0); known {
		t.Fatal("a participant's count is known before its events were read")
	}
	readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: "pA"}, t0, "",
		ev("PUBLISH_ERROR", "pA", "QUOTA_EXCEEDED", t0.Add(-20*time.Minute)),
		ev("PUBLISH_ERROR", "pA", "QUOTA_EXCEEDED", t0.Add(-10*time.Minute)),
		ev("PUBLISH_ERROR", "pA", "", t0.Add(-time.Minute)))
	if n, known := w.ParticipantErrors(kMain, "pA", t0); n != 2 || !known {
		t.Fatalf("alice's errors = %d (known %v), want the 2 of the window", n, known)
	}
	if _, known := w.ParticipantErrors(kMain, "pB", t0); known {
		t.Fatal("bob was not read, yet his count is known")
	}
	readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: "pB"}, t0, "")
	if n, known := w.ParticipantErrors(kMain, "pB", t0); n != 0 || !known {
		t.Fatalf("bob read with no errors = %d (known %v)", n, known)
	}
	if _, known := w.ParticipantErrors(Key{StageARN: stOther.ARN, SessionID: "nope"}, "pA", t0); known {
		t.Fatal("an unwatched session's participant is known")
	}
}

// A publishers' turn with no publisher due (pushed, their errors come by
// the queue) goes to a new joiner, not to re-reading someone read before.
func TestWatcherPublishersTurnWithoutPublishersGoesToJoiners(t *testing.T) {
	w := New(15*time.Minute, 5*time.Second)
	w.SetPushed(true)
	watched(w, t0, Target{Stage: stMain, Session: kMain.SessionID})
	listed(w, kMain, t0, part("pPub", "pub", true), part("pViewer", "viewer", false))
	readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: "pPub"}, t0, "", ev("JOINED", "pPub", "", t0), ev("PUBLISH_STARTED", "pPub", "", t0))
	readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: "pViewer"}, t0, "", ev("JOINED", "pViewer", "", t0))
	now := t0.Add(time.Minute) // the viewer is due again
	w.learn(w.sessions[kMain], []service.Participant{part("pNew", "new", false)}, now.Add(-time.Second))
	w.picks = 0 // a publishers' turn
	job, ok := w.pickEvents(now)
	if !ok || job.Participant != "pNew" {
		t.Fatalf("publishers' turn picked %+v, want the new joiner (the publisher's errors are pushed)", job)
	}
}

// With publishers pushed and more joiners waiting than the budget reads
// soon, one pick in six (not three) goes to whoever waited longest, so
// the joiners catch up.
func TestWatcherFewerRoundRobinTurnsWhileJoinersAreBehind(t *testing.T) {
	for _, tc := range []struct {
		pushed bool
		want   int // picks of the two read long ago, in six
	}{{false, 2}, {true, 1}} {
		w := New(15*time.Minute, 5*time.Second)
		w.SetPushed(tc.pushed)
		w.gaps = Gaps{List: 5 * time.Second, Events: 5 * time.Second} // one joiner read in 10 s
		watched(w, t0, Target{Stage: stMain, Session: kMain.SessionID})
		listed(w, kMain, t0, part("pOld1", "old1", false), part("pOld2", "old2", false))
		for _, id := range []string{"pOld1", "pOld2"} {
			readEvents(w, Job{Op: OpEvents, Session: kMain, Participant: id}, t0, "", ev("JOINED", id, "", t0))
		}
		for i := range 20 {
			id := fmt.Sprintf("pJ%02d", i)
			w.learn(w.sessions[kMain], []service.Participant{part(id, id, false)}, t0.Add(time.Minute+time.Duration(i)*time.Second))
		}
		now := t0.Add(2 * time.Minute)
		w.pickEvents(now) // finds the joiners behind
		w.picks, w.inFlight[OpEvents] = 0, false
		old := 0
		for range 6 {
			job, ok := w.pickEvents(now)
			if !ok {
				t.Fatal("nothing to pick")
			}
			if strings.HasPrefix(job.Participant, "pOld") {
				old++
			}
			readEvents(w, job, now, "", ev("JOINED", job.Participant, "", now))
		}
		if old != tc.want {
			t.Errorf("pushed %v: the longest waits got %d of 6 picks, want %d", tc.pushed, old, tc.want)
		}
	}
}
