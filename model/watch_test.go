package model

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
	"github.com/ivsdash/ivsdash/model/watch"
	"github.com/ivsdash/ivsdash/service"
)

// The root's side of the error watcher: what the panes of its stack hand
// it, and what it shows. The watcher's own scheduling is tested in package
// watch.

var (
	stMain = service.Stage{ARN: "arn:aws:ivs:us-east-1:123456789012:stage/AbCdEfGh1234", ID: "AbCdEfGh1234", Name: "main-broadcast"}
	kMain  = watch.Key{StageARN: stMain.ARN, SessionID: "st-A1b2C3d4E5f6G"}
)

func part(id, user string, published bool) service.Participant {
	return service.Participant{ID: id, UserID: user, State: service.StateConnected, Published: published}
}

func ev(name, pid, code string, at time.Time) service.Event {
	return service.Event{Name: name, ParticipantID: pid, ErrorCode: code, Time: at}
}

// watchListed is the answer to the watcher's first listing of session k.
func watchListed(k watch.Key, at time.Time, ps ...service.Participant) watchDoneMsg {
	return watchDoneMsg{Job: watch.Job{Op: watch.OpList, Session: k, Scan: true}, Participants: service.Page[service.Participant]{Items: ps}, At: at}
}

// watchRead is the answer to the watcher's read of a participant's events.
func watchRead(k watch.Key, pid string, at time.Time, evs ...service.Event) watchDoneMsg {
	return watchDoneMsg{Job: watch.Job{Op: watch.OpEvents, Session: k, Participant: pid}, Events: service.Page[service.Event]{Items: evs}, At: at}
}

// targetOf is what the App hands the watcher for session k, if anything.
func targetOf(a *App, k watch.Key) (watch.Target, bool) {
	var found watch.Target
	ok := false
	for _, t := range a.WatchTargets() {
		if t.Stage.ARN == k.StageARN && t.Session == k.SessionID {
			found, ok = t, true
		}
	}
	return found, ok
}

func TestWatcherSharesTheParticipantsPanesListing(t *testing.T) {
	a := newTestApp(120, 40)
	pp := panes.NewParticipantsPane(a.ctx, stMain, service.Session{ID: kMain.SessionID})
	push(a, pp)
	a.watchSync()
	deliver(t, a, pp, "scan", panes.PagedFrom{Page: service.Page[service.Participant]{Items: participantFixture(3)}, From: ""}, nil)
	s := a.ctx.Watch.Session(kMain)
	if s == nil || s.Coverage().Total != 3 {
		t.Fatalf("the watcher did not learn the pane's participants: %+v", s)
	}
	if s.Coverage().Listing {
		t.Fatal("the pane read the whole unfiltered list: the watcher need not list it again")
	}
	targets := a.WatchTargets()
	if last := targets[len(targets)-1]; !last.Opened || last.Session != kMain.SessionID {
		t.Fatalf("the open participants pane's session is the focus: targets %+v", targets)
	}
}

// Only the participants pane on top, unfiltered, lists the whole session
// (it polls): only then is its list shared with the watcher.
func TestWatcherLeavesTheListOnScreenToThePane(t *testing.T) {
	a := newTestApp(120, 40)
	st, sess := stageFixture()[0], sessionFixture()[1]
	k := watch.Key{StageARN: st.ARN, SessionID: sess.ID}
	pp := panes.NewParticipantsPane(a.ctx, st, sess)
	push(a, pp)
	a.watchSync()
	if tg, ok := targetOf(a, k); !ok || !tg.Lists || !tg.Opened {
		t.Fatalf("target %+v %v, want the pane's session opened and listed by the pane", tg, ok)
	}
	// The pane's pages reach the watcher.
	deliver(t, a, pp, "scan", panes.PagedFrom{Page: service.Page[service.Participant]{Items: crowd(5)}}, nil)
	if s := a.ctx.Watch.Session(k); s == nil || s.Coverage().Total != 5 || s.Coverage().Listing {
		t.Fatalf("the watcher did not learn the pane's list: %+v", s)
	}

	// A participant opened on top: the pane no longer polls, the watcher lists.
	a.Update(kit.PushPaneMsg{Pane: panes.NewParticipantPane(a.ctx, st, sess, crowd(1)[0])})
	if tg, _ := targetOf(a, k); tg.Lists {
		t.Fatal("the participants pane, covered, still says it lists the session")
	}
	// A filtered pane does not list everyone: nothing to share.
	a.Update(kit.PopPaneMsg{})
	pp.Update(a.ctx, panes.UserFilterMsg("viewer-00001"))
	if tg, _ := targetOf(a, k); tg.Lists {
		t.Fatal("a pane filtered by user id shares its list as if it were everyone")
	}
}

// The root: a stage row shows its recent errors, a new error flashes an
// alert, and --bell rings through Bubble Tea.
func TestWatcherInTheApp(t *testing.T) {
	a := newTestApp(160, 30)
	a.ctx.Bell = true
	withStages(t, a)
	a.watchSync()
	if a.ctx.Watch.Session(kMain) == nil {
		t.Fatalf("the live session of the visible stage main-broadcast is not watched: %+v", a.WatchTargets())
	}
	if strings.Contains(screen(a), "✖") {
		t.Fatal("an error count shows before anything was read")
	}
	a.Update(watchListed(kMain, t0, participantFixture(3)...))
	_, cmd := a.Update(watchRead(kMain, "pBob00000002", t0,
		ev("JOINED", "pBob00000002", "", t0.Add(-time.Minute)),
		ev("PUBLISH_ERROR", "pBob00000002", "INSUFFICIENT_CAPABILITIES", t0),
		ev("SUBSCRIBE_ERROR", "pBob00000002", "PUBLISHER_NOT_FOUND", t0),
	))
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
	if a.status.level != kit.FlashAlert {
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
}

func lineWith(screen, text string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	return ""
}

// An alert reads "✖ event code · who · stage (+n more)", who being the
// user id when known, else the participant id; untrusted text sanitised.
func TestAlertText(t *testing.T) {
	for _, c := range []struct {
		alert watch.Alert
		want  string
	}{
		{watch.Alert{Event: ev("PUBLISH_ERROR", "pB", "INSUFFICIENT_CAPABILITIES", t0), UserID: "bob", StageName: "main-broadcast"},
			"✖ PUBLISH_ERROR INSUFFICIENT_CAPABILITIES · bob · main-broadcast"},
		{watch.Alert{Event: ev("SUBSCRIBE_ERROR", "pC", "PUBLISHER_NOT_FOUND", t0), UserID: "carol", StageName: "main-broadcast", More: 2},
			"✖ SUBSCRIBE_ERROR PUBLISHER_NOT_FOUND · carol · main-broadcast (+2 more)"},
		{watch.Alert{Event: ev("PUBLISH_ERROR", "pNoUser00001", "", t0), StageName: "main-broadcast"},
			"✖ PUBLISH_ERROR · pNoUser00001 · main-broadcast"},
	} {
		if got := kit.AlertText(c.alert); got != c.want {
			t.Errorf("alertText = %q, want %q", got, c.want)
		}
	}
	hostile := kit.AlertText(watch.Alert{Event: ev("PUBLISH_ERROR", "pX", "", t0), UserID: "eve\x1b]0;pwned\x07", StageName: "s\u202etage"})
	if strings.ContainsAny(hostile, "\x1b\x07\u202e") {
		t.Fatalf("hostile text leaked into an alert: %q", hostile)
	}
}

// The stages pane's figures of a live stage (its connected participants and
// publishers) feed the watcher: joiners still connected need no listing.
func TestWatcherLearnsFromTheStagesPanesFigures(t *testing.T) {
	a := newTestApp(160, 30)
	sp := withStages(t, a) // delivers main-broadcast's figures before it is watched
	a.watchSync()
	sp.Enriched = stMain.ARN
	req := sp.Reqs.Force(a.ctx, "live")
	a.Update(kit.PaneMsg{To: sp.ID(), Msg: kit.Fetched[panes.LiveInfo]{Kind: "live", Req: req, At: t0, Val: panes.LiveInfo{
		SessionID: kMain.SessionID, Connected: 3, Seen: participantFixture(3),
	}}})
	s := a.ctx.Watch.Session(kMain)
	if s == nil || s.Coverage().Total != 3 || a.ctx.Watch.Participant(kMain, "pAlice000001").UserID == "" {
		t.Fatalf("the watcher did not learn the stage's connected participants: %+v", s)
	}
	if !s.Coverage().Listing {
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
	a.ctx.Watch.Want([]watch.Target{{Stage: stMain, Session: kMain.SessionID}}, t0)
	a.Update(watchListed(kMain, t0, part("pBob00000002", "bob", true)))
	// alert makes the watcher read a new error of bob's, without flashing it.
	var events []service.Event
	alert := func(code string) {
		events = append(events, ev("PUBLISH_ERROR", "pBob00000002", code, now))
		a.ctx.Watch.Done(watch.Result(watchRead(kMain, "pBob00000002", now, events...)))
	}
	alert("BITRATE_EXCEEDED")
	a.flashAlert(now)
	if out := screen(a); !strings.Contains(out, "PUBLISH_ERROR BITRATE_EXCEEDED · bob") {
		t.Fatalf("no alert:\n%s", out)
	}
	now = t0.Add(watch.AlertGap - time.Second)
	a.Update(keyMsg("p"))
	if out := screen(a); !strings.Contains(out, "polling paused") || strings.Contains(out, "BITRATE_EXCEEDED") {
		t.Fatalf("the answer to p should replace the alert:\n%s", out)
	}
	now = t0.Add(watch.AlertGap + time.Second) // an alert may show again; the answer still shows
	alert("RESOLUTION_EXCEEDED")
	a.flashAlert(now)
	if out := screen(a); strings.Contains(out, "RESOLUTION_EXCEEDED") || !strings.Contains(out, "polling paused") {
		t.Fatalf("a new alert hid the answer to the user's key:\n%s", out)
	}
	now = t0.Add(watch.AlertGap - time.Second + flashFor[kit.FlashInfo])
	a.flashAlert(now)
	if out := screen(a); !strings.Contains(out, "PUBLISH_ERROR RESOLUTION_EXCEEDED · bob") {
		t.Fatalf("the held alert was lost:\n%s", out)
	}
}

// The timeline merges every participant's events when the session changed.
func BenchmarkTimelineRebuild(b *testing.B) {
	a := newTestApp(160, 40)
	w := a.ctx.Watch
	w.Want([]watch.Target{{Stage: stMain, Session: kMain.SessionID, Opened: true}}, t0)
	ps := crowd(1_200)
	w.Done(watch.Result(watchListed(kMain, t0, ps...)))
	for i, p := range ps {
		evs := make([]service.Event, 10)
		for j := range evs {
			evs[j] = ev("SUBSCRIBE_STARTED", p.ID, "", t0.Add(-time.Duration(len(ps)-i)*50*time.Millisecond+time.Duration(j)*time.Millisecond))
		}
		if i%5 == 0 {
			evs[9] = ev("SUBSCRIBE_ERROR", p.ID, "PUBLISHER_NOT_FOUND", evs[9].Time)
		}
		w.Done(watch.Result(watchRead(kMain, p.ID, t0, evs...)))
	}
	p := panes.NewTimelinePane(a.ctx, stMain, service.Session{ID: kMain.SessionID})
	b.ReportAllocs()
	for b.Loop() {
		p.BuiltVer = 0 // as after a new page
		p.Rebuild()
	}
	if p.Total != 12_000 {
		b.Fatalf("merged %d events, want 12,000", p.Total)
	}
}

// A pushed error of a stage the watcher never listed is alerted with the
// stage's name when a pane knows it, else its id: never "(unnamed)".
func TestPushedAlertNamesItsStage(t *testing.T) {
	for _, c := range []struct {
		known bool
		want  string
	}{{true, "· main-broadcast"}, {false, "· St4geNeverSeen"}} {
		a := newTestApp(160, 30)
		arn := "arn:aws:ivs:us-east-1:123456789012:stage/St4geNeverSeen"
		if c.known {
			a.ctx.RememberStage(service.Stage{ARN: arn, Name: "main-broadcast"})
		}
		e := ev("PUBLISH_ERROR", "pHost0000001", "BITRATE_EXCEEDED", t0)
		a.ctx.Watch.Push([]watch.PushedEvent{{ID: "ev-1", StageARN: arn, SessionID: "st-1", UserID: "host", Event: e}}, t0)
		a.flashAlert(t0.Add(time.Minute))
		if !strings.Contains(a.status.text, c.want) || strings.Contains(a.status.text, "(unnamed)") {
			t.Errorf("known %v: the alert says %q, want it to name the stage %q", c.known, a.status.text, c.want)
		}
	}
}
