package kit

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/ui"
)

// inputDialog asks for one line of text: `enter` submits, `esc` cancels.
type inputDialog struct {
	Closer
	title    string
	input    textinput.Model
	validate func(string) string // returns an error sentence, or ""
	err      string
	onSubmit func(string) tea.Cmd
}

func NewInputDialog(_ *Context, title, placeholder, value string, limit int, onSubmit func(string) tea.Cmd) *inputDialog {
	in := textinput.New()
	in.Placeholder = placeholder
	in.CharLimit = limit
	in.Prompt = "> "
	in.SetValue(value)
	in.CursorEnd()
	return &inputDialog{title: title, input: in, onSubmit: onSubmit}
}

func (d *inputDialog) Init(*Context) tea.Cmd { return d.input.Focus() }

func (d *inputDialog) Update(c *Context, msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(km, c.Keys.Back):
			d.Close()
			return nil
		case key.Matches(km, c.Keys.Submit):
			v := d.input.Value()
			if d.validate != nil {
				if d.err = d.validate(v); d.err != "" {
					return nil
				}
			}
			// In sequence: the dialog must be closed before the submitted
			// action's result arrives, or the result would reach this
			// closing dialog instead of the one below it.
			d.Close()
			return d.onSubmit(v)
		}
	}
	var cmd tea.Cmd
	d.input, cmd = d.input.Update(msg)
	return cmd
}

func (d *inputDialog) View(c *Context, w, h int) string {
	d.input.SetWidth(min(60, max(10, w-12)))
	body := ui.FormField(c.Styles, "", d.input.View(), d.err, true)
	return ui.Dialog(c.Styles, d.title, body, "enter = OK · esc = cancel", w, h)
}
