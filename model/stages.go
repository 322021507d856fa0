package model

import (
	"context"
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/model/watch"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/ui"
)

// stageRow is a stage and what the dashboard learnt about its live session.
type stageRow struct {
	service.Stage
	live liveInfo
}

// liveInfo is a live session's vital signs, fetched per stage in the
// background: start time, who is connected, who publishes.
type liveInfo struct {
	sessionID  string
	start      time.Time
	connected  int
	connMore   bool // more than one page: "100+"
	publishing int
	fetchedAt  time.Time
	err        error
	// seen are the participants those calls listed, which the error
	// watcher learns from rather than list them again.
	seen []service.Participant
}

const stagePage = ivs.MaxPageSize

// stagesPane lists the account's stages. The list is paged progressively
// (the first page shows at once; 1,000 stages page in behind it) and each
// live stage on screen is enriched, one call at a time, with its session's
// age, connected participants and publishers.
type stagesPane struct {
	basePane
	list list[stageRow]

	// paging of the current refresh cycle
	cycle   []stageRow
	pages   int
	firstOK bool

	live     map[string]liveInfo // by stage ARN, kept across refreshes
	enriched string              // ARN in flight
	// paused is the next page of a cycle the pane stopped while covered;
	// Refresh resumes it when the pane is on top again.
	paused string
}

func newStagesPane(c *Context) *stagesPane {
	p := &stagesPane{live: map[string]liveInfo{}}
	p.id = c.nextPaneID()
	p.list = newList(
		func(r stageRow) string { return r.ARN },
		func(r stageRow) string { return r.Name + " " + r.ID + " " + tagText(r.Tags) },
	)
	return p
}

func (p *stagesPane) Kind() string  { return "stages" }
func (p *stagesPane) Crumb() string { return "stages" }

// watchTargets are the live sessions of the stages on screen.
func (p *stagesPane) watchTargets() []watch.Target {
	var out []watch.Target
	first, last := p.list.window()
	for row := first; row < last; row++ {
		r := p.list.at(row)
		if r.ActiveSessionID != "" {
			out = append(out, watch.Target{Stage: r.Stage, Session: r.ActiveSessionID})
		}
	}
	return out
}

// listedParticipants are the connected participants and publishers a live
// stage's figures listed (read before Update: enriched names the stage).
func (p *stagesPane) listedParticipants(msg any) (watch.Listing, bool) {
	m, ok := msg.(fetched[liveInfo])
	if !ok || m.Err != nil {
		return watch.Listing{}, false
	}
	return watch.Listing{Stage: service.Stage{ARN: p.enriched}, Session: m.Val.sessionID, Participants: m.Val.seen, At: m.At}, true
}

func (p *stagesPane) Init(c *Context) tea.Cmd {
	p.load.loading = true
	return p.listPage(c, "", true)
}

func (p *stagesPane) Refresh(c *Context) tea.Cmd {
	if p.reqs.inFlight["stages"] {
		return nil // a cycle is still paging: let it finish
	}
	if token := p.paused; token != "" {
		p.paused = ""
		return tea.Batch(p.listPage(c, token, true), p.enrichNext(c))
	}
	return tea.Batch(p.listPage(c, "", false), p.enrichNext(c))
}

func (p *stagesPane) listPage(c *Context, token string, force bool) tea.Cmd {
	req := p.reqs.begin(c, "stages", force)
	if req == 0 {
		return nil
	}
	if token == "" {
		p.cycle, p.pages, p.paused = nil, 0, ""
	}
	client := c.Client
	return fetch(c, p.id, "stages", req, func(ctx context.Context) (service.Page[service.Stage], error) {
		return client.ListStages(ctx, service.PageRequest{Token: token, Max: stagePage})
	})
}

// Help declares the keys of Update, and t (the root's).
func (p *stagesPane) Help(k *keymap.KeyMap) keymap.Help {
	h := k.ListHelp("sessions", "create stage", "delete stage", k.Token, keymap.As(k.Edit, "rename"))
	h.Panes = append(h.Panes, keymap.As(k.Details, "stage details"), k.Tags)
	return h
}

func (p *stagesPane) Update(c *Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case fetched[service.Page[service.Stage]]:
		if !p.reqs.done("stages", msg.Req) {
			return nil
		}
		if msg.Err != nil {
			p.load.fail(msg.Err, msg.At)
			return nil
		}
		return p.gotPage(c, msg)
	case fetched[liveInfo]:
		if !p.reqs.done("live", msg.Req) {
			return nil
		}
		info := msg.Val
		info.err = msg.Err
		info.fetchedAt = msg.At
		p.live[p.enriched] = info
		p.enriched = ""
		p.applyLive()
		return p.enrichNext(c)
	case actionDoneMsg:
		return p.listPage(c, "", true)
	case tea.KeyPressMsg:
		return p.key(c, msg)
	}
	return nil
}

func (p *stagesPane) gotPage(c *Context, msg fetched[service.Page[service.Stage]]) tea.Cmd {
	p.pages++
	for _, s := range msg.Val.Items {
		c.rememberStage(s)
		p.cycle = append(p.cycle, stageRow{Stage: s, live: p.live[s.ARN]})
	}
	more := msg.Val.NextToken != ""
	if !p.firstOK || !more {
		// The first load shows every page as it comes; later cycles swap
		// in the whole list at the end so rows do not flicker away.
		p.list.set(append([]stageRow(nil), p.cycle...))
	}
	if more {
		p.load.loading = true
		p.load.progress = fmt.Sprintf("listed %d stages (page %d), more coming", len(p.cycle), p.pages)
		if !c.onTop(p.id) {
			p.paused = msg.Val.NextToken // covered: the next page waits for the pane to show
			return nil
		}
		return tea.Batch(p.listPage(c, msg.Val.NextToken, true), p.enrichNext(c))
	}
	p.firstOK = true
	p.load.progress = ""
	p.load.ok(msg.At)
	p.dropGone()
	return p.enrichNext(c)
}

// dropGone forgets live info of stages that no longer exist.
func (p *stagesPane) dropGone() {
	keep := make(map[string]bool, len(p.list.items))
	for _, r := range p.list.items {
		keep[r.ARN] = true
	}
	for arn := range p.live {
		if !keep[arn] {
			delete(p.live, arn)
		}
	}
}

func (p *stagesPane) applyLive() {
	for i := range p.list.items {
		p.list.items[i].live = p.live[p.list.items[i].ARN]
	}
}

// enrichNext fetches the vital signs of the live stage whose figures are
// oldest, among the visible rows only, one stage at a time and as
// background calls, so this work never crowds out what the user asked for;
// it stops while another pane covers this one (Refresh starts it again).
func (p *stagesPane) enrichNext(c *Context) tea.Cmd {
	if p.enriched != "" || !c.onTop(p.id) {
		return nil // one at a time, and only while the figures are on screen
	}
	now := c.now()
	var best *stageRow
	bestAge := time.Duration(-1)
	first, last := p.list.window()
	for row := first; row < last; row++ {
		r := p.list.at(row)
		if r.ActiveSessionID == "" {
			continue
		}
		info := p.live[r.ARN]
		if info.sessionID == r.ActiveSessionID && now.Sub(info.fetchedAt) < c.Interval {
			continue // fresh enough
		}
		age := now.Sub(info.fetchedAt)
		if info.sessionID != r.ActiveSessionID {
			age = 1 << 62 // never fetched for this session: first
		}
		if age > bestAge {
			rr := r
			best, bestAge = &rr, age
		}
	}
	if best == nil {
		return nil
	}
	req := p.reqs.force(c, "live")
	p.enriched = best.ARN
	client, arn, sid := c.Client, best.ARN, best.ActiveSessionID
	return fetch(c, p.id, "live", req, func(ctx context.Context) (liveInfo, error) {
		return fetchLive(ctx, client, arn, sid)
	}, inBackground)
}

// fetchLive costs three calls: the session, the first page of connected
// participants, and the publishers.
func fetchLive(ctx context.Context, client *service.Client, arn, sid string) (liveInfo, error) {
	info := liveInfo{sessionID: sid}
	sess, err := client.GetStageSession(ctx, arn, sid)
	if err != nil {
		return info, err
	}
	info.start = sess.Start
	conn, err := client.ListParticipants(ctx, arn, sid, service.ParticipantFilter{State: service.StateConnected}, service.PageRequest{Max: ivs.MaxPageSize})
	if err != nil {
		return info, err
	}
	info.connected, info.connMore = len(conn.Items), conn.NextToken != ""
	info.seen = conn.Items
	yes := true
	pubs, err := client.ListParticipants(ctx, arn, sid, service.ParticipantFilter{Published: &yes}, service.PageRequest{Max: ivs.MaxPageSize})
	if err != nil {
		return info, err
	}
	// The two listings are a moment apart: a publisher who joined between
	// them counts as connected too, so PUB never exceeds CONNECTED.
	connected := make(map[string]bool, len(conn.Items))
	for _, pp := range conn.Items {
		connected[pp.ID] = true
	}
	for _, pp := range pubs.Items {
		if pp.Connected() {
			info.publishing++
			connected[pp.ID] = true
		}
	}
	info.connected = len(connected)
	info.seen = append(info.seen, pubs.Items...)
	return info, nil
}

func (p *stagesPane) key(c *Context, msg tea.KeyPressMsg) tea.Cmd {
	if p.list.move(c, msg) {
		return p.enrichNext(c)
	}
	k := c.Keys
	if key.Matches(msg, k.Create) {
		return send(openDialogMsg{newStageForm(c, p.id)})
	}
	sel, ok := p.list.selected()
	if !ok {
		return nil
	}
	switch {
	case key.Matches(msg, k.Edit), key.Matches(msg, k.Delete):
		if key.Matches(msg, k.Edit) {
			return renameStageDialog(c, p.id, sel.Stage)
		}
		connected := -1 // unknown until the live figures are in
		if sel.live.sessionID != "" && sel.live.sessionID == sel.ActiveSessionID && sel.live.err == nil {
			connected = sel.live.connected
		}
		return deleteStageDialog(c, p.id, sel.Stage, connected, sel.live.connMore, nil)
	case key.Matches(msg, k.Open):
		return openRoute(route.Sessions{Stage: sel.Stage})
	case key.Matches(msg, k.Details):
		return openRoute(route.Stage{Stage: sel.Stage})
	case key.Matches(msg, k.Copy):
		return copyValue(sel.ARN, "stage ARN")
	case key.Matches(msg, k.Tags):
		return openTags(c, sel.ARN, "stage "+displayName(sel.Name))
	}
	return nil
}

func (p *stagesPane) CurrentStage() (service.Stage, bool) {
	sel, ok := p.list.selected()
	return sel.Stage, ok
}

func (p *stagesPane) SetFilter(f string) { p.list.setFilter(f) }
func (p *stagesPane) Filter() string     { return p.list.filter }

var stageColumns = []ui.Column{
	{Title: "NAME", MinWidth: 12, Flex: 3},
	{Title: "ID", MinWidth: 12, Width: 12},
	{Title: "SESSION", MinWidth: 16, Flex: 2},
	{Title: "CONNECTED", Width: 9, Align: ui.AlignRight},
	{Title: "PUB", Width: 4, Align: ui.AlignRight},
	{Title: "ERRORS", Width: 7, Align: ui.AlignRight},
	{Title: "TAGS", MinWidth: 8, Flex: 2},
}

func (p *stagesPane) View(c *Context, w, h int) string {
	s := c.Styles
	now := c.now()
	title := ui.Header(s, "Stages", p.summary()+coverageNote(c.watch.Coverage()), w)
	p.list.layout(h - 1)
	empty := "no stages in this account and region: c creates one"
	if c.ReadOnly {
		empty = "no stages in this account and region"
	}
	if len(p.list.items) == 0 {
		empty = emptyText(&p.load, "loading stages…", empty)
	} else if p.list.filter != "" {
		empty = "no stage matches " + quoteUntrusted(p.list.filter)
	}
	table := ui.RenderTable(s, stageColumns, ui.WithEmpty(p.list.source(func(r stageRow, col int) string {
		switch col {
		case 0:
			return ui.Sanitize(displayName(r.Name))
		case 1:
			return r.ID
		case 2:
			if r.ActiveSessionID == "" {
				return s.Muted.Render("idle")
			}
			if r.live.sessionID == r.ActiveSessionID && !r.live.start.IsZero() {
				return s.LiveMarker(true) + " " + ui.Age(r.live.start, now)
			}
			return s.LiveMarker(true)
		case 3:
			if r.ActiveSessionID == "" || r.live.sessionID != r.ActiveSessionID {
				return s.Muted.Render("—")
			}
			n := fmt.Sprint(r.live.connected)
			if r.live.connMore {
				n += "+"
			}
			return n
		case 4:
			if r.ActiveSessionID == "" || r.live.sessionID != r.ActiveSessionID {
				return s.Muted.Render("—")
			}
			return fmt.Sprint(r.live.publishing)
		case 5:
			return errorCell(s, c.watch, r.ARN, now)
		case 6:
			return ui.Sanitize(tagText(r.Tags))
		}
		return ""
	}), empty), p.list.table, w, h-1)
	return title + "\n" + table
}

func (p *stagesPane) summary() string {
	live := 0
	for _, r := range p.list.items {
		if r.ActiveSessionID != "" {
			live++
		}
	}
	n := ui.Counted(len(p.list.items), "stage") + fmt.Sprintf(" · %d live", live)
	if p.list.filter != "" {
		n = fmt.Sprintf("%d of %s", p.list.len(), n)
	}
	return n
}
