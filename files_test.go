package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// The files the commands write are new and private: an export (--out) and
// a private key 0600, the public key 0644, and none of them written over an
// existing file or through a symlink, which could point anywhere.
func TestCommandFilesAreNewAndPrivate(t *testing.T) {
	env := newCLIEnv(t)
	old := syscall.Umask(0o022) // the usual umask, so 0644 shows as asked
	t.Cleanup(func() { syscall.Umask(old) })
	dir := t.TempDir()

	out := filepath.Join(dir, "incident.json")
	if code, _, errOut := env.run(t, "export", "--stage", env.stage.ARN, "--format", "json", "--out", out); code != 0 {
		t.Fatalf("export --out: exit %d: %s", code, errOut)
	}
	keys := filepath.Join(dir, "keys")
	if code, _, errOut := env.run(t, "token", "--generate-key", keys); code != 0 {
		t.Fatalf("--generate-key: exit %d: %s", code, errOut)
	}
	for path, want := range map[string]os.FileMode{
		out: 0o600, filepath.Join(keys, "ivs-signing-key.pem"): 0o600, filepath.Join(keys, "ivs-public-key.pem"): 0o644,
	} {
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: %v %v; want %v", filepath.Base(path), fi, err, want)
		}
	}

	// Over an existing file and through symlinks (to an existing file, and
	// dangling): refused, nothing changed or created.
	existing := filepath.Join(dir, "existing.txt")
	if err := os.WriteFile(existing, []byte("keep\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	toExisting, dangling := filepath.Join(dir, "to-existing"), filepath.Join(dir, "dangling")
	if err := os.Symlink(existing, toExisting); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "created-elsewhere"), dangling); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{existing, toExisting, dangling} {
		if code, _, errOut := env.run(t, "export", "--stage", env.stage.ARN, "--out", path); code != 1 || !strings.Contains(errOut, "never overwrites") {
			t.Errorf("export --out %s: exit %d, %q; want a refusal", filepath.Base(path), code, errOut)
		}
	}
	linkedKeys := filepath.Join(dir, "linked-keys")
	if err := os.Mkdir(linkedKeys, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "key-elsewhere"), filepath.Join(linkedKeys, "ivs-signing-key.pem")); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := env.run(t, "token", "--generate-key", linkedKeys); code != 1 {
		t.Errorf("--generate-key through a dangling symlink: exit %d; want a refusal", code)
	}
	if raw, _ := os.ReadFile(existing); string(raw) != "keep\n" {
		t.Errorf("the existing file was changed: %q", raw)
	}
	for _, name := range []string{"created-elsewhere", "key-elsewhere"} {
		if _, err := os.Lstat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("a file was written through a symlink: %s", name)
		}
	}
}
