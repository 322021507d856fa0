package model

import (
	"math"
	"os"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/model/watch"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/emulator"
	"github.com/ivsdash/ivsdash/service/ivs"
)

// What the watcher costs on the demo's live session (main-broadcast, with
// viewers coming and going every second), at the default budget (20% of
// 5 TPS per operation), measured with the client's Usage and the
// emulator's count of calls received. The stages pane is filtered to
// main-broadcast so the watcher reads that session alone.
//
// The short run always runs and checks the watcher keeps to its share; a
// longer one reports a per-minute figure:
//
//	IVSDASH_MEASURE=90s go test ./model -run TestWatcherCostOnTheDemo -v
func TestWatcherCostOnTheDemo(t *testing.T) {
	run := 6 * time.Second
	if v := os.Getenv("IVSDASH_MEASURE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("IVSDASH_MEASURE=%q: %v", v, err)
		}
		run = d
	}
	e := newEmulator(t, emulator.Options{Simulate: true, Seed: 1})
	client := service.NewForEndpoint(e.URL(), "us-east-1", budget.Config{Fraction: budget.DefaultFraction})
	h := startHarness(t, e, harnessOpts{width: 160, height: 40, interval: 5 * time.Second, config: func(c *Config) { c.Client = client }})

	h.waitFor("main-broadcast")
	h.press("/")
	h.typeText("main-broadcast")
	h.press("enter")
	h.waitFor("1 of ")
	before := e.Operations()
	start := time.Now()
	time.Sleep(run)
	elapsed := time.Since(start)
	after := e.Operations()
	usage := client.Usage()

	events := after["ListParticipantEvents"] - before["ListParticipantEvents"]
	// The stages pane's own ListParticipants: two per GetStageSession (its
	// vital signs of a live stage); the rest is the watcher's listing.
	sessions := after["GetStageSession"] - before["GetStageSession"]
	lists := after["ListParticipants"] - before["ListParticipants"] - 2*sessions
	perMin := func(n int) float64 { return float64(n) / elapsed.Minutes() }

	// 20% of 5 TPS is 60 calls a minute per operation; the watcher spaces
	// its calls to its share of that (half of ListParticipants, nine tenths
	// of ListParticipantEvents), plus the first.
	allowedEvents := int(math.Ceil(elapsed.Seconds()*watch.EventsShare)) + 1
	allowedLists := int(math.Ceil(elapsed.Seconds()*watch.ListShare)) + 1
	if events > allowedEvents {
		t.Fatalf("the watcher made %d ListParticipantEvents calls in %s: more than its share (%d)", events, elapsed.Round(time.Second), allowedEvents)
	}
	if lists > allowedLists {
		t.Fatalf("the watcher made %d ListParticipants calls in %s: more than its share (%d)", lists, elapsed.Round(time.Second), allowedLists)
	}
	if events == 0 {
		t.Fatal("the watcher read no events at all")
	}
	var stage budget.GroupUsage
	for _, g := range usage.Groups {
		if g.Group == ivs.GroupStage {
			stage = g
		}
	}
	t.Logf("over %s: watcher ListParticipantEvents %d (%.1f/min), watcher ListParticipants %d (%.1f/min); "+
		"Usage(): stage group %d calls in the last minute, busiest %s %d of %.0f allowed per minute, throttled %d",
		elapsed.Round(time.Second), events, perMin(events), lists, perMin(lists),
		stage.Calls, usage.Busiest, usage.BusiestCalls, usage.AllowedPerMinute, usage.Throttled)
	screen := h.term.screen()
	t.Logf("header: %s", lineWith(screen, "stages ·"))
	t.Logf("row: %s", lineWith(screen, "main-broadcast "))
}
