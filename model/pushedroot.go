package model

import (
	"context"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/watch"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/service/pushed"
	"github.com/ivsdash/ivsdash/ui"
)

// The root's side of the pushed events (package pushed reads them from the
// SQS queue in the background): one command at a time waits for the next
// batch and is issued again after each, so Update does no I/O; the
// batch's stage updates go to the error watcher, which merges them with
// what it reads. While the queue answers, publish errors come pushed and
// the watcher reads publishers no more; when it stops answering, the
// watcher polls them again and the status bar says so.

// EventFeed is where pushed events come from: a *pushed.Reader, started.
type EventFeed interface {
	Events() <-chan pushed.Batch
	Health() pushed.Health
}

type (
	// pushedMsg is one batch of pushed events, of feed number gen.
	pushedMsg struct {
		gen   uint64
		batch pushed.Batch
	}
	// pushedClosedMsg: the reader of feed gen stopped (the program is
	// ending, or :ctx switched to another profile's queue).
	pushedClosedMsg struct{ gen uint64 }
	// feedStartedMsg is the feed of a profile switched to, started (or
	// not: err; a nil feed when the profile has no queue).
	feedStartedMsg struct {
		gen     uint64
		profile string
		feed    EventFeed
		stop    func()
		err     error
	}
)

// awaitPushed waits for the next batch of the feed.
func (a *App) awaitPushed() tea.Cmd {
	feed, gen := a.feed, a.feedGen
	if feed == nil {
		return nil
	}
	return func() tea.Msg {
		b, ok := <-feed.Events()
		if !ok {
			return pushedClosedMsg{gen}
		}
		return pushedMsg{gen, b}
	}
}

// switchFeed stops the feed of the profile left and starts the one of the
// profile switched to (its queue in the configuration file), off the
// update loop. Events of another account or region must not mix with
// what the new client lists.
func (a *App) switchFeed(profile string, client *service.Client) tea.Cmd {
	if a.feedStop != nil {
		a.feedStop()
	}
	a.feed, a.feedStop = nil, nil
	a.feedGen++
	if a.eventsFor == nil {
		return nil
	}
	gen, eventsFor := a.feedGen, a.eventsFor
	ctx, cancel := context.WithCancel(a.ctx.Lifetime())
	return func() tea.Msg {
		feed, err := eventsFor(ctx, profile, client)
		return feedStartedMsg{gen: gen, profile: profile, feed: feed, stop: cancel, err: err}
	}
}

// feedStarted puts a switched profile's feed in place, unless another
// switch came since.
func (a *App) feedStarted(m feedStartedMsg) tea.Cmd {
	if m.gen != a.feedGen || m.err != nil || m.feed == nil {
		m.stop()
		if m.gen == a.feedGen && m.err != nil {
			a.status.flash(kit.FlashError, "events queue of profile "+kit.OrDefault(m.profile, "default")+": "+kit.ErrorSentence(m.err)+" · polling instead", a.ctx.CurrentTime())
		}
		return nil
	}
	a.feed, a.feedStop = m.feed, m.stop
	a.syncPushed()
	return a.awaitPushed()
}

// pushedUpdate applies a batch and waits for the next.
func (a *App) pushedUpdate(msg tea.Msg) tea.Cmd {
	if m, closed := msg.(pushedClosedMsg); closed {
		if m.gen == a.feedGen {
			a.syncPushed()
		}
		return nil
	}
	m := msg.(pushedMsg)
	if m.gen != a.feedGen {
		return nil // a batch of the queue of the profile left
	}
	b := m.batch
	now := a.ctx.CurrentTime()
	events := make([]watch.PushedEvent, 0, len(b.StageUpdates))
	for _, u := range b.StageUpdates {
		events = append(events, watch.PushedEvent{ID: u.ID, StageARN: u.StageARN, SessionID: u.SessionID, UserID: u.UserID, Event: u.Event})
	}
	a.ctx.Watch.Push(events, now)
	a.syncPushed()
	for _, c := range b.Compositions {
		if c.Failed() {
			a.failures = append(a.failures, failureText(c.Name, "composition "+lastPart(c.CompositionARN)))
		}
	}
	for _, r := range b.Recordings {
		if r.Failed() {
			a.failures = append(a.failures, failureText(r.Name, "participant "+r.ParticipantID))
		}
	}
	return tea.Batch(a.awaitPushed(), a.watchSchedule(now), a.flashFailure(now), a.flashAlert(now), a.pokeTop(b))
}

// pokeTop refreshes the pane on top when the batch changed what it shows:
// a composition's state or a participant's recording state, at once
// rather than at the next poll.
func (a *App) pokeTop(b pushed.Batch) tea.Cmd {
	kind := a.top().Kind()
	switch {
	case len(b.Compositions) > 0 && strings.HasPrefix(kind, "composition"),
		len(b.Recordings) > 0 && kind == "participant":
		return a.top().Refresh(a.ctx)
	}
	return nil
}

// failureText is a pushed failure's alert: what failed, what it means and
// the usual fix.
func failureText(name, what string) string {
	meaning, fix := ivs.ExplainPushedFailure(name)
	return ui.Sanitize("✖ " + name + " · " + what + " · " + meaning + " · fix: " + fix)
}

// lastPart is the id at the end of an ARN.
func lastPart(arn string) string { return arn[strings.LastIndexByte(arn, '/')+1:] }

// flashFailure flashes the oldest pushed failure not shown yet, as an
// alert, when the status bar is free (coalescing the rest).
func (a *App) flashFailure(now time.Time) tea.Cmd {
	if len(a.failures) == 0 || a.status.busy(now) || a.status.level == kit.FlashAlert && now.Before(a.status.until) {
		return nil
	}
	text := a.failures[0]
	if more := len(a.failures) - 1; more > 0 {
		text += " (+" + strconv.Itoa(more) + " more)"
	}
	a.failures = a.failures[:0]
	a.status.flash(kit.FlashAlert, text, now)
	if a.ctx.Bell {
		return tea.Raw("\a")
	}
	return nil
}

// syncPushed tells the watcher whether publish errors come pushed: while
// the reader runs and the queue answers.
func (a *App) syncPushed() {
	if a.feed == nil || a.ctx.Watch == nil {
		return
	}
	h := a.feed.Health()
	a.ctx.Watch.SetPushed(h.Running && !h.Stopped)
}

// pushedStatus is what the status bar says of the feed ("" without one).
func (a *App) pushedStatus() (text string, down bool) {
	if a.feed == nil {
		return "", false
	}
	h := a.feed.Health()
	return h.Status(a.ctx.CurrentTime()), h.Stopped
}
