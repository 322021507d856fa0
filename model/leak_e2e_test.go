package model

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service/emulator"
)

// Goroutine leaks: many refresh cycles must not grow the count; then the
// whole program runs through faults (resets, 500s, throttling, corrupt
// answers, expired credentials, calls in flight inside an injected delay
// when it quits) and quits, and once it and the emulator are gone the
// process must be back to the goroutines it had before. Counts are
// process-wide, so this test is not parallel (no model test is). The
// program runs on a fake clock that the test moves: refresh cycles cost no
// waiting, and between them nothing runs, which makes the counts steady.

// goroutinesSettle waits until at most want goroutines run, or the count
// has not fallen for settleStill, or 10 s; it returns the last count.
func goroutinesSettle(want int) int {
	deadline := time.Now().Add(10 * time.Second)
	n := runtime.NumGoroutine()
	fell := time.Now()
	for n > want && time.Now().Before(deadline) && time.Since(fell) < settleStill {
		time.Sleep(20 * time.Millisecond)
		runtime.GC()
		if m := runtime.NumGoroutine(); m < n {
			n, fell = m, time.Now()
		}
	}
	return n
}

// settleStill is how long a goroutine count that no longer falls is
// watched before it counts as settled: longer than the other tests'
// real-clock ticks (the 1-second clock, 1-second polling) take to fire.
const settleStill = 1500 * time.Millisecond

func allStacks() string {
	buf := make([]byte, 1<<20)
	return string(buf[:runtime.Stack(buf, true)])
}

// leakSlack allows for the runtime's own goroutines coming and going.
const leakSlack = 2

func TestE2ENoGoroutineLeak(t *testing.T) {
	before := goroutinesSettle(0)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e, err := emulator.Start(ctx, "127.0.0.1:0", emulator.Options{NoThrottle: true, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	scene := buildFaultScene(t, e)
	h := startHarness(t, e, harnessOpts{interval: time.Second, fakeClock: true, config: func(c *Config) { c.CallTimeout = 2 * time.Second }})
	h.waitFor("fault-stage")
	h.press("enter")
	h.waitFor("Sessions of fault-stage", scene.session.ID)
	h.press("enter")
	h.waitFor("alice", "bob")
	h.press("s") // the session timeline: the watcher reads every participant
	h.waitFor("Timeline · fault-stage", "PUBLISH_ERROR")

	// Many refresh cycles: no growth. The low point of half a second is
	// the baseline, as calls still finishing come and go within it.
	low := func() int {
		n := runtime.NumGoroutine()
		for end := time.Now().Add(500 * time.Millisecond); time.Now().Before(end); time.Sleep(25 * time.Millisecond) {
			n = min(n, runtime.NumGoroutine())
		}
		return n
	}
	h.waitClock(h.clock.Now().Add(time.Second)) // warm up: the HTTP client's pool fills
	start, startStacks := low(), allStacks()
	opsBefore := total(e.Operations())
	h.waitClock(h.clock.Now().Add(6 * time.Second)) // six polling intervals of the timeline and the watcher
	end := low()
	calls := total(e.Operations()) - opsBefore
	if calls < 6 {
		t.Fatalf("only %d calls in 6 s: the dashboard did not keep refreshing", calls)
	}
	// One more pooled keep-alive connection is three goroutines (the
	// client's read and write loops, the server's); a leak per refresh
	// would be six or more.
	if end > start+growthSlack {
		t.Fatalf("goroutines grew from %d to %d over %d calls; before:\n%s\nafter:\n%s", start, end, calls, startStacks, allStacks())
	}
	t.Logf("goroutines %d -> %d over %d calls in 6 s", start, end, calls)

	h.press("esc")
	h.waitFor("Participants of")
	began := time.Now()
	for _, spec := range []string{"reset=1", "error500=1", "throttle=1", "truncate=1", "badjson=1"} {
		if err := e.SetFaults(spec); err != nil {
			t.Fatal(err)
		}
		h.waitFor("STALE")
		_ = e.SetFaults("")
		h.waitFor("refreshed")
		t.Logf("%v: %s done", time.Since(began).Round(time.Millisecond), spec)
	}
	if err := e.SetCredentialMode("expired"); err != nil {
		t.Fatal(err)
	}
	h.waitFor("STALE", "expired")
	_ = e.SetCredentialMode("ok")
	h.waitFor("refreshed")
	h.press("s")
	h.waitFor("Timeline · fault-stage")
	// Quit with calls stuck in a 30 s delay: they end when the emulator
	// closes (or at their timeout), and leave nothing behind.
	if err := e.SetFaults("latency=30s"); err != nil {
		t.Fatal(err)
	}
	h.press("r")
	h.waitClock(h.clock.Now().Add(time.Second)) // the watcher's next reads
	time.Sleep(500 * time.Millisecond)          // the refresh and the watcher are in the delay now
	quitAt := time.Now()
	h.press("q")
	select {
	case <-h.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the program did not quit within 10 s with calls in a delay")
	}
	if d := time.Since(quitAt); d > 5*time.Second {
		t.Errorf("quitting took %v with calls in flight", d)
	}
	t.Logf("%v: quit", time.Since(began).Round(time.Millisecond))
	_ = h.term.emu.Close() // ends the harness's reader of the terminal's answers
	h.clock.stop()         // releases the ticks the program left waiting
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	cancel()
	if after := goroutinesSettle(before + leakSlack); after > before+leakSlack {
		t.Fatalf("%d goroutines before the program, %d after it quit:\n%s", before, after, allStacks())
	} else {
		t.Logf("goroutines: %d before, %d after", before, after)
	}
}

// growthSlack is one more keep-alive connection and the runtime's noise.
const growthSlack = 4
