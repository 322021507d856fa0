package model

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/ui"
)

// The mouse, as lazygit and k9s users expect it: the wheel moves the
// cursor, a click selects the row under it, a double-click opens it. Off
// with --no-mouse (Config.NoMouse), when the terminal's own selection
// matters more.

// doubleClick is the longest gap between the two clicks of a double-click.
const doubleClick = 400 * time.Millisecond

// click is the last click on a row, to tell a double-click.
type click struct {
	pane kit.PaneID
	line int
	at   time.Time
}

// mouseFree reports whether the pane has the mouse: no dialog, prompt or
// help over it.
func (a *App) mouseFree() bool {
	return !a.noMouse && len(a.dialogs) == 0 && !a.prompt.active() && !a.help
}

// wheel moves the cursor as up and down would.
func (a *App) wheel(msg tea.MouseWheelMsg) tea.Cmd {
	if !a.mouseFree() {
		return nil
	}
	switch msg.Button {
	case tea.MouseWheelUp:
		return a.key(tea.KeyPressMsg{Code: tea.KeyUp})
	case tea.MouseWheelDown:
		return a.key(tea.KeyPressMsg{Code: tea.KeyDown})
	}
	return nil
}

// click selects the row under a left click; a second click on it soon
// after opens it, as enter does.
func (a *App) click(msg tea.MouseClickMsg) tea.Cmd {
	if !a.mouseFree() || msg.Button != tea.MouseLeft {
		return nil
	}
	p, ok := a.top().(kit.Clickable)
	if !ok {
		return nil
	}
	// The pane starts below the breadcrumb.
	line := msg.Y - kit.Lines(ui.Breadcrumb(a.ctx.Styles, a.crumbs(), a.ctx.Width))
	if line < 0 || !p.Click(line) {
		a.lastClick = click{}
		return nil
	}
	now := a.ctx.CurrentTime()
	last := a.lastClick
	a.lastClick = click{pane: a.top().ID(), line: line, at: now}
	if last.pane == a.top().ID() && last.line == line && now.Sub(last.at) <= doubleClick {
		a.lastClick = click{}
		return a.key(tea.KeyPressMsg{Code: tea.KeyEnter})
	}
	return nil
}
