package model

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/emulator"
	"github.com/ivsdash/ivsdash/service/localtoken"
)

// End to end: the error watcher against the emulator, with errors made the
// way a client SDK makes them (a publish with a subscribe-only token) and
// scripted ones (RecordError).

// joinAs mints a token with the API and joins with it.
func joinAs(t *testing.T, e *emulator.Emulator, stageARN, user string, caps ...string) string {
	t.Helper()
	tok, err := testClient(e).CreateParticipantToken(context.Background(), service.TokenRequest{StageARN: stageARN, UserID: user, Capabilities: caps})
	if err != nil {
		t.Fatalf("CreateParticipantToken: %v", err)
	}
	j, err := e.Join(tok.Token.Reveal())
	if err != nil {
		t.Fatalf("join %s: %v", user, err)
	}
	return j.ParticipantID
}

func TestE2EWatcherCountsAlertsTriageAndTimeline(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true})
	sc := buildScene(t, e)
	h := startHarness(t, e, harnessOpts{width: 160, height: 48})

	// bob's failed publish happened before the dashboard started: counted
	// on the stage's row, but not an alert.
	screen := h.waitFor("e2e-live", "✖ 1")
	if strings.Contains(screen, "· bob ·") {
		t.Fatalf("an error from before watching began raised an alert:\n%s", screen)
	}

	// New errors while watching: a real one (dave publishes with a
	// subscribe-only token) and a scripted one on alice.
	dave := joinAs(t, e, sc.stage.ARN, "dave", service.CapabilitySubscribe)
	if err := e.Publish(sc.stage.ARN, dave); err == nil {
		t.Log("the emulator accepted the publish call and recorded the error event")
	}
	if err := e.RecordError(sc.stage.ARN, sc.alice, "PUBLISH_ERROR", "QUOTA_EXCEEDED"); err != nil {
		t.Fatalf("RecordError: %v", err)
	}
	h.waitFor("✖ 3")
	screen = h.waitFor("⚠ ✖ PUBLISH_ERROR")
	flashLine := lineWith(screen, "⚠ ✖ PUBLISH_ERROR")
	if !strings.Contains(flashLine, "e2e-live") || !(strings.Contains(flashLine, "dave") || strings.Contains(flashLine, "alice")) {
		t.Fatalf("the alert should name the code, the user and the stage: %q", flashLine)
	}

	// The triage view: codes, counts, meaning and fix, who.
	h.press("!")
	screen = h.waitFor("Error triage", "INSUFFICIENT_CAPABILITIES", "QUOTA_EXCEEDED", "dave · "+dave, "bob · "+sc.bob, "alice · "+sc.alice)
	if !strings.Contains(screen, "3 errors · 2 codes · 3 participants") {
		t.Fatalf("triage totals wrong:\n%s", screen)
	}
	if !strings.Contains(screen, "mint the token with the capability needed") {
		t.Fatalf("the selected code's fix is not shown:\n%s", screen)
	}
	// INSUFFICIENT_CAPABILITIES (2) leads; its stage row, then dave (the
	// latest), then bob. enter on dave opens his pane.
	h.press("down", "down", "enter")
	h.waitFor("Participant dave", "INSUFFICIENT_CAPABILITIES")

	// s: the session's timeline, every participant merged.
	h.press("s")
	screen = h.waitFor("Timeline · e2e-live", "events read for 3 of 3 participants", "dave · "+dave, "QUOTA_EXCEEDED")
	for _, who := range []string{"alice · " + sc.alice, "bob · " + sc.bob} {
		if !strings.Contains(screen, who) {
			t.Fatalf("the merged timeline lacks %s:\n%s", who, screen)
		}
	}
	if !strings.Contains(screen, "→ JOINED") {
		t.Fatalf("the unfiltered timeline should show joins:\n%s", screen)
	}
	// x: errors only.
	h.press("x")
	screen = h.waitFor("✖ errors only", "3 of ")
	if strings.Contains(screen, "→ JOINED") {
		t.Fatalf("errors only still shows joins:\n%s", screen)
	}
	// / narrows to one user.
	h.press("/")
	h.typeText("dave")
	h.press("enter")
	screen = h.waitFor("filter \"dave\"", "1 of ")
	if strings.Contains(screen, "alice · "+sc.alice) {
		t.Fatalf("the filter by user id left alice's error:\n%s", screen)
	}
	// enter on the row opens that participant.
	h.press("enter")
	h.waitFor("Participant dave")
}

func TestE2EExportFromTheTimeline(t *testing.T) {
	h, sc, dir := sessionTimelineExportingTo(t)

	export := func(downs int, name string) string {
		t.Helper()
		h.press("e")
		h.waitFor("Export the session " + sc.session)
		for range downs {
			h.press("down")
		}
		h.press("enter")
		screen := h.waitFor("exported ", "to "+filepath.Join(dir, name))
		return lineWith(screen, "exported ")
	}
	read := func(name string) []byte {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("export file: %v (in %s: %v)", err, dir, ls(dir))
		}
		return b
	}
	base := "ivs-" + sc.stage.ID + "-" + sc.session

	// JSON, parsed back.
	line := export(1, base+".json")
	if !strings.Contains(line, filepath.Join(dir, base+".json")) {
		t.Fatalf("the flash should name the file: %q", line)
	}
	// The pane says it too, as an alert may be covering the flash.
	h.waitFor("· exported to " + filepath.Join(dir, base+".json"))
	var rep struct {
		Stage struct {
			ARN string `json:"arn"`
		} `json:"stage"`
		Participants []struct {
			ParticipantID string `json:"participantId"`
			UserID        string `json:"userId"`
		} `json:"participants"`
		Events []struct {
			Name      string `json:"name"`
			ErrorCode string `json:"errorCode"`
		} `json:"events"`
	}
	if err := json.Unmarshal(read(base+".json"), &rep); err != nil {
		t.Fatalf("the JSON export does not parse: %v", err)
	}
	if rep.Stage.ARN != sc.stage.ARN || len(rep.Participants) != 2 {
		t.Fatalf("JSON report: stage %s, %d participants", rep.Stage.ARN, len(rep.Participants))
	}
	found := false
	for _, ev := range rep.Events {
		found = found || ev.Name == "PUBLISH_ERROR" && ev.ErrorCode == "INSUFFICIENT_CAPABILITIES"
	}
	if !found {
		t.Fatalf("bob's PUBLISH_ERROR is missing from the JSON export: %+v", rep.Events)
	}

	// CSV, parsed back: one row per event, bob's error with its fix.
	export(2, base+".csv")
	rows, err := csv.NewReader(bytes.NewReader(read(base + ".csv"))).ReadAll()
	if err != nil {
		t.Fatalf("the CSV export does not parse: %v", err)
	}
	if len(rows) != len(rep.Events)+1 || rows[0][0] != "user_id" {
		t.Fatalf("CSV: %d rows for %d events; header %v", len(rows), len(rep.Events), rows[0])
	}
	errRow := false
	for _, r := range rows[1:] {
		errRow = errRow || r[0] == "bob" && r[5] == "INSUFFICIENT_CAPABILITIES" && strings.Contains(r[7], "capability")
	}
	if !errRow {
		t.Fatalf("no CSV row for bob's error with its fix: %v", rows)
	}

	// JSON again: a new file, the first one is kept.
	line = export(1, base+"-1.json")
	if !strings.Contains(line, base+"-1.json") {
		t.Fatalf("a second export must not overwrite the first: %q", line)
	}
	read(base + ".json")
	read(base + "-1.json")

	// Markdown: the default choice.
	export(0, base+".md")
	md := string(read(base + ".md"))
	// Markdown escapes the underscores of codes.
	if !strings.Contains(md, `| INSUFFICIENT\_CAPABILITIES | 1 |`) || !strings.Contains(md, "## Events") {
		t.Fatalf("the Markdown export lacks the error table:\n%s", md)
	}
	if strings.Contains(md, "eyJ") {
		t.Fatal("a token-like string is in the export")
	}
}

func ls(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// newSigner makes a key pair, imports its public half and loads a signer.
func newSigner(t *testing.T, e *emulator.Emulator) *localtoken.Signer {
	t.Helper()
	priv, pub, err := localtoken.GenerateKeyPair()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(path, priv, 0o600); err != nil {
		t.Fatal(err)
	}
	key, err := testClient(e).ImportPublicKey(context.Background(), "e2e-signer", string(pub), nil)
	if err != nil {
		t.Fatalf("ImportPublicKey: %v", err)
	}
	s, err := localtoken.LoadSigner(path, key.ARN)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestE2ELocalTokenJoins signs a token in the form (no CreateParticipantToken
// call), and the emulator lets it join under its user id.
func TestE2ELocalTokenJoins(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true})
	sc := buildScene(t, e)
	signer := newSigner(t, e)
	h := startHarness(t, e, harnessOpts{config: func(c *Config) { c.Signer = signer }})

	h.waitFor("e2e-live")
	h.press("t")
	h.waitFor("Mint a participant token", "[x] mint locally (no API call, no quota)", "Signed here with public key")
	before := e.Operations()
	h.typeText("self-signed-sam")
	h.press("enter")
	h.waitFor("Participant", "self-signed-sam", "locally, signed with "+signer.PublicKeyARN())
	after := e.Operations()
	if after["CreateParticipantToken"] != before["CreateParticipantToken"] {
		t.Fatalf("a local token called CreateParticipantToken")
	}
	if after["GetStage"] != before["GetStage"]+1 {
		t.Fatalf("GetStage calls %d -> %d: the stage's endpoints are read once", before["GetStage"], after["GetStage"])
	}

	path := filepath.Join(t.TempDir(), "sam.jwt")
	h.press("w")
	h.waitFor("Write the token to a file")
	h.press("ctrl+u")
	h.typeText(path)
	h.press("enter")
	h.waitFor("token written to")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	j, err := e.Join(strings.TrimSpace(string(raw)))
	if err != nil {
		t.Fatalf("the emulator refused the locally signed token: %v", err)
	}
	ps, err := testClient(e).AllParticipants(context.Background(), sc.stage.ARN, j.SessionID, service.ParticipantFilter{UserID: "self-signed-sam"})
	if err != nil || len(ps) != 1 || ps[0].ID != j.ParticipantID {
		t.Fatalf("self-signed-sam not listed: %+v %v", ps, err)
	}

	// The other way is one toggle away: back to CreateParticipantToken.
	h.press("esc")
	h.waitGone("Mint a participant token")
	h.press("t")
	h.waitFor("Mint a participant token")
	h.press("tab", "tab", "tab", "tab", "tab", "space")
	h.waitFor("[x] via CreateParticipantToken", "Minted with CreateParticipantToken")
	h.press("enter")
	h.waitFor("by CreateParticipantToken on e2e-live")
	if n := e.Operations()["CreateParticipantToken"]; n != after["CreateParticipantToken"]+1 {
		t.Fatalf("CreateParticipantToken calls %d, want %d", n, after["CreateParticipantToken"]+1)
	}
}

// sessionTimelineExportingTo opens the scene's session timeline, every
// participant's events read, on a dashboard whose exports go to dir.
func sessionTimelineExportingTo(t *testing.T) (h *harness, sc scene, dir string) {
	t.Helper()
	e := newEmulator(t, emulator.Options{NoThrottle: true})
	sc = buildScene(t, e)
	dir = t.TempDir()
	h = startHarness(t, e, harnessOpts{width: 160, height: 48, config: func(c *Config) { c.ExportDir = dir }})
	h.waitFor("e2e-live")
	h.press("enter")
	h.waitFor("Sessions of e2e-live", sc.session)
	h.press("s")
	h.waitFor("Timeline · e2e-live", "events read for 2 of 2 participants")
	return h, sc, dir
}
