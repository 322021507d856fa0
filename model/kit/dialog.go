package kit

import (
	tea "charm.land/bubbletea/v2"
)

// Dialog is a modal on the dialog stack (crush): the top one receives every
// key. It closes itself with its closer's close(): the root removes it as
// soon as Update returns, before the next key, so a key typed right after
// "y" never lands in a dialog that is going away.
type Dialog interface {
	Init(c *Context) tea.Cmd
	Update(c *Context, msg tea.Msg) tea.Cmd
	// View renders the dialog box; the root centres it over the panes.
	View(c *Context, width, height int) string
}

// Closer is embedded by every dialog.
type Closer struct{ done bool }

// Close marks the dialog done; the root removes it after this Update.
func (c *Closer) Close() { c.done = true }

func (c *Closer) Finished() bool { return c.done }

// Closable is what the root checks after a dialog's Update.
type Closable interface{ Finished() bool }
