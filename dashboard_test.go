package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/emulator"
)

// The dashboard's flags, --demo's emulator flags among them.

func TestDashboardFlagsOfTriage(t *testing.T) {
	var errb bytes.Buffer
	f, err := parseDashboardFlags([]string{"--error-window", "30m", "--bell"}, &errb)
	if err != nil || f.errorWindow.Minutes() != 30 || !f.bell {
		t.Fatalf("flags: %+v %v", f, err)
	}
	if _, err := parseDashboardFlags([]string{"--error-window", "10s"}, &errb); err == nil {
		t.Fatal("a 10s error window is accepted")
	}
}

func TestDashboardNoMouseFlag(t *testing.T) {
	var errb bytes.Buffer
	if f, err := parseDashboardFlags(nil, &errb); err != nil || f.noMouse {
		t.Fatalf("the mouse is on by default: %+v %v", f, err)
	}
	if f, err := parseDashboardFlags([]string{"--no-mouse"}, &errb); err != nil || !f.noMouse {
		t.Fatalf("--no-mouse: %+v %v", f, err)
	}
}

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

// --start takes the panes the `:` jump opens, and nothing else.
func TestStartPaneIsChecked(t *testing.T) {
	var errb bytes.Buffer
	for _, pane := range []string{"stages", "compositions", "ingest", "encoders", "storage", "keys", "triage", "quotas"} {
		if f, err := parseDashboardFlags([]string{"--start", pane}, &errb); err != nil || f.start != pane {
			t.Errorf("--start %s: %v", pane, err)
		}
	}
	_, err := parseDashboardFlags([]string{"--start", "foo"}, &errb)
	if err == nil || err.Error() != `--start "foo": choose stages, compositions, ingest, encoders, storage, keys, triage or quotas` {
		t.Fatalf("--start foo: %v", err)
	}
}

// --no-metrics leaves the dashboard without a CloudWatch client; by default
// there is one beside the IVS client.
func TestNoMetricsFlag(t *testing.T) {
	var errb bytes.Buffer
	client := service.NewForEndpoint("http://127.0.0.1:1", "", budget.Config{})
	f, err := parseDashboardFlags(nil, &errb)
	if err != nil || f.noMetrics || f.metricsClient(client) == nil {
		t.Fatalf("default: %+v %v", f, err)
	}
	f, err = parseDashboardFlags([]string{"--no-metrics"}, &errb)
	if err != nil || !f.noMetrics || f.metricsClient(client) != nil {
		t.Fatalf("--no-metrics: %+v %v", f, err)
	}
}

// --demo's emulator answers on 127.0.0.1 and on no other address of the
// machine: not another loopback address, not IPv6's, not any interface's.
func TestDemoListensOnLoopbackOnly(t *testing.T) {
	f, err := parseDashboardFlags([]string{"--demo"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	emu, err := startDemo(ctx, emulator.Options{Region: "us-east-1", Seed: f.seed})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	u, err := url.Parse(emu.URL())
	if err != nil {
		t.Fatal(err)
	}
	host, port, err := net.SplitHostPort(u.Host)
	if err != nil || host != "127.0.0.1" {
		t.Fatalf("the demo's endpoint is %s; want 127.0.0.1", emu.URL())
	}
	conn, err := net.DialTimeout("tcp", u.Host, time.Second)
	if err != nil {
		t.Fatalf("the demo does not answer on %s: %v", u.Host, err)
	}
	conn.Close()
	others := []string{"127.0.0.2", "::1"}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range addrs {
		if ipn, ok := a.(*net.IPNet); ok && !ipn.IP.IsLoopback() && !ipn.IP.IsLinkLocalUnicast() {
			others = append(others, ipn.IP.String())
		}
	}
	for _, ip := range others {
		if conn, err := net.DialTimeout("tcp", net.JoinHostPort(ip, port), time.Second); err == nil {
			conn.Close()
			t.Errorf("the demo answers on %s too", net.JoinHostPort(ip, port))
		}
	}
	t.Logf("answers on %s only; refused on %v", u.Host, others)
}
