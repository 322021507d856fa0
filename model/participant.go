package model

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
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
	basePane
	stage   service.Stage
	session service.Session
	p       service.Participant

	events    []service.Event
	tailToken string // token of the last events page
	tailStart int    // index in events where the last page begins
	eventsOK  bool
	timeline  ui.TableState
	rows      int
	replicas  []service.Replica // read when it is a replication SOURCE (replicas.go)
}

func newParticipantPane(c *Context, stage service.Stage, session service.Session, p service.Participant) *participantPane {
	pp := &participantPane{stage: stage, session: session, p: p}
	pp.id = c.nextPaneID()
	return pp
}

func (p *participantPane) Kind() string { return "participant" }
func (p *participantPane) Crumb() string {
	if p.p.UserID != "" {
		return p.p.UserID
	}
	return p.p.ID
}

// watchTargets: the session is open.
func (p *participantPane) watchTargets() []watch.Target {
	return []watch.Target{{Stage: p.stage, Session: p.session.ID, Opened: true}}
}

func (p *participantPane) Init(c *Context) tea.Cmd {
	p.load.loading = true
	return tea.Batch(p.get(c), p.eventsFrom(c, "", 0))
}

// Refresh polls while the participant can still change: once it has left
// and its session has ended, its record is final.
func (p *participantPane) Refresh(c *Context) tea.Cmd {
	if !p.session.Live() && !p.p.Connected() && p.eventsOK {
		return nil
	}
	cmds := []tea.Cmd{p.get(c)}
	if !p.reqs.inFlight["events"] {
		cmds = append(cmds, p.eventsFrom(c, p.tailToken, p.tailStart))
	}
	return tea.Batch(cmds...)
}

func (p *participantPane) get(c *Context) tea.Cmd {
	client, arn, sid, id := c.Client, p.stage.ARN, p.session.ID, p.p.ID
	return fetchFor(c, &p.basePane, "participant", false, func(ctx context.Context) (service.Participant, error) {
		return client.GetParticipant(ctx, arn, sid, id)
	})
}

// eventPage is a page of events, where it starts in the timeline, and the
// token that asked for it.
type eventPage struct {
	service.Page[service.Event]
	From  string
	Start int
}

func (p *participantPane) eventsFrom(c *Context, token string, start int) tea.Cmd {
	client, arn, sid, id := c.Client, p.stage.ARN, p.session.ID, p.p.ID
	return fetchFor(c, &p.basePane, "events", true, func(ctx context.Context) (eventPage, error) {
		pg, err := client.ListParticipantEvents(ctx, arn, sid, id, service.PageRequest{Token: token, Max: ivs.MaxPageSize})
		return eventPage{Page: pg, From: token, Start: start}, err
	})
}

// Help declares the keys of Update, and t (the root's).
func (p *participantPane) Help(k *keymap.KeyMap) keymap.Help {
	h := k.DetailHelp(k.Copy, k.ErrorsOnly, k.Token, keymap.As(k.Delete, "disconnect"))
	h.Panes = append(h.Panes, k.SessionTimeline, keymap.As(k.Replicas, "replicas & replication"))
	return h
}

func (p *participantPane) Update(c *Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case fetched[service.Participant]:
		if !p.reqs.done(msg.Kind, msg.Req) {
			return nil
		}
		if msg.Err != nil {
			p.load.fail(msg.Err, msg.At)
			return nil
		}
		p.p = msg.Val
		if p.eventsOK {
			p.load.ok(msg.At)
		}
		return p.fetchReplicas(c)
	case fetched[[]service.Replica]:
		if p.reqs.done(msg.Kind, msg.Req) && msg.Err == nil {
			p.replicas = msg.Val
		}
	case fetched[eventPage]:
		if !p.reqs.done("events", msg.Req) {
			return nil
		}
		if msg.Err != nil {
			p.load.fail(msg.Err, msg.At)
			return nil
		}
		pg := msg.Val
		start := min(pg.Start, len(p.events))
		p.events = append(p.events[:start], pg.Items...)
		if pg.NextToken != "" {
			p.load.progress = fmt.Sprintf("read %d events, more coming", len(p.events))
			if !c.onTop(p.id) {
				// Covered: Refresh goes on from this page when it shows.
				p.tailToken, p.tailStart = pg.NextToken, len(p.events)
				return nil
			}
			return p.eventsFrom(c, pg.NextToken, len(p.events))
		}
		p.tailToken, p.tailStart = pg.From, start
		sort.SliceStable(p.events, func(i, j int) bool { return p.events[i].Time.Before(p.events[j].Time) })
		p.eventsOK = true
		p.load.progress = ""
		p.load.ok(msg.At)
	case actionDoneMsg:
		if msg.err == nil {
			return p.Refresh(c)
		}
	case tea.KeyPressMsg:
		return p.key(c, msg)
	}
	return nil
}

func (p *participantPane) key(c *Context, msg tea.KeyPressMsg) tea.Cmd {
	k := c.Keys
	if moveTable(c, msg, &p.timeline, len(p.events), max(p.rows, 1)) {
		return nil
	}
	switch {
	case key.Matches(msg, k.SessionTimeline):
		return openRoute(route.Timeline{Stage: p.stage, Session: p.session})
	case key.Matches(msg, k.Copy):
		return copyValue(p.p.ID, "participant id")
	case key.Matches(msg, k.Replicas):
		return openRoute(route.Replicas{Stage: p.stage, Session: p.session, Participant: p.p})
	case key.Matches(msg, k.Delete):
		return disconnectDialog(c, p.id, p.stage, p.p)
	}
	return nil
}

func (p *participantPane) CurrentStage() (service.Stage, bool) { return p.stage, true }

func (p *participantPane) errorCount() int {
	n := 0
	for _, e := range p.events {
		if e.IsError() {
			n++
		}
	}
	return n
}

func (p *participantPane) View(c *Context, w, h int) string {
	s, now := c.Styles, c.now()
	x := p.p
	title := ui.Header(s, "Participant "+ui.Sanitize(displayName(x.UserID)), ui.Counted(len(p.events), "event")+" · "+ui.Counted(p.errorCount(), "error"), w)
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
	fields = append(fields, ui.Field{Label: "Attributes", Value: ui.Sanitize(tagText(x.Attributes))})
	details := ui.Fields(s, fields, w)
	dh := lines(details)
	maxDetails := h / 2
	if dh > maxDetails {
		details = ui.Fit(details, w, maxDetails)
		dh = maxDetails
	}
	th := h - 1 - dh - 1
	p.rows = ui.TableBodyHeight(th)
	p.timeline.Fit(len(p.events), max(p.rows, 1))
	timeline := ui.RenderTimeline(s, p.events, ui.TimelineOptions{Now: now, Explain: ivs.ExplainErrorCode, EmptyText: "no events yet"}, p.timeline, w, max(th, 0))
	if th <= 0 {
		return title + "\n" + details
	}
	return title + "\n" + details + "\n" + s.Bold.Render("Events") + "\n" + timeline
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
