package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/ivsdash/ivsdash/keymap"
)

// stagesHelp is the help the stages pane declares (in the model).
func stagesHelp(km *keymap.KeyMap) keymap.Help {
	h := km.ListHelp("sessions", "create stage", "delete stage", km.Token, keymap.As(km.Edit, "rename"))
	h.Panes = append(h.Panes, keymap.As(km.Details, "stage details"), km.Tags)
	return h
}

func TestFullHelp(t *testing.T) {
	st := NewStyles()
	km := keymap.Default()
	out := ansi.Strip(FullHelp(st, stagesHelp(&km).Groups(), 120, 30))
	for _, want := range []string{"navigation", "actions", "panes", "general", "ctrl+d", "delete stage", "mint token", "? ", "quit"} {
		if !strings.Contains(out, want) {
			t.Errorf("full help lacks %q:\n%s", want, out)
		}
	}
	// Read-only help omits every mutating binding.
	km.SetReadOnly(true)
	out = ansi.Strip(FullHelp(st, stagesHelp(&km).Groups(), 120, 30))
	for _, gone := range []string{"ctrl+d", "mint token", "create stage", "rename"} {
		if strings.Contains(out, gone) {
			t.Errorf("read-only help shows %q:\n%s", gone, out)
		}
	}
	// Narrow terminals wrap columns into rows; tiny ones say more is hidden.
	km.SetReadOnly(false)
	narrow := ansi.Strip(FullHelp(st, stagesHelp(&km).Groups(), 40, 60))
	if !strings.Contains(narrow, "general") {
		t.Errorf("narrow help dropped a group:\n%s", narrow)
	}
	tiny := ansi.Strip(FullHelp(st, stagesHelp(&km).Groups(), 40, 6))
	if !strings.Contains(tiny, "more") {
		t.Errorf("cut help does not say so:\n%s", tiny)
	}
	for name, help := range map[string]keymap.Help{"stages": stagesHelp(&km), "detail": km.DetailHelp(km.Copy, km.Delete),
		"token": km.TokenHelp(), "form": km.FormHelp(), "confirm": km.ConfirmHelp(), "prompt": km.PromptHelp()} {
		for w := 1; w <= 200; w += 3 {
			for _, h := range []int{1, 5, 20, 50} {
				checkBlock(t, "full help "+name, FullHelp(st, help.Groups(), w, h), w, h)
			}
		}
	}
}

func TestShortHelp(t *testing.T) {
	st := NewStyles()
	km := keymap.Default()
	participants := km.ListHelp("details & events", "", "disconnect", km.FilterCycle, km.FilterUser, km.Token)
	out := ansi.Strip(ShortHelp(st, participants.ShortHelp(), 200))
	if !strings.HasPrefix(out, "? help · enter details & events") || !strings.Contains(out, "ctrl+d disconnect") {
		t.Fatalf("short help: %q", out)
	}
	for w := 1; w <= 200; w++ {
		checkBlock(t, "short help", ShortHelp(st, stagesHelp(&km).ShortHelp(), w), w, 1)
	}
}
