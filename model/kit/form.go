package kit

import (
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/form"
)

// FormDialog puts a form (package form) on the dialog stack: it gives the
// form the application's styles, keys and call deadline, and after a
// successful call tells the pane (actionDoneMsg) and runs after.
type FormDialog struct {
	*form.Form
	// pane is told (actionDoneMsg) after a success, so it refreshes.
	pane PaneID
	// After, when set, runs once the form has closed after a success: a
	// result to show (minted tokens) or a pane to open (the composition).
	// The call stores what it needs in the closure; the message that
	// carries form.DoneMsg orders that write before this read.
	After func(c *Context) tea.Cmd
}

func NewForm(title, submitLabel, busyLabel string, pane PaneID, fields ...form.Field) *FormDialog {
	return &FormDialog{Form: form.New(title, submitLabel, busyLabel, fields...), pane: pane}
}

// FormEnv is what a form takes from the application.
func (c *Context) FormEnv() form.Env {
	return form.Env{Styles: c.Styles, Keys: c.Keys, ReadOnly: c.ReadOnly, Call: c.callContext, Sentence: ErrorSentence}
}

func (d *FormDialog) Init(c *Context) tea.Cmd { return d.Form.Init(c.FormEnv()) }

func (d *FormDialog) Update(c *Context, msg tea.Msg) tea.Cmd {
	cmd := d.Form.Update(c.FormEnv(), msg)
	if m, ok := msg.(form.DoneMsg); ok && m.Form == d.Form && m.Err == nil {
		done := Send(ActionDoneMsg{Pane: d.pane, What: m.What})
		if d.After != nil {
			return tea.Batch(cmd, done, d.After(c))
		}
		return tea.Batch(cmd, done)
	}
	return cmd
}

func (d *FormDialog) View(c *Context, w, h int) string { return d.Form.View(c.FormEnv(), w, h) }

// Finished tells the root to remove the form: cancelled, or its call done.
func (d *FormDialog) Finished() bool { return d.Form.Closed() }

var _ Dialog = (*FormDialog)(nil)
