// Package watch is the error watcher: it decides which participants'
// events to read in the background, and keeps what it read, so the
// dashboard can count a stage's recent errors, raise alerts and list them
// for triage. It knows neither Bubble Tea nor the panes: the root hands it
// what the panes want watched (Want) and what they listed (Observe), runs
// the calls it asks for (Schedule, as Jobs) and hands back their results
// (Done); the panes read what it found (StageErrors, Session, Triage,
// TakeAlert).
//
// The API has no session-wide events call: ListParticipantEvents answers
// for one participant at a time, under a 5 TPS quota shared with
// production. So the watcher keeps, per watched session and participant,
// the events read so far and the token of the last events page, so each
// re-read costs one call from where it stopped. It never has more than one
// call in flight per operation, and it spaces its calls to use at most a
// share of what the budget allows that operation (ListShare, EventsShare),
// so interactive calls always find room.
package watch

import (
	"slices"
	"time"

	"github.com/ivsdash/ivsdash/service"
)

const (
	// OpEvents and OpList are the two operations the watcher calls.
	OpEvents = "ListParticipantEvents"
	OpList   = "ListParticipants"

	// ListShare is the part of ListParticipants' budget the watcher may
	// use: the participants pane lists a big session heavily itself.
	ListShare = 0.5
	// EventsShare is the part of ListParticipantEvents' budget the watcher
	// may use: nearly all of it, as only the participant and timeline panes
	// read events besides it, and the budget serves their calls first (a
	// background call leaves the bucket's last token to the foreground).
	// Events are the watcher's bottleneck: one call per participant.
	EventsShare = 0.9
	// EventsShareBesideBulk is EventsShare while bulk work (an export)
	// runs: the budget serves bulk calls after the watcher's, so the
	// watcher steps back to half and the export gets the other half.
	EventsShareBesideBulk = 0.5
	// PageSize is the page size of the watcher's list and events calls.
	PageSize = 100
	// DefaultWindow is how far back errors count unless told otherwise
	// (--error-window's default).
	DefaultWindow = 15 * time.Minute
	// AlertGap is the least time between two error alerts; alerts in
	// between are coalesced ("+3 more").
	AlertGap = 5 * time.Second

	// maxWatched bounds the sessions kept; ended and least wanted go first.
	maxWatched = 32
	// roundRobinEvery: one pick in this many goes to whoever has waited
	// longest, so a flood of new joiners never starves the rest.
	roundRobinEvery = 3
	// roundRobinEveryJoinersBehind is roundRobinEvery while publishers are
	// pushed and new joiners wait more than the budget reads soon.
	roundRobinEveryJoinersBehind = 6
	// crowdSize: in an opened session listing more participants than this
	// (ten pages), the watcher's focus is the publishers and new joiners;
	// the rest of the crowd is read as everyone else is, in turn.
	crowdSize = 1000
	// joinersSoonFor: while the unread joiners can all be read within this,
	// the first come are read first; beyond, the newest (see pickEvents).
	joinersSoonFor = 10 * time.Second
)

// Key names a session.
type Key struct{ StageARN, SessionID string }

// Target is a session a pane wants watched.
type Target struct {
	Stage   service.Stage // ARN and name at least
	Session string
	// Opened: the user opened this session (participants, a participant,
	// its timeline), as opposed to it being live on a visible stage row.
	// The last opened target is the focus: read first.
	Opened bool
	// Lists: the pane polls this session's whole, unfiltered participant
	// list itself and hands its pages to Observe, so the watcher does not
	// list it too. Only a pane that is polling (the one on top) says so.
	Lists bool
}

// Listing is what a pane listed of a session's participants, for Observe.
type Listing struct {
	Stage        service.Stage // ARN at least
	Session      string
	Participants []service.Participant
	At           time.Time // when they were listed
	// Whole: these are the last page of the unfiltered list, read to its
	// end; Last is the token that asked for that page, as good as one of
	// the watcher's own (same scope) for re-reading the tail.
	Whole bool
	Last  string
	// Opened: the pane has this session open, so the watcher watches it
	// if it does not yet; a listing of any other session not watched is
	// ignored.
	Opened bool
}

// participant is one participant and what was read of its events.
type participant struct {
	p          service.Participant // summary, from ListParticipants
	discovered time.Time
	joiner     bool // joined (or came back) after the session's first full listing
	eventsSay  int8 // publishing by the events: see readPublishing

	api       []service.Event // read from ListParticipantEvents, in order
	pushed    []service.Event // pushed (EventBridge), in order
	pushedIDs []string        // their EventBridge ids
	events    []service.Event // api and pushed merged, one copy of each event
	errs      []service.Event // the error events of events, in order
	alerted   []service.Event // errs already considered for alerts
	tailToken string          // token that asked for the last events page
	tailStart int             // index in api where that page begins
	read      bool            // events read to the end at least once
	lastRead  time.Time
	next      *Job      // a further page of a read in progress
	failedAt  time.Time // last failed read, so a failing one waits its turn
	// done: its timeline ended with LEFT, or it was read after the list
	// showed it disconnected; not read again unless listed connected.
	done bool
}

// publishing comes from the events once read (fresher than the listing),
// else from the listing.
func (p *participant) publishing() bool {
	if p.eventsSay != 0 {
		return p.eventsSay > 0
	}
	return p.p.Published
}

// readPublishing caches what the events say of publishing (the scheduler
// asks for every participant at every pick): 1 publishing, -1 not, 0 they
// do not say.
func (p *participant) readPublishing() {
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
func (p *participant) waitingSince() time.Time {
	if p.read {
		return p.lastRead
	}
	return p.discovered
}

// Session is one watched session and its participants; panes read it
// through its methods.
type Session struct {
	key       Key
	stage     service.Stage
	since     time.Time // watching began: older errors are history, not alerts
	wantedAt  time.Time // last time a pane asked for it
	opened    bool      // a pane of this session is open
	ended     bool      // everyone has left: nothing more will happen
	parts     map[string]*participant
	order     []string // participant ids in discovery order
	readCount int      // participants whose events were read to the end
	pushes    int      // events pushed for its participants

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

// Watcher is the background error watcher. One goroutine uses it (the
// root's Update, and the panes' View it calls).
type Watcher struct {
	window   time.Duration
	interval time.Duration
	sessions map[Key]*Session
	focus    Key // the session on screen, read first
	shared   Key // listed by the pane on screen: not listed here
	paused   bool
	pushed   bool // publish errors are pushed: see SetPushed

	inFlight  map[string]bool
	lastStart map[string]time.Time
	gaps      Gaps // the spacing Schedule was last given
	// joinersBehind: at the last pick more joiners waited than the budget
	// reads soon (see pickEvents).
	joinersBehind bool
	picks         int // events picks made, for the round-robin turn
	wakeGen       uint64
	wakeAt        time.Time

	pending   []pendingAlert
	lastAlert time.Time

	version uint64 // bumps with any session's

	stageCache struct { // StageErrors' counts at (version, second)
		ver   uint64
		at    time.Time
		n     map[string]int
		known map[string]bool
	}
}

// New makes a watcher counting errors over window (DefaultWindow if not
// positive) that re-reads the session on screen every interval (5 s if
// not positive) and the others less often.
func New(window, interval time.Duration) *Watcher {
	if window <= 0 {
		window = DefaultWindow
	}
	if interval <= 0 {
		interval = 5 * time.Second
	}
	return &Watcher{
		window:    window,
		interval:  interval,
		sessions:  map[Key]*Session{},
		inFlight:  map[string]bool{},
		lastStart: map[string]time.Time{},
	}
}

// Want records what the panes want watched now, bottom of the stack first.
// The focus is the session of the last opened target; sessions stay
// watched after their pane closes, until evicted.
func (w *Watcher) Want(targets []Target, now time.Time) {
	w.focus, w.shared = Key{}, Key{}
	for _, s := range w.sessions {
		s.opened = false
	}
	for _, t := range targets {
		if t.Stage.ARN == "" || t.Session == "" {
			continue
		}
		k := Key{t.Stage.ARN, t.Session}
		s := w.ensure(k, t.Stage, now)
		s.wantedAt = now
		if t.Opened {
			s.opened = true
			w.focus = k // targets come bottom to top: the last opened wins
		}
		if t.Lists {
			w.shared = k
		}
	}
	w.evict()
}

// Pause stops (or resumes) the watcher's calls: Schedule plans none while
// polling is paused.
func (w *Watcher) Pause(paused bool) { w.paused = paused }

func (w *Watcher) ensure(k Key, stage service.Stage, now time.Time) *Session {
	s := w.sessions[k]
	if s == nil {
		s = &Session{key: k, stage: stage, since: now, wantedAt: now, parts: map[string]*participant{}}
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
func (w *Watcher) evict() {
	if len(w.sessions) <= maxWatched {
		return
	}
	all := make([]*Session, 0, len(w.sessions))
	for _, s := range w.sessions {
		all = append(all, s)
	}
	slices.SortFunc(all, func(a, b *Session) int {
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

func (w *Watcher) bump(s *Session) {
	s.version++
	w.version++
}

// learn merges participants someone listed (the watcher's own pages, or a
// pane's): new ones are added, known ones updated.
func (w *Watcher) learn(s *Session, items []service.Participant, at time.Time) {
	for _, it := range items {
		if it.ID == "" {
			continue
		}
		p := s.parts[it.ID]
		if p == nil {
			s.parts[it.ID] = &participant{p: it, discovered: at, joiner: s.listed}
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

// Observe shares what a pane listed: a participants pane's pages (so a
// session open on screen is not listed twice) and the connected
// participants and publishers the stages pane reads for its figures (so
// joiners still connected are found without a call).
func (w *Watcher) Observe(l Listing, now time.Time) {
	k := Key{l.Stage.ARN, l.Session}
	s := w.sessions[k]
	if s == nil {
		if !l.Opened || k.StageARN == "" || k.SessionID == "" {
			return
		}
		s = w.ensure(k, l.Stage, now)
		s.wantedAt = now
	}
	w.learn(s, l.Participants, l.At)
	if l.Whole {
		s.listed, s.scanToken, s.tailToken, s.lastList = true, "", l.Last, l.At
	}
}
