package model

import (
	"time"

	tea "charm.land/bubbletea/v2"

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
	watchTargets() []watch.Target
}

// participantLister is implemented by panes whose results list a
// session's participants, which the watcher learns from rather than list
// them again.
type participantLister interface {
	listedParticipants(msg any) (watch.Listing, bool)
}

type (
	// watchDoneMsg is the result of one of the watcher's calls.
	watchDoneMsg watch.Result
	// watchWakeMsg wakes the scheduler when the spacing of calls allows
	// the next one; gen drops superseded wake-ups.
	watchWakeMsg struct{ gen uint64 }
)

// watchTargets collects what the panes want watched, from the bottom of
// the stack to the top, so the top-most opened session is read first. Only
// the pane on top polls, so only its list is shared.
func (a *App) watchTargets() []watch.Target {
	var targets []watch.Target
	for i, p := range a.stack {
		src, ok := p.(watchSource)
		if !ok {
			continue
		}
		for _, t := range src.watchTargets() {
			t.Lists = t.Lists && i == len(a.stack)-1
			targets = append(targets, t)
		}
	}
	return targets
}

// watchSync tells the watcher what the panes want watched, and schedules.
func (a *App) watchSync() tea.Cmd {
	w := a.ctx.watch
	if w == nil {
		return nil
	}
	now := a.ctx.now()
	w.Want(a.watchTargets(), now)
	w.Pause(a.paused)
	return tea.Batch(a.watchSchedule(now), a.flashAlert(now))
}

// watchObserve shares with the watcher the participants a pane's result
// listed, before the pane handles it.
func (a *App) watchObserve(p Pane, msg any) {
	if lister, ok := p.(participantLister); ok && a.ctx.watch != nil {
		if l, ok := lister.listedParticipants(msg); ok {
			a.ctx.watch.Observe(l, a.ctx.now())
		}
	}
}

// watchUpdate handles the watcher's messages for the root.
func (a *App) watchUpdate(msg tea.Msg) tea.Cmd {
	w := a.ctx.watch
	now := a.ctx.now()
	switch m := msg.(type) {
	case watchDoneMsg:
		w.Done(watch.Result(m))
	case watchWakeMsg:
		if !w.Woken(m.gen) {
			return nil
		}
	case watchPokeMsg:
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
	plan := c.watch.Schedule(now, watch.Gap(c.Client.Usage()))
	var cmds []tea.Cmd
	for _, job := range plan.Jobs {
		cmds = append(cmds, watchCall(c, job))
	}
	if !plan.Wake.IsZero() {
		gen := plan.WakeGen
		cmds = append(cmds, c.tick(plan.Wake.Sub(now), func(time.Time) tea.Msg { return watchWakeMsg{gen} }))
	}
	return tea.Batch(cmds...)
}

// watchCall makes a job's call in the background (the budget serves the
// visible pane's calls first).
func watchCall(c *Context, job watch.Job) tea.Cmd {
	client := c.Client
	return func() tea.Msg {
		ctx, cancel := c.backgroundContext()
		defer cancel()
		r := watch.Result{Job: job}
		arn, sid := job.Session.StageARN, job.Session.SessionID
		switch job.Op {
		case watch.OpList:
			r.Participants, r.Err = client.ListParticipants(ctx, arn, sid, service.ParticipantFilter{}, job.Page())
		case watch.OpEvents:
			r.Events, r.Err = client.ListParticipantEvents(ctx, arn, sid, job.Participant, job.Page())
		}
		r.At = c.now()
		return watchDoneMsg(r)
	}
}

// flashAlert shows a pending error alert when its turn has come, ringing
// the bell with --bell.
func (a *App) flashAlert(now time.Time) tea.Cmd {
	if a.status.busy(now) {
		return nil // the answer to the user's key shows first; the alert waits its turn
	}
	alert, ok := a.ctx.watch.TakeAlert(now)
	if !ok {
		return nil
	}
	a.status.flash(flashAlert, alertText(alert), now)
	if a.ctx.Bell {
		// BEL through Bubble Tea's renderer: never written to stdout directly.
		return tea.Raw("\a")
	}
	return nil
}
