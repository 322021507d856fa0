package model

import (
	"context"
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/ivsdash/ivsdash/ui"
)

// The project keeps its own form rather than charm.land/huh/v2 (v2.0.3):
// huh draws a group's errors in its footer, not under the field, has no way
// to put a failed call's error on a field or to reopen a completed form, hides
// groups but not fields, makes enter "next field" and blocks tab on an
// invalid field, and loads options without an error or a deadline.
//
// form is a dialog made of fields (see formfields.go): tab and shift+tab move
// between them, enter submits (ctrl+s from a multi-line field), esc cancels.
// Every field checks itself with the API's limits before any call; prepare
// adds the checks across fields and captures the values in the call to make.
// A failed call keeps what was typed and shows the error in words, under the
// field it concerns when the call says so (fieldError).
type form struct {
	closer
	title  string
	fields []formField
	focus  int // len(fields) is the submit button

	submitLabel string // "Create", "Import"...
	busyLabel   string // "Creating…"
	note        string // under the button: which call, which quota
	danger      bool   // a frame in the error colour
	// readOnly is what submitting says in read-only mode.
	readOnly string
	// layout, when set, draws the form instead of View's list of fields:
	// for a form whose fields share rows (the token form).
	layout func(c *Context, w, h int) string

	// prepare validates across fields (each field has checked itself
	// already) and returns the call to make with the values read now, in
	// Update; nil when a field is wrong, after setting its error.
	prepare func(c *Context) formCall
	// pane is told (actionDoneMsg) after a success, so it refreshes.
	pane paneID
	// after, when set, runs once the form has closed after a success: a
	// result to show (minted tokens) or a pane to open (the composition).
	// The call stores what it needs in the closure; the message that
	// carries formDoneMsg orders that write before this read.
	after func(c *Context) tea.Cmd

	busy    bool
	callErr string
}

// formCall is the API call of a submitted form; it runs as a command and
// returns what happened, in words, for the status bar.
type formCall func(ctx context.Context) (string, error)

// formDoneMsg is the outcome of a form's call.
type formDoneMsg struct {
	form *form
	what string
	err  error
}

// fieldError is a failure that belongs to one field (a file that cannot be
// read, a PEM block that is not a public key), shown under it.
type fieldError struct {
	field formField
	text  string
}

func (e *fieldError) Error() string { return e.text }

// formWidth is the widest a form's frame grows.
const formWidth = 78

func newForm(title, submitLabel, busyLabel string, pane paneID, fields ...formField) *form {
	return &form{title: title, submitLabel: submitLabel, busyLabel: busyLabel, pane: pane, fields: fields,
		readOnly: "read-only mode: nothing can be created, changed or deleted"}
}

// focused is the field with the focus; nil on the submit button.
func (f *form) focused() formField {
	if f.focus < len(f.fields) {
		return f.fields[f.focus]
	}
	return nil
}

// buttonLabel is the submit button's label, or the busy one during the call.
func (f *form) buttonLabel() string {
	if f.busy {
		return f.busyLabel
	}
	return f.submitLabel
}

// Init focuses the first field and starts the fields' own loads (the
// options of a pick list).
func (f *form) Init(c *Context) tea.Cmd {
	cmds := []tea.Cmd{f.focusAt(0)}
	for _, fl := range f.fields {
		cmds = append(cmds, fl.init(c))
	}
	return tea.Batch(cmds...)
}

func (f *form) focusAt(i int) tea.Cmd {
	n := len(f.fields) + 1
	f.focus = ((i % n) + n) % n
	if f.focus < len(f.fields) && f.fields[f.focus].hidden() {
		return f.step(1)
	}
	for _, fl := range f.fields {
		fl.blur()
	}
	if f.focus < len(f.fields) {
		return f.fields[f.focus].focus()
	}
	return nil
}

// step moves the focus to the next (1) or previous (-1) shown field, or
// the button.
func (f *form) step(dir int) tea.Cmd {
	n := len(f.fields) + 1
	i := f.focus
	for range n {
		i = ((i+dir)%n + n) % n
		if i == len(f.fields) || !f.fields[i].hidden() {
			break
		}
	}
	return f.focusAt(i)
}

func (f *form) focusOn(target formField) tea.Cmd {
	for i, fl := range f.fields {
		if fl == target {
			return f.focusAt(i)
		}
	}
	return nil
}

func (f *form) owns(fl formField) bool {
	for _, x := range f.fields {
		if x == fl {
			return true
		}
	}
	return false
}

func (f *form) Update(c *Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case formDoneMsg:
		if msg.form != f {
			return nil
		}
		f.busy = false
		if msg.err != nil {
			var fe *fieldError
			if errors.As(msg.err, &fe) && f.owns(fe.field) {
				fe.field.setErr(fe.text)
				return f.focusOn(fe.field)
			}
			f.callErr = errorSentence(msg.err) // what was typed stays
			return nil
		}
		f.close()
		done := send(actionDoneMsg{pane: f.pane, what: msg.what})
		if f.after != nil {
			return tea.Batch(done, f.after(c))
		}
		return done
	case pickLoadedMsg:
		if f.owns(msg.field) {
			msg.field.loaded(c, msg.items, msg.err)
		}
		return nil
	case tea.KeyPressMsg:
		return f.key(c, msg)
	}
	if f.focus < len(f.fields) {
		return f.fields[f.focus].update(c, msg)
	}
	return nil
}

func (f *form) key(c *Context, msg tea.KeyPressMsg) tea.Cmd {
	k := c.Keys
	multiline := f.focus < len(f.fields) && f.fields[f.focus].multiline()
	switch {
	case key.Matches(msg, k.Cancel):
		f.close()
		return nil
	case key.Matches(msg, k.NextField):
		return f.step(1)
	case key.Matches(msg, k.PrevField):
		return f.step(-1)
	case key.Matches(msg, k.SubmitForm):
		return f.submit(c)
	case key.Matches(msg, k.Submit) && !multiline:
		return f.submit(c)
	}
	if f.focus < len(f.fields) {
		return f.fields[f.focus].update(c, msg)
	}
	return nil
}

// submit checks every field, then the form, and runs the call.
func (f *form) submit(c *Context) tea.Cmd {
	if f.busy {
		return nil
	}
	if c.ReadOnly {
		f.callErr = f.readOnly
		return nil
	}
	f.callErr = ""
	ok := true
	for _, fl := range f.fields {
		e := ""
		if !fl.hidden() {
			e = fl.validate()
		}
		fl.setErr(e)
		ok = ok && e == ""
	}
	var call formCall
	if ok && f.prepare != nil {
		call = f.prepare(c)
	}
	if call == nil {
		for _, fl := range f.fields {
			if fl.err() != "" {
				return f.focusOn(fl)
			}
		}
		if f.callErr == "" {
			f.callErr = "nothing to submit"
		}
		return nil
	}
	f.busy = true
	return func() tea.Msg {
		ctx, cancel := c.callContext()
		defer cancel()
		what, err := call(ctx)
		return formDoneMsg{form: f, what: what, err: err}
	}
}

func (f *form) hints(c *Context) []key.Binding {
	k := c.Keys
	submit := k.Submit
	submit.SetHelp(submit.Help().Key, strings.ToLower(f.submitLabel))
	hints := []key.Binding{submit, k.Cancel, k.NextField}
	if f.focus < len(f.fields) {
		hints = append(hints, f.fields[f.focus].keys(c)...)
	}
	return append(hints, k.SubmitForm, k.PrevField)
}

// View renders the fields, scrolled so the focused one is on screen when
// the form is taller than the terminal, and under them the submit button
// and the call's error, which always show.
func (f *form) View(c *Context, w, h int) string {
	if f.layout != nil {
		return f.layout(c, w, h)
	}
	s := c.Styles
	dw := min(w, formWidth)
	inner := max(dw-4, 10) // border and padding
	var lines []string
	focusFrom, focusTo := 0, 0
	for i, fl := range f.fields {
		if fl.hidden() {
			continue
		}
		block := wrapLines(fl.view(c, i == f.focus, inner), inner)
		if i == f.focus {
			focusFrom, focusTo = len(lines), len(lines)+len(block)
		}
		lines = append(lines, block...)
	}
	if f.note != "" {
		lines = append(lines, wrapLines(s.Muted.Render(f.note), inner)...)
	}
	pinned := []string{"", ui.Button(s, f.buttonLabel(), f.focused() == nil)}
	if f.callErr != "" {
		pinned = append(pinned, wrapLines(s.FormError.Render("✖ "+f.callErr), inner)...)
	}
	// The frame leaves the breadcrumb and the footer of the screen visible.
	h = max(h-2, 8)
	// Title, two blank lines and the footer take 4 lines, the frame 2.
	budget := h - 6 - len(pinned)
	lines = scrollLines(s, lines, focusFrom, focusTo, budget)
	body := strings.Join(append(lines, pinned...), "\n")
	return ui.RenderDialog(s, ui.DialogSpec{Title: f.title, Body: body, Hints: f.hints(c), Width: dw, Danger: f.danger}, w, h)
}

// wrapLines wraps a block to width as the dialog frame would, so that
// counting its lines counts what shows.
func wrapLines(block string, width int) []string {
	var out []string
	for _, l := range strings.Split(block, "\n") {
		out = append(out, strings.Split(lipgloss.Wrap(l, width, " "), "\n")...)
	}
	return out
}

// scrollLines keeps at most budget lines, including [from, to) (the focused
// field) when it can, and says how much is hidden above and below.
func scrollLines(s *ui.Styles, lines []string, from, to, budget int) []string {
	if len(lines) <= budget || budget < 3 {
		return lines
	}
	room := budget - 2 // a "more" marker above and below
	start := 0
	if to > room {
		start = to - room
	}
	if from < start {
		start = from
	}
	end := min(start+room, len(lines))
	if start == 0 {
		end = min(budget-1, len(lines)) // nothing above: no marker there
	}
	if end == len(lines) {
		start = max(0, len(lines)-(budget-1)) // nothing below
	}
	out := make([]string, 0, budget)
	if start > 0 {
		out = append(out, s.Muted.Render("  ↑ more above (shift+tab)"))
	}
	out = append(out, lines[start:end]...)
	if end < len(lines) {
		out = append(out, s.Muted.Render("  ↓ more below (tab)"))
	}
	return out
}

var _ Dialog = (*form)(nil)
