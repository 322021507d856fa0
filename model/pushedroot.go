package model

import (
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/watch"
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
	// pushedMsg is one batch of pushed events.
	pushedMsg pushed.Batch
	// pushedClosedMsg: the reader stopped (the program is ending).
	pushedClosedMsg struct{}
)

// awaitPushed waits for the next batch of the feed.
func (a *App) awaitPushed() tea.Cmd {
	feed := a.feed
	if feed == nil {
		return nil
	}
	return func() tea.Msg {
		b, ok := <-feed.Events()
		if !ok {
			return pushedClosedMsg{}
		}
		return pushedMsg(b)
	}
}

// pushedUpdate applies a batch and waits for the next.
func (a *App) pushedUpdate(msg tea.Msg) tea.Cmd {
	if _, closed := msg.(pushedClosedMsg); closed {
		a.syncPushed()
		return nil
	}
	b := pushed.Batch(msg.(pushedMsg))
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
