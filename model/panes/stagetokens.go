package panes

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// stageTokensDialog shows the participant tokens CreateStage minted with a
// new stage, once: IVS never returns them again. Every token is masked
// until v reveals the selected one; y copies the selected one (OSC52), w
// writes them all to a new 0600 file, one per line in the order shown.
// Closing before copying or writing anything asks for a second esc.
type stageTokensDialog struct {
	kit.Closer
	stage    service.Stage
	list     kit.List[service.ParticipantToken]
	revealed bool
	Kept     bool // copied or written: closing loses nothing
	Warned   bool
	SavedTo  string
}

func NewStageTokensDialog(st service.Stage, tokens []service.ParticipantToken) *stageTokensDialog {
	d := &stageTokensDialog{stage: st}
	d.list = kit.NewList(func(t service.ParticipantToken) string { return t.ParticipantID },
		func(t service.ParticipantToken) string { return t.UserID })
	d.list.Set(tokens)
	return d
}

func (d *stageTokensDialog) Init(*kit.Context) tea.Cmd { return nil }

func (d *stageTokensDialog) Update(c *kit.Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case TokenSavedMsg:
		if msg.err != nil {
			return kit.Flash(kit.FlashError, "could not write the tokens: "+ui.Sanitize(msg.err.Error()))
		}
		d.SavedTo, d.Kept, d.Warned = msg.Path, true, false
		return kit.Flash(kit.FlashSuccess, fmt.Sprintf("%s written to %s (mode 0600)", ui.Counted(len(d.list.Items), "token"), c.FileWhere(msg.Path)))
	case tea.KeyPressMsg:
		return d.key(c, msg)
	}
	return nil
}

func (d *stageTokensDialog) key(c *kit.Context, msg tea.KeyPressMsg) tea.Cmd {
	if d.list.Move(c, msg) {
		d.revealed = false // a revealed token never stays on screen under another row
		return nil
	}
	k := c.Keys
	sel, ok := d.list.Selected()
	switch {
	case key.Matches(msg, k.Back), key.Matches(msg, k.Submit):
		if !d.Kept && !d.Warned {
			d.Warned = true
			return nil
		}
		d.Close()
		return nil
	case key.Matches(msg, k.Reveal):
		d.revealed = !d.revealed
	case key.Matches(msg, k.Copy) && ok:
		d.Kept, d.Warned = true, false
		return tea.Batch(tea.SetClipboard(sel.Token.Reveal()),
			kit.Flash(kit.FlashSuccess, "token of "+kit.QuoteUntrusted(kit.DisplayName(sel.UserID))+" copied to the clipboard (OSC52)"))
	case key.Matches(msg, k.Write):
		all := make([]string, len(d.list.Items))
		for i, t := range d.list.Items {
			all[i] = t.Token.Reveal()
		}
		secret := service.Secret(strings.Join(all, "\n"))
		def := freeFileName("tokens-" + d.stage.ID + ".txt")
		return kit.Send(kit.OpenDialogMsg{Dialog: kit.NewInputDialog(c, fmt.Sprintf("Write the %d tokens to a new file (mode 0600), one per line", len(all)), "path", def, 4096, func(path string) tea.Cmd {
			return writeSecretFile(c.FilePath(path), secret)
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

func (d *stageTokensDialog) View(c *kit.Context, w, h int) string {
	s, now := c.Styles, c.CurrentTime()
	width := min(w, 100)
	inner := max(width-s.DialogFrame.GetHorizontalFrameSize(), 10)
	n := len(d.list.Items)
	intro := fmt.Sprintf("IVS returns these %d participant tokens once, now: copy the one you need (y) or write them all to a file (w) before closing.", n)
	if n == 1 {
		intro = "IVS returns this participant token once, now: copy it (y) or write it to a file (w) before closing."
	}
	// The frame, title, intro and footer take about 8 lines; the table the rest.
	tableH := max(min(n+1, h-12), 2)
	d.list.Layout(tableH)
	table := ui.RenderTable(s, stageTokenColumns, d.list.Source(func(t service.ParticipantToken, col int) string {
		switch col {
		case 0:
			return ui.Sanitize(kit.DisplayName(t.UserID))
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
	}), d.list.Table, inner, tableH)
	body := []string{intro, "", table}
	if sel, ok := d.list.Selected(); ok {
		body = append(body, "")
		if d.revealed {
			body = append(body, "Token of "+ui.Sanitize(kit.DisplayName(sel.UserID))+" "+s.Muted.Render("(v hides)"), ansi.Hardwrap(sel.Token.Reveal(), inner, false))
		} else {
			body = append(body, s.Muted.Render("v reveals the token of "+ui.Sanitize(kit.DisplayName(sel.UserID))+", y copies it"))
		}
	}
	if d.SavedTo != "" {
		body = append(body, "Written to "+ui.Sanitize(d.SavedTo))
	}
	if d.Warned {
		body = append(body, s.FormError.Render("These tokens cannot be shown again: esc once more closes anyway."))
	}
	return ui.RenderDialog(s, ui.DialogSpec{
		Title:  "Created " + stageWhat(d.stage.Name) + " · its participant tokens",
		Body:   strings.Join(body, "\n"),
		Footer: "↑/↓ choose · v reveal · y copy (OSC52) · w write all · esc close",
		Width:  width,
	}, w, h)
}

var _ kit.Dialog = (*stageTokensDialog)(nil)
