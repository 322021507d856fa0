package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

const crumbSep = " › "

// Breadcrumb renders where the user is: "stages › main-broadcast › st-1A2b…
// › participants › alice". Parts are sanitised (names and user ids are
// untrusted) and each but the last is cut to a third of the width; when the
// whole is still too wide, parts are dropped from the left behind "…", and
// the last part is cut from the left (its end tells similar ids apart) as a
// last resort.
func Breadcrumb(st *Styles, parts []string, width int) string {
	if width <= 0 || len(parts) == 0 {
		return ""
	}
	return st.lines.get(lineKey{"breadcrumb", memoKey(parts...), width}, func() string {
		return breadcrumb(st, parts, width)
	})
}

func breadcrumb(st *Styles, parts []string, width int) string {
	clean := make([]string, len(parts))
	for i, p := range parts {
		if i == len(parts)-1 {
			// Where the user is matters most: cut only if nothing else fits.
			clean[i] = Sanitize(p)
		} else {
			clean[i] = SanitizeTrunc(p, max(width/3, 8))
		}
	}
	sepW := ansi.StringWidth(crumbSep)
	total := func(ps []string) int {
		w := 0
		for i, p := range ps {
			if i > 0 {
				w += sepW
			}
			w += ansi.StringWidth(p)
		}
		return w
	}
	first := 0
	elided := false
	for first < len(clean)-1 && total(clean[first:])+boolInt(elided)*(1+sepW) > width {
		first++
		elided = true
	}
	shown := clean[first:]
	var b strings.Builder
	if elided {
		b.WriteString(st.CrumbPart.Render("…"))
		b.WriteString(st.CrumbSep.Render(crumbSep))
	}
	for i, p := range shown {
		if i > 0 {
			b.WriteString(st.CrumbSep.Render(crumbSep))
		}
		if i == len(shown)-1 {
			b.WriteString(st.CrumbCurrent.Render(p))
		} else {
			b.WriteString(st.CrumbPart.Render(p))
		}
	}
	line := b.String()
	if ansi.StringWidth(line) > width {
		// Only the last part is left and it is too wide: keep its end, which
		// is what tells two similar ids apart.
		last := shown[len(shown)-1]
		n := ansi.StringWidth(last) - (width - 1)
		tail := ansi.TruncateLeft(last, n, "")
		// A wide rune straddling the cut is kept whole; cut one more cell.
		for ansi.StringWidth(tail) > width-1 && tail != "" {
			n++
			tail = ansi.TruncateLeft(last, n, "")
		}
		line = st.CrumbCurrent.Render("…" + tail)
	}
	return line
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
