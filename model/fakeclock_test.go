package model

import (
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/service/emulator"
)

// fakeClock is a Clock that moves only when a test advances it, so tests
// do not sleep through polling intervals and the watcher's spacing. Its
// Tick commands block until the clock reaches their time (or it stops).
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	timers  []*fakeTimer // not fired yet
	blocked int          // Tick commands waiting for their time
	stopped bool
}

type fakeTimer struct {
	at      time.Time
	fired   chan struct{} // closed when it fires or the clock stops
	waiting bool          // its command is blocked on fired
}

// newFakeClock starts at the real time (the emulator stamps events with it);
// the clock stops when the test ends,
// releasing every command still waiting.
func newFakeClock(t testing.TB) *fakeClock {
	c := &fakeClock{now: time.Now()}
	t.Cleanup(c.stop)
	return c
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Tick(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	c.mu.Lock()
	t := &fakeTimer{at: c.now.Add(d), fired: make(chan struct{})}
	if c.stopped {
		close(t.fired)
	} else {
		c.timers = append(c.timers, t)
	}
	c.mu.Unlock()
	return func() tea.Msg {
		c.mu.Lock()
		select {
		case <-t.fired:
		default:
			t.waiting = true
			c.blocked++
		}
		c.mu.Unlock()
		<-t.fired
		c.mu.Lock()
		stopped := c.stopped
		c.mu.Unlock()
		if stopped {
			return nil // the test is over: no message for a finished program
		}
		return fn(t.at)
	}
}

// waiters is how many Tick commands are blocked waiting for their time.
func (c *fakeClock) waiters() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.blocked
}

// next is the time of the earliest timer, false when none waits.
func (c *fakeClock) next() (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var at time.Time
	for _, t := range c.timers {
		if at.IsZero() || t.at.Before(at) {
			at = t.at
		}
	}
	return at, !at.IsZero()
}

// step moves the clock to its earliest timer and fires every timer due by
// then; it reports whether there was one.
func (c *fakeClock) step() bool {
	at, ok := c.next()
	if ok {
		c.advanceTo(at)
	}
	return ok
}

// advanceTo moves the clock to at (never back) and fires the timers due.
func (c *fakeClock) advanceTo(at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if at.After(c.now) {
		c.now = at
	}
	kept := c.timers[:0]
	for _, t := range c.timers {
		if t.at.After(c.now) {
			kept = append(kept, t)
			continue
		}
		c.fire(t)
	}
	clear(c.timers[len(kept):])
	c.timers = kept
}

// fire releases a timer's command; the caller holds mu.
func (c *fakeClock) fire(t *fakeTimer) {
	if t.waiting {
		t.waiting = false
		c.blocked--
	}
	close(t.fired)
}

// stop releases every waiting command with no message: the program they
// belonged to has ended.
func (c *fakeClock) stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stopped = true
	for _, t := range c.timers {
		c.fire(t)
	}
	c.timers = nil
}

// The dashboard's waits go through Config.Clock: on a fake clock, polling
// refreshes once per interval of that clock and a flash expires on it,
// while almost no real time passes.
func TestPollingAndFlashesRunOnTheConfiguredClock(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true, Seed: 3})
	clock := newFakeClock(t)
	const interval = time.Minute // far longer than the test may take
	app := New(Config{Client: testClient(e), Interval: interval, Mode: "test", Endpoint: e.URL(), Clock: clock})
	d := newModelDriver(t, app, 120, 40)
	waitLoaded(t, d, "stages")
	realStart := time.Now()
	lists := e.Operations()["ListStages"]

	d.runUntilClock(clock.Now().Add(3 * interval))
	d.settle()
	if n := e.Operations()["ListStages"] - lists; n < 3 || n > 4 {
		t.Errorf("%d ListStages in three intervals of the fake clock, want 3 (or 4 with one on the edge)", n)
	}

	d.send(kit.ActionDoneMsg{What: "done"})
	if app.status.text == "" {
		t.Fatal("no flash after an action")
	}
	d.runUntilClock(clock.Now().Add(flashFor[kit.FlashSuccess] + time.Second))
	if app.status.text != "" {
		t.Errorf("the flash %q outlived its time on the fake clock", app.status.text)
	}
	if took := time.Since(realStart); took > 20*time.Second {
		t.Errorf("three minutes on the fake clock took %v of real time", took)
	}
}
