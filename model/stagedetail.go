package model

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// stageDetailPane shows one stage: ARN, endpoints, auto participant
// recording and tags.
type stageDetailPane struct {
	basePane
	stage   service.Stage
	loaded  bool
	deleted bool // DeleteStage was confirmed: its success goes back
}

func newStageDetailPane(c *Context, stage service.Stage) *stageDetailPane {
	p := &stageDetailPane{stage: stage}
	p.id = c.nextPaneID()
	return p
}

func (p *stageDetailPane) Kind() string  { return "stage" }
func (p *stageDetailPane) Crumb() string { return displayName(p.stage.Name) + " (detail)" }

func (p *stageDetailPane) Init(c *Context) tea.Cmd {
	p.load.loading = true
	return p.Refresh(c)
}

func (p *stageDetailPane) Refresh(c *Context) tea.Cmd {
	req := p.reqs.start(c, "stage")
	if req == 0 {
		return nil
	}
	client, arn := c.Client, p.stage.ARN
	return fetch(c, p.id, "stage", req, func(ctx context.Context) (service.Stage, error) {
		return client.GetStage(ctx, arn)
	})
}

func (p *stageDetailPane) Update(c *Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case fetched[service.Stage]:
		if !p.reqs.done("stage", msg.Req) {
			return nil
		}
		if msg.Err != nil {
			p.load.fail(msg.Err, msg.At)
			return nil
		}
		p.stage, p.loaded = msg.Val, true
		p.load.ok(msg.At)
	case actionDoneMsg:
		if p.deleted && msg.err == nil {
			return send(popPaneMsg{})
		}
		p.deleted = false
		return p.Refresh(c)
	case tea.KeyPressMsg:
		if cmd, ok := p.mutate(c, msg); ok {
			return cmd
		}
		switch {
		case key.Matches(msg, c.Keys.Open):
			return send(pushPaneMsg{newSessionsPane(c, p.stage)})
		case key.Matches(msg, c.Keys.Copy):
			return copyValue(p.stage.ARN, "stage ARN")
		case key.Matches(msg, c.Keys.Tags):
			return openTags(c, p.stage.ARN, "stage "+displayName(p.stage.Name))
		}
	}
	return nil
}

func (p *stageDetailPane) CurrentStage() (service.Stage, bool) { return p.stage, true }

func (p *stageDetailPane) View(c *Context, w, h int) string {
	s, st := c.Styles, p.stage
	session := s.Muted.Render("idle")
	if st.ActiveSessionID != "" {
		session = s.LiveMarker(true) + " " + st.ActiveSessionID
	}
	rec := s.Muted.Render("off")
	if st.AutoRecording.Enabled() {
		rec = recordingText(st.AutoRecording)
	}
	fields := []ui.Field{
		{Label: "Name", Value: ui.Sanitize(displayName(st.Name))},
		{Label: "ARN", Value: st.ARN},
		{Label: "Session", Value: session},
		{Label: "Events", Value: ui.Sanitize(st.Endpoints.Events)},
		{Label: "WHIP", Value: ui.Sanitize(st.Endpoints.WHIP)},
		{Label: "RTMP", Value: ui.Sanitize(st.Endpoints.RTMP)},
		{Label: "RTMPS", Value: ui.Sanitize(st.Endpoints.RTMPS)},
		{Label: "Recording", Value: ui.Sanitize(rec)},
		{Label: "Tags", Value: ui.Sanitize(tagText(st.Tags))},
	}
	title := ui.Header(s, "Stage "+ui.Sanitize(displayName(st.Name)), st.ID, w)
	return title + "\n" + ui.Fields(s, fields, w)
}

// mutate handles the stage's changing keys: e edits the name and the
// recording, c starts a composition of the stage, ctrl+d deletes it.
func (p *stageDetailPane) mutate(c *Context, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := c.Keys
	if !key.Matches(msg, k.Edit, k.Create, k.Delete) {
		return nil, false
	}
	if c.ReadOnly {
		return readOnlyFlash("changing stages"), true
	}
	switch {
	case key.Matches(msg, k.Edit):
		if !p.loaded {
			return flash(flashInfo, "the stage is still loading (GetStage): try again in a moment"), true
		}
		return editStageDialog(c, p.id, p.stage), true
	case key.Matches(msg, k.Create):
		return send(openDialogMsg{newCompositionForm(c, p.id, p.stage.ARN)}), true
	}
	return deleteStageDialog(c, p.id, p.stage, -1, false, func() { p.deleted = true }), true
}
