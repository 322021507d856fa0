package kit

import (
	"context"

	tea "charm.land/bubbletea/v2"
)

// fetchOption changes how fetch runs its call.
type fetchOption int

// InBackground runs the call as background work (backgroundContext): the
// budget serves the visible pane's calls first, and the call may wait
// longer for its turn. For what the user did not ask for: live figures,
// names of stages and configurations.
const InBackground fetchOption = 1

// Fetch runs one service call as a command and addresses its result to a
// pane. No I/O happens in Update: this closure runs on Bubble Tea's command
// goroutine.
func Fetch[T any](c *Context, to PaneID, kind string, req uint64, call func(context.Context) (T, error), opts ...fetchOption) tea.Cmd {
	callContext := c.callContext
	for _, o := range opts {
		if o == InBackground {
			callContext = c.BackgroundContext
		}
	}
	return func() tea.Msg {
		cctx, cancel := callContext()
		defer cancel()
		v, err := call(cctx)
		return PaneMsg{To: to, Msg: Fetched[T]{Kind: kind, Req: req, Val: v, Err: err, At: c.CurrentTime()}}
	}
}

// FetchFor is the fetch skeleton of every pane: start a request of a kind
// for pane b (with force, superseding one in flight; else none while one
// is in flight) and run call for it.
func FetchFor[T any](c *Context, b *BasePane, kind string, force bool, call func(context.Context) (T, error), opts ...fetchOption) tea.Cmd {
	req := b.Reqs.Begin(c, kind, force)
	if req == 0 {
		return nil
	}
	return Fetch(c, b.PaneID, kind, req, call, opts...)
}

// Action runs a mutating call and reports it with actionDoneMsg.
func Action(c *Context, to PaneID, what string, call func(context.Context) error) tea.Cmd {
	return func() tea.Msg {
		cctx, cancel := c.callContext()
		defer cancel()
		return ActionDoneMsg{Pane: to, What: what, Err: call(cctx)}
	}
}

// Requests remembers the latest request id and whether it is in flight for
// each kind of fetch a pane makes.
type Requests struct {
	Latest   map[string]uint64
	InFlight map[string]bool
}

// start records a new request of a kind. It returns 0 when one is already in
// flight: polling never piles up calls behind a slow API.
func (r *Requests) start(c *Context, kind string) uint64 {
	if r.Latest == nil {
		r.Latest = map[string]uint64{}
		r.InFlight = map[string]bool{}
	}
	if r.InFlight[kind] {
		return 0
	}
	id := c.nextReq()
	r.Latest[kind] = id
	r.InFlight[kind] = true
	return id
}

// Force starts a request even if one is in flight (user asked to refresh, or
// the parameters changed): the older answer becomes stale.
func (r *Requests) Force(c *Context, kind string) uint64 {
	if r.Latest == nil {
		r.Latest = map[string]uint64{}
		r.InFlight = map[string]bool{}
	}
	id := c.nextReq()
	r.Latest[kind] = id
	r.InFlight[kind] = true
	return id
}

// Begin starts a request of a kind: with force, always (a newer request
// supersedes one in flight, whose answer is then dropped), else as start.
func (r *Requests) Begin(c *Context, kind string, force bool) uint64 {
	if force {
		return r.Force(c, kind)
	}
	return r.start(c, kind)
}

// Done reports whether a result is the current one, and clears in-flight.
func (r *Requests) Done(kind string, req uint64) bool {
	if r.Latest == nil || r.Latest[kind] != req {
		return false
	}
	r.InFlight[kind] = false
	return true
}
