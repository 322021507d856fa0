package model

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/model/kit"
)

// The fault matrix of the background reads: each read a pane makes in the
// background (what it adds to its own list: live figures, names) fails
// alone, by a fault on its one operation, while the pane's own list loads
// fine. While it fails the status bar names the read and its operation,
// and what it would have added is unknown on screen, never a number; once
// the fault ends it recovers by itself.

type backgroundCase struct {
	name  string
	fault string // the emulator's fault grammar, on one operation
	// open drives the dashboard to the pane (the fault is on already when
	// early is set: the read happens once, as the pane loads).
	open  func(t *testing.T, d *modelDriver, s *faultScene)
	early bool
	// failing is what the status bar must name; unknown checks the screen
	// while the read fails, known once it works again.
	failing string
	// explained: the last-error line says what went wrong too (the
	// pane's own reads; the watcher's errors are its panes' to explain).
	explained bool
	unknown   func(s *faultScene, screen string) bool
	known     func(s *faultScene, screen string) bool
}

// liveCells is the fault stage's row from its session column on: the
// session's age, CONNECTED and PUB.
var liveCells = regexp.MustCompile(`fault-stage.*◆ LIVE.*?\s(\S+)\s+(\S+)\s+(?:✖ \d+|—)\s+team=oncall`)

func liveFiguresAre(want ...string) func(*faultScene, string) bool {
	return func(_ *faultScene, screen string) bool {
		m := liveCells.FindStringSubmatch(screen)
		return m != nil && m[1] == want[0] && m[2] == want[1]
	}
}

func openLive(t *testing.T, d *modelDriver, s *faultScene) {
	t.Helper()
	if !d.runUntil(30*time.Second, func() bool { return liveFiguresAre("2", "1")(s, d.screen()) }) {
		t.Fatalf("the live figures never loaded:\n%s", d.screen())
	}
}

var backgroundCases = []backgroundCase{
	{name: "stages/live-session", fault: "error500=1@GetStageSession", open: func(t *testing.T, d *modelDriver, s *faultScene) {
		openLive(t, d, s)
	}, failing: "live figures (GetStageSession)", explained: true, unknown: liveFiguresAre("?", "?"), known: liveFiguresAre("2", "1")},
	{name: "stages/live-participants", fault: "error500=1@ListParticipants", open: func(t *testing.T, d *modelDriver, s *faultScene) {
		openLive(t, d, s)
	}, failing: "live figures (ListParticipants)", explained: true, unknown: liveFiguresAre("?", "?"), known: liveFiguresAre("2", "1")},
	// The error counts come from the watcher's reads: while they fail the
	// counts on screen are the last known, and the status bar says so.
	{name: "stages/error-watcher", fault: "error500=1@ListParticipantEvents", open: openLive,
		failing: "error watcher (ListParticipantEvents)",
		unknown: func(*faultScene, string) bool { return true }, known: liveFiguresAre("2", "1")},
	{name: "ingest/stage-names", fault: "error500=1@ListStages", early: true, open: func(t *testing.T, d *modelDriver, s *faultScene) {
		waitLoaded(t, d, "ingest", "fault-ingest")
	}, failing: kit.StageNamesRead + " (ListStages)", explained: true,
		unknown: func(s *faultScene, screen string) bool {
			return strings.Contains(screen, s.stage.ID) && !strings.Contains(screen, "fault-stage")
		},
		known: func(s *faultScene, screen string) bool { return strings.Contains(screen, "fault-stage") }},
}

func TestBackgroundFaultMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("end to end against the emulator")
	}
	for _, bc := range backgroundCases {
		t.Run(bc.name, func(t *testing.T) {
			t.Parallel()
			e, scene := newSceneEmulator(t)
			start := "stages"
			switch {
			case strings.HasPrefix(bc.name, "ingest"):
				start = "ingest"
			case strings.HasPrefix(bc.name, "composition"):
				start = "compositions"
			}
			app := New(Config{Client: testClient(e), Interval: matrixInterval, Mode: "test", Endpoint: e.URL(), Start: start, Clock: newFakeClock(t)})
			d := newModelDriver(t, app, 160, 40)
			if bc.early {
				if err := e.SetFaults(bc.fault); err != nil {
					t.Fatal(err)
				}
			}
			bc.open(t, d, scene)
			if !bc.early {
				if err := e.SetFaults(bc.fault); err != nil {
					t.Fatal(err)
				}
			}
			failing := func() bool {
				info := d.app.statusInfo()
				return info.Failing == bc.failing && strings.Contains(d.screen(), bc.failing+" failing") && bc.unknown(scene, d.screen())
			}
			if !d.runUntil(20*time.Second, failing) {
				t.Fatalf("while %s fails, the status bar should name %q and the screen show the value unknown; status %+v\n%s", bc.fault, bc.failing, d.app.statusInfo(), d.screen())
			}
			if info := d.app.statusInfo(); bc.explained && !strings.Contains(info.LastError, "internal error") {
				t.Errorf("the last error does not say what went wrong: %q", info.LastError)
			}
			if err := e.SetFaults(""); err != nil {
				t.Fatal(err)
			}
			recovered := func() bool {
				return d.app.statusInfo().Failing == "" && bc.known(scene, d.screen())
			}
			if !d.runUntil(20*time.Second, recovered) {
				t.Fatalf("no recovery after the fault ended; status %+v\n%s", d.app.statusInfo(), d.screen())
			}
			d.checkPanics()
		})
	}
}
