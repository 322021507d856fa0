package model

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/emulator"
)

// End-to-end tests, against the emulator, of the defects issue 10 found by
// using the dashboard.

// TestE2ECompositionDestinationsSayWhatTheyAre starts a composition to an S3
// recording and a channel: ListCompositions names neither, yet the list
// must say "S3 recording" and "channel", as the detail does, never "dest".
func TestE2ECompositionDestinationsSayWhatTheyAre(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true, CompositionStartDelay: 10 * time.Millisecond, CompositionIdleTimeout: time.Hour})
	c := testClient(e)
	sc := buildScene(t, e)
	store := mustStorage(t, c, "ux-rec", "ux-recordings")
	enc := mustEncoder(t, c, "ux-enc")
	_, err := c.StartComposition(context.Background(), service.StartCompositionRequest{StageARN: sc.stage.ARN, Destinations: []service.Destination{
		{Name: "archive", S3: &service.S3Destination{StorageConfigurationARN: store.ARN, EncoderConfigurationARNs: []string{enc.ARN}}},
		{Name: "live-out", Channel: &service.ChannelDestination{ChannelARN: e2eChannel1}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	app := New(Config{Client: c, Interval: time.Second, Mode: "test", Endpoint: e.URL(), Clock: newFakeClock(t), Start: "compositions"})
	d := newModelDriver(t, app, 160, 40)
	waitLoaded(t, d, "compositions", "S3 recording ●", "channel ●")
	if strings.Contains(d.screen(), "dest ") {
		t.Fatalf("the list still says dest:\n%s", d.screen())
	}
	d.press("enter")
	waitLoaded(t, d, "composition detail", "S3 recording", "archive", "channel", "live-out")
}
