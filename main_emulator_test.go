package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
)

// The emulator's scale and fault flags, on ivsdash emulator and --demo.

func TestDemoScaleAndFaultFlags(t *testing.T) {
	var errb bytes.Buffer
	f, err := parseDashboardFlags([]string{"--demo", "--participants", "10000", "--stages", "1000", "--faults", "error500=0.1"}, &errb)
	if err != nil || f.participants != 10000 || f.stages != 1000 || f.faults != "error500=0.1" {
		t.Fatalf("flags: %+v %v", f, err)
	}
	if _, err := parseDashboardFlags([]string{"--participants", "10"}, &errb); err == nil || !strings.Contains(err.Error(), "add --demo") {
		t.Fatalf("--participants without --demo: %v", err)
	}
	if _, err := parseDashboardFlags([]string{"--faults", "reset=1"}, &errb); err == nil {
		t.Fatal("--faults without --demo is accepted")
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"--faults", "help"}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "outage    DUR") {
		t.Fatalf("--faults help: %d %q %q", code, out.String(), errOut.String())
	}
	// A bad spec or scale stops --demo before the dashboard opens.
	errOut.Reset()
	if code := run([]string{"--demo", "--faults", "throttle=2"}, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "rate 2 is not between 0 and 1") {
		t.Fatalf("--demo --faults throttle=2: %d %q", code, errOut.String())
	}
	errOut.Reset()
	if code := run([]string{"--demo", "--stages", "1001"}, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "stages 1001") {
		t.Fatalf("--demo --stages 1001: %d %q", code, errOut.String())
	}
}

func TestEmulatorCommandScaleAndFaults(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := runEmulator(context.Background(), []string{"--faults", "help"}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "Examples:") {
		t.Fatalf("emulator --faults help: %d %q", code, errOut.String())
	}
	if code := runEmulator(context.Background(), []string{"--participants", "5", "--listen", "127.0.0.1:0"}, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "--simulate") {
		t.Fatalf("--participants without --simulate: %d %q", code, errOut.String())
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- runEmulator(ctx, []string{"--listen", "127.0.0.1:0", "--simulate", "--no-throttle",
			"--participants", "500", "--stages", "40", "--faults", "throttle=1@GetStage"}, pw, io.Discard)
		pw.Close()
	}()
	var endpoint, faults string
	lines := bufio.NewScanner(pr)
	for endpoint == "" && lines.Scan() {
		line := lines.Text()
		if v, ok := strings.CutPrefix(line, "endpoint: "); ok {
			endpoint = v
		}
		if v, ok := strings.CutPrefix(line, "faults: "); ok {
			faults = v
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if endpoint == "" || !strings.HasPrefix(faults, "throttle=1@GetStage") {
		t.Fatalf("endpoint %q, faults %q", endpoint, faults)
	}
	c := service.NewForEndpoint(endpoint, "us-east-1", budget.Config{Unlimited: true, ThrottleRetries: -1})
	stages, err := c.AllStages(ctx)
	if err != nil || len(stages) != 40 {
		t.Fatalf("%d stages, %v", len(stages), err)
	}
	if stages[0].Name != "main-broadcast" || stages[0].ActiveSessionID == "" {
		t.Fatalf("first stage %+v", stages[0])
	}
	crowd, err := c.AllParticipants(ctx, stages[0].ARN, stages[0].ActiveSessionID, service.ParticipantFilter{})
	if err != nil || len(crowd) < 500 {
		t.Fatalf("%d participants in the broadcast, %v", len(crowd), err)
	}
	_, err = c.GetStage(ctx, stages[0].ARN)
	if service.KindOf(err) != service.Throttled {
		t.Fatalf("GetStage under throttle=1: %v", err)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit code %d", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the emulator command did not stop")
	}
}
