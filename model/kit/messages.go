package kit

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// PaneID names one pane instance; results and ticks are addressed to it, so a
// pane that has been closed never receives a late answer.
type PaneID uint64

// PaneMsg carries a message to one pane. The root unwraps it and drops it if
// that pane is gone.
type PaneMsg struct {
	To  PaneID
	Msg tea.Msg
}

// Fetched is the result of one API call a pane asked for. Kind tells the
// pane's fetches apart; Req is compared with the latest request of that kind
// so that a slow old answer never overwrites a newer one (gh-dash's tasks).
type Fetched[T any] struct {
	Kind string
	Req  uint64
	Val  T
	Err  error
	At   time.Time
}

// PollMsg is a pane's polling tick. Gen must match the root's current
// generation: pausing, navigating or refreshing starts a new generation and
// stops the old loop.
type PollMsg struct {
	Pane PaneID
	Gen  uint64
}

// ClockMsg redraws ages ("3m ago") once a second and expires flash messages.
type ClockMsg time.Time

// Navigation and dialog requests travel as messages from panes to the root.
type (
	PushPaneMsg   struct{ Pane Pane }
	PopPaneMsg    struct{}
	JumpMsg       struct{ Target string }
	OpenDialogMsg struct{ Dialog Dialog }
	// SwitchContextMsg asks the root to call another AWS profile or
	// region (:ctx); "" keeps the current one.
	SwitchContextMsg struct{ Profile, Region string }
	CloseDialog      struct{}
)

// FlashLevel orders flash messages by how much they matter.
type FlashLevel int

const (
	FlashInfo FlashLevel = iota
	FlashSuccess
	FlashError
	FlashAlert
)

// FlashMsg shows a message in the status bar for a few seconds.
type FlashMsg struct {
	Level FlashLevel
	Text  string
}

// ActionDoneMsg reports a mutating action (disconnect, stop, create...). The
// root flashes its outcome and forwards it to the pane that asked, which
// usually refreshes.
type ActionDoneMsg struct {
	Pane PaneID
	What string // "disconnected alice", said on success
	Err  error
}

func Send(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

func Flash(level FlashLevel, text string) tea.Cmd { return Send(FlashMsg{level, text}) }

// WatchPokeMsg asks the root to sync the error watcher's targets and
// schedule its calls now (a pane just changed what it shows).
type WatchPokeMsg struct{}
