package model

import (
	"context"
	"net/url"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// ingestDetailPane shows one ingest configuration with its stream key
// (masked until v, copied with y) and what an encoder needs to publish:
// the server URL from its stage's endpoints, for OBS and as an ffmpeg
// command line.
type ingestDetailPane struct {
	basePane
	x        service.IngestConfiguration
	stage    service.Stage // x's stage, for its endpoints
	stageErr error
	revealed bool
	gone     bool
}

func newIngestDetailPane(c *Context, x service.IngestConfiguration) *ingestDetailPane {
	p := &ingestDetailPane{x: x}
	p.id = c.nextPaneID()
	return p
}

func (p *ingestDetailPane) Kind() string  { return string(keymap.PaneIngestDetail) }
func (p *ingestDetailPane) Crumb() string { return nameOr(p.x.Name, p.x.ARN) }

func (p *ingestDetailPane) Init(c *Context) tea.Cmd {
	p.load.loading = true
	return p.Refresh(c)
}

func (p *ingestDetailPane) Refresh(c *Context) tea.Cmd {
	if p.gone {
		return nil
	}
	req := p.reqs.start(c, "ingest")
	if req == 0 {
		return nil
	}
	client, arn := c.Client, p.x.ARN
	return fetch(c, p.id, "ingest", req, func(ctx context.Context) (service.IngestConfiguration, error) {
		return client.GetIngestConfiguration(ctx, arn)
	})
}

// fetchStage gets the endpoints of the stage the configuration is attached
// to, once per stage: they do not change.
func (p *ingestDetailPane) fetchStage(c *Context) tea.Cmd {
	if p.x.StageARN == "" || p.x.StageARN == p.stage.ARN {
		return nil
	}
	req := p.reqs.force(c, "stage")
	client, arn := c.Client, p.x.StageARN
	return fetch(c, p.id, "stage", req, func(ctx context.Context) (service.Stage, error) {
		return client.GetStage(ctx, arn)
	})
}

func (p *ingestDetailPane) Update(c *Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case fetched[service.IngestConfiguration]:
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
		return p.fetchStage(c)
	case fetched[service.Stage]:
		if !p.reqs.done(msg.Kind, msg.Req) {
			return nil
		}
		p.stageErr = msg.Err
		if msg.Err == nil {
			p.stage = msg.Val
			c.rememberStage(msg.Val)
		}
	case actionDoneMsg:
		return p.Refresh(c)
	case tea.KeyPressMsg:
		return p.key(c, msg)
	}
	return nil
}

func (p *ingestDetailPane) key(c *Context, msg tea.KeyPressMsg) tea.Cmd {
	k := c.Keys
	switch {
	case key.Matches(msg, k.Reveal):
		p.revealed = !p.revealed
	case key.Matches(msg, k.Copy):
		if p.x.StreamKey.IsZero() {
			return flash(flashInfo, "the stream key is still loading")
		}
		return copyValue(p.x.StreamKey.Reveal(), "stream key")
	case key.Matches(msg, k.Tags):
		return openTags(c, p.x.ARN, ingestWhat(p.x))
	case key.Matches(msg, k.Attach):
		if c.ReadOnly {
			return readOnlyFlash("attaching ingest configurations")
		}
		if !p.gone {
			return attachIngestDialog(c, p.id, p.x)
		}
	case key.Matches(msg, k.Delete):
		if c.ReadOnly {
			return readOnlyFlash("deleting ingest configurations")
		}
		if !p.gone {
			return deleteIngestDialog(c, p.id, p.x)
		}
	}
	return nil
}

// ingestServer is the URL an encoder publishes to, stream key excluded:
// rtmps://<host of the stage's RTMPS endpoint>:443/app/ for RTMPS, and the
// stage's RTMP endpoint for RTMP. ok is false while the stage is unknown.
func ingestServer(protocol string, ep service.StageEndpoints) (string, bool) {
	raw := ep.RTMPS
	if protocol == protocolRTMP {
		raw = ep.RTMP
	}
	u, err := url.Parse(raw)
	if raw == "" || err != nil || u.Hostname() == "" {
		return "", false
	}
	if protocol == protocolRTMP {
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

func (p *ingestDetailPane) View(c *Context, w, h int) string {
	s, x := c.Styles, p.x
	key := s.Muted.Render("loading…")
	if !x.StreamKey.IsZero() {
		key = x.StreamKey.Masked() + s.Muted.Render("  (v reveals, y copies)")
		if p.revealed {
			key = ui.Sanitize(x.StreamKey.Reveal())
		}
	}
	state := s.IngestState(x.State)
	if p.gone {
		state = s.Bad.Render("deleted")
	}
	stage := s.Muted.Render("none: a attaches it to a stage")
	if x.StageARN != "" {
		stage = ui.Sanitize(c.stageName(x.StageARN)) + "  " + s.Muted.Render(x.StageARN)
	}
	fields := []ui.Field{
		{Label: "Name", Value: ui.Sanitize(displayName(x.Name))},
		{Label: "ARN", Value: x.ARN},
		{Label: "State", Value: state},
		{Label: "Protocol", Value: x.Protocol},
		{Label: "Stage", Value: stage},
		{Label: "Participant", Value: x.ParticipantID},
		{Label: "User id", Value: ui.Sanitize(x.UserID)},
		{Label: "Attributes", Value: ui.Sanitize(tagText(x.Attributes))},
		{Label: "Tags", Value: ui.Sanitize(tagText(x.Tags))},
		{Label: "Stream key", Value: key},
	}
	fields = append(fields, p.encoderFields(c)...)
	title := ui.Header(s, "Ingest configuration "+displayName(x.Name), resourceID(x.ARN), w)
	return title + "\n" + ui.Fields(s, fields, w)
}

// encoderFields say how to set up OBS and ffmpeg; the stream key in them is
// masked like the key itself.
func (p *ingestDetailPane) encoderFields(c *Context) []ui.Field {
	s, x := c.Styles, p.x
	switch {
	case x.StageARN == "":
		return []ui.Field{{Label: "Encoder", Value: s.Muted.Render("attach it to a stage (a) for the server URL")}}
	case p.stageErr != nil && p.stage.ARN != x.StageARN:
		return []ui.Field{{Label: "Encoder", Value: s.FormError.Render("cannot read the stage's endpoints: " + errorSentence(p.stageErr))}}
	}
	server, ok := ingestServer(x.Protocol, p.stage.Endpoints)
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
