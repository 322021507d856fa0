package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The --log file is the owner's only: created 0600, and an existing file
// readable by others narrowed to 0600 and appended to.
func TestOpenDebugLogIsPrivate(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "old.log")
	if err := os.WriteFile(existing, []byte("earlier\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{existing, filepath.Join(dir, "new.log")} {
		l, closer, err := openDebugLog(path)
		if err != nil {
			t.Fatal(err)
		}
		l.Debug("appended")
		closer.Close()
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", filepath.Base(path), fi.Mode().Perm())
		}
		if raw, _ := os.ReadFile(path); !strings.Contains(string(raw), "level=DEBUG msg=appended") {
			t.Errorf("%s: the debug record is missing: %q", filepath.Base(path), raw)
		}
	}
	if raw, _ := os.ReadFile(existing); !strings.HasPrefix(string(raw), "earlier\n") {
		t.Errorf("the existing log was not appended to: %q", raw)
	}
}

// Each command that takes --log narrows an existing file that others could
// read (0666 here) to 0600, and appends to it: the token and export commands
// against the emulator, and the dashboard as it stops for want of
// credentials.
func TestLogFlagNarrowsAnExistingFile(t *testing.T) {
	env := newCLIEnv(t)
	dir := t.TempDir()
	commands := map[string]func(log string) int{
		"token": func(log string) int {
			code, _, _ := env.run(t, "token", "--stage", env.stage.ARN, "--user-id", "log-lee", "--log", log)
			return code
		},
		"export": func(log string) int {
			code, _, _ := env.run(t, "export", "--stage", env.stage.ARN, "--format", "json", "--out", filepath.Join(dir, "export.json"), "--log", log)
			return code
		},
	}
	for name, command := range commands {
		log := filepath.Join(dir, name+".log")
		if err := os.WriteFile(log, []byte("earlier\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(log, 0o666); err != nil {
			t.Fatal(err)
		}
		if code := command(log); code != 0 {
			t.Fatalf("%s --log: exit %d", name, code)
		}
		checkNarrowedLog(t, name, log)
	}

	withoutAWS(t)
	log := filepath.Join(dir, "dashboard.log")
	if err := os.WriteFile(log, []byte("earlier\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(log, 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"--log", log, "--region", "us-east-1"}, &out, &errOut); code != 1 {
		t.Fatalf("the dashboard without credentials: exit %d: %s", code, errOut.String())
	}
	checkNarrowedLog(t, "the dashboard", log)
}

// checkNarrowedLog checks that the log at path is 0600 and was appended to.
func checkNarrowedLog(t *testing.T, who, path string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("%s --log: the existing file is %v after the run, want 0600", who, fi.Mode().Perm())
	}
	raw, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(raw), "earlier\n") || len(raw) == len("earlier\n") {
		t.Errorf("%s --log: the existing file was not appended to: %q", who, raw)
	}
}
