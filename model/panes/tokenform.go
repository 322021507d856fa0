package panes

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/ivsdash/ivsdash/model/form"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/localtoken"
	"github.com/ivsdash/ivsdash/ui"
)

// tokenInputs are the token form's fields: user id, capabilities, duration
// and attributes, each checked with the API's own limits before any call,
// and, with a signer, whether to sign locally.
type tokenInputs struct {
	stage     service.Stage
	signer    *localtoken.Signer // nil: only CreateParticipantToken
	user      *form.Text
	publish   *form.Toggle
	subscribe *form.Toggle
	duration  *form.Text
	attrs     *form.Area
	local     *form.Toggle // shown only with a signer
}

// NewTokenForm mints a participant token. On success the form gives way to
// the minted token (tokenResultDialog).
func NewTokenForm(c *kit.Context, stage service.Stage) *kit.FormDialog {
	f, _ := BuildTokenForm(c, stage)
	return f
}

// BuildTokenForm is newTokenForm with its fields, for tests.
func BuildTokenForm(c *kit.Context, stage service.Stage) (*kit.FormDialog, *tokenInputs) {
	t := &tokenInputs{
		stage:     stage,
		signer:    c.Signer,
		user:      form.NewText("User id", fmt.Sprintf("who this token is for (optional, any text, max %d)", service.MaxUserIDLength), "", "", service.MaxUserIDLength, kit.CheckUserID),
		publish:   form.NewToggle("publish", true, "", nil),
		subscribe: form.NewToggle("subscribe", true, "", nil),
		duration:  form.NewText(fmt.Sprintf("Duration (minutes, %d-%d)", service.MinTokenDurationMinutes, service.MaxTokenDurationMinutes), strconv.Itoa(service.DefaultTokenDurationMinutes), strconv.Itoa(service.DefaultTokenDurationMinutes), "", 2, checkTokenDuration),
		attrs:     form.NewArea("Attributes", "key=value, one per line (optional, 1 KB total)", "", service.MaxAttributesBytes, kit.CheckAttributes),
		local:     form.NewToggle("mint locally (no API call, no quota)", c.Signer != nil, "", nil),
	}
	t.duration.SetCharLimit(6) // minutes: at most 20160
	t.subscribe.Check = func(on bool) string {
		if !on && !t.publish.On {
			return "choose publish, subscribe or both: a token with neither can do nothing"
		}
		return ""
	}
	form.ShowWhen(func() bool { return t.signer != nil }, t.local)

	f := kit.NewForm("Mint a participant token · "+ui.Sanitize(kit.DisplayName(stage.Name)), "Mint token", "Minting…", 0,
		t.user, t.publish, t.subscribe, t.duration, t.attrs, t.local)
	f.ReadOnly = "read-only mode: minting tokens is switched off"
	f.Layout = func(env form.Env, w, h int) string { return t.view(env, f.Form, w, h) }
	var minted service.ParticipantToken
	var via string
	f.Prepare = func() form.Call {
		req := t.Request()
		mint := t.minter(c)
		return func(ctx context.Context) (string, error) {
			tok, how, err := mint(ctx, req)
			if err != nil {
				return "", err
			}
			minted, via = tok, how
			return "token minted for participant " + tok.ParticipantID, nil
		}
	}
	f.After = func(*kit.Context) tea.Cmd {
		return kit.Send(kit.OpenDialogMsg{Dialog: NewTokenResultDialog(stage, minted, via)})
	}
	return f, t
}

// checkTokenDuration checks a token's duration in minutes.
func checkTokenDuration(v string) string {
	d, err := strconv.Atoi(strings.TrimSpace(v))
	switch {
	case err != nil:
		return "duration must be a whole number of minutes"
	case d < service.MinTokenDurationMinutes || d > service.MaxTokenDurationMinutes:
		return fmt.Sprintf("duration must be %d to %d minutes (%d days)", service.MinTokenDurationMinutes, service.MaxTokenDurationMinutes, service.MaxTokenDurationMinutes/(24*60))
	}
	return ""
}

// Request is the call the fields describe, once each has checked itself.
func (t *tokenInputs) Request() service.TokenRequest {
	req := service.TokenRequest{StageARN: t.stage.ARN, UserID: t.user.Value()}
	if t.publish.On {
		req.Capabilities = append(req.Capabilities, service.CapabilityPublish)
	}
	if t.subscribe.On {
		req.Capabilities = append(req.Capabilities, service.CapabilitySubscribe)
	}
	req.DurationMinutes, _ = strconv.Atoi(strings.TrimSpace(t.duration.Value()))
	req.Attributes, _ = kit.ParseAttributes(t.attrs.Value())
	return req
}

// tokenDialogWidth is the widest the token form's frame grows (the
// dialog's own cap for a dialog that sets no width).
const tokenDialogWidth = 72

// view draws the token form compactly: the capabilities share a row, the
// button comes right after the fields and the note under it.
func (t *tokenInputs) view(env form.Env, f *form.Form, w, h int) string {
	s := env.Styles
	focused := f.Focused()
	inner := max(min(w, tokenDialogWidth)-s.DialogFrame.GetHorizontalFrameSize(), 10)
	inW := min(56, max(10, w-24))
	t.user.Width, t.duration.Width, t.attrs.Width = inW, 8, inW
	rows := []string{
		t.user.View(env, focused == t.user, inner),
		ui.Toggle(s, t.publish.Label(), t.publish.On, focused == t.publish) + "   " + ui.Toggle(s, t.subscribe.Label(), t.subscribe.On, focused == t.subscribe),
	}
	if e := t.subscribe.Err(); e != "" {
		rows = append(rows, s.FormError.Render(e))
	}
	rows = append(rows, t.duration.View(env, focused == t.duration, inner), t.attrs.View(env, focused == t.attrs, inner))
	if !t.local.Hidden() {
		rows = append(rows, t.methodRow(s, focused == t.local))
	}
	rows = append(rows, ui.Button(s, f.ButtonLabel(), focused == nil))
	if f.CallErr() != "" {
		rows = append(rows, s.FormError.Render(f.CallErr()))
	}
	rows = append(rows, t.methodNote(s))
	return ui.Dialog(s, f.Title, strings.Join(rows, "\n"), "tab next · shift+tab back · space toggles · enter mint (ctrl+s in attributes) · esc cancel", w, h)
}

// TokenSavedMsg is the outcome of writing a token to a file.
type TokenSavedMsg struct {
	Path string
	err  error
}

// tokenResultDialog shows a minted token: the participant id, expiry and
// the token, masked until `v`; `y` copies it with OSC52 and `w` writes it
// to a 0600 file.
type tokenResultDialog struct {
	kit.Closer
	stage     service.Stage
	result    service.ParticipantToken
	mintedVia string
	revealed  bool
	savedTo   string
}

// NewTokenResultDialog shows token; via says how it was minted, when not by
// CreateParticipantToken.
func NewTokenResultDialog(stage service.Stage, token service.ParticipantToken, via string) *tokenResultDialog {
	d := &tokenResultDialog{stage: stage, result: token, mintedVia: via}
	if via == "" {
		d.mintedVia = "by CreateParticipantToken on " + ui.Sanitize(kit.DisplayName(stage.Name))
	}
	return d
}

func (d *tokenResultDialog) Init(*kit.Context) tea.Cmd { return nil }

func (d *tokenResultDialog) Update(c *kit.Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case TokenSavedMsg:
		if msg.err != nil {
			return kit.Flash(kit.FlashError, "could not write the token: "+ui.Sanitize(msg.err.Error()))
		}
		d.savedTo = msg.Path
		return kit.Flash(kit.FlashSuccess, "token written to "+c.FileWhere(msg.Path)+" (mode 0600)")
	case tea.KeyPressMsg:
		return d.key(c, msg)
	}
	return nil
}

func (d *tokenResultDialog) key(c *kit.Context, msg tea.KeyPressMsg) tea.Cmd {
	k := c.Keys
	switch {
	case key.Matches(msg, k.Back), key.Matches(msg, k.Submit):
		d.Close()
		return nil
	case key.Matches(msg, k.Reveal):
		d.revealed = !d.revealed
	case key.Matches(msg, k.Copy):
		return tea.Batch(tea.SetClipboard(d.result.Token.Reveal()), kit.Flash(kit.FlashSuccess, "token copied to the clipboard (OSC52)"))
	case key.Matches(msg, k.Write):
		def := freeFileName("token-" + d.result.ParticipantID + ".jwt")
		tok := d.result.Token
		return kit.Send(kit.OpenDialogMsg{Dialog: kit.NewInputDialog(c, "Write the token to a file (created with mode 0600)", "path", def, 4096, func(path string) tea.Cmd {
			return writeSecretFile(c.FilePath(path), tok)
		})})
	}
	return nil
}

// writeSecretFile writes a token to a new file readable by its owner only.
// It refuses to overwrite, and to follow a symlink (O_EXCL): an existing
// file may be someone else's secret. The path it reports is absolute, so
// the user knows where the secret went whatever the working directory.
func writeSecretFile(path string, secret service.Secret) tea.Cmd {
	return func() tea.Msg {
		p := strings.TrimSpace(path)
		if p == "" {
			return TokenSavedMsg{err: fmt.Errorf("no path given")}
		}
		if strings.HasPrefix(p, "~/") {
			if home, err := os.UserHomeDir(); err == nil {
				p = filepath.Join(home, p[2:])
			}
		}
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		fh, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			return TokenSavedMsg{Path: p, err: fmt.Errorf("a file already exists there, left as it is (w again offers a free name): %s", p)}
		}
		if err != nil {
			return TokenSavedMsg{Path: p, err: err}
		}
		_, err = fh.WriteString(secret.Reveal() + "\n")
		if cerr := fh.Close(); err == nil {
			err = cerr
		}
		return TokenSavedMsg{Path: p, err: err}
	}
}

// freeFileName is name when nothing (not even a dangling symlink) has it,
// else the first of name-2, name-3... before the extension that is free:
// the name w offers, so a second write of the same token does not collide.
func freeFileName(name string) string {
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for i := 1; i < 1000; i++ {
		cand := name
		if i > 1 {
			cand = fmt.Sprintf("%s-%d%s", stem, i, ext)
		}
		if _, err := os.Lstat(cand); errors.Is(err, fs.ErrNotExist) {
			return cand
		}
	}
	return name // the write refuses it in words
}

func (d *tokenResultDialog) View(c *kit.Context, w, h int) string {
	s := c.Styles
	// Wide enough that a revealed token wraps into few lines; the token is
	// hard-wrapped to the frame so the dialog never re-wraps it.
	width := min(w, 100)
	inner := width - s.DialogFrame.GetHorizontalFrameSize()
	return ui.RenderDialog(s, ui.DialogSpec{
		Title:  "Mint a participant token · " + ui.Sanitize(kit.DisplayName(d.stage.Name)),
		Body:   d.body(c, inner),
		Footer: "v reveal/mask · y copy (OSC52) · w write to file · esc close",
		Width:  width,
	}, w, h)
}

func (d *tokenResultDialog) body(c *kit.Context, w int) string {
	s, t := c.Styles, d.result
	tok := t.Token.Masked()
	if d.revealed {
		tok = t.Token.Reveal()
	}
	fields := []ui.Field{
		{Label: "Participant", Value: t.ParticipantID},
		{Label: "User id", Value: ui.Sanitize(t.UserID)},
		{Label: "Capabilities", Value: strings.Join(t.Capabilities, ", ")},
		{Label: "Expires", Value: ui.TimeAge(t.Expiration, c.CurrentTime()) + fmt.Sprintf(" (%d min)", t.DurationMinutes)},
		{Label: "Attributes", Value: ui.Sanitize(kit.TagText(t.Attributes))},
		{Label: "Minted", Value: d.mintedVia},
	}
	if d.savedTo != "" {
		fields = append(fields, ui.Field{Label: "Saved to", Value: ui.Sanitize(d.savedTo)})
	}
	out := ui.Fields(s, fields, w) + "\n\n"
	if !d.revealed {
		return out + "Token  " + tok + s.Muted.Render("  (v reveals, y copies)")
	}
	return out + "Token " + s.Muted.Render("(v hides)") + "\n" + ansi.Hardwrap(tok, max(w, 1), false)
}

var _ kit.Dialog = (*tokenResultDialog)(nil)
