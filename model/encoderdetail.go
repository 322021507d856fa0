package model

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// encoderPane shows one encoder configuration: its video settings, tags,
// and the compositions that use it (ListCompositions filtered by it), which
// are why a delete would be refused.
type encoderPane struct {
	basePane
	x      service.EncoderConfiguration
	users  []service.Composition
	usedOK bool
	gone   bool
}

func newEncoderPane(c *Context, x service.EncoderConfiguration) *encoderPane {
	p := &encoderPane{x: x}
	p.id = c.nextPaneID()
	return p
}

func (p *encoderPane) Kind() string  { return string(keymap.PaneEncoderDetail) }
func (p *encoderPane) Crumb() string { return nameOr(p.x.Name, p.x.ARN) }

func (p *encoderPane) Init(c *Context) tea.Cmd {
	p.load.loading = true
	return p.Refresh(c)
}

func (p *encoderPane) Refresh(c *Context) tea.Cmd {
	if p.gone {
		return nil
	}
	client, arn := c.Client, p.x.ARN
	var cmds []tea.Cmd
	if req := p.reqs.start(c, "encoder"); req != 0 {
		cmds = append(cmds, fetch(c, p.id, "encoder", req, func(ctx context.Context) (service.EncoderConfiguration, error) {
			return client.GetEncoderConfiguration(ctx, arn)
		}))
	}
	if req := p.reqs.start(c, "users"); req != 0 {
		cmds = append(cmds, fetch(c, p.id, "users", req, func(ctx context.Context) ([]service.Composition, error) {
			return client.AllCompositions(ctx, service.CompositionFilter{EncoderConfigurationARN: arn})
		}))
	}
	return tea.Batch(cmds...)
}

func (p *encoderPane) Update(c *Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case fetched[service.EncoderConfiguration]:
		if !p.reqs.done(msg.Kind, msg.Req) {
			return nil
		}
		if msg.Err != nil {
			p.gone = service.IsNotFound(msg.Err)
			if p.gone {
				p.load.ok(msg.At)
				return nil
			}
			p.load.fail(msg.Err, msg.At)
			return nil
		}
		p.x = msg.Val
		p.load.ok(msg.At)
	case fetched[[]service.Composition]:
		if !p.reqs.done(msg.Kind, msg.Req) {
			return nil
		}
		if msg.Err == nil {
			p.users, p.usedOK = msg.Val, true
		}
	case actionDoneMsg:
		return p.Refresh(c)
	case tea.KeyPressMsg:
		k := c.Keys
		switch {
		case key.Matches(msg, k.Copy):
			return copyValue(p.x.ARN, "ARN")
		case key.Matches(msg, k.Tags):
			return openTags(c, p.x.ARN, encoderWhat(p.x))
		case key.Matches(msg, k.Delete):
			if c.ReadOnly {
				return readOnlyFlash("deleting encoder configurations")
			}
			if p.gone {
				return nil
			}
			return deleteEncoderDialog(c, p.id, p.x)
		}
	}
	return nil
}

func (p *encoderPane) View(c *Context, w, h int) string {
	s, x := c.Styles, p.x
	v := x.Video
	fields := []ui.Field{
		{Label: "Name", Value: ui.Sanitize(displayName(x.Name))},
		{Label: "ARN", Value: x.ARN},
	}
	if p.gone {
		fields = append(fields, ui.Field{Label: "State", Value: s.Bad.Render("deleted")})
	}
	if v != (service.Video{}) {
		fields = append(fields,
			ui.Field{Label: "Resolution", Value: fmtSize(v.Width, v.Height)},
			ui.Field{Label: "Bitrate", Value: bitrateText(v.Bitrate) + s.Muted.Render(" ("+ui.Count(v.Bitrate)+" bps)")},
			ui.Field{Label: "Frame rate", Value: videoFramerate(v.Framerate)},
		)
	} else {
		fields = append(fields, ui.Field{Label: "Video", Value: s.Muted.Render("loading…")})
	}
	fields = append(fields, ui.Field{Label: "Tags", Value: ui.Sanitize(tagText(x.Tags))})
	used := s.Muted.Render("loading…")
	if p.usedOK {
		used = compositionsText(c, p.users)
	}
	fields = append(fields, ui.Field{Label: "Used by", Value: used})
	title := ui.Header(s, "Encoder configuration "+displayName(x.Name), resourceID(x.ARN), w)
	return title + "\n" + ui.Fields(s, fields, w)
}

// compositionsText lists compositions as "Comp0001 ● ACTIVE (stage main)".
func compositionsText(c *Context, xs []service.Composition) string {
	if len(xs) == 0 {
		return c.Styles.Muted.Render("no composition")
	}
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += " · "
		}
		out += resourceID(x.ARN) + " " + c.Styles.StateBadge(x.State) + " (stage " + ui.Sanitize(c.stageName(x.StageARN)) + ")"
	}
	return out
}
