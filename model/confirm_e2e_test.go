package model

import (
	"context"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/emulator"
)

// Destructive confirmations default to No: every confirmation the program
// has (disconnect, stop composition, delete stage, ingest (and force),
// encoder, storage and key, untag, stop replication), reached from every
// pane that offers it, is answered with enter, and the emulator must have
// received no mutating call. The App's commands run for real.
func TestConfirmationsDefaultToNo(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true, Seed: 22, CompositionIdleTimeout: time.Hour})
	s := buildFaultScene(t, e)
	c := testClient(e)
	ctx := context.Background()
	dest, _, err := c.CreateStage(ctx, service.CreateStageRequest{Name: "fault-dest"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.StartParticipantReplication(ctx, service.StartReplicationRequest{SourceStageARN: s.stage.ARN, DestinationStageARN: dest.ARN, ParticipantID: s.alice.ID}); err != nil {
		t.Fatal(err)
	}
	// An ingest configuration an encoder publishes through: its delete is a force-delete.
	live, err := c.CreateIngestConfiguration(ctx, service.CreateIngestRequest{Name: "live-ingest", Protocol: "RTMPS", StageARN: s.stage.ARN})
	if err != nil {
		t.Fatal(err)
	}
	if live, err = c.GetIngestConfiguration(ctx, live.ARN); err != nil {
		t.Fatal(err)
	}
	if _, err := e.IngestPublish(live.StreamKey.Reveal(), "RTMPS"); err != nil {
		t.Fatal(err)
	}

	app := New(Config{Client: c, Interval: time.Second, Mode: "test", Endpoint: e.URL(), Clock: newFakeClock(t)})
	d := newModelDriver(t, app, 140, 45)
	seen := map[string]bool{}

	// confirmNo opens the confirmation with ctrl+d, checks it names what
	// will happen, answers enter, and checks nothing changed.
	confirmNo := func(where, title string, names ...string) {
		t.Helper()
		before := e.Mutations()
		d.press("ctrl+d")
		d.settle()
		if len(d.app.dialogs) == 0 {
			t.Fatalf("%s: ctrl+d opened no confirmation:\n%s", where, d.screen())
		}
		if _, ok := d.app.dialogs[len(d.app.dialogs)-1].(*kit.ConfirmDialog); !ok {
			t.Fatalf("%s: ctrl+d opened %T, not a confirmation", where, d.app.dialogs[len(d.app.dialogs)-1])
		}
		screen := d.screen()
		for _, want := range append([]string{title, "▸ [ No ]"}, names...) {
			if !strings.Contains(screen, want) {
				t.Errorf("%s: the confirmation should say %q:\n%s", where, want, screen)
			}
		}
		d.press("enter")
		d.settle() // on the fake clock: an action, had one started, has reached the emulator
		if len(d.app.dialogs) != 0 {
			t.Errorf("%s: enter left the confirmation open", where)
		}
		if !strings.Contains(d.screen(), "cancelled: nothing was changed") {
			t.Errorf("%s: enter should say it cancelled:\n%s", where, d.screen())
		}
		if after := e.Mutations(); !maps.Equal(after, before) {
			t.Errorf("%s: enter on the confirmation changed something: before %v, after %v", where, before, after)
		}
		seen[title] = true
	}
	jump := func(target string) {
		d.press(":")
		d.typeText(target)
		d.press("enter")
	}
	filter := func(text string) {
		d.press("/")
		d.typeText(text)
		d.press("enter")
	}

	waitLoaded(t, d, "stages", "fault-stage")
	filter("fault-stage")
	confirmNo("stages", "Delete stage", "fault-stage", "This cannot be")
	d.press("T")
	waitLoaded(t, d, "stage tags", "Tags of stage fault-stage")
	confirmNo("stage tags", "Remove tag", "team=oncall")
	d.press("esc")
	d.press("d")
	waitLoaded(t, d, "stage detail", "Stage fault-stage")
	confirmNo("stage detail", "Delete stage", "fault-stage")
	d.press("esc")
	waitLoaded(t, d, "stages", "fault-stage")
	d.press("enter")
	waitLoaded(t, d, "sessions", s.session.ID)
	d.press("enter")
	waitLoaded(t, d, "participants", "alice", "bob")
	filter("alice")
	confirmNo("participants", "Disconnect participant", "alice", "fault-stage")
	d.press("enter")
	waitLoaded(t, d, "participant", "Participant alice")
	confirmNo("participant", "Disconnect participant", "alice")
	d.press("R")
	waitLoaded(t, d, "replicas", "Replicas of alice", "fault-dest")
	confirmNo("replicas", "Stop replication", "alice", "fault-dest")

	jump("compositions")
	id := kit.ResourceID(s.composition.ARN)
	waitLoaded(t, d, "compositions", id)
	confirmNo("compositions", "Stop composition", id, "fault-stage")
	d.press("enter")
	waitLoaded(t, d, "composition", "Composition "+id)
	confirmNo("composition", "Stop composition", id)

	jump("ingest")
	waitLoaded(t, d, "ingest", "fault-ingest", "live-ingest")
	filter("fault-ingest")
	confirmNo("ingest", "Delete ingest configuration", "fault-ingest")
	d.press("enter")
	waitLoaded(t, d, "ingest detail", "Ingest configuration fault-ingest")
	confirmNo("ingest detail", "Delete ingest configuration", "fault-ingest")
	d.press("esc")
	d.press("esc") // clears the filter
	filter("live-ingest")
	confirmNo("active ingest", "Force-delete ingest configuration", "live-ingest", "ACTIVE")

	for _, r := range []struct{ jump, name, title, detail string }{
		{"encoders", "fault-encoder", "Delete encoder configuration", "Encoder configuration fault-encoder"},
		{"storage", "fault-storage", "Delete storage configuration", "Storage configuration fault-storage"},
		{"keys", "fault-key", "Delete public key", "Public key fault-key"},
	} {
		jump(r.jump)
		waitLoaded(t, d, r.jump, r.name)
		confirmNo(r.jump, r.title, r.name)
		d.press("enter")
		waitLoaded(t, d, r.jump+" detail", r.detail)
		confirmNo(r.jump+" detail", r.title, r.name)
	}

	for _, title := range []string{"Delete stage", "Remove tag", "Disconnect participant", "Stop replication", "Stop composition",
		"Delete ingest configuration", "Force-delete ingest configuration", "Delete encoder configuration",
		"Delete storage configuration", "Delete public key"} {
		if !seen[title] {
			t.Errorf("the confirmation %q was not tried", title)
		}
	}
	d.checkPanics()
}
