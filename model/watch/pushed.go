package watch

import (
	"slices"
	"time"

	"github.com/ivsdash/ivsdash/service"
)

// Pushed events: IVS sends a participant's publishes, publish errors and
// replications to EventBridge, which the dashboard reads from a queue. They
// merge with what ListParticipantEvents returns: the same event from both
// is one event (the API's copy, which has the error code), and late or
// reordered ones land in time order.

// sameEventWithin: EventBridge's time and the API's of one event differ by
// less than this.
const sameEventWithin = time.Second

// PushedEvent is one event pushed for a participant of a session.
type PushedEvent struct {
	ID        string // EventBridge's event id: a duplicate has the same
	StageARN  string
	SessionID string
	UserID    string // untrusted
	Event     service.Event
}

// SetPushed says whether publish errors are pushed: then the watcher stops
// reading publishers it has read once (their errors come pushed) and
// spends its share on joiners and subscribers. Off again (the queue
// stopped answering), it reads them as before.
func (w *Watcher) SetPushed(on bool) { w.pushed = on }

// Pushed reports whether SetPushed(true) is in force.
func (w *Watcher) Pushed() bool { return w.pushed }

// Push merges pushed events. An event for a session not watched yet starts
// watching it, so it counts in the stage's errors, triage and alerts.
func (w *Watcher) Push(events []PushedEvent, now time.Time) {
	touched := map[*participant]*Session{}
	for _, pe := range events {
		e := pe.Event
		if pe.StageARN == "" || pe.SessionID == "" || e.ParticipantID == "" {
			continue
		}
		s := w.ensure(Key{pe.StageARN, pe.SessionID}, service.Stage{ARN: pe.StageARN}, now)
		p := s.parts[e.ParticipantID]
		if p == nil {
			p = &participant{p: service.Participant{ID: e.ParticipantID, UserID: pe.UserID}, discovered: now, joiner: s.listed}
			s.parts[e.ParticipantID] = p
			s.order = append(s.order, e.ParticipantID)
			s.ended = false
		}
		if pe.ID != "" && slices.Contains(p.pushedIDs, pe.ID) {
			continue // EventBridge delivered it twice
		}
		p.pushed, p.pushedIDs = append(p.pushed, e), append(p.pushedIDs, pe.ID)
		s.pushes++
		touched[p] = s
	}
	for p, s := range touched {
		service.SortEvents(p.pushed)
		w.merge(s, p)
		w.bump(s)
	}
	w.evict()
}

// sameEvent says whether a and b are one event seen twice: same
// participant, name and error code (a pushed publish error has none), and
// times within sameEventWithin.
func sameEvent(a, b service.Event) bool {
	if a.ParticipantID != b.ParticipantID || a.Name != b.Name {
		return false
	}
	if a.ErrorCode != b.ErrorCode && a.ErrorCode != "" && b.ErrorCode != "" {
		return false
	}
	d := a.Time.Sub(b.Time)
	return d < sameEventWithin && d > -sameEventWithin
}

// merge rebuilds p's timeline from what was read and what was pushed,
// and queues alerts for error events not considered before.
func (w *Watcher) merge(s *Session, p *participant) {
	// Each event read stands for at most one pushed: two errors of one
	// second, both pushed, are two events until both are read.
	events := slices.Clone(p.api)
	taken := make([]bool, len(p.api))
	for _, e := range p.pushed {
		if !claim(p.api, taken, e) {
			events = append(events, e)
		}
	}
	service.SortEvents(events)
	p.events = events
	p.readPublishing()
	p.errs = service.ErrorEvents(p.events)
	// Each error considered before matches one of alerted: two errors of
	// one instant are two alerts, one error re-read or pushed again none.
	used := make([]bool, len(p.alerted))
	for _, e := range p.errs {
		if claim(p.alerted, used, e) {
			continue
		}
		p.alerted = append(p.alerted, e)
		since := s.since
		if e.Source == service.SourcePushed {
			since = since.Truncate(time.Second) // EventBridge's times are whole seconds
		}
		if !e.Time.Before(since) {
			w.pending = append(w.pending, pendingAlert{event: e, userID: p.p.UserID, stageName: s.stage.Name, stageARN: s.stage.ARN, session: s.key})
		}
	}
}

// claim finds in events one not yet claimed that is e seen again, and
// claims it: matching one to one, so two like events are two. Only the
// first len(claimed) of events are looked at.
func claim(events []service.Event, claimed []bool, e service.Event) bool {
	for i := range claimed {
		if !claimed[i] && sameEvent(events[i], e) {
			claimed[i] = true
			return true
		}
	}
	return false
}
