package model

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/watch"
	"github.com/ivsdash/ivsdash/service"
)

// The root's side of the error watcher (package watch, which knows neither
// Bubble Tea nor the panes): the root tells it what the panes of its stack
// want watched and what their results listed, turns the calls it plans
// into background commands and hands their results back. Only the root's
// Update changes it; panes read it from View through Context.

// watchSource is implemented by panes that know sessions worth watching.
type watchSource interface {
	WatchTargets() []watch.Target
}

// participantLister is implemented by panes whose results list a
// session's participants, which the watcher learns from rather than list
// them again.
type participantLister interface {
	ListedParticipants(msg any) (watch.Listing, bool)
}

type (
	// watchDoneMsg is the result of one of the watcher's calls.
	watchDoneMsg watch.Result
	// watchWakeMsg wakes the scheduler when the spacing of calls allows
	// the next one; gen drops superseded wake-ups.
	watchWakeMsg struct{ gen uint64 }
)

// WatchTargets collects what the panes want watched, from the bottom of
// the stack to the top, so the top-most opened session is read first. Only
// the pane on top polls, so only its list is shared.
func (a *App) WatchTargets() []watch.Target {
	var targets []watch.Target
	for i, p := range a.stack {
		src, ok := p.(watchSource)
		if !ok {
			continue
		}
		for _, t := range src.WatchTargets() {
			t.Lists = t.Lists && i == len(a.stack)-1
			targets = append(targets, t)
		}
	}
	return targets
}

// watchSync tells the watcher what the panes want watched, and schedules.
func (a *App) watchSync() tea.Cmd {
	w := a.ctx.Watch
	if w == nil {
		return nil
	}
	now := a.ctx.CurrentTime()
	w.Want(a.WatchTargets(), now)
	w.Pause(a.paused)
	return tea.Batch(a.watchSchedule(now), a.flashAlert(now))
}

// watchObserve shares with the watcher the participants a pane's result
// listed, before the pane handles it.
func (a *App) watchObserve(p kit.Pane, msg any) {
	if lister, ok := p.(participantLister); ok && a.ctx.Watch != nil {
		if l, ok := lister.ListedParticipants(msg); ok {
			a.ctx.Watch.Observe(l, a.ctx.CurrentTime())
		}
	}
}

// watchUpdate handles the watcher's messages for the root.
func (a *App) watchUpdate(msg tea.Msg) tea.Cmd {
	w := a.ctx.Watch
	now := a.ctx.CurrentTime()
	switch m := msg.(type) {
	case watchDoneMsg:
		w.Done(watch.Result(m))
	case watchWakeMsg:
		if !w.Woken(m.gen) {
			return nil
		}
	case kit.WatchPokeMsg:
		return a.watchSync()
	}
	return tea.Batch(a.watchSchedule(now), a.flashAlert(now))
}

// watchSchedule starts the calls the watcher plans, spaced to its share of
// the budget, and asks to wake it when the next one may start.
func (a *App) watchSchedule(now time.Time) tea.Cmd {
	c := a.ctx
	if c.Client == nil {
		return nil
	}
	// Viewers sharing the client share the watcher's part of the budget.
	plan := c.Watch.Schedule(now, watch.GapsOf(c.Client.Usage()).Times(c.SharedBy()))
	var cmds []tea.Cmd
	for _, job := range plan.Jobs {
		cmds = append(cmds, watchCall(c, job))
	}
	if !plan.Wake.IsZero() {
		gen := plan.WakeGen
		cmds = append(cmds, c.Tick(plan.Wake.Sub(now), func(time.Time) tea.Msg { return watchWakeMsg{gen} }))
	}
	return tea.Batch(cmds...)
}

// watchCall makes a job's call in the background (the budget serves the
// visible pane's calls first).
func watchCall(c *kit.Context, job watch.Job) tea.Cmd {
	client := c.Client
	return func() tea.Msg {
		ctx, cancel := c.BackgroundContext()
		defer cancel()
		r := watch.Result{Job: job}
		arn, sid := job.Session.StageARN, job.Session.SessionID
		switch job.Op {
		case watch.OpList:
			r.Participants, r.Err = client.ListParticipants(ctx, arn, sid, service.ParticipantFilter{}, job.Page())
		case watch.OpEvents:
			r.Events, r.Err = client.ListParticipantEvents(ctx, arn, sid, job.Participant, job.Page())
		}
		r.At = c.CurrentTime()
		return watchDoneMsg(r)
	}
}

// flashAlert shows a pending error alert when its turn has come, ringing
// the bell with --bell.
func (a *App) flashAlert(now time.Time) tea.Cmd {
	if a.status.busy(now) {
		return nil // the answer to the user's key shows first; the alert waits its turn
	}
	alert, ok := a.ctx.Watch.TakeAlert(now)
	if !ok {
		return nil
	}
	if alert.StageName == "" && alert.StageARN != "" {
		// A pushed event can name a stage the watcher never listed; the
		// dashboard may know it from a pane, else its id says which.
		alert.StageName = a.ctx.StageName(alert.StageARN)
	}
	a.status.flash(kit.FlashAlert, kit.AlertText(alert), now)
	if a.ctx.Bell {
		// BEL through Bubble Tea's renderer: never written to stdout directly.
		return tea.Raw("\a")
	}
	return nil
}
