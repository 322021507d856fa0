package panes

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// compositionPane shows one composition: its layout and each destination's
// configuration, state and S3 recording prefix.
type compositionPane struct {
	*kit.ResourceDetail[service.Composition]
	named bool // the configurations' names were asked for
}

func NewCompositionPane(c *kit.Context, x service.Composition) *compositionPane {
	p := &compositionPane{}
	p.ResourceDetail = kit.NewResourceDetail(c, &kit.DetailSpec[service.Composition]{
		Kind:       keymap.PaneComposition,
		RemoveHelp: "stop composition",
		ARN:        func(x service.Composition) string { return x.ARN },
		Name:       func(service.Composition) string { return "" },
		What:       compositionWhat,
		CopyWhat:   "composition ARN",
		FetchKind:  "composition",
		Get: func(client *service.Client, arn string) func(ctx context.Context) (service.Composition, error) {
			return func(ctx context.Context) (service.Composition, error) {
				return client.GetComposition(ctx, arn)
			}
		},
		// IVS deletes a composition after it stops.
		NotFound: func(x service.Composition) (service.Composition, bool) {
			x.State = "STOPPED"
			return x, true
		},
		Loaded:  p.fetchNames,
		Header:  func(x service.Composition) (string, string) { return "Composition " + kit.ResourceID(x.ARN), "" },
		Lead:    compositionLead,
		Fields:  compositionFields,
		Remove:  stopCompositionDialog,
		Console: compositionConsole,
	}, x)
	return p
}

func (p *compositionPane) Update(c *kit.Context, msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(kit.Fetched[map[string]string]); ok {
		if !p.Reqs.Done(msg.Kind, msg.Req) {
			return nil
		}
		p.LoadState.BackgroundRead(configNamesRead, msg.Err, msg.At)
		if msg.Err != nil {
			p.named = false // the next load asks again
			return nil
		}
		for arn, name := range msg.Val {
			c.RememberConfig(arn, name)
		}
		return nil
	}
	return p.ResourceDetail.Update(c, msg)
}

// configNamesRead names the configuration listing in the status bar when
// it fails.
const configNamesRead = "configuration names"

// fetchNames lists the encoder and storage configurations once, in the
// background, when a destination uses one whose name is not known yet: the
// detail then reads "hd-720p30", not an ARN.
func (p *compositionPane) fetchNames(c *kit.Context, x service.Composition) tea.Cmd {
	if p.named {
		return nil
	}
	missing := false
	for _, arn := range ConfigARNs(x) {
		if c.ConfigNames[arn] == "" {
			missing = true
		}
	}
	if !missing {
		return nil
	}
	if p.Reqs.InFlight["config-names"] {
		return nil
	}
	p.named = true
	p.LoadState.BackgroundRead(configNamesRead, nil, c.CurrentTime()) // asked again: no longer failing
	client := c.Client
	return kit.FetchFor(c, &p.BasePane, "config-names", false, func(ctx context.Context) (map[string]string, error) {
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
	}, kit.InBackground)
}

// ConfigARNs are the encoder and storage configurations x's destinations use.
func ConfigARNs(x service.Composition) []string {
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
func configsText(c *kit.Context, arns []string) string {
	if len(arns) == 1 {
		return configText(c, arns[0])
	}
	names := make([]string, 0, len(arns))
	for _, arn := range arns {
		n := c.ConfigNames[arn]
		if n == "" {
			return strings.Join(arns, ", ")
		}
		names = append(names, ui.Sanitize(n))
	}
	return strings.Join(names, ", ")
}

// configText is a configuration's name (if known) and its ARN, muted.
func configText(c *kit.Context, arn string) string {
	if n := c.ConfigNames[arn]; n != "" {
		return ui.Sanitize(n) + "  " + c.Styles.Muted.Render(arn)
	}
	return arn
}

// compositionLead are the first fields: the state says when IVS deleted it.
func compositionLead(c *kit.Context, x service.Composition, gone bool) []ui.Field {
	s := c.Styles
	state := s.StateBadge(x.State)
	if gone {
		state += s.Muted.Render("  (deleted by IVS after it stopped)")
	}
	return []ui.Field{{Label: "ARN", Value: x.ARN}, {Label: "State", Value: state}}
}

func compositionFields(c *kit.Context, x service.Composition) []ui.Field {
	s, now := c.Styles, c.CurrentTime()
	fields := []ui.Field{
		{Label: "Stage", Value: ui.Sanitize(c.StageName(x.StageARN)) + "  " + s.Muted.Render(x.StageARN)},
		{Label: "Started", Value: ui.TimeAge(x.Start, now)},
		{Label: "Ended", Value: ui.TimeAge(x.End, now)},
		{Label: "Layout", Value: layoutText(x.Layout)},
		{Label: "Tags", Value: ui.Sanitize(kit.TagText(x.Tags))},
	}
	for i, d := range x.Destinations {
		label := fmt.Sprintf("Destination %d", i+1)
		name := d.ID
		if d.Name != "" {
			name = ui.Sanitize(d.Name) + " · " + d.ID
		}
		fields = append(fields, ui.Field{Label: label, Value: destinationKind(d) + " " + s.StateBadge(d.State) + "  " + s.Muted.Render(name)})
		if d.Channel != nil {
			fields = append(fields,
				ui.Field{Label: "  channel", Value: d.Channel.ChannelARN},
				ui.Field{Label: "  encoder", Value: kit.OrDefault(configText(c, d.Channel.EncoderConfigurationARN), "default")})
		}
		if d.S3 != nil {
			fields = append(fields,
				ui.Field{Label: "  storage", Value: configText(c, d.S3.StorageConfigurationARN)},
				ui.Field{Label: "  encoders", Value: configsText(c, d.S3.EncoderConfigurationARNs)},
				ui.Field{Label: "  format", Value: s3FormatText(d.S3)},
				ui.Field{Label: "  S3 prefix", Value: kit.OrDefault(ui.Sanitize(d.RecordingPrefix), "—")})
		}
	}
	return fields
}

func layoutText(l service.Layout) string {
	switch {
	case l.PiP != nil:
		p := l.PiP
		parts := []string{"pip", "position " + kit.OrDefault(p.PipPosition, "BOTTOM_RIGHT"), "behavior " + kit.OrDefault(p.PipBehavior, "STATIC")}
		if p.PipParticipantAttribute != "" {
			parts = append(parts, "pip attr "+kit.QuoteUntrusted(p.PipParticipantAttribute))
		}
		if p.PipWidth > 0 || p.PipHeight > 0 {
			parts = append(parts, "size "+kit.OrDefault(positive(p.PipWidth), "auto")+"x"+kit.OrDefault(positive(p.PipHeight), "auto"))
		}
		parts = append(parts, fmt.Sprintf("offset %d, gap %d", p.PipOffset, p.GridGap))
		return strings.Join(append(parts, layoutCommonText(p.FeaturedParticipantAttribute, p.ParticipantOrderAttribute, p.VideoFillMode, p.OmitStoppedVideo)...), " · ")
	case l.Grid != nil:
		g := l.Grid
		parts := []string{"grid", "aspect " + kit.OrDefault(g.VideoAspectRatio, "VIDEO"), fmt.Sprintf("gap %d", g.GridGap)}
		return strings.Join(append(parts, layoutCommonText(g.FeaturedParticipantAttribute, g.ParticipantOrderAttribute, g.VideoFillMode, g.OmitStoppedVideo)...), " · ")
	}
	return "grid (default)"
}

// layoutCommonText is what grid and PiP layouts share, when set.
func layoutCommonText(featured, order, fill string, omit bool) []string {
	var parts []string
	if featured != "" {
		parts = append(parts, "featured attr "+kit.QuoteUntrusted(featured))
	}
	if order != "" {
		parts = append(parts, "order attr "+kit.QuoteUntrusted(order))
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
	parts := []string{kit.OrDefault(d.RecordingFormat, "HLS")}
	if d.HLSTargetSegmentDurationSeconds > 0 {
		parts = append(parts, fmt.Sprintf("%d s segments", d.HLSTargetSegmentDurationSeconds))
	}
	for _, t := range d.Thumbnails {
		parts = append(parts, fmt.Sprintf("thumbnails every %d s", t.TargetIntervalSeconds))
	}
	return strings.Join(parts, " · ")
}
