package budget

import (
	"context"
	"time"

	"golang.org/x/time/rate"
)

// take gets one token of op's limiter for a call, foreground first.
//
// A foreground call reserves the next token at once (rate.Limiter.Wait:
// reservations are served in order), so it queues only behind other
// foreground calls. A background call holds no reservation while it waits:
// it takes a token only when one is there now and no foreground call of
// the operation is waiting, else it sleeps until the next token is due or
// the foreground queue empties, and looks again. A foreground call that
// arrives while background calls wait is therefore delayed at most by the
// one token a background call took just before it, and not at all when the
// burst allows two or more: background calls leave the last token of the
// bucket to the foreground (they wait for two and take one), which costs
// them no throughput, as the bucket refills at the same rate either way.
func (b *Budget) take(ctx context.Context, o *opBudget) error {
	if !IsBackground(ctx) {
		b.mu.Lock()
		o.fgWaiting++
		b.mu.Unlock()
		err := o.lim.Wait(ctx)
		b.mu.Lock()
		o.fgWaiting--
		if err == nil && b.onGrant != nil {
			b.onGrant(o.name, false)
		}
		if o.fgWaiting == 0 {
			close(o.fgIdle)
			o.fgIdle = make(chan struct{})
		}
		b.mu.Unlock()
		return err
	}
	for {
		b.mu.Lock()
		if o.fgWaiting > 0 {
			idle := o.fgIdle
			b.mu.Unlock()
			select {
			case <-ctx.Done():
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
			b.mu.Unlock()
			return nil
		}
		delay := time.Millisecond
		if lim := float64(o.lim.Limit()); lim > 0 {
			missing := need - o.lim.TokensAt(now)
			delay = max(delay, time.Duration(missing/lim*float64(time.Second)))
		}
		idle := o.fgIdle
		b.mu.Unlock()
		if dl, ok := ctx.Deadline(); ok && now.Add(delay).After(dl) {
			// As rate.Wait does: refuse up front a wait that would pass the deadline.
			return context.DeadlineExceeded
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		case <-idle:
			// A foreground call came and went: its token is spent, look again.
			t.Stop()
		}
	}
}
