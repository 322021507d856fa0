package model

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/ui"
)

// The status bar has one line for an error and cuts what does not fit; L
// shows the last error whole, as k9s keeps its flash for reading.

// lastError is the error L shows: the top pane's failed refresh, else its
// failing background read, else the last error the status bar flashed.
// what says where it came from; "" when there was none.
func (a *App) lastError() (what, text string, at time.Time) {
	l := a.top().Load()
	switch {
	case l.LastErr != nil:
		return "refreshing the " + a.top().Kind() + " pane", errorText(l.LastErr), l.ErrAt
	case l.Background.Err != nil:
		return "reading the " + l.Background.What + " of the " + a.top().Kind() + " pane", errorText(l.Background.Err), l.Background.At
	}
	return "an action", a.status.lastError, a.status.lastErrorAt
}

// errorText is the sentence the status bar shows and, when it says more,
// the error's own text.
func errorText(err error) string {
	sentence, raw := kit.ErrorSentence(err), ui.Sanitize(err.Error())
	if raw == sentence {
		return sentence
	}
	return sentence + "\n\n" + raw
}

// showLastError opens the last error in a dialog, or says there is none.
func (a *App) showLastError() tea.Cmd {
	what, text, at := a.lastError()
	if text == "" {
		return kit.Flash(kit.FlashInfo, "no error so far")
	}
	when := ""
	if !at.IsZero() {
		when = ui.TimeAge(at, a.ctx.CurrentTime()) + ", "
	}
	return kit.Send(kit.OpenDialogMsg{Dialog: &errorDialog{head: when + "while " + what, text: text}})
}

// errorDialog shows an error whole, wrapped to the dialog; any of esc, q,
// enter or L closes it.
type errorDialog struct {
	kit.Closer
	head, text string
}

func (d *errorDialog) Init(*kit.Context) tea.Cmd { return nil }

func (d *errorDialog) Update(c *kit.Context, msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, c.Keys.Back, c.Keys.Quit, c.Keys.Submit, c.Keys.LastError) {
		d.Close()
	}
	return nil
}

func (d *errorDialog) View(c *kit.Context, w, h int) string {
	body := c.Styles.Muted.Render(ui.Sanitize(d.head)) + "\n\n" + ui.Sanitize(d.text)
	return ui.RenderDialog(c.Styles, ui.DialogSpec{
		Title:  "Last error",
		Body:   body,
		Hints:  []key.Binding{keymap.As(c.Keys.Back, "close")},
		Width:  min(w-2, 100),
		Danger: true,
	}, w, h)
}
