package panes

import (
	"context"
	"fmt"
	"slices"
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

// stageRow is a stage and what the dashboard learnt about its live session.
type stageRow struct {
	service.Stage
	live LiveInfo
}

// LiveInfo is a live session's vital signs, fetched per stage in the
// background: start time, who is connected, who publishes.
type LiveInfo struct {
	SessionID  string
	Start      time.Time
	Connected  int
	ConnMore   bool // more than one page: "100+"
	Publishing int
	fetchedAt  time.Time
	err        error
	// Seen are the participants those calls listed, which the error
	// watcher learns from rather than list them again.
	Seen []service.Participant
}

const stagePage = ivs.MaxPageSize

// liveFigures names the stages pane's background read in the status bar.
const liveFigures = "live figures"

// known reports whether the live figures are those of the stage's current
// session and were read: a failed read leaves them unknown, never zero.
func (r stageRow) known() bool {
	return r.ActiveSessionID != "" && r.live.SessionID == r.ActiveSessionID && r.live.err == nil
}

// StagesPane lists the account's stages. The list is paged progressively
// (the first page shows at once; 1,000 stages page in behind it) and each
// live stage on screen is enriched, one call at a time, with its session's
// age, connected participants and publishers.
type StagesPane struct {
	kit.BasePane
	List kit.List[stageRow]

	// paging of the current refresh cycle
	cycle   []stageRow
	pages   int
	firstOK bool

	live     map[string]LiveInfo // by stage ARN, kept across refreshes
	Enriched string              // ARN in flight
	// Paused is the next page of a cycle the pane stopped while covered;
	// Refresh resumes it when the pane is on top again.
	Paused string

	sparks stageSparks // stageshealth.go
}

func newStagesPane(c *kit.Context) *StagesPane {
	p := &StagesPane{live: map[string]LiveInfo{}}
	p.PaneID = c.NextPaneID()
	p.List = kit.NewList(
		func(r stageRow) string { return r.ARN },
		func(r stageRow) string { return r.Name + " " + r.ID + " " + kit.TagText(r.Tags) },
	)
	p.List.SetSortable(len(stageColumns), func(a, b stageRow, col int) (int, bool) {
		if col == 2 { // SESSION shows an age: by when it started
			return a.live.Start.Compare(b.live.Start), true
		}
		return 0, false
	})
	return p
}

func (p *StagesPane) Kind() string  { return "stages" }
func (p *StagesPane) Crumb() string { return "stages" }

// WatchTargets are the live sessions of the stages on screen.
func (p *StagesPane) WatchTargets() []watch.Target {
	var out []watch.Target
	first, last := p.List.Window()
	for row := first; row < last; row++ {
		r := p.List.At(row)
		if r.ActiveSessionID != "" {
			out = append(out, watch.Target{Stage: r.Stage, Session: r.ActiveSessionID})
		}
	}
	return out
}

// ListedParticipants are the connected participants and publishers a live
// stage's figures listed (read before Update: enriched names the stage).
func (p *StagesPane) ListedParticipants(msg any) (watch.Listing, bool) {
	m, ok := msg.(kit.Fetched[LiveInfo])
	if !ok || m.Err != nil {
		return watch.Listing{}, false
	}
	return watch.Listing{Stage: service.Stage{ARN: p.Enriched}, Session: m.Val.SessionID, Participants: m.Val.Seen, At: m.At}, true
}

func (p *StagesPane) Init(c *kit.Context) tea.Cmd {
	p.LoadState.Loading = true
	return p.ListPage(c, "", true)
}

func (p *StagesPane) Refresh(c *kit.Context) tea.Cmd {
	if p.Reqs.InFlight["stages"] {
		return nil // a cycle is still paging: let it finish
	}
	if token := p.Paused; token != "" {
		p.Paused = ""
		return tea.Batch(p.ListPage(c, token, true), p.enrichNext(c), p.sparkNext(c))
	}
	return tea.Batch(p.ListPage(c, "", false), p.enrichNext(c), p.sparkNext(c))
}

func (p *StagesPane) ListPage(c *kit.Context, token string, force bool) tea.Cmd {
	req := p.Reqs.Begin(c, "stages", force)
	if req == 0 {
		return nil
	}
	if token == "" {
		p.cycle, p.pages, p.Paused = nil, 0, ""
	}
	client := c.Client
	return kit.Fetch(c, p.PaneID, "stages", req, func(ctx context.Context) (service.Page[service.Stage], error) {
		return client.ListStages(ctx, service.PageRequest{Token: token, Max: stagePage})
	})
}

// Help declares the keys of Update, and t (the root's).
func (p *StagesPane) Help(k *keymap.KeyMap) keymap.Help {
	h := k.ListHelp("sessions", "create stage", "delete stage", k.Token, keymap.As(k.Edit, "rename")).WithTable()
	h.Panes = append(h.Panes, keymap.As(k.Details, "stage details"), k.Tags, k.Console)
	return h
}

// pinFavorites moves the favourite stages (by name) to the top, in the
// order the favourites are listed, keeping the order of the others.
func pinFavorites(favorites []string, rows []stageRow) []stageRow {
	if len(favorites) == 0 {
		return rows
	}
	rank := func(r stageRow) int {
		if i := slices.Index(favorites, r.Name); i >= 0 {
			return i
		}
		return len(favorites)
	}
	slices.SortStableFunc(rows, func(a, b stageRow) int { return rank(a) - rank(b) })
	return rows
}

// ConsoleTarget is the selected stage's console page (the root's C).
func (p *StagesPane) ConsoleTarget() (ivs.ConsoleTarget, bool) {
	sel, ok := p.List.Selected()
	return stageConsole(sel.Stage), ok
}

func stageConsole(s service.Stage) ivs.ConsoleTarget { return ivs.ConsoleTarget{StageARN: s.ARN} }

func (p *StagesPane) Update(c *kit.Context, msg tea.Msg) tea.Cmd {
	if cmd, ok := p.sparksDone(c, msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case kit.Fetched[service.Page[service.Stage]]:
		if !p.Reqs.Done("stages", msg.Req) {
			return nil
		}
		if msg.Err != nil {
			p.LoadState.Fail(msg.Err, msg.At)
			return nil
		}
		return p.gotPage(c, msg)
	case kit.Fetched[LiveInfo]:
		if !p.Reqs.Done("live", msg.Req) {
			return nil
		}
		info := msg.Val
		info.err = msg.Err
		info.fetchedAt = msg.At
		p.live[p.Enriched] = info
		p.LoadState.BackgroundRead(liveFigures, p.liveErr(msg.Err), msg.At)
		p.Enriched = ""
		p.applyLive()
		return p.enrichNext(c)
	case kit.ActionDoneMsg:
		return p.ListPage(c, "", true)
	case tea.KeyPressMsg:
		return p.key(c, msg)
	}
	return nil
}

func (p *StagesPane) gotPage(c *kit.Context, msg kit.Fetched[service.Page[service.Stage]]) tea.Cmd {
	p.pages++
	for _, s := range msg.Val.Items {
		c.RememberStage(s)
		p.cycle = append(p.cycle, stageRow{Stage: s, live: p.live[s.ARN]})
	}
	more := msg.Val.NextToken != ""
	if !p.firstOK || !more {
		// The first load shows every page as it comes; later cycles swap
		// in the whole list at the end so rows do not flicker away.
		p.List.Set(pinFavorites(c.Favorites, append([]stageRow(nil), p.cycle...)))
	}
	if more {
		p.LoadState.Loading = true
		p.LoadState.Progress = fmt.Sprintf("listed %d stages (page %d), more coming", len(p.cycle), p.pages)
		if !c.OnTop(p.PaneID) {
			p.Paused = msg.Val.NextToken // covered: the next page waits for the pane to show
			return nil
		}
		return tea.Batch(p.ListPage(c, msg.Val.NextToken, true), p.enrichNext(c), p.sparkNext(c))
	}
	p.firstOK = true
	p.LoadState.Progress = ""
	p.LoadState.OK(msg.At)
	p.dropGone()
	return tea.Batch(p.enrichNext(c), p.sparkNext(c))
}

// dropGone forgets live info of stages that no longer exist.
func (p *StagesPane) dropGone() {
	keep := make(map[string]bool, len(p.List.Items))
	for _, r := range p.List.Items {
		keep[r.ARN] = true
	}
	for arn := range p.live {
		if !keep[arn] {
			delete(p.live, arn)
		}
	}
}

// liveErr is err, or else the failure of any stage's figures still
// unknown, but the one being read again: the status bar says the read
// fails while one of them does.
func (p *StagesPane) liveErr(err error) error {
	for arn, info := range p.live {
		if err == nil && arn != p.Enriched {
			err = info.err
		}
	}
	return err
}

func (p *StagesPane) applyLive() {
	for i := range p.List.Items {
		p.List.Items[i].live = p.live[p.List.Items[i].ARN]
	}
}

// enrichNext fetches the vital signs of the live stage whose figures are
// oldest, among the visible rows only, one stage at a time and as
// background calls, so this work never crowds out what the user asked for;
// it stops while another pane covers this one (Refresh starts it again).
func (p *StagesPane) enrichNext(c *kit.Context) tea.Cmd {
	if p.Enriched != "" || !c.OnTop(p.PaneID) {
		return nil // one at a time, and only while the figures are on screen
	}
	now := c.CurrentTime()
	var best *stageRow
	bestAge := time.Duration(-1)
	first, last := p.List.Window()
	for row := first; row < last; row++ {
		r := p.List.At(row)
		if r.ActiveSessionID == "" {
			continue
		}
		info := p.live[r.ARN]
		if info.SessionID == r.ActiveSessionID && now.Sub(info.fetchedAt) < c.Interval {
			continue // fresh enough
		}
		age := now.Sub(info.fetchedAt)
		if info.SessionID != r.ActiveSessionID {
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
	req := p.Reqs.Force(c, "live")
	p.Enriched = best.ARN
	if p.liveErr(nil) == nil {
		// Read again: unknown until it answers, no longer failing.
		p.LoadState.BackgroundRead(liveFigures, nil, now)
	}
	client, arn, sid := c.Client, best.ARN, best.ActiveSessionID
	return kit.Fetch(c, p.PaneID, "live", req, func(ctx context.Context) (LiveInfo, error) {
		return fetchLive(ctx, client, arn, sid)
	}, kit.InBackground)
}

// fetchLive costs three calls: the session, the first page of connected
// participants, and the publishers.
func fetchLive(ctx context.Context, client *service.Client, arn, sid string) (LiveInfo, error) {
	info := LiveInfo{SessionID: sid}
	sess, err := client.GetStageSession(ctx, arn, sid)
	if err != nil {
		return info, err
	}
	info.Start = sess.Start
	conn, err := client.ListParticipants(ctx, arn, sid, service.ParticipantFilter{State: service.StateConnected}, service.PageRequest{Max: ivs.MaxPageSize})
	if err != nil {
		return info, err
	}
	info.Connected, info.ConnMore = len(conn.Items), conn.NextToken != ""
	info.Seen = conn.Items
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
			info.Publishing++
			connected[pp.ID] = true
		}
	}
	info.Connected = len(connected)
	info.Seen = append(info.Seen, pubs.Items...)
	return info, nil
}

func (p *StagesPane) key(c *kit.Context, msg tea.KeyPressMsg) tea.Cmd {
	if p.List.Move(c, msg) {
		return tea.Batch(p.enrichNext(c), p.sparkNext(c))
	}
	k := c.Keys
	if key.Matches(msg, k.Create) {
		return kit.Send(kit.OpenDialogMsg{Dialog: NewStageForm(c, p.PaneID)})
	}
	sel, ok := p.List.Selected()
	if !ok {
		return kit.NothingSelected(c, msg, "stages")
	}
	switch {
	case key.Matches(msg, k.Edit), key.Matches(msg, k.Delete):
		if key.Matches(msg, k.Edit) {
			return RenameStageDialog(c, p.PaneID, sel.Stage)
		}
		connected := -1 // unknown until the live figures are in
		if sel.known() {
			connected = sel.live.Connected
		}
		return deleteStageDialog(c, p.PaneID, sel.Stage, connected, sel.live.ConnMore, nil)
	case key.Matches(msg, k.Open):
		return kit.OpenRoute(route.Sessions{Stage: sel.Stage})
	case key.Matches(msg, k.Details):
		return kit.OpenRoute(route.Stage{Stage: sel.Stage})
	case key.Matches(msg, k.Copy):
		return kit.CopyValue(sel.ARN, "stage ARN")
	case key.Matches(msg, k.Tags):
		return kit.OpenTags(c, sel.ARN, "stage "+kit.DisplayName(sel.Name))
	}
	return nil
}

func (p *StagesPane) CurrentStage() (service.Stage, bool) {
	sel, ok := p.List.Selected()
	return sel.Stage, ok
}

func (p *StagesPane) SetFilter(f string) { p.List.SetFilter(f) }
func (p *StagesPane) Filter() string     { return p.List.Filter }

var stageColumns = []ui.Column{
	{Title: "NAME", MinWidth: 12, Flex: 3},
	{Title: "ID", MinWidth: 12, Width: 12},
	{Title: "SESSION", MinWidth: 16, Flex: 2},
	{Title: "CONNECTED", Width: 9, Align: ui.AlignRight},
	{Title: "PUB", Width: 4, Align: ui.AlignRight},
	{Title: "ERRORS", Width: 7, Align: ui.AlignRight},
	{Title: "TAGS", MinWidth: 8, Flex: 2},
}

func (p *StagesPane) View(c *kit.Context, w, h int) string {
	s := c.Styles
	now := c.CurrentTime()
	title := ui.Header(s, "Stages", p.summary()+kit.CoverageNote(c.Watch.Coverage())+p.sparkNote(c), w)
	p.List.Layout(h - 1)
	empty := "no stages in this account and region: c creates one"
	if c.ReadOnly {
		empty = "no stages in this account and region"
	}
	if len(p.List.Items) == 0 {
		empty = kit.EmptyText(&p.LoadState, kit.LoadingText(c, "stages"), empty)
	} else if p.List.Filter != "" {
		empty = "no stage matches " + kit.QuoteUntrusted(p.List.Filter)
	}
	columns, cell := p.sparkTable(c, p.List.Columns(stageColumns), func(r stageRow, col int) string {
		switch col {
		case 0:
			return ui.Sanitize(kit.DisplayName(r.Name))
		case 1:
			return r.ID
		case 2:
			if r.ActiveSessionID == "" {
				return s.Muted.Render("idle")
			}
			if r.live.SessionID == r.ActiveSessionID && !r.live.Start.IsZero() {
				return s.LiveMarker(true) + " " + ui.Age(r.live.Start, now)
			}
			return s.LiveMarker(true)
		case 3:
			if !r.known() {
				return unknownLive(s, r)
			}
			n := fmt.Sprint(r.live.Connected)
			if r.live.ConnMore {
				n += "+"
			}
			return n
		case 4:
			if !r.known() {
				return unknownLive(s, r)
			}
			return fmt.Sprint(r.live.Publishing)
		case 5:
			return kit.ErrorCell(s, c.Watch, r.ARN, now)
		case 6:
			return ui.Sanitize(kit.TagText(r.Tags))
		}
		return ""
	})
	table := ui.RenderTable(s, columns, ui.WithEmpty(p.List.Source(cell), empty), p.List.Table, w, h-1)
	return title + "\n" + table
}

// unknownLive is a live figure not known: "—" before it is read (or with
// no session), "?" when its read failed.
func unknownLive(s *ui.Styles, r stageRow) string {
	if r.ActiveSessionID != "" && r.live.SessionID == r.ActiveSessionID && r.live.err != nil {
		return s.Warn.Render("?")
	}
	return s.Muted.Render("—")
}

func (p *StagesPane) summary() string {
	if p.LoadState.Unread() && len(p.List.Items) == 0 {
		return "? stages · ? live" // never read: unknown, not zero
	}
	live := 0
	for _, r := range p.List.Items {
		if r.ActiveSessionID != "" {
			live++
		}
	}
	n := ui.Counted(len(p.List.Items), "stage") + fmt.Sprintf(" · %d live", live)
	if p.List.Filter != "" {
		n = fmt.Sprintf("%d of %s", p.List.Len(), n)
	}
	return n
}

// Click selects the row at a line of the view: the title, then the table.
func (p *StagesPane) Click(line int) bool { return p.List.Click(line - 1) }

// SpinsWhileLoading: the list shows the spinner while its first page loads.
func (p *StagesPane) SpinsWhileLoading() {}
