package kit

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/ui"
)

// TimelineMode is how a timeline shows its events, as k9s's logs do:
// following (the cursor stays on the newest event, so new ones come into
// view at the bottom; less's F) and wrapping the error notes. The last
// choice is kept in the Context, so the next timeline opens the same way.
type TimelineMode struct {
	Follow, Wrap bool
}

// Key toggles follow (F) and wrap (w); it reports whether the key was one.
func (m *TimelineMode) Key(c *Context, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, c.Keys.Follow):
		return toggle(&m.Follow, &c.Timelines.Follow, "following the newest event: F stops", "not following: F follows the newest event"), true
	case key.Matches(msg, c.Keys.Wrap):
		return toggle(&m.Wrap, &c.Timelines.Wrap, "error notes wrapped: w cuts them", "error notes cut to the width: w wraps them"), true
	}
	return nil, false
}

// toggle flips a mode, keeps it for the next timeline and says so.
func toggle(mode, kept *bool, on, off string) tea.Cmd {
	*mode = !*mode
	*kept = *mode
	if *mode {
		return Flash(FlashInfo, on)
	}
	return Flash(FlashInfo, off)
}

// Moved stops following when the user moved the cursor off the newest
// event (scrolling back stops a follow, as in less).
func (m *TimelineMode) Moved(c *Context, cursor, total int) tea.Cmd {
	if !m.Follow || cursor >= total-1 {
		return nil
	}
	m.Follow = false
	c.Timelines.Follow = false
	return Flash(FlashInfo, "stopped following: F follows the newest event again")
}

// Apply puts the cursor on the newest event while following.
func (m *TimelineMode) Apply(t *ui.TableState, total int) {
	if m.Follow && total > 0 {
		t.Cursor = total - 1
	}
}

// Note says which modes are on, for the timeline's header: "⇣ following ·
// wrapped"; "" when none.
func (m *TimelineMode) Note() string {
	var parts []string
	if m.Follow {
		parts = append(parts, "⇣ following")
	}
	if m.Wrap {
		parts = append(parts, "wrapped")
	}
	return strings.Join(parts, " · ")
}
