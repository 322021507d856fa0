package model

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// encoderPane shows one encoder configuration: its video settings, tags,
// and the compositions that use it (ListCompositions filtered by it), which
// are why a delete would be refused.
type encoderPane struct {
	*resourceDetail[service.EncoderConfiguration]
	users  []service.Composition
	usedOK bool
}

func newEncoderPane(c *Context, x service.EncoderConfiguration) *encoderPane {
	p := &encoderPane{}
	p.resourceDetail = newResourceDetail(c, &detailSpec[service.EncoderConfiguration]{
		kind:     keymap.PaneEncoderDetail,
		copyHelp: "copy ARN", removeHelp: "delete",
		title: "Encoder configuration",
		arn:   func(x service.EncoderConfiguration) string { return x.ARN },
		name:  func(x service.EncoderConfiguration) string { return x.Name },
		what:  encoderWhat,
		get: func(client *service.Client, arn string) func(ctx context.Context) (service.EncoderConfiguration, error) {
			return func(ctx context.Context) (service.EncoderConfiguration, error) {
				return client.GetEncoderConfiguration(ctx, arn)
			}
		},
		fields: p.fields,
		remove: deleteEncoderDialog,
	}, x)
	return p
}

func (p *encoderPane) Init(c *Context) tea.Cmd {
	p.load.loading = true
	return p.Refresh(c)
}

func (p *encoderPane) Refresh(c *Context) tea.Cmd {
	cmd := p.resourceDetail.Refresh(c)
	if p.gone {
		return cmd
	}
	client, arn := c.Client, p.x.ARN
	return tea.Batch(cmd, fetchFor(c, &p.basePane, "users", false, func(ctx context.Context) ([]service.Composition, error) {
		return client.AllCompositions(ctx, service.CompositionFilter{EncoderConfigurationARN: arn})
	}))
}

func (p *encoderPane) Update(c *Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case fetched[[]service.Composition]:
		if p.reqs.done(msg.Kind, msg.Req) && msg.Err == nil {
			p.users, p.usedOK = msg.Val, true
		}
		return nil
	case actionDoneMsg:
		return p.Refresh(c)
	}
	return p.resourceDetail.Update(c, msg)
}

func (p *encoderPane) fields(c *Context, x service.EncoderConfiguration) []ui.Field {
	s, v := c.Styles, x.Video
	var fields []ui.Field
	if v != (service.Video{}) {
		fields = append(fields,
			ui.Field{Label: "Resolution", Value: fmtSize(v.Width, v.Height)},
			ui.Field{Label: "Bitrate", Value: bitrateText(v.Bitrate) + s.Muted.Render(" ("+ui.Count(v.Bitrate)+" bps)")},
			ui.Field{Label: "Frame rate", Value: videoFramerate(v.Framerate)},
		)
	} else {
		fields = append(fields, ui.Field{Label: "Video", Value: s.Muted.Render("loading…")})
	}
	used := s.Muted.Render("loading…")
	if p.usedOK {
		used = compositionsText(c, p.users)
	}
	return append(fields,
		ui.Field{Label: "Tags", Value: ui.Sanitize(tagText(x.Tags))},
		ui.Field{Label: "Used by", Value: used})
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
