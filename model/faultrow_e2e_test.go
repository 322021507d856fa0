package model

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/emulator"
)

// faultRowThroughTheProgram is one row of the fault matrix in the real
// program (renderer, virtual terminal, keys): the stages pane under each
// fault in turn, read off the screen. TestFaultMatrix runs it alongside
// the other cases. The program runs on a fake clock that moves while the
// screen is still: intervals are counted on it.
func faultRowThroughTheProgram(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true, Seed: 5, CompositionIdleTimeout: time.Hour})
	buildFaultScene(t, e)
	// Calls time out before the injected latency ends, and after the
	// SDK's retry of a 5xx (up to 2 s) has had its chance.
	h := startHarness(t, e, harnessOpts{width: 120, height: 30, interval: matrixInterval, fakeClock: true,
		config: func(c *Config) { c.CallTimeout = 3 * time.Second }})
	h.waitFor("fault-stage", "refreshed")
	// Throttling slows the client's budget for a minute after it ends
	// (by design: see service.budget); in one program it goes last, so
	// the faults after it are not also waiting on the slowed budget.
	var faults []matrixFault
	for _, f := range matrixFaults {
		if !f.throttled {
			faults = append(faults, f)
		}
	}
	for _, f := range matrixFaults {
		if f.throttled {
			faults = append(faults, f)
		}
	}
	for _, fault := range faults {
		before := sumCounts(e.Operations(), e.Refused())
		began, realBegan := h.clock.Now(), time.Now()
		if err := fault.start(e); err != nil {
			t.Fatal(err)
		}
		screen := h.waitScreen(fault.name+" marked stale with its age", func(s string) bool {
			return staleAge.MatchString(s) && (fault.throttled || strings.Contains(s, "last error"))
		})
		if !strings.Contains(screen, "fault-stage") {
			t.Errorf("%s: the stage left the screen:\n%s", fault.name, screen)
		}
		if fault.throttled {
			if !throttledCount.MatchString(screen) {
				t.Errorf("throttle: the status bar does not say calls are throttled:\n%s", screen)
			}
		} else {
			for _, w := range fault.says {
				if !strings.Contains(screen, w) {
					t.Errorf("%s: the status bar should say %q:\n%s", fault.name, w, screen)
				}
			}
		}
		h.waitClock(began.Add(2*matrixInterval + matrixInterval/2))
		if err := fault.stop(e); err != nil {
			t.Fatal(err)
		}
		ended, realEnded := h.clock.Now(), time.Now()
		calls := total(diffCounts(sumCounts(e.Operations(), e.Refused()), before))
		if bound := callBound(matrixPanes[0], ended.Sub(began)); calls > bound {
			t.Errorf("%s: %d calls in %v, bound %d", fault.name, calls, ended.Sub(began).Round(time.Millisecond), bound)
		}
		h.waitScreen("fresh data after "+fault.name, func(s string) bool {
			return strings.Contains(s, "refreshed") && !strings.Contains(s, "STALE") && strings.Contains(s, "fault-stage")
		})
		t.Logf("%-9s %3d calls in %v (%v real), recovered %v after it ended", fault.name, calls, ended.Sub(began), realEnded.Sub(realBegan).Round(10*time.Millisecond), time.Since(realEnded).Round(10*time.Millisecond))
	}
}

// TestE2EExpiredCredentialsMidRun: credentials expire while the dashboard
// runs on a named profile; the status bar says what is wrong and the fix
// with that profile, the data stays, and it resumes by itself once the
// credentials work again. Denied access names the permission to grant.
func TestE2EExpiredCredentialsMidRun(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true, Seed: 6, CompositionIdleTimeout: time.Hour})
	buildFaultScene(t, e)

	// A real profile from AWS config files, as --profile oncall would load.
	dir := t.TempDir()
	cfgFile, credFile := filepath.Join(dir, "config"), filepath.Join(dir, "credentials")
	if err := os.WriteFile(cfgFile, []byte("[profile oncall]\nregion = us-east-1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(credFile, []byte("[oncall]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CONFIG_FILE", cfgFile)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", credFile)
	client, err := service.New(context.Background(), service.Options{Profile: "oncall", EndpointURL: e.URL(), Budget: budget.Config{Fraction: 1}})
	if err != nil {
		t.Fatal(err)
	}
	h := startHarness(t, e, harnessOpts{width: 120, height: 30, fakeClock: true, config: func(c *Config) { c.Client = client; c.Mode = "profile oncall · us-east-1" }})
	h.waitFor("fault-stage", "refreshed")

	for _, tc := range []struct{ mode, what, fix string }{
		{emulator.CredentialsExpired, "credentials have expired", "aws sso login --profile oncall"},
		{emulator.CredentialsDenied, "Access denied to ListStages", "grant ivs:ListStages"},
	} {
		if err := e.SetCredentialMode(tc.mode); err != nil {
			t.Fatal(err)
		}
		screen := h.waitFor("STALE", "last error")
		if !strings.Contains(screen, "fault-stage") {
			t.Errorf("%s: the data left the screen:\n%s", tc.mode, screen)
		}
		for _, want := range []string{tc.what, tc.fix} {
			if !strings.Contains(screen, want) {
				t.Errorf("%s: the status bar should say %q:\n%s", tc.mode, want, screen)
			}
		}
		if err := e.SetCredentialMode(emulator.CredentialsOK); err != nil {
			t.Fatal(err)
		}
		h.waitScreen("the dashboard resuming", func(s string) bool {
			return strings.Contains(s, "refreshed") && !strings.Contains(s, "STALE") && !strings.Contains(s, "last error")
		})
	}
}
