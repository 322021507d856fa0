package model

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// stageTokensDialog shows the participant tokens CreateStage minted with a
// new stage, once: IVS never returns them again. Every token is masked
// until v reveals the selected one; y copies the selected one (OSC52), w
// writes them all to a new 0600 file, one per line in the order shown.
// Closing before copying or writing anything asks for a second esc.
type stageTokensDialog struct {
	closer
	stage    service.Stage
	list     list[service.ParticipantToken]
	revealed bool
	kept     bool // copied or written: closing loses nothing
	warned   bool
	savedTo  string
}

func newStageTokensDialog(st service.Stage, tokens []service.ParticipantToken) *stageTokensDialog {
	d := &stageTokensDialog{stage: st}
	d.list = newList(func(t service.ParticipantToken) string { return t.ParticipantID },
		func(t service.ParticipantToken) string { return t.UserID })
	d.list.set(tokens)
	return d
}

func (d *stageTokensDialog) Init(*Context) tea.Cmd { return nil }

func (d *stageTokensDialog) Update(c *Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tokenSavedMsg:
		if msg.err != nil {
			return flash(flashError, "could not write the tokens: "+ui.Sanitize(msg.err.Error()))
		}
		d.savedTo, d.kept, d.warned = msg.path, true, false
		return flash(flashSuccess, fmt.Sprintf("%s written to %s (mode 0600)", ui.Counted(len(d.list.items), "token"), ui.Sanitize(msg.path)))
	case tea.KeyPressMsg:
		return d.key(c, msg)
	}
	return nil
}

func (d *stageTokensDialog) key(c *Context, msg tea.KeyPressMsg) tea.Cmd {
	if d.list.move(c, msg) {
		d.revealed = false // a revealed token never stays on screen under another row
		return nil
	}
	k := c.Keys
	sel, ok := d.list.selected()
	switch {
	case key.Matches(msg, k.Back), key.Matches(msg, k.Submit):
		if !d.kept && !d.warned {
			d.warned = true
			return nil
		}
		d.close()
		return nil
	case key.Matches(msg, k.Reveal):
		d.revealed = !d.revealed
	case key.Matches(msg, k.Copy) && ok:
		d.kept, d.warned = true, false
		return tea.Batch(tea.SetClipboard(sel.Token.Reveal()),
			flash(flashSuccess, "token of "+quoteUntrusted(displayName(sel.UserID))+" copied to the clipboard (OSC52)"))
	case key.Matches(msg, k.Write):
		all := make([]string, len(d.list.items))
		for i, t := range d.list.items {
			all[i] = t.Token.Reveal()
		}
		secret := service.Secret(strings.Join(all, "\n"))
		def := "tokens-" + d.stage.ID + ".txt"
		return send(openDialogMsg{newInputDialog(c, fmt.Sprintf("Write the %d tokens to a new file (mode 0600), one per line", len(all)), "path", def, 4096, func(path string) tea.Cmd {
			return writeSecretFile(path, secret)
		})})
	}
	return nil
}

var stageTokenColumns = []ui.Column{
	{Title: "USER ID", MinWidth: 10, Flex: 2},
	{Title: "PARTICIPANT", Width: 14},
	{Title: "CAN", Width: 17},
	{Title: "EXPIRES", MinWidth: 9, Flex: 1},
	{Title: "TOKEN", Width: 12},
}

func (d *stageTokensDialog) View(c *Context, w, h int) string {
	s, now := c.Styles, c.now()
	width := min(w, 100)
	inner := max(width-s.DialogFrame.GetHorizontalFrameSize(), 10)
	n := len(d.list.items)
	intro := fmt.Sprintf("IVS returns these %d participant tokens once, now: copy the one you need (y) or write them all to a file (w) before closing.", n)
	if n == 1 {
		intro = "IVS returns this participant token once, now: copy it (y) or write it to a file (w) before closing."
	}
	// The frame, title, intro and footer take about 8 lines; the table the rest.
	tableH := max(min(n+1, h-12), 2)
	d.list.layout(tableH)
	table := ui.RenderTable(s, stageTokenColumns, d.list.source(func(t service.ParticipantToken, col int) string {
		switch col {
		case 0:
			return ui.Sanitize(displayName(t.UserID))
		case 1:
			return t.ParticipantID
		case 2:
			return strings.ToLower(strings.Join(t.Capabilities, "+"))
		case 3:
			if t.Expiration.IsZero() {
				return s.Muted.Render("—")
			}
			return "in " + ui.Age(now, t.Expiration)
		case 4:
			return t.Token.Masked()
		}
		return ""
	}), d.list.table, inner, tableH)
	body := []string{intro, "", table}
	if sel, ok := d.list.selected(); ok {
		body = append(body, "")
		if d.revealed {
			body = append(body, "Token of "+ui.Sanitize(displayName(sel.UserID))+" "+s.Muted.Render("(v hides)"), ansi.Hardwrap(sel.Token.Reveal(), inner, false))
		} else {
			body = append(body, s.Muted.Render("v reveals the token of "+ui.Sanitize(displayName(sel.UserID))+", y copies it"))
		}
	}
	if d.savedTo != "" {
		body = append(body, "Written to "+ui.Sanitize(d.savedTo))
	}
	if d.warned {
		body = append(body, s.FormError.Render("These tokens cannot be shown again: esc once more closes anyway."))
	}
	return ui.RenderDialog(s, ui.DialogSpec{
		Title:  "Created " + stageWhat(d.stage.Name) + " · its participant tokens",
		Body:   strings.Join(body, "\n"),
		Footer: "↑/↓ choose · v reveal · y copy (OSC52) · w write all · esc close",
		Width:  width,
	}, w, h)
}

var _ Dialog = (*stageTokensDialog)(nil)
