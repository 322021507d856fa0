package panes

import (
	"context"
	"fmt"
	"sort"
	"strings"

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

// participantPane shows one participant: every GetParticipant field and its
// event timeline, errors highlighted with what they mean and the usual fix.
// Events are read incrementally: after the first load only the last page
// (from its token) is read again, where new events land.
type participantPane struct {
	kit.BasePane
	stage   service.Stage
	session service.Session
	p       service.Participant

	events    []service.Event
	TailToken string // token of the last events page
	TailStart int    // index in events where the last page begins
	eventsOK  bool
	timeline  ui.TableState
	mode      kit.TimelineMode // follow and wrap
	rows      int
	replicas  []service.Replica // read when it is a replication SOURCE (replicas.go)
	// errorsOnly (x) shows only the error events of the timeline.
	errorsOnly bool
	health     participantHealth // m: the metrics charts (participanthealth.go)
	metrics    bool              // CloudWatch is on
}

func NewParticipantPane(c *kit.Context, stage service.Stage, session service.Session, p service.Participant) *participantPane {
	pp := &participantPane{stage: stage, session: session, p: p, mode: c.Timelines, metrics: c.Metrics != nil}
	pp.PaneID = c.NextPaneID()
	return pp
}

func (p *participantPane) Kind() string { return "participant" }
func (p *participantPane) Crumb() string {
	if p.p.UserID != "" {
		return p.p.UserID
	}
	return p.p.ID
}

// WatchTargets: the session is open.
func (p *participantPane) WatchTargets() []watch.Target {
	return []watch.Target{{Stage: p.stage, Session: p.session.ID, Opened: true}}
}

func (p *participantPane) Init(c *kit.Context) tea.Cmd {
	p.LoadState.Loading = true
	return tea.Batch(p.get(c), p.eventsFrom(c, "", 0))
}

// Refresh polls while the participant can still change: once it has left
// and its session has ended, its record is final.
func (p *participantPane) Refresh(c *kit.Context) tea.Cmd {
	health := p.health.refresh(c, &p.BasePane, p.stage, p.session, p.p.ID)
	if p.final() {
		return health
	}
	cmds := []tea.Cmd{p.get(c), health}
	if !p.Reqs.InFlight["events"] {
		cmds = append(cmds, p.eventsFrom(c, p.TailToken, p.TailStart))
	}
	return tea.Batch(cmds...)
}

// final reports whether the participant's record can no longer change:
// it left, its session ended, and its events are read.
func (p *participantPane) final() bool {
	return !p.session.Live() && !p.p.Connected() && p.eventsOK
}

// Settled tells the status bar that polling stopped, and why.
func (p *participantPane) Settled(c *kit.Context) string {
	if !p.final() {
		return ""
	}
	return "session ended " + ui.Clock(p.session.End, c.CurrentTime()) + ": nothing more to poll"
}

func (p *participantPane) get(c *kit.Context) tea.Cmd {
	client, arn, sid, id := c.Client, p.stage.ARN, p.session.ID, p.p.ID
	return kit.FetchFor(c, &p.BasePane, "participant", false, func(ctx context.Context) (service.Participant, error) {
		return client.GetParticipant(ctx, arn, sid, id)
	})
}

// EventPage is a page of events, where it starts in the timeline, and the
// token that asked for it.
type EventPage struct {
	service.Page[service.Event]
	From  string
	Start int
}

func (p *participantPane) eventsFrom(c *kit.Context, token string, start int) tea.Cmd {
	client, arn, sid, id := c.Client, p.stage.ARN, p.session.ID, p.p.ID
	return kit.FetchFor(c, &p.BasePane, "events", true, func(ctx context.Context) (EventPage, error) {
		pg, err := client.ListParticipantEvents(ctx, arn, sid, id, service.PageRequest{Token: token, Max: ivs.MaxPageSize})
		return EventPage{Page: pg, From: token, Start: start}, err
	})
}

// Help declares the keys of Update, and t (the root's).
func (p *participantPane) Help(k *keymap.KeyMap) keymap.Help {
	h := k.DetailHelp(k.Copy, k.ErrorsOnly, k.Token, keymap.As(k.Delete, "disconnect"))
	h.Panes = append(h.Panes, k.SessionTimeline, keymap.As(k.Replicas, "replicas & replication"), k.Console)
	if p.metrics {
		h.Panes = append(h.Panes, k.Health)
	}
	return h.WithTimeline()
}

func (p *participantPane) Update(c *kit.Context, msg tea.Msg) tea.Cmd {
	if p.health.Handle(c, &p.BasePane, msg) {
		return nil
	}
	switch msg := msg.(type) {
	case kit.Fetched[service.Participant]:
		if !p.Reqs.Done(msg.Kind, msg.Req) {
			return nil
		}
		if msg.Err != nil {
			p.LoadState.Fail(msg.Err, msg.At)
			return nil
		}
		p.p = msg.Val
		c.RememberParticipant(p.session.ID, msg.Val)
		if p.eventsOK {
			p.LoadState.OK(msg.At)
		}
		return p.fetchReplicas(c)
	case kit.Fetched[[]service.Replica]:
		if p.Reqs.Done(msg.Kind, msg.Req) && msg.Err == nil {
			p.replicas = msg.Val
		}
	case kit.Fetched[EventPage]:
		if !p.Reqs.Done("events", msg.Req) {
			return nil
		}
		if msg.Err != nil {
			p.LoadState.Fail(msg.Err, msg.At)
			return nil
		}
		pg := msg.Val
		start := min(pg.Start, len(p.events))
		p.events = append(p.events[:start], pg.Items...)
		if pg.NextToken != "" {
			p.LoadState.Progress = fmt.Sprintf("read %d events, more coming", len(p.events))
			if !c.OnTop(p.PaneID) {
				// Covered: Refresh goes on from this page when it shows.
				p.TailToken, p.TailStart = pg.NextToken, len(p.events)
				return nil
			}
			return p.eventsFrom(c, pg.NextToken, len(p.events))
		}
		p.TailToken, p.TailStart = pg.From, start
		sort.SliceStable(p.events, func(i, j int) bool { return p.events[i].Time.Before(p.events[j].Time) })
		p.eventsOK = true
		p.LoadState.Progress = ""
		p.LoadState.OK(msg.At)
	case kit.ActionDoneMsg:
		if msg.Err == nil {
			return p.Refresh(c)
		}
	case tea.KeyPressMsg:
		return p.key(c, msg)
	}
	return nil
}

func (p *participantPane) key(c *kit.Context, msg tea.KeyPressMsg) tea.Cmd {
	k := c.Keys
	n := len(p.shownEvents())
	if kit.MoveTable(c, msg, &p.timeline, n, max(p.rows, 1)) {
		return p.mode.Moved(c, p.timeline.Cursor, n)
	}
	if cmd, ok := p.mode.Key(c, msg); ok {
		p.mode.Apply(&p.timeline, n)
		return cmd
	}
	switch {
	case key.Matches(msg, k.ErrorsOnly):
		p.errorsOnly = !p.errorsOnly
		p.timeline = ui.TableState{}
		if p.errorsOnly {
			return kit.Flash(kit.FlashInfo, "showing error events only: x shows all")
		}
		return kit.Flash(kit.FlashInfo, "showing every event")
	case key.Matches(msg, k.SessionTimeline):
		return kit.OpenRoute(route.Timeline{Stage: p.stage, Session: p.session})
	case key.Matches(msg, k.Health) && p.metrics:
		p.health.shown = !p.health.shown
		return p.health.refresh(c, &p.BasePane, p.stage, p.session, p.p.ID)
	case key.Matches(msg, k.Copy):
		return kit.CopyValue(p.p.ID, "participant id")
	case key.Matches(msg, k.Replicas):
		return kit.OpenRoute(route.Replicas{Stage: p.stage, Session: p.session, Participant: p.p})
	case key.Matches(msg, k.Delete):
		return kit.DisconnectDialog(c, p.PaneID, p.stage, p.p)
	}
	return nil
}

func (p *participantPane) CurrentStage() (service.Stage, bool) { return p.stage, true }

// ConsoleTarget is the participant's console page (the root's C).
func (p *participantPane) ConsoleTarget() (ivs.ConsoleTarget, bool) {
	return participantConsole(p.stage, p.session.ID, p.p.ID), true
}

// shownEvents are the events the timeline shows: all, or the errors (x).
func (p *participantPane) shownEvents() []service.Event {
	if !p.errorsOnly {
		return p.events
	}
	var out []service.Event
	for _, e := range p.events {
		if e.IsError() {
			out = append(out, e)
		}
	}
	return out
}

func (p *participantPane) errorCount() int {
	n := 0
	for _, e := range p.events {
		if e.IsError() {
			n++
		}
	}
	return n
}

func (p *participantPane) View(c *kit.Context, w, h int) string {
	s, now := c.Styles, c.CurrentTime()
	x := p.p
	summary := ui.Counted(len(p.events), "event") + " · " + ui.Counted(p.errorCount(), "error")
	if n := p.mode.Note(); n != "" {
		summary += " · " + n
	}
	title := ui.Header(s, "Participant "+ui.Sanitize(kit.DisplayName(x.UserID)), summary, w)
	if p.health.shown {
		return title + "\n" + p.health.view(c, x, p.events, w, h-1)
	}
	fields := []ui.Field{
		{Label: "User id", Value: ui.Sanitize(x.UserID)},
		{Label: "Participant", Value: x.ID},
		{Label: "State", Value: s.StateBadge(x.State)},
		{Label: "Published", Value: yesNo(x.Published)},
		{Label: "Recording", Value: s.RecordingState(x.RecordingState)},
		{Label: "Protocol", Value: ui.Sanitize(x.Protocol)},
		{Label: "First join", Value: ui.TimeAge(x.FirstJoin, now)},
		{Label: "Browser", Value: ui.Sanitize(strings.TrimSpace(x.BrowserName + " " + x.BrowserVersion))},
		{Label: "OS", Value: ui.Sanitize(strings.TrimSpace(x.OSName + " " + x.OSVersion))},
		{Label: "ISP", Value: ui.Sanitize(x.ISPName)},
		{Label: "SDK", Value: ui.Sanitize(x.SDKVersion)},
	}
	if x.RecordingS3Bucket != "" {
		fields = append(fields, ui.Field{Label: "Recording to", Value: ui.Sanitize("s3://" + x.RecordingS3Bucket + "/" + x.RecordingS3Prefix)})
	}
	if x.ReplicationType != "" && x.ReplicationType != "NONE" {
		fields = append(fields, ui.Field{Label: "Replication", Value: ui.Sanitize(x.ReplicationType + " " + x.ReplicationState)})
	}
	if len(p.replicas) > 0 {
		fields = append(fields, ui.Field{Label: "Replicas", Value: replicasText(c, p.replicas) + s.Muted.Render("  (R)")})
	}
	fields = append(fields, ui.Field{Label: "Attributes", Value: ui.Sanitize(kit.TagText(x.Attributes))})
	details := ui.Fields(s, fields, w)
	dh := kit.Lines(details)
	maxDetails := h / 2
	if dh > maxDetails {
		details = ui.Fit(details, w, maxDetails)
		dh = maxDetails
	}
	th := h - 1 - dh - 1
	p.rows = ui.TableBodyHeight(th)
	events, heading, empty := p.events, s.Bold.Render("Events"), "no events yet"
	if p.errorsOnly {
		events, empty = p.shownEvents(), "no error events (x shows every event)"
		heading += "  " + s.Bad.Render("✖ errors only")
	}
	p.mode.Apply(&p.timeline, len(events))
	p.timeline.Fit(len(events), max(p.rows, 1))
	opts := ui.TimelineOptions{Now: now, Explain: ivs.ExplainErrorCode, EmptyText: empty, Wrap: p.mode.Wrap}
	if p.mode.Wrap {
		ui.FitTimeline(&p.timeline, events, opts, w, max(th, 0)) // wrapped notes take more lines
	}
	timeline := ui.RenderTimeline(s, events, opts, p.timeline, w, max(th, 0))
	if th <= 0 {
		return title + "\n" + details
	}
	return title + "\n" + details + "\n" + heading + "\n" + timeline
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
