package panes

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// stageDetailPane shows one stage: ARN, endpoints, auto participant
// recording and tags.
type stageDetailPane struct {
	*kit.ResourceDetail[service.Stage]
	loaded  bool
	Deleted bool // DeleteStage was confirmed: its success goes back
	health  stageHealth
	metrics bool // CloudWatch is on: b opens the quality breakdown
}

func NewStageDetailPane(c *kit.Context, stage service.Stage) *stageDetailPane {
	p := &stageDetailPane{health: stageHealth{stageID: stage.ID}, metrics: c.Metrics != nil}
	p.ResourceDetail = kit.NewResourceDetail(c, &kit.DetailSpec[service.Stage]{
		Kind:      keymap.PaneStageDetail,
		Crumb:     func(x service.Stage) string { return kit.DisplayName(x.Name) + " (detail)" },
		ARN:       func(x service.Stage) string { return x.ARN },
		Name:      func(x service.Stage) string { return x.Name },
		What:      func(x service.Stage) string { return "stage " + kit.DisplayName(x.Name) },
		CopyWhat:  "stage ARN",
		FetchKind: "stage",
		Get: func(client *service.Client, arn string) func(ctx context.Context) (service.Stage, error) {
			return func(ctx context.Context) (service.Stage, error) {
				return client.GetStage(ctx, arn)
			}
		},
		NotFound: func(x service.Stage) (service.Stage, bool) { return x, false }, // an error: the list says what happened
		Loaded: func(*kit.Context, service.Stage) tea.Cmd {
			p.loaded = true
			return nil
		},
		Header:  func(x service.Stage) (string, string) { return "Stage " + ui.Sanitize(kit.DisplayName(x.Name)), x.ID },
		Fields:  stageFields,
		Console: stageConsole,
	}, stage)
	return p
}

func (p *stageDetailPane) Update(c *kit.Context, msg tea.Msg) tea.Cmd {
	if p.health.Handle(c, &p.BasePane, msg) {
		return nil
	}
	switch msg := msg.(type) {
	case kit.ActionDoneMsg:
		if p.Deleted && msg.Err == nil {
			return kit.Send(kit.PopPaneMsg{})
		}
		p.Deleted = false
		return p.Refresh(c)
	case tea.KeyPressMsg:
		if cmd, ok := p.mutate(c, msg); ok {
			return cmd
		}
		if key.Matches(msg, c.Keys.Open) {
			return kit.OpenRoute(route.Sessions{Stage: p.X})
		}
		if key.Matches(msg, c.Keys.Breakdown) && c.Metrics != nil {
			return kit.OpenRoute(route.Breakdown{Stage: p.X})
		}
	}
	return p.ResourceDetail.Update(c, msg)
}

// Help declares the keys of Update, mutate and the kit, and t (the root's).
func (p *stageDetailPane) Help(k *keymap.KeyMap) keymap.Help {
	h := k.DetailHelp(k.Copy, k.Token, keymap.As(k.Edit, "edit name & recording"),
		keymap.As(k.Create, "start composition"), keymap.As(k.Delete, "delete stage"))
	h.Nav = append(h.Nav, keymap.As(k.Open, "sessions"))
	h.Panes = append(h.Panes, k.Tags, k.Console)
	if p.metrics {
		h.Panes = append(h.Panes, k.Breakdown)
	}
	return h
}

// Init and Refresh read the stage and, once a minute, its health.
func (p *stageDetailPane) Init(c *kit.Context) tea.Cmd {
	return tea.Batch(p.ResourceDetail.Init(c), p.health.refresh(c, &p.BasePane))
}

func (p *stageDetailPane) Refresh(c *kit.Context) tea.Cmd {
	return tea.Batch(p.ResourceDetail.Refresh(c), p.health.refresh(c, &p.BasePane))
}

// View draws the detail and, under it, the stage's health charts.
func (p *stageDetailPane) View(c *kit.Context, w, h int) string {
	out := p.ResourceDetail.View(c, w, h)
	room := h - kit.Lines(out) - 1
	if hh := min(p.health.height(c, w, h), room); hh > 0 {
		out += "\n\n" + p.health.view(c, w, hh)
	}
	return out
}

func (p *stageDetailPane) CurrentStage() (service.Stage, bool) { return p.X, true }

// stageFields follow the name and the ARN.
func stageFields(c *kit.Context, st service.Stage) []ui.Field {
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
		{Label: "Tags", Value: ui.Sanitize(kit.TagText(st.Tags))},
	}
}

// mutate handles the stage's changing keys: e edits the name and the
// recording, c starts a composition of the stage, ctrl+d deletes it.
func (p *stageDetailPane) mutate(c *kit.Context, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := c.Keys
	if !key.Matches(msg, k.Edit, k.Create, k.Delete) {
		return nil, false
	}
	switch {
	case key.Matches(msg, k.Edit):
		if !p.loaded {
			return kit.Flash(kit.FlashInfo, "the stage is still loading (GetStage): try again in a moment"), true
		}
		return EditStageDialog(c, p.PaneID, p.X), true
	case key.Matches(msg, k.Create):
		return kit.Send(kit.OpenDialogMsg{Dialog: NewCompositionForm(c, p.PaneID, p.X.ARN)}), true
	}
	return deleteStageDialog(c, p.PaneID, p.X, -1, false, func() { p.Deleted = true }), true
}
