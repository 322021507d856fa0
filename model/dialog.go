package model

import (
	tea "charm.land/bubbletea/v2"
)

// Dialog is a modal on the dialog stack (crush): the top one receives every
// key; it closes itself by sending closeDialog.
type Dialog interface {
	Init(c *Context) tea.Cmd
	Update(c *Context, msg tea.Msg) tea.Cmd
	// View renders the dialog box; the root centres it over the panes.
	View(c *Context, width, height int) string
}
