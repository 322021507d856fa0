package model

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/emulator"
)

// scene is a stage with a live session built through the API and the
// emulator's control endpoints, as a client SDK would.
type scene struct {
	stage   service.Stage
	session string
	alice   string // publishing
	bob     string // subscribe-only token: his publish fails
}

func buildScene(t *testing.T, e *emulator.Emulator) scene {
	t.Helper()
	c := testClient(e)
	ctx := context.Background()
	st, _, err := c.CreateStage(ctx, service.CreateStageRequest{Name: "e2e-live", Tags: map[string]string{"team": "video"}})
	if err != nil {
		t.Fatalf("CreateStage: %v", err)
	}
	mint := func(user string, caps ...string) string {
		tok, err := c.CreateParticipantToken(ctx, service.TokenRequest{StageARN: st.ARN, UserID: user, Capabilities: caps})
		if err != nil {
			t.Fatalf("CreateParticipantToken: %v", err)
		}
		return tok.Token.Reveal()
	}
	a, err := e.Join(mint("alice", service.CapabilityPublish, service.CapabilitySubscribe))
	if err != nil {
		t.Fatalf("join alice: %v", err)
	}
	if err := e.Publish(st.ARN, a.ParticipantID); err != nil {
		t.Fatalf("publish alice: %v", err)
	}
	b, err := e.Join(mint("bob", service.CapabilitySubscribe))
	if err != nil {
		t.Fatalf("join bob: %v", err)
	}
	_ = e.Publish(st.ARN, b.ParticipantID) // recorded as PUBLISH_ERROR INSUFFICIENT_CAPABILITIES
	if err := e.Subscribe(st.ARN, b.ParticipantID, a.ParticipantID); err != nil {
		t.Fatalf("subscribe bob: %v", err)
	}
	return scene{stage: st, session: a.SessionID, alice: a.ParticipantID, bob: b.ParticipantID}
}

func participantState(t *testing.T, e *emulator.Emulator, sc scene, id string) string {
	t.Helper()
	p, err := testClient(e).GetParticipant(context.Background(), sc.stage.ARN, sc.session, id)
	if err != nil {
		t.Fatalf("GetParticipant: %v", err)
	}
	return p.State
}

// TestE2EDrillToTimelineAndDisconnect is the on-call path: from the stage to
// the session to the participant whose publish failed, read why, and
// disconnect them; the emulator must show DISCONNECTED.
func TestE2EDrillToTimelineAndDisconnect(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true})
	sc := buildScene(t, e)
	h := startHarness(t, e, harnessOpts{})

	h.waitFor("e2e-live", "LIVE")
	h.press("enter")
	h.waitFor("Sessions of e2e-live", sc.session)
	h.press("enter")
	h.waitFor("Participants of "+sc.session, "alice", "bob")
	// bob is second in the list: down, then open.
	h.press("down", "enter")
	screen := h.waitFor("Participant bob", "PUBLISH_ERROR", "INSUFFICIENT_CAPABILITIES")
	if !strings.Contains(screen, "fix:") {
		t.Errorf("the error row should say the usual fix; screen:\n%s", screen)
	}

	h.press("ctrl+d")
	h.waitFor("Disconnect", "bob", "e2e-live")
	// enter means No: nothing happens.
	h.press("enter")
	h.waitFor("cancelled")
	if got := participantState(t, e, sc, sc.bob); got != service.StateConnected {
		t.Fatalf("after answering No, bob is %s", got)
	}

	h.press("ctrl+d")
	h.waitFor("Disconnect")
	h.press("y")
	waitUntil(t, "bob disconnected in the emulator", func() bool {
		return participantState(t, e, sc, sc.bob) == service.StateDisconnected
	})
	h.waitFor("DISCONNECTED", "LEFT")
}

// TestE2EMintTokenJoins mints a token from the form and joins with it.
func TestE2EMintTokenJoins(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true})
	sc := buildScene(t, e)
	h := startHarness(t, e, harnessOpts{})

	h.waitFor("e2e-live")
	h.press("t")
	h.waitFor("Mint a participant token")
	h.typeText("carol")
	h.press("tab", "space") // publish off: subscribe only
	h.press("enter")
	h.waitFor("Participant", "carol", "SUBSCRIBE", "Token")

	// Write it to a file with w: the file must be the owner's only.
	path := filepath.Join(t.TempDir(), "carol.jwt")
	h.press("w")
	h.waitFor("Write the token to a file")
	h.press("ctrl+u") // clear the suggested name
	h.typeText(path)
	h.press("enter")
	h.waitFor("token written to")
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("token file: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("token file mode %v, want 0600", fi.Mode().Perm())
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	token := strings.TrimSpace(string(raw))
	if strings.Contains(h.term.screen(), token[:40]) {
		t.Fatalf("the token is on screen before v reveals it")
	}
	joined, err := e.Join(token)
	if err != nil {
		t.Fatalf("the emulator refused the minted token: %v", err)
	}
	if joined.StageARN != sc.stage.ARN {
		t.Fatalf("joined %s, want %s", joined.StageARN, sc.stage.ARN)
	}
	ps, err := testClient(e).AllParticipants(context.Background(), sc.stage.ARN, joined.SessionID, service.ParticipantFilter{UserID: "carol"})
	if err != nil || len(ps) != 1 {
		t.Fatalf("carol not listed: %v %v", ps, err)
	}
	if err := e.Publish(sc.stage.ARN, joined.ParticipantID); err == nil {
		// A subscribe-only token cannot publish: the emulator records a
		// PUBLISH_ERROR rather than failing the call; check the event.
		evs, _ := testClient(e).AllParticipantEvents(context.Background(), sc.stage.ARN, joined.SessionID, joined.ParticipantID)
		found := false
		for _, ev := range evs {
			found = found || ev.ErrorCode == "INSUFFICIENT_CAPABILITIES"
		}
		if !found {
			t.Fatalf("a subscribe-only token published without error: %+v", evs)
		}
	}
}
