package model

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// Golden views: the whole screen (breadcrumb, pane, status bar, footer and
// any dialog) rendered at fixed sizes with a fixed clock and no client,
// colour stripped (what a NO_COLOR terminal shows), compared with
// testdata/<test>/<size>.golden. Run with -update to regenerate, then read
// the diff before committing it.

// goldenSizes are the terminal sizes every golden view is checked at.
var goldenSizes = []struct{ w, h int }{{80, 24}, {160, 48}}

// goldenNow is the fixed clock of golden views.
var goldenNow = time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC)

// newGoldenApp builds a dashboard for golden views: no client (no command is
// ever run; panes get their data from fed result messages) and a fixed clock.
func newGoldenApp(readOnly bool) *App {
	a := New(Config{Mode: "golden", Endpoint: "http://127.0.0.1:4566", ReadOnly: readOnly, Now: func() time.Time { return goldenNow }})
	return a
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
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			out := a.screenAt(sz.w, sz.h)
			lines := strings.Split(out, "\n")
			if len(lines) > sz.h {
				t.Errorf("%d lines on a %d-line terminal", len(lines), sz.h)
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w > sz.w {
					t.Errorf("line %d is %d cells on a %d-cell terminal: %q", i, w, sz.w, l)
				}
			}
			golden.RequireEqual(t, out)
		})
	}
}
