package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// The smallest terminal the dashboard lays itself out in; below it the whole
// screen is TooSmall's message.
const (
	MinWidth  = 40
	MinHeight = 10
)

// Clamp returns v limited to [lo, hi]; when hi < lo it returns lo.
func Clamp(v, lo, hi int) int {
	if v > hi {
		v = hi
	}
	if v < lo {
		v = lo
	}
	return v
}

// IsTooSmall reports whether a terminal of width x height is under the
// minimum the dashboard needs.
func IsTooSmall(width, height int) bool {
	return width < MinWidth || height < MinHeight
}

// TooSmall is the whole screen for a terminal under MinWidth x MinHeight: the
// most informative message that fits, centred, never wider or taller than
// the terminal (down to 1x1).
func TooSmall(width, height int) string {
	if width <= 0 || height <= 0 {
		return ""
	}
	need := fmt.Sprintf("%dx%d", MinWidth, MinHeight)
	have := fmt.Sprintf("%dx%d", width, height)
	candidates := []string{
		"Terminal too small\n" + have + ", ivsdash needs " + need + "\nEnlarge it, or press q to quit",
		"Terminal too small\n" + have + ", needs " + need,
		"Too small\n" + have + " < " + need,
		"Too small",
		"small",
	}
	for _, c := range candidates {
		lines := strings.Split(c, "\n")
		if len(lines) > height || lipgloss.Width(c) > width {
			continue
		}
		return lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, c)
	}
	return Fit(ansi.Truncate("too small", width, "…"), width, height)
}

// Fit forces block to exactly width x height cells: long lines are cut,
// short lines padded with spaces, missing lines added, extra lines dropped.
func Fit(block string, width, height int) string {
	if width <= 0 || height <= 0 {
		return ""
	}
	lines := strings.Split(block, "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	var b strings.Builder
	b.Grow(height * (width + 1))
	blank := ""
	for i := 0; i < height; i++ {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i < len(lines) {
			b.WriteString(PadRight(lines[i], width))
			continue
		}
		if blank == "" {
			blank = strings.Repeat(" ", width)
		}
		b.WriteString(blank)
	}
	return b.String()
}

// ClampBlock cuts block to at most width x height without padding.
func ClampBlock(block string, width, height int) string {
	if width <= 0 || height <= 0 {
		return ""
	}
	lines := strings.Split(block, "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	for i, l := range lines {
		if textWidth(l) > width {
			lines[i] = ansi.Truncate(l, width, "")
		}
	}
	return strings.Join(lines, "\n")
}

// PadRight returns the single line s cut or padded with spaces to exactly
// width cells.
func PadRight(s string, width int) string {
	if width <= 0 {
		return ""
	}
	w := textWidth(s)
	if w > width {
		s = ansi.Truncate(s, width, "")
		w = textWidth(s)
	}
	if w < width {
		s += strings.Repeat(" ", width-w)
	}
	return s
}

// align places plain or styled s in exactly width cells.
func align(s string, width int, a Align) string {
	w := textWidth(s)
	if w > width {
		return PadRight(ansi.Truncate(s, width, "…"), width)
	}
	gap := width - w
	switch a {
	case AlignRight:
		return strings.Repeat(" ", gap) + s
	case AlignCenter:
		left := gap / 2
		return strings.Repeat(" ", left) + s + strings.Repeat(" ", gap-left)
	}
	return s + strings.Repeat(" ", gap)
}

// Header renders the top line: the app name, the pane's title and, right
// aligned, a detail such as counts ("12 stages · 3 live"). The detail goes
// first when space runs out, then the title is cut.
// HeaderFit is Header with the first of details (longest first) that fits
// beside the pane's name, so a narrow terminal keeps a shorter summary
// rather than none.
func HeaderFit(st *Styles, pane string, details []string, width int) string {
	room := width - ansi.StringWidth(" ivsdash ") - 1 - ansi.StringWidth(Sanitize(pane)) - 2
	for _, d := range details {
		if ansi.StringWidth(Sanitize(d)) <= room {
			return Header(st, pane, d, width)
		}
	}
	return Header(st, pane, "", width)
}

func Header(st *Styles, pane, detail string, width int) string {
	if width <= 0 {
		return ""
	}
	app := st.HeaderApp.Render(" ivsdash ")
	pane = Sanitize(pane)
	detail = Sanitize(detail)
	left := app + " " + st.HeaderPane.Render(pane)
	lw := textWidth(left)
	if lw > width {
		return ansi.Truncate(left, width, "…")
	}
	dw := textWidth(detail)
	if detail == "" || lw+2+dw > width {
		return left
	}
	return left + strings.Repeat(" ", width-lw-dw) + st.HeaderDetail.Render(detail)
}
