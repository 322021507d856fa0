package model

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/localtoken"
	"github.com/ivsdash/ivsdash/ui"
)

// Token form fields, in tab order.
const (
	tfUser = iota
	tfPublish
	tfSubscribe
	tfDuration
	tfAttributes
	tfMethod // local signing or the API; only with --signing-key
	tfSubmit
	tfCount
)

// tokenForm mints a participant token: user id, capabilities, duration and
// attributes, each checked with the API's own limits before any call. The
// result shows the participant id, expiry and the token, masked until `v`;
// `y` copies it with OSC52 and `w` writes it to a 0600 file.
type tokenForm struct {
	closer
	stage     service.Stage
	focus     int
	user      textinput.Model
	duration  textinput.Model
	attrs     textarea.Model
	publish   bool
	subscribe bool
	errs      map[int]string
	callErr   string
	busy      bool

	signer *localtoken.Signer // nil: only CreateParticipantToken
	local  bool               // sign locally (the default with a signer)

	result    *service.ParticipantToken
	mintedVia string
	revealed  bool
	savedTo   string
}

func newTokenForm(c *Context, stage service.Stage) *tokenForm {
	u := textinput.New()
	u.Placeholder = fmt.Sprintf("who this token is for (optional, any text, max %d)", service.MaxUserIDLength)
	u.CharLimit = 4 * service.MaxUserIDLength // counted in characters below
	u.Prompt = ""
	d := textinput.New()
	d.Placeholder = strconv.Itoa(service.DefaultTokenDurationMinutes)
	d.CharLimit = 6
	d.Prompt = ""
	d.SetValue(strconv.Itoa(service.DefaultTokenDurationMinutes))
	a := textarea.New()
	a.Placeholder = "key=value, one per line (optional, 1 KB total)"
	a.ShowLineNumbers = false
	a.SetHeight(3)
	a.CharLimit = 4 * service.MaxAttributesBytes
	return &tokenForm{stage: stage, user: u, duration: d, attrs: a, publish: true, subscribe: true, errs: map[int]string{},
		signer: c.Signer, local: c.Signer != nil}
}

func (f *tokenForm) Init(*Context) tea.Cmd { return f.focusField(tfUser) }

func (f *tokenForm) focusField(i int) tea.Cmd {
	f.focus = (i + tfCount) % tfCount
	f.user.Blur()
	f.duration.Blur()
	f.attrs.Blur()
	switch f.focus {
	case tfUser:
		return f.user.Focus()
	case tfDuration:
		return f.duration.Focus()
	case tfAttributes:
		return f.attrs.Focus()
	}
	return nil
}

// tokenMintedMsg is the outcome of the mint call.
type tokenMintedMsg struct {
	token service.ParticipantToken
	err   error
	via   string // how it was minted, when not by CreateParticipantToken
}

// tokenSavedMsg is the outcome of writing the token to a file.
type tokenSavedMsg struct {
	path string
	err  error
}

func (f *tokenForm) Update(c *Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tokenMintedMsg:
		f.busy = false
		if msg.err != nil {
			f.callErr = errorSentence(msg.err) // what was typed stays
			return nil
		}
		t := msg.token
		f.result = &t
		f.mintedVia = "by CreateParticipantToken on " + ui.Sanitize(displayName(f.stage.Name))
		if msg.via != "" {
			f.mintedVia = msg.via
		}
		return flash(flashSuccess, "token minted for participant "+t.ParticipantID)
	case tokenSavedMsg:
		if msg.err != nil {
			return flash(flashError, "could not write the token: "+ui.Sanitize(msg.err.Error()))
		}
		f.savedTo = msg.path
		return flash(flashSuccess, "token written to "+ui.Sanitize(msg.path)+" (mode 0600)")
	case tea.KeyPressMsg:
		if f.result != nil {
			return f.resultKey(c, msg)
		}
		return f.formKey(c, msg)
	}
	return f.forward(msg)
}

func (f *tokenForm) forward(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch f.focus {
	case tfUser:
		f.user, cmd = f.user.Update(msg)
	case tfDuration:
		f.duration, cmd = f.duration.Update(msg)
	case tfAttributes:
		f.attrs, cmd = f.attrs.Update(msg)
	}
	return cmd
}

func (f *tokenForm) formKey(c *Context, msg tea.KeyPressMsg) tea.Cmd {
	k := c.Keys
	switch {
	case key.Matches(msg, k.Back):
		f.close()
		return nil
	case key.Matches(msg, k.NextField):
		return f.focusField(f.skipField(f.focus+1, 1))
	case key.Matches(msg, k.PrevField):
		return f.focusField(f.skipField(f.focus-1, -1))
	case key.Matches(msg, k.Toggle) && f.focus == tfMethod:
		f.local = !f.local
		return nil
	case key.Matches(msg, k.SubmitForm):
		return f.submit(c)
	case key.Matches(msg, k.Submit) && f.focus != tfAttributes:
		return f.submit(c)
	case key.Matches(msg, k.Toggle) && (f.focus == tfPublish || f.focus == tfSubscribe):
		if f.focus == tfPublish {
			f.publish = !f.publish
		} else {
			f.subscribe = !f.subscribe
		}
		return nil
	}
	return f.forward(msg)
}

// request validates every field with the API's limits; errs says what is
// wrong, field by field.
func (f *tokenForm) request() (service.TokenRequest, bool) {
	f.errs = map[int]string{}
	req := service.TokenRequest{StageARN: f.stage.ARN, UserID: f.user.Value()}
	if n := len([]rune(req.UserID)); n > service.MaxUserIDLength {
		f.errs[tfUser] = fmt.Sprintf("user id is %d characters; the API allows at most %d", n, service.MaxUserIDLength)
	}
	if f.publish {
		req.Capabilities = append(req.Capabilities, service.CapabilityPublish)
	}
	if f.subscribe {
		req.Capabilities = append(req.Capabilities, service.CapabilitySubscribe)
	}
	if len(req.Capabilities) == 0 {
		f.errs[tfSubscribe] = "choose publish, subscribe or both: a token with neither can do nothing"
	}
	d, err := strconv.Atoi(strings.TrimSpace(f.duration.Value()))
	switch {
	case err != nil:
		f.errs[tfDuration] = "duration must be a whole number of minutes"
	case d < service.MinTokenDurationMinutes || d > service.MaxTokenDurationMinutes:
		f.errs[tfDuration] = fmt.Sprintf("duration must be %d to %d minutes (%d days)", service.MinTokenDurationMinutes, service.MaxTokenDurationMinutes, service.MaxTokenDurationMinutes/(24*60))
	default:
		req.DurationMinutes = d
	}
	attrs, msg := parseAttributes(f.attrs.Value())
	if msg != "" {
		f.errs[tfAttributes] = msg
	}
	req.Attributes = attrs
	return req, len(f.errs) == 0
}

// parseAttributes reads key=value lines and checks the 1 KB total.
func parseAttributes(text string) (map[string]string, string) {
	out, msg := parseKeyValues(text, "attributes")
	if msg != "" {
		return nil, msg
	}
	size := 0
	for k, v := range out {
		size += len(k) + len(v)
	}
	if size > service.MaxAttributesBytes {
		return nil, fmt.Sprintf("attributes are %d bytes; the API allows %d in total", size, service.MaxAttributesBytes)
	}
	if len(out) == 0 {
		return nil, ""
	}
	return out, ""
}

func (f *tokenForm) submit(c *Context) tea.Cmd {
	if f.busy {
		return nil
	}
	if c.ReadOnly {
		f.callErr = "read-only mode: minting tokens is switched off"
		return nil
	}
	req, ok := f.request()
	if !ok {
		for i := 0; i < tfCount; i++ {
			if f.errs[i] != "" {
				return f.focusField(i)
			}
		}
		return nil
	}
	f.busy, f.callErr = true, ""
	return f.mintCmd(c, req)
}

func (f *tokenForm) resultKey(c *Context, msg tea.KeyPressMsg) tea.Cmd {
	k := c.Keys
	switch {
	case key.Matches(msg, k.Back), key.Matches(msg, k.Submit):
		f.close()
		return nil
	case key.Matches(msg, k.Reveal):
		f.revealed = !f.revealed
	case key.Matches(msg, k.Copy):
		return tea.Batch(tea.SetClipboard(f.result.Token.Reveal()), flash(flashSuccess, "token copied to the clipboard (OSC52)"))
	case key.Matches(msg, k.Write):
		def := "token-" + f.result.ParticipantID + ".jwt"
		tok := f.result.Token
		return send(openDialogMsg{newInputDialog(c, "Write the token to a file (created with mode 0600)", "path", def, 4096, func(path string) tea.Cmd {
			return writeSecretFile(path, tok)
		})})
	}
	return nil
}

// writeSecretFile writes a token to a new file readable by its owner only.
// It refuses to overwrite: an existing file may be someone else's secret.
func writeSecretFile(path string, secret service.Secret) tea.Cmd {
	return func() tea.Msg {
		p := strings.TrimSpace(path)
		if p == "" {
			return tokenSavedMsg{err: fmt.Errorf("no path given")}
		}
		if strings.HasPrefix(p, "~/") {
			if home, err := os.UserHomeDir(); err == nil {
				p = filepath.Join(home, p[2:])
			}
		}
		fh, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return tokenSavedMsg{path: p, err: err}
		}
		_, err = fh.WriteString(secret.Reveal() + "\n")
		if cerr := fh.Close(); err == nil {
			err = cerr
		}
		return tokenSavedMsg{path: p, err: err}
	}
}

func (f *tokenForm) View(c *Context, w, h int) string {
	s := c.Styles
	title := "Mint a participant token · " + ui.Sanitize(displayName(f.stage.Name))
	if f.result != nil {
		// Wide enough that a revealed token wraps into few lines; the
		// token is hard-wrapped to the frame so the dialog never re-wraps it.
		width := min(w, 100)
		inner := width - s.DialogFrame.GetHorizontalFrameSize()
		return ui.RenderDialog(s, ui.DialogSpec{
			Title:  title,
			Body:   f.resultView(c, inner),
			Footer: "v reveal/mask · y copy (OSC52) · w write to file · esc close",
			Width:  width,
		}, w, h)
	}
	inW := min(56, max(10, w-24))
	f.user.SetWidth(inW)
	f.duration.SetWidth(8)
	f.attrs.SetWidth(inW)
	rows := []string{
		ui.FormField(s, "User id", f.user.View(), f.errs[tfUser], f.focus == tfUser),
		ui.Toggle(s, "publish", f.publish, f.focus == tfPublish) + "   " + ui.Toggle(s, "subscribe", f.subscribe, f.focus == tfSubscribe),
	}
	if e := f.errs[tfSubscribe]; e != "" {
		rows = append(rows, s.FormError.Render(e))
	}
	rows = append(rows,
		ui.FormField(s, fmt.Sprintf("Duration (minutes, %d-%d)", service.MinTokenDurationMinutes, service.MaxTokenDurationMinutes), f.duration.View(), f.errs[tfDuration], f.focus == tfDuration),
		ui.FormField(s, "Attributes", f.attrs.View(), f.errs[tfAttributes], f.focus == tfAttributes),
	)
	if f.signer != nil {
		rows = append(rows, f.methodRow(c))
	}
	rows = append(rows,
		ui.Button(s, map[bool]string{true: "Minting…", false: "Mint token"}[f.busy], f.focus == tfSubmit),
	)
	if f.callErr != "" {
		rows = append(rows, s.FormError.Render(f.callErr))
	}
	rows = append(rows, f.methodNote(c))
	return ui.Dialog(s, title, strings.Join(rows, "\n"), "tab next · shift+tab back · space toggles · enter mint (ctrl+s in attributes) · esc cancel", w, h)
}

func (f *tokenForm) resultView(c *Context, w int) string {
	s, t := c.Styles, f.result
	tok := t.Token.Masked()
	if f.revealed {
		tok = t.Token.Reveal()
	}
	fields := []ui.Field{
		{Label: "Participant", Value: t.ParticipantID},
		{Label: "User id", Value: ui.Sanitize(t.UserID)},
		{Label: "Capabilities", Value: strings.Join(t.Capabilities, ", ")},
		{Label: "Expires", Value: ui.TimeAge(t.Expiration, c.now()) + fmt.Sprintf(" (%d min)", t.DurationMinutes)},
		{Label: "Attributes", Value: ui.Sanitize(tagText(t.Attributes))},
		{Label: "Minted", Value: f.mintedVia},
	}
	if f.savedTo != "" {
		fields = append(fields, ui.Field{Label: "Saved to", Value: ui.Sanitize(f.savedTo)})
	}
	out := ui.Fields(s, fields, w) + "\n\n"
	if !f.revealed {
		return out + "Token  " + tok + s.Muted.Render("  (v reveals, y copies)")
	}
	return out + "Token " + s.Muted.Render("(v hides)") + "\n" + ansi.Hardwrap(tok, max(w, 1), false)
}

// ensure the token form satisfies Dialog.
var _ Dialog = (*tokenForm)(nil)
