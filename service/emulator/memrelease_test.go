package emulator

import (
	"context"
	"net/http"
	"testing"
	"time"
)

// TestIdleReleaseOncePerBurst: nothing is released before any request, nor
// while requests keep coming; one release once they stop for the idle
// period, and none after it until the next burst.
func TestIdleReleaseOncePerBurst(t *testing.T) {
	r := newIdleRelease(10*time.Second, func() {})
	t0 := time.Unix(1_700_000_000, 0)
	if r.due(t0.Add(time.Hour)) {
		t.Fatal("released with no request served")
	}
	for i := range 5 {
		r.noteRequest(t0.Add(time.Duration(i) * 5 * time.Second))
		if r.due(t0.Add(time.Duration(i)*5*time.Second + 9*time.Second)) {
			t.Fatalf("released %d: during a burst (requests 5s apart, idle 10s)", i)
		}
	}
	last := t0.Add(20 * time.Second)
	if !r.due(last.Add(10 * time.Second)) {
		t.Fatal("not released 10s after the burst's last request")
	}
	if r.due(last.Add(time.Minute)) {
		t.Fatal("released twice for one burst")
	}
	r.noteRequest(last.Add(2 * time.Minute))
	if !r.due(last.Add(3 * time.Minute)) {
		t.Fatal("not released after the second burst")
	}
}

// TestServeReleasesMemoryWhenIdle: a served emulator calls the release
// after its calls stop, and Close stops the watcher.
func TestServeReleasesMemoryWhenIdle(t *testing.T) {
	released := make(chan struct{}, 10)
	e, err := Start(context.Background(), "127.0.0.1:0", Options{NoThrottle: true,
		memoryReleaseIdle: 20 * time.Millisecond,
		memoryRelease:     func() { released <- struct{}{} }})
	noErr(t, err)
	defer e.Close()
	select {
	case <-released:
		t.Fatal("released before any call")
	case <-time.After(100 * time.Millisecond):
	}
	resp, err := http.Post(e.URL()+"/ListStages", "application/json", http.NoBody)
	noErr(t, err)
	_ = resp.Body.Close()
	select {
	case <-released:
	case <-time.After(10 * time.Second):
		t.Fatal("no release after the calls stopped")
	}
	noErr(t, e.Close())
}
