package model

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// keyDetailPane shows one public key: its fingerprint and PEM, which is
// public (it is the half IVS verifies tokens with).
type keyDetailPane struct {
	basePane
	x    service.PublicKey
	gone bool
}

func newKeyDetailPane(c *Context, x service.PublicKey) *keyDetailPane {
	p := &keyDetailPane{x: x}
	p.id = c.nextPaneID()
	return p
}

func (p *keyDetailPane) Kind() string  { return string(keymap.PaneKeyDetail) }
func (p *keyDetailPane) Crumb() string { return nameOr(p.x.Name, p.x.ARN) }

func (p *keyDetailPane) Init(c *Context) tea.Cmd {
	p.load.loading = true
	return p.Refresh(c)
}

func (p *keyDetailPane) Refresh(c *Context) tea.Cmd {
	if p.gone {
		return nil
	}
	req := p.reqs.start(c, "key")
	if req == 0 {
		return nil
	}
	client, arn := c.Client, p.x.ARN
	return fetch(c, p.id, "key", req, func(ctx context.Context) (service.PublicKey, error) {
		return client.GetPublicKey(ctx, arn)
	})
}

func (p *keyDetailPane) Update(c *Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case fetched[service.PublicKey]:
		if !p.reqs.done(msg.Kind, msg.Req) {
			return nil
		}
		if service.IsNotFound(msg.Err) {
			p.gone = true
			p.load.ok(msg.At)
			return nil
		}
		if msg.Err != nil {
			p.load.fail(msg.Err, msg.At)
			return nil
		}
		p.x = msg.Val
		p.load.ok(msg.At)
	case actionDoneMsg:
		return p.Refresh(c)
	case tea.KeyPressMsg:
		k := c.Keys
		switch {
		case key.Matches(msg, k.Copy):
			return copyValue(p.x.ARN, "public key ARN (the kid of self-signed tokens)")
		case key.Matches(msg, k.Tags):
			return openTags(c, p.x.ARN, keyWhat(p.x))
		case key.Matches(msg, k.Delete):
			if c.ReadOnly {
				return readOnlyFlash("deleting public keys")
			}
			if p.gone {
				return nil
			}
			return deleteKeyDialog(c, p.id, p.x)
		}
	}
	return nil
}

func (p *keyDetailPane) View(c *Context, w, h int) string {
	s, x := c.Styles, p.x
	fields := []ui.Field{
		{Label: "Name", Value: ui.Sanitize(displayName(x.Name))},
		{Label: "ARN", Value: x.ARN},
	}
	if p.gone {
		fields = append(fields, ui.Field{Label: "State", Value: s.Bad.Render("deleted")})
	}
	fields = append(fields,
		ui.Field{Label: "Fingerprint", Value: ui.Sanitize(x.Fingerprint)},
		ui.Field{Label: "Tags", Value: ui.Sanitize(tagText(x.Tags))},
		ui.Field{Label: "Use", Value: "sign ES384 tokens with the private half, header kid = this ARN"},
	)
	out := ui.Header(s, "Public key "+displayName(x.Name), resourceID(x.ARN), w) + "\n" + ui.Fields(s, fields, w)
	if pem := strings.TrimSpace(x.PEM); pem != "" {
		lines := []string{"", s.Section.Render("PEM")}
		for _, l := range strings.Split(pem, "\n") {
			lines = append(lines, ui.SanitizeTrunc(strings.TrimRight(l, "\r"), w))
		}
		out += "\n" + strings.Join(lines, "\n")
	}
	return out
}
