package watch

import (
	"time"

	"github.com/ivsdash/ivsdash/service"
)

// Result is the answer to a Job's call.
type Result struct {
	Job          Job
	Participants service.Page[service.Participant] // of an OpList job
	Events       service.Page[service.Event]       // of an OpEvents job
	Err          error
	At           time.Time // when it was answered
}

// Done applies the result of a job Schedule planned, which frees its
// operation for the next call.
func (w *Watcher) Done(r Result) {
	switch r.Job.Op {
	case OpList:
		w.gotList(r)
	case OpEvents:
		w.gotEvents(r)
	}
}

// gotList applies a participants page.
func (w *Watcher) gotList(m Result) {
	w.inFlight[OpList] = false
	s := w.sessions[m.Job.Session]
	if s == nil {
		return // evicted meanwhile
	}
	s.lastList = m.At
	if m.Err != nil {
		s.listErr, s.lastErr, s.errAt = m.Err, m.Err, m.At
		w.bump(s)
		return
	}
	s.listErr = nil
	pg := m.Participants
	w.learn(s, pg.Items, m.At)
	switch {
	case pg.NextToken != "" && m.Job.Scan:
		s.scanToken = pg.NextToken
		s.lastList = time.Time{} // the first listing goes on at once
	case pg.NextToken != "":
		// New joiners filled the last page: follow them next time.
		s.tailToken = pg.NextToken
		s.lastList = time.Time{}
	default:
		s.listed, s.scanToken, s.tailToken = true, "", m.Job.Token
	}
	w.checkEnded(s)
}

// gotEvents applies an events page, queueing alerts for new errors.
func (w *Watcher) gotEvents(m Result) {
	w.inFlight[OpEvents] = false
	s := w.sessions[m.Job.Session]
	if s == nil {
		return
	}
	p := s.parts[m.Job.Participant]
	if p == nil {
		return
	}
	p.next = nil
	if m.Err != nil {
		// Counts as a read attempt, so one failing participant does not
		// take every turn; it comes round again.
		p.failedAt = m.At
		s.lastErr, s.errAt = m.Err, m.At
		w.bump(s)
		return
	}
	items := m.Events.Items
	start := min(m.Job.Start, len(p.api))
	for i := range items {
		if items[i].ParticipantID == "" {
			items[i].ParticipantID = p.p.ID
		}
	}
	p.api = append(p.api[:start], items...)
	if m.Events.NextToken != "" {
		p.next = &Job{Op: OpEvents, Session: s.key, Participant: p.p.ID, Token: m.Events.NextToken, Start: len(p.api)}
		w.bump(s)
		return
	}
	p.tailToken, p.tailStart = m.Job.Token, start
	service.SortEvents(p.api)
	if !p.read {
		s.readCount++
	}
	p.read, p.lastRead = true, m.At
	s.lastOK, s.lastErr = m.At, nil
	w.merge(s, p)
	// Done when its timeline ended with LEFT, or when the list said it had
	// disconnected before this read: its record cannot grow any more (a
	// rejoin under the same id shows CONNECTED in a later listing, and
	// learn puts it back in the rounds).
	if n := len(p.events); n > 0 && p.events[n-1].Name == "LEFT" || p.p.State == service.StateDisconnected {
		p.done = true
	}
	w.checkEnded(s)
	w.bump(s)
}

// checkEnded marks a session over once it was listed and every participant
// has left: IVS ends a session when its last participant leaves.
func (w *Watcher) checkEnded(s *Session) {
	if !s.listed || len(s.parts) == 0 {
		return
	}
	for _, p := range s.parts {
		if !p.done {
			return
		}
	}
	s.ended = true
}
