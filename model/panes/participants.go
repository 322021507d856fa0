package panes

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

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

	// errorsOnly shows only participants the watcher read errors of;
	// keptAt is the watcher's version and the second it was applied at,
	// as the counts change with both.
	errorsOnly bool
	keptAt     struct {
		version uint64
		at      time.Time
	}

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
	// By values, not text: a 10,000-participant list sorts on every page.
	p.List.SetSortable(len(participantColumns), func(a, b service.Participant, col int) (int, bool) {
		switch col {
		case 0:
			return strings.Compare(a.UserID, b.UserID), true
		case 1:
			return strings.Compare(a.ID, b.ID), true
		case 2:
			return strings.Compare(a.State, b.State), true
		case 3:
			now := c.CurrentTime()
			na, _ := p.errors(c, a.ID, now)
			nb, _ := p.errors(c, b.ID, now)
			return na - nb, true
		case 4:
			return boolOrder(a.Published) - boolOrder(b.Published), true
		case 5:
			return strings.Compare(a.RecordingState, b.RecordingState), true
		case 6:
			return a.FirstJoin.Compare(b.FirstJoin), true
		}
		return 0, false
	})
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
	h := k.ListHelp("details & events", "", "disconnect", k.FilterCycle, k.FilterUser, k.Token).WithTable()
	h.Panes = append(h.Panes, k.Details, k.SessionTimeline, k.Console)
	// x is in the full help only: in the footer it would push esc out at
	// 120 columns.
	h.Short = h.ShortHelp()
	h.Actions = append(h.Actions, k.ErrorsOnly)
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
			c.RememberParticipant(p.session.ID, msg.Val)
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
	case key.Matches(msg, k.ErrorsOnly):
		p.errorsOnly = !p.errorsOnly
		if !p.errorsOnly {
			p.List.SetKeep(nil)
			return kit.Flash(kit.FlashInfo, "showing every participant")
		}
		p.applyErrorsOnly(c)
		return kit.Flash(kit.FlashInfo, "showing only participants with errors")
	case key.Matches(msg, k.FilterUser):
		sel, _ := p.List.Selected()
		return kit.Send(kit.OpenDialogMsg{Dialog: kit.NewInputDialog(c, "Filter by user id", "user id (exact; empty clears)", sel.UserID, service.MaxUserIDLength, func(v string) tea.Cmd {
			return kit.Send(kit.PaneMsg{To: p.PaneID, Msg: UserFilterMsg(v)})
		})})
	}
	sel, ok := p.List.Selected()
	if !ok {
		return kit.NothingSelected(c, msg, "participants")
	}
	switch {
	case key.Matches(msg, k.Open), key.Matches(msg, k.Details):
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

// ConsoleTarget is the selected participant's console page (the root's C).
func (p *ParticipantsPane) ConsoleTarget() (ivs.ConsoleTarget, bool) {
	sel, ok := p.List.Selected()
	return participantConsole(p.stage, p.session.ID, sel.ID), ok
}

func participantConsole(stage service.Stage, session, participant string) ivs.ConsoleTarget {
	return ivs.ConsoleTarget{StageARN: stage.ARN, SessionID: session, ParticipantID: participant}
}
func (p *ParticipantsPane) SetFilter(f string) { p.List.SetFilter(f) }
func (p *ParticipantsPane) Filter() string     { return p.List.Filter }

// boolOrder puts false before true.
func boolOrder(b bool) int {
	if b {
		return 1
	}
	return 0
}

// watchKey is the session's key in the error watcher.
func (p *ParticipantsPane) watchKey() watch.Key {
	return watch.Key{StageARN: p.stage.ARN, SessionID: p.session.ID}
}

// errors is what the watcher read of a participant's errors.
func (p *ParticipantsPane) errors(c *kit.Context, id string, now time.Time) (n int, known bool) {
	if c.Watch == nil {
		return 0, false
	}
	return c.Watch.ParticipantErrors(p.watchKey(), id, now)
}

// applyErrorsOnly keeps the participants with errors; View applies it
// again when the watcher's counts may have changed.
func (p *ParticipantsPane) applyErrorsOnly(c *kit.Context) {
	now := c.CurrentTime()
	p.keptAt.at = now.Truncate(time.Second)
	if c.Watch != nil {
		p.keptAt.version = c.Watch.Version()
	}
	p.List.SetKeep(func(x service.Participant) bool {
		n, _ := p.errors(c, x.ID, now)
		return n > 0
	})
}

// errorsChanged reports whether the counts may differ from when
// errors-only was last applied.
func (p *ParticipantsPane) errorsChanged(c *kit.Context) bool {
	if c.Watch != nil && c.Watch.Version() != p.keptAt.version {
		return true
	}
	return !c.CurrentTime().Truncate(time.Second).Equal(p.keptAt.at)
}

// participantColumns: the last four show when the width has room for them
// (a table keeps its columns from the left): what ListParticipants says of
// replication, and what GetParticipant said of the client, for the
// participants it has read (— for the others).
var participantColumns = []ui.Column{
	{Title: "USER ID", MinWidth: 10, Flex: 2, MaxWidth: 40},
	{Title: "PARTICIPANT", Width: 14},
	{Title: "STATE", Width: 14},
	{Title: "ERRORS", Width: 8},
	{Title: "PUBLISHED", Width: 11},
	{Title: "RECORDING", Width: 11},
	{Title: "FIRST JOIN", MinWidth: 17, Flex: 2, MaxWidth: 24}, // "11:20:00, 40m ago" whole
	{Title: "REPLICATION", Width: 16},
	{Title: "PROTOCOL", Width: 8},
	{Title: "CLIENT", MinWidth: 16, Flex: 3, MaxWidth: 40},
	{Title: "SDK", MinWidth: 8, Flex: 1, MaxWidth: 14},
}

// participantColumnsFor keeps the user id, the one column people read
// names in, at least userIDRoom wide before any extra field takes the room,
// from a width where the base columns leave it that much.
func participantColumnsFor(width int) []ui.Column {
	const userIDRoom, from = 24, 100
	if width < from {
		return participantColumns
	}
	cols := slices.Clone(participantColumns)
	cols[0].MinWidth = userIDRoom
	return cols
}

// clientCells are the protocol, client and SDK of a participant, from
// GetParticipant (its own answer, or one another pane read); — unknown.
func clientCells(c *kit.Context, session string, x service.Participant, col int) string {
	if x.Protocol == "" {
		if d, ok := c.ParticipantDetails[session+"/"+x.ID]; ok {
			x = d
		}
	}
	var v string
	switch col {
	case 8:
		v = x.Protocol
	case 9:
		v = strings.TrimSpace(strings.Join(nonEmpty(strings.TrimSpace(x.BrowserName+" "+x.BrowserVersion), strings.TrimSpace(x.OSName+" "+x.OSVersion)), " · "))
	case 10:
		v = x.SDKVersion
	}
	if v == "" || v == "UNKNOWN" {
		return c.Styles.Muted.Render("—")
	}
	return ui.Sanitize(v)
}

func nonEmpty(vals ...string) []string {
	out := vals[:0]
	for _, v := range vals {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// replicationCell is "replica ● ACTIVE" or "source ● ACTIVE"; — for none.
func replicationCell(s *ui.Styles, x service.Participant) string {
	if x.ReplicationType == "" || x.ReplicationType == "NONE" {
		return s.Muted.Render("—")
	}
	return strings.ToLower(ui.Sanitize(x.ReplicationType)) + " " + s.StateBadge(x.ReplicationState)
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
	counts := fmt.Sprintf("%s connected · %s published", ui.Count(conn), ui.Count(pub))
	filter := ""
	if p.filterIdx != 0 || p.userID != "" {
		filter = " · filter: " + p.filterLabel()
	}
	// The longest summary that fits: narrow, the counts stay and the words go.
	summaries := []string{
		fmt.Sprintf("%s · %s · filter: %s", listed, counts, p.filterLabel()),
		listed + " · " + counts + filter,
		ui.Count(len(p.List.Items)) + " · " + counts + filter,
		fmt.Sprintf("%s · %s conn · %s pub%s", ui.Count(len(p.List.Items)), ui.Count(conn), ui.Count(pub), filter),
		fmt.Sprintf("%s conn · %s pub", ui.Count(conn), ui.Count(pub)),
	}
	if p.errorsOnly {
		if p.errorsChanged(c) {
			p.applyErrorsOnly(c)
		}
		for i, sum := range summaries {
			summaries[i] = ui.Count(p.List.Len()) + " with errors · " + sum
		}
	}
	if p.List.Filter != "" {
		for i, sum := range summaries {
			summaries[i] = ui.Count(p.List.Len()) + " shown · " + sum
		}
	}
	title := ui.HeaderFit(s, "Participants of "+p.session.ID, summaries, w)
	p.List.Layout(h - 1)
	empty := "nobody matches the filter " + p.filterLabel()
	if p.errorsOnly && p.List.Filter == "" {
		empty = "no participant has errors in what the watcher has read (x shows everyone)"
	}
	if len(p.List.Items) == 0 {
		empty = kit.EmptyText(&p.LoadState, kit.LoadingText(c, "participants"), empty)
	} else if p.List.Filter != "" {
		empty = "no participant matches " + kit.QuoteUntrusted(p.List.Filter)
	}
	table := ui.RenderTable(s, p.List.Columns(participantColumnsFor(w)), ui.WithEmpty(p.List.Source(func(x service.Participant, col int) string {
		switch col {
		case 0:
			return ui.Sanitize(x.UserID)
		case 1:
			return x.ID
		case 2:
			return s.StateBadge(x.State)
		case 3:
			n, known := p.errors(c, x.ID, now)
			return kit.ErrorCountCell(s, n, known)
		case 4:
			if x.Published {
				return s.Published(true)
			}
			return s.MutedWord("no")
		case 5:
			return s.RecordingState(x.RecordingState)
		case 6:
			return ui.TimeAge(x.FirstJoin, now)
		case 7:
			return replicationCell(s, x)
		case 8, 9, 10:
			return clientCells(c, p.session.ID, x, col)
		}
		return ""
	}), empty), p.List.Table, w, h-1)
	return title + "\n" + table
}

// Click selects the row at a line of the view: the title, then the table.
func (p *ParticipantsPane) Click(line int) bool { return p.List.Click(line - 1) }

// SpinsWhileLoading: the list shows the spinner while its first page loads.
func (p *ParticipantsPane) SpinsWhileLoading() {}
