package model

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// Update tests of what the dashboard claims to know: a value it could not
// read is unknown on screen, never a number, and the status bar names the
// read that fails.

func TestFailedLiveFiguresAreUnknownNotZero(t *testing.T) {
	a := newTestApp(120, 40)
	p := withStages(t, a)
	screen(a) // lays the rows out: the figures are read for visible rows
	p.Refresh(a.ctx)
	if p.Enriched != stageFixture()[2].ARN {
		t.Fatalf("the second live stage's figures should be in flight, not %q", p.Enriched)
	}
	fail := &service.Error{Kind: service.Internal, Op: "GetStageSession", Err: errors.New("500")}
	deliver(t, a, p, "live", panes.LiveInfo{SessionID: stageFixture()[2].ActiveSessionID}, error(fail))
	out := screen(a)
	row := lineWith(out, "standup")
	if strings.Contains(row, " 0 ") || !strings.Contains(row, "?") {
		t.Errorf("a failed read of the live figures is drawn as data: %q", row)
	}
	if good := lineWith(out, "main-broadcast"); !strings.Contains(good, "100+") {
		t.Errorf("the figures read before are gone: %q", good)
	}
	info := a.statusInfo()
	if info.Failing != "live figures (GetStageSession)" || !strings.Contains(out, "live figures (GetStageSession) failing") {
		t.Errorf("the status bar does not name the failing read (%q):\n%s", info.Failing, out)
	}
	if !strings.Contains(info.LastError, "live figures: IVS had an internal error") {
		t.Errorf("the last error does not say which read failed: %q", info.LastError)
	}
	// The read succeeds again: the figures show and the status bar clears.
	deliver(t, a, p, "stages", service.Page[service.Stage]{Items: stageFixture()}, nil)
	a.ctx.Now = func() time.Time { return t0.Add(time.Minute) }
	p.Refresh(a.ctx)
	for range 2 {
		if p.Enriched == "" {
			break
		}
		sid := stageFixture()[0].ActiveSessionID
		if p.Enriched == stageFixture()[2].ARN {
			sid = stageFixture()[2].ActiveSessionID
		}
		a.Update(kit.PaneMsg{To: p.ID(), Msg: kit.Fetched[panes.LiveInfo]{Kind: "live", Req: reqsOf(p).Latest["live"], Val: panes.LiveInfo{SessionID: sid, Connected: 7, Publishing: 2}, At: a.ctx.CurrentTime()}})
	}
	if row := lineWith(screen(a), "standup"); strings.Contains(row, "?") || !strings.Contains(row, "7") {
		t.Errorf("the figures read again do not show: %q", row)
	}
	if info := a.statusInfo(); info.Failing != "" || info.LastError != "" {
		t.Errorf("the read succeeded, yet the status bar says %q / %q", info.Failing, info.LastError)
	}
}

func TestReadOnlySaysWhichActionIsOff(t *testing.T) {
	a := New(Config{Interval: 5 * time.Second, Mode: "demo", ReadOnly: true, Now: func() time.Time { return t0 }})
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	withStages(t, a)
	for k, what := range map[string]string{"c": "create", "ctrl+d": "delete", "t": "mint token", "e": "edit"} {
		a.status = status{}
		_, cmd := a.Update(keyMsg(k))
		if cmd != nil {
			for _, m := range messagesOf(cmd) {
				if _, ok := m.(kit.OpenDialogMsg); ok {
					t.Fatalf("read-only: %s opened a dialog", k)
				}
			}
		}
		if want := "read-only: " + what + " is off"; a.status.text != want || !strings.Contains(screen(a), want) {
			t.Errorf("%s in read-only: flash %q, want %q", k, a.status.text, want)
		}
	}
	a.status = status{}
	a.Update(keyMsg("j"))
	if a.status.text != "" {
		t.Errorf("a key read-only does not block says %q", a.status.text)
	}
}

func TestParticipantErrorsOnlyKey(t *testing.T) {
	a := newTestApp(120, 40)
	withStages(t, a)
	who := participantFixture(1)[0]
	p := panes.NewParticipantPane(a.ctx, stageFixture()[0], sessionFixture()[1], who)
	push(a, p)
	deliver(t, a, p, "participant", who, nil)
	deliver(t, a, p, "events", panes.EventPage{Page: service.Page[service.Event]{Items: eventFixture()}}, nil)
	if out := screen(a); !strings.Contains(out, "SUBSCRIBE_STARTED") {
		t.Fatalf("every event should show before x:\n%s", out)
	}
	_, cmd := a.Update(keyMsg("x"))
	for _, m := range messagesOf(cmd) {
		a.Update(m)
	}
	out := screen(a)
	if strings.Contains(out, "SUBSCRIBE_STARTED") || !strings.Contains(out, "PUBLISH_ERROR") || !strings.Contains(out, "errors only") {
		t.Fatalf("x should show the error events only, and say so:\n%s", out)
	}
	_, cmd = a.Update(keyMsg("x"))
	for _, m := range messagesOf(cmd) {
		a.Update(m)
	}
	if out := screen(a); !strings.Contains(out, "SUBSCRIBE_STARTED") || !strings.Contains(out, "showing every event") {
		t.Fatalf("x again should show every event:\n%s", out)
	}
}

func TestKeysOnAnEmptyListSayNothingIsSelected(t *testing.T) {
	a := newTestApp(120, 40)
	p := a.top().(*panes.StagesPane)
	a.Init()
	deliver(t, a, p, "stages", service.Page[service.Stage]{}, nil)
	for _, k := range []string{"enter", "d", "y", "ctrl+d", "e", "T"} {
		a.status = status{}
		_, cmd := a.Update(keyMsg(k))
		for _, m := range messagesOf(cmd) {
			a.Update(m)
		}
		if want := "nothing selected: no stages listed"; a.status.text != want {
			t.Errorf("%s on an empty list: %q, want %q", k, a.status.text, want)
		}
	}
}

func TestEndedSessionSaysPollingStopped(t *testing.T) {
	a := newTestApp(160, 40)
	withStages(t, a)
	ended := sessionFixture()[0]
	carol := participantFixture(3)[2] // left
	p := panes.NewParticipantPane(a.ctx, stageFixture()[0], ended, carol)
	push(a, p)
	deliver(t, a, p, "participant", carol, nil)
	deliver(t, a, p, "events", panes.EventPage{}, nil)
	if cmd := p.Refresh(a.ctx); cmd != nil {
		t.Fatal("a participant who left an ended session is polled still")
	}
	out := screen(a)
	want := "session ended " + ui.Clock(ended.End, t0) + ": nothing more to poll"
	if strings.Contains(out, "polling every") || !strings.Contains(out, want) {
		t.Errorf("the status bar should say %q, not that it polls:\n%s", want, out)
	}
	// In a live session the same participant's pane polls, and says so.
	live := panes.NewParticipantPane(a.ctx, stageFixture()[0], sessionFixture()[1], carol)
	push(a, live)
	deliver(t, a, live, "participant", carol, nil)
	deliver(t, a, live, "events", panes.EventPage{}, nil)
	if out := screen(a); !strings.Contains(out, "polling every 5s") {
		t.Errorf("a live session's pane should say it polls:\n%s", out)
	}
}
