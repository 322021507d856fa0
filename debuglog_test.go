package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An existing log file readable by others is made the owner's only.
func TestOpenDebugLogNarrowsAnExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.log")
	if err := os.WriteFile(path, []byte("earlier\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, closer, err := openDebugLog(path)
	if err != nil {
		t.Fatal(err)
	}
	l.Info("appended")
	closer.Close()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	raw, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(raw), "earlier\n") || !strings.Contains(string(raw), "appended") {
		t.Errorf("the log was not appended to: %q", raw)
	}
}

// A new log file is the owner's only.
func TestOpenDebugLogCreatesAPrivateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.log")
	l, closer, err := openDebugLog(path)
	if err != nil {
		t.Fatal(err)
	}
	l.Debug("first")
	closer.Close()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	if raw, _ := os.ReadFile(path); !strings.Contains(string(raw), "level=DEBUG msg=first") {
		t.Errorf("a debug record is missing: %q", raw)
	}
}
