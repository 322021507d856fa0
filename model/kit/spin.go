package kit

import (
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
)

// Spinner is the animation a pane shows while its first page loads, in
// place of a still "loading…". The root runs it: its tick messages come on
// the dashboard's clock while something loads, and the frame shown is the
// one for the time elapsed since the load began, so a view at a fixed time
// (the golden files) always shows the same frame, and a test on the fake
// clock sees what the clock says, not what its machine's speed does.
type Spinner struct {
	m       spinner.Model // the frames, their rate and the tick's id
	since   time.Time     // when the current load began
	loading bool
	running bool // a tick is on its way
}

func NewSpinner() *Spinner {
	return &Spinner{m: spinner.New(spinner.WithSpinner(spinner.MiniDot))}
}

// Frame is the frame to show at now.
func (s *Spinner) Frame(now time.Time) string {
	frames := spinner.MiniDot.Frames
	if s == nil {
		return frames[0]
	}
	frames = s.m.Spinner.Frames
	n := int(max(now.Sub(s.since), 0) / s.m.Spinner.FPS)
	return frames[n%len(frames)]
}

// Run keeps the frames moving while loading says so: the root calls it
// after every message. It returns the next tick, or nil when none is due
// (one is on its way already, or nothing loads).
func (s *Spinner) Run(c *Context, msg tea.Msg, loading bool) tea.Cmd {
	if tick, ok := msg.(spinner.TickMsg); ok && tick.ID == s.m.ID() {
		s.running = false
	}
	if loading && !s.loading {
		s.since = c.CurrentTime()
	}
	s.loading = loading
	if !loading || s.running {
		return nil
	}
	s.running = true
	id := s.m.ID()
	return c.Tick(s.m.Spinner.FPS, func(t time.Time) tea.Msg { return spinner.TickMsg{Time: t, ID: id} })
}

// Spinning panes show the spinner while their first page loads (through
// LoadingText); the root turns it only for them.
type Spinning interface {
	SpinsWhileLoading()
}

// LoadingText is what a list shows while its first page loads: the
// spinner and what loads ("⠋ loading stages").
func LoadingText(c *Context, what string) string {
	return c.Spin.Frame(c.CurrentTime()) + " loading " + what
}
