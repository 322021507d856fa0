package panes

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/model/watch"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/ui"
)

// sessionsPane lists the sessions of one stage, the live one first.
type sessionsPane struct {
	*kit.ResourceList[service.Session]
	stage  service.Stage
	health stageHealth // the stage's charts under the list
}

func NewSessionsPane(c *kit.Context, stage service.Stage) *sessionsPane {
	p := &sessionsPane{stage: stage, health: stageHealth{stageID: stage.ID}}
	p.ResourceList = kit.NewResourceList(c, &kit.ListSpec[service.Session]{
		Kind:     keymap.PaneSessions,
		OpenHelp: "participants", CreateHelp: "start composition",
		Crumb:     kit.DisplayName(stage.Name),
		Title:     "Sessions of " + ui.Sanitize(kit.DisplayName(stage.Name)),
		Noun:      "sessions",
		Columns:   sessionColumns,
		Cell:      sessionCell,
		ID:        func(s service.Session) string { return s.ID },
		Text:      func(s service.Session) string { return s.ID },
		FetchKind: "sessions",
		// IVS keeps a bounded history, and the order of pages is not
		// documented: the live session may be on any page.
		Page: func(c *kit.Context, token string) func(ctx context.Context) (service.Page[service.Session], error) {
			client, arn := c.Client, stage.ARN
			return func(ctx context.Context) (service.Page[service.Session], error) {
				return client.ListStageSessions(ctx, arn, service.PageRequest{Token: token, Max: 100})
			}
		},
		Less: func(a, b service.Session) bool { // live first, then newest first
			if a.Live() != b.Live() {
				return a.Live()
			}
			return a.Start.After(b.Start)
		},
		Summary: func(c *kit.Context, items []service.Session) string {
			live := 0
			for _, x := range items {
				if x.Live() {
					live++
				}
			}
			return ui.Counted(len(items), "session") + fmt.Sprintf(" · %d live", live)
		},
		Copy: func(s service.Session) (string, string) { return s.ID, "session id" },
		Open: func(_ *kit.Context, s service.Session) route.Route {
			return route.Participants{Stage: stage, Session: s}
		},
		EnterOnly: true,
		// c starts a composition of this stage.
		Create: func(c *kit.Context, pane kit.PaneID) kit.Dialog { return NewCompositionForm(c, pane, stage.ARN) },
		Empty:  "no sessions yet: a session begins when the first participant joins",
	})
	return p
}

// WatchTargets are the stage's live sessions.
func (p *sessionsPane) WatchTargets() []watch.Target {
	var out []watch.Target
	for _, s := range p.List.Items {
		if s.Live() {
			out = append(out, watch.Target{Stage: p.stage, Session: s.ID})
		}
	}
	return out
}

// Update adds s, the session's timeline, to the kit's keys.
func (p *sessionsPane) Update(c *kit.Context, msg tea.Msg) tea.Cmd {
	if p.health.Handle(c, &p.BasePane, msg) {
		return nil
	}
	if msg, ok := msg.(tea.KeyPressMsg); ok && key.Matches(msg, c.Keys.SessionTimeline) {
		if sel, ok := p.Selected(); ok {
			return kit.OpenRoute(route.Timeline{Stage: p.stage, Session: sel})
		}
		return kit.NothingSelected(c, msg, "sessions")
	}
	return p.ResourceList.Update(c, msg)
}

// Init and Refresh read the sessions and, once a minute, the stage's health.
func (p *sessionsPane) Init(c *kit.Context) tea.Cmd {
	return tea.Batch(p.ResourceList.Init(c), p.health.refresh(c, &p.BasePane))
}

func (p *sessionsPane) Refresh(c *kit.Context) tea.Cmd {
	return tea.Batch(p.ResourceList.Refresh(c), p.health.refresh(c, &p.BasePane))
}

// View draws the list and, under it, the stage's health charts.
func (p *sessionsPane) View(c *kit.Context, w, h int) string {
	hh := p.health.height(c, w, h)
	if hh == 0 || h-hh-1 < 4 {
		return p.ResourceList.View(c, w, h)
	}
	return p.ResourceList.View(c, w, h-hh-1) + "\n\n" + p.health.view(c, w, hh)
}

// Help adds t (handled by the root) and s to the kit's keys.
func (p *sessionsPane) Help(k *keymap.KeyMap) keymap.Help {
	h := p.KitHelp(k, k.Token)
	h.Panes = append(h.Panes, k.SessionTimeline)
	return h
}

// ConsoleTarget is the selected session's console page (the root's C).
func (p *sessionsPane) ConsoleTarget() (ivs.ConsoleTarget, bool) {
	sel, ok := p.List.Selected()
	return ivs.ConsoleTarget{StageARN: p.stage.ARN, SessionID: sel.ID}, ok
}

func (p *sessionsPane) CurrentStage() (service.Stage, bool) { return p.stage, true }

var sessionColumns = []ui.Column{
	{Title: "SESSION", Width: 18},
	{Title: "", Width: 8},
	{Title: "START", MinWidth: 12, Flex: 2},
	{Title: "END", MinWidth: 12, Flex: 2},
	{Title: "DURATION", Width: 10, Align: ui.AlignRight},
}

func sessionCell(c *kit.Context, x service.Session, col int) string {
	s, now := c.Styles, c.CurrentTime()
	switch col {
	case 0:
		return x.ID
	case 1:
		if x.Live() {
			return s.LiveMarker(true)
		}
		return s.Muted.Render("ended")
	case 2:
		return ui.TimeAge(x.Start, now)
	case 3:
		if x.Live() {
			return s.Muted.Render("—")
		}
		return ui.TimeAge(x.End, now)
	case 4:
		return ui.Duration(x.Duration(now))
	}
	return ""
}
