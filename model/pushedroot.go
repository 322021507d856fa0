package model

import (
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/watch"
	"github.com/ivsdash/ivsdash/service/pushed"
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
		events = append(events, watch.PushedEvent{StageARN: u.StageARN, SessionID: u.SessionID, UserID: u.UserID, Event: u.Event})
	}
	a.ctx.Watch.Push(events, now)
	a.syncPushed()
	return tea.Batch(a.awaitPushed(), a.watchSchedule(now), a.flashAlert(now))
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
