package model

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/emulator"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/service/pushed"
)

// :ctx lists the profiles of the AWS config file and the IVS Real-Time
// regions; enter on one reconnects (here to the emulator) and rebuilds the
// panes, keeping their kind.
func TestE2ESwitchContextKeepsThePaneKind(t *testing.T) {
	cfgFile := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(cfgFile, []byte("[default]\nregion = us-east-1\n[profile prod]\n[sso-session corp]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CONFIG_FILE", cfgFile)
	e := newEmulator(t, emulator.Options{NoThrottle: true})
	buildScene(t, e)
	var mu sync.Mutex
	var asked []string
	h := startHarness(t, e, harnessOpts{fakeClock: true, start: "compositions", config: func(cfg *Config) {
		cfg.Connect = func(_ context.Context, profile, region string) (*service.Client, error) {
			mu.Lock()
			asked = append(asked, profile+"@"+region)
			mu.Unlock()
			return service.NewForEndpoint(e.URL(), region, budget.Config{Fraction: 1}), nil
		}
		cfg.ReadOnlyFor = func(profile string) bool { return profile == "prod" }
	}})
	h.waitFor("Compositions")
	screen := switchContextTo(h, "us-west-2", "profile", "prod", "us-west-2", "eu-central-1")
	if strings.Contains(screen, "corp") {
		t.Fatalf("an sso-session is not a profile:\n%s", screen)
	}
	h.waitFor("switched to profile default · us-west-2", "Compositions")
	h.waitScreen("the status bar names the region", func(s string) bool {
		return strings.Contains(lineWith(s, "polling"), "us-west-2")
	})

	switchContextTo(h, "prod")
	h.waitFor("switched to profile prod · us-east-1", "Compositions")
	h.press("c") // the file makes prod read-only: no create
	h.waitFor("read-only: ", "is off")
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(asked, ",") != "@us-west-2,prod@" {
		t.Fatalf("connections asked: %q", asked)
	}
}

// switchContextTo opens :ctx, waits for its list (and wantListed in it),
// filters it to name and switches to the row; it returns the list's screen.
func switchContextTo(h *harness, name string, wantListed ...string) string {
	h.press(":")
	h.typeText("ctx")
	h.press("enter")
	screen := h.waitFor(append([]string{"Contexts"}, wantListed...)...)
	h.press("/")
	h.typeText(name)
	h.press("enter", "enter")
	return screen
}

// Without Connect (--demo, --endpoint-url) :ctx says there is nothing to
// switch.
func TestE2ESwitchContextNeedsAWS(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true})
	h := startHarness(t, e, harnessOpts{fakeClock: true})
	h.waitFor("Stages")
	h.press(":")
	h.typeText("ctx")
	h.press("enter")
	h.waitFor("Contexts", "us-east-1")
	h.press("enter")
	h.waitFor("not with --demo or --endpoint-url")
}

// :ctx stops the events feed of the profile left (its account's queue) and
// starts the one of the profile switched to: a late batch of the old feed
// is dropped, the new feed's alert, and a profile whose queue cannot be
// read says so and polls.
func TestE2ESwitchContextSwitchesTheEventsQueue(t *testing.T) {
	cfgFile := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(cfgFile, []byte("[default]\nregion = us-east-1\n[profile prod]\n[profile dev]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CONFIG_FILE", cfgFile)
	e := newEmulator(t, emulator.Options{NoThrottle: true})
	first, prod := fakeFeed{ch: make(chan pushed.Batch)}, fakeFeed{ch: make(chan pushed.Batch)}
	stopped := make(chan struct{})
	h := startHarness(t, e, harnessOpts{width: 200, height: 40, start: "compositions", config: func(cfg *Config) {
		cfg.Connect = func(_ context.Context, profile, region string) (*service.Client, error) {
			return service.NewForEndpoint(e.URL(), "us-east-1", budget.Config{Fraction: 1}), nil
		}
		cfg.Events, cfg.EventsStop = first, func() { close(stopped) }
		cfg.EventsFor = func(_ context.Context, profile string, _ *service.Client) (EventFeed, error) {
			switch profile {
			case "prod":
				return prod, nil
			case "dev":
				return nil, errors.New("the queue is in eu-west-1, the dashboard in us-east-1")
			}
			return nil, nil
		}
	}})
	h.waitFor("Compositions", "events pushed")
	switchContextTo(h, "prod")
	h.waitFor("switched to profile prod")
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("the first profile's feed was not stopped")
	}
	failure := func(pid string) pushed.Batch {
		return pushed.Batch{Recordings: []pushed.RecordingChange{{ParticipantID: pid, Name: ivs.PushedRecordingStartFailure, Time: time.Now()}}}
	}
	first.ch <- failure("pOldAccount") // read by the old feed's last wait, then dropped
	prod.ch <- failure("pProd")
	screen := h.waitFor("participant pProd")
	if strings.Contains(screen, "pOldAccount") {
		t.Fatalf("a batch of the profile left reached the dashboard:\n%s", screen)
	}
	switchContextTo(h, "dev")
	h.waitFor("events queue of profile dev", "eu-west-1", "polling instead")
}
