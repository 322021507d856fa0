package watch

import (
	"cmp"
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
// (publishers first in one of those turns, the unread in the other: new
// joiners first, in the order they joined, or newest first when more wait
// than can be read soon; else the longest wait), and one turn in three
// (six while publishers are pushed and joiners behind) whoever has waited
// longest.
//
// The joiners' order adapts to the load (adaptive LIFO): while the unread
// joiners are few enough to be read within joinersSoon, the first come are
// read first, so none waits behind later ones; when more join than the
// budget can read (a big session joins about one a second, more than half
// the events budget), the newest are read first, so those read are read
// at once rather than everyone late, and the status bar's coverage says
// how many are not.
func (w *Watcher) pickEvents(now time.Time) (Job, bool) {
	type cand struct {
		s    *Session
		p    *participant
		tier int
	}
	var best cand
	every := roundRobinEvery
	if w.pushed && w.joinersBehind {
		// Publishers are pushed and joiners come faster than their turns
		// read them: fewer round-robin turns, so the joiners catch up
		// (the crowd read in turn gains little from a few more calls).
		every = roundRobinEveryJoinersBehind
	}
	roundRobin := (w.picks+1)%every == 0
	// The other turns alternate within a tier: publishers first, then the
	// unread (new joiners) first, so in a big session a stream of joiners
	// never starves the publishers, nor the reverse. A publishers' turn
	// with no publisher due (their errors pushed) goes to the unread too.
	publishersTurn := w.picks%every == 0
	// Two bests, one per order of the joiners: the backlog, counted in
	// the same pass, decides which is taken.
	var newest cand
	var waiting [2]int // unread joiners due, by tier (0, 1)
	better := func(a, b *cand, newestFirst bool) bool {
		if !roundRobin {
			if a.tier != b.tier {
				return a.tier < b.tier
			}
			if publishersTurn {
				if pa, pb := a.p.publishing(), b.p.publishing(); pa != pb {
					return pa
				}
			}
			if a.p.read != b.p.read {
				return !a.p.read
			}
			if !a.p.read && !b.p.read && a.p.joiner != b.p.joiner {
				return a.p.joiner // their first events hold the JOIN errors
			}
			if !a.p.read && !b.p.read {
				// Listed later, or in the same page joined later.
				c := cmp.Or(a.p.discovered.Compare(b.p.discovered), a.p.p.FirstJoin.Compare(b.p.p.FirstJoin))
				if c != 0 {
					return c > 0 == newestFirst
				}
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
			if !p.read && p.joiner && tier <= 1 {
				waiting[tier]++
			}
			c := cand{s, p, tier}
			if best.p == nil || better(&c, &best, false) {
				best = c
			}
			if newest.p == nil || better(&c, &newest, true) {
				newest = c
			}
		}
	}
	// The joiners of the first tier that has some are read first: only
	// their number says whether they are behind (a watched session's
	// joiners, tier 1, wait behind the session on screen's anyway).
	first := waiting[0]
	if first == 0 {
		first = waiting[1]
	}
	w.joinersBehind = first > w.joinersSoon()
	if w.joinersBehind {
		best = newest
	}
	if best.p == nil {
		return Job{}, false
	}
	w.picks++
	return Job{Op: OpEvents, Session: best.s.key, Participant: best.p.p.ID, Token: best.p.tailToken, Start: best.p.tailStart}, true
}

// joinersSoon is how many unread joiners the picks meant for them (two in
// three) read within joinersSoonFor at the current spacing of events calls.
func (w *Watcher) joinersSoon() int {
	if w.gaps.Events <= 0 {
		return 1 << 30 // unlimited: every joiner is read at once
	}
	return int(joinersSoonFor * (roundRobinEvery - 1) / roundRobinEvery / w.gaps.Events)
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

// Gaps are the spacings of the watcher's calls, per operation.
type Gaps struct{ List, Events time.Duration }

// of is op's spacing.
func (g Gaps) of(op string) time.Duration {
	if op == OpList {
		return g.List
	}
	return g.Events
}

// Times spaces both n times wider: n viewers share the watcher's part.
func (g Gaps) Times(n int) Gaps {
	return Gaps{g.List * time.Duration(n), g.Events * time.Duration(n)}
}

// GapsOf are the spacings that keep each operation's watcher calls within
// its share (ListShare, EventsShare or, beside an export,
// EventsShareBesideBulk) of what the budget allows it per minute now (less
// after throttling).
func GapsOf(u budget.Usage) Gaps {
	if u.Unlimited {
		return Gaps{}
	}
	gap := func(op string, share float64) time.Duration {
		perMin := 0.0 // the budget's figure is per operation of the group
		for _, g := range u.Groups {
			if g.Group == ivs.GroupOf(op) {
				perMin = g.AllowedPerMinute
			}
		}
		if perMin <= 0 {
			return time.Second
		}
		return time.Duration(float64(time.Minute) / (perMin * share))
	}
	events := EventsShare
	if u.Bulk {
		events = EventsShareBesideBulk
	}
	return Gaps{List: gap(OpList, ListShare), Events: gap(OpEvents, events)}
}

// Schedule plans the next call of each idle operation when its spacing
// (see GapsOf) allows, and a wake-up for when it will. It never plans a
// second call of an operation that has one in flight: the jobs it returns
// are in flight until their Result is Done. Paused, it plans nothing.
func (w *Watcher) Schedule(now time.Time, gaps Gaps) Plan {
	var plan Plan
	w.gaps = gaps
	if w.paused {
		return plan
	}
	var wake time.Time
	for _, op := range []string{OpList, OpEvents} {
		if w.inFlight[op] {
			continue
		}
		if next := w.lastStart[op].Add(gaps.of(op)); now.Before(next) {
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
