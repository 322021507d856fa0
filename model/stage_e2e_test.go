package model

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/emulator"
)

// End-to-end tests of the stage operations driven from the dashboard's keys
// (CreateStage with recording and tokens, UpdateStage name and recording,
// DeleteStage), of StartComposition with each layout and StopComposition,
// and of participant replication (Start, List, Stop), each checked in the
// emulator's state afterwards.

// waitForMatch waits until the screen matches a regular expression.
func (h *harness) waitForMatch(pattern string) string {
	h.t.Helper()
	re := regexp.MustCompile(pattern)
	return h.waitScreen(fmt.Sprintf("a match of %q", pattern), re.MatchString)
}

func mustStorage(t *testing.T, c *service.Client, name, bucket string) service.StorageConfiguration {
	t.Helper()
	x, err := c.CreateStorageConfiguration(context.Background(), name, bucket, nil)
	if err != nil {
		t.Fatalf("CreateStorageConfiguration: %v", err)
	}
	return x
}

func mustEncoder(t *testing.T, c *service.Client, name string) service.EncoderConfiguration {
	t.Helper()
	x, err := c.CreateEncoderConfiguration(context.Background(), name, service.Video{Width: 1280, Height: 720, Bitrate: 2_500_000, Framerate: 30}, nil)
	if err != nil {
		t.Fatalf("CreateEncoderConfiguration: %v", err)
	}
	return x
}

func stageByName(t *testing.T, c *service.Client, name string) (service.Stage, bool) {
	t.Helper()
	all, err := c.AllStages(context.Background())
	if err != nil {
		t.Fatalf("ListStages: %v", err)
	}
	for _, s := range all {
		if s.Name == name {
			return s, true
		}
	}
	return service.Stage{}, false
}

// TestE2EStageCreateWithRecordingAndTokens creates a stage from c with
// tags, auto participant recording and two subscribe-only tokens; the
// tokens show once, masked, are written to a 0600 file, and join.
func TestE2EStageCreateWithRecordingAndTokens(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true})
	c := testClient(e)
	ctx := context.Background()
	store := mustStorage(t, c, "e2e-rec", "e2e-recordings")
	h := startHarness(t, e, harnessOpts{})
	h.waitFor("no stages")

	h.press("c")
	h.waitFor("Create a stage")
	h.typeText("e2e-town")
	h.press("tab")
	h.typeText("team=video")
	h.press("tab", "space", "tab") // recording on; to its storage configuration
	h.waitFor("s3://e2e-recordings")
	h.press("tab", "space")        // AUDIO_ONLY
	h.press("tab", "space", "tab") // thumbnails on; their interval
	h.press("ctrl+u")
	h.typeText("30")
	h.press("tab", "ctrl+u") // reconnect window
	h.typeText("301")
	h.press("tab", "ctrl+u") // HLS segment
	h.typeText("4")
	h.press("tab", "ctrl+u") // tokens
	h.typeText("2")
	h.press("enter")
	h.waitFor("the reconnect window is 0 to 300")
	if n := calls(e, "CreateStage"); n != 0 {
		t.Fatalf("CreateStage called %d times with a reconnect window of 301", n)
	}
	h.press("ctrl+u")
	h.typeText("20")
	for range 4 { // segment, tokens, prefix, publish
		h.press("tab")
	}
	h.press("space") // publish off: subscribe-only tokens
	h.press("enter")

	h.waitFor("its participant tokens", "guest-1", "guest-2", "subscribe")
	st, ok := stageByName(t, c, "e2e-town")
	if !ok {
		t.Fatal("no stage e2e-town in the emulator")
	}
	if st.Tags["team"] != "video" {
		t.Errorf("tags %v", st.Tags)
	}
	got, err := c.GetStage(ctx, st.ARN)
	if err != nil {
		t.Fatal(err)
	}
	rec := got.AutoRecording
	if rec.StorageConfigurationARN != store.ARN || !slices.Equal(rec.MediaTypes, []string{"AUDIO_ONLY"}) ||
		rec.ThumbnailRecordingMode != "INTERVAL" || rec.ThumbnailIntervalSeconds != 30 ||
		rec.RecordingReconnectWindowSeconds != 20 || rec.HLSTargetSegmentDurationSeconds != 4 {
		t.Errorf("recording configuration %+v", rec)
	}

	// The tokens are masked until v; w writes them, one per line, 0600.
	path := filepath.Join(t.TempDir(), "tokens.txt")
	h.press("w")
	h.waitFor("Write the 2 tokens")
	h.press("ctrl+u")
	h.typeText(path)
	h.press("enter")
	h.waitFor("2 tokens written to")
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("token file mode %v", fi.Mode().Perm())
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tokens := strings.Fields(string(raw))
	if len(tokens) != 2 {
		t.Fatalf("%d tokens in the file", len(tokens))
	}
	screen := h.term.screen()
	for _, tok := range tokens {
		if strings.Contains(screen, tok[:24]) {
			t.Fatalf("a token shows unmasked before v:\n%s", screen)
		}
	}
	h.press("v")
	h.waitFor("(v hides)", tokens[0][:40])

	// Each token joins the new stage as its user, and cannot publish.
	for i, tok := range tokens {
		j, err := e.Join(tok)
		if err != nil {
			t.Fatalf("token %d does not join: %v", i+1, err)
		}
		if j.StageARN != st.ARN {
			t.Fatalf("token %d joined %s", i+1, j.StageARN)
		}
		p, err := c.GetParticipant(ctx, st.ARN, j.SessionID, j.ParticipantID)
		if err != nil {
			t.Fatal(err)
		}
		if want := "guest-" + string(rune('1'+i)); p.UserID != want || p.State != service.StateConnected {
			t.Errorf("token %d joined as %q (%s), want %s", i+1, p.UserID, p.State, want)
		}
		if err := e.Publish(st.ARN, j.ParticipantID); err == nil {
			t.Errorf("a subscribe-only token published")
		}
	}
	h.press("esc") // written: closes at once
	h.waitGone("its participant tokens")
	h.waitFor("e2e-town")
}

// TestE2EStageRenameRecordingAndDelete renames a stage (e), turns its
// recording on from its detail (e), is refused in words while a
// participant is recorded, turns it off, and deletes it (ctrl+d): everyone
// is disconnected, which a replica in another stage shows, and GetStage
// answers 404.
func TestE2EStageRenameRecordingAndDelete(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true})
	c := testClient(e)
	ctx := context.Background()
	sc := buildScene(t, e)
	store := mustStorage(t, c, "e2e-rec", "e2e-recordings")
	other := mustStage(t, c, "e2e-other")
	h := startHarness(t, e, harnessOpts{fakeClock: true})
	h.waitFor("e2e-live", "e2e-other")

	// e2e-live is first (created first): rename it.
	h.press("e")
	h.waitFor("Rename stage e2e-live")
	h.press("ctrl+u")
	h.typeText("e2e-renamed")
	h.press("enter")
	waitUntil(t, "GetStage to show the new name", func() bool {
		s, err := c.GetStage(ctx, sc.stage.ARN)
		return err == nil && s.Name == "e2e-renamed"
	})
	h.waitFor("renamed stage e2e-live to e2e-renamed")

	// Recording on, from the detail.
	h.press("d")
	h.waitFor("Stage e2e-renamed", "Recording  off")
	h.press("e")
	h.waitFor("Edit stage e2e-renamed")
	h.press("tab", "space", "tab")
	h.waitFor("s3://e2e-recordings")
	h.press("tab", "tab", "tab", "ctrl+u") // media, thumbnails: to the reconnect window
	h.typeText("30")
	h.press("enter")
	waitUntil(t, "GetStage to show recording on", func() bool {
		s, err := c.GetStage(ctx, sc.stage.ARN)
		return err == nil && s.AutoRecording.StorageConfigurationARN == store.ARN && s.AutoRecording.RecordingReconnectWindowSeconds == 30
	})
	h.waitFor("reconnect window 30 s")

	// carol publishes and is recorded: IVS refuses to change it, in words.
	tok, err := c.CreateParticipantToken(ctx, service.TokenRequest{StageARN: sc.stage.ARN, UserID: "carol"})
	if err != nil {
		t.Fatal(err)
	}
	carol, err := e.Join(tok.Token.Reveal())
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Publish(sc.stage.ARN, carol.ParticipantID); err != nil {
		t.Fatal(err)
	}
	h.press("e")
	h.waitFor("Edit stage e2e-renamed")
	h.press("tab", "space", "enter") // off
	h.waitFor("are being recorded now")
	if s, _ := c.GetStage(ctx, sc.stage.ARN); !s.AutoRecording.Enabled() {
		t.Fatal("the refused update turned recording off")
	}
	// carol stops: now it turns off (an empty storage ARN).
	if err := e.Unpublish(sc.stage.ARN, carol.ParticipantID); err != nil {
		t.Fatal(err)
	}
	h.press("ctrl+s")
	waitUntil(t, "GetStage to show recording off", func() bool {
		s, err := c.GetStage(ctx, sc.stage.ARN)
		return err == nil && !s.AutoRecording.Enabled()
	})
	h.waitFor("Recording  off")

	// alice is replicated into e2e-other: her replica there shows that
	// deleting the stage disconnects her.
	if err := c.StartParticipantReplication(ctx, service.StartReplicationRequest{SourceStageARN: sc.stage.ARN, DestinationStageARN: other.ARN, ParticipantID: sc.alice}); err != nil {
		t.Fatal(err)
	}
	dst, err := c.GetStage(ctx, other.ARN)
	if err != nil || dst.ActiveSessionID == "" {
		t.Fatalf("the destination stage has no session: %v", err)
	}

	// Delete from the list, where the connected count is known.
	h.press("esc")
	h.waitForMatch(`e2e-renamed\s+\S+\s+◆ LIVE \d+\S*\s+3\s`)
	if calls(e, "GetStageSession") == 0 {
		t.Fatal("the session's age on the stages row did not come from GetStageSession")
	}
	h.press("ctrl+d")
	h.waitFor("Delete stage", "has 3 connected participants", "disconnected at once")
	h.press("enter") // No
	h.waitFor("cancelled")
	if _, err := c.GetStage(ctx, sc.stage.ARN); err != nil {
		t.Fatalf("answering No deleted the stage: %v", err)
	}
	h.press("ctrl+d")
	h.waitFor("Delete stage")
	h.press("y")
	waitUntil(t, "GetStage to answer 404", func() bool {
		_, err := c.GetStage(ctx, sc.stage.ARN)
		return service.IsNotFound(err)
	})
	replica, err := c.GetParticipant(ctx, other.ARN, dst.ActiveSessionID, sc.alice)
	if err != nil {
		t.Fatal(err)
	}
	if replica.State != service.StateDisconnected {
		t.Errorf("alice's replica is %s after her stage was deleted", replica.State)
	}
	if err := e.Publish(sc.stage.ARN, sc.bob); err == nil {
		t.Error("bob still publishes into the deleted stage")
	}
	h.waitFor("deleted stage e2e-renamed")
	h.waitFor("1 stage ·")
}

// TestE2EStageDeleteFromDetail deletes an idle stage from its detail:
// the confirmation says nobody is connected, and the pane goes back.
func TestE2EStageDeleteFromDetail(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true})
	c := testClient(e)
	st := mustStage(t, c, "e2e-idle")
	h := startHarness(t, e, harnessOpts{})
	h.waitFor("e2e-idle")
	h.press("d")
	h.waitFor("Stage e2e-idle")
	h.press("ctrl+d")
	h.waitFor("Delete stage", "Nobody is connected now")
	h.press("y")
	waitUntil(t, "GetStage to answer 404", func() bool {
		_, err := c.GetStage(context.Background(), st.ARN)
		return service.IsNotFound(err)
	})
	h.waitFor("no stages in this account")
}
