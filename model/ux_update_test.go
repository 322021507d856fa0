package model

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
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
	_, cmd := a.Update(keyMsg("w"))
	runAll(a, cmd)
	a.Update(keyMsg("ctrl+u"))
	for _, r := range "token-pXyz.jwt" {
		a.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	_, cmd = a.Update(keyMsg("enter"))
	runAll(a, cmd)
	s := screen(a)
	if strings.Contains(s, "file exists") || !strings.Contains(s, "already exists") {
		t.Fatalf("writing over a file:\n%s", s)
	}
	// A symlink is refused too, even when it points nowhere.
	if err := os.Symlink(filepath.Join(dir, "elsewhere"), filepath.Join(dir, "link.jwt")); err != nil {
		t.Fatal(err)
	}
	_, cmd = a.Update(keyMsg("w"))
	runAll(a, cmd)
	a.Update(keyMsg("ctrl+u"))
	for _, r := range "link.jwt" {
		a.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	_, cmd = a.Update(keyMsg("enter"))
	runAll(a, cmd)
	if _, err := os.Lstat(filepath.Join(dir, "elsewhere")); err == nil {
		t.Fatal("the token was written through a symlink")
	}
}
