package budget

import (
	"context"
	"time"

	"golang.org/x/time/rate"
)

// take gets one token of op's limiter for a call, by class (see Background
// and Bulk).
//
// A foreground call reserves the next token at once (rate.Limiter.Wait:
// reservations are served in order), so it queues only behind other
// foreground calls. A background or bulk call holds no reservation while it
// waits: it takes a token only when one is there now and no call of an
// earlier class of the operation is waiting, else it sleeps until the next
// token is due or an earlier class's queue empties, and looks again. A
// foreground call that arrives while others wait is therefore delayed at
// most by the one token a later class took just before it, and not at all
// when the burst allows two or more: later classes leave the last token of
// the bucket to the foreground (they wait for two and take one), which costs
// them no throughput, as the bucket refills at the same rate either way.
func (b *Budget) take(ctx context.Context, o *opBudget) error {
	c := classOf(ctx)
	b.mu.Lock()
	o.waiting[c]++
	if c == bulk {
		b.lastBulk = b.now()
	}
	b.mu.Unlock()
	var err error
	if c == foreground {
		err = o.lim.Wait(ctx)
		b.mu.Lock()
		if err == nil && b.onGrant != nil {
			b.onGrant(o.name, false)
		}
	} else {
		err = b.takeAfterOthers(ctx, o, c) // returns with mu held
	}
	o.waiting[c]--
	if c == bulk {
		b.lastBulk = b.now() // a long wait counts as running
	}
	if o.waiting[c] == 0 {
		close(o.idle)
		o.idle = make(chan struct{})
	}
	b.mu.Unlock()
	return err
}

// takeAfterOthers is take for a class after the foreground. It returns with
// b.mu held.
func (b *Budget) takeAfterOthers(ctx context.Context, o *opBudget, c class) error {
	for {
		b.mu.Lock()
		ahead := false
		for earlier := range c {
			ahead = ahead || o.waiting[earlier] > 0
		}
		idle := o.idle
		if ahead {
			b.mu.Unlock()
			select {
			case <-ctx.Done():
				b.mu.Lock()
				return ctx.Err()
			case <-idle:
			}
			continue
		}
		now := time.Now() // the limiters keep real time
		need := 1.0
		if o.lim.Burst() >= 2 {
			need = 2 // one left for a foreground call that comes next
		}
		if o.lim.Limit() == rate.Inf || o.lim.TokensAt(now) >= need && o.lim.AllowN(now, 1) {
			if b.onGrant != nil {
				b.onGrant(o.name, true)
			}
			return nil
		}
		delay := time.Millisecond
		if lim := float64(o.lim.Limit()); lim > 0 {
			missing := need - o.lim.TokensAt(now)
			delay = max(delay, time.Duration(missing/lim*float64(time.Second)))
		}
		b.mu.Unlock()
		if dl, ok := ctx.Deadline(); ok && now.Add(delay).After(dl) {
			// As rate.Wait does: refuse up front a wait that would pass the deadline.
			b.mu.Lock()
			return context.DeadlineExceeded
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			b.mu.Lock()
			return ctx.Err()
		case <-t.C:
		case <-idle:
			// A call of another class came and went: its token may be
			// spent, or the way clear; look again.
			t.Stop()
		}
	}
}
