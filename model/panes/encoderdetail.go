package panes

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// encoderPane shows one encoder configuration: its video settings, tags,
// and the compositions that use it (ListCompositions filtered by it), which
// are why a delete would be refused.
type encoderPane struct {
	*kit.ResourceDetail[service.EncoderConfiguration]
	users  []service.Composition
	usedOK bool
}

func NewEncoderPane(c *kit.Context, x service.EncoderConfiguration) *encoderPane {
	p := &encoderPane{}
	p.ResourceDetail = kit.NewResourceDetail(c, &kit.DetailSpec[service.EncoderConfiguration]{
		Kind:     keymap.PaneEncoderDetail,
		CopyHelp: "copy ARN", RemoveHelp: "delete",
		Title: "Encoder configuration",
		ARN:   func(x service.EncoderConfiguration) string { return x.ARN },
		Name:  func(x service.EncoderConfiguration) string { return x.Name },
		What:  encoderWhat,
		Get: func(client *service.Client, arn string) func(ctx context.Context) (service.EncoderConfiguration, error) {
			return func(ctx context.Context) (service.EncoderConfiguration, error) {
				return client.GetEncoderConfiguration(ctx, arn)
			}
		},
		Fields: p.fields,
		Remove: deleteEncoderDialog,
	}, x)
	return p
}

func (p *encoderPane) Init(c *kit.Context) tea.Cmd {
	p.LoadState.Loading = true
	return p.Refresh(c)
}

func (p *encoderPane) Refresh(c *kit.Context) tea.Cmd {
	cmd := p.ResourceDetail.Refresh(c)
	if p.Gone {
		return cmd
	}
	client, arn := c.Client, p.X.ARN
	return tea.Batch(cmd, kit.FetchFor(c, &p.BasePane, "users", false, func(ctx context.Context) ([]service.Composition, error) {
		return client.AllCompositions(ctx, service.CompositionFilter{EncoderConfigurationARN: arn})
	}))
}

func (p *encoderPane) Update(c *kit.Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case kit.Fetched[[]service.Composition]:
		if p.Reqs.Done(msg.Kind, msg.Req) && msg.Err == nil {
			p.users, p.usedOK = msg.Val, true
		}
		return nil
	case kit.ActionDoneMsg:
		return p.Refresh(c)
	}
	return p.ResourceDetail.Update(c, msg)
}

func (p *encoderPane) fields(c *kit.Context, x service.EncoderConfiguration) []ui.Field {
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
		ui.Field{Label: "Tags", Value: ui.Sanitize(kit.TagText(x.Tags))},
		ui.Field{Label: "Used by", Value: used})
}

// compositionsText lists compositions as "Comp0001 ● ACTIVE (stage main)".
func compositionsText(c *kit.Context, xs []service.Composition) string {
	if len(xs) == 0 {
		return c.Styles.Muted.Render("no composition")
	}
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += " · "
		}
		out += kit.ResourceID(x.ARN) + " " + c.Styles.StateBadge(x.State) + " (stage " + ui.Sanitize(c.StageName(x.StageARN)) + ")"
	}
	return out
}
