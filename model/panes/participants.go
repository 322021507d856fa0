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

const ParticipantPage = ivs.MaxPageSize

// ParticipantsPane lists the participants of a session. The publishers come
// first (one filtered call), then the whole list pages in behind them with a
// running count; once listed, polls read the publishers, the tail of the
// list (new joiners land there) and one more page of a rolling rescan, so a
// 10,000-participant session costs a few calls per interval, not a hundred.
type ParticipantsPane struct {
	kit.BasePane
	stage   service.Stage
	session service.Session

	List  kit.List[service.Participant]
	index map[string]int // participant id -> position in list.items

	filterIdx int
	userID    string // API filter by user id, when set

	// paging
	ScanToken  string // next page of a scan paused while the pane was covered
	Scanning   bool
	pages      int
	Complete   bool   // the list has been read to its end at least once
	tailToken  string // token of the last page, re-read to find new joiners
	rescanNext string // rolling rescan position

	// The header's counts, kept as items merge so a render does not loop
	// over 10,000 participants.
	Connected, Published int
}

func NewParticipantsPane(c *kit.Context, stage service.Stage, session service.Session) *ParticipantsPane {
	p := &ParticipantsPane{stage: stage, session: session, index: map[string]int{}}
	p.PaneID = c.NextPaneID()
	p.List = kit.NewList(
		func(x service.Participant) string { return x.ID },
		func(x service.Participant) string { return x.UserID + " " + x.ID + " " + x.State },
	)
	return p
}

func (p *ParticipantsPane) Kind() string  { return "participants" }
func (p *ParticipantsPane) Crumb() string { return p.session.ID }

// WatchTargets: the session is open; unfiltered, the pane's polls read its
// whole list, which the watcher shares rather than list it too.
func (p *ParticipantsPane) WatchTargets() []watch.Target {
	return []watch.Target{{Stage: p.stage, Session: p.session.ID, Opened: true, Lists: p.apiFilter() == (service.ParticipantFilter{})}}
}

// ListedParticipants are the participants a result listed; a scan's or
// the tail's last page of the unfiltered list completes the whole list.
func (p *ParticipantsPane) ListedParticipants(msg any) (watch.Listing, bool) {
	l := watch.Listing{Stage: p.stage, Session: p.session.ID, Opened: true}
	switch m := msg.(type) {
	case kit.Fetched[PagedFrom]:
		l.Participants, l.At, l.Last = m.Val.Items, m.At, m.Val.From
		l.Whole = p.apiFilter() == (service.ParticipantFilter{}) && m.Val.NextToken == "" && (m.Kind == "scan" || m.Kind == "tail")
		return l, m.Err == nil
	case kit.Fetched[[]service.Participant]:
		l.Participants, l.At = m.Val, m.At
		return l, m.Err == nil
	}
	return l, false
}

func (p *ParticipantsPane) apiFilter() service.ParticipantFilter {
	if p.userID != "" {
		return service.ParticipantFilter{UserID: p.userID}
	}
	return participantFilters[p.filterIdx].filter()
}

func (p *ParticipantsPane) filterLabel() string {
	if p.userID != "" {
		return "user id " + kit.QuoteUntrusted(p.userID)
	}
	return participantFilters[p.filterIdx].label
}

// Init reads the publishers first (one filtered call: who matters most in a
// big session), then the whole list pages in behind them. In sequence, so
// the publishers' call never queues behind the scan's first page.
func (p *ParticipantsPane) Init(c *kit.Context) tea.Cmd {
	p.LoadState.Loading = true
	if p.filterIdx == 0 && p.userID == "" {
		pubs := p.publishers(c)
		return tea.Sequence(pubs, p.startScan(c))
	}
	return p.startScan(c)
}

// reset forgets the list, for a new API filter.
func (p *ParticipantsPane) reset(c *kit.Context) tea.Cmd {
	p.List.Set(nil)
	p.index = map[string]int{}
	p.Connected, p.Published = 0, 0
	p.Complete, p.tailToken, p.rescanNext, p.ScanToken = false, "", "", ""
	return p.Init(c)
}

func (p *ParticipantsPane) publishers(c *kit.Context) tea.Cmd {
	client, arn, sid := c.Client, p.stage.ARN, p.session.ID
	yes := true
	return kit.FetchFor(c, &p.BasePane, "publishers", false, func(ctx context.Context) ([]service.Participant, error) {
		return client.AllParticipants(ctx, arn, sid, service.ParticipantFilter{Published: &yes})
	})
}

func (p *ParticipantsPane) startScan(c *kit.Context) tea.Cmd {
	p.Scanning, p.pages, p.ScanToken = true, 0, ""
	return p.page(c, "scan", "")
}

func (p *ParticipantsPane) page(c *kit.Context, kind, token string) tea.Cmd {
	client, arn, sid, f := c.Client, p.stage.ARN, p.session.ID, p.apiFilter()
	return kit.FetchFor(c, &p.BasePane, kind, true, func(ctx context.Context) (PagedFrom, error) {
		pg, err := client.ListParticipants(ctx, arn, sid, f, service.PageRequest{Token: token, Max: ParticipantPage})
		return PagedFrom{Page: pg, From: token}, err
	})
}

// PagedFrom is a page and the token that asked for it: re-reading the last
// page from its token finds new joiners without reading the whole list.
type PagedFrom struct {
	service.Page[service.Participant]
	From string
}

func (p *ParticipantsPane) Refresh(c *kit.Context) tea.Cmd {
	if p.Scanning && p.ScanToken != "" && !p.Reqs.InFlight["scan"] {
		// Shown again: the scan goes on from where it stopped.
		token := p.ScanToken
		p.ScanToken = ""
		return p.page(c, "scan", token)
	}
	if p.Scanning {
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
	if !p.Reqs.InFlight["tail"] {
		cmds = append(cmds, p.page(c, "tail", p.tailToken))
	}
	if !p.Reqs.InFlight["rescan"] {
		cmds = append(cmds, p.page(c, "rescan", p.rescanNext))
	}
	return tea.Batch(cmds...)
}

// Help declares the keys of Update, and t (the root's).
func (p *ParticipantsPane) Help(k *keymap.KeyMap) keymap.Help {
	h := k.ListHelp("details & events", "", "disconnect", k.FilterCycle, k.FilterUser, k.Token)
	h.Panes = append(h.Panes, k.Details, k.SessionTimeline)
	return h
}

func (p *ParticipantsPane) Update(c *kit.Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case kit.Fetched[[]service.Participant]:
		if !p.Reqs.Done(msg.Kind, msg.Req) {
			return nil
		}
		if msg.Err != nil {
			p.LoadState.Fail(msg.Err, msg.At)
			return nil
		}
		p.Merge(msg.Val)
		if p.Complete {
			p.LoadState.OK(msg.At)
		}
		return nil
	case kit.Fetched[PagedFrom]:
		if !p.Reqs.Done(msg.Kind, msg.Req) {
			return nil
		}
		if msg.Err != nil {
			p.LoadState.Fail(msg.Err, msg.At)
			if msg.Kind == "scan" {
				p.Scanning = false
			}
			return nil
		}
		return p.gotPage(c, msg)
	case kit.Fetched[service.Participant]:
		if !p.Reqs.Done(msg.Kind, msg.Req) {
			return nil
		}
		if msg.Err == nil {
			p.Merge([]service.Participant{msg.Val})
		}
		return nil
	case UserFilterMsg:
		p.userID = string(msg)
		p.filterIdx = 0
		return p.reset(c)
	case kit.ActionDoneMsg:
		// A disconnect: read that participant again so its state updates now.
		if sel, ok := p.List.Selected(); ok && msg.Err == nil {
			return p.reread(c, sel.ID)
		}
		return nil
	case tea.KeyPressMsg:
		return p.key(c, msg)
	}
	return nil
}

func (p *ParticipantsPane) reread(c *kit.Context, id string) tea.Cmd {
	client, arn, sid := c.Client, p.stage.ARN, p.session.ID
	return kit.FetchFor(c, &p.BasePane, "one", true, func(ctx context.Context) (service.Participant, error) {
		return client.GetParticipant(ctx, arn, sid, id)
	})
}

func (p *ParticipantsPane) gotPage(c *kit.Context, msg kit.Fetched[PagedFrom]) tea.Cmd {
	pg := msg.Val
	p.Merge(pg.Items)
	switch msg.Kind {
	case "scan":
		p.pages++
		if pg.NextToken != "" {
			// The API has no count: say what has been listed and that more come.
			p.LoadState.Progress = fmt.Sprintf("listed %s so far (page %d of ?)", ui.Count(len(p.List.Items)), p.pages)
			if !c.OnTop(p.PaneID) {
				p.ScanToken = pg.NextToken // covered: Refresh resumes it
				return nil
			}
			return p.page(c, "scan", pg.NextToken)
		}
		p.Scanning, p.Complete = false, true
		p.tailToken = pg.From
		p.LoadState.Progress = ""
		p.LoadState.OK(msg.At)
	case "tail":
		if pg.NextToken != "" {
			// New joiners filled the last page: follow them.
			p.pages++
			p.tailToken = pg.NextToken
			if !c.OnTop(p.PaneID) {
				return nil // covered: the next poll goes on from there
			}
			return p.page(c, "tail", pg.NextToken)
		}
		p.tailToken = pg.From
		p.LoadState.OK(msg.At)
	case "rescan":
		p.rescanNext = pg.NextToken
		p.LoadState.OK(msg.At)
	}
	return nil
}

// Merge adds new participants at the end and updates known ones in place.
func (p *ParticipantsPane) Merge(items []service.Participant) {
	var added []service.Participant
	for _, it := range items {
		if i, ok := p.index[it.ID]; ok && i >= len(p.List.Items) {
			// Twice in one answer (a page that shifted): the later wins.
			j := i - len(p.List.Items)
			p.count(added[j], -1)
			p.count(it, 1)
			added[j] = it
			continue
		} else if ok {
			// GetParticipant details survive a summary-only update.
			old := p.List.Items[i]
			if it.Attributes == nil && old.Attributes != nil {
				it = withDetails(it, old)
			}
			p.count(old, -1)
			p.count(it, 1)
			p.List.ReplaceAt(i, it)
			continue
		}
		p.index[it.ID] = len(p.List.Items) + len(added)
		p.count(it, 1)
		added = append(added, it)
	}
	p.List.Append(added...)
}

func withDetails(summary, detail service.Participant) service.Participant {
	d := detail
	d.UserID, d.State, d.Published, d.RecordingState, d.FirstJoin = summary.UserID, summary.State, summary.Published, summary.RecordingState, summary.FirstJoin
	return d
}

func (p *ParticipantsPane) key(c *kit.Context, msg tea.KeyPressMsg) tea.Cmd {
	if p.List.Move(c, msg) {
		return nil
	}
	k := c.Keys
	switch {
	case key.Matches(msg, k.FilterCycle):
		p.userID = ""
		p.filterIdx = (p.filterIdx + 1) % len(participantFilters)
		return tea.Batch(p.reset(c), kit.Flash(kit.FlashInfo, "showing participants: "+p.filterLabel()))
	case key.Matches(msg, k.SessionTimeline):
		return kit.OpenRoute(route.Timeline{Stage: p.stage, Session: p.session})
	case key.Matches(msg, k.FilterUser):
		sel, _ := p.List.Selected()
		return kit.Send(kit.OpenDialogMsg{Dialog: kit.NewInputDialog(c, "Filter by user id", "user id (exact; empty clears)", sel.UserID, service.MaxUserIDLength, func(v string) tea.Cmd {
			return kit.Send(kit.PaneMsg{To: p.PaneID, Msg: UserFilterMsg(v)})
		})})
	}
	sel, ok := p.List.Selected()
	if !ok {
		return nil
	}
	switch {
	case key.Matches(msg, k.Open):
		return kit.OpenRoute(route.Participant{Stage: p.stage, Session: p.session, Participant: sel})
	case key.Matches(msg, k.Copy):
		return kit.CopyValue(sel.ID, "participant id")
	case key.Matches(msg, k.Delete):
		return kit.DisconnectDialog(c, p.PaneID, p.stage, sel)
	}
	return nil
}

// UserFilterMsg sets the API's user id filter.
type UserFilterMsg string

func (p *ParticipantsPane) CurrentStage() (service.Stage, bool) { return p.stage, true }
func (p *ParticipantsPane) SetFilter(f string)                  { p.List.SetFilter(f) }
func (p *ParticipantsPane) Filter() string                      { return p.List.Filter }

var participantColumns = []ui.Column{
	{Title: "USER ID", MinWidth: 10, Flex: 3},
	{Title: "PARTICIPANT", Width: 14},
	{Title: "STATE", Width: 14},
	{Title: "PUBLISHED", Width: 11},
	{Title: "RECORDING", Width: 11},
	{Title: "FIRST JOIN", MinWidth: 10, Flex: 2},
}

// count adds (d = 1) or removes (d = -1) a participant from the header's counts.
func (p *ParticipantsPane) count(x service.Participant, d int) {
	if x.Connected() {
		p.Connected += d
	}
	if x.Published {
		p.Published += d
	}
}

func (p *ParticipantsPane) Counts() (connected, published int) { return p.Connected, p.Published }

func (p *ParticipantsPane) View(c *kit.Context, w, h int) string {
	s, now := c.Styles, c.CurrentTime()
	conn, pub := p.Counts()
	listed := ui.Count(len(p.List.Items)) + " listed"
	if !p.Complete {
		listed += " so far"
	}
	summary := fmt.Sprintf("%s · %s connected · %s published · filter: %s", listed, ui.Count(conn), ui.Count(pub), p.filterLabel())
	if p.List.Filter != "" {
		summary = fmt.Sprintf("%s shown · %s", ui.Count(p.List.Len()), summary)
	}
	title := ui.Header(s, "Participants of "+p.session.ID, summary, w)
	p.List.Layout(h - 1)
	empty := "nobody matches the filter " + p.filterLabel()
	if len(p.List.Items) == 0 {
		empty = kit.EmptyText(&p.LoadState, "loading participants…", empty)
	} else if p.List.Filter != "" {
		empty = "no participant matches " + kit.QuoteUntrusted(p.List.Filter)
	}
	table := ui.RenderTable(s, participantColumns, ui.WithEmpty(p.List.Source(func(x service.Participant, col int) string {
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
			return s.MutedWord("no")
		case 4:
			return s.RecordingState(x.RecordingState)
		case 5:
			return ui.TimeAge(x.FirstJoin, now)
		}
		return ""
	}), empty), p.List.Table, w, h-1)
	return title + "\n" + table
}
