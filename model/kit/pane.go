package kit

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/service"
)

// Pane is one level of the navigation stack: stages, sessions of a stage,
// participants of a session, a participant, compositions... The root sends
// it keys and its own results, asks it to refresh on its polling tick, and
// renders it into the space between the header and the status bar.
type Pane interface {
	ID() PaneID
	// Kind names the pane for help and jumps ("stages", "participants").
	Kind() string
	// Crumb is this pane's part of the breadcrumb (untrusted text allowed:
	// the breadcrumb sanitises it).
	Crumb() string
	// Init starts the first load.
	Init(c *Context) tea.Cmd
	// Refresh polls what the pane shows; nil when nothing is due.
	Refresh(c *Context) tea.Cmd
	Update(c *Context, msg tea.Msg) tea.Cmd
	View(c *Context, width, height int) string
	// Load is the state of the pane's data, for the status bar.
	Load() *LoadState
	// Help is the key help of the pane (the footer and the `?` screen),
	// declared beside the Update that handles the keys.
	Help(k *keymap.KeyMap) keymap.Help
}

// Filterable panes take the `/` filter text.
type Filterable interface {
	SetFilter(text string)
	Filter() string
}

// StageScoped panes know a stage: `t` mints a token for it.
type StageScoped interface {
	CurrentStage() (service.Stage, bool)
}

// Settled is implemented by panes whose data can stop changing (a
// participant who left a session that ended): Settled says so, for the
// status bar in place of the polling interval, or "" while polling goes on.
type Settled interface {
	Settled(c *Context) string
}

// LoadState records how fresh a pane's data is: the last success, the last
// failure, and progress of long loads. A failure after a success marks the
// data stale without removing it.
type LoadState struct {
	Loading  bool
	LastOK   time.Time
	LastErr  error
	ErrAt    time.Time
	Progress string // "listed 2,300 of ? participants", shown while paging

	// Background is the failing background read, if any (live figures,
	// names): the pane's own list may be fresh while what a background
	// read adds to it is not, and the status bar must say which.
	Background BackgroundFailure
}

// BackgroundFailure is a background read that failed: what it reads, in
// words ("live figures"), its error and when.
type BackgroundFailure struct {
	What string
	Err  error
	At   time.Time
}

// BackgroundRead records the outcome of a background read of what: a
// failure is kept until the same read succeeds.
func (l *LoadState) BackgroundRead(what string, err error, at time.Time) {
	switch {
	case err != nil:
		l.Background = BackgroundFailure{What: what, Err: err, At: at}
	case l.Background.What == what:
		l.Background = BackgroundFailure{}
	}
}

func (l *LoadState) OK(at time.Time) {
	l.LastOK = at
	l.LastErr = nil
	l.Loading = false
}

func (l *LoadState) Fail(err error, at time.Time) {
	l.LastErr = err
	l.ErrAt = at
	l.Loading = false
}

// Unread reports whether the pane's data was never read and the last try
// failed: its counts are unknown, not zero.
func (l *LoadState) Unread() bool { return l.LastErr != nil && l.LastOK.IsZero() }

// Stale reports whether the data on screen is older than a failed refresh.
func (l *LoadState) Stale() bool { return l.LastErr != nil && !l.LastOK.IsZero() }

// BasePane holds what every pane has: its id and load state.
type BasePane struct {
	PaneID    PaneID
	LoadState LoadState
	Reqs      Requests
}

func (b *BasePane) ID() PaneID       { return b.PaneID }
func (b *BasePane) Load() *LoadState { return &b.LoadState }

// EmptyText says why a list shows nothing: still loading, a failure (in
// words, with the fix), or nothing there.
func EmptyText(l *LoadState, loading, none string) string {
	switch {
	case l.Unread():
		return "could not load: " + ErrorSentence(l.LastErr)
	case l.Loading:
		return loading
	}
	return none
}

func (b *BasePane) Requests() *Requests { return &b.Reqs }
