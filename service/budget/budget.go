// Package budget keeps ivsdash's API calls within a share of the AWS
// call-rate quotas of IVS Real-Time: a limiter per operation, backoff per
// quota group and adaptive slowing per operation after throttling,
// foreground calls served before background and bulk work, and the SDK
// middleware gate every HTTP attempt passes through. It also counts the last minute for the status bar.
package budget

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// The AWS call-rate quotas of IVS Real-Time are per operation and shared with
// the customer's production backend, which mints tokens and lists stages on the
// same account. The dashboard takes a fraction of each quota (20% by default)
// so a dashboard left open never throttles production.

// Config sets how much of each AWS quota the dashboard may use. The zero
// value is the default: 20% of every quota, burst 2.
type Config struct {
	Fraction float64               // of each AWS quota; 0 means DefaultFraction
	Groups   map[ivs.Group]float64 // per-group fraction, overriding Fraction
	Burst    int                   // calls one operation may make at once; 0 means 2

	// Unlimited switches client-side limiting off (usage is still counted):
	// for a local emulator with throttling off and for benchmarks.
	Unlimited bool

	// ThrottleRetries is how many times a call answered 429 is tried again
	// (after the group's backoff); 0 means 1, negative means never.
	ThrottleRetries int
	// BackoffBase and BackoffMax bound the per-group backoff after a 429;
	// zero means 1s and 30s.
	BackoffBase, BackoffMax time.Duration
}

// DefaultFraction is the share of each AWS quota the dashboard takes.
const DefaultFraction = 0.2

// DefaultMetricsFraction is the metrics group's share (CloudWatch, one call
// a second of ListMetrics' 25 TPS), whatever the default fraction: the
// panes need a call a minute per screen, and CloudWatch bills per metric.
// Only "metrics=F" in --budget changes it.
const DefaultMetricsFraction = 0.04

// Parse reads a --budget flag: "0.2" (every group) or
// "0.2,token=0.5,stage=0.1" (a default and per-group fractions), each in (0, 1].
func Parse(s string) (Config, error) {
	var b Config
	s = strings.TrimSpace(s)
	if s == "" {
		return b, nil
	}
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		name, value, hasName := strings.Cut(part, "=")
		if !hasName {
			value, name = name, ""
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || f <= 0 || f > 1 {
			return Config{}, fmt.Errorf("budget %q: want a fraction of the AWS quota in (0, 1], like 0.2", part)
		}
		if !hasName {
			b.Fraction = f
			continue
		}
		g := ivs.Group(strings.ToLower(strings.TrimSpace(name)))
		if !g.Known() {
			return Config{}, fmt.Errorf("budget %q: unknown group %q (groups: %s)", part, name, groupList())
		}
		if b.Groups == nil {
			b.Groups = map[ivs.Group]float64{}
		}
		b.Groups[g] = f
	}
	return b, nil
}

func groupList() string {
	names := make([]string, len(ivs.Groups))
	for i, g := range ivs.Groups {
		names[i] = string(g)
	}
	return strings.Join(names, ", ")
}

// fraction is the share of group g's quota, with defaults for unset or bad values.
func (b Config) fraction(g ivs.Group) float64 {
	if f, ok := b.Groups[g]; ok && f > 0 {
		return f
	}
	if g == ivs.GroupMetrics {
		return DefaultMetricsFraction
	}
	if b.Fraction > 0 {
		return b.Fraction
	}
	return DefaultFraction
}

// Rate is the calls per second one operation of group g may make.
func (b Config) Rate(g ivs.Group) float64 { return g.TPS() * b.fraction(g) }

func (b Config) burst() int {
	if b.Burst > 0 {
		return b.Burst
	}
	return 2
}

// Retries is how many times a call answered 429 is tried again.
func (b Config) Retries() int {
	switch {
	case b.ThrottleRetries < 0:
		return 0
	case b.ThrottleRetries == 0:
		return 1
	}
	return b.ThrottleRetries
}

func (b Config) backoffBounds() (base, limit time.Duration) {
	base, limit = b.BackoffBase, b.BackoffMax
	if base <= 0 {
		base = time.Second
	}
	if limit <= 0 {
		limit = 30 * time.Second
	}
	if limit < base {
		limit = base
	}
	return base, limit
}

// Usage is what the status bar shows of the budget.
type Usage struct {
	Calls     int // API calls (attempts) in the last minute
	Throttled int // of those, answered 429

	// Busiest is the operation with the most calls in the last minute, and
	// AllowedPerMinute what that one operation may make per minute now.
	Busiest          string
	BusiestCalls     int
	AllowedPerMinute float64

	Groups []GroupUsage // in the order of ivs.Groups

	BackingOff   bool      // some group is backing off after a 429
	BackoffUntil time.Time // the latest end of those backoffs
	Unlimited    bool

	// Bulk: bulk work (an export) is running, or ran in the last
	// bulkRecently: background work should leave it room.
	Bulk bool

	// Slow is the operation whose last answer (in the last 30 s) took
	// longest, when that was SlowAfter or more, and SlowLatency that time;
	// a faster answer of the same operation clears it.
	Slow        string
	SlowLatency time.Duration
}

// GroupUsage is the last minute of one group.
type GroupUsage struct {
	Group     ivs.Group
	Calls     int
	Throttled int
	// AllowedPerMinute is per operation of the group, at the current rate
	// of its slowest operation (lower than configured while recovering
	// from throttling).
	AllowedPerMinute float64
	// ConfiguredPerMinute is the same at the configured rate.
	ConfiguredPerMinute float64
	BackoffUntil        time.Time // zero when not backing off
}

// Budget holds one limiter per operation and the recent history per group.
// It is safe for concurrent use.
type Budget struct {
	cfg       Config
	now       func() time.Time
	unlimited bool

	mu        sync.Mutex
	onGrant   func(op string, background bool) // tests: called with mu held as a call gets its token
	ops       map[string]*opBudget
	groups    map[ivs.Group]*groupBudget
	calls     window
	throttled window
	lastBulk  time.Time // a bulk call last asked for or got a token
}

type opBudget struct {
	name  string
	group *groupBudget
	lim   *rate.Limiter
	calls window

	// factor is 1 normally; halved per 429 of this operation, restored
	// after quiet periods. AWS's call-rate quotas are per operation, so a
	// 429 of one says nothing of its group's others.
	factor  float64
	lastCut time.Time // last time factor changed

	// Calls waiting for lim, by class (see take). A class waits while a
	// class before it has calls waiting; idle is closed and replaced when
	// a class's count drops to zero, so the classes after it look again.
	waiting [classes]int
	idle    chan struct{}

	// The last answer's latency (request sent to response headers, budget
	// wait excluded) and when it came: a slow API is worth saying.
	latency  time.Duration
	answered time.Time
}

type groupBudget struct {
	name      ivs.Group
	baseRate  float64
	streak    int // consecutive 429s, for the exponential backoff
	until     time.Time
	calls     window
	throttled window
	ops       []*opBudget
}

// recoverAfter is how long an operation must go without a 429 before its
// lowered rate doubles back toward the configured one.
const recoverAfter = 20 * time.Second

// minFactor bounds how far adaptive slowing goes, so an operation is never stuck.
const minFactor = 1.0 / 8

// New builds the budget of cfg.
func New(cfg Config) *Budget {
	b := &Budget{
		cfg:       cfg,
		now:       time.Now,
		unlimited: cfg.Unlimited,
		ops:       make(map[string]*opBudget, len(ivs.OperationNames())),
		groups:    make(map[ivs.Group]*groupBudget, len(ivs.Groups)),
	}
	// The queue group (the pushed-events reader's SQS calls) is not one the
	// status bar lists, but a budget may gate it.
	for _, g := range append(slices.Clone(ivs.Groups), ivs.GroupQueue) {
		b.groups[g] = &groupBudget{name: g, baseRate: cfg.Rate(g)}
	}
	for _, op := range ivs.OperationNames() {
		b.addOp(op)
	}
	return b
}

// addOp must be called with mu held (or before b is shared).
func (b *Budget) addOp(op string) *opBudget {
	g := b.groups[ivs.GroupOf(op)]
	lim := rate.NewLimiter(rate.Limit(g.baseRate), b.cfg.burst())
	if b.unlimited {
		lim = rate.NewLimiter(rate.Inf, 0)
	}
	o := &opBudget{name: op, group: g, lim: lim, factor: 1, idle: make(chan struct{})}
	b.ops[op] = o
	g.ops = append(g.ops, o)
	return o
}

func (b *Budget) op(name string) *opBudget {
	b.mu.Lock()
	defer b.mu.Unlock()
	o, ok := b.ops[name]
	if !ok {
		o = b.addOp(name)
	}
	return o
}

// Wait blocks until op may make a call: past its group's backoff and within
// its limiter. It honours ctx; the error then wraps ctx's.
func (b *Budget) Wait(ctx context.Context, op string) error {
	if err := ctx.Err(); err != nil {
		return err // done before any wait: not the budget's doing
	}
	o := b.op(op)
	for range 8 { // a new 429 may extend the backoff while we wait; re-check a few times
		b.mu.Lock()
		until := o.group.until
		b.mu.Unlock()
		if d := until.Sub(b.now()); d > 0 {
			t := time.NewTimer(d)
			select {
			case <-ctx.Done():
				t.Stop()
				return &WaitError{Err: ctx.Err()}
			case <-t.C:
			}
		}
		if err := b.take(ctx, o); err != nil {
			if ctx.Err() != nil {
				err = ctx.Err()
			} else {
				// rate.Wait refuses up front when the wait would pass the deadline.
				err = context.DeadlineExceeded
			}
			return &WaitError{Err: err}
		}
		b.mu.Lock()
		again := o.group.until.After(b.now())
		b.mu.Unlock()
		if !again {
			break
		}
	}
	b.mu.Lock()
	now := b.now()
	o.calls.add(now)
	o.group.calls.add(now)
	b.calls.add(now)
	b.mu.Unlock()
	return nil
}

// OnThrottle records a 429 for op: the group backs off (exponential with
// jitter, capped) and op slows down to half its current rate. Only op: the
// quotas are per operation, and slowing its siblings too would halve an
// export that pipelines two operations when another client (a dashboard's
// watcher, the customer's backend) shares one of them. It returns how long
// the group now backs off.
func (b *Budget) OnThrottle(op string) time.Duration {
	o := b.op(op)
	base, limit := b.cfg.backoffBounds()
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	g := o.group
	g.throttled.add(now)
	b.throttled.add(now)
	if now.Before(g.until) {
		// The group is backing off already: no call was sent since it
		// began (wait holds them), so this 429 answers a call sent with
		// the one that started it. A burst of calls throttled together
		// (several panes polling, the watcher) is one throttling, not a
		// streak: five at once would otherwise back off 16 s and cut the
		// rate to an eighth in one go.
		return g.until.Sub(now)
	}
	g.streak++
	d := base
	for i := 1; i < g.streak && d < limit; i++ {
		d *= 2
	}
	d = min(d, limit)
	// Equal jitter: half fixed, half random, so clients that were throttled
	// together do not come back together.
	d = d/2 + rand.N(d/2+1)
	if until := now.Add(d); until.After(g.until) {
		g.until = until
	}
	if o.factor > minFactor {
		o.factor = max(minFactor, o.factor/2)
		b.applyRate(o, now)
	}
	o.lastCut = now
	return g.until.Sub(now)
}

// OnAnswer records a call that got an answer other than 429: the backoff
// streak resets, and an operation slowed by throttling recovers step by step.
func (b *Budget) OnAnswer(op string) {
	o := b.op(op)
	b.mu.Lock()
	defer b.mu.Unlock()
	g := o.group
	g.streak = 0
	now := b.now()
	if o.factor < 1 && now.Sub(o.lastCut) >= recoverAfter {
		o.factor = min(1, o.factor*2)
		o.lastCut = now
		b.applyRate(o, now)
	}
}

// OnLatency records how long op's last answer took on the wire.
func (b *Budget) OnLatency(op string, d time.Duration) {
	o := b.op(op)
	b.mu.Lock()
	defer b.mu.Unlock()
	o.latency, o.answered = d, b.now()
}

// SlowAfter is the latency from which an operation's answers count as slow
// (the status bar says so): IVS answers in well under a second.
const SlowAfter = 2 * time.Second

// slowFor is how long a slow answer is said when no newer answer of its
// operation came (the pane that made it may be gone).
const slowFor = 30 * time.Second

// bulkRecently: Usage says bulk work runs this long after its last call
// got a token, which covers the gaps between an export's pages.
const bulkRecently = 10 * time.Second

// BackoffLeft is how long op's group still backs off.
func (b *Budget) BackoffLeft(op string) time.Duration {
	o := b.op(op)
	b.mu.Lock()
	defer b.mu.Unlock()
	return max(0, o.group.until.Sub(b.now()))
}

func (b *Budget) applyRate(o *opBudget, now time.Time) {
	if b.unlimited {
		return
	}
	o.lim.SetLimitAt(now, rate.Limit(o.group.baseRate*o.factor))
}

// Usage reports the last minute, for the status bar.
func (b *Budget) Usage() Usage {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	u := Usage{
		Calls:     b.calls.sum(now),
		Throttled: b.throttled.sum(now),
		Unlimited: b.unlimited,
		Bulk:      !b.lastBulk.IsZero() && now.Sub(b.lastBulk) < bulkRecently,
	}
	for _, name := range ivs.Groups {
		g := b.groups[name]
		gu := GroupUsage{
			Group:               name,
			Calls:               g.calls.sum(now),
			Throttled:           g.throttled.sum(now),
			AllowedPerMinute:    g.baseRate * 60,
			ConfiguredPerMinute: g.baseRate * 60,
		}
		for _, o := range g.ops {
			gu.AllowedPerMinute = min(gu.AllowedPerMinute, g.baseRate*o.factor*60)
		}
		if g.until.After(now) {
			gu.BackoffUntil = g.until
			u.BackingOff = true
			if g.until.After(u.BackoffUntil) {
				u.BackoffUntil = g.until
			}
		}
		u.Groups = append(u.Groups, gu)
		for _, o := range g.ops {
			allowed := g.baseRate * o.factor * 60
			if o.latency >= SlowAfter && now.Sub(o.answered) < slowFor && o.latency > u.SlowLatency {
				u.Slow, u.SlowLatency = o.name, o.latency
			}
			if n := o.calls.sum(now); n > u.BusiestCalls || (n == u.BusiestCalls && n > 0 && o.name < u.Busiest) {
				u.Busiest, u.BusiestCalls, u.AllowedPerMinute = o.name, n, allowed
			}
		}
	}
	if u.Busiest == "" {
		// Nothing called yet: show what a stage operation (what polls) may make.
		u.AllowedPerMinute = u.Groups[0].AllowedPerMinute
	}
	return u
}

// SetGrantHook calls f, with the budget's lock held, each time a call gets
// its token (nil removes it): how tests see the order calls are served in.
func (b *Budget) SetGrantHook(f func(op string, background bool)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.onGrant = f
}

// WaitError is a context that ended while a call waited for the budget, so
// it is not mistaken for a slow AWS.
type WaitError struct{ Err error }

func (e *WaitError) Error() string { return "waiting for the API budget: " + e.Err.Error() }
func (e *WaitError) Unwrap() error { return e.Err }

// window counts events over the last minute in one-second buckets: constant
// memory however many calls are made.
type window struct {
	sec   [60]int64 // the unix second each bucket counts
	count [60]int
}

func (w *window) add(t time.Time) {
	s := t.Unix()
	i := int(uint64(s) % 60)
	if w.sec[i] != s {
		w.sec[i], w.count[i] = s, 0
	}
	w.count[i]++
}

func (w *window) sum(t time.Time) int {
	now := t.Unix()
	n := 0
	for i := range w.sec {
		if age := now - w.sec[i]; age >= 0 && age < 60 {
			n += w.count[i]
		}
	}
	return n
}
