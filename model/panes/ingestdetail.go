package panes

import (
	"context"
	"net/url"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// ingestDetailPane shows one ingest configuration with its stream key
// (masked until v, copied with y) and what an encoder needs to publish:
// the server URL from its stage's endpoints, for OBS and as an ffmpeg
// command line.
type ingestDetailPane struct {
	*kit.ResourceDetail[service.IngestConfiguration]
	stage    service.Stage // the configuration's stage, for its endpoints
	stageErr error
	revealed bool
}

func NewIngestDetailPane(c *kit.Context, x service.IngestConfiguration) *ingestDetailPane {
	p := &ingestDetailPane{}
	p.ResourceDetail = kit.NewResourceDetail(c, &kit.DetailSpec[service.IngestConfiguration]{
		Kind:  keymap.PaneIngestDetail,
		Title: "Ingest configuration",
		ARN:   func(x service.IngestConfiguration) string { return x.ARN },
		Name:  func(x service.IngestConfiguration) string { return x.Name },
		What:  ingestWhat,
		Get: func(client *service.Client, arn string) func(ctx context.Context) (service.IngestConfiguration, error) {
			return func(ctx context.Context) (service.IngestConfiguration, error) {
				return client.GetIngestConfiguration(ctx, arn)
			}
		},
		Fields: p.fields,
		Remove: deleteIngestDialog,
	}, x)
	return p
}

// fetchStage gets the endpoints of the stage the configuration is attached
// to, once per stage: they do not change.
func (p *ingestDetailPane) fetchStage(c *kit.Context) tea.Cmd {
	if p.X.StageARN == "" || p.X.StageARN == p.stage.ARN {
		return nil
	}
	client, arn := c.Client, p.X.StageARN
	return kit.FetchFor(c, &p.BasePane, "stage", true, func(ctx context.Context) (service.Stage, error) {
		return client.GetStage(ctx, arn)
	})
}

func (p *ingestDetailPane) Update(c *kit.Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case kit.Fetched[service.IngestConfiguration]:
		cmd, _ := p.Handle(c, msg)
		return tea.Batch(cmd, p.fetchStage(c))
	case kit.Fetched[service.Stage]:
		if !p.Reqs.Done(msg.Kind, msg.Req) {
			return nil
		}
		p.stageErr = msg.Err
		if msg.Err == nil {
			p.stage = msg.Val
			c.RememberStage(msg.Val)
		}
		return nil
	case tea.KeyPressMsg:
		k := c.Keys
		switch {
		case key.Matches(msg, k.Reveal):
			p.revealed = !p.revealed
			return nil
		case key.Matches(msg, k.Copy):
			if p.X.StreamKey.IsZero() {
				return kit.Flash(kit.FlashInfo, "the stream key is still loading")
			}
			return kit.CopyValue(p.X.StreamKey.Reveal(), "stream key")
		case key.Matches(msg, k.Attach):
			if !p.Gone {
				return AttachIngestDialog(c, p.PaneID, p.X)
			}
			return nil
		}
	}
	return p.ResourceDetail.Update(c, msg)
}

// Help declares the keys of Update and the kit.
func (p *ingestDetailPane) Help(k *keymap.KeyMap) keymap.Help {
	h := k.DetailHelp(keymap.As(k.Copy, "copy stream key"), keymap.As(k.Reveal, "reveal/mask stream key"),
		k.Attach, keymap.As(k.Delete, "delete (force)"))
	h.Panes = append(h.Panes, k.Tags)
	return h
}

// IngestServer is the URL an encoder publishes to, stream key excluded:
// rtmps://<host of the stage's RTMPS endpoint>:443/app/ for RTMPS, and the
// stage's RTMP endpoint for RTMP. ok is false while the stage is unknown.
func IngestServer(protocol string, ep service.StageEndpoints) (string, bool) {
	raw := ep.RTMPS
	if protocol == ProtocolRTMP {
		raw = ep.RTMP
	}
	u, err := url.Parse(raw)
	if raw == "" || err != nil || u.Hostname() == "" {
		return "", false
	}
	if protocol == ProtocolRTMP {
		path := u.Path
		if !strings.HasPrefix(path, "/app") {
			path = "/app/"
		}
		if !strings.HasSuffix(path, "/") {
			path += "/"
		}
		return "rtmp://" + u.Host + path, true
	}
	return "rtmps://" + u.Hostname() + ":443/app/", true
}

// ffmpegCommand publishes a file as IVS takes it: H.264 without B-frames,
// AAC, over FLV.
func ffmpegCommand(target string) string {
	return `ffmpeg -re -i input.mp4 -c:v libx264 -bf 0 -g 60 -b:v 2500k -c:a aac -b:a 160k -ar 48000 -f flv "` + target + `"`
}

func (p *ingestDetailPane) fields(c *kit.Context, x service.IngestConfiguration) []ui.Field {
	s := c.Styles
	key := s.Muted.Render("loading…")
	if !x.StreamKey.IsZero() {
		key = x.StreamKey.Masked() + s.Muted.Render("  (v reveals, y copies)")
		if p.revealed {
			key = ui.Sanitize(x.StreamKey.Reveal())
		}
	}
	stage := s.Muted.Render("none: a attaches it to a stage")
	if x.StageARN != "" {
		stage = ui.Sanitize(c.StageName(x.StageARN)) + "  " + s.Muted.Render(x.StageARN)
	}
	var fields []ui.Field
	if !p.Gone {
		fields = append(fields, ui.Field{Label: "State", Value: s.IngestState(x.State)})
	}
	fields = append(fields,
		ui.Field{Label: "Protocol", Value: x.Protocol},
		ui.Field{Label: "Stage", Value: stage},
		ui.Field{Label: "Participant", Value: x.ParticipantID},
		ui.Field{Label: "User id", Value: ui.Sanitize(x.UserID)},
		ui.Field{Label: "Attributes", Value: ui.Sanitize(kit.TagText(x.Attributes))},
		ui.Field{Label: "Tags", Value: ui.Sanitize(kit.TagText(x.Tags))},
		ui.Field{Label: "Stream key", Value: key},
	)
	return append(fields, p.encoderFields(c)...)
}

// encoderFields say how to set up OBS and ffmpeg; the stream key in them is
// masked like the key itself.
func (p *ingestDetailPane) encoderFields(c *kit.Context) []ui.Field {
	s, x := c.Styles, p.X
	switch {
	case x.StageARN == "":
		return []ui.Field{{Label: "Encoder", Value: s.Muted.Render("attach it to a stage (a) for the server URL")}}
	case p.stageErr != nil && p.stage.ARN != x.StageARN:
		return []ui.Field{{Label: "Encoder", Value: s.FormError.Render("cannot read the stage's endpoints: " + kit.ErrorSentence(p.stageErr))}}
	}
	server, ok := IngestServer(x.Protocol, p.stage.Endpoints)
	if !ok || p.stage.ARN != x.StageARN || x.StreamKey.IsZero() {
		return []ui.Field{{Label: "Encoder", Value: s.Muted.Render("loading the stage's endpoints…")}}
	}
	key := x.StreamKey.Masked()
	if p.revealed {
		key = x.StreamKey.Reveal()
	}
	server, key = ui.Sanitize(server), ui.Sanitize(key)
	return []ui.Field{
		{Label: "OBS", Value: s.Muted.Render("Settings → Stream → Service: Custom…")},
		{Label: "Server", Value: server},
		{Label: "Stream Key", Value: key},
		{Label: "ffmpeg", Value: ffmpegCommand(server + key)},
	}
}
