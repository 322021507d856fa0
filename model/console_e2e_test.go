package model

import (
	"encoding/base64"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service/emulator"
)

var osc52 = regexp.MustCompile(`\x1b\]52;c;([A-Za-z0-9+/=]*)(?:\x07|\x1b\\)`)

// lastClipboard is the value of the last OSC52 write the program made.
func lastClipboard(t *testing.T, rec *byteRecorder) string {
	t.Helper()
	all := osc52.FindAllSubmatch(rec.bytes(), -1)
	if len(all) == 0 {
		return ""
	}
	v, err := base64.StdEncoding.DecodeString(string(all[len(all)-1][1]))
	if err != nil {
		t.Fatalf("OSC52 payload: %v", err)
	}
	return string(v)
}

// waitClipboard waits until the last clipboard write is one of want.
func waitClipboard(t *testing.T, rec *byteRecorder, want ...string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if slices.Contains(want, lastClipboard(t, rec)) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("clipboard %q, want one of %q", lastClipboard(t, rec), want)
}

// C copies the console URL of the stage, the session and the participant
// selected, and says where it has none.
func TestE2EConsoleURLThroughTheKey(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true})
	sc := buildScene(t, e)
	rec := &byteRecorder{}
	h := startHarness(t, e, harnessOpts{width: 200, height: 40, tee: rec, fakeClock: true})
	const base = "https://us-east-1.console.aws.amazon.com/ivs/home?region=us-east-1#/real-time/stages/"
	stage := base + sc.stage.ID

	h.waitFor("e2e-live", "LIVE")
	h.press("?") // before any C: the help, not a flash, names it
	h.waitScreen("C in the help", func(s string) bool { return strings.Contains(lineWith(s, "AWS console URL"), "C ") })
	h.press("esc")
	h.press("C")
	h.waitFor("AWS console URL " + stage)
	waitClipboard(t, rec, stage)

	h.press("enter")
	h.waitFor("Sessions of e2e-live", sc.session)
	h.press("C")
	h.waitFor("AWS console URL " + stage + "/sessions/" + sc.session)
	waitClipboard(t, rec, stage+"/sessions/"+sc.session)

	h.press("enter")
	h.waitFor("Participants of "+sc.session, "alice", "bob")
	h.press("C")
	h.waitFor("/participants/")
	waitClipboard(t, rec, stage+"/sessions/"+sc.session+"/participants/"+sc.alice,
		stage+"/sessions/"+sc.session+"/participants/"+sc.bob)

	h.press("!")
	h.waitFor("Error triage")
	h.press("C")
	h.waitFor("no AWS console page here")
}
