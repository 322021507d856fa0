package model

import (
	"context"

	tea "charm.land/bubbletea/v2"
)

// fetchOption changes how fetch runs its call.
type fetchOption int

// inBackground runs the call as background work (backgroundContext): the
// budget serves the visible pane's calls first, and the call may wait
// longer for its turn. For what the user did not ask for: live figures,
// names of stages and configurations.
const inBackground fetchOption = 1

// fetch runs one service call as a command and addresses its result to a
// pane. No I/O happens in Update: this closure runs on Bubble Tea's command
// goroutine.
func fetch[T any](c *Context, to paneID, kind string, req uint64, call func(context.Context) (T, error), opts ...fetchOption) tea.Cmd {
	callContext := c.callContext
	for _, o := range opts {
		if o == inBackground {
			callContext = c.backgroundContext
		}
	}
	return func() tea.Msg {
		cctx, cancel := callContext()
		defer cancel()
		v, err := call(cctx)
		return paneMsg{to: to, msg: fetched[T]{Kind: kind, Req: req, Val: v, Err: err, At: c.now()}}
	}
}

// fetchFor is the fetch skeleton of every pane: start a request of a kind
// for pane b (with force, superseding one in flight; else none while one
// is in flight) and run call for it.
func fetchFor[T any](c *Context, b *basePane, kind string, force bool, call func(context.Context) (T, error), opts ...fetchOption) tea.Cmd {
	req := b.reqs.begin(c, kind, force)
	if req == 0 {
		return nil
	}
	return fetch(c, b.id, kind, req, call, opts...)
}

// action runs a mutating call and reports it with actionDoneMsg.
func action(c *Context, to paneID, what string, call func(context.Context) error) tea.Cmd {
	return func() tea.Msg {
		cctx, cancel := c.callContext()
		defer cancel()
		return actionDoneMsg{pane: to, what: what, err: call(cctx)}
	}
}

// requests remembers the latest request id and whether it is in flight for
// each kind of fetch a pane makes.
type requests struct {
	latest   map[string]uint64
	inFlight map[string]bool
}

// start records a new request of a kind. It returns 0 when one is already in
// flight: polling never piles up calls behind a slow API.
func (r *requests) start(c *Context, kind string) uint64 {
	if r.latest == nil {
		r.latest = map[string]uint64{}
		r.inFlight = map[string]bool{}
	}
	if r.inFlight[kind] {
		return 0
	}
	id := c.nextReq()
	r.latest[kind] = id
	r.inFlight[kind] = true
	return id
}

// force starts a request even if one is in flight (user asked to refresh, or
// the parameters changed): the older answer becomes stale.
func (r *requests) force(c *Context, kind string) uint64 {
	if r.latest == nil {
		r.latest = map[string]uint64{}
		r.inFlight = map[string]bool{}
	}
	id := c.nextReq()
	r.latest[kind] = id
	r.inFlight[kind] = true
	return id
}

// begin starts a request of a kind: with force, always (a newer request
// supersedes one in flight, whose answer is then dropped), else as start.
func (r *requests) begin(c *Context, kind string, force bool) uint64 {
	if force {
		return r.force(c, kind)
	}
	return r.start(c, kind)
}

// done reports whether a result is the current one, and clears in-flight.
func (r *requests) done(kind string, req uint64) bool {
	if r.latest == nil || r.latest[kind] != req {
		return false
	}
	r.inFlight[kind] = false
	return true
}
