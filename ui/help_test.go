package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/ivsdash/ivsdash/keymap"
)

func TestFullHelp(t *testing.T) {
	st := NewStyles()
	km := keymap.Default()
	out := ansi.Strip(FullHelp(st, km.Groups(keymap.PaneStages), 120, 30))
	for _, want := range []string{"navigation", "actions", "panes", "general", "ctrl+d", "delete stage", "mint token", "? ", "quit"} {
		if !strings.Contains(out, want) {
			t.Errorf("full help lacks %q:\n%s", want, out)
		}
	}
	// Read-only help omits every mutating binding.
	km.SetReadOnly(true)
	out = ansi.Strip(FullHelp(st, km.Groups(keymap.PaneStages), 120, 30))
	for _, gone := range []string{"ctrl+d", "mint token", "create stage", "rename"} {
		if strings.Contains(out, gone) {
			t.Errorf("read-only help shows %q:\n%s", gone, out)
		}
	}
	// Narrow terminals wrap columns into rows; tiny ones say more is hidden.
	km.SetReadOnly(false)
	narrow := ansi.Strip(FullHelp(st, km.Groups(keymap.PaneStages), 40, 60))
	if !strings.Contains(narrow, "general") {
		t.Errorf("narrow help dropped a group:\n%s", narrow)
	}
	tiny := ansi.Strip(FullHelp(st, km.Groups(keymap.PaneStages), 40, 6))
	if !strings.Contains(tiny, "more") {
		t.Errorf("cut help does not say so:\n%s", tiny)
	}
	for _, p := range keymap.Panes() {
		for w := 1; w <= 200; w += 3 {
			for _, h := range []int{1, 5, 20, 50} {
				checkBlock(t, "full help "+string(p), FullHelp(st, km.Groups(p), w, h), w, h)
			}
		}
	}
}

func TestShortHelp(t *testing.T) {
	st := NewStyles()
	km := keymap.Default()
	out := ansi.Strip(ShortHelp(st, km.HelpFor(keymap.PaneParticipants).ShortHelp(), 200))
	if !strings.HasPrefix(out, "? help · enter details & events") || !strings.Contains(out, "ctrl+d disconnect") {
		t.Fatalf("short help: %q", out)
	}
	for w := 1; w <= 200; w++ {
		checkBlock(t, "short help", ShortHelp(st, km.HelpFor(keymap.PaneStages).ShortHelp(), w), w, 1)
	}
}
