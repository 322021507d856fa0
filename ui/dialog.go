package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// DialogSpec is the content of a dialog or form frame.
type DialogSpec struct {
	Title string
	// Body may hold styled text (form fields, input views); long lines are
	// word-wrapped to the frame and everything but SGR styling is removed.
	Body string
	// Hints are the key hints of the footer ("enter submit · esc cancel");
	// Footer, if set, replaces them with ready text.
	Hints  []key.Binding
	Footer string
	// Width is the preferred outer width (0: as wide as the content needs,
	// from 30 to 72 cells); the frame never exceeds the terminal.
	Width int
	// Danger draws the frame in the error colour, for destructive actions.
	Danger bool
}

// autoDialogWidth caps the width of a dialog that does not set its own.
const autoDialogWidth = 72

// Dialog renders a dialog frame with a title, a body and a footer of key
// hints ("enter submit · esc cancel"), no larger than maxWidth x maxHeight.
func Dialog(st *Styles, title, body, footer string, maxWidth, maxHeight int) string {
	return RenderDialog(st, DialogSpec{Title: title, Body: body, Footer: footer}, maxWidth, maxHeight)
}

// RenderDialog renders d in a bordered frame no larger than maxWidth x
// maxHeight: the title and footer are kept, the body is cut (ending in "…")
// when the frame would be too tall.
func RenderDialog(st *Styles, d DialogSpec, maxWidth, maxHeight int) string {
	if maxWidth <= 0 || maxHeight <= 0 {
		return ""
	}
	frame := st.DialogFrame
	if d.Danger {
		frame = st.DialogDangerFrame
	}
	hFrame, vFrame := frame.GetHorizontalFrameSize(), frame.GetVerticalFrameSize()
	title := Sanitize(d.Title)
	// The footer is a list of hints, styled one by one, so it can wrap
	// between them.
	var hints []string
	sep := st.DialogFooter.Render(" · ")
	if d.Footer == "" && len(d.Hints) > 0 {
		sep = st.HelpSep.Render(" · ")
		for _, b := range d.Hints {
			if h := ShortHelp(st, []key.Binding{b}, 1<<16); h != "" {
				hints = append(hints, h)
			}
		}
	} else if d.Footer != "" {
		for _, h := range strings.Split(SanitizeStyled(d.Footer), " · ") {
			hints = append(hints, st.DialogFooter.Render(h))
		}
	}
	footer := strings.Join(hints, sep)
	if maxWidth < hFrame+4 || maxHeight < vFrame+1 {
		// No room for a frame: the title alone is the most useful thing.
		return ClampBlock(title, maxWidth, maxHeight)
	}

	bodyLines := strings.Split(d.Body, "\n")
	for i, l := range bodyLines {
		bodyLines[i] = SanitizeStyled(l)
	}
	cw := d.Width - hFrame
	if d.Width <= 0 {
		cw = max(ansi.StringWidth(title), ansi.StringWidth(footer), 30-hFrame)
		for _, l := range bodyLines {
			cw = max(cw, ansi.StringWidth(l))
		}
		// Long prose wraps rather than spanning a wide terminal.
		cw = min(cw, autoDialogWidth-hFrame)
	}
	cw = Clamp(cw, 1, maxWidth-hFrame)

	var body []string
	for _, l := range bodyLines {
		body = append(body, strings.Split(lipgloss.Wrap(l, cw, " "), "\n")...)
	}
	for len(body) > 0 && strings.TrimSpace(ansi.Strip(body[len(body)-1])) == "" {
		body = body[:len(body)-1]
	}

	// Lines: title, blank, body, blank, footer; the body gives way first,
	// then the blanks, then the footer.
	inner := maxHeight - vFrame
	head := []string{st.DialogTitle.Render(ansi.Truncate(title, cw, "…"))}
	// A footer wider than the dialog wraps between hints rather than
	// losing the last ones.
	var foot []string
	for _, l := range wrapHints(hints, sep, cw) {
		foot = append(foot, ansi.Truncate(l, cw, "…"))
	}
	spacers := 0
	if len(body) > 0 {
		spacers = 1
		if len(foot) > 0 {
			spacers = 2
		}
	}
	for len(head)+len(foot)+spacers+len(body) > inner {
		switch {
		case len(foot) > 1:
			foot = []string{ansi.Truncate(footer, cw, "…")}
		case len(body) > 1:
			body = body[:len(body)-1]
			body[len(body)-1] = ansi.Truncate(body[len(body)-1], cw-1, "") + "…"
		case spacers > 0:
			spacers--
		case len(body) > 0:
			body = nil
		case len(foot) > 0:
			foot = nil
		default:
			// Only the title is left and it fits in inner >= 1.
			inner = len(head)
		}
	}
	lines := head
	if len(body) > 0 {
		if spacers > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, body...)
		if spacers > 1 {
			lines = append(lines, "")
		}
	}
	lines = append(lines, foot...)
	for i, l := range lines {
		lines[i] = PadRight(l, cw)
	}
	out := frame.Width(cw + hFrame).Render(strings.Join(lines, "\n"))
	return ClampBlock(out, maxWidth, maxHeight)
}

// Overlay draws dialog centred over background; the result is exactly
// height lines of at most width cells (the background is fitted first).
// Both are sanitised line by line, keeping only styling: the compositor
// re-emits what it parses (a hyperlink, for one), so text that slipped past
// a view's own sanitising must not reach the terminal through it.
func Overlay(background, dialog string, width, height int) string {
	if width <= 0 || height <= 0 {
		return ""
	}
	bg := Fit(sanitizeLines(background), width, height)
	dlg := ClampBlock(sanitizeLines(dialog), width, height)
	dw, dh := lipgloss.Size(dlg)
	x, y := (width-dw)/2, (height-dh)/2
	canvas := lipgloss.NewCanvas(width, height)
	canvas.Compose(lipgloss.NewCompositor(
		lipgloss.NewLayer(bg),
		lipgloss.NewLayer(dlg).X(x).Y(y).Z(1),
	))
	return canvas.Render()
}

// Confirm renders a confirmation in a frame drawn in the error colour: the
// question says what will happen ("Disconnect alice from main-broadcast?"),
// ▸ [ No ] is the highlighted default and [ Yes ] the alternative, and the
// footer is hint, or "enter = No · y = Yes" when hint is empty. The question
// may hold styled lines (a reason field); untrusted text in it is sanitised
// like every dialog body.
func Confirm(st *Styles, title, question, hint string, maxWidth, maxHeight int) string {
	if hint == "" {
		hint = "enter = No · y = Yes"
	}
	body := question + "\n\n" + Button(st, "No", true) + "  " + Button(st, "Yes", false)
	return RenderDialog(st, DialogSpec{
		Title:  title,
		Body:   body,
		Footer: hint,
		Danger: true,
	}, maxWidth, maxHeight)
}

// Button renders "▸ [ label ]" highlighted when focused, "  [ label ]"
// otherwise; the mark keeps focus visible without colour.
func Button(st *Styles, label string, focused bool) string {
	if focused {
		return st.ButtonFocused.Render("▸ [ " + Sanitize(label) + " ]")
	}
	return st.Button.Render("  [ " + Sanitize(label) + " ]")
}

// FormField renders one field of a form: its label (marked ▸ when focused;
// an empty label is left out), the input's view (from bubbles textinput's
// View) indented under it, and the validation error under the input when
// there is one. The dialog frame wraps and cuts the lines to its width.
func FormField(st *Styles, label, input, errText string, focused bool) string {
	mark, ls := "  ", st.FormLabel
	if focused {
		mark, ls = "▸ ", st.FormLabelFocused
	}
	var lines []string
	if label != "" {
		lines = append(lines, ls.Render(mark+Sanitize(label)))
	}
	for _, l := range strings.Split(input, "\n") {
		lines = append(lines, "  "+SanitizeStyled(l))
	}
	if errText != "" {
		lines = append(lines, st.FormError.Render("  ✖ "+Sanitize(errText)))
	}
	return strings.Join(lines, "\n")
}

// Toggle renders a checkbox: "▸ [x] publish" when focused and on,
// "  [ ] subscribe" otherwise.
func Toggle(st *Styles, label string, on, focused bool) string {
	box := "[ ]"
	if on {
		box = "[x]"
	}
	mark, ls := "  ", st.FormLabel
	if focused {
		mark, ls = "▸ ", st.FormLabelFocused
	}
	return ls.Render(mark + box + " " + Sanitize(label))
}

func sanitizeLines(block string) string {
	lines := strings.Split(block, "\n")
	for i, l := range lines {
		lines[i] = SanitizeStyled(l)
	}
	return strings.Join(lines, "\n")
}

// wrapHints joins hints with sep into lines no wider than width, breaking
// only between hints (a hint wider than width gets a line of its own).
func wrapHints(hints []string, sep string, width int) []string {
	var lines []string
	cur := ""
	for _, h := range hints {
		switch {
		case cur == "":
			cur = h
		case ansi.StringWidth(cur+sep+h) <= width:
			cur += sep + h
		default:
			lines = append(lines, cur)
			cur = h
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}
