package model

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
	ID() paneID
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
	Load() *loadState
	// Help is the key help of the pane (the footer and the `?` screen),
	// declared beside the Update that handles the keys.
	Help(k *keymap.KeyMap) keymap.Help
}

// filterable panes take the `/` filter text.
type filterable interface {
	SetFilter(text string)
	Filter() string
}

// stageScoped panes know a stage: `t` mints a token for it.
type stageScoped interface {
	CurrentStage() (service.Stage, bool)
}

// loadState records how fresh a pane's data is: the last success, the last
// failure, and progress of long loads. A failure after a success marks the
// data stale without removing it.
type loadState struct {
	loading  bool
	lastOK   time.Time
	lastErr  error
	errAt    time.Time
	progress string // "listed 2,300 of ? participants", shown while paging
}

func (l *loadState) ok(at time.Time) {
	l.lastOK = at
	l.lastErr = nil
	l.loading = false
}

func (l *loadState) fail(err error, at time.Time) {
	l.lastErr = err
	l.errAt = at
	l.loading = false
}

// stale reports whether the data on screen is older than a failed refresh.
func (l *loadState) stale() bool { return l.lastErr != nil && !l.lastOK.IsZero() }

// basePane holds what every pane has: its id and load state.
type basePane struct {
	id   paneID
	load loadState
	reqs requests
}

func (b *basePane) ID() paneID       { return b.id }
func (b *basePane) Load() *loadState { return &b.load }

// emptyText says why a list shows nothing: still loading, a failure (in
// words, with the fix), or nothing there.
func emptyText(l *loadState, loading, none string) string {
	switch {
	case l.lastErr != nil && l.lastOK.IsZero():
		return "could not load: " + errorSentence(l.lastErr)
	case l.loading:
		return loading
	}
	return none
}

func (b *basePane) requests() *requests { return &b.reqs }
