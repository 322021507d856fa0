package model

import (
	"context"
	"fmt"
	"sort"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/watch"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/ui"
)

// sessionsPane lists the sessions of one stage, the live one first.
type sessionsPane struct {
	basePane
	stage service.Stage
	list  list[service.Session]
	known map[string]service.Session
}

func newSessionsPane(c *Context, stage service.Stage) *sessionsPane {
	p := &sessionsPane{stage: stage, known: map[string]service.Session{}}
	p.id = c.nextPaneID()
	p.list = newList(
		func(s service.Session) string { return s.ID },
		func(s service.Session) string { return s.ID },
	)
	return p
}

func (p *sessionsPane) Kind() string  { return "sessions" }
func (p *sessionsPane) Crumb() string { return displayName(p.stage.Name) }

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

func (p *sessionsPane) Init(c *Context) tea.Cmd {
	p.load.loading = true
	return p.page(c, "", true)
}

func (p *sessionsPane) Refresh(c *Context) tea.Cmd { return p.page(c, "", false) }

func (p *sessionsPane) page(c *Context, token string, force bool) tea.Cmd {
	req := p.reqs.begin(c, "sessions", force)
	if req == 0 {
		return nil
	}
	client, arn := c.Client, p.stage.ARN
	return fetch(c, p.id, "sessions", req, func(ctx context.Context) (service.Page[service.Session], error) {
		return client.ListStageSessions(ctx, arn, service.PageRequest{Token: token, Max: ivs.MaxPageSize})
	})
}

func (p *sessionsPane) Update(c *Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case fetched[service.Page[service.Session]]:
		if !p.reqs.done("sessions", msg.Req) {
			return nil
		}
		if msg.Err != nil {
			p.load.fail(msg.Err, msg.At)
			return nil
		}
		for _, s := range msg.Val.Items {
			p.known[s.ID] = s
		}
		p.show()
		// Every cycle reads every page: IVS keeps a bounded history, and the
		// order of pages is not documented, so the live session may be on
		// any of them.
		if msg.Val.NextToken != "" {
			p.load.progress = fmt.Sprintf("listed %d sessions, more coming", len(p.known))
			if !c.onTop(p.id) {
				return nil // covered: the cycle that starts when it shows reads every page
			}
			return p.page(c, msg.Val.NextToken, true)
		}
		p.load.progress = ""
		p.load.ok(msg.At)
		return nil
	case tea.KeyPressMsg:
		if p.list.move(c, msg) {
			return nil
		}
		if key.Matches(msg, c.Keys.Create) { // a composition of this stage
			if c.ReadOnly {
				return readOnlyFlash("starting compositions")
			}
			return send(openDialogMsg{newCompositionForm(c, p.id, p.stage.ARN)})
		}
		sel, ok := p.list.selected()
		if !ok {
			return nil
		}
		switch {
		case key.Matches(msg, c.Keys.Open):
			return send(pushPaneMsg{newParticipantsPane(c, p.stage, sel)})
		case key.Matches(msg, c.Keys.Copy):
			return copyValue(sel.ID, "session id")
		case key.Matches(msg, c.Keys.SessionTimeline):
			return send(pushPaneMsg{newTimelinePane(c, p.stage, sel)})
		}
	}
	return nil
}

// show orders sessions live first, then newest first.
func (p *sessionsPane) show() {
	all := make([]service.Session, 0, len(p.known))
	for _, s := range p.known {
		all = append(all, s)
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].Live() != all[j].Live() {
			return all[i].Live()
		}
		return all[i].Start.After(all[j].Start)
	})
	p.list.set(all)
}

func (p *sessionsPane) CurrentStage() (service.Stage, bool) { return p.stage, true }
func (p *sessionsPane) SetFilter(f string)                  { p.list.setFilter(f) }
func (p *sessionsPane) Filter() string                      { return p.list.filter }

var sessionColumns = []ui.Column{
	{Title: "SESSION", Width: 18},
	{Title: "", Width: 8},
	{Title: "START", MinWidth: 12, Flex: 2},
	{Title: "END", MinWidth: 12, Flex: 2},
	{Title: "DURATION", Width: 10, Align: ui.AlignRight},
}

func (p *sessionsPane) View(c *Context, w, h int) string {
	s, now := c.Styles, c.now()
	live := 0
	for _, x := range p.list.items {
		if x.Live() {
			live++
		}
	}
	title := ui.Header(s, "Sessions of "+ui.Sanitize(displayName(p.stage.Name)), ui.Counted(len(p.list.items), "session")+fmt.Sprintf(" · %d live", live), w)
	p.list.layout(h - 1)
	empty := "no sessions yet: a session begins when the first participant joins"
	if len(p.list.items) == 0 {
		empty = emptyText(&p.load, "loading sessions…", empty)
	}
	table := ui.RenderTable(s, sessionColumns, ui.WithEmpty(p.list.source(func(x service.Session, col int) string {
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
	}), empty), p.list.table, w, h-1)
	return title + "\n" + table
}
