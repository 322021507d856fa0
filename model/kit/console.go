package kit

import (
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// ConsoleLinked panes have an AWS console page for their selection: C copies
// its URL and shows it (the root's key). ok is false when nothing is
// selected or the pane has no page.
type ConsoleLinked interface {
	ConsoleTarget() (t ivs.ConsoleTarget, ok bool)
}

// CopyConsoleURL copies the console URL of t, in the client's region, with
// OSC52 and shows it in the status bar.
func CopyConsoleURL(c *Context, t ivs.ConsoleTarget) tea.Cmd {
	region := ""
	if c.Client != nil {
		region = c.Client.Region()
	}
	u := ivs.ConsoleURL(region, t)
	return CopyValue(u, "AWS console URL "+u)
}
