package watch

import (
	"time"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/ivs"
)

// Job is one call the watcher wants made: a page of a session's
// participants (OpList) or of one participant's events (OpEvents). The
// root makes it and hands the job back, unchanged, in its Result.
type Job struct {
	Op          string // OpList or OpEvents
	Session     Key
	Participant string // OpEvents: whose events
	Token       string // the page to read: "" for the first
	// Start is where an events page goes in the participant's events, and
	// Scan marks a page of a session's first listing: the watcher's
	// bookkeeping.
	Start int
	Scan  bool
}

// Page is the page request of the job's call.
func (j Job) Page() service.PageRequest {
	return service.PageRequest{Token: j.Token, Max: PageSize}
}

// Plan is what Schedule decided: the calls to start now, and when to wake
// the watcher (Woken with WakeGen) because the spacing of calls will allow
// the next one then; Wake is zero when no wake-up is needed.
type Plan struct {
	Jobs    []Job
	Wake    time.Time
	WakeGen uint64
}

// due says whether participant p should be read now, and its tier: 0 for
// the session on screen, 1 for new joiners (their first events hold the
// JOIN and PUBLISH errors), 2 for publishers, 3 for everyone else. In an
// opened session of more than crowdSize participants only its publishers
// and new joiners are the focus: the crowd listed at first is tier 3.
func (w *Watcher) due(s *Session, p *participant, now time.Time) (tier int, ok bool) {
	if p.done {
		return 0, false
	}
	focus := s.key == w.focus
	if now.Sub(p.failedAt) < w.interval {
		return 0, false
	}
	if w.pushed && p.read && p.publishing() {
		return 0, false // its publish errors come pushed
	}
	if focus && len(s.parts) > crowdSize && !p.joiner && !p.publishing() {
		focus = false // one of a crowd: its turn comes as everyone else's
		if !p.read {
			return 3, true
		}
	}
	if !p.read {
		if focus {
			return 0, true
		}
		return 1, true
	}
	every := 3 * w.interval
	switch {
	case focus:
		every = w.interval
	case p.publishing():
		every = 2 * w.interval
	}
	if now.Sub(p.lastRead) < every {
		return 0, false
	}
	switch {
	case focus:
		return 0, true
	case p.publishing():
		return 2, true
	}
	return 3, true
}

// pickEvents chooses the next ListParticipantEvents call: a page that
// continues a read first; else, two turns in three, the highest tier
// (publishers first in one of those turns, the unread in the other; unread
// newest first, else the longest wait), and one turn in three whoever has
// waited longest.
func (w *Watcher) pickEvents(now time.Time) (Job, bool) {
	type cand struct {
		s    *Session
		p    *participant
		tier int
	}
	var best cand
	roundRobin := (w.picks+1)%roundRobinEvery == 0
	// The other turns alternate within a tier: publishers first, then the
	// unread (new joiners) first, so in a big session a stream of joiners
	// never starves the publishers, nor the reverse.
	publishersTurn := w.picks%roundRobinEvery == 0
	better := func(a, b *cand) bool {
		if !roundRobin {
			if a.tier != b.tier {
				return a.tier < b.tier
			}
			if publishersTurn {
				if pa, pb := a.p.publishing(), b.p.publishing(); pa != pb {
					return pa
				}
			} else if a.p.read != b.p.read {
				return !a.p.read
			}
			if !a.p.read && !b.p.read && !a.p.discovered.Equal(b.p.discovered) {
				return a.p.discovered.After(b.p.discovered) // newest joiner first
			}
		}
		if wa, wb := a.p.waitingSince(), b.p.waitingSince(); !wa.Equal(wb) {
			return wa.Before(wb)
		}
		return a.p.p.ID < b.p.p.ID // deterministic
	}
	for _, s := range w.sessions {
		if s.ended {
			continue
		}
		for _, id := range s.order {
			p := s.parts[id]
			if p.next != nil {
				return *p.next, true
			}
			tier, ok := w.due(s, p, now)
			if !ok {
				continue
			}
			if c := (cand{s, p, tier}); best.p == nil || better(&c, &best) {
				best = c
			}
		}
	}
	if best.p == nil {
		return Job{}, false
	}
	w.picks++
	return Job{Op: OpEvents, Session: best.s.key, Participant: best.p.p.ID, Token: best.p.tailToken, Start: best.p.tailStart}, true
}

// pickList chooses the next ListParticipants call: the first listing of a
// session (focus first), else the tail of the session whose list is the
// most overdue (every interval for the focus, six for the others: the
// stages pane's figures bring their connected participants meanwhile, and
// its own ListParticipants calls already use much of that budget).
func (w *Watcher) pickList(now time.Time) (Job, bool) {
	var best *Session
	bestOver := time.Duration(-1 << 62)
	for _, s := range w.sessions {
		if s.ended || s.key == w.shared {
			continue // the pane on screen lists it: Observe shares its pages
		}
		every := 6 * w.interval
		if s.key == w.focus {
			every = w.interval
		}
		over := now.Sub(s.lastList) - every
		if !s.listed {
			over = 1 << 61 // never listed: first
			if s.key == w.focus {
				over = 1 << 62
			}
			if s.listErr != nil && now.Sub(s.lastList) < w.interval {
				continue // its first listing failed: again in an interval, not at once
			}
		}
		if over < 0 {
			continue
		}
		if over > bestOver || over == bestOver && best != nil && s.key.SessionID < best.key.SessionID {
			best, bestOver = s, over
		}
	}
	if best == nil {
		return Job{}, false
	}
	if !best.listed {
		return Job{Op: OpList, Session: best.key, Token: best.scanToken, Scan: true}, true
	}
	return Job{Op: OpList, Session: best.key, Token: best.tailToken}, true
}

// Gap is the spacing of one operation's watcher calls: Share of what the
// budget allows that operation per minute now (less after throttling).
func Gap(u budget.Usage) time.Duration {
	if u.Unlimited {
		return 0
	}
	perMin := 0.0
	for _, g := range u.Groups {
		if g.Group == ivs.GroupOf(OpEvents) {
			perMin = g.AllowedPerMinute
		}
	}
	if perMin <= 0 {
		return time.Second
	}
	return time.Duration(float64(time.Minute) / (perMin * Share))
}

// Schedule plans the next call of each idle operation when its spacing
// (gap, see Gap) allows, and a wake-up for when it will. It never plans a
// second call of an operation that has one in flight: the jobs it returns
// are in flight until their Result is Done. Paused, it plans nothing.
func (w *Watcher) Schedule(now time.Time, gap time.Duration) Plan {
	var plan Plan
	if w.paused {
		return plan
	}
	var wake time.Time
	for _, op := range []string{OpList, OpEvents} {
		if w.inFlight[op] {
			continue
		}
		if next := w.lastStart[op].Add(gap); now.Before(next) {
			if w.hasWork(op, now) && (wake.IsZero() || next.Before(wake)) {
				wake = next
			}
			continue
		}
		pick := w.pickEvents
		if op == OpList {
			pick = w.pickList
		}
		if job, ok := pick(now); ok {
			w.inFlight[op], w.lastStart[op] = true, now
			plan.Jobs = append(plan.Jobs, job)
		}
	}
	if !wake.IsZero() && (!w.wakeAt.After(now) || wake.Before(w.wakeAt)) {
		w.wakeGen++
		w.wakeAt = wake
		plan.Wake, plan.WakeGen = wake, w.wakeGen
	}
	return plan
}

// Woken reports whether the wake-up of generation gen is the latest one
// (older ones were superseded and are dropped), and clears it: Schedule
// may plan the next.
func (w *Watcher) Woken(gen uint64) bool {
	if gen != w.wakeGen {
		return false
	}
	w.wakeAt = time.Time{}
	return true
}

// hasWork reports whether op would have a call to make now.
func (w *Watcher) hasWork(op string, now time.Time) bool {
	if op == OpList {
		_, ok := w.pickList(now)
		return ok
	}
	picks := w.picks
	_, ok := w.pickEvents(now)
	w.picks = picks // a look, not a pick
	return ok
}
