package model

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/service"
)

// watchSync is the root's: it collects what the panes want watched, from
// the bottom of the stack to the top, and schedules.
func (a *App) watchSync() tea.Cmd {
	w := a.ctx.watch
	if w == nil {
		return nil
	}
	var targets []watchTarget
	for _, p := range a.stack {
		if src, ok := p.(watchSource); ok {
			targets = append(targets, src.watchTargets()...)
		}
	}
	now := a.ctx.now()
	w.setTargets(targets, now)
	w.shared = sessionKey{}
	if pp, ok := a.top().(*participantsPane); ok && pp.apiFilter() == (service.ParticipantFilter{}) {
		// Its polls read that session's whole list: the watcher shares it.
		w.shared = sessionKey{pp.stage.ARN, pp.session.ID}
	}
	w.paused = a.paused
	return tea.Batch(w.schedule(a.ctx, now), a.flashAlert(now))
}

// watchUpdate handles the watcher's messages for the root.
func (a *App) watchUpdate(msg tea.Msg) tea.Cmd {
	w := a.ctx.watch
	now := a.ctx.now()
	switch m := msg.(type) {
	case watchEventsMsg:
		w.gotEvents(m)
	case watchListMsg:
		w.gotList(m)
	case watchWakeMsg:
		if m.gen != w.wakeGen {
			return nil
		}
		w.wakeAt = time.Time{}
	case watchPokeMsg:
		return a.watchSync()
	}
	return tea.Batch(w.schedule(a.ctx, now), a.flashAlert(now))
}

// flashAlert shows a pending error alert when its turn has come, ringing
// the bell with --bell.
func (a *App) flashAlert(now time.Time) tea.Cmd {
	if a.status.busy(now) {
		return nil // the answer to the user's key shows first; the alert waits its turn
	}
	text, ok := a.ctx.watch.takeAlert(now)
	if !ok {
		return nil
	}
	a.status.flash(flashAlert, text, now)
	if a.ctx.Bell {
		// BEL through Bubble Tea's renderer: never written to stdout directly.
		return tea.Raw("\a")
	}
	return nil
}
