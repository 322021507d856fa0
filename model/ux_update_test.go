package model

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/model/watch"
	"github.com/ivsdash/ivsdash/service"
)

// Update-level tests of the defects issue 10 found by using the dashboard.

// runAll feeds the app every message a command produces, and what those
// produce in turn: for commands that touch no API (dialogs, files, flashes).
func runAll(a *App, cmd tea.Cmd) {
	for _, m := range messagesOf(cmd) {
		if m == nil {
			continue
		}
		_, next := a.Update(m)
		switch m.(type) {
		case kit.FlashMsg, kit.OpenDialogMsg:
			continue // their commands are timers: the flash's expiry, the cursor's blink
		}
		runAll(a, next)
	}
}

// TestTokenWriteOffersAFreeNameAndShowsTheAbsolutePath writes a minted
// token twice with w and enter: the second offer is a name not taken, both
// files are the owner's only, and the flash names the absolute path.
func TestTokenWriteOffersAFreeNameAndShowsTheAbsolutePath(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	a := newTestApp(120, 40)
	tok := service.ParticipantToken{ParticipantID: "pXyz", UserID: "carol", Token: service.Secret("eyJhbGciOi.secret.sig")}
	a.Update(kit.OpenDialogMsg{Dialog: panes.NewTokenResultDialog(stageFixture()[0], tok, "")})
	for i, want := range []string{"token-pXyz.jwt", "token-pXyz-2.jwt"} {
		_, cmd := a.Update(keyMsg("w"))
		runAll(a, cmd)
		if !strings.Contains(screen(a), "> "+want) {
			t.Fatalf("write %d: the offered name is not %s:\n%s", i+1, want, screen(a))
		}
		_, cmd = a.Update(keyMsg("enter"))
		runAll(a, cmd)
		abs := filepath.Join(dir, want)
		fi, err := os.Lstat(abs)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("write %d: %s: %v %v", i+1, abs, fi, err)
		}
		if s := screen(a); !strings.Contains(s, "token written to "+abs) {
			t.Fatalf("write %d: the flash does not name %s:\n%s", i+1, abs, s)
		}
	}
	// A name typed over an existing file is refused in words, never overwritten.
	// writeTo presses w and enters path in place of the offered name.
	writeTo := func(path string) {
		_, cmd := a.Update(keyMsg("w"))
		runAll(a, cmd)
		a.Update(keyMsg("ctrl+u"))
		typeInto(a, path)
		_, cmd = a.Update(keyMsg("enter"))
		runAll(a, cmd)
	}
	writeTo("token-pXyz.jwt")
	s := screen(a)
	if strings.Contains(s, "file exists") || !strings.Contains(s, "already exists") {
		t.Fatalf("writing over a file:\n%s", s)
	}
	// A symlink is refused too, even when it points nowhere.
	if err := os.Symlink(filepath.Join(dir, "elsewhere"), filepath.Join(dir, "link.jwt")); err != nil {
		t.Fatal(err)
	}
	writeTo("link.jwt")
	if _, err := os.Lstat(filepath.Join(dir, "elsewhere")); err == nil {
		t.Fatal("the token was written through a symlink")
	}
}

// TestTriageEnterOpensWhatTheRowNames presses enter on every kind of triage
// row: a code opens the timeline of the session with most of it, filtered
// to the code; a stage row with one session opens that session's timeline
// filtered to the code, and with several the stage's sessions.
func TestTriageEnterOpensWhatTheRowNames(t *testing.T) {
	a := newTestApp(160, 48)
	withStages(t, a)
	watchFixture(t, a)
	st := stageFixture()
	main, standup := st[0], st[2]
	// An earlier session of main-broadcast hit the quota too.
	a.ctx.Watch.Want([]watch.Target{{Stage: main, Session: main.ActiveSessionID}, {Stage: standup, Session: standup.ActiveSessionID}, {Stage: main, Session: "st-Earlier000001"}}, t0.Add(-time.Hour))
	ko := watch.Key{StageARN: main.ARN, SessionID: "st-Earlier000001"}
	a.Update(watchListed(ko, t0, part("pEarly000001", "early-eve", false)))
	a.Update(watchRead(ko, "pEarly000001", t0, ev("JOINED", "pEarly000001", "", t0.Add(-9*time.Minute)),
		service.Event{Name: "SUBSCRIBE_ERROR", ParticipantID: "pEarly000001", ErrorCode: "QUOTA_EXCEEDED", Time: t0.Add(-9 * time.Minute)}))

	_, cmd := a.Update(keyMsg("!"))
	for _, m := range messagesOf(cmd) {
		a.Update(m)
	}
	triage := a.top()
	// enter on the row at index, after moving down to it; what opened.
	open := func(downs int) (kit.Pane, string) {
		t.Helper()
		for a.top() != triage {
			a.Update(kit.PopPaneMsg{})
		}
		a.Update(keyMsg("home"))
		for range downs {
			a.Update(keyMsg("down"))
		}
		_, cmd := a.Update(keyMsg("enter"))
		var flash string
		for _, m := range messagesOf(cmd) {
			if f, ok := m.(kit.FlashMsg); ok {
				flash = f.Text
			}
			a.Update(m)
		}
		if a.top() == triage {
			t.Fatalf("enter on row %d opened nothing:\n%s", downs, screen(a))
		}
		return a.top(), flash
	}
	// Row 0: QUOTA_EXCEEDED, in three sessions; main's live one has two.
	p, flash := open(0)
	tl, ok := p.(*panes.TimelinePane)
	if !ok || tl.Filter() != "QUOTA_EXCEEDED" {
		t.Fatalf("the code row opened %T filtered %q", p, filterOf(p))
	}
	if s, _ := tl.CurrentStage(); s.ARN != main.ARN || !strings.Contains(screen(a), main.ActiveSessionID) {
		t.Fatalf("the code row opened the timeline of %s:\n%s", s.Name, screen(a))
	}
	if !strings.Contains(flash, "3 sessions") {
		t.Fatalf("the code row does not say the code is in other sessions too: %q", flash)
	}
	// Row 1: main-broadcast under QUOTA_EXCEEDED, two sessions: its sessions.
	if p, _ := open(1); p.Kind() != "sessions" {
		t.Fatalf("a stage row with two sessions opened %s", p.Kind())
	}
	// Row 3 or so: standup under QUOTA_EXCEEDED, one session: its timeline.
	rows := 0
	for i := range 8 {
		p, _ := open(i)
		if tl, ok := p.(*panes.TimelinePane); ok {
			if s, _ := tl.CurrentStage(); s.ARN == standup.ARN {
				if tl.Filter() != "QUOTA_EXCEEDED" {
					t.Fatalf("standup's row opened its timeline filtered %q", tl.Filter())
				}
				rows++
				break
			}
		}
	}
	if rows == 0 {
		t.Fatal("no row opened standup's timeline")
	}
}

func filterOf(p kit.Pane) string {
	if f, ok := p.(kit.Filterable); ok {
		return f.Filter()
	}
	return ""
}

// typeInto types text into whatever has the keys.
func typeInto(a *App, text string) {
	for _, r := range text {
		a.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// lastLine is the screen's bottom line: the prompt while it is open.
func lastLine(a *App) string {
	lines := strings.Split(strings.TrimRight(screen(a), "\n"), "\n")
	return lines[len(lines)-1]
}

// TestJumpPromptSuggestsCompletesAndRemembers walks the `:` prompt: every
// target in its hint, the targets matching what is typed, a typo answered
// with the closest target, its error gone after a jump that works, and
// earlier jumps brought back with up and down.
func TestJumpPromptSuggestsCompletesAndRemembers(t *testing.T) {
	a := newTestApp(160, 40)
	withStages(t, a)
	a.Update(keyMsg(":"))
	for _, j := range route.Jumps {
		if !strings.Contains(lastLine(a), j.Name) {
			t.Fatalf("the empty prompt's hint omits %s: %q", j.Name, lastLine(a))
		}
	}
	// Typing narrows the hint to the targets that match; tab completes.
	typeInto(a, "s")
	if l := lastLine(a); !strings.Contains(l, "stages") || !strings.Contains(l, "storage") || strings.Contains(l, "keys") {
		t.Fatalf("after :s the prompt shows %q", l)
	}
	typeInto(a, "to")
	a.Update(keyMsg("tab"))
	if v := a.prompt.value(); v != "storage" {
		t.Fatalf("tab completed :sto to %q", v)
	}
	a.Update(keyMsg("esc"))

	// A typo: the closest target is offered.
	a.Update(keyMsg(":"))
	typeInto(a, "stagse")
	a.Update(keyMsg("enter"))
	if s := screen(a); !strings.Contains(s, "did you mean :stages") {
		t.Fatalf("a typo got no suggestion:\n%s", s)
	}
	// A jump that works clears it.
	a.Update(keyMsg(":"))
	typeInto(a, "keys")
	a.Update(keyMsg("enter"))
	if s := screen(a); strings.Contains(s, "did you mean") {
		t.Fatalf("the error stayed after a successful jump:\n%s", s)
	}
	a.Update(keyMsg(":"))
	typeInto(a, "tri")
	a.Update(keyMsg("enter"))
	if a.top().Kind() != "triage" {
		t.Fatalf(":tri opened %s", a.top().Kind())
	}

	// History: up goes back through earlier jumps, down forward again.
	a.Update(keyMsg(":"))
	for i, want := range []string{"triage", "keys", "keys", "triage", ""} {
		k := "up"
		if i >= 3 {
			k = "down"
		}
		a.Update(keyMsg(k))
		if v := a.prompt.value(); v != want {
			t.Fatalf("%s #%d: the prompt holds %q, want %q", k, i+1, v, want)
		}
	}
}

func TestClosestJumpIsTheTargetMeant(t *testing.T) {
	for typed, want := range map[string]string{
		"stagse": "stages", "kyes": "keys", "tirage": "triage", "compsoitions": "compositions",
		"strage": "storage", "encodres": "encoders", "ingets": "ingest", "x": "", "zzzzzz": "", "qq": "",
	} {
		got, ok := closestJump(typed)
		if !ok {
			got = ""
		}
		if got != want {
			t.Errorf("closestJump(%q) = %q, want %q", typed, got, want)
		}
	}
}

// withParticipantDetails is the participants of withParticipants, bob's
// and a replica's details known: bob from a GetParticipant his detail pane
// read, the replica from the list (ListParticipants says it is one).
func withParticipantDetails(t *testing.T, a *App) *panes.ParticipantsPane {
	t.Helper()
	st, sess := stageFixture()[0], sessionFixture()[1]
	bob := participantFixture(3)[1]
	bob.Protocol, bob.BrowserName, bob.BrowserVersion, bob.OSName, bob.OSVersion = "WHIP", "Firefox", "131.0", "macOS", "15.1"
	bob.SDKVersion, bob.Attributes = "1.21.0", map[string]string{"role": "viewer"}
	detail := panes.NewParticipantPane(a.ctx, st, sess, bob)
	push(a, detail)
	deliver(t, a, detail, "participant", bob, nil)
	a.Update(kit.PopPaneMsg{})
	pp := withParticipants(t, a, 12)
	replica := service.Participant{ID: "pReplica0009", UserID: "guest-from-studio", State: service.StateConnected, Published: true,
		RecordingState: "DISABLED", FirstJoin: t0.Add(-5 * time.Minute), ReplicationType: "REPLICA", ReplicationState: "ACTIVE"}
	pp.Merge([]service.Participant{replica})
	return pp
}

// TestParticipantsLayoutUsesTheWidth: at 80 columns the header keeps its
// counts; at 200 the room goes to more fields (protocol, client, SDK,
// replication), not to a user-id column 80 wide.
func TestParticipantsLayoutUsesTheWidth(t *testing.T) {
	a := newTestApp(80, 24)
	withParticipantDetails(t, a)
	lines := strings.Split(screen(a), "\n")
	if !strings.Contains(lines[1], "connected") || !strings.Contains(lines[1], "published") {
		t.Fatalf("at 80 columns the header lost its counts: %q", lines[1])
	}
	a = newTestApp(200, 30)
	withParticipantDetails(t, a)
	lines = strings.Split(screen(a), "\n")
	header := lines[2]
	for _, col := range []string{"PROTOCOL", "CLIENT", "SDK", "REPLICATION"} {
		if !strings.Contains(header, col) {
			t.Fatalf("at 200 columns no %s column: %q", col, header)
		}
	}
	if w := strings.Index(header, "PARTICIPANT") - strings.Index(header, "USER ID"); w > 44 {
		t.Fatalf("at 200 columns the user id column is %d wide", w)
	}
	s := screen(a)
	for _, want := range []string{"WHIP", "Firefox 131.0 · macOS 15.1", "1.21.0", "replica"} {
		if !strings.Contains(s, want) {
			t.Fatalf("at 200 columns %q is not shown:\n%s", want, s)
		}
	}
}

// Golden views of the participants at 80 and 200 columns, with the details
// of a participant read by GetParticipant and a replica.
func TestGoldenParticipantsByWidth(t *testing.T) {
	forSizesIn(t, []goldenSize{{80, 24}, {200, 30}}, func(t *testing.T, a *App) { withParticipantDetails(t, a) })
}

// The `:` prompt offers :ctx beside the jumps, and a typo of it is
// suggested, though it is no first pane (--start).
func TestJumpPromptOffersContexts(t *testing.T) {
	a := newTestApp(160, 30)
	a.Update(keyMsg(":"))
	if s := screen(a); !strings.Contains(s, "ctx") {
		t.Fatalf("the jump prompt does not offer ctx:\n%s", s)
	}
	if slices.Contains(StartPanes(), "ctx") {
		t.Fatalf("ctx is not a first pane: %v", StartPanes())
	}
	if near, ok := closestJump("ctz"); !ok || near != "ctx" {
		t.Fatalf("closestJump(ctz) = %q, %v; want ctx", near, ok)
	}
}
