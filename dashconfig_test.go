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
