package pushed_test

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service/emulator"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/service/pushed"
)

// Measured (README's pushed events, the scale issue): with 10,000
// participants in the simulated broadcast and delivery 5% duplicated and
// 5% reordered, 20 publish errors reach the reader each once, no IVS call
// is made for them, and each arrives within the reorder hold-back (3 s) of
// its injection; the test logs the distribution.
func TestPushedPublishErrorsAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("a 10,000-participant emulator")
	}
	f := startWith(t, emulator.Options{NoThrottle: true, Seed: 5, Simulate: true, Participants: 10_000,
		Faults: "duplicate=5%@Deliver*;reorder=5%@Deliver*"})
	e := f.e
	res, err := pushed.Setup{QueueName: "scale"}.Apply(f.ctx, f.clients)
	if err != nil {
		t.Fatal(err)
	}
	j := f.live(t)
	r, _ := f.reader(t, res.QueueURL)
	before := maps.Clone(e.Operations())

	const errors = 20
	injected := make([]time.Time, 0, errors)
	arrived := map[int]time.Duration{}
	got := 0
	collect := func(b pushed.Batch) {
		for _, u := range b.StageUpdates {
			if u.Event.ParticipantID == j.ParticipantID && u.Event.Name == ivs.EventPublishError {
				arrived[got] = time.Since(injected[got])
				got++
			}
		}
	}
	for i := range errors {
		injected = append(injected, time.Now())
		if err := e.RecordError(j.StageARN, j.ParticipantID, ivs.EventPublishError, "BITRATE_EXCEEDED"); err != nil {
			t.Fatal(err)
		}
		// Wait for it, so each latency is its own (a reordered one is held back).
		for got <= i {
			collect(next(t, r))
		}
	}
	time.Sleep(3500 * time.Millisecond) // any duplicate or held-back copy has arrived by now
	for drained := false; !drained; {
		select {
		case b := <-r.Events():
			collect(b)
		default:
			drained = true
		}
	}
	if got != errors {
		t.Fatalf("%d publish errors reached the reader, want %d each once (health %+v)", got, errors, r.Health())
	}
	lat := slices.Collect(maps.Values(arrived))
	slices.Sort(lat)
	t.Logf("publish error to the reader, %d errors at 10,000 participants: min %s, median %s, p90 %s, max %s; duplicates dropped %d; delivery %+v",
		errors, lat[0], lat[errors/2], lat[errors*9/10], lat[errors-1], r.Health().Duplicates, e.PushedStats())
	if lat[errors-1] > 4*time.Second {
		t.Errorf("the slowest took %s", lat[errors-1])
	}
	after := e.Operations()
	if !maps.Equal(before, after) {
		t.Errorf("IVS calls while reading pushed events: %v -> %v", before, after)
	}
}
