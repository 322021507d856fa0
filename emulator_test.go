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

// The emulator command's scale and fault flags.

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
