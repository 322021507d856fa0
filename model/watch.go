package model

import (
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// The error watcher reads participant events in the background, because the
// API has no session-wide events call: ListParticipantEvents answers for one
// participant at a time, under a 5 TPS quota shared with production. It is
// owned by the root (it outlives pane changes) and keeps, per watched
// session and participant, the events read so far and the token of the last
// events page, so each re-read costs one call from where it stopped.
//
// It never has more than one call in flight per operation, and it spaces
// its calls to use at most watchShare of what the budget allows that
// operation, so interactive calls always find room; its calls are marked
// background, so the budget serves the visible pane's calls before them.

const (
	opEvents = "ListParticipantEvents"
	opList   = "ListParticipants"

	// watchShare is the part of an operation's budget the watcher may use.
	watchShare = 0.5
	// maxWatched bounds the sessions kept; ended and least wanted go first.
	maxWatched = 32
	// watchPage is the page size of the watcher's list and events calls.
	watchPage = 100
	// roundRobinEvery: one pick in this many goes to whoever has waited
	// longest, so a flood of new joiners never starves the rest.
	roundRobinEvery = 3
	// crowdSize: in an opened session listing more participants than this
	// (ten pages), the watcher's focus is the publishers and new joiners;
	// the rest of the crowd is read as everyone else is, in turn.
	crowdSize = 1000
	// alertGap is the least time between two error alerts; alerts in
	// between are coalesced ("+3 more").
	alertGap = 5 * time.Second
	// defaultErrorWindow is --error-window's default.
	defaultErrorWindow = 15 * time.Minute
)

// sessionKey names a watched session.
type sessionKey struct{ stageARN, sessionID string }

// watchTarget is a session a pane wants watched.
type watchTarget struct {
	stage   service.Stage // ARN and name at least
	session string
	// opened: the user opened this session (participants, a participant,
	// its timeline), as opposed to it being live on a visible stage row.
	opened bool
}

// watchSource is implemented by panes that know sessions worth watching.
type watchSource interface {
	watchTargets() []watchTarget
}

// watchedParticipant is one participant and what was read of its events.
type watchedParticipant struct {
	p          service.Participant // summary, from ListParticipants
	discovered time.Time
	joiner     bool // joined (or came back) after the session's first full listing
	eventsSay  int8 // publishing by the events: see readPublishing

	events    []service.Event
	errs      []service.Event // the error events of events, in order
	alerted   int             // errs already considered for alerts
	tailToken string          // token that asked for the last events page
	tailStart int             // index in events where that page begins
	read      bool            // events read to the end at least once
	lastRead  time.Time
	next      *eventsJob // a further page of a read in progress
	failedAt  time.Time  // last failed read, so a failing one waits its turn
	// done: its timeline ended with LEFT, or it was read after the list
	// showed it disconnected; not read again unless listed connected.
	done bool
}

// publishing comes from the events once read (fresher than the listing),
// else from the listing.
func (p *watchedParticipant) publishing() bool {
	if p.eventsSay != 0 {
		return p.eventsSay > 0
	}
	return p.p.Published
}

// readPublishing caches what the events say of publishing (the scheduler
// asks for every participant at every pick): 1 publishing, -1 not, 0 they
// do not say.
func (p *watchedParticipant) readPublishing() {
	p.eventsSay = 0
	for i := len(p.events) - 1; i >= 0; i-- {
		switch p.events[i].Name {
		case "PUBLISH_STOPPED", "LEFT":
			p.eventsSay = -1
			return
		case "PUBLISH_STARTED":
			p.eventsSay = 1
			return
		}
	}
}

// waitingSince is how long it has waited for a read: round robin serves
// the longest wait.
func (p *watchedParticipant) waitingSince() time.Time {
	if p.read {
		return p.lastRead
	}
	return p.discovered
}

// watchedSession is one session and its participants.
type watchedSession struct {
	key       sessionKey
	stage     service.Stage
	since     time.Time // watching began: older errors are history, not alerts
	wantedAt  time.Time // last time a pane asked for it
	opened    bool      // a pane of this session is open
	ended     bool      // everyone has left: nothing more will happen
	parts     map[string]*watchedParticipant
	order     []string // participant ids in discovery order
	readCount int      // participants whose events were read to the end

	listed    bool   // the participant list was read to its end once
	scanToken string // next page of the first listing
	tailToken string // token that asked for the last participants page
	lastList  time.Time
	listErr   error

	lastOK  time.Time
	lastErr error
	errAt   time.Time
	version uint64 // bumps on every change, so views cache what they derive
}

// eventsJob is one ListParticipantEvents call.
type eventsJob struct {
	key   sessionKey
	pid   string
	token string
	start int // index in the participant's events where the page goes
}

// listJob is one ListParticipants call.
type listJob struct {
	key   sessionKey
	token string
	scan  bool // part of the first listing (else a re-read of the tail)
}

// Results of the watcher's calls; the root hands them to the watcher.
type (
	watchEventsMsg struct {
		job eventsJob
		pg  service.Page[service.Event]
		err error
		at  time.Time
	}
	watchListMsg struct {
		job listJob
		pg  service.Page[service.Participant]
		err error
		at  time.Time
	}
	// watchWakeMsg wakes the scheduler when the spacing of calls allows
	// the next one; gen drops superseded wake-ups.
	watchWakeMsg struct{ gen uint64 }
	// watchPokeMsg asks the root to sync targets and schedule now.
	watchPokeMsg struct{}
)

// watchAlert is an error event worth a flash.
type watchAlert struct {
	event     service.Event
	userID    string
	stageName string
}

// watcher is the background error watcher. Only the root's Update touches
// it; panes read it from View through Context.
type watcher struct {
	window   time.Duration
	interval time.Duration
	sessions map[sessionKey]*watchedSession
	focus    sessionKey // the session on screen, read first
	shared   sessionKey // listed by the participants pane on screen: not listed here
	paused   bool

	inFlight  map[string]bool
	lastStart map[string]time.Time
	picks     int // events picks made, for the round-robin turn
	wakeGen   uint64
	wakeAt    time.Time

	pending   []watchAlert
	lastAlert time.Time

	version uint64 // bumps with any session's

	stageCache struct { // stageErrors' counts at (version, second)
		ver   uint64
		at    time.Time
		n     map[string]int
		known map[string]bool
	}
}

func newWatcher(window, interval time.Duration) *watcher {
	if window <= 0 {
		window = defaultErrorWindow
	}
	if interval <= 0 {
		interval = 5 * time.Second
	}
	return &watcher{
		window:    window,
		interval:  interval,
		sessions:  map[sessionKey]*watchedSession{},
		inFlight:  map[string]bool{},
		lastStart: map[string]time.Time{},
	}
}

// setTargets records what the panes want watched now. The focus is the
// session of the top-most pane that opened one; sessions stay watched
// after their pane closes, until evicted.
func (w *watcher) setTargets(targets []watchTarget, now time.Time) {
	w.focus = sessionKey{}
	for _, s := range w.sessions {
		s.opened = false
	}
	for _, t := range targets {
		if t.stage.ARN == "" || t.session == "" {
			continue
		}
		k := sessionKey{t.stage.ARN, t.session}
		s := w.ensure(k, t.stage, now)
		s.wantedAt = now
		if t.opened {
			s.opened = true
			w.focus = k // targets come bottom to top: the last opened wins
		}
	}
	w.evict()
}

func (w *watcher) ensure(k sessionKey, stage service.Stage, now time.Time) *watchedSession {
	s := w.sessions[k]
	if s == nil {
		s = &watchedSession{key: k, stage: stage, since: now, wantedAt: now, parts: map[string]*watchedParticipant{}}
		w.sessions[k] = s
		w.bump(s)
	}
	if stage.Name != "" {
		s.stage.Name = stage.Name
	}
	return s
}

// evict keeps at most maxWatched sessions: ended ones go first, then the
// least recently wanted; open ones and the focus stay.
func (w *watcher) evict() {
	if len(w.sessions) <= maxWatched {
		return
	}
	all := make([]*watchedSession, 0, len(w.sessions))
	for _, s := range w.sessions {
		all = append(all, s)
	}
	slices.SortFunc(all, func(a, b *watchedSession) int {
		if a.ended != b.ended {
			if a.ended {
				return -1
			}
			return 1
		}
		return a.wantedAt.Compare(b.wantedAt)
	})
	for _, s := range all {
		if len(w.sessions) <= maxWatched {
			return
		}
		if s.opened || s.key == w.focus {
			continue
		}
		delete(w.sessions, s.key)
		w.version++
	}
}

func (w *watcher) bump(s *watchedSession) {
	s.version++
	w.version++
}

// learn merges participants someone listed (the watcher's own pages, or a
// participants pane's): new ones are added, known ones updated.
func (w *watcher) learn(s *watchedSession, items []service.Participant, at time.Time) {
	for _, it := range items {
		if it.ID == "" {
			continue
		}
		p := s.parts[it.ID]
		if p == nil {
			s.parts[it.ID] = &watchedParticipant{p: it, discovered: at, joiner: s.listed}
			s.order = append(s.order, it.ID)
			s.ended = false
			continue
		}
		if it.UserID == "" {
			it.UserID = p.p.UserID
		}
		p.p = it
		if p.done && it.Connected() {
			p.done = false // joined again with the same id
			p.joiner = s.listed
			s.ended = false
		}
	}
	w.bump(s)
}

// observePane lets the watcher share what panes listed: the participants
// pane's pages (so a session open on screen is not listed twice) and the
// connected participants and publishers the stages pane reads for its
// figures (so joiners still connected are found without a call).
func (w *watcher) observePane(p Pane, msg any, now time.Time) {
	if sp, ok := p.(*stagesPane); ok {
		if m, ok := msg.(fetched[liveInfo]); ok && m.Err == nil {
			if s := w.sessions[sessionKey{sp.enriched, m.Val.sessionID}]; s != nil {
				w.learn(s, m.Val.seen, m.At)
			}
		}
		return
	}
	pp, ok := p.(*participantsPane)
	if !ok {
		return
	}
	k := sessionKey{pp.stage.ARN, pp.session.ID}
	s := w.sessions[k]
	if s == nil {
		s = w.ensure(k, pp.stage, now)
		s.wantedAt = now
	}
	unfiltered := pp.apiFilter() == (service.ParticipantFilter{})
	switch m := msg.(type) {
	case fetched[pagedFrom]:
		if m.Err != nil {
			return
		}
		w.learn(s, m.Val.Items, m.At)
		if !unfiltered || m.Val.NextToken != "" || (m.Kind != "scan" && m.Kind != "tail") {
			return
		}
		// The pane read the unfiltered list to its end: its last page's
		// token is as good as one of the watcher's own (same scope).
		s.listed, s.scanToken, s.tailToken, s.lastList = true, "", m.Val.From, m.At
	case fetched[[]service.Participant]:
		if m.Err == nil {
			w.learn(s, m.Val, m.At)
		}
	}
}

// due says whether participant p should be read now, and its tier: 0 for
// the session on screen, 1 for new joiners (their first events hold the
// JOIN and PUBLISH errors), 2 for publishers, 3 for everyone else. In an
// opened session of more than crowdSize participants only its publishers
// and new joiners are the focus: the crowd listed at first is tier 3.
func (w *watcher) due(s *watchedSession, p *watchedParticipant, now time.Time) (tier int, ok bool) {
	if p.done {
		return 0, false
	}
	focus := s.key == w.focus
	if now.Sub(p.failedAt) < w.interval {
		return 0, false
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
func (w *watcher) pickEvents(now time.Time) (eventsJob, bool) {
	type cand struct {
		s    *watchedSession
		p    *watchedParticipant
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
		return eventsJob{}, false
	}
	w.picks++
	return eventsJob{key: best.s.key, pid: best.p.p.ID, token: best.p.tailToken, start: best.p.tailStart}, true
}

// pickList chooses the next ListParticipants call: the first listing of a
// session (focus first), else the tail of the session whose list is the
// most overdue (every interval for the focus, six for the others: the
// stages pane's figures bring their connected participants meanwhile, and
// its own ListParticipants calls already use much of that budget).
func (w *watcher) pickList(now time.Time) (listJob, bool) {
	var best *watchedSession
	bestOver := time.Duration(-1 << 62)
	for _, s := range w.sessions {
		if s.ended || s.key == w.shared {
			continue // the participants pane on screen lists it: observePane shares its pages
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
		if over > bestOver || over == bestOver && best != nil && s.key.sessionID < best.key.sessionID {
			best, bestOver = s, over
		}
	}
	if best == nil {
		return listJob{}, false
	}
	if !best.listed {
		return listJob{key: best.key, token: best.scanToken, scan: true}, true
	}
	return listJob{key: best.key, token: best.tailToken}, true
}

// gap is the spacing of one operation's calls: watchShare of what the
// budget allows that operation per minute now (less after throttling).
func (w *watcher) gap(c *Context) time.Duration {
	if c.Client == nil {
		return time.Second
	}
	u := c.Client.Usage()
	if u.Unlimited {
		return 0
	}
	perMin := 0.0
	for _, g := range u.Groups {
		if g.Group == service.GroupOf(opEvents) {
			perMin = g.AllowedPerMinute
		}
	}
	if perMin <= 0 {
		return time.Second
	}
	return time.Duration(float64(time.Minute) / (perMin * watchShare))
}

// schedule starts the next call of each idle operation when its spacing
// allows, and asks to be woken when it will. It never starts a second call
// of an operation that has one in flight.
func (w *watcher) schedule(c *Context, now time.Time) tea.Cmd {
	if c.Client == nil || w.paused {
		return nil
	}
	gap := w.gap(c)
	var cmds []tea.Cmd
	var wake time.Time
	for _, op := range []string{opList, opEvents} {
		if w.inFlight[op] {
			continue
		}
		if next := w.lastStart[op].Add(gap); now.Before(next) {
			if w.hasWork(op, now) && (wake.IsZero() || next.Before(wake)) {
				wake = next
			}
			continue
		}
		var cmd tea.Cmd
		if op == opList {
			if job, ok := w.pickList(now); ok {
				cmd = w.startList(c, job)
			}
		} else if job, ok := w.pickEvents(now); ok {
			cmd = w.startEvents(c, job)
		}
		if cmd != nil {
			w.inFlight[op], w.lastStart[op] = true, now
			cmds = append(cmds, cmd)
		}
	}
	if !wake.IsZero() && (!w.wakeAt.After(now) || wake.Before(w.wakeAt)) {
		w.wakeGen++
		w.wakeAt = wake
		gen := w.wakeGen
		cmds = append(cmds, c.tick(wake.Sub(now), func(time.Time) tea.Msg { return watchWakeMsg{gen} }))
	}
	return tea.Batch(cmds...)
}

// hasWork reports whether op would have a call to make now.
func (w *watcher) hasWork(op string, now time.Time) bool {
	if op == opList {
		_, ok := w.pickList(now)
		return ok
	}
	picks := w.picks
	_, ok := w.pickEvents(now)
	w.picks = picks // a look, not a pick
	return ok
}

func (w *watcher) startEvents(c *Context, job eventsJob) tea.Cmd {
	client := c.Client
	return func() tea.Msg {
		ctx, cancel := c.backgroundContext()
		defer cancel()
		pg, err := client.ListParticipantEvents(ctx, job.key.stageARN, job.key.sessionID, job.pid, service.PageRequest{Token: job.token, Max: watchPage})
		return watchEventsMsg{job: job, pg: pg, err: err, at: c.now()}
	}
}

func (w *watcher) startList(c *Context, job listJob) tea.Cmd {
	client := c.Client
	return func() tea.Msg {
		ctx, cancel := c.backgroundContext()
		defer cancel()
		pg, err := client.ListParticipants(ctx, job.key.stageARN, job.key.sessionID, service.ParticipantFilter{}, service.PageRequest{Token: job.token, Max: watchPage})
		return watchListMsg{job: job, pg: pg, err: err, at: c.now()}
	}
}

// gotList applies a participants page.
func (w *watcher) gotList(m watchListMsg) {
	w.inFlight[opList] = false
	s := w.sessions[m.job.key]
	if s == nil {
		return // evicted meanwhile
	}
	s.lastList = m.at
	if m.err != nil {
		s.listErr, s.lastErr, s.errAt = m.err, m.err, m.at
		w.bump(s)
		return
	}
	s.listErr = nil
	w.learn(s, m.pg.Items, m.at)
	switch {
	case m.pg.NextToken != "" && m.job.scan:
		s.scanToken = m.pg.NextToken
		s.lastList = time.Time{} // the first listing goes on at once
	case m.pg.NextToken != "":
		// New joiners filled the last page: follow them next time.
		s.tailToken = m.pg.NextToken
		s.lastList = time.Time{}
	default:
		s.listed, s.scanToken, s.tailToken = true, "", m.job.token
	}
	w.checkEnded(s)
}

// gotEvents applies an events page and returns the alerts it raised.
func (w *watcher) gotEvents(m watchEventsMsg) {
	w.inFlight[opEvents] = false
	s := w.sessions[m.job.key]
	if s == nil {
		return
	}
	p := s.parts[m.job.pid]
	if p == nil {
		return
	}
	p.next = nil
	if m.err != nil {
		// Counts as a read attempt, so one failing participant does not
		// take every turn; it comes round again.
		p.failedAt = m.at
		s.lastErr, s.errAt = m.err, m.at
		w.bump(s)
		return
	}
	start := min(m.job.start, len(p.events))
	for i := range m.pg.Items {
		if m.pg.Items[i].ParticipantID == "" {
			m.pg.Items[i].ParticipantID = p.p.ID
		}
	}
	p.events = append(p.events[:start], m.pg.Items...)
	p.readPublishing()
	if m.pg.NextToken != "" {
		p.next = &eventsJob{key: s.key, pid: p.p.ID, token: m.pg.NextToken, start: len(p.events)}
		w.bump(s)
		return
	}
	p.tailToken, p.tailStart = m.job.token, start
	ui.SortEvents(p.events)
	p.readPublishing()
	if !p.read {
		s.readCount++
	}
	p.read, p.lastRead = true, m.at
	s.lastOK, s.lastErr = m.at, nil
	p.errs = ui.ErrorEvents(p.events)
	for _, e := range p.errs[min(p.alerted, len(p.errs)):] {
		if !e.Time.Before(s.since) {
			w.pending = append(w.pending, watchAlert{event: e, userID: p.p.UserID, stageName: s.stage.Name})
		}
	}
	p.alerted = len(p.errs)
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
func (w *watcher) checkEnded(s *watchedSession) {
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
