package model

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/ui"
)

// compositionPane shows one composition: its layout and each destination's
// configuration, state and S3 recording prefix.
type compositionPane struct {
	basePane
	x     service.Composition
	gone  bool // IVS deletes a composition after it stops
	named bool // the configurations' names were asked for
}

func newCompositionPane(c *Context, x service.Composition) *compositionPane {
	p := &compositionPane{x: x}
	p.id = c.nextPaneID()
	return p
}

func (p *compositionPane) Kind() string  { return "composition" }
func (p *compositionPane) Crumb() string { return resourceID(p.x.ARN) }

func (p *compositionPane) Init(c *Context) tea.Cmd {
	p.load.loading = true
	return p.Refresh(c)
}

func (p *compositionPane) Refresh(c *Context) tea.Cmd {
	if p.gone {
		return nil
	}
	req := p.reqs.start(c, "composition")
	if req == 0 {
		return nil
	}
	client, arn := c.Client, p.x.ARN
	return fetch(c, p.id, "composition", req, func(ctx context.Context) (service.Composition, error) {
		return client.GetComposition(ctx, arn)
	})
}

func (p *compositionPane) Update(c *Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case fetched[service.Composition]:
		if !p.reqs.done("composition", msg.Req) {
			return nil
		}
		if msg.Err != nil {
			if service.IsNotFound(msg.Err) {
				p.gone = true
				p.x.State = "STOPPED"
				p.load.ok(msg.At)
				return nil
			}
			p.load.fail(msg.Err, msg.At)
			return nil
		}
		p.x = msg.Val
		p.load.ok(msg.At)
		return p.fetchNames(c)
	case fetched[map[string]string]:
		if p.reqs.done(msg.Kind, msg.Req) && msg.Err == nil {
			for arn, name := range msg.Val {
				c.rememberConfig(arn, name)
			}
		}
	case actionDoneMsg:
		return p.Refresh(c)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, c.Keys.Copy):
			return copyValue(p.x.ARN, "composition ARN")
		case key.Matches(msg, c.Keys.Tags):
			return openTags(c, p.x.ARN, "composition "+resourceID(p.x.ARN))
		case key.Matches(msg, c.Keys.Delete):
			return stopCompositionDialog(c, p.id, p.x)
		}
	}
	return nil
}

// fetchNames lists the encoder and storage configurations once, in the
// background, when a destination uses one whose name is not known yet: the
// detail then reads "hd-720p30", not an ARN.
func (p *compositionPane) fetchNames(c *Context) tea.Cmd {
	if p.named {
		return nil
	}
	missing := false
	for _, arn := range configARNs(p.x) {
		if c.configNames[arn] == "" {
			missing = true
		}
	}
	if !missing {
		return nil
	}
	req := p.reqs.start(c, "config-names")
	if req == 0 {
		return nil
	}
	p.named = true
	client := c.Client
	return fetch(c, p.id, "config-names", req, func(ctx context.Context) (map[string]string, error) {
		ctx = budget.Background(ctx)
		names := map[string]string{}
		encoders, err := client.AllEncoderConfigurations(ctx)
		if err != nil {
			return nil, err
		}
		for _, e := range encoders {
			names[e.ARN] = e.Name
		}
		storage, err := client.AllStorageConfigurations(ctx)
		if err != nil {
			return nil, err
		}
		for _, s := range storage {
			names[s.ARN] = s.Name
		}
		return names, nil
	})
}

// configARNs are the encoder and storage configurations x's destinations use.
func configARNs(x service.Composition) []string {
	var arns []string
	for _, d := range x.Destinations {
		if d.Channel != nil && d.Channel.EncoderConfigurationARN != "" {
			arns = append(arns, d.Channel.EncoderConfigurationARN)
		}
		if d.S3 != nil {
			arns = append(arns, d.S3.StorageConfigurationARN)
			arns = append(arns, d.S3.EncoderConfigurationARNs...)
		}
	}
	return arns
}

// configsText lists configurations: by name when all are known, else ARNs.
func configsText(c *Context, arns []string) string {
	if len(arns) == 1 {
		return configText(c, arns[0])
	}
	names := make([]string, 0, len(arns))
	for _, arn := range arns {
		n := c.configNames[arn]
		if n == "" {
			return strings.Join(arns, ", ")
		}
		names = append(names, ui.Sanitize(n))
	}
	return strings.Join(names, ", ")
}

// configText is a configuration's name (if known) and its ARN, muted.
func configText(c *Context, arn string) string {
	if n := c.configNames[arn]; n != "" {
		return ui.Sanitize(n) + "  " + c.Styles.Muted.Render(arn)
	}
	return arn
}

func (p *compositionPane) View(c *Context, w, h int) string {
	s, x, now := c.Styles, p.x, c.now()
	state := s.StateBadge(x.State)
	if p.gone {
		state += s.Muted.Render("  (deleted by IVS after it stopped)")
	}
	fields := []ui.Field{
		{Label: "ARN", Value: x.ARN},
		{Label: "State", Value: state},
		{Label: "Stage", Value: ui.Sanitize(c.stageName(x.StageARN)) + "  " + s.Muted.Render(x.StageARN)},
		{Label: "Started", Value: ui.TimeAge(x.Start, now)},
		{Label: "Ended", Value: ui.TimeAge(x.End, now)},
		{Label: "Layout", Value: layoutText(x.Layout)},
		{Label: "Tags", Value: ui.Sanitize(tagText(x.Tags))},
	}
	for i, d := range x.Destinations {
		label := fmt.Sprintf("Destination %d", i+1)
		fields = append(fields, ui.Field{Label: label, Value: s.StateBadge(d.State) + " " + ui.Sanitize(d.Name) + " " + s.Muted.Render(d.ID)})
		if d.Channel != nil {
			fields = append(fields,
				ui.Field{Label: "  channel", Value: d.Channel.ChannelARN},
				ui.Field{Label: "  encoder", Value: orDefault(configText(c, d.Channel.EncoderConfigurationARN), "default")})
		}
		if d.S3 != nil {
			fields = append(fields,
				ui.Field{Label: "  storage", Value: configText(c, d.S3.StorageConfigurationARN)},
				ui.Field{Label: "  encoders", Value: configsText(c, d.S3.EncoderConfigurationARNs)},
				ui.Field{Label: "  format", Value: s3FormatText(d.S3)},
				ui.Field{Label: "  S3 prefix", Value: orDefault(ui.Sanitize(d.RecordingPrefix), "—")})
		}
	}
	title := ui.Header(s, "Composition "+resourceID(x.ARN), "", w)
	return title + "\n" + ui.Fields(s, fields, w)
}

func layoutText(l service.Layout) string {
	switch {
	case l.PiP != nil:
		p := l.PiP
		parts := []string{"pip", "position " + orDefault(p.PipPosition, "BOTTOM_RIGHT"), "behavior " + orDefault(p.PipBehavior, "STATIC")}
		if p.PipParticipantAttribute != "" {
			parts = append(parts, "pip attr "+quoteUntrusted(p.PipParticipantAttribute))
		}
		if p.PipWidth > 0 || p.PipHeight > 0 {
			parts = append(parts, "size "+orDefault(positive(p.PipWidth), "auto")+"x"+orDefault(positive(p.PipHeight), "auto"))
		}
		parts = append(parts, fmt.Sprintf("offset %d, gap %d", p.PipOffset, p.GridGap))
		return strings.Join(append(parts, layoutCommonText(p.FeaturedParticipantAttribute, p.ParticipantOrderAttribute, p.VideoFillMode, p.OmitStoppedVideo)...), " · ")
	case l.Grid != nil:
		g := l.Grid
		parts := []string{"grid", "aspect " + orDefault(g.VideoAspectRatio, "VIDEO"), fmt.Sprintf("gap %d", g.GridGap)}
		return strings.Join(append(parts, layoutCommonText(g.FeaturedParticipantAttribute, g.ParticipantOrderAttribute, g.VideoFillMode, g.OmitStoppedVideo)...), " · ")
	}
	return "grid (default)"
}

// layoutCommonText is what grid and PiP layouts share, when set.
func layoutCommonText(featured, order, fill string, omit bool) []string {
	var parts []string
	if featured != "" {
		parts = append(parts, "featured attr "+quoteUntrusted(featured))
	}
	if order != "" {
		parts = append(parts, "order attr "+quoteUntrusted(order))
	}
	if fill != "" {
		parts = append(parts, "fill "+ui.Sanitize(fill))
	}
	if omit {
		parts = append(parts, "omit stopped video")
	}
	return parts
}

func positive(n int) string {
	if n <= 0 {
		return ""
	}
	return fmt.Sprint(n)
}

// s3FormatText is "HLS · 2 s segments · thumbnails every 60 s".
func s3FormatText(d *service.S3Destination) string {
	parts := []string{orDefault(d.RecordingFormat, "HLS")}
	if d.HLSTargetSegmentDurationSeconds > 0 {
		parts = append(parts, fmt.Sprintf("%d s segments", d.HLSTargetSegmentDurationSeconds))
	}
	for _, t := range d.Thumbnails {
		parts = append(parts, fmt.Sprintf("thumbnails every %d s", t.TargetIntervalSeconds))
	}
	return strings.Join(parts, " · ")
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
