package model

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/model/watch"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// sessionsPane lists the sessions of one stage, the live one first.
type sessionsPane struct {
	*resourceList[service.Session]
	stage service.Stage
}

func newSessionsPane(c *Context, stage service.Stage) *sessionsPane {
	p := &sessionsPane{stage: stage}
	p.resourceList = newResourceList(c, &listSpec[service.Session]{
		kind:     keymap.PaneSessions,
		openHelp: "participants", createHelp: "start composition",
		crumb:     displayName(stage.Name),
		title:     "Sessions of " + ui.Sanitize(displayName(stage.Name)),
		noun:      "sessions",
		columns:   sessionColumns,
		cell:      sessionCell,
		id:        func(s service.Session) string { return s.ID },
		text:      func(s service.Session) string { return s.ID },
		fetchKind: "sessions",
		// IVS keeps a bounded history, and the order of pages is not
		// documented: the live session may be on any page.
		page: func(c *Context, token string) func(ctx context.Context) (service.Page[service.Session], error) {
			client, arn := c.Client, stage.ARN
			return func(ctx context.Context) (service.Page[service.Session], error) {
				return client.ListStageSessions(ctx, arn, service.PageRequest{Token: token, Max: 100})
			}
		},
		less: func(a, b service.Session) bool { // live first, then newest first
			if a.Live() != b.Live() {
				return a.Live()
			}
			return a.Start.After(b.Start)
		},
		summary: func(c *Context, items []service.Session) string {
			live := 0
			for _, x := range items {
				if x.Live() {
					live++
				}
			}
			return ui.Counted(len(items), "session") + fmt.Sprintf(" · %d live", live)
		},
		copy:      func(s service.Session) (string, string) { return s.ID, "session id" },
		open:      func(_ *Context, s service.Session) route.Route { return route.Participants{Stage: stage, Session: s} },
		enterOnly: true,
		// c starts a composition of this stage.
		create: func(c *Context, pane paneID) Dialog { return newCompositionForm(c, pane, stage.ARN) },
		empty:  "no sessions yet: a session begins when the first participant joins",
	})
	return p
}

// watchTargets are the stage's live sessions.
func (p *sessionsPane) watchTargets() []watch.Target {
	var out []watch.Target
	for _, s := range p.list.items {
		if s.Live() {
			out = append(out, watch.Target{Stage: p.stage, Session: s.ID})
		}
	}
	return out
}

// Update adds s, the session's timeline, to the kit's keys.
func (p *sessionsPane) Update(c *Context, msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(tea.KeyPressMsg); ok && key.Matches(msg, c.Keys.SessionTimeline) {
		if sel, ok := p.selected(); ok {
			return openRoute(route.Timeline{Stage: p.stage, Session: sel})
		}
		return nil
	}
	return p.resourceList.Update(c, msg)
}

// Help adds t (handled by the root) and s to the kit's keys.
func (p *sessionsPane) Help(k *keymap.KeyMap) keymap.Help {
	h := p.help(k, k.Token)
	h.Panes = append(h.Panes, k.SessionTimeline)
	return h
}

func (p *sessionsPane) CurrentStage() (service.Stage, bool) { return p.stage, true }

var sessionColumns = []ui.Column{
	{Title: "SESSION", Width: 18},
	{Title: "", Width: 8},
	{Title: "START", MinWidth: 12, Flex: 2},
	{Title: "END", MinWidth: 12, Flex: 2},
	{Title: "DURATION", Width: 10, Align: ui.AlignRight},
}

func sessionCell(c *Context, x service.Session, col int) string {
	s, now := c.Styles, c.now()
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
