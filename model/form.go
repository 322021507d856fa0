package model

import (
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/form"
)

// formDialog puts a form (package form) on the dialog stack: it gives the
// form the application's styles, keys and call deadline, and after a
// successful call tells the pane (actionDoneMsg) and runs after.
type formDialog struct {
	*form.Form
	// pane is told (actionDoneMsg) after a success, so it refreshes.
	pane paneID
	// after, when set, runs once the form has closed after a success: a
	// result to show (minted tokens) or a pane to open (the composition).
	// The call stores what it needs in the closure; the message that
	// carries form.DoneMsg orders that write before this read.
	after func(c *Context) tea.Cmd
}

func newForm(title, submitLabel, busyLabel string, pane paneID, fields ...form.Field) *formDialog {
	return &formDialog{Form: form.New(title, submitLabel, busyLabel, fields...), pane: pane}
}

// formEnv is what a form takes from the application.
func (c *Context) formEnv() form.Env {
	return form.Env{Styles: c.Styles, Keys: c.Keys, ReadOnly: c.ReadOnly, Call: c.callContext, Sentence: errorSentence}
}

func (d *formDialog) Init(c *Context) tea.Cmd { return d.Form.Init(c.formEnv()) }

func (d *formDialog) Update(c *Context, msg tea.Msg) tea.Cmd {
	cmd := d.Form.Update(c.formEnv(), msg)
	if m, ok := msg.(form.DoneMsg); ok && m.Form == d.Form && m.Err == nil {
		done := send(actionDoneMsg{pane: d.pane, what: m.What})
		if d.after != nil {
			return tea.Batch(cmd, done, d.after(c))
		}
		return tea.Batch(cmd, done)
	}
	return cmd
}

func (d *formDialog) View(c *Context, w, h int) string { return d.Form.View(c.formEnv(), w, h) }

// closed tells the root to remove the form: cancelled, or its call done.
func (d *formDialog) closed() bool { return d.Form.Closed() }

var _ Dialog = (*formDialog)(nil)
