package service

import (
	"context"
	"encoding/json"
	"reflect"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/smithy-go/middleware"
	"golang.org/x/sync/singleflight"

	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/ivs"
)

// Several dashboards can share one client (ivsdash serve: one per SSH
// session). sharedReads makes them cost the API what one costs: a read
// operation asked again with the same input within the same polling period
// is answered from the last answer, and one asked while the same call is in
// flight waits for that call instead of making another. It sits first in
// the SDK's Initialize step, before the budget and the wire, so an answer
// from the cache spends nothing of the budget. Every mutating call empties
// the cache and is reported to the mutation hook.
type sharedReads struct {
	period   atomic.Int64 // time.Duration; 0 = off
	walk     atomic.Int64 // time.Duration a continuation page stays fresh; 0 = period
	onMutate atomic.Pointer[MutationHook]

	mu      sync.Mutex
	entries map[string]sharedEntry
	gen     uint64 // bumped by every mutation: answers begun before it are not kept
	pruned  int64  // the period the map was last pruned in
	flight  singleflight.Group
	now     func() time.Time
}

type sharedEntry struct {
	out   middleware.InitializeOutput
	epoch int64     // the polling period the call began in
	at    time.Time // when it began
}

// MutationHook hears every mutating call once it is answered: its context
// (which carries whatever the caller put there, such as who asked), the
// operation, its input (the SDK's input struct: never a token or a stream
// key, which only answers carry) and the error (nil on success).
type MutationHook func(ctx context.Context, op string, input any, err error)

// sharedFetchTimeout bounds a shared call, which no single caller's context
// may cancel (the others still wait for it).
const sharedFetchTimeout = time.Minute

// ShareReads answers repeated reads within a polling period from one call
// (see sharedReads); period 0 turns it off. Give the dashboards' polling
// interval.
func (c *Client) ShareReads(period time.Duration) { c.shared.period.Store(int64(period)) }

// ShareWalks keeps the pages after the first of a list (a request with a
// next token) fresh for d instead of the polling period. Viewers walking a
// long list (101 pages of participants, at the budget's pace) start at
// different times; with the pages another has just read kept, the later
// ones catch up and walk together at one walker's cost instead of each
// taking its share of the budget. 0 goes back to the period: what one viewer
// alone wants, as it never reads a page twice in a walk.
func (c *Client) ShareWalks(d time.Duration) { c.shared.walk.Store(int64(d)) }

// OnMutation sets the hook that hears every mutating call (nil: none).
func (c *Client) OnMutation(h MutationHook) {
	if h == nil {
		c.shared.onMutate.Store(nil)
		return
	}
	c.shared.onMutate.Store(&h)
}

func (*sharedReads) ID() string { return "ivsdash.SharedReads" }

func (s *sharedReads) HandleInitialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	op := middleware.GetOperationName(ctx)
	if o, known := ivs.Lookup(op); !known || o.Mutates {
		out, md, err := next.HandleInitialize(ctx, in)
		if known {
			s.mutated()
			if h := s.onMutate.Load(); h != nil {
				(*h)(ctx, op, in.Parameters, err)
			}
		}
		return out, md, err
	}
	period := time.Duration(s.period.Load())
	if period <= 0 {
		return next.HandleInitialize(ctx, in)
	}
	params, err := json.Marshal(in.Parameters)
	if err != nil {
		return next.HandleInitialize(ctx, in)
	}
	key := op + " " + string(params)
	now := s.clock()
	epoch := now.UnixNano() / int64(period)
	walk := time.Duration(s.walk.Load())
	continued := walk > 0 && hasNextToken(in.Parameters)

	s.mu.Lock()
	if e, ok := s.entries[key]; ok && (e.epoch == epoch || continued && now.Sub(e.at) < walk) {
		s.mu.Unlock()
		out := e.out
		out.Result = ownCopy(out.Result)
		return out, middleware.Metadata{}, nil
	}
	gen := s.gen
	s.mu.Unlock()

	// The call runs on a context no caller can cancel (a viewer who leaves
	// must not fail the others waiting for the same answer), with what the
	// wire tells of it kept apart and handed to each caller after. Background
	// and foreground calls join only their own kind: a viewer's pane must
	// not wait behind another's error watcher, which the budget serves last.
	flightKey := key
	if budget.IsBackground(ctx) {
		flightKey += " (background)"
	}
	ch := s.flight.DoChan(flightKey, func() (any, error) {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sharedFetchTimeout)
		defer cancel()
		cctx, info := withAttemptInfo(cctx)
		out, _, err := next.HandleInitialize(cctx, in)
		if err == nil {
			out.Result = ownCopy(out.Result) // kept unchanged: callers get copies
			s.mu.Lock()
			if s.gen == gen {
				if s.entries == nil {
					s.entries = map[string]sharedEntry{}
				}
				s.entries[key] = sharedEntry{out: out, epoch: epoch, at: now}
				s.prune(epoch, now, walk)
			}
			s.mu.Unlock()
		}
		return sharedAnswer{out, *info}, err
	})
	select {
	case r := <-ch:
		a, _ := r.Val.(sharedAnswer)
		if mine, ok := ctx.Value(attemptInfoKey{}).(*attemptInfo); ok {
			*mine = a.info
		}
		a.out.Result = ownCopy(a.out.Result)
		return a.out, middleware.Metadata{}, r.Err
	case <-ctx.Done():
		return middleware.InitializeOutput{}, middleware.Metadata{}, ctx.Err()
	}
}

// sharedAnswer is a shared call's outcome: the SDK's output and what the
// wire tap saw of it.
type sharedAnswer struct {
	out  middleware.InitializeOutput
	info attemptInfo
}

// ownCopy gives a caller its own copy of an SDK output struct (the SDK
// sets its ResultMetadata after the middleware returns). The copy shares
// the slices and strings inside, which nobody changes.
func ownCopy(result any) any {
	v := reflect.ValueOf(result)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return result
	}
	c := reflect.New(v.Elem().Type())
	c.Elem().Set(v.Elem())
	return c.Interface()
}

// prune drops answers of earlier periods, once a period (called with mu
// held): the map only holds what viewers still ask for.
func (s *sharedReads) prune(epoch int64, now time.Time, walk time.Duration) {
	if s.pruned == epoch {
		return
	}
	s.pruned = epoch
	for k, e := range s.entries {
		if e.epoch < epoch-1 && now.Sub(e.at) >= walk {
			delete(s.entries, k)
		}
	}
}

// mutated forgets every answer: after a change, a viewer sees it at the next
// read, not a period later.
func (s *sharedReads) mutated() {
	s.mu.Lock()
	s.gen++
	clear(s.entries)
	s.mu.Unlock()
}

// hasNextToken reports whether an SDK input asks for a page after the first.
func hasNextToken(input any) bool {
	v := reflect.Indirect(reflect.ValueOf(input))
	if v.Kind() != reflect.Struct {
		return false
	}
	f := v.FieldByName("NextToken")
	if !f.IsValid() || f.Kind() != reflect.Pointer || f.IsNil() {
		return false
	}
	s, ok := f.Elem().Interface().(string)
	return ok && s != ""
}

func (s *sharedReads) clock() time.Time {
	if s.now != nil {
		return s.now()
	}
	return time.Now()
}
