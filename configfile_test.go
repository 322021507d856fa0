package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseEverySetting(t *testing.T) {
	f, err := parseConfig("c.toml", `
interval = "10s"
budget = 0.3
read_only = false
favorites = ["main-broadcast", "standup"]
theme = "light"

[profiles.prod]
read_only = true
budget = "0.1,stage=0.05"
`)
	if err != nil {
		t.Fatal(err)
	}
	if f.Interval.Duration != 10*time.Second || string(*f.Budget) != "0.3" || *f.ReadOnly || f.Theme != "light" ||
		strings.Join(f.Favorites, ",") != "main-broadcast,standup" {
		t.Fatalf("parsed %+v", f)
	}
	prod := f.For("prod")
	if !*prod.ReadOnly || string(*prod.Budget) != "0.1,stage=0.05" || prod.Interval.Duration != 10*time.Second {
		t.Fatalf("prod: %+v", prod)
	}
	if other := f.For("dev"); *other.ReadOnly || string(*other.Budget) != "0.3" {
		t.Fatalf("dev: %+v", other)
	}
}

func TestParseErrorsNameTheLine(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"interval = \"10s\"\n\nread_only = yes\n", "c.toml: line 3"},
		{"theme = \"dark\"\ninterval = \"ten\"\n", "c.toml: line 2"},
		{"favorites = [\"a\"\n", "c.toml: line"},
		{"read_only = true\nbudget = true\n", "line 2"},
		{"colour = \"red\"\n", "unknown setting colour"},
		{"[profiles.prod]\nreadonly = true\n", "unknown setting profiles.prod.readonly"},
		{"theme = \"solarized\"\n", `theme "solarized": choose dark or light`},
	} {
		_, err := parseConfig("c.toml", tc.text)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want it to say %q", tc.text, err, tc.want)
		}
	}
}

func TestLoadNoFileIsNoError(t *testing.T) {
	f, err := loadConfig(filepath.Join(t.TempDir(), "nope.toml"))
	if err != nil || f.Interval != nil || f.Theme != "" {
		t.Fatalf("no file: %+v, %v", f, err)
	}
	if _, err := loadConfig(""); err != nil {
		t.Fatal(err)
	}
}

func TestPathFollowsXDG(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/etc/xdg-test")
	if got := configPath(); got != "/etc/xdg-test/ivsdash/config.toml" {
		t.Fatalf("configPath = %s", got)
	}
	home := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("HOME", home)
	if got := configPath(); got != filepath.Join(home, ".config", "ivsdash", "config.toml") {
		t.Fatalf("configPath = %s", got)
	}
	p := configPath()
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("interval = \"1m\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if f, err := loadConfig(p); err != nil || f.Interval.Duration != time.Minute {
		t.Fatalf("loadConfig: %+v, %v", f, err)
	}
}
