package kit

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// ConfirmDialog guards a destructive action. It names what will happen;
// `enter` means No (the safe default), `y` means yes. With a reason field,
// tab moves into it and `enter` there submits the reason and asks again.
type ConfirmDialog struct {
	Closer
	title    string
	question string // already sanitised
	detail   string
	reason   *textinput.Model
	editing  bool
	onYes    func(reason string) tea.Cmd
}

func NewConfirm(title, question, detail string, withReason bool, onYes func(reason string) tea.Cmd) *ConfirmDialog {
	d := &ConfirmDialog{title: title, question: question, detail: detail, onYes: onYes}
	if withReason {
		in := textinput.New()
		in.Placeholder = fmt.Sprintf("optional reason (shown in no API response; max %d)", service.MaxReasonLength)
		in.CharLimit = service.MaxReasonLength
		in.Prompt = ""
		d.reason = &in
	}
	return d
}

func (d *ConfirmDialog) Init(*Context) tea.Cmd { return nil }

func (d *ConfirmDialog) Update(c *Context, msg tea.Msg) tea.Cmd {
	k := c.Keys
	km, isKey := msg.(tea.KeyPressMsg)
	if d.editing && d.reason != nil {
		if isKey {
			switch {
			case key.Matches(km, k.Back), key.Matches(km, k.NextField), key.Matches(km, k.PrevField), key.Matches(km, k.Submit):
				d.editing = false
				d.reason.Blur()
				return nil
			}
		}
		var cmd tea.Cmd
		*d.reason, cmd = d.reason.Update(msg)
		return cmd
	}
	if !isKey {
		return nil
	}
	switch {
	case key.Matches(km, k.Yes):
		reason := ""
		if d.reason != nil {
			reason = d.reason.Value()
		}
		d.Close()
		return d.onYes(reason)
	case key.Matches(km, k.NextField), key.Matches(km, k.PrevField):
		if d.reason != nil {
			d.editing = true
			return d.reason.Focus()
		}
	case key.Matches(km, k.No), key.Matches(km, k.Back), key.Matches(km, k.Submit):
		d.Close()
		return Flash(FlashInfo, "cancelled: nothing was changed")
	}
	return nil
}

func (d *ConfirmDialog) View(c *Context, w, h int) string {
	body := d.question
	if d.detail != "" {
		body += "\n\n" + d.detail
	}
	if d.reason != nil {
		d.reason.SetWidth(min(60, max(10, w-16)))
		body += "\n\n" + ui.FormField(c.Styles, "Reason", d.reason.View(), "", d.editing)
	}
	hint := "enter = No · y = Yes"
	if d.reason != nil {
		hint = "enter = No · y = Yes · tab edits the reason"
		if d.editing {
			hint = "type the reason · enter/tab/esc done"
		}
	}
	return ui.Confirm(c.Styles, d.title, body, hint, w, h)
}

// DisconnectDialog asks before disconnecting a participant, naming the user
// id and the stage.
func DisconnectDialog(c *Context, pane PaneID, stage service.Stage, p service.Participant) tea.Cmd {
	if c.ReadOnly {
		return Flash(FlashInfo, "read-only mode: disconnecting is switched off")
	}
	if !p.Connected() {
		return Flash(FlashInfo, fmt.Sprintf("%s has already left (state %s)", QuoteUntrusted(DisplayName(p.UserID)), p.State))
	}
	who := QuoteUntrusted(DisplayName(p.UserID))
	q := fmt.Sprintf("Disconnect %s (participant %s) from stage %s?", who, p.ID, QuoteUntrusted(DisplayName(stage.Name)))
	detail := "They leave the stage now, and IVS revokes their token: only a new token lets them back in."
	client, arn, id := c.Client, stage.ARN, p.ID
	return Send(OpenDialogMsg{NewConfirm("Disconnect participant", q, detail, true, func(reason string) tea.Cmd {
		return Action(c, pane, "disconnected "+who+" from "+QuoteUntrusted(DisplayName(stage.Name)), func(ctx context.Context) error {
			return client.DisconnectParticipant(ctx, arn, id, reason)
		})
	})})
}

// ConfirmAction asks before a destructive call (enter means No) and runs it
// as the pane's action when the answer is yes; done says what happened.
func ConfirmAction(c *Context, pane PaneID, title, question, detail, done string, call func(ctx context.Context) error) tea.Cmd {
	return Send(OpenDialogMsg{Dialog: NewConfirm(title, question, detail, false, func(string) tea.Cmd {
		return Action(c, pane, done, call)
	})})
}
