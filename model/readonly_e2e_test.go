package model

import (
	"maps"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
	"github.com/ivsdash/ivsdash/service/emulator"
)

// --read-only end to end: every mutating key (t, c, e, ctrl+d, a; T then
// c, e and ctrl+d on the tags; R then c and ctrl+d on the replicas) on
// every pane, each followed by y (Yes, were a confirmation open), with the
// App's commands run for real against the emulator; its Mutations() must
// not move. Every pane's status bar says read-only, and neither its footer
// nor its help lists a mutating key.

// mutatingKeys are the keys that change something outside read-only mode.
var mutatingKeys = []string{"t", "c", "e", "ctrl+d", "a"}

// helpEntry is "key  description" in the help screen, "key description"
// in the footer.
var (
	helpEntry   = regexp.MustCompile(`(?:^|\s)(t|c|e|a|ctrl\+d)\s{2,}(\S+(?: \S+)*)`)
	footerEntry = regexp.MustCompile(`(?:^|· )(t|c|e|a|ctrl\+d) (\S+(?: [^·]+)?)`)
)

func (d *modelDriver) typeText(s string) {
	for _, r := range s {
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func TestReadOnlyNoMutationReachesTheEmulator(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true, Seed: 21, CompositionIdleTimeout: time.Hour})
	s := buildFaultScene(t, e)
	before := e.Mutations()
	app := New(Config{Client: testClient(e), Interval: time.Second, ReadOnly: true, Mode: "test", Endpoint: e.URL(), Clock: newFakeClock(t)})
	d := newModelDriver(t, app, 140, 45)
	settle := d.settle

	tryKeys := func(where string, keys ...string) {
		t.Helper()
		for _, k := range keys {
			d.press(k)
			settle()
			if n := len(d.app.dialogs); n > 0 {
				if _, export := d.app.dialogs[n-1].(*panes.ExportDialog); export && k == "e" {
					d.press("esc") // e exports the session timeline to a local file: no API change
					settle()
					continue
				}
				t.Errorf("%s: %s opened %T in read-only mode", where, k, d.app.dialogs[n-1])
				d.press("y", "ctrl+s", "enter") // and try to confirm or submit it
				settle()
				for range 5 {
					if len(d.app.dialogs) == 0 {
						break
					}
					d.press("esc")
					settle()
				}
			}
			d.press("y") // Yes, were a confirmation open; a copy otherwise
			settle()
		}
	}
	checkPane := func(where string) {
		t.Helper()
		screen := d.screen()
		if !strings.Contains(screen, "READ-ONLY") {
			t.Errorf("%s: the status bar does not say read-only:\n%s", where, screen)
		}
		lines := strings.Split(screen, "\n")
		for _, m := range footerEntry.FindAllStringSubmatch(lines[len(lines)-1], -1) {
			if !(m[1] == "e" && strings.HasPrefix(m[2], "export")) {
				t.Errorf("%s: the footer offers %q %q in read-only mode:\n%s", where, m[1], m[2], lines[len(lines)-1])
			}
		}
		d.press("?")
		help := d.screen()
		for _, m := range helpEntry.FindAllStringSubmatch(help, -1) {
			if !(m[1] == "e" && strings.HasPrefix(m[2], "export")) {
				t.Errorf("%s: help lists %q %q in read-only mode:\n%s", where, m[1], m[2], help)
			}
		}
		d.press("esc")
		tryKeys(where, mutatingKeys...)
	}
	tags := func(where string) {
		t.Helper()
		d.press("T")
		waitLoaded(t, d, where+" tags", "Tags of")
		checkPane(where + " tags")
		d.press("esc")
	}
	jump := func(target string) {
		d.press(":")
		d.typeText(target)
		d.press("enter")
	}

	waitLoaded(t, d, "stages", "fault-stage")
	checkPane("stages")
	tags("stages")
	d.press("d")
	waitLoaded(t, d, "stage detail", "Stage fault-stage")
	checkPane("stage detail")
	tags("stage detail")
	d.press("esc")
	waitLoaded(t, d, "stages", "fault-stage")
	d.press("enter")
	waitLoaded(t, d, "sessions", s.session.ID)
	checkPane("sessions")
	d.press("enter")
	waitLoaded(t, d, "participants", "alice", "bob")
	checkPane("participants")
	d.press("enter")
	waitLoaded(t, d, "participant", "Participant ", "JOINED")
	checkPane("participant")
	d.press("R")
	waitLoaded(t, d, "replicas", "Replicas of")
	checkPane("replicas")
	d.press("esc")
	d.press("s")
	waitLoaded(t, d, "timeline", "Timeline · fault-stage")
	checkPane("timeline")
	d.press("!")
	waitLoaded(t, d, "triage", "Error triage")
	checkPane("triage")

	jump("compositions")
	waitLoaded(t, d, "compositions", kit.ResourceID(s.composition.ARN))
	checkPane("compositions")
	tags("compositions")
	d.press("enter")
	waitLoaded(t, d, "composition", "Composition ")
	checkPane("composition")
	tags("composition")

	for _, r := range []struct{ jump, name, detail string }{
		{"ingest", "fault-ingest", "Ingest configuration fault-ingest"}, {"encoders", "fault-encoder", "Encoder configuration fault-encoder"},
		{"storage", "fault-storage", "Storage configuration fault-storage"}, {"keys", "fault-key", "Public key fault-key"},
	} {
		jump(r.jump)
		waitLoaded(t, d, r.jump, r.name)
		checkPane(r.jump)
		tags(r.jump)
		d.press("enter")
		waitLoaded(t, d, r.jump+" detail", r.detail)
		checkPane(r.jump + " detail")
		tags(r.jump + " detail")
	}

	d.settle() // on the fake clock: any command still on its way has arrived
	d.checkPanics()
	if after := e.Mutations(); !maps.Equal(after, before) {
		t.Fatalf("mutating operations reached the emulator in read-only mode: before %v, after %v", before, after)
	}
}
