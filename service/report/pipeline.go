package report

import (
	"cmp"
	"context"
	"sync"
	"time"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
)

// EventPager is a Source that reads a participant's events a page at a
// time (*service.Client does): the pipeline then counts every call.
type EventPager interface {
	ListParticipantEvents(ctx context.Context, stageARN, sessionID, participantID string, r service.PageRequest) (service.Page[service.Event], error)
}

// Lender is a Source that already holds some participants' events (the
// dashboard's watcher read them): reading those costs no call.
type Lender interface {
	Holds(participantID string) bool
}

// workersPerOp bounds the calls in flight per operation. The budget paces
// them (5 TPS per operation at most): a few in flight hide round trips of
// up to workersPerOp/rate (a second at 5 TPS); more would only queue inside
// the budget.
const workersPerOp = 5

// maxEventPages stops reading a participant whose events a misbehaving
// server keeps paging.
const maxEventPages = 1000

type fetched struct {
	ran       bool // a worker read this participant's events
	events    []service.Event
	eventsErr error
	detail    *service.Participant
	detailErr error
}

// pipeline reads events and details as two queues served by their own
// workers, so each operation runs at its own rate and the slower one sets
// the pace: events for everyone in list order, details for whoever
// Details wants (publishers at once, participants with errors as soon as
// their events show one).
type pipeline struct {
	src                 Source
	detail              DetailSource
	stageARN, sessionID string
	parts               []service.Participant
	opts                Options
	details             Details

	results []fetched
	wanted  []bool // details wanted (and queued)
	done    []bool

	progress     Progress
	detailsLeft  int // wanted and not yet fetched
	eventsLeft   int
	started      time.Time
	eventsLent   int
	eventsCalled int
}

type outcome struct {
	i      int
	detail bool // a GetParticipant result, else an events read
	calls  int
	events []service.Event
	d      service.Participant
	err    error
}

func newPipeline(src Source, detail DetailSource, stageARN, sessionID string, parts []service.Participant, opts Options) *pipeline {
	n := len(parts)
	return &pipeline{
		src: src, detail: detail, stageARN: stageARN, sessionID: sessionID, parts: parts,
		opts: opts, details: opts.details(),
		results: make([]fetched, n), wanted: make([]bool, n), done: make([]bool, n),
		progress: Progress{Listed: n}, eventsLeft: n,
	}
}

// run fetches everything it can before ctx ends, returning results in the
// participants' order. Progress is reported from this goroutine only.
func (p *pipeline) run(ctx context.Context) []fetched {
	n := len(p.parts)
	p.started = time.Now()
	p.report()
	if n == 0 {
		return p.results
	}
	out := make(chan outcome, 2*n) // never blocks a worker
	eventsQ := make(chan int, n)
	for i := range n {
		eventsQ <- i
	}
	close(eventsQ)
	detailsQ := make(chan int, n)
	if p.detail != nil {
		for i, part := range p.parts {
			if p.details.upFront(part) {
				p.wanted[i] = true
				p.detailsLeft++
				detailsQ <- i
			}
		}
	}

	var wg sync.WaitGroup
	for range min(workersPerOp, n) {
		wg.Go(func() {
			for i := range eventsQ {
				if ctx.Err() != nil {
					return
				}
				evs, calls, err := p.readEvents(ctx, p.parts[i].ID)
				out <- outcome{i: i, calls: calls, events: evs, err: err}
			}
		})
	}
	if p.detail != nil {
		for range min(workersPerOp, n) {
			wg.Go(func() {
				for {
					select {
					case <-ctx.Done():
						return
					case i, ok := <-detailsQ:
						if !ok {
							return
						}
						d, err := p.detail.GetParticipant(ctx, p.stageARN, p.sessionID, p.parts[i].ID)
						out <- outcome{i: i, detail: true, calls: 1, d: d, err: err}
					}
				}
			})
		}
	}

	closed := false
	closeDetails := func() {
		if !closed {
			close(detailsQ)
			closed = true
		}
	}
loop:
	for p.eventsLeft > 0 || p.detailsLeft > 0 {
		if p.eventsLeft == 0 {
			closeDetails() // no participant can want details any more
		}
		select {
		case o := <-out:
			p.take(o, detailsQ)
			p.report()
		case <-ctx.Done():
			break loop
		}
	}
	closeDetails()
	wg.Wait()
	close(out)
	for o := range out { // what came back as ctx ended
		p.take(o, nil)
	}
	p.report()
	// Participants no worker read (ctx ended) count as failures.
	for i := range p.results {
		if !p.results[i].ran {
			p.results[i].eventsErr = cmp.Or(ctx.Err(), context.Canceled)
		}
	}
	return p.results
}

// take records one outcome; an events read that shows an error queues the
// participant's details when Details wants them (detailsQ nil: no more).
func (p *pipeline) take(o outcome, detailsQ chan<- int) {
	r := &p.results[o.i]
	p.progress.Calls += o.calls
	if o.detail {
		p.detailsLeft--
		if o.err != nil {
			r.detailErr = o.err
		} else {
			r.detail = &o.d
		}
	} else {
		p.eventsLeft--
		if o.calls == 0 {
			p.eventsLent++
		} else {
			p.eventsCalled++
		}
		r.ran, r.events, r.eventsErr = true, o.events, o.err
		if detailsQ != nil && p.detail != nil && !p.wanted[o.i] && o.err == nil && p.details.afterEvents(o.events) {
			p.wanted[o.i] = true
			p.detailsLeft++
			detailsQ <- o.i
		}
	}
	if !p.done[o.i] && r.ran && (!p.wanted[o.i] || r.detail != nil || r.detailErr != nil) {
		p.done[o.i] = true
		p.progress.Done++
	}
}

// readEvents reads one participant's events, page by page when the source
// can (each page a call), and says how many calls it made.
func (p *pipeline) readEvents(ctx context.Context, id string) ([]service.Event, int, error) {
	if l, ok := p.src.(Lender); ok && l.Holds(id) {
		evs, err := p.src.AllParticipantEvents(ctx, p.stageARN, p.sessionID, id)
		return evs, 0, err
	}
	pager, ok := p.src.(EventPager)
	if !ok {
		evs, err := p.src.AllParticipantEvents(ctx, p.stageARN, p.sessionID, id)
		return evs, 1, err
	}
	var all []service.Event
	req := service.PageRequest{Max: ivs.MaxPage("ListParticipantEvents")}
	seen := map[string]bool{}
	for calls := 1; ; calls++ {
		page, err := pager.ListParticipantEvents(ctx, p.stageARN, p.sessionID, id, req)
		if err != nil {
			return all, calls, err
		}
		all = append(all, page.Items...)
		if page.NextToken == "" || seen[page.NextToken] || calls == maxEventPages {
			return all, calls, nil
		}
		seen[page.NextToken] = true
		req.Token = page.NextToken
	}
}

// report hands the progress, with its estimate, to Options.Progress.
func (p *pipeline) report() {
	if p.opts.Progress == nil {
		return
	}
	p.progress.Left = p.left()
	p.opts.Progress(p.progress)
}

// left estimates the time to the end: the slower operation's calls still
// to make at the budget's rate, or at the pace measured so far when that is
// slower (others share the budget).
func (p *pipeline) left() time.Duration {
	if p.eventsLeft == 0 && p.detailsLeft == 0 {
		return 0
	}
	// Calls still to make: an events read each (lent ones cost none, in the
	// proportion seen so far), and the details wanted.
	eventCalls := float64(p.eventsLeft)
	if read := p.eventsLent + p.eventsCalled; read > 0 {
		eventCalls *= float64(p.eventsCalled) / float64(read)
	}
	calls := max(eventCalls, float64(p.detailsLeft))
	var left time.Duration
	if p.opts.Rate > 0 {
		left = time.Duration(calls / p.opts.Rate * float64(time.Second))
	}
	if p.eventsCalled >= 10 {
		pace := time.Since(p.started) / time.Duration(p.eventsCalled+p.eventsLent)
		left = max(left, time.Duration(p.eventsLeft)*pace)
	}
	return left
}
