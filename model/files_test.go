package model

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
	"github.com/ivsdash/ivsdash/service"
)

// w writes tokens to a new file, 0600, and never over an existing file or
// through a symlink (which could point at anything): the file keeps its
// content and the dialog says why nothing was written.
func TestTokenFileIsNewAndPrivate(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "existing.txt")
	if err := os.WriteFile(existing, []byte("someone else's\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink(filepath.Join(dir, "elsewhere.txt"), link); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(dir, "tokens.txt")
	secret := "eyJhbGciOiJFUzM4NCJ9.eyJqdGkiOiJwMSJ9.c2VjcmV0LXNpZ25hdHVyZS0xMjM0NTY3ODkw"
	toks := []service.ParticipantToken{{ParticipantID: "p1", UserID: "guest-1", Token: service.Secret(secret), Expiration: t0.Add(time.Hour)}}

	write := func(path string) string {
		t.Helper()
		a := newTestApp(160, 40)
		a.Update(kit.OpenDialogMsg{Dialog: panes.NewStageTokensDialog(stageFixture()[0], toks)})
		run := func(msg tea.Msg) {
			// The message, then what its commands answer (the path
			// dialog, the write's outcome, its flash), a few rounds deep.
			queue := []tea.Msg{msg}
			for range 4 {
				var next []tea.Msg
				for _, m := range queue {
					_, cmd := a.Update(m)
					next = append(next, quickMessagesOf(cmd)...)
				}
				queue = next
			}
		}
		run(keyMsg("w"))
		run(keyMsg("ctrl+u"))
		for _, r := range path {
			a.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		run(keyMsg("enter"))
		return screen(a)
	}

	if s := write(fresh); !strings.Contains(s, "written to "+fresh) {
		t.Fatalf("a new file was not written:\n%s", s)
	}
	if fi, err := os.Stat(fresh); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the token file: %v %v; want 0600", fi, err)
	}
	for _, path := range []string{existing, link} {
		s := write(path)
		if strings.Contains(s, "written to") || !strings.Contains(s, "could not write the tokens") {
			t.Errorf("%s: want a refusal on screen:\n%s", filepath.Base(path), s)
		}
	}
	if raw, _ := os.ReadFile(existing); string(raw) != "someone else's\n" {
		t.Errorf("the existing file was changed: %q", raw)
	}
	if _, err := os.Lstat(filepath.Join(dir, "elsewhere.txt")); !os.IsNotExist(err) {
		t.Error("a token was written through the symlink")
	}
}

// e in the session timeline writes the export to a new file, 0600 (reports
// hold user ids and attributes), and beside an existing one rather than over
// it, even when the name it would take is a symlink.
func TestE2EExportFileIsNewAndPrivate(t *testing.T) {
	h, sc, dir := sessionTimelineExportingTo(t)
	h.press("e")
	screen := h.waitFor("Export the session "+sc.session, "Writes ")
	name := strings.Fields(screen[strings.Index(screen, "Writes ")+len("Writes "):])[0]
	elsewhere := filepath.Join(t.TempDir(), "elsewhere.md")
	if err := os.Symlink(elsewhere, filepath.Join(dir, name)); err != nil {
		t.Fatal(err)
	}
	h.press("enter")
	written := strings.TrimSuffix(name, filepath.Ext(name)) + "-1" + filepath.Ext(name)
	h.waitFor("exported ", "to "+filepath.Join(dir, written))
	if fi, err := os.Stat(filepath.Join(dir, written)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the export: %v %v; want 0600", fi, err)
	}
	if _, err := os.Lstat(elsewhere); !os.IsNotExist(err) {
		t.Error("the export was written through the symlink")
	}
}

// quickMessagesOf is messagesOf without the commands that wait: the
// cursor's blink and timers.
func quickMessagesOf(cmd tea.Cmd) []tea.Msg {
	if cmd == nil || isCursorBlink(cmd) {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(5 * time.Second):
		return nil // a timer: nothing this test waits for
	}
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, quickMessagesOf(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}
