package model

import (
	"context"
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/emulator"
)

const (
	e2eChannel1 = "arn:aws:ivs:us-east-1:123456789012:channel/e2eGridChan1"
	e2eChannel2 = "arn:aws:ivs:us-east-1:123456789012:channel/e2ePipChan02"
)

func onlyComposition(t *testing.T, c *service.Client, not ...string) service.Composition {
	t.Helper()
	all, err := c.AllCompositions(context.Background(), service.CompositionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var fresh []service.Composition
	for _, x := range all {
		if !slices.Contains(not, x.ARN) {
			fresh = append(fresh, x)
		}
	}
	if len(fresh) != 1 {
		t.Fatalf("%d new compositions, want 1: %+v", len(fresh), fresh)
	}
	got, err := c.GetComposition(context.Background(), fresh[0].ARN)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestE2EStartCompositionGridAndPiP starts a grid composition from a
// stage's detail (c, the stage preselected) and a picture-in-picture one
// from :compositions, each to a channel and S3 with every layout field
// set; GetComposition must hold them. The PiP one is then stopped with
// ctrl+d from its detail (StopComposition).
func TestE2EStartCompositionGridAndPiP(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true, CompositionStartDelay: 50 * time.Millisecond,
		CompositionStopDelay: 50 * time.Millisecond, CompositionRetention: time.Minute})
	c := testClient(e)
	sc := buildScene(t, e) // participants keep the compositions from idling out
	store := mustStorage(t, c, "e2e-rec", "e2e-recordings")
	encA := mustEncoder(t, c, "enc-a")
	encB := mustEncoder(t, c, "enc-b")
	h := startHarness(t, e, harnessOpts{})
	h.waitFor("e2e-live")

	// Grid, from the stage's detail.
	h.press("d")
	h.waitFor("Stage e2e-live")
	h.press("c")
	h.waitFor("Start a composition", "e2e-live")
	h.press("tab", "tab") // layout (grid); featured attribute
	h.typeText("featured")
	h.press("tab")
	h.typeText("seat")
	h.press("tab", "space", "tab") // omit stopped video; gap
	h.typeText("0")
	h.press("tab", "space", "space") // fill: COVER
	h.press("tab", "space")          // aspect: SQUARE
	h.press("tab", "tab")            // channel on; its ARN
	h.paste("arn:aws:ivs:us-east-1:123456789012:chanel/x")
	h.press("tab")
	h.waitFor("enc-a")
	h.press("down")                // enc-a for the channel
	h.press("tab", "space", "tab") // S3 on; storage
	h.waitFor("s3://e2e-recordings")
	h.press("tab", "down", "tab") // enc-b for S3; segment
	h.typeText("4")
	h.press("tab", "space", "tab", "ctrl+u") // thumbnails; interval
	h.typeText("20")
	h.press("tab")
	h.typeText("show=e2e")
	h.press("ctrl+s")
	// Refused before any call: the gap and the channel ARN.
	h.waitFor("a grid's gap of 0 cannot be sent")
	h.press("ctrl+u")
	h.typeText("6")
	h.press("ctrl+s")
	h.waitFor("not an IVS channel ARN")
	if n := calls(e, "StartComposition"); n != 0 {
		t.Fatalf("StartComposition called %d times with invalid fields", n)
	}
	h.press("ctrl+u")
	h.paste(e2eChannel1)
	h.press("ctrl+s")
	h.waitFor("Composition ", "grid · aspect SQUARE · gap 6", "S3 prefix", "/composite")
	grid := onlyComposition(t, c)
	g := grid.Layout.Grid
	if g == nil || grid.Layout.PiP != nil {
		t.Fatalf("layout %+v, want a grid", grid.Layout)
	}
	if want := (service.GridLayout{FeaturedParticipantAttribute: "featured", ParticipantOrderAttribute: "seat", GridGap: 6,
		OmitStoppedVideo: true, VideoAspectRatio: "SQUARE", VideoFillMode: "COVER"}); *g != want {
		t.Errorf("grid %+v, want %+v", *g, want)
	}
	checkDestinations(t, grid, e2eChannel1, encA.ARN, store.ARN, encB.ARN, 4, 20)
	if grid.StageARN != sc.stage.ARN || grid.Tags["show"] != "e2e" {
		t.Errorf("stage %s, tags %v", grid.StageARN, grid.Tags)
	}
	// The start's answer said STARTING: ACTIVE comes from GetComposition.
	h.waitFor("● ACTIVE")

	// PiP, from :compositions (the only stage is preselected).
	h.jump("compositions")
	h.waitFor("1 composition ·")
	h.press("c")
	h.waitFor("Start a composition", "e2e-live")
	h.press("tab", "space", "tab") // pip; featured attribute
	h.typeText("host")
	h.press("tab", "tab", "tab") // order, omit; gap
	h.typeText("3")
	h.press("tab", "space", "space", "space", "tab") // fill: CONTAIN; the pip attribute
	h.typeText("pip")
	h.press("tab", "space") // behavior: DYNAMIC
	h.press("tab", "space") // position: TOP_LEFT
	h.press("tab")
	h.typeText("320")
	h.press("tab")
	h.typeText("180")
	h.press("tab")
	h.typeText("10")
	h.press("tab", "tab") // channel on; its ARN
	h.paste(e2eChannel2)
	h.press("tab", "tab", "space", "tab") // IVS default encoder; S3 on; storage
	h.waitFor("s3://e2e-recordings")
	h.press("enter")
	h.waitFor("Composition ", "pip · position TOP_LEFT · behavior DYNAMIC")
	pip := onlyComposition(t, c, grid.ARN)
	p := pip.Layout.PiP
	if p == nil {
		t.Fatalf("layout %+v, want pip", pip.Layout)
	}
	if want := (service.PiPLayout{FeaturedParticipantAttribute: "host", GridGap: 3, PipBehavior: "DYNAMIC", PipWidth: 320, PipHeight: 180,
		PipOffset: 10, PipParticipantAttribute: "pip", PipPosition: "TOP_LEFT", VideoFillMode: "CONTAIN"}); *p != want {
		t.Errorf("pip %+v, want %+v", *p, want)
	}
	checkDestinations(t, pip, e2eChannel2, "", store.ARN, encA.ARN, 2, 0)

	// Stop it from its detail (StopComposition).
	h.press("ctrl+d")
	h.waitFor("Stop composition", kit.ResourceID(pip.ARN))
	h.press("y")
	waitUntil(t, "the composition to stop", func() bool {
		x, err := c.GetComposition(context.Background(), pip.ARN)
		return service.IsNotFound(err) || err == nil && (x.State == "STOPPING" || x.State == "STOPPED")
	})
	h.waitFor("stopped composition " + kit.ResourceID(pip.ARN))
	if x, err := c.GetComposition(context.Background(), grid.ARN); err != nil || x.State != "ACTIVE" {
		t.Errorf("the grid composition is %s (%v) after stopping the other", x.State, err)
	}
}

// paste pastes text into whatever has the focus, as a terminal's
// bracketed paste does (an ARN is pasted, not typed; and one message is
// much cheaper than a frame per character under -race).
func (h *harness) paste(text string) { h.prog.Send(tea.PasteMsg{Content: text}) }

// checkDestinations checks a channel and an S3 destination.
func checkDestinations(t *testing.T, x service.Composition, channel, channelEncoder, storage, s3Encoder string, segment, thumbs int) {
	t.Helper()
	if len(x.Destinations) != 2 {
		t.Fatalf("%d destinations", len(x.Destinations))
	}
	var ch *service.ChannelDestination
	var s3 *service.S3Destination
	for _, d := range x.Destinations {
		if d.Channel != nil {
			ch = d.Channel
		}
		if d.S3 != nil {
			s3 = d.S3
			if d.RecordingPrefix == "" {
				t.Error("the S3 destination has no recording prefix")
			}
		}
	}
	if ch == nil || ch.ChannelARN != channel || ch.EncoderConfigurationARN != channelEncoder {
		t.Errorf("channel destination %+v, want %s with encoder %q", ch, channel, channelEncoder)
	}
	if s3 == nil || s3.StorageConfigurationARN != storage || !slices.Equal(s3.EncoderConfigurationARNs, []string{s3Encoder}) ||
		s3.RecordingFormat != "HLS" || s3.HLSTargetSegmentDurationSeconds != segment {
		t.Fatalf("S3 destination %+v", s3)
	}
	switch {
	case thumbs == 0 && len(s3.Thumbnails) != 0:
		t.Errorf("thumbnails %+v, want none", s3.Thumbnails)
	case thumbs > 0 && (len(s3.Thumbnails) != 1 || s3.Thumbnails[0].TargetIntervalSeconds != thumbs):
		t.Errorf("thumbnails %+v, want every %d s", s3.Thumbnails, thumbs)
	}
}

// TestE2EReplication replicates a publishing participant into another
// stage from the replicas pane (R, then c), lists it, and stops it
// (ctrl+d): ListParticipantReplicas and the replica in the other stage
// follow.
func TestE2EReplication(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true})
	c := testClient(e)
	ctx := context.Background()
	sc := buildScene(t, e)
	dest := mustStage(t, c, "e2e-dest")
	h := startHarness(t, e, harnessOpts{})

	h.waitFor("e2e-live", "LIVE")
	h.press("enter")
	h.waitFor("Sessions of e2e-live", sc.session)
	h.press("enter")
	h.waitFor("Participants of "+sc.session, "alice", "bob")
	h.press("enter")
	h.waitFor("Participant alice")
	h.press("R")
	h.waitFor("Replicas of alice", "not replicated")
	h.press("c")
	h.waitFor("Replicate alice into another stage", "e2e-dest")
	h.press("tab")
	h.typeText("role=guest")
	h.press("tab")
	h.typeText("61")
	h.press("enter")
	h.waitFor("the reconnect window is 0 to 60")
	if n := calls(e, "StartParticipantReplication"); n != 0 {
		t.Fatalf("StartParticipantReplication called %d times with a window of 61", n)
	}
	h.press("backspace")
	h.press("enter")
	h.waitFor("replicating alice into stage e2e-dest")
	h.waitForMatch(`e2e-dest\s+\S+\s+st-\S+\s+● ACTIVE`)

	reps, err := c.AllParticipantReplicas(ctx, sc.stage.ARN, sc.alice)
	if err != nil || len(reps) != 1 || reps[0].DestinationStageARN != dest.ARN || reps[0].State != "ACTIVE" {
		t.Fatalf("replicas %+v %v", reps, err)
	}
	replica, err := c.GetParticipant(ctx, dest.ARN, reps[0].DestinationSessionID, sc.alice)
	if err != nil {
		t.Fatal(err)
	}
	if replica.State != service.StateConnected || replica.ReplicationType != "REPLICA" || replica.Attributes["role"] != "guest" {
		t.Fatalf("replica %+v", replica)
	}

	h.press("ctrl+d")
	h.waitFor("Stop replication", "e2e-dest")
	h.press("y")
	waitUntil(t, "the replication to stop", func() bool {
		reps, err := c.AllParticipantReplicas(ctx, sc.stage.ARN, sc.alice)
		return err == nil && len(reps) == 1 && reps[0].State == "STOPPED"
	})
	h.waitForMatch(`e2e-dest\s+\S+\s+st-\S+\s+■ STOPPED`)
	replica, err = c.GetParticipant(ctx, dest.ARN, reps[0].DestinationSessionID, sc.alice)
	if err != nil || replica.State != service.StateDisconnected {
		t.Fatalf("after the stop the replica is %s (%v)", replica.State, err)
	}

	// The participant pane sums it up.
	h.press("esc")
	h.waitFor("Participant alice", "none active · 1 stopped")
}
