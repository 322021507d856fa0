package model

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// Helpers for golden views of panes built directly: no client (no command
// is ever run; panes get their data from fed result messages), a fixed
// clock, the whole screen compared at goldenSizes.

// goldenNow is the fixed clock of these golden views.
var goldenNow = time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC)

// newGoldenApp builds a dashboard for golden views.
func newGoldenApp(readOnly bool) *App {
	return New(Config{Mode: "golden", Endpoint: "http://127.0.0.1:4566", ReadOnly: readOnly, Now: func() time.Time { return goldenNow }})
}

// showPane replaces the stack with p (after its Init, whose command is
// dropped) and feeds it msgs as if they were its results.
func (a *App) showPane(p Pane, msgs ...tea.Msg) {
	a.stack = []Pane{p}
	_ = p.Init(a.ctx)
	for _, m := range msgs {
		_ = p.Update(a.ctx, m)
	}
}

// showDialog opens d over the panes.
func (a *App) showDialog(d Dialog) {
	a.dialogs = append(a.dialogs, d)
	_ = d.Init(a.ctx)
}

// screenAt renders the whole screen at w x h without colour.
func (a *App) screenAt(w, h int) string {
	a.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return ansi.Strip(a.render())
}

// requireGoldenScreens checks the screen at every golden size against its
// golden file, and that it fits the terminal.
func requireGoldenScreens(t *testing.T, a *App) {
	t.Helper()
	for _, sz := range goldenSizes {
		t.Run(sizeName(sz.w, sz.h), func(t *testing.T) {
			out := a.screenAt(sz.w, sz.h)
			checkFits(t, out, sz.w, sz.h)
			requireGolden(t, out)
		})
	}
}
