package ui

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Field is one labelled value of a detail view (an ARN, an endpoint, a
// participant's browser).
type Field struct {
	Label string
	Value string // may carry SGR styling (a badge); other escapes are removed
}

// MaxFieldLines bounds how many lines one value of Fields wraps to.
const MaxFieldLines = 3

// Fields renders labelled values as two columns: labels right-aligned to
// the longest (at most a third of the width), values wrapped under
// themselves, so a long ARN or endpoint is shown whole rather than cut (up
// to MaxFieldLines lines, then "…"). Every line is at most width cells. An
// empty value shows "—".
func Fields(st *Styles, fields []Field, width int) string {
	if width <= 0 || len(fields) == 0 {
		return ""
	}
	lw := 0
	for _, f := range fields {
		lw = max(lw, ansi.StringWidth(Sanitize(f.Label)))
	}
	lw = min(lw, max(width/3, 1))
	vw := width - lw - 2
	if vw < 4 {
		// Too narrow for two columns: label and value on lines of their own.
		var lines []string
		for _, f := range fields {
			lines = append(lines, st.Muted.Render(SanitizeTrunc(f.Label, width)))
			lines = append(lines, ClampBlock(valueText(f.Value), width, 1))
		}
		return strings.Join(lines, "\n")
	}
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			b.WriteByte('\n')
		}
		label := align(SanitizeTrunc(f.Label, lw), lw, AlignRight)
		wrapped := strings.Split(lipgloss.Wrap(valueText(f.Value), vw, " /:,"), "\n")
		if len(wrapped) > MaxFieldLines {
			// A value this long is hostile or a mistake (a client SDK
			// reporting a 10 KB browser name): it must not push the
			// fields after it off the screen.
			wrapped = wrapped[:MaxFieldLines]
			last := &wrapped[MaxFieldLines-1]
			*last = ansi.Truncate(*last, vw-1, "") + "…"
		}
		for j, l := range wrapped {
			if j > 0 {
				b.WriteByte('\n')
				label = strings.Repeat(" ", lw)
			}
			b.WriteString(st.Muted.Render(label))
			b.WriteString("  ")
			b.WriteString(ClampBlock(l, vw, 1))
		}
	}
	return b.String()
}

func valueText(v string) string {
	if v == "" {
		return NoTime
	}
	return SanitizeStyled(v)
}

// Counted renders "1 error", "2 errors", "10,000 events": n with its noun,
// plural past one (nouns here take an s).
func Counted(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return Count(n) + " " + noun + "s"
}

// Count renders n with thousands separators: 10000 -> "10,000".
func Count(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
