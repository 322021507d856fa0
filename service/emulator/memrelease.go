package emulator

import (
	"net/http"
	"runtime/debug"
	"sync/atomic"
	"time"
)

// After a burst of calls the Go runtime keeps the pages its heap grew into:
// the live heap falls back within a GC or two, but the background scavenger
// hands the freed pages back to the OS slowly and stops short of the heap
// goal, so a CI emulator's resident memory stayed near its peak while idle.
// Once the served calls have stopped for memoryReleaseIdle, the server
// returns the free heap to the OS, once per burst (debug.FreeOSMemory: a
// full GC, well under a millisecond of pause at the emulator's heap sizes).
const memoryReleaseIdle = 10 * time.Second

// idleRelease calls release once after each burst of requests, when none
// has come for idle.
type idleRelease struct {
	idle    time.Duration
	release func()
	last    atomic.Int64 // UnixNano of the last request
	pending atomic.Bool  // requests since the last release
}

func newIdleRelease(idle time.Duration, release func()) *idleRelease {
	if release == nil {
		release = debug.FreeOSMemory
	}
	return &idleRelease{idle: orDefault(idle, memoryReleaseIdle), release: release}
}

// wrap notes every request h serves.
func (r *idleRelease) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.noteRequest(time.Now())
		h.ServeHTTP(w, req)
	})
}

func (r *idleRelease) noteRequest(now time.Time) {
	r.last.Store(now.UnixNano())
	r.pending.Store(true)
}

// due reports whether a burst has ended (requests since the last release,
// none for idle) and, if so, marks it released.
func (r *idleRelease) due(now time.Time) bool {
	if !r.pending.Load() || now.Sub(time.Unix(0, r.last.Load())) < r.idle {
		return false
	}
	return r.pending.CompareAndSwap(true, false)
}

// run checks a few times per idle period until quit is closed.
func (r *idleRelease) run(quit <-chan struct{}) {
	tick := time.NewTicker(r.idle / 4)
	defer tick.Stop()
	for {
		select {
		case <-quit:
			return
		case now := <-tick.C:
			if r.due(now) {
				r.release()
			}
		}
	}
}
