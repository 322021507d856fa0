package main

import (
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
