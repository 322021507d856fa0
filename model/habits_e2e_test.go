package model

import (
	tea "charm.land/bubbletea/v2"
	"context"
	"strings"
	"testing"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/emulator"
)

// drillToParticipants drills from the stages to the scene's session.
func drillToParticipants(h *harness, sc scene) string {
	h.t.Helper()
	h.waitFor("e2e-live", "LIVE")
	h.press("enter")
	h.waitFor("Sessions of e2e-live", sc.session)
	h.press("enter")
	return h.waitFor("Participants of "+sc.session, "alice", "bob")
}

// bob's failed publish is counted on his row once the watcher read it, and
// x keeps only him.
func TestE2EParticipantsErrorsColumnAndErrorsOnly(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true})
	sc := buildScene(t, e)
	h := startHarness(t, e, harnessOpts{fakeClock: true})
	drillToParticipants(h, sc)
	screen := h.waitScreen("bob's row counting 1 error", func(s string) bool {
		return strings.Contains(lineWith(s, sc.bob), "✖ 1") && strings.Contains(lineWith(s, sc.alice), "—")
	})
	if !strings.Contains(screen, "ERRORS") {
		t.Fatalf("no ERRORS column:\n%s", screen)
	}
	h.press("x")
	screen = h.waitFor("1 with errors", "showing only participants with errors")
	if strings.Contains(screen, sc.alice) || !strings.Contains(screen, sc.bob) {
		t.Fatalf("errors only should keep bob alone:\n%s", screen)
	}
	h.press("x")
	h.waitScreen("everyone again", func(s string) bool {
		return strings.Contains(s, sc.alice) && strings.Contains(s, sc.bob) && !strings.Contains(s, "with errors")
	})
}

// o sorts the stages by NAME, O reverses it, and o round the columns
// brings back the pane's order.
func TestE2ESortStagesByName(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true})
	buildScene(t, e)
	c := testClient(e)
	for _, name := range []string{"zz-idle", "aa-idle"} {
		if _, _, err := c.CreateStage(context.Background(), service.CreateStageRequest{Name: name}); err != nil {
			t.Fatalf("CreateStage: %v", err)
		}
	}
	h := startHarness(t, e, harnessOpts{fakeClock: true})
	h.waitFor("e2e-live", "zz-idle", "aa-idle")
	order := func(s string) string {
		var names []string
		for _, l := range strings.Split(s, "\n") {
			for _, n := range []string{"aa-idle", "e2e-live", "zz-idle"} {
				if strings.Contains(l, n) {
					names = append(names, n)
				}
			}
		}
		return strings.Join(names, " ")
	}
	h.press("o")
	h.waitScreen("NAME ▲ and the names in order", func(s string) bool {
		return strings.Contains(s, "NAME ▲") && order(s) == "aa-idle e2e-live zz-idle"
	})
	h.press("O")
	h.waitScreen("NAME ▼ and the names reversed", func(s string) bool {
		return strings.Contains(s, "NAME ▼") && order(s) == "zz-idle e2e-live aa-idle"
	})
	h.press("o", "o", "o", "o", "o", "o", "o")
	h.waitScreen("the pane's order, unmarked", func(s string) bool {
		header := lineWith(s, "NAME")
		return header != "" && !strings.ContainsAny(header, "▲▼")
	})
}

// A pane whose first page is slow shows a spinner that turns with the
// clock, then the list.
func TestE2ESpinnerWhileTheFirstPageLoads(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true, Faults: "latency=1500ms@ListEncoderConfigurations"})
	h := startHarness(t, e, harnessOpts{fakeClock: true, start: "encoders"})
	frameOf := func(s string) string {
		l := lineWith(s, "loading encoder configurations")
		i := strings.Index(l, " loading encoder configurations")
		if i < 0 {
			return ""
		}
		f := []rune(strings.TrimSpace(l[:i]))
		if len(f) == 0 {
			return ""
		}
		return string(f[len(f)-1])
	}
	first := frameOf(h.waitScreen("a spinner frame", func(s string) bool { return frameOf(s) != "" }))
	h.waitScreen("another spinner frame", func(s string) bool { f := frameOf(s); return f != "" && f != first })
	h.waitFor("no encoder configurations")
}

// lineOf is the screen line that shows text (-1: none).
func lineOf(screen, text string) int {
	for i, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, text) {
			return i
		}
	}
	return -1
}

// A click selects a stage, a double-click opens it, the wheel moves.
func TestE2EMouseClickDoubleClickAndWheel(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true})
	buildScene(t, e)
	for _, name := range []string{"aa-idle", "bb-idle"} {
		if _, _, err := testClient(e).CreateStage(context.Background(), service.CreateStageRequest{Name: name}); err != nil {
			t.Fatalf("CreateStage: %v", err)
		}
	}
	h := startHarness(t, e, harnessOpts{fakeClock: true})
	screen := h.waitFor("e2e-live", "aa-idle", "bb-idle")
	y := lineOf(screen, "bb-idle")
	h.prog.Send(tea.MouseClickMsg{X: 10, Y: y, Button: tea.MouseLeft})
	h.waitScreen("bb-idle selected", func(s string) bool { return strings.HasPrefix(lineWith(s, "bb-idle"), "▸") })
	h.prog.Send(tea.MouseWheelMsg{X: 10, Y: y, Button: tea.MouseWheelUp})
	h.waitScreen("the row above bb-idle selected", func(s string) bool {
		return !strings.HasPrefix(lineWith(s, "bb-idle"), "▸") && strings.HasPrefix(strings.Split(s, "\n")[y-1], "▸")
	})
	h.prog.Send(tea.MouseClickMsg{X: 10, Y: y, Button: tea.MouseLeft})
	h.prog.Send(tea.MouseClickMsg{X: 10, Y: y, Button: tea.MouseLeft})
	h.waitFor("Sessions of bb-idle")
}

// --no-mouse: clicks do nothing.
func TestE2ENoMouse(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true})
	buildScene(t, e)
	h := startHarness(t, e, harnessOpts{fakeClock: true, config: func(c *Config) { c.NoMouse = true }})
	screen := h.waitFor("e2e-live")
	y := lineOf(screen, "e2e-live")
	h.prog.Send(tea.MouseClickMsg{X: 10, Y: y, Button: tea.MouseLeft})
	h.prog.Send(tea.MouseClickMsg{X: 10, Y: y, Button: tea.MouseLeft})
	h.press("?")
	screen = h.waitFor("Keys of the stages pane")
	if strings.Contains(screen, "wheel/click") || strings.Contains(screen, "Sessions of") {
		t.Fatalf("--no-mouse: the mouse works or is offered:\n%s", screen)
	}
}

// F on a participant's timeline follows: a new event comes in at the
// bottom, selected; w wraps the notes; the session timeline then opens
// following too.
func TestE2ETimelineFollowAndWrap(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true})
	sc := buildScene(t, e)
	h := startHarness(t, e, harnessOpts{fakeClock: true})
	drillToParticipants(h, sc)
	h.press("down", "enter") // bob
	h.waitFor("Participant bob", "INSUFFICIENT_CAPABILITIES")
	h.press("F")
	h.waitFor("⇣ following")
	if err := e.RecordError(sc.stage.ARN, sc.bob, "SUBSCRIBE_ERROR", "PUBLISHER_NOT_FOUND"); err != nil {
		t.Fatalf("RecordError: %v", err)
	}
	h.waitScreen("the new error selected at the bottom", func(s string) bool {
		return strings.Contains(lineWith(s, "▸"), "SUBSCRIBE_ERROR")
	})
	h.press("w")
	h.waitFor("⇣ following · wrapped")
	h.press("k")
	h.waitScreen("following stopped", func(s string) bool {
		return !strings.Contains(s, "⇣ following") && !strings.Contains(lineWith(s, "▸"), "SUBSCRIBE_ERROR")
	})
	h.press("F", "s")
	screen := h.waitFor("Timeline · e2e-live", "⇣ following · wrapped")
	if !strings.Contains(lineWith(screen, "▸"), "SUBSCRIBE_ERROR") {
		t.Fatalf("the session timeline should open at its newest event:\n%s", screen)
	}
}
