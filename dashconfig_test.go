package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const precedenceFile = `
interval = "30s"
budget = 0.5
favorites = ["main-broadcast"]
theme = "light"

[profiles.prod]
read_only = true
interval = "1m"
`

// The file sets the defaults, its profile section wins over its top level,
// and a flag on the command line wins over both.
func TestConfigFilePrecedence(t *testing.T) {
	file, err := parseConfig("c.toml", precedenceFile)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_PROFILE", "")
	var errb bytes.Buffer
	f, err := parseDashboardFlagsWith(nil, &errb, file)
	if err != nil || f.interval != 30*time.Second || f.readOnly || f.conn.budget.text != "0.5" ||
		f.theme != "light" || strings.Join(f.favorites, ",") != "main-broadcast" {
		t.Fatalf("file alone: %+v %v", f, err)
	}
	f, err = parseDashboardFlagsWith([]string{"--profile", "prod"}, &errb, file)
	if err != nil || f.interval != time.Minute || !f.readOnly {
		t.Fatalf("prod profile: interval %v read-only %v %v", f.interval, f.readOnly, err)
	}
	t.Setenv("AWS_PROFILE", "prod")
	f, err = parseDashboardFlagsWith([]string{"--interval", "7s", "--read-only=false", "--budget", "0.2"}, &errb, file)
	if err != nil || f.interval != 7*time.Second || f.readOnly || f.conn.budget.text != "0.2" {
		t.Fatalf("flags over the file: interval %v read-only %v budget %s %v", f.interval, f.readOnly, f.conn.budget.text, err)
	}
	// After a :ctx switch, the new profile's read_only, unless the flag was given.
	f, _ = parseDashboardFlagsWith(nil, &errb, file)
	if !f.readOnlyFor("prod") || f.readOnlyFor("dev") || f.readOnlyFor("") {
		t.Fatal("read_only per profile not followed after a switch")
	}
	f, _ = parseDashboardFlagsWith([]string{"--read-only=false"}, &errb, file)
	if f.readOnlyFor("prod") {
		t.Fatal("--read-only=false should win over the file's profile")
	}
	// The file's values go through the flags' checks.
	bad, _ := parseConfig("c.toml", `interval = "1ms"`)
	if _, err := parseDashboardFlagsWith(nil, &errb, bad); err == nil || !strings.Contains(err.Error(), "interval") {
		t.Fatalf("an interval out of range: %v", err)
	}
}

// A malformed file stops the dashboard before it starts, naming the line.
func TestMalformedConfigFileNamesTheLine(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	p := filepath.Join(dir, "ivsdash", "config.toml")
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("theme = \"dark\"\nread_only = maybe\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := runDashboard(context.Background(), []string{"--demo"}, &out, &errb)
	if code != 2 || !strings.Contains(errb.String(), p+": line 2") {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
}

// Each profile names its own events queue (a queue holds one account's and
// region's events): at start, the profile's; after :ctx, the new profile's;
// --events-queue given stays with the profile it started with.
func TestEventsQueuePerProfile(t *testing.T) {
	const (
		prodQ = "https://sqs.us-east-1.amazonaws.com/111111111111/ivsdash-alice"
		devQ  = "https://sqs.eu-west-1.amazonaws.com/222222222222/ivsdash-alice"
		flagQ = "https://sqs.us-east-1.amazonaws.com/333333333333/mine"
	)
	file, err := parseConfig("c.toml", `
[profiles.prod]
events_queue = "`+prodQ+`"

[profiles.dev]
events_queue = "`+devQ+`"
`)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_PROFILE", "")
	var errb bytes.Buffer
	f, err := parseDashboardFlagsWith([]string{"--profile", "prod"}, &errb, file)
	if err != nil || f.eventsQueue != prodQ {
		t.Fatalf("prod at start: queue %q, %v", f.eventsQueue, err)
	}
	if f.eventsQueueFor("dev") != devQ || f.eventsQueueFor("prod") != prodQ || f.eventsQueueFor("") != "" || f.eventsQueueFor("staging") != "" {
		t.Fatalf("after :ctx: dev %q prod %q default %q", f.eventsQueueFor("dev"), f.eventsQueueFor("prod"), f.eventsQueueFor(""))
	}
	f, err = parseDashboardFlagsWith([]string{"--profile", "prod", "--events-queue", flagQ}, &errb, file)
	if err != nil || f.eventsQueue != flagQ || f.eventsQueueFor("prod") != flagQ || f.eventsQueueFor("dev") != devQ {
		t.Fatalf("the flag: at start %q, prod %q, dev %q (%v)", f.eventsQueue, f.eventsQueueFor("prod"), f.eventsQueueFor("dev"), err)
	}
	// A malformed queue names its section.
	_, err = parseConfig("c.toml", "[profiles.prod]\nevents_queue = \"https://sqs.us-east-1.amazonaws.com/q\"\n")
	if err == nil || !strings.Contains(err.Error(), "[profiles.prod] events_queue") || !strings.Contains(err.Error(), "/ACCOUNT/QUEUE-NAME") {
		t.Fatalf("a malformed queue: %v", err)
	}
}

// A queue of another region than the dashboard's holds none of its
// stages' events: said before any call, with the fix.
func TestEventsQueueOfAnotherRegionIsRefused(t *testing.T) {
	q := "https://sqs.eu-west-1.amazonaws.com/123456789012/ivsdash"
	if err := queueInRegion(q, "eu-west-1"); err != nil {
		t.Fatalf("same region: %v", err)
	}
	err := queueInRegion(q, "us-east-1")
	if err == nil || !strings.Contains(err.Error(), "eu-west-1") || !strings.Contains(err.Error(), "events setup --region us-east-1") {
		t.Fatalf("another region: %v", err)
	}
	if err := queueInRegion("http://127.0.0.1:4566/123456789012/q", "us-east-1"); err != nil {
		t.Fatalf("an emulator's queue names no region: %v", err)
	}
}
