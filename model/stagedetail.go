package model

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// stageDetailPane shows one stage: ARN, endpoints, auto participant
// recording and tags.
type stageDetailPane struct {
	*resourceDetail[service.Stage]
	loaded  bool
	deleted bool // DeleteStage was confirmed: its success goes back
}

func newStageDetailPane(c *Context, stage service.Stage) *stageDetailPane {
	p := &stageDetailPane{}
	p.resourceDetail = newResourceDetail(c, &detailSpec[service.Stage]{
		kind:      keymap.PaneStageDetail,
		crumb:     func(x service.Stage) string { return displayName(x.Name) + " (detail)" },
		arn:       func(x service.Stage) string { return x.ARN },
		name:      func(x service.Stage) string { return x.Name },
		what:      func(x service.Stage) string { return "stage " + displayName(x.Name) },
		copyWhat:  "stage ARN",
		fetchKind: "stage",
		get: func(client *service.Client, arn string) func(ctx context.Context) (service.Stage, error) {
			return func(ctx context.Context) (service.Stage, error) {
				return client.GetStage(ctx, arn)
			}
		},
		notFound: func(x service.Stage) (service.Stage, bool) { return x, false }, // an error: the list says what happened
		loaded: func(*Context, service.Stage) tea.Cmd {
			p.loaded = true
			return nil
		},
		header: func(x service.Stage) (string, string) { return "Stage " + ui.Sanitize(displayName(x.Name)), x.ID },
		fields: stageFields,
	}, stage)
	return p
}

func (p *stageDetailPane) Update(c *Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
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
		if key.Matches(msg, c.Keys.Open) {
			return openRoute(route.Sessions{Stage: p.x})
		}
	}
	return p.resourceDetail.Update(c, msg)
}

// Help declares the keys of Update, mutate and the kit, and t (the root's).
func (p *stageDetailPane) Help(k *keymap.KeyMap) keymap.Help {
	h := k.DetailHelp(k.Copy, k.Token, keymap.As(k.Edit, "edit name & recording"),
		keymap.As(k.Create, "start composition"), keymap.As(k.Delete, "delete stage"))
	h.Nav = append(h.Nav, keymap.As(k.Open, "sessions"))
	h.Panes = append(h.Panes, k.Tags)
	return h
}

func (p *stageDetailPane) CurrentStage() (service.Stage, bool) { return p.x, true }

// stageFields follow the name and the ARN.
func stageFields(c *Context, st service.Stage) []ui.Field {
	s := c.Styles
	session := s.Muted.Render("idle")
	if st.ActiveSessionID != "" {
		session = s.LiveMarker(true) + " " + st.ActiveSessionID
	}
	rec := s.Muted.Render("off")
	if st.AutoRecording.Enabled() {
		rec = recordingText(st.AutoRecording)
	}
	return []ui.Field{
		{Label: "Session", Value: session},
		{Label: "Events", Value: ui.Sanitize(st.Endpoints.Events)},
		{Label: "WHIP", Value: ui.Sanitize(st.Endpoints.WHIP)},
		{Label: "RTMP", Value: ui.Sanitize(st.Endpoints.RTMP)},
		{Label: "RTMPS", Value: ui.Sanitize(st.Endpoints.RTMPS)},
		{Label: "Recording", Value: ui.Sanitize(rec)},
		{Label: "Tags", Value: ui.Sanitize(tagText(st.Tags))},
	}
}

// mutate handles the stage's changing keys: e edits the name and the
// recording, c starts a composition of the stage, ctrl+d deletes it.
func (p *stageDetailPane) mutate(c *Context, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := c.Keys
	if !key.Matches(msg, k.Edit, k.Create, k.Delete) {
		return nil, false
	}
	switch {
	case key.Matches(msg, k.Edit):
		if !p.loaded {
			return flash(flashInfo, "the stage is still loading (GetStage): try again in a moment"), true
		}
		return editStageDialog(c, p.id, p.x), true
	case key.Matches(msg, k.Create):
		return send(openDialogMsg{newCompositionForm(c, p.id, p.x.ARN)}), true
	}
	return deleteStageDialog(c, p.id, p.x, -1, false, func() { p.deleted = true }), true
}
