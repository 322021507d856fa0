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
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/ui"
)

// participantFilters are the API's filters, cycled with `f` (the API takes
// one at a time). Filtering by user id has its own key, as it needs text.
var participantFilters = []struct {
	label  string
	filter func() service.ParticipantFilter
}{
	{"all", func() service.ParticipantFilter { return service.ParticipantFilter{} }},
	{"connected", func() service.ParticipantFilter { return service.ParticipantFilter{State: service.StateConnected} }},
	{"disconnected", func() service.ParticipantFilter { return service.ParticipantFilter{State: service.StateDisconnected} }},
	{"published", func() service.ParticipantFilter { yes := true; return service.ParticipantFilter{Published: &yes} }},
	{"recording active", func() service.ParticipantFilter { return service.ParticipantFilter{RecordingState: "ACTIVE"} }},
	{"recording failed", func() service.ParticipantFilter { return service.ParticipantFilter{RecordingState: "FAILED"} }},
	{"recording stopped", func() service.ParticipantFilter { return service.ParticipantFilter{RecordingState: "STOPPED"} }},
}

const participantPage = ivs.MaxPageSize

// participantsPane lists the participants of a session. The publishers come
// first (one filtered call), then the whole list pages in behind them with a
// running count; once listed, polls read the publishers, the tail of the
// list (new joiners land there) and one more page of a rolling rescan, so a
// 10,000-participant session costs a few calls per interval, not a hundred.
type participantsPane struct {
	basePane
	stage   service.Stage
	session service.Session

	list  list[service.Participant]
	index map[string]int // participant id -> position in list.items

	filterIdx int
	userID    string // API filter by user id, when set

	// paging
	scanToken  string // next page of a scan paused while the pane was covered
	scanning   bool
	pages      int
	complete   bool   // the list has been read to its end at least once
	tailToken  string // token of the last page, re-read to find new joiners
	rescanNext string // rolling rescan position

	// The header's counts, kept as items merge so a render does not loop
	// over 10,000 participants.
	connected, published int
}

func newParticipantsPane(c *Context, stage service.Stage, session service.Session) *participantsPane {
	p := &participantsPane{stage: stage, session: session, index: map[string]int{}}
	p.id = c.nextPaneID()
	p.list = newList(
		func(x service.Participant) string { return x.ID },
		func(x service.Participant) string { return x.UserID + " " + x.ID + " " + x.State },
	)
	return p
}

func (p *participantsPane) Kind() string  { return "participants" }
func (p *participantsPane) Crumb() string { return p.session.ID }

// watchTargets: the session is open; unfiltered, the pane's polls read its
// whole list, which the watcher shares rather than list it too.
func (p *participantsPane) watchTargets() []watch.Target {
	return []watch.Target{{Stage: p.stage, Session: p.session.ID, Opened: true, Lists: p.apiFilter() == (service.ParticipantFilter{})}}
}

// listedParticipants are the participants a result listed; a scan's or
// the tail's last page of the unfiltered list completes the whole list.
func (p *participantsPane) listedParticipants(msg any) (watch.Listing, bool) {
	l := watch.Listing{Stage: p.stage, Session: p.session.ID, Opened: true}
	switch m := msg.(type) {
	case fetched[pagedFrom]:
		l.Participants, l.At, l.Last = m.Val.Items, m.At, m.Val.From
		l.Whole = p.apiFilter() == (service.ParticipantFilter{}) && m.Val.NextToken == "" && (m.Kind == "scan" || m.Kind == "tail")
		return l, m.Err == nil
	case fetched[[]service.Participant]:
		l.Participants, l.At = m.Val, m.At
		return l, m.Err == nil
	}
	return l, false
}

func (p *participantsPane) apiFilter() service.ParticipantFilter {
	if p.userID != "" {
		return service.ParticipantFilter{UserID: p.userID}
	}
	return participantFilters[p.filterIdx].filter()
}

func (p *participantsPane) filterLabel() string {
	if p.userID != "" {
		return "user id " + quoteUntrusted(p.userID)
	}
	return participantFilters[p.filterIdx].label
}

// Init reads the publishers first (one filtered call: who matters most in a
// big session), then the whole list pages in behind them. In sequence, so
// the publishers' call never queues behind the scan's first page.
func (p *participantsPane) Init(c *Context) tea.Cmd {
	p.load.loading = true
	if p.filterIdx == 0 && p.userID == "" {
		pubs := p.publishers(c)
		return tea.Sequence(pubs, p.startScan(c))
	}
	return p.startScan(c)
}

// reset forgets the list, for a new API filter.
func (p *participantsPane) reset(c *Context) tea.Cmd {
	p.list.set(nil)
	p.index = map[string]int{}
	p.connected, p.published = 0, 0
	p.complete, p.tailToken, p.rescanNext, p.scanToken = false, "", "", ""
	return p.Init(c)
}

func (p *participantsPane) publishers(c *Context) tea.Cmd {
	client, arn, sid := c.Client, p.stage.ARN, p.session.ID
	yes := true
	return fetchFor(c, &p.basePane, "publishers", false, func(ctx context.Context) ([]service.Participant, error) {
		return client.AllParticipants(ctx, arn, sid, service.ParticipantFilter{Published: &yes})
	})
}

func (p *participantsPane) startScan(c *Context) tea.Cmd {
	p.scanning, p.pages, p.scanToken = true, 0, ""
	return p.page(c, "scan", "")
}

func (p *participantsPane) page(c *Context, kind, token string) tea.Cmd {
	client, arn, sid, f := c.Client, p.stage.ARN, p.session.ID, p.apiFilter()
	return fetchFor(c, &p.basePane, kind, true, func(ctx context.Context) (pagedFrom, error) {
		pg, err := client.ListParticipants(ctx, arn, sid, f, service.PageRequest{Token: token, Max: participantPage})
		return pagedFrom{Page: pg, From: token}, err
	})
}

// pagedFrom is a page and the token that asked for it: re-reading the last
// page from its token finds new joiners without reading the whole list.
type pagedFrom struct {
	service.Page[service.Participant]
	From string
}

func (p *participantsPane) Refresh(c *Context) tea.Cmd {
	if p.scanning && p.scanToken != "" && !p.reqs.inFlight["scan"] {
		// Shown again: the scan goes on from where it stopped.
		token := p.scanToken
		p.scanToken = ""
		return p.page(c, "scan", token)
	}
	if p.scanning {
		return nil // the first listing is still paging in
	}
	var cmds []tea.Cmd
	if p.filterIdx == 0 && p.userID == "" {
		cmds = append(cmds, p.publishers(c))
	}
	if p.pages <= 3 {
		// A small session: read it all again.
		cmds = append(cmds, p.startScan(c))
		return tea.Batch(cmds...)
	}
	if !p.reqs.inFlight["tail"] {
		cmds = append(cmds, p.page(c, "tail", p.tailToken))
	}
	if !p.reqs.inFlight["rescan"] {
		cmds = append(cmds, p.page(c, "rescan", p.rescanNext))
	}
	return tea.Batch(cmds...)
}

// Help declares the keys of Update, and t (the root's).
func (p *participantsPane) Help(k *keymap.KeyMap) keymap.Help {
	h := k.ListHelp("details & events", "", "disconnect", k.FilterCycle, k.FilterUser, k.Token)
	h.Panes = append(h.Panes, k.Details, k.SessionTimeline)
	return h
}

func (p *participantsPane) Update(c *Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case fetched[[]service.Participant]:
		if !p.reqs.done(msg.Kind, msg.Req) {
			return nil
		}
		if msg.Err != nil {
			p.load.fail(msg.Err, msg.At)
			return nil
		}
		p.merge(msg.Val)
		if p.complete {
			p.load.ok(msg.At)
		}
		return nil
	case fetched[pagedFrom]:
		if !p.reqs.done(msg.Kind, msg.Req) {
			return nil
		}
		if msg.Err != nil {
			p.load.fail(msg.Err, msg.At)
			if msg.Kind == "scan" {
				p.scanning = false
			}
			return nil
		}
		return p.gotPage(c, msg)
	case fetched[service.Participant]:
		if !p.reqs.done(msg.Kind, msg.Req) {
			return nil
		}
		if msg.Err == nil {
			p.merge([]service.Participant{msg.Val})
		}
		return nil
	case userFilterMsg:
		p.userID = string(msg)
		p.filterIdx = 0
		return p.reset(c)
	case actionDoneMsg:
		// A disconnect: read that participant again so its state updates now.
		if sel, ok := p.list.selected(); ok && msg.err == nil {
			return p.reread(c, sel.ID)
		}
		return nil
	case tea.KeyPressMsg:
		return p.key(c, msg)
	}
	return nil
}

func (p *participantsPane) reread(c *Context, id string) tea.Cmd {
	client, arn, sid := c.Client, p.stage.ARN, p.session.ID
	return fetchFor(c, &p.basePane, "one", true, func(ctx context.Context) (service.Participant, error) {
		return client.GetParticipant(ctx, arn, sid, id)
	})
}

func (p *participantsPane) gotPage(c *Context, msg fetched[pagedFrom]) tea.Cmd {
	pg := msg.Val
	p.merge(pg.Items)
	switch msg.Kind {
	case "scan":
		p.pages++
		if pg.NextToken != "" {
			// The API has no count: say what has been listed and that more come.
			p.load.progress = fmt.Sprintf("listed %s so far (page %d of ?)", ui.Count(len(p.list.items)), p.pages)
			if !c.onTop(p.id) {
				p.scanToken = pg.NextToken // covered: Refresh resumes it
				return nil
			}
			return p.page(c, "scan", pg.NextToken)
		}
		p.scanning, p.complete = false, true
		p.tailToken = pg.From
		p.load.progress = ""
		p.load.ok(msg.At)
	case "tail":
		if pg.NextToken != "" {
			// New joiners filled the last page: follow them.
			p.pages++
			p.tailToken = pg.NextToken
			if !c.onTop(p.id) {
				return nil // covered: the next poll goes on from there
			}
			return p.page(c, "tail", pg.NextToken)
		}
		p.tailToken = pg.From
		p.load.ok(msg.At)
	case "rescan":
		p.rescanNext = pg.NextToken
		p.load.ok(msg.At)
	}
	return nil
}

// merge adds new participants at the end and updates known ones in place.
func (p *participantsPane) merge(items []service.Participant) {
	var added []service.Participant
	for _, it := range items {
		if i, ok := p.index[it.ID]; ok && i >= len(p.list.items) {
			// Twice in one answer (a page that shifted): the later wins.
			j := i - len(p.list.items)
			p.count(added[j], -1)
			p.count(it, 1)
			added[j] = it
			continue
		} else if ok {
			// GetParticipant details survive a summary-only update.
			old := p.list.items[i]
			if it.Attributes == nil && old.Attributes != nil {
				it = withDetails(it, old)
			}
			p.count(old, -1)
			p.count(it, 1)
			p.list.replaceAt(i, it)
			continue
		}
		p.index[it.ID] = len(p.list.items) + len(added)
		p.count(it, 1)
		added = append(added, it)
	}
	p.list.append(added...)
}

func withDetails(summary, detail service.Participant) service.Participant {
	d := detail
	d.UserID, d.State, d.Published, d.RecordingState, d.FirstJoin = summary.UserID, summary.State, summary.Published, summary.RecordingState, summary.FirstJoin
	return d
}

func (p *participantsPane) key(c *Context, msg tea.KeyPressMsg) tea.Cmd {
	if p.list.move(c, msg) {
		return nil
	}
	k := c.Keys
	switch {
	case key.Matches(msg, k.FilterCycle):
		p.userID = ""
		p.filterIdx = (p.filterIdx + 1) % len(participantFilters)
		return tea.Batch(p.reset(c), flash(flashInfo, "showing participants: "+p.filterLabel()))
	case key.Matches(msg, k.SessionTimeline):
		return openRoute(route.Timeline{Stage: p.stage, Session: p.session})
	case key.Matches(msg, k.FilterUser):
		sel, _ := p.list.selected()
		return send(openDialogMsg{newInputDialog(c, "Filter by user id", "user id (exact; empty clears)", sel.UserID, service.MaxUserIDLength, func(v string) tea.Cmd {
			return send(paneMsg{to: p.id, msg: userFilterMsg(v)})
		})})
	}
	sel, ok := p.list.selected()
	if !ok {
		return nil
	}
	switch {
	case key.Matches(msg, k.Open):
		return openRoute(route.Participant{Stage: p.stage, Session: p.session, Participant: sel})
	case key.Matches(msg, k.Copy):
		return copyValue(sel.ID, "participant id")
	case key.Matches(msg, k.Delete):
		return disconnectDialog(c, p.id, p.stage, sel)
	}
	return nil
}

// userFilterMsg sets the API's user id filter.
type userFilterMsg string

func (p *participantsPane) CurrentStage() (service.Stage, bool) { return p.stage, true }
func (p *participantsPane) SetFilter(f string)                  { p.list.setFilter(f) }
func (p *participantsPane) Filter() string                      { return p.list.filter }

var participantColumns = []ui.Column{
	{Title: "USER ID", MinWidth: 10, Flex: 3},
	{Title: "PARTICIPANT", Width: 14},
	{Title: "STATE", Width: 14},
	{Title: "PUBLISHED", Width: 11},
	{Title: "RECORDING", Width: 11},
	{Title: "FIRST JOIN", MinWidth: 10, Flex: 2},
}

// count adds (d = 1) or removes (d = -1) a participant from the header's counts.
func (p *participantsPane) count(x service.Participant, d int) {
	if x.Connected() {
		p.connected += d
	}
	if x.Published {
		p.published += d
	}
}

func (p *participantsPane) counts() (connected, published int) { return p.connected, p.published }

func (p *participantsPane) View(c *Context, w, h int) string {
	s, now := c.Styles, c.now()
	conn, pub := p.counts()
	listed := ui.Count(len(p.list.items)) + " listed"
	if !p.complete {
		listed += " so far"
	}
	summary := fmt.Sprintf("%s · %s connected · %s published · filter: %s", listed, ui.Count(conn), ui.Count(pub), p.filterLabel())
	if p.list.filter != "" {
		summary = fmt.Sprintf("%s shown · %s", ui.Count(p.list.len()), summary)
	}
	title := ui.Header(s, "Participants of "+p.session.ID, summary, w)
	p.list.layout(h - 1)
	empty := "nobody matches the filter " + p.filterLabel()
	if len(p.list.items) == 0 {
		empty = emptyText(&p.load, "loading participants…", empty)
	} else if p.list.filter != "" {
		empty = "no participant matches " + quoteUntrusted(p.list.filter)
	}
	table := ui.RenderTable(s, participantColumns, ui.WithEmpty(p.list.source(func(x service.Participant, col int) string {
		switch col {
		case 0:
			return ui.Sanitize(x.UserID)
		case 1:
			return x.ID
		case 2:
			return s.StateBadge(x.State)
		case 3:
			if x.Published {
				return s.Published(true)
			}
			return s.Muted.Render("no")
		case 4:
			return s.RecordingState(x.RecordingState)
		case 5:
			return ui.TimeAge(x.FirstJoin, now)
		}
		return ""
	}), empty), p.list.table, w, h-1)
	return title + "\n" + table
}
