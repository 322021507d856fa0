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
)

// Update unit tests: the model fed result messages and keys, no client.

// messagesOf runs a command and the batches inside it. Only for commands
// known not to call the API (navigation, dialogs, flashes).
func messagesOf(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, messagesOf(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

func TestStaleResultIsDropped(t *testing.T) {
	a := newTestApp(120, 40)
	p := a.top().(*panes.StagesPane)
	a.Init()
	old := reqsOf(p).Latest["stages"]
	p.ListPage(a.ctx, "", true) // a newer request (r pressed)
	a.Update(kit.PaneMsg{To: p.ID(), Msg: kit.Fetched[service.Page[service.Stage]]{Kind: "stages", Req: old, Val: service.Page[service.Stage]{Items: stageFixture()}, At: t0}})
	if len(p.List.Items) != 0 {
		t.Fatalf("a stale answer was applied: %d stages", len(p.List.Items))
	}
	deliver(t, a, p, "stages", service.Page[service.Stage]{Items: stageFixture()[:1]}, nil)
	if len(p.List.Items) != 1 {
		t.Fatalf("the current answer was not applied: %d stages", len(p.List.Items))
	}
}

func TestFailedRefreshKeepsDataMarkedStale(t *testing.T) {
	a := newTestApp(120, 40)
	p := withStages(t, a)
	p.Refresh(a.ctx)
	deliver(t, a, p, "stages", service.Page[service.Stage]{}, error(&service.Error{Kind: service.Network, Op: "ListStages", Err: errors.New("connection reset")}))
	if len(p.List.Items) != 3 {
		t.Fatalf("data dropped on a failed refresh: %d stages", len(p.List.Items))
	}
	if !p.Load().Stale() {
		t.Fatal("data not marked stale after a failed refresh")
	}
	out := screen(a)
	if !strings.Contains(out, "STALE") || !strings.Contains(out, "main-broadcast") {
		t.Fatalf("screen should show the old data marked stale:\n%s", out)
	}
	p.Refresh(a.ctx)
	deliver(t, a, p, "stages", service.Page[service.Stage]{Items: stageFixture()}, nil)
	if p.Load().Stale() {
		t.Fatal("still stale after a successful refresh")
	}
}

func TestLateResultForClosedPaneIsDropped(t *testing.T) {
	a := newTestApp(120, 40)
	withStages(t, a)
	sp := panes.NewSessionsPane(a.ctx, stageFixture()[0])
	push(a, sp)
	req := reqsOf(sp).Latest["sessions"]
	a.Update(keyMsg("esc"))
	if a.top().Kind() != "stages" {
		t.Fatalf("esc did not go back: top is %s", a.top().Kind())
	}
	// The sessions answer arrives after the pane was closed: no panic, no effect.
	a.Update(kit.PaneMsg{To: sp.ID(), Msg: kit.Fetched[service.Page[service.Session]]{Kind: "sessions", Req: req, Val: service.Page[service.Session]{Items: sessionFixture()}, At: t0}})
	if len(sp.List.Items) != 0 {
		t.Fatal("a closed pane received its late answer")
	}
}

func TestPollingGenerationsAndPause(t *testing.T) {
	a := newTestApp(120, 40)
	withStages(t, a)
	gen := a.pollGen
	if _, cmd := a.Update(kit.PollMsg{Pane: a.top().ID(), Gen: gen - 1}); cmd != nil {
		t.Fatal("a tick of an old polling generation was not dropped")
	}
	if _, cmd := a.Update(kit.PollMsg{Pane: a.top().ID(), Gen: gen}); cmd == nil {
		t.Fatal("the current tick did not refresh and re-arm")
	}
	a.Update(keyMsg("p"))
	if !a.paused {
		t.Fatal("p did not pause")
	}
	if _, cmd := a.Update(kit.PollMsg{Pane: a.top().ID(), Gen: a.pollGen}); cmd != nil {
		t.Fatal("polling continued while paused")
	}
	if !strings.Contains(screen(a), "paused") {
		t.Fatalf("the status bar does not say polling is paused:\n%s", screen(a))
	}
	a.Update(keyMsg("p"))
	if a.paused {
		t.Fatal("p did not resume")
	}
}

func TestFilterIsIncrementalAndEscClears(t *testing.T) {
	a := newTestApp(120, 40)
	pp := withParticipants(t, a, 500)
	a.Update(keyMsg("/"))
	for _, r := range "viewer-00042" {
		a.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	if n := pp.List.Len(); n != 1 {
		t.Fatalf("filter viewer-00042 shows %d rows, want 1", n)
	}
	if sel, _ := pp.List.Selected(); sel.UserID != "viewer-00042" {
		t.Fatalf("selected %q", sel.UserID)
	}
	a.Update(keyMsg("backspace"))
	if n := pp.List.Len(); n != 10 {
		t.Fatalf("after backspace, filter viewer-0004 shows %d rows, want 10", n)
	}
	a.Update(keyMsg("enter")) // keep the filter, leave the prompt
	if pp.Filter() != "viewer-0004" {
		t.Fatalf("filter after enter = %q", pp.Filter())
	}
	a.Update(keyMsg("esc")) // clears the filter before going back
	if pp.Filter() != "" || pp.List.Len() != 500 || a.top() != kit.Pane(pp) {
		t.Fatalf("esc should clear the filter and stay: filter %q rows %d top %s", pp.Filter(), pp.List.Len(), a.top().Kind())
	}
}

func TestJump(t *testing.T) {
	a := newTestApp(120, 40)
	withParticipants(t, a, 5)
	a.Update(keyMsg(":"))
	for _, r := range "comp" {
		a.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	a.Update(keyMsg("enter"))
	if len(a.stack) != 1 || a.top().Kind() != "compositions" {
		t.Fatalf(":comp should open compositions at the root; stack %d top %s", len(a.stack), a.top().Kind())
	}
	a.Update(keyMsg(":"))
	for _, r := range "nope" {
		a.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	a.Update(keyMsg("enter"))
	if !strings.Contains(screen(a), "no resource called") {
		t.Fatalf("an unknown jump should say so:\n%s", screen(a))
	}
}

func TestDisconnectConfirmDefaultsToNo(t *testing.T) {
	a := newTestApp(120, 40)
	withParticipants(t, a, 3)
	_, cmd := a.Update(keyMsg("ctrl+d"))
	for _, m := range messagesOf(cmd) {
		a.Update(m)
	}
	if len(a.dialogs) != 1 {
		t.Fatal("ctrl+d did not ask for confirmation")
	}
	out := screen(a)
	if !strings.Contains(out, "alice") || !strings.Contains(out, "main-broadcast") {
		t.Fatalf("the confirmation must name the user id and the stage:\n%s", out)
	}
	_, cmd = a.Update(keyMsg("enter"))
	msgs := messagesOf(cmd) // safe: No runs no API call
	closed, cancelled := len(a.dialogs) == 0, false
	for _, m := range msgs {
		switch m := m.(type) {
		case kit.FlashMsg:
			cancelled = strings.Contains(m.Text, "cancelled")
		case kit.ActionDoneMsg:
			t.Fatal("enter ran the disconnect")
		}
	}
	if !closed || !cancelled {
		t.Fatalf("enter should close and say cancelled: %#v", msgs)
	}
}

func TestReadOnlyRemovesActions(t *testing.T) {
	a := New(Config{ReadOnly: true, Now: func() time.Time { return t0 }})
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	withParticipants(t, a, 3)
	for _, k := range []string{"ctrl+d", "t"} {
		_, cmd := a.Update(keyMsg(k))
		for _, m := range messagesOf(cmd) {
			if _, ok := m.(kit.OpenDialogMsg); ok {
				t.Fatalf("%s opened a dialog in read-only mode", k)
			}
		}
	}
	if !strings.Contains(screen(a), "READ-ONLY") && !strings.Contains(strings.ToLower(screen(a)), "read-only") {
		t.Fatalf("the status bar should say read-only:\n%s", screen(a))
	}
}

func TestTokenFormValidatesBeforeAnyCall(t *testing.T) {
	a := newTestApp(120, 40)
	f, in := panes.BuildTokenForm(a.ctx, stageFixture()[0])
	a.Update(kit.OpenDialogMsg{Dialog: f})
	cases := []struct {
		user, duration, attrs string
		publish, subscribe    bool
		field                 string
		want                  string
	}{
		{strings.Repeat("u", 129), "720", "", true, true, "User id", "at most 128"},
		{"ok", "0", "", true, true, tokenDurationLabel, "1 to 20160"},
		{"ok", "20161", "", true, true, tokenDurationLabel, "1 to 20160"},
		{"ok", "abc", "", true, true, tokenDurationLabel, "whole number"},
		{"ok", "720", "k=" + strings.Repeat("v", 1024), true, true, "Attributes", "1025 bytes"},
		{"ok", "720", "novalue", true, true, "Attributes", "key=value"},
		{"ok", "720", "a=1\na=2", true, true, "Attributes", "twice"},
		{"ok", "720", "", false, false, "subscribe", "publish, subscribe or both"},
	}
	for _, tc := range cases {
		setTokenInputs(t, f, tc.user, tc.duration, tc.attrs, tc.publish, tc.subscribe)
		cmd := f.Submit(a.ctx.FormEnv())
		if f.Busy() {
			t.Fatalf("%+v: a call was started despite invalid input", tc)
		}
		_ = cmd // focus change only
		if got := fieldNamed(t, f, tc.field).Err(); !strings.Contains(got, tc.want) {
			t.Errorf("%+v: error %q, want it to contain %q", tc, got, tc.want)
		}
	}
	// Valid input builds the request the API expects.
	setTokenInputs(t, f, "李雷", "60", "role = host\n\nseat=3", false, true)
	if f.Submit(a.ctx.FormEnv()) == nil || !f.Busy() {
		t.Fatalf("valid input refused: %q", f.CallErr())
	}
	req := in.Request()
	if req.DurationMinutes != 60 || req.UserID != "李雷" || len(req.Capabilities) != 1 || req.Capabilities[0] != "SUBSCRIBE" || req.Attributes["role"] != "host" || req.Attributes["seat"] != "3" {
		t.Fatalf("request %+v", req)
	}
}

func TestParticipantsMergeKeepsOrderAndUpdatesInPlace(t *testing.T) {
	a := newTestApp(120, 40)
	pp := withParticipants(t, a, 3)
	bob := pp.List.Items[1]
	bob.State = service.StateDisconnected
	pp.Merge([]service.Participant{bob, {ID: "pNew00000009", UserID: "dave", State: service.StateConnected}})
	if len(pp.List.Items) != 4 || pp.List.Items[1].State != service.StateDisconnected || pp.List.Items[3].UserID != "dave" {
		t.Fatalf("merge: %+v", pp.List.Items)
	}
	conn, pub := pp.Counts()
	if conn != 2 || pub != 2 {
		t.Fatalf("counts connected %d published %d, want 2 and 2", conn, pub)
	}
}

func TestHostileTextNeverReachesTheTerminal(t *testing.T) {
	a := newTestApp(120, 40)
	st := stageFixture()[0]
	pp := panes.NewParticipantsPane(a.ctx, st, sessionFixture()[1])
	push(a, pp)
	hostile := []service.Participant{
		{ID: "pEvil0000001", UserID: "\x1b]0;pwned\x07\x1b[2Jmallory", State: service.StateConnected},
		{ID: "pEvil0000002", UserID: "\u202eevil\u009b31m\x1b]8;;http://x\x1b\\link", State: service.StateConnected},
	}
	deliver(t, a, pp, "scan", panes.PagedFrom{Page: service.Page[service.Participant]{Items: hostile}}, nil)
	raw := a.View().Content
	for _, bad := range []string{"\x1b]", "\x1b[2J", "\x07", "\u202e", "\u009b"} {
		if strings.Contains(raw, bad) {
			t.Fatalf("rendered output contains %q", bad)
		}
	}
	if !strings.Contains(screen(a), "mallory") {
		t.Fatal("the readable part of the user id is gone")
	}
}

func TestCompositionsNameTheirStages(t *testing.T) {
	a := newTestApp(160, 40)
	p := panes.NewCompositionsPane(a.ctx)
	a.stack = []kit.Pane{p}
	p.Init(a.ctx)
	deliver(t, a, p, "compositions", compositionFixture(), nil)
	if strings.Contains(screen(a), "main-broadcast") {
		t.Fatal("a stage name shown before anyone listed the stages")
	}
	// Opened first, the pane lists the stages its rows point at.
	deliver(t, a, p, "stage-names", stageFixture(), nil)
	if !strings.Contains(screen(a), "main-broadcast") {
		t.Fatalf("the STAGE column does not name the stage:\n%s", screen(a))
	}
	// Known now: the next list asks nothing more.
	p.Refresh(a.ctx)
	before := reqsOf(p).Latest["stage-names"]
	deliver(t, a, p, "compositions", compositionFixture(), nil)
	if reqsOf(p).Latest["stage-names"] != before {
		t.Fatal("the stages were listed again though every name is known")
	}
}
