package model

import (
	"time"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// Which sessions the error watcher reads: the live sessions of the stages
// on screen in the stages pane (from their activeSessionId), the live ones
// of a stage's sessions pane, and every session the user opened. The root
// asks the panes of its stack, bottom to top, so the top-most opened
// session is the one read first.

func (p *stagesPane) watchTargets() []watchTarget {
	var out []watchTarget
	first, last := p.list.window()
	for row := first; row < last; row++ {
		r := p.list.at(row)
		if r.ActiveSessionID != "" {
			out = append(out, watchTarget{stage: r.Stage, session: r.ActiveSessionID})
		}
	}
	return out
}

func (p *sessionsPane) watchTargets() []watchTarget {
	var out []watchTarget
	for _, s := range p.list.items {
		if s.Live() {
			out = append(out, watchTarget{stage: p.stage, session: s.ID})
		}
	}
	return out
}

func (p *participantsPane) watchTargets() []watchTarget {
	return []watchTarget{{stage: p.stage, session: p.session.ID, opened: true}}
}

func (p *participantPane) watchTargets() []watchTarget {
	return []watchTarget{{stage: p.stage, session: p.session.ID, opened: true}}
}

func (p *timelinePane) watchTargets() []watchTarget {
	return []watchTarget{{stage: p.stage, session: p.session.ID, opened: true}}
}

// participantOf is what the watcher knows of a participant, for opening
// its pane from a timeline or the triage view.
func (w *watcher) participantOf(k sessionKey, pid string) service.Participant {
	if s := w.sessions[k]; s != nil {
		if p := s.parts[pid]; p != nil {
			return p.p
		}
	}
	return service.Participant{ID: pid}
}

// errorCell is a stage's ERRORS cell: "✖ 3" (red, and the symbol reads
// without colour), or "—" when none or not known yet.
func (w *watcher) errorCell(s *ui.Styles, stageARN string, now time.Time) string {
	n, known := w.stageErrors(stageARN, now)
	if !known || n == 0 {
		return s.Muted.Render("—")
	}
	return s.ErrorCount(n)
}
