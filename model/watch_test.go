package model

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
)

// Unit tests of the error watcher's scheduling: results are fed as the
// messages its commands would produce; no command that calls the API runs.

var (
	stMain  = service.Stage{ARN: "arn:aws:ivs:us-east-1:123456789012:stage/AbCdEfGh1234", ID: "AbCdEfGh1234", Name: "main-broadcast"}
	stOther = service.Stage{ARN: "arn:aws:ivs:us-east-1:123456789012:stage/Standup00001", ID: "Standup00001", Name: "standup"}
	kMain   = sessionKey{stMain.ARN, "st-A1b2C3d4E5f6G"}
	kOther  = sessionKey{stOther.ARN, "st-Z9y8X7w6V5u4T"}
)

func part(id, user string, published bool) service.Participant {
	return service.Participant{ID: id, UserID: user, State: service.StateConnected, Published: published}
}

func ev(name, pid, code string, at time.Time) service.Event {
	return service.Event{Name: name, ParticipantID: pid, ErrorCode: code, Time: at}
}

// listed feeds a whole participant list of a session to the watcher.
func listed(w *watcher, k sessionKey, at time.Time, ps ...service.Participant) {
	w.inFlight[opList] = true
	w.gotList(watchListMsg{job: listJob{key: k, scan: true}, pg: service.Page[service.Participant]{Items: ps}, at: at})
}

// readEvents feeds the answer of the events call job.
func readEvents(w *watcher, job eventsJob, at time.Time, next string, evs ...service.Event) {
	w.inFlight[opEvents] = true
	w.gotEvents(watchEventsMsg{job: job, pg: service.Page[service.Event]{Items: evs, NextToken: next}, at: at})
}

func watched(w *watcher, now time.Time, targets ...watchTarget) {
	w.setTargets(targets, now)
}

func TestWatcherPriorities(t *testing.T) {
	w := newWatcher(15*time.Minute, 5*time.Second)
	now := t0
	// Two live stages on screen, the standup opened by the user.
	watched(w, now, watchTarget{stage: stMain, session: kMain.sessionID}, watchTarget{stage: stOther, session: kOther.sessionID, opened: true})
	if w.focus != kOther {
		t.Fatalf("focus = %v, want the opened session", w.focus)
	}
	listed(w, kMain, now, part("pHost", "host", true), part("pViewer1", "v1", false))
	listed(w, kOther, now, part("pDev1", "dev1", true))

	// The session on screen first.
	job, ok := w.pickEvents(now)
	if !ok || job.key != kOther || job.pid != "pDev1" {
		t.Fatalf("first pick %+v, want the opened session's participant", job)
	}
	readEvents(w, job, now, "", ev("JOINED", "pDev1", "", now.Add(-time.Minute)))

	// Then the unread ones (new joiners), newest first.
	now = now.Add(time.Second)
	w.learn(w.sessions[kMain], []service.Participant{part("pNewcomer", "new", false)}, now)
	job, _ = w.pickEvents(now)
	if job.pid != "pNewcomer" {
		t.Fatalf("second pick %s, want the newest joiner", job.pid)
	}
	readEvents(w, job, now, "", ev("JOINED", "pNewcomer", "", now))

	// Every third pick is round robin: whoever has waited longest. The
	// opened session's participant was read at t0, but the never-read
	// host and viewer were discovered at t0 too: ties go by id.
	now = now.Add(time.Second)
	job, _ = w.pickEvents(now)
	if job.pid != "pHost" {
		t.Fatalf("round-robin pick %s, want pHost (waiting since t0)", job.pid)
	}
	readEvents(w, job, now, "", ev("JOINED", "pHost", "", t0), ev("PUBLISH_STARTED", "pHost", "", t0))
	job, _ = w.pickEvents(now)
	readEvents(w, job, now, "", ev("JOINED", job.pid, "", t0))

	// Everyone read: nothing is due until the intervals pass.
	if job, ok := w.pickEvents(now); ok {
		t.Fatalf("nothing should be due right after reading everyone, got %+v", job)
	}
	// After one interval the focus session is due again, before anyone.
	now = now.Add(5 * time.Second)
	if job, _ := w.pickEvents(now); job.key != kOther {
		t.Fatalf("after an interval the opened session comes first, got %+v", job)
	}
	// After two intervals the publisher is due (tier 2) before the viewer
	// (tier 3, due after three) — once the focus has been served.
	now = now.Add(10 * time.Second)
	w.sessions[kOther].parts["pDev1"].lastRead = now
	w.picks = 0
	if job, _ := w.pickEvents(now); job.pid != "pHost" {
		t.Fatalf("the publisher should come before the viewers, got %s", job.pid)
	}
}

func TestWatcherIncrementalTokens(t *testing.T) {
	w := newWatcher(15*time.Minute, 5*time.Second)
	watched(w, t0, watchTarget{stage: stMain, session: kMain.sessionID, opened: true})
	listed(w, kMain, t0, part("pA", "a", false))

	job, _ := w.pickEvents(t0)
	if job.token != "" || job.start != 0 {
		t.Fatalf("first read must start at the beginning: %+v", job)
	}
	// A first page with more behind it: the next call follows the token at once.
	readEvents(w, job, t0, "tok-page2", ev("JOINED", "pA", "", t0.Add(-3*time.Minute)), ev("SUBSCRIBE_STARTED", "pA", "", t0.Add(-2*time.Minute)))
	job, ok := w.pickEvents(t0)
	if !ok || job.token != "tok-page2" || job.start != 2 {
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
	if job.token != "tok-page2" || job.start != 2 {
		t.Fatalf("re-read = %+v, want the last page's token", job)
	}
	readEvents(w, job, now, "", ev("SUBSCRIBE_STOPPED", "pA", "", t0.Add(-time.Minute)), ev("PUBLISH_ERROR", "pA", "INSUFFICIENT_CAPABILITIES", now))
	if len(p.events) != 4 || p.events[3].ErrorCode != "INSUFFICIENT_CAPABILITIES" || len(p.errs) != 1 {
		t.Fatalf("the re-read page must replace the tail, not duplicate it: %+v", p.events)
	}
}

func TestWatcherOneCallInFlightPerOperation(t *testing.T) {
	c := &Context{Client: service.NewForEndpoint("http://127.0.0.1:9", "us-east-1", budget.Config{Fraction: 0.2}), Now: func() time.Time { return t0 }}
	w := newWatcher(15*time.Minute, 5*time.Second)
	watched(w, t0, watchTarget{stage: stMain, session: kMain.sessionID, opened: true})
	listed(w, kMain, t0, part("pA", "a", false), part("pB", "b", false))
	w.inFlight[opList] = false

	// 20% of 5 TPS is 60 calls a minute per operation; the watcher takes half.
	if g := w.gap(c); g != 2*time.Second {
		t.Fatalf("gap = %v, want 2s (half of 1 call/s)", g)
	}
	if cmd := w.schedule(c, t0); cmd == nil {
		t.Fatal("nothing scheduled with two unread participants")
	}
	if !w.inFlight[opEvents] {
		t.Fatal("no events call in flight after scheduling")
	}
	started := w.lastStart[opEvents]
	// Scheduling again, even much later, starts no second events call.
	w.schedule(c, t0.Add(time.Minute))
	if w.lastStart[opEvents] != started {
		t.Fatal("a second ListParticipantEvents call started while one was in flight")
	}
	// The answer frees the operation, but the spacing holds the next call
	// back: a wake-up is scheduled instead.
	readEvents(w, eventsJob{key: kMain, pid: "pA"}, t0.Add(500*time.Millisecond), "", ev("JOINED", "pA", "", t0))
	cmd := w.schedule(c, t0.Add(500*time.Millisecond))
	if w.inFlight[opEvents] {
		t.Fatal("the next call started before the spacing allowed it")
	}
	if cmd == nil || w.wakeAt != t0.Add(2*time.Second) {
		t.Fatalf("expected a wake-up at t0+2s, got %v", w.wakeAt)
	}
	w.schedule(c, t0.Add(2*time.Second))
	if !w.inFlight[opEvents] {
		t.Fatal("the next call did not start once the spacing allowed it")
	}
	// Paused (p): nothing at all.
	w.inFlight[opEvents], w.paused = false, true
	if cmd := w.schedule(c, t0.Add(time.Hour)); cmd != nil {
		t.Fatal("the watcher called the API while polling is paused")
	}
}

func TestWatcherDoneParticipantsAndEndedSessions(t *testing.T) {
	w := newWatcher(15*time.Minute, 5*time.Second)
	watched(w, t0, watchTarget{stage: stMain, session: kMain.sessionID})
	gone := part("pGone", "gone", false)
	gone.State = service.StateDisconnected
	listed(w, kMain, t0, gone, part("pStay", "stay", false))
	readEvents(w, eventsJob{key: kMain, pid: "pGone"}, t0, "", ev("JOINED", "pGone", "", t0.Add(-time.Minute)), ev("LEFT", "pGone", "", t0))
	readEvents(w, eventsJob{key: kMain, pid: "pStay"}, t0, "", ev("JOINED", "pStay", "", t0.Add(-time.Minute)))
	later := t0.Add(time.Hour)
	for range 5 {
		job, ok := w.pickEvents(later)
		if !ok {
			t.Fatal("pStay should stay due")
		}
		if job.pid == "pGone" {
			t.Fatal("a participant whose timeline ended with LEFT was read again")
		}
		readEvents(w, job, later, "", ev("JOINED", "pStay", "", t0.Add(-time.Minute)))
		later = later.Add(time.Hour)
	}
	if w.sessions[kMain].ended {
		t.Fatal("session marked ended while someone is connected")
	}
	readEvents(w, eventsJob{key: kMain, pid: "pStay"}, later, "", ev("JOINED", "pStay", "", t0.Add(-time.Minute)), ev("LEFT", "pStay", "", later))
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
	w := newWatcher(15*time.Minute, 5*time.Second)
	watched(w, t0, watchTarget{stage: stMain, session: kMain.sessionID})
	job, ok := w.pickList(t0)
	if !ok || !job.scan || job.token != "" {
		t.Fatalf("first listing = %+v", job)
	}
	w.inFlight[opList] = true
	w.gotList(watchListMsg{job: job, pg: service.Page[service.Participant]{Items: []service.Participant{part("p1", "u1", false)}, NextToken: "page2"}, at: t0})
	job, _ = w.pickList(t0)
	if !job.scan || job.token != "page2" {
		t.Fatalf("the first listing goes on from its token: %+v", job)
	}
	w.gotList(watchListMsg{job: job, pg: service.Page[service.Participant]{Items: []service.Participant{part("p2", "u2", false)}}, at: t0})
	s := w.sessions[kMain]
	if !s.listed || s.tailToken != "page2" || len(s.parts) != 2 {
		t.Fatalf("listed=%v tail=%q parts=%d", s.listed, s.tailToken, len(s.parts))
	}
	if _, ok := w.pickList(t0.Add(time.Second)); ok {
		t.Fatal("a listed session that is not on screen is re-listed before six intervals")
	}
	job, ok = w.pickList(t0.Add(30 * time.Second))
	if !ok || job.scan || job.token != "page2" {
		t.Fatalf("re-listing reads the last page from its token: %+v", job)
	}
}

func TestWatcherSharesTheParticipantsPanesListing(t *testing.T) {
	a := newTestApp(120, 40)
	pp := newParticipantsPane(a.ctx, stMain, service.Session{ID: kMain.sessionID})
	push(a, pp)
	a.watchSync()
	deliver(t, a, pp, "scan", pagedFrom{Page: service.Page[service.Participant]{Items: participantFixture(3)}, From: ""}, nil)
	s := a.ctx.watch.sessions[kMain]
	if s == nil || len(s.parts) != 3 {
		t.Fatalf("the watcher did not learn the pane's participants: %+v", s)
	}
	if !s.listed {
		t.Fatal("the pane read the whole unfiltered list: the watcher need not list it again")
	}
	if a.ctx.watch.focus != kMain {
		t.Fatal("the open participants pane's session is the focus")
	}
}

func TestWatcherAlertsCoalesce(t *testing.T) {
	w := newWatcher(15*time.Minute, 5*time.Second)
	watched(w, t0, watchTarget{stage: stMain, session: kMain.sessionID})
	listed(w, kMain, t0, part("pA", "alice", true), part("pB", "bob", false), part("pC", "carol", false))
	// Errors from before watching began are history: counted, not alerted.
	readEvents(w, eventsJob{key: kMain, pid: "pA"}, t0, "", ev("PUBLISH_ERROR", "pA", "QUOTA_EXCEEDED", t0.Add(-time.Minute)))
	if _, ok := w.takeAlert(t0); ok {
		t.Fatal("an error from before watching began raised an alert")
	}
	if n, known := w.stageErrors(stMain.ARN, t0); n != 1 || !known {
		t.Fatalf("stage errors = %d (known %v), want 1", n, known)
	}
	now := t0.Add(10 * time.Second)
	readEvents(w, eventsJob{key: kMain, pid: "pB"}, now, "", ev("PUBLISH_ERROR", "pB", "INSUFFICIENT_CAPABILITIES", now))
	text, ok := w.takeAlert(now)
	if !ok || text != "✖ PUBLISH_ERROR INSUFFICIENT_CAPABILITIES · bob · main-broadcast" {
		t.Fatalf("alert = %q, %v", text, ok)
	}
	// Three more within the gap: no flash now, one flash after it.
	now = now.Add(time.Second)
	readEvents(w, eventsJob{key: kMain, pid: "pC"}, now, "", ev("SUBSCRIBE_ERROR", "pC", "PUBLISHER_NOT_FOUND", now), ev("SUBSCRIBE_ERROR", "pC", "PUBLISHER_NOT_FOUND", now))
	readEvents(w, eventsJob{key: kMain, pid: "pA", token: "", start: 0}, now, "", ev("PUBLISH_ERROR", "pA", "QUOTA_EXCEEDED", t0.Add(-time.Minute)), ev("PUBLISH_ERROR", "pA", "BITRATE_EXCEEDED", now))
	if _, ok := w.takeAlert(now); ok {
		t.Fatal("two alerts within the gap")
	}
	text, ok = w.takeAlert(now.Add(alertGap))
	if !ok || text != "✖ SUBSCRIBE_ERROR PUBLISHER_NOT_FOUND · carol · main-broadcast (+2 more)" {
		t.Fatalf("coalesced alert = %q, %v", text, ok)
	}
	// A re-read of the same page raises nothing new.
	readEvents(w, eventsJob{key: kMain, pid: "pC"}, now, "", ev("SUBSCRIBE_ERROR", "pC", "PUBLISHER_NOT_FOUND", now), ev("SUBSCRIBE_ERROR", "pC", "PUBLISHER_NOT_FOUND", now))
	if _, ok := w.takeAlert(now.Add(time.Hour)); ok {
		t.Fatal("re-reading known errors alerted again")
	}
}

func TestWatcherCountsOnlyTheWindow(t *testing.T) {
	w := newWatcher(15*time.Minute, 5*time.Second)
	watched(w, t0, watchTarget{stage: stMain, session: kMain.sessionID})
	listed(w, kMain, t0, part("pA", "alice", true))
	if _, known := w.stageErrors(stMain.ARN, t0); known {
		t.Fatal("counts are known before any events were read")
	}
	readEvents(w, eventsJob{key: kMain, pid: "pA"}, t0, "",
		ev("PUBLISH_ERROR", "pA", "QUOTA_EXCEEDED", t0.Add(-20*time.Minute)),
		ev("PUBLISH_ERROR", "pA", "QUOTA_EXCEEDED", t0.Add(-10*time.Minute)),
		ev("PUBLISH_ERROR", "pA", "", t0.Add(-time.Minute)))
	got := w.sessionErrors(w.sessions[kMain], t0)
	if got.total != 2 || got.byCode["QUOTA_EXCEEDED"] != 1 || got.byCode["PUBLISH_ERROR"] != 1 {
		t.Fatalf("window counts = %+v, want the two of the last 15 minutes", got)
	}
	if n, _ := w.stageErrors(stMain.ARN, t0.Add(30*time.Minute)); n != 0 {
		t.Fatalf("half an hour later the window is empty, got %d", n)
	}
	if n, _ := w.stageErrors(stOther.ARN, t0); n != 0 {
		t.Fatalf("another stage's count = %d", n)
	}
}

func TestWatcherFailedReadWaitsItsTurn(t *testing.T) {
	w := newWatcher(15*time.Minute, 5*time.Second)
	watched(w, t0, watchTarget{stage: stMain, session: kMain.sessionID, opened: true})
	listed(w, kMain, t0, part("pA", "a", false), part("pB", "b", false))
	job, _ := w.pickEvents(t0)
	w.inFlight[opEvents] = true
	w.gotEvents(watchEventsMsg{job: job, err: &service.Error{Kind: service.Throttled, Op: opEvents}, at: t0})
	if w.inFlight[opEvents] {
		t.Fatal("a failed call stays in flight")
	}
	next, _ := w.pickEvents(t0)
	if next.pid == job.pid {
		t.Fatal("the participant whose read failed is retried before the others")
	}
	if s := w.sessions[kMain]; s.lastErr == nil {
		t.Fatal("the failure is not recorded for the status bar")
	}
}

func TestWatcherEvictsEndedAndUnwantedSessions(t *testing.T) {
	w := newWatcher(15*time.Minute, 5*time.Second)
	var targets []watchTarget
	for i := range maxWatched + 5 {
		targets = append(targets, watchTarget{stage: stMain, session: "st-" + strings.Repeat("x", 10) + string(rune('A'+i%26)) + string(rune('a'+i/26))})
	}
	targets = append(targets, watchTarget{stage: stOther, session: kOther.sessionID, opened: true})
	w.setTargets(targets, t0)
	if len(w.sessions) > maxWatched {
		t.Fatalf("%d sessions watched, at most %d", len(w.sessions), maxWatched)
	}
	if w.sessions[kOther] == nil {
		t.Fatal("the opened session was evicted")
	}
}

// The root: a stage row shows its recent errors, a new error flashes an
// alert, and --bell rings through Bubble Tea.
func TestWatcherInTheApp(t *testing.T) {
	a := newTestApp(160, 30)
	a.ctx.Bell = true
	sp := withStages(t, a)
	a.watchSync()
	w := a.ctx.watch
	if w.sessions[kMain] == nil {
		t.Fatalf("the live session of the visible stage main-broadcast is not watched: %v", w.sessions)
	}
	if strings.Contains(screen(a), "✖") {
		t.Fatal("an error count shows before anything was read")
	}
	a.Update(watchListMsg{job: listJob{key: kMain, scan: true}, pg: service.Page[service.Participant]{Items: participantFixture(3)}, at: t0})
	_, cmd := a.Update(watchEventsMsg{job: eventsJob{key: kMain, pid: "pBob00000002"}, pg: service.Page[service.Event]{Items: []service.Event{
		ev("JOINED", "pBob00000002", "", t0.Add(-time.Minute)),
		ev("PUBLISH_ERROR", "pBob00000002", "INSUFFICIENT_CAPABILITIES", t0),
		ev("SUBSCRIBE_ERROR", "pBob00000002", "PUBLISHER_NOT_FOUND", t0),
	}}, at: t0})
	out := screen(a)
	row := lineWith(out, "main-broadcast")
	if !strings.Contains(row, "✖ 2") {
		t.Fatalf("the main-broadcast row should show ✖ 2:\n%s", out)
	}
	if !strings.Contains(out, "3 stages · 2 live · events read 1/3") {
		t.Fatalf("the stages header should say how much was read:\n%s", out)
	}
	if !strings.Contains(lineWith(out, "quiet-room"), "—") {
		t.Fatalf("an idle stage shows —:\n%s", out)
	}
	if !strings.Contains(out, "✖ PUBLISH_ERROR INSUFFICIENT_CAPABILITIES · bob · main-broadcast (+1 more)") {
		t.Fatalf("no alert in the status bar:\n%s", out)
	}
	if a.status.level != flashAlert {
		t.Fatalf("flash level %v, want alert", a.status.level)
	}
	bell := false
	for _, m := range messagesOf(cmd) {
		if r, ok := m.(tea.RawMsg); ok && r.Msg == "\a" {
			bell = true
		}
	}
	if !bell {
		t.Fatal("--bell: no BEL sent through Bubble Tea")
	}
	_ = sp
}

func lineWith(screen, text string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	return ""
}

// A flood of new joiners never starves the others: one pick in three goes
// to whoever has waited longest.
func TestWatcherRoundRobinServesTheLongestWait(t *testing.T) {
	w := newWatcher(15*time.Minute, 5*time.Second)
	watched(w, t0, watchTarget{stage: stMain, session: kMain.sessionID})
	listed(w, kMain, t0, part("pOld", "old", false))
	readEvents(w, eventsJob{key: kMain, pid: "pOld"}, t0, "", ev("JOINED", "pOld", "", t0))
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
		order = append(order, job.pid)
		readEvents(w, job, now, "", ev("JOINED", job.pid, "", now))
	}
	want := []string{"pNew4", "pNew3", "pOld"}
	if strings.Join(order, ",") != strings.Join(want, ",") {
		t.Fatalf("picks %v, want %v (newest joiners first, the third turn to the longest wait)", order, want)
	}
}

// A participant the list showed disconnected is read once more, then left
// alone, even if its timeline lacks a LEFT; a rejoin puts it back.
func TestWatcherDisconnectedWithoutLeftIsDoneAfterOneRead(t *testing.T) {
	w := newWatcher(15*time.Minute, 5*time.Second)
	watched(w, t0, watchTarget{stage: stMain, session: kMain.sessionID})
	gone := part("pGone", "gone", true)
	gone.State = service.StateDisconnected
	listed(w, kMain, t0, gone, part("pStay", "stay", false))
	readEvents(w, eventsJob{key: kMain, pid: "pGone"}, t0, "", ev("JOINED", "pGone", "", t0.Add(-time.Minute)), ev("PUBLISH_STARTED", "pGone", "", t0))
	if !w.sessions[kMain].parts["pGone"].done {
		t.Fatal("a participant listed as disconnected stays in the rounds after its read")
	}
	w.learn(w.sessions[kMain], []service.Participant{part("pGone", "gone", true)}, t0.Add(time.Minute))
	if w.sessions[kMain].parts["pGone"].done {
		t.Fatal("a participant listed as connected again is not read any more")
	}
}

// The stages pane's figures of a live stage (its connected participants and
// publishers) feed the watcher: joiners still connected need no listing.
func TestWatcherLearnsFromTheStagesPanesFigures(t *testing.T) {
	a := newTestApp(160, 30)
	sp := withStages(t, a) // delivers main-broadcast's figures before it is watched
	a.watchSync()
	sp.enriched = stMain.ARN
	req := sp.reqs.force(a.ctx, "live")
	a.Update(paneMsg{to: sp.ID(), msg: fetched[liveInfo]{Kind: "live", Req: req, At: t0, Val: liveInfo{
		sessionID: kMain.sessionID, connected: 3, seen: participantFixture(3),
	}}})
	s := a.ctx.watch.sessions[kMain]
	if s == nil || len(s.parts) != 3 || s.parts["pAlice000001"] == nil {
		t.Fatalf("the watcher did not learn the stage's connected participants: %+v", s)
	}
	if s.listed {
		t.Fatal("a connected-only page is not the whole list")
	}
}

// An alert gives way to the answer to a key press, and waits while that
// answer shows: the user always sees what their key did, and no alert is lost.
func TestAlertsGiveWayToTheUsersKeys(t *testing.T) {
	now := t0
	a := New(Config{Interval: 5 * time.Second, Mode: "demo · us-east-1", Now: func() time.Time { return now }})
	a.Update(tea.WindowSizeMsg{Width: 160, Height: 30})
	withStages(t, a)
	w := a.ctx.watch
	alert := func(code string) {
		w.pending = append(w.pending, watchAlert{event: service.Event{Name: "PUBLISH_ERROR", ErrorCode: code, ParticipantID: "pBob00000002"}, userID: "bob", stageName: "main-broadcast"})
	}
	alert("BITRATE_EXCEEDED")
	a.flashAlert(now)
	if out := screen(a); !strings.Contains(out, "PUBLISH_ERROR BITRATE_EXCEEDED · bob") {
		t.Fatalf("no alert:\n%s", out)
	}
	now = t0.Add(alertGap - time.Second)
	a.Update(keyMsg("p"))
	if out := screen(a); !strings.Contains(out, "polling paused") || strings.Contains(out, "BITRATE_EXCEEDED") {
		t.Fatalf("the answer to p should replace the alert:\n%s", out)
	}
	now = t0.Add(alertGap + time.Second) // an alert may show again; the answer still shows
	alert("RESOLUTION_EXCEEDED")
	a.flashAlert(now)
	if out := screen(a); strings.Contains(out, "RESOLUTION_EXCEEDED") || !strings.Contains(out, "polling paused") {
		t.Fatalf("a new alert hid the answer to the user's key:\n%s", out)
	}
	now = t0.Add(alertGap - time.Second + flashFor[flashInfo])
	a.flashAlert(now)
	if out := screen(a); !strings.Contains(out, "PUBLISH_ERROR RESOLUTION_EXCEEDED · bob") {
		t.Fatalf("the held alert was lost:\n%s", out)
	}
}
