package model

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service/emulator"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/service/pushed"
	"github.com/ivsdash/ivsdash/ui"
)

// End to end: the events the emulator pushes through its EventBridge and
// SQS, read by a pushed.Reader as the dashboard's --events-queue does.

// pushedFeed makes a queue fed by the emulator's rule, as `events setup
// --apply` (and --demo) do, and starts its reader.
func pushedFeed(t *testing.T, e *emulator.Emulator, failuresBeforeStopped int) *pushed.Reader {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	client := testClient(e)
	res, err := pushed.Setup{QueueName: "ivsdash-test"}.Apply(ctx, pushed.NewClients(client.AWSConfig(), e.URL(), emulator.HTTPClient()))
	if err != nil {
		cancel()
		t.Fatalf("events setup: %v", err)
	}
	r, err := pushed.New(pushed.Config{QueueURL: res.QueueURL, AWS: client.AWSConfig(), FailuresBeforeStopped: failuresBeforeStopped})
	if err != nil {
		cancel()
		t.Fatalf("reader: %v", err)
	}
	r.Start(ctx)
	t.Cleanup(func() { cancel(); <-r.Done() })
	return r
}

// pausedWithFeed builds the scene, starts the dashboard reading a queue
// the emulator feeds, and pauses polling once the scene's error shows:
// from then on only pushed events reach the watcher.
func pausedWithFeed(t *testing.T, e *emulator.Emulator) (scene, *harness) {
	t.Helper()
	feed := pushedFeed(t, e, 0)
	sc := buildScene(t, e)
	h := startHarness(t, e, harnessOpts{width: 160, height: 48, config: func(c *Config) { c.Events = feed }})
	h.waitFor("e2e-live", "✖ 1", "events pushed")
	h.press("p")
	h.waitFor("polling paused")
	// The watcher pauses at the next second; calls it started before land.
	time.Sleep(1500 * time.Millisecond)
	return sc, h
}

// aliceTimeline opens, from the stages pane, triage, alice's pane and her
// session's timeline, once it shows a pushed error; inTriage runs while
// triage shows.
func aliceTimeline(h *harness, sc scene, inTriage func()) string {
	h.press("!")
	h.waitFor("Error triage", "alice · "+sc.alice)
	inTriage()
	h.press("down", "down", "enter")
	h.waitFor("Participant alice")
	h.press("s")
	return h.waitFor("Timeline · e2e-live", "PUBLISH_ERROR "+ui.PushedMark)
}

// A publish error shows in the ERRORS count, as an alert and in the
// session's timeline without a ListParticipantEvents call for it: the
// watcher is paused, the event comes pushed. bob's error, both read and
// pushed, is one row.
func TestE2EPushedPublishErrorNeedsNoRead(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true})
	sc, h := pausedWithFeed(t, e)
	before := e.Operations()["ListParticipantEvents"]

	if err := e.RecordError(sc.stage.ARN, sc.alice, "PUBLISH_ERROR", "QUOTA_EXCEEDED"); err != nil {
		t.Fatalf("RecordError: %v", err)
	}
	screen := h.waitFor("✖ 2", "⚠ ✖ PUBLISH_ERROR")
	if !strings.Contains(lineWith(screen, "⚠ ✖ PUBLISH_ERROR"), "alice") {
		t.Fatalf("the alert should name alice:\n%s", screen)
	}
	if after := e.Operations()["ListParticipantEvents"]; after != before {
		t.Fatalf("ListParticipantEvents called %d times for a pushed error", after-before)
	}
	// Triage lists it from what the watcher holds: still no read. The
	// session's timeline marks the pushed event.
	screen = aliceTimeline(h, sc, func() {
		if after := e.Operations()["ListParticipantEvents"]; after != before {
			t.Fatalf("ListParticipantEvents called %d times for triage of a pushed error", after-before)
		}
	})
	rows := strings.Count(screen, "✖ PUBLISH_ERROR ") - strings.Count(screen, "⚠ ✖ PUBLISH_ERROR ")
	if n := rows; n != 2 {
		t.Fatalf("want bob's and alice's PUBLISH_ERROR once each, got %d:\n%s", n, screen)
	}
}

// When the queue stops answering, the status bar says the dashboard polls
// instead.
func TestE2EPushedQueueDownSaysPolling(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true})
	// The queue is down from the start (a long poll already waiting would
	// only fail when it ends).
	if err := e.SetFaults("error500=1@ReceiveMessage"); err != nil {
		t.Fatalf("SetFaults: %v", err)
	}
	feed := pushedFeed(t, e, 1)
	buildScene(t, e)
	h := startHarness(t, e, harnessOpts{width: 160, height: 48, config: func(c *Config) { c.Events = feed }})
	// The long form or, the error's text taking the room, the short one.
	h.waitScreen("the queue said down", func(s string) bool {
		return strings.Contains(s, "e2e-live") && (strings.Contains(s, "events queue stopped answering") && strings.Contains(s, "polling instead") ||
			strings.Contains(s, "⚠ queue down: polling"))
	})

}

// fakeFeed hands the App the batches a test sends.
type fakeFeed struct{ ch chan pushed.Batch }

func (f fakeFeed) Events() <-chan pushed.Batch { return f.ch }
func (f fakeFeed) Health() pushed.Health {
	return pushed.Health{Running: true, LastMessage: time.Now()}
}

// A Recording Start Failure or a Destination Failure alerts like an error
// event, with what it means and the fix.
func TestPushedFailuresAlertWithMeaningAndFix(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true})
	feed := fakeFeed{ch: make(chan pushed.Batch)}
	h := startHarness(t, e, harnessOpts{width: 200, height: 40, fakeClock: true, config: func(c *Config) { c.Events = feed }})
	h.waitFor("events pushed")
	feed.ch <- pushed.Batch{Recordings: []pushed.RecordingChange{{ParticipantID: "pXyZ123", Name: ivs.PushedRecordingStartFailure, Time: time.Now()}}}
	meaning, _ := ivs.ExplainPushedFailure(ivs.PushedRecordingStartFailure)
	h.waitFor("✖ Recording Start Failure · participant pXyZ123", meaning[:30])
	feed.ch <- pushed.Batch{Compositions: []pushed.CompositionChange{
		{CompositionARN: "arn:aws:ivs:us-east-1:123456789012:composition/AbC123", Name: ivs.PushedDestinationStart},
		{CompositionARN: "arn:aws:ivs:us-east-1:123456789012:composition/AbC123", Name: ivs.PushedDestinationFailure},
	}}
	h.waitFor("✖ Destination Failure · composition AbC123")
}

// Under duplicated and reordered delivery every pushed event shows once,
// in time order.
func TestE2EPushedDuplicatedAndReorderedShowOnceInOrder(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true})
	if err := e.SetFaults("duplicate=100%;reorder=50%@Deliver*"); err != nil {
		t.Fatalf("SetFaults: %v", err)
	}
	sc, h := pausedWithFeed(t, e)
	for i, code := range []string{"QUOTA_EXCEEDED", "BITRATE_EXCEEDED", "RESOLUTION_EXCEEDED"} {
		if i > 0 {
			time.Sleep(1100 * time.Millisecond) // EventBridge's times are whole seconds
		}
		if err := e.RecordError(sc.stage.ARN, sc.alice, "PUBLISH_ERROR", code); err != nil {
			t.Fatalf("RecordError: %v", err)
		}
	}
	h.waitFor("✖ 4")
	waitUntil(t, "every delivery, duplicates included", func() bool {
		st := e.PushedStats()
		return st.Delivered >= st.Matched && st.Duplicated > 0
	})
	time.Sleep(4 * time.Second) // reordered deliveries are held back 1-3 s
	screen := aliceTimeline(h, sc, func() {})
	var times []string
	for _, line := range strings.Split(screen, "\n") {
		if strings.Contains(line, "✖ PUBLISH_ERROR ") && strings.Contains(line, "alice") && !strings.Contains(line, "⚠") {
			times = append(times, strings.Fields(strings.TrimLeft(line, " ▸"))[0])
		}
	}
	if len(times) != 3 {
		t.Fatalf("want alice's 3 errors once each, got %d:\n%s", len(times), screen)
	}
	for i := 1; i < len(times); i++ {
		if times[i] <= times[i-1] {
			t.Fatalf("alice's errors out of time order %v:\n%s", times, screen)
		}
	}
	if !strings.Contains(screen, "· 4 errors") {
		t.Fatalf("the timeline should count bob's and alice's 4 errors:\n%s", screen)
	}
}
