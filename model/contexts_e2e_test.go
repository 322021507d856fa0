package model

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/emulator"
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
	h.press(":")
	h.typeText("ctx")
	h.press("enter")
	screen := h.waitFor("Contexts", "profile", "prod", "us-west-2", "eu-central-1")
	if strings.Contains(screen, "corp") {
		t.Fatalf("an sso-session is not a profile:\n%s", screen)
	}
	h.press("/")
	h.typeText("us-west-2")
	h.press("enter")
	h.press("enter")
	h.waitFor("switched to profile default · us-west-2", "Compositions")
	h.waitScreen("the status bar names the region", func(s string) bool {
		return strings.Contains(lineWith(s, "polling"), "us-west-2")
	})

	h.press(":")
	h.typeText("ctx")
	h.press("enter")
	h.waitFor("Contexts")
	h.press("/")
	h.typeText("prod")
	h.press("enter")
	h.press("enter")
	h.waitFor("switched to profile prod · us-east-1", "Compositions")
	h.press("c") // the file makes prod read-only: no create
	h.waitFor("read-only: ", "is off")
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(asked, ",") != "@us-west-2,prod@" {
		t.Fatalf("connections asked: %q", asked)
	}
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
