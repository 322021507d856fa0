package emulator

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// snapshot renders everything the API could show about the state, ids
// included, to compare two runs.
func snapshot(b *backend) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var sb strings.Builder
	for _, st := range b.stages.order {
		fmt.Fprintf(&sb, "stage %s %s\n", st.id, st.name)
		for _, sess := range st.sessions.order {
			fmt.Fprintf(&sb, " session %s live=%v\n", sess.id, sess.live())
			for _, p := range sess.participants.order {
				fmt.Fprintf(&sb, "  %s %q %s pub=%v:", p.id, p.userID, p.state, p.published)
				for _, e := range p.events {
					fmt.Fprintf(&sb, " %s/%s/%s", e.name, e.remote, e.code)
				}
				sb.WriteString("\n")
			}
		}
	}
	for _, c := range b.compositions.order {
		fmt.Fprintf(&sb, "composition %s %s\n", c.id, c.state)
	}
	return sb.String()
}

// errorCodes returns the distinct event error codes recorded anywhere.
func errorCodes(b *backend) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	seen := map[string]bool{}
	for _, st := range b.stages.order {
		for _, sess := range st.sessions.order {
			for _, p := range sess.participants.order {
				for _, e := range p.events {
					if e.code != "" {
						seen[e.code] = true
					}
				}
			}
		}
	}
	codes := sortedKeys(seen)
	sort.Strings(codes)
	return codes
}

// earlyErrorCodes are the catalogue's error codes but the one that takes
// 24 hours of publishing: what the simulation's first minute plays.
func earlyErrorCodes() []string {
	return slices.DeleteFunc(ivs.ErrorCodes(), func(c string) bool { return c == "STREAM_DURATION_EXCEEDED" })
}

// manualSim builds an emulator with a simulation that the test steps by
// hand on a fake clock.
func manualSim(t *testing.T, seed int64) (*simulation, *fakeClock) {
	t.Helper()
	clock := newFakeClock()
	e, err := New(Options{NoThrottle: true, Seed: seed, Now: clock.Now})
	noErr(t, err)
	t.Cleanup(func() { _ = e.Close() })
	sim, err := newSimulation(e, seed)
	noErr(t, err)
	return sim, clock
}

func TestSimulationIsDeterministic(t *testing.T) {
	run := func(seed int64) string {
		sim, clock := manualSim(t, seed)
		for range 120 {
			clock.Advance(time.Second)
			sim.step()
		}
		return snapshot(sim.b)
	}
	a, b := run(42), run(42)
	if a != b {
		t.Fatal("the same seed told two different stories")
	}
	if c := run(43); c == a {
		t.Fatal("another seed told the same story")
	}
}

func TestSimulationCoversTheScenario(t *testing.T) {
	sim, clock := manualSim(t, 7)
	for range 75 {
		clock.Advance(time.Second)
		sim.step()
	}
	codes := errorCodes(sim.b)
	equalSlices(t, "error codes within the first 75 ticks (every code of the catalogue that can happen that early)", codes, earlyErrorCodes())

	b := sim.b
	b.mu.Lock()
	defer b.mu.Unlock()
	names := map[string]*stage{}
	for _, st := range b.stages.order {
		names[st.name] = st
	}
	for _, n := range []string{"main-broadcast", "quiet-room", "standup", "recorded-interviews", "ingest-studio"} {
		if names[n] == nil {
			t.Fatalf("stage %s missing", n)
		}
	}
	if names["quiet-room"].active != nil {
		t.Error("the quiet room has nobody")
	}
	main := names["main-broadcast"].active
	pubs, subs := publishers(main), subscribers(main)
	if pubs < 2 || subs < 10 {
		t.Errorf("main-broadcast has %d publishers and %d subscribers", pubs, subs)
	}
	if !names["recorded-interviews"].recording() {
		t.Error("one stage records participants")
	}
	recorded := false
	for _, p := range names["recorded-interviews"].active.participants.order {
		recorded = recorded || p.recBucket != ""
	}
	if !recorded {
		t.Error("participants of the recorded stage have a recording bucket")
	}
	running := 0
	for _, c := range b.compositions.order {
		if c.running() && c.dests[0].config.S3 != nil {
			running++
		}
	}
	equal(t, "compositions recording to S3", running, 1)
	active := 0
	for _, c := range b.ingests.order {
		if c.state == "ACTIVE" {
			active++
		}
	}
	equal(t, "active ingest configurations", active, 1)
	selfSigned := false
	for _, p := range names["standup"].active.participants.order {
		selfSigned = selfSigned || strings.Contains(p.userID, "self-signed")
	}
	if !selfSigned {
		t.Error("a stand-up member joins with a self-signed token")
	}
}

func TestSimulationRunsInTheBackground(t *testing.T) {
	v := start(t, Options{NoThrottle: true, Simulate: true, Seed: 1, SimulationTick: 5 * time.Millisecond})
	deadline := time.Now().Add(20 * time.Second)
	for len(errorCodes(v.e.b)) < len(earlyErrorCodes()) {
		if time.Now().After(deadline) {
			t.Fatalf("after 20s only %v", errorCodes(v.e.b))
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Close stops it; closing twice is fine.
	noErr(t, v.e.Close())
	noErr(t, v.e.Close())
	before := snapshot(v.e.b)
	time.Sleep(30 * time.Millisecond)
	if snapshot(v.e.b) != before {
		t.Fatal("the simulation kept running after Close")
	}
}

// TestSimulationSurvivesTheDashboard deletes and disconnects things under
// the simulation, as a user of the dashboard may.
func TestSimulationSurvivesTheDashboard(t *testing.T) {
	sim, clock := manualSim(t, 3)
	for i := range 200 {
		clock.Advance(time.Second)
		sim.step()
		if i%50 == 10 {
			noErr(t, sim.b.DeleteStage(sim.main.arn))
		}
		if i%7 == 0 && len(sim.viewers) > 0 {
			pid := sim.viewers[0]
			_ = sim.b.DisconnectParticipant(sim.main.arn, pid)
		}
	}
	sim.b.mu.Lock()
	defer sim.b.mu.Unlock()
	if st, ok := sim.b.stages.get(sim.main.arn[len(sim.main.arn)-12:]); !ok || st.active == nil {
		t.Fatal("the broadcast came back after its stage was deleted")
	}
}

// implausibleErrors lists the error events of b that could not have
// happened when they did: a STREAM_DURATION_EXCEEDED before 24 hours of
// streaming, or a publish-side error (bitrate, resolution, duration) for a
// participant that was not publishing.
func implausibleErrors(b *backend) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var bad []string
	for _, st := range b.stages.order {
		for _, sess := range st.sessions.order {
			for _, p := range sess.participants.order {
				var publishingSince int64 = -1
				for _, e := range p.events {
					switch e.name {
					case "PUBLISH_STARTED":
						publishingSince = e.at
					case "PUBLISH_STOPPED", "LEFT":
						publishingSince = -1
					}
					switch e.code {
					case "BITRATE_EXCEEDED", "RESOLUTION_EXCEEDED", "STREAM_DURATION_EXCEEDED":
						if publishingSince < 0 {
							bad = append(bad, fmt.Sprintf("%s %s for %s of %s, not publishing", e.name, e.code, p.userID, st.name))
						}
					}
					if e.code == "STREAM_DURATION_EXCEEDED" && publishingSince >= 0 && e.at-publishingSince < ivs.MaxStreamDuration.Milliseconds() {
						bad = append(bad, fmt.Sprintf("%s for %s of %s after %s of publishing", e.code, p.userID, st.name, time.Duration(e.at-publishingSince)*time.Millisecond))
					}
				}
			}
		}
	}
	return bad
}

// The simulation's errors fit the moment: nothing that takes 24 hours of
// streaming in its first minutes; once a host has published for 24 hours,
// the stream is cut with STREAM_DURATION_EXCEEDED.
func TestSimulatedErrorsArePlausibleWhenTheyHappen(t *testing.T) {
	for _, seed := range []int64{1, 7, 42} {
		sim, clock := manualSim(t, seed)
		for range 600 {
			clock.Advance(time.Second)
			sim.step()
		}
		if bad := implausibleErrors(sim.b); len(bad) > 0 {
			t.Fatalf("seed %d: implausible errors:\n%s", seed, strings.Join(bad, "\n"))
		}
	}
	sim, clock := manualSim(t, 7)
	clock.Advance(time.Second)
	sim.step()
	if sim.cause("STREAM_DURATION_EXCEEDED") {
		t.Fatal("STREAM_DURATION_EXCEEDED one second in")
	}
	clock.Advance(ivs.MaxStreamDuration)
	if !sim.cause("STREAM_DURATION_EXCEEDED") {
		t.Fatal("no STREAM_DURATION_EXCEEDED after 24 hours of publishing")
	}
	if bad := implausibleErrors(sim.b); len(bad) > 0 {
		t.Fatalf("implausible errors:\n%s", strings.Join(bad, "\n"))
	}
	if !slices.Contains(errorCodes(sim.b), "STREAM_DURATION_EXCEEDED") {
		t.Fatal("the error was not recorded")
	}
}
