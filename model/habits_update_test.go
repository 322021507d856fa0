package model

import (
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
	"github.com/ivsdash/ivsdash/model/watch"
	"github.com/ivsdash/ivsdash/service"
)

// The participants list counts each participant's errors from what the
// watcher read ("—" until read), and x keeps only those with errors.
func TestParticipantsErrorsColumnAndErrorsOnly(t *testing.T) {
	a := newTestApp(160, 30)
	withParticipants(t, a, 5)
	a.ctx.Watch.Want([]watch.Target{{Stage: stMain, Session: kMain.SessionID, Opened: true}}, t0)
	a.Update(watchListed(kMain, t0, part("pAlice000001", "alice", true), part("pBob00000002", "bob", false)))
	a.Update(watchRead(kMain, "pAlice000001", t0, ev("PUBLISH_ERROR", "pAlice000001", "QUOTA_EXCEEDED", t0), ev("PUBLISH_ERROR", "pAlice000001", "BITRATE_EXCEEDED", t0), ev("PUBLISH_ERROR", "pAlice000001", "QUOTA_EXCEEDED", t0), ev("PUBLISH_ERROR", "pAlice000001", "QUOTA_EXCEEDED", t0)))
	a.Update(watchRead(kMain, "pBob00000002", t0))
	out := screen(a)
	if !strings.Contains(out, "ERRORS") {
		t.Fatalf("no ERRORS column:\n%s", out)
	}
	if l := lineWith(out, "pAlice000001"); !strings.Contains(l, "✖ 4") {
		t.Fatalf("alice's row should count her 4 errors: %q", l)
	}
	if l := lineWith(out, "pCarol000003"); !strings.Contains(l, "—") {
		t.Fatalf("carol was not read: her count is unknown, %q", l)
	}

	a.Update(keyMsg("x"))
	out = screen(a)
	if !strings.Contains(out, "pAlice000001") || strings.Contains(out, "pBob00000002") || strings.Contains(out, "pCarol000003") {
		t.Fatalf("x should keep only alice:\n%s", out)
	}
	if !strings.Contains(out, "1 with errors") {
		t.Fatalf("the header should say errors only is on:\n%s", out)
	}
	// bob's new error shows him without another key.
	a.Update(watchRead(kMain, "pBob00000002", t0, ev("SUBSCRIBE_ERROR", "pBob00000002", "PUBLISHER_NOT_FOUND", t0)))
	if out = screen(a); !strings.Contains(out, "pBob00000002") {
		t.Fatalf("a participant whose errors were read since should join the list:\n%s", out)
	}
	a.Update(keyMsg("x"))
	if out = screen(a); !strings.Contains(out, "pCarol000003") || strings.Contains(out, "with errors") {
		t.Fatalf("x again should show everyone:\n%s", out)
	}
}

func TestCompareTextReadsNumbers(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"viewer-9", "viewer-10", -1},
		{"✖ 3", "✖ 12", -1},
		{"1,200", "300", 1},
		{"Alice", "bob", -1},
		{"007", "7", 0},
		{"abc", "ab", 1},
		{"\x1b[31mred\x1b[m", "red", 0},
	} {
		if got := kit.CompareText(c.a, c.b); sign(got) != c.want {
			t.Errorf("CompareText(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func sign(n int) int { return max(-1, min(n, 1)) }

// o cycles the sort through the columns (then back to the pane's order), O
// reverses it; the header marks the sorted column and the cursor stays on
// its participant.
func TestParticipantsSortKeys(t *testing.T) {
	a := newTestApp(160, 30)
	p := withParticipants(t, a, 12)
	firstRow := func() string {
		for _, l := range strings.Split(screen(a), "\n") {
			if strings.Contains(l, "CONNECTED") && !strings.Contains(l, "STATE") {
				return l
			}
		}
		return ""
	}
	header := func() string { return lineWith(screen(a), "USER ID") }
	if h := header(); strings.Contains(h, "▲") || strings.Contains(h, "▼") {
		t.Fatalf("the default order is marked: %q", h)
	}
	a.Update(keyMsg("o"))
	out := screen(a)
	if !strings.Contains(out, "USER ID ▲") || !strings.Contains(firstRow(), "alice") {
		t.Fatalf("o should sort by USER ID, ascending:\n%s", out)
	}
	a.Update(keyMsg("O"))
	if out = screen(a); !strings.Contains(out, "USER ID ▼") || !strings.Contains(firstRow(), "viewer-00011") {
		t.Fatalf("O should reverse it:\n%s", out)
	}
	if sel, _ := p.List.Selected(); sel.UserID != "alice" {
		t.Fatalf("the cursor left alice: %q", sel.UserID)
	}
	a.Update(keyMsg("o")) // PARTICIPANT ▲
	a.Update(keyMsg("o")) // STATE ▲
	a.Update(keyMsg("o")) // ERRORS ▲
	a.Update(keyMsg("o")) // PUBLISHED ▲
	if col, desc := p.List.Sorted(); col != 4 || desc {
		t.Fatalf("after four more o: column %d desc %v, want PUBLISHED ascending", col, desc)
	}
	if out = screen(a); !strings.Contains(out, "PUBLISHED ▲") {
		t.Fatalf("PUBLISHED should be marked:\n%s", out)
	}
	a.Update(keyMsg("O"))
	if row := firstRow(); !strings.Contains(row, "▲ yes") {
		t.Fatalf("publishers first when PUBLISHED is reversed: %q", row)
	}
	for range 7 { // RECORDING, FIRST JOIN, REPLICATION, PROTOCOL, CLIENT, SDK, then the pane's order
		a.Update(keyMsg("o"))
	}
	if h := header(); strings.Contains(h, "▲") || strings.Contains(h, "▼") {
		t.Fatalf("o after the last column should bring back the pane's order: %q", h)
	}
	if col, desc := p.List.Sorted(); col != -1 || desc {
		t.Fatalf("sorted by %d (desc %v), want the pane's order", col, desc)
	}
}

// Every kit list sorts by its cells' text: the stages by TAGS, say.
func TestStagesSortByCellText(t *testing.T) {
	a := newTestApp(160, 30)
	p := withStages(t, a)
	for range 7 { // NAME, ID, SESSION, CONNECTED, PUB, ERRORS, TAGS
		a.Update(keyMsg("o"))
	}
	out := screen(a)
	if !strings.Contains(out, "TAGS ▲") {
		t.Fatalf("TAGS should be marked:\n%s", out)
	}
	var names []string
	for row := range p.List.Len() {
		names = append(names, p.List.At(row).Name)
	}
	// quiet-room has no tags (""), main-broadcast env=prod, standup env=dev…
	if want := "quiet-room standup main-broadcast"; strings.Join(names, " ") != want {
		t.Fatalf("by TAGS: %v, want %s", names, want)
	}
}

// While the first page loads, the list shows a spinner whose frame is the
// clock's (so a view at a fixed time is always the same); its ticks come
// while loading, and stop with the load.
func TestSpinnerWhileTheFirstPageLoads(t *testing.T) {
	now := t0
	a := New(Config{Interval: 5 * time.Second, Mode: "demo · us-east-1", Now: func() time.Time { return now }})
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	p := a.top()
	p.Init(a.ctx)
	_, cmd := a.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	var tick tea.Msg
	for _, m := range messagesOf(cmd) {
		if m, ok := m.(spinner.TickMsg); ok {
			tick = m
		}
	}
	if tick == nil {
		t.Fatal("no spinner tick while the first page loads")
	}
	if out := screen(a); !strings.Contains(out, spinner.MiniDot.Frames[0]+" loading stages") {
		t.Fatalf("no spinner at the start of the load:\n%s", out)
	}
	now = t0.Add(2 * spinner.MiniDot.FPS)
	if _, cmd = a.Update(tick); cmd == nil {
		t.Fatal("a tick while loading should ask for the next one")
	}
	if out := screen(a); !strings.Contains(out, spinner.MiniDot.Frames[2]+" loading stages") {
		t.Fatalf("two frames later the spinner should show its third frame:\n%s", out)
	}
	deliver(t, a, p, "stages", service.Page[service.Stage]{Items: stageFixture()}, nil)
	if cmd := a.ctx.Spin.Run(a.ctx, tick, a.firstLoad()); cmd != nil {
		t.Fatal("the spinner ticks on after the load")
	}
	if out := screen(a); strings.Contains(out, "loading stages") {
		t.Fatalf("the list should replace the spinner:\n%s", out)
	}
	// A pane that shows no spinner (a timeline still waiting on the
	// watcher) sets off no ticks.
	st := stageFixture()[0]
	push(a, panes.NewTimelinePane(a.ctx, st, service.Session{ID: st.ActiveSessionID}))
	if !a.top().Load().Loading || a.firstLoad() {
		t.Fatal("a loading timeline should not turn the spinner")
	}
}

// A click selects the row under it, a second click on it opens it, the
// wheel moves the cursor; --no-mouse leaves the mouse to the terminal.
func TestMouseSelectsOpensAndScrolls(t *testing.T) {
	a := newTestApp(160, 30)
	if got := a.View().MouseMode; got != tea.MouseModeCellMotion {
		t.Fatalf("mouse mode = %v, want cell motion", got)
	}
	p := withParticipants(t, a, 12)
	screen(a) // clicks land on what was drawn
	// Line 0 is the breadcrumb, 1 the pane's title, 2 the table's header.
	a.Update(tea.MouseClickMsg{X: 5, Y: 5, Button: tea.MouseLeft})
	if sel, _ := p.List.Selected(); sel.UserID != "carol" {
		t.Fatalf("a click on the third row selected %q", sel.UserID)
	}
	a.Update(tea.MouseWheelMsg{X: 5, Y: 5, Button: tea.MouseWheelDown})
	a.Update(tea.MouseWheelMsg{X: 5, Y: 5, Button: tea.MouseWheelDown})
	a.Update(tea.MouseWheelMsg{X: 5, Y: 5, Button: tea.MouseWheelUp})
	if sel, _ := p.List.Selected(); sel.UserID != "viewer-00003" {
		t.Fatalf("two wheel steps down and one up from carol selected %q", sel.UserID)
	}
	a.Update(tea.MouseClickMsg{X: 5, Y: 2, Button: tea.MouseLeft}) // the header: nothing
	if sel, _ := p.List.Selected(); sel.UserID != "viewer-00003" {
		t.Fatalf("a click on the header moved the cursor to %q", sel.UserID)
	}
	_, cmd := a.Update(tea.MouseClickMsg{X: 5, Y: 4, Button: tea.MouseLeft})
	if sel, _ := p.List.Selected(); sel.UserID != "bob" || cmd != nil {
		t.Fatalf("one click selects bob and opens nothing: %q, %v", sel.UserID, cmd)
	}
	_, cmd = a.Update(tea.MouseClickMsg{X: 5, Y: 4, Button: tea.MouseLeft})
	for _, m := range messagesOf(cmd) {
		a.Update(m)
	}
	if out := screen(a); !strings.Contains(out, "Participant bob") {
		t.Fatalf("a double-click should open bob:\n%s", out)
	}

	b := New(Config{Interval: 5 * time.Second, Mode: "demo · us-east-1", Now: func() time.Time { return t0 }, NoMouse: true})
	b.Update(tea.WindowSizeMsg{Width: 160, Height: 30})
	if got := b.View().MouseMode; got != tea.MouseModeNone {
		t.Fatalf("--no-mouse: mouse mode = %v", got)
	}
	q := withParticipants(t, b, 12)
	screen(b)
	b.Update(tea.MouseClickMsg{X: 5, Y: 5, Button: tea.MouseLeft})
	b.Update(tea.MouseWheelMsg{X: 5, Y: 5, Button: tea.MouseWheelDown})
	if sel, _ := q.List.Selected(); sel.UserID != "alice" {
		t.Fatalf("--no-mouse: the mouse moved the cursor to %q", sel.UserID)
	}
	if out := helpKeysOf(b); strings.Contains(out, "wheel/click") {
		t.Fatal("--no-mouse: the help still offers the mouse")
	}
}

// helpKeysOf is the help keys of b's top pane, as text.
func helpKeysOf(b *App) string {
	var keys []string
	for _, k := range b.top().Help(b.ctx.Keys).Bindings() {
		keys = append(keys, k.Help().Key)
	}
	return strings.Join(keys, " ")
}

// F follows the newest event: the cursor goes to it, new events come into
// view at the bottom with the cursor on them, scrolling back stops it; the
// next timeline opens following. w wraps the error notes.
func TestTimelineFollowAndWrap(t *testing.T) {
	a := newTestApp(160, 40)
	withStages(t, a)
	watchFixture(t, a)
	st := stageFixture()[0]
	km := watch.Key{StageARN: st.ARN, SessionID: st.ActiveSessionID}
	push(a, panes.NewTimelinePane(a.ctx, st, service.Session{ID: st.ActiveSessionID}))
	selected := func() string { return lineWith(screen(a), "▸") }
	if l := selected(); !strings.Contains(l, "JOINED") || !strings.Contains(l, "alice") {
		t.Fatalf("without follow the timeline opens at its first event: %q", l)
	}
	a.Update(keyMsg("F"))
	out := screen(a)
	if l := lineWith(out, "▸"); !strings.Contains(l, "QUOTA_EXCEEDED") || !strings.Contains(l, "pViewer00003") {
		t.Fatalf("F should select the newest event: %q", l)
	}
	if !strings.Contains(out, "⇣ following") {
		t.Fatalf("the status line should say it follows:\n%s", out)
	}
	// A new event: it shows at the bottom, selected.
	a.Update(watchRead(km, "pAlice000001", t0, ev("JOINED", "pAlice000001", "", t0.Add(-40*time.Minute)), ev("PUBLISH_STARTED", "pAlice000001", "", t0.Add(-40*time.Minute)), ev("PUBLISH_STOPPED", "pAlice000001", "", t0)))
	if l := selected(); !strings.Contains(l, "PUBLISH_STOPPED") {
		t.Fatalf("following, the new event should be selected: %q", l)
	}
	a.Update(keyMsg("k"))
	if out = screen(a); strings.Contains(out, "⇣ following") || strings.Contains(selected(), "PUBLISH_STOPPED") {
		t.Fatalf("moving up should stop following:\n%s", out)
	}
	a.Update(keyMsg("F"))
	// The next timeline opens following, at its newest event.
	a.Update(keyMsg("esc"))
	push(a, panes.NewTimelinePane(a.ctx, st, service.Session{ID: st.ActiveSessionID}))
	if l := selected(); !strings.Contains(l, "PUBLISH_STOPPED") {
		t.Fatalf("a timeline opened while following should open at the newest event: %q", l)
	}
	// w: the notes wrap (on a narrow screen the fix is cut otherwise).
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 40})
	cut := screen(a)
	a.Update(keyMsg("w"))
	wrapped := screen(a)
	if !strings.Contains(wrapped, "wrapped") {
		t.Fatalf("w should say the notes are wrapped:\n%s", wrapped)
	}
	const whole = "SUBSCRIBE-only token)"
	if strings.Contains(cut, whole) || !strings.Contains(wrapped, whole) {
		t.Fatalf("the fix is cut at 80 columns, and whole when wrapped:\n%s\n---\n%s", cut, wrapped)
	}
}
