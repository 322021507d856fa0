package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/ivsdash/ivsdash/keymap"
)

// helpModel is bubbles' help with our styles; it renders each group's
// aligned key and description columns and the short help line.
func helpModel(st *Styles, width int) help.Model {
	h := help.New()
	h.Styles = help.Styles{
		Ellipsis:       st.HelpSep,
		ShortKey:       st.HelpKey,
		ShortDesc:      st.HelpDesc,
		ShortSeparator: st.HelpSep,
		FullKey:        st.HelpKey,
		FullDesc:       st.HelpDesc,
		FullSeparator:  st.HelpSep,
	}
	h.ShortSeparator = " · "
	h.SetWidth(width)
	return h
}

// ShortHelp renders bindings as one footer line ("enter open · esc back ·
// ? help"), cut with "…" where the width ends. Disabled bindings are left out.
func ShortHelp(st *Styles, bindings []key.Binding, width int) string {
	if width <= 0 {
		return ""
	}
	// The footer is the same from frame to frame: render it once for what
	// it shows, the enabled bindings' keys and descriptions.
	var shown []string
	for _, b := range bindings {
		if b.Enabled() {
			shown = append(shown, b.Help().Key, b.Help().Desc)
		}
	}
	return st.lines.get(lineKey{"short help", memoKey(shown...), width}, func() string {
		line := helpModel(st, width).ShortHelpView(bindings)
		if textWidth(line) > width {
			// bubbles' help adds an item whole when not even its "…" fits.
			line = ansi.Truncate(line, width, "…")
		}
		return line
	})
}

// FullHelp renders the help screen for ?: one titled column per group
// (navigation, actions, panes, general), as many side by side as the width
// allows, wrapping to further rows of columns, cut to width x height with a
// last line saying more is hidden.
func FullHelp(st *Styles, groups []keymap.Group, width, height int) string {
	if width <= 0 || height <= 0 {
		return ""
	}
	h := helpModel(st, 0)
	var blocks []string
	for _, g := range groups {
		body := h.FullHelpView([][]key.Binding{g.Bindings})
		if body == "" {
			continue
		}
		blocks = append(blocks, st.HelpTitle.Render(Sanitize(g.Title))+"\n"+body)
	}
	const gap = "    "
	var rows []string
	var row []string
	rowW := 0
	flush := func() {
		if len(row) > 0 {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
		}
		row, rowW = nil, 0
	}
	for _, blk := range blocks {
		w := lipgloss.Width(blk)
		if len(row) > 0 && rowW+len(gap)+w > width {
			flush()
		}
		if len(row) > 0 {
			row = append(row, gap)
			rowW += len(gap)
		}
		row = append(row, blk)
		rowW += w
	}
	flush()
	out := strings.Join(rows, "\n\n")
	lines := strings.Split(out, "\n")
	if len(lines) > height {
		lines = append(lines[:height-1], st.HelpSep.Render("… more: enlarge the terminal"))
	}
	return ClampBlock(strings.Join(lines, "\n"), width, height)
}
