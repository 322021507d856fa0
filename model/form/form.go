// Package form is the dashboard's form system: a dialog of fields (a line of
// text, key=value lines, a checkbox, a choice among a few words, a pick from
// a list loaded by a call) with the project's keys (tab and shift+tab move,
// space toggles, enter submits, ctrl+s from a multi-line field, esc
// cancels), every field checked with the API's limits before any call, the
// call run as a command and its failure shown without losing what was
// typed. It knows no pane: the application passes its styles, keys and
// call deadline in an Env and decides what a success does.
//
// It is the project's own rather than charm.land/huh/v2 (v2.0.3): huh draws
// a group's errors in its footer, not under the field, cannot put a failed
// call's error on a field nor reopen a completed form, hides groups but not
// fields, makes enter "next field" and blocks tab on an invalid field, and
// loads options without an error or a deadline.
package form

import (
	"context"
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/ui"
)

// Env is what a form takes from the application on every call.
type Env struct {
	Styles   *ui.Styles
	Keys     *keymap.KeyMap
	ReadOnly bool // submitting is refused
	// Call gives a call (a submit, a pick list's load) its deadline.
	Call func() (context.Context, context.CancelFunc)
	// Sentence says an error in words.
	Sentence func(error) string
}

// Form is a dialog made of fields: tab and shift+tab move between them,
// enter submits (ctrl+s from a multi-line field), esc cancels. Every field
// checks itself with the API's limits before any call; Prepare adds the
// checks across fields and captures the values in the call to make. A
// failed call keeps what was typed and shows the error in words, under the
// field it concerns when the call says so (FieldError). A successful call
// closes the form; the application sees the DoneMsg and acts on it.
type Form struct {
	Title string
	Note  string // under the fields: which call, which quota
	// Danger draws the frame in the error colour.
	Danger bool
	// ReadOnly is what submitting says in read-only mode.
	ReadOnly string
	// Prepare validates across fields (each field has checked itself
	// already) and returns the call to make with the values read now, in
	// Update; nil when something is wrong, after setting a field's error
	// (Field.SetErr) or the form's (SetCallErr).
	Prepare func() Call
	// Layout, when set, draws the form instead of View's list of fields:
	// for a form whose fields share rows (the token form).
	Layout func(env Env, w, h int) string

	submitLabel string // "Create", "Import"...
	busyLabel   string // "Creating…"
	fields      []Field
	focus       int // len(fields) is the submit button
	busy        bool
	callErr     string
	closed      bool
}

// Call is the API call of a submitted form; it runs as a command and
// returns what happened, in words, for the status bar.
type Call func(ctx context.Context) (string, error)

// DoneMsg is the outcome of a form's call.
type DoneMsg struct {
	Form *Form
	What string
	Err  error
}

// FieldError is a failure that belongs to one field (a file that cannot be
// read, a PEM block that is not a public key), shown under it.
type FieldError struct {
	Field Field
	Text  string
}

func (e *FieldError) Error() string { return e.Text }

// maxWidth is the widest a form's frame grows.
const maxWidth = 78

// New makes a form of fields; submitLabel is the button ("Create") and
// busyLabel what it says during the call ("Creating…").
func New(title, submitLabel, busyLabel string, fields ...Field) *Form {
	return &Form{Title: title, submitLabel: submitLabel, busyLabel: busyLabel, fields: fields,
		ReadOnly: "read-only mode: nothing can be created, changed or deleted"}
}

// Fields are the form's fields in tab order.
func (f *Form) Fields() []Field { return f.fields }

// Focused is the field with the focus; nil on the submit button.
func (f *Form) Focused() Field {
	if f.focus < len(f.fields) {
		return f.fields[f.focus]
	}
	return nil
}

// Busy says the form's call is under way.
func (f *Form) Busy() bool { return f.busy }

// CallErr is the error shown under the button: the call's, or Prepare's.
func (f *Form) CallErr() string { return f.callErr }

// SetCallErr refuses a submit for a reason of the whole form (from Prepare).
func (f *Form) SetCallErr(text string) { f.callErr = text }

// Closed says the form is done: cancelled, or its call succeeded.
func (f *Form) Closed() bool { return f.closed }

// ButtonLabel is the submit button's label, or the busy one during the call.
func (f *Form) ButtonLabel() string {
	if f.busy {
		return f.busyLabel
	}
	return f.submitLabel
}

// Init focuses the first field and starts the fields' own loads (the
// options of a pick list).
func (f *Form) Init(env Env) tea.Cmd {
	cmds := []tea.Cmd{f.FocusAt(0)}
	for _, fl := range f.fields {
		cmds = append(cmds, fl.Init(env))
	}
	return tea.Batch(cmds...)
}

// FocusAt focuses the i-th field (len(Fields) is the button), or the next
// shown one when it is hidden.
func (f *Form) FocusAt(i int) tea.Cmd {
	n := len(f.fields) + 1
	f.focus = ((i % n) + n) % n
	if f.focus < len(f.fields) && f.fields[f.focus].Hidden() {
		return f.step(1)
	}
	for _, fl := range f.fields {
		fl.Blur()
	}
	if f.focus < len(f.fields) {
		return f.fields[f.focus].Focus()
	}
	return nil
}

// step moves the focus to the next (1) or previous (-1) shown field, or
// the button.
func (f *Form) step(dir int) tea.Cmd {
	n := len(f.fields) + 1
	i := f.focus
	for range n {
		i = ((i+dir)%n + n) % n
		if i == len(f.fields) || !f.fields[i].Hidden() {
			break
		}
	}
	return f.FocusAt(i)
}

// FocusOn focuses target, when it is one of the form's fields.
func (f *Form) FocusOn(target Field) tea.Cmd {
	for i, fl := range f.fields {
		if fl == target {
			return f.FocusAt(i)
		}
	}
	return nil
}

func (f *Form) owns(fl Field) bool {
	for _, x := range f.fields {
		if x == fl {
			return true
		}
	}
	return false
}

// Update handles the form's keys, its call's outcome and its pick lists'
// options; anything else goes to the focused field.
func (f *Form) Update(env Env, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case DoneMsg:
		if msg.Form != f {
			return nil
		}
		f.busy = false
		if msg.Err != nil {
			var fe *FieldError
			if errors.As(msg.Err, &fe) && f.owns(fe.Field) {
				fe.Field.SetErr(fe.Text)
				return f.FocusOn(fe.Field)
			}
			f.callErr = env.Sentence(msg.Err) // what was typed stays
			return nil
		}
		f.closed = true
		return nil
	case PickLoadedMsg:
		if f.owns(msg.Field) {
			msg.Field.Loaded(env, msg.Items, msg.Err)
		}
		return nil
	case tea.KeyPressMsg:
		return f.key(env, msg)
	}
	if fl := f.Focused(); fl != nil {
		return fl.Update(env, msg)
	}
	return nil
}

func (f *Form) key(env Env, msg tea.KeyPressMsg) tea.Cmd {
	k := env.Keys
	fl := f.Focused()
	multiline := fl != nil && fl.Multiline()
	switch {
	case key.Matches(msg, k.Cancel):
		f.closed = true
		return nil
	case key.Matches(msg, k.NextField):
		return f.step(1)
	case key.Matches(msg, k.PrevField):
		return f.step(-1)
	case key.Matches(msg, k.SubmitForm):
		return f.Submit(env)
	case key.Matches(msg, k.Submit) && !multiline:
		return f.Submit(env)
	}
	if fl != nil {
		return fl.Update(env, msg)
	}
	return nil
}

// Submit checks every shown field, then the form, and runs the call; on a
// refusal it focuses the first field in error.
func (f *Form) Submit(env Env) tea.Cmd {
	if f.busy {
		return nil
	}
	if env.ReadOnly {
		f.callErr = f.ReadOnly
		return nil
	}
	f.callErr = ""
	ok := true
	for _, fl := range f.fields {
		e := ""
		if !fl.Hidden() {
			e = fl.Validate()
		}
		fl.SetErr(e)
		ok = ok && e == ""
	}
	var call Call
	if ok && f.Prepare != nil {
		call = f.Prepare()
	}
	if call == nil {
		for _, fl := range f.fields {
			if fl.Err() != "" {
				return f.FocusOn(fl)
			}
		}
		if f.callErr == "" {
			f.callErr = "nothing to submit"
		}
		return nil
	}
	f.busy = true
	return func() tea.Msg {
		ctx, cancel := env.Call()
		defer cancel()
		what, err := call(ctx)
		return DoneMsg{Form: f, What: what, Err: err}
	}
}

func (f *Form) hints(env Env) []key.Binding {
	k := env.Keys
	submit := k.Submit
	submit.SetHelp(submit.Help().Key, strings.ToLower(f.submitLabel))
	hints := []key.Binding{submit, k.Cancel, k.NextField}
	if fl := f.Focused(); fl != nil {
		hints = append(hints, fl.Keys(env)...)
	}
	return append(hints, k.SubmitForm, k.PrevField)
}

// View renders the fields, scrolled so the focused one is on screen when
// the form is taller than the terminal, and under them the submit button
// and the call's error, which always show.
func (f *Form) View(env Env, w, h int) string {
	if f.Layout != nil {
		return f.Layout(env, w, h)
	}
	s := env.Styles
	dw := min(w, maxWidth)
	inner := max(dw-4, 10) // border and padding
	var lines []string
	focusFrom, focusTo := 0, 0
	for i, fl := range f.fields {
		if fl.Hidden() {
			continue
		}
		block := wrapLines(fl.View(env, i == f.focus, inner), inner)
		if i == f.focus {
			focusFrom, focusTo = len(lines), len(lines)+len(block)
		}
		lines = append(lines, block...)
	}
	if f.Note != "" {
		lines = append(lines, wrapLines(s.Muted.Render(f.Note), inner)...)
	}
	pinned := []string{"", ui.Button(s, f.ButtonLabel(), f.Focused() == nil)}
	if f.callErr != "" {
		pinned = append(pinned, wrapLines(s.FormError.Render("✖ "+f.callErr), inner)...)
	}
	// The frame leaves the breadcrumb and the footer of the screen visible.
	h = max(h-2, 8)
	// Title, two blank lines and the footer take 4 lines, the frame 2.
	budget := h - 6 - len(pinned)
	lines = scrollLines(s, lines, focusFrom, focusTo, budget)
	body := strings.Join(append(lines, pinned...), "\n")
	return ui.RenderDialog(s, ui.DialogSpec{Title: f.Title, Body: body, Hints: f.hints(env), Width: dw, Danger: f.Danger}, w, h)
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
