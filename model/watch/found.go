package watch

import (
	"cmp"
	"slices"
	"time"

	"github.com/ivsdash/ivsdash/service"
)

// What the watcher found, for the panes to show.

// pendingAlert is an error event worth a flash, not yet taken.
type pendingAlert struct {
	event     service.Event
	userID    string
	stageName string
	stageARN  string
	session   Key
}

// Alert is a new error event to flash, and how many more came with it.
type Alert struct {
	Event     service.Event
	UserID    string // of the participant, when known (untrusted)
	StageName string // untrusted; "" when the stage was never listed
	StageARN  string
	More      int // further alerts coalesced into this one
}

// TakeAlert returns the alert to flash now, coalescing those that came
// within AlertGap of the last one. The one shown is the first of the
// session on screen, if any: with a thousand stages watched (their errors
// pushed), the others' alerts would otherwise hide it behind "+N more".
func (w *Watcher) TakeAlert(now time.Time) (Alert, bool) {
	if len(w.pending) == 0 || now.Sub(w.lastAlert) < AlertGap {
		return Alert{}, false
	}
	first := w.pending[0]
	if i := slices.IndexFunc(w.pending, func(a pendingAlert) bool { return a.session == w.focus }); i > 0 {
		first = w.pending[i]
	}
	a := Alert{Event: first.event, UserID: first.userID, StageName: first.stageName, StageARN: first.stageARN, More: len(w.pending) - 1}
	w.pending = w.pending[:0]
	w.lastAlert = now
	return a, true
}

// errorCounts are the error events by code over the window.
type errorCounts struct {
	total  int
	byCode map[string]int
}

// sessionErrors counts the errors of one session within the window.
func (w *Watcher) sessionErrors(s *Session, now time.Time) errorCounts {
	out := errorCounts{byCode: map[string]int{}}
	from := now.Add(-w.window)
	for _, p := range s.parts {
		for _, e := range p.errs {
			if e.Time.Before(from) {
				continue
			}
			out.total++
			out.byCode[ErrorKey(e)]++
		}
	}
	return out
}

// StageErrors counts the errors of every watched session of a stage within
// the window; known is false until some participant's events were read.
// The stages pane asks for every row on every render, so the counts of all
// stages are computed once per change and per second.
func (w *Watcher) StageErrors(stageARN string, now time.Time) (n int, known bool) {
	sec := now.Truncate(time.Second)
	if w.stageCache.n == nil || w.stageCache.ver != w.version || !w.stageCache.at.Equal(sec) {
		w.stageCache.ver, w.stageCache.at = w.version, sec
		w.stageCache.n, w.stageCache.known = map[string]int{}, map[string]bool{}
		for _, s := range w.sessions {
			arn := s.key.StageARN
			if s.readCount > 0 || s.pushes > 0 {
				w.stageCache.known[arn] = true
			}
			w.stageCache.n[arn] += w.sessionErrors(s, now).total
		}
	}
	return w.stageCache.n[stageARN], w.stageCache.known[stageARN]
}

// ParticipantErrors counts participant pid's error events within the
// window; known is false until its events were read to the end once.
func (w *Watcher) ParticipantErrors(k Key, pid string, now time.Time) (n int, known bool) {
	s := w.sessions[k]
	if s == nil {
		return 0, false
	}
	p := s.parts[pid]
	if p == nil || !p.read && len(p.pushed) == 0 {
		return 0, false
	}
	from := now.Add(-w.window)
	for _, e := range p.errs {
		if !e.Time.Before(from) {
			n++
		}
	}
	return n, true
}

// ErrorKey groups error events: the code, or the event name when IVS gave
// none.
func ErrorKey(e service.Event) string { return cmp.Or(e.ErrorCode, e.Name) }

// Coverage says how much has been read: of Total participants known in
// Sessions sessions, the events of Read were read to the end; Listing is
// true while some session's participant list was never read to its end
// (so Total is a floor).
type Coverage struct {
	Read, Total int
	Listing     bool
	Sessions    int
}

// Complete reports whether every participant known has been read.
func (c Coverage) Complete() bool { return !c.Listing && c.Read == c.Total }

// Health is when calls last succeeded, and the last failure.
type Health struct {
	LastOK  time.Time
	LastErr error // nil after a success
	ErrAt   time.Time
}

// Coverage is how much of the session has been read.
func (s *Session) Coverage() Coverage {
	return Coverage{Read: s.readCount, Total: len(s.parts), Listing: !s.listed, Sessions: 1}
}

// Health is the state of the watcher's calls for this session.
func (s *Session) Health() Health {
	return Health{LastOK: s.lastOK, LastErr: s.lastErr, ErrAt: s.errAt}
}

// Ended reports whether everyone has left: nothing more will happen.
func (s *Session) Ended() bool { return s.ended }

// Version changes whenever the session does, so views cache what they
// derive from it.
func (s *Session) Version() uint64 { return s.version }

// Events is every event read of the session's participants, merged in
// time order (participants in the order they were found).
func (s *Session) Events() []service.Event {
	per := make([][]service.Event, 0, len(s.order))
	for _, id := range s.order {
		per = append(per, s.parts[id].events)
	}
	return service.MergeEvents(per...)
}

// UserIDs maps the session's participant ids to their user ids
// (untrusted).
func (s *Session) UserIDs() map[string]string {
	out := make(map[string]string, len(s.order))
	for _, id := range s.order {
		out[id] = s.parts[id].p.UserID
	}
	return out
}

// Session is the watched session k, or nil.
func (w *Watcher) Session(k Key) *Session { return w.sessions[k] }

// Version changes whenever any session does (or one is dropped).
func (w *Watcher) Version() uint64 { return w.version }

// Window is how far back errors count.
func (w *Watcher) Window() time.Duration { return w.window }

// Coverage sums every watched session's.
func (w *Watcher) Coverage() Coverage {
	c := Coverage{Sessions: len(w.sessions)}
	for _, s := range w.sessions {
		c.Read += s.readCount
		c.Total += len(s.parts)
		c.Listing = c.Listing || !s.listed
	}
	return c
}

// Health is the latest success and the latest failure over every watched
// session.
func (w *Watcher) Health() Health {
	var h Health
	for _, s := range w.sessions {
		if s.lastOK.After(h.LastOK) {
			h.LastOK = s.lastOK
		}
		if s.lastErr != nil && s.errAt.After(h.ErrAt) {
			h.LastErr, h.ErrAt = s.lastErr, s.errAt
		}
	}
	return h
}

// Participant is what the watcher knows of a participant of session k (its
// id alone when nothing), for opening its pane from a timeline or triage.
func (w *Watcher) Participant(k Key, pid string) service.Participant {
	if s := w.sessions[k]; s != nil {
		if p := s.parts[pid]; p != nil {
			return p.p
		}
	}
	return service.Participant{ID: pid}
}

// Lend is what the watcher can spare an export of session k, so it costs
// few calls: the events of participants read recently (or for good: they
// left), by participant id, and the whole list when it was read to its end
// (nil otherwise). The caller gets copies.
func (w *Watcher) Lend(k Key, now time.Time) (events map[string][]service.Event, parts []service.Participant) {
	events = map[string][]service.Event{}
	s := w.sessions[k]
	if s == nil {
		return events, nil
	}
	for _, id := range s.order {
		p := s.parts[id]
		if p.read && p.next == nil && (p.done || now.Sub(p.lastRead) <= 2*w.interval) {
			events[id] = slices.Clone(p.events)
		}
		if s.listed {
			parts = append(parts, p.p)
		}
	}
	return events, parts
}
