package model

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// paneID names one pane instance; results and ticks are addressed to it, so a
// pane that has been closed never receives a late answer.
type paneID uint64

// paneMsg carries a message to one pane. The root unwraps it and drops it if
// that pane is gone.
type paneMsg struct {
	to  paneID
	msg tea.Msg
}

// fetched is the result of one API call a pane asked for. Kind tells the
// pane's fetches apart; Req is compared with the latest request of that kind
// so that a slow old answer never overwrites a newer one (gh-dash's tasks).
type fetched[T any] struct {
	Kind string
	Req  uint64
	Val  T
	Err  error
	At   time.Time
}

// pollMsg is a pane's polling tick. Gen must match the root's current
// generation: pausing, navigating or refreshing starts a new generation and
// stops the old loop.
type pollMsg struct {
	pane paneID
	gen  uint64
}

// clockMsg redraws ages ("3m ago") once a second and expires flash messages.
type clockMsg time.Time

// Navigation and dialog requests travel as messages from panes to the root.
type (
	pushPaneMsg   struct{ pane Pane }
	popPaneMsg    struct{}
	jumpMsg       struct{ target string }
	openDialogMsg struct{ dialog Dialog }
	closeDialog   struct{}
)

// flashLevel orders flash messages by how much they matter.
type flashLevel int

const (
	flashInfo flashLevel = iota
	flashSuccess
	flashError
	flashAlert
)

// flashMsg shows a message in the status bar for a few seconds.
type flashMsg struct {
	level flashLevel
	text  string
}

// actionDoneMsg reports a mutating action (disconnect, stop, create...). The
// root flashes its outcome and forwards it to the pane that asked, which
// usually refreshes.
type actionDoneMsg struct {
	pane paneID
	what string // "disconnected alice", said on success
	err  error
}

func send(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

func flash(level flashLevel, text string) tea.Cmd { return send(flashMsg{level, text}) }

// watchPokeMsg asks the root to sync the error watcher's targets and
// schedule its calls now (a pane just changed what it shows).
type watchPokeMsg struct{}
