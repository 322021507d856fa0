package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

func TestAuthorizedKeysRoles(t *testing.T) {
	op, ro, quoted := newClientKey(t), newClientKey(t), newClientKey(t)
	path := filepath.Join(t.TempDir(), "authorized_keys")
	data := "# comment\n\n" +
		authorizedLine(op, "ivsdash-role=operator", "alice") +
		authorizedLine(ro, `no-pty,ivsdash-role="readonly"`, "bob") +
		authorizedLine(quoted, `ivsdash-role="operator"`, "carol")
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	keys, err := loadAuthorizedKeys(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		key     gossh.Signer
		role    role
		comment string
	}{{op, roleOperator, "alice"}, {ro, roleReadOnly, "bob"}, {quoted, roleOperator, "carol"}} {
		k := keys[string(c.key.PublicKey().Marshal())]
		if k.role != c.role || k.comment != c.comment || k.fingerprint != gossh.FingerprintSHA256(c.key.PublicKey()) {
			t.Errorf("%s: %+v, want role %s", c.comment, k, c.role)
		}
	}
	plain := filepath.Join(t.TempDir(), "plain")
	if err := os.WriteFile(plain, []byte(authorizedLine(ro, "", "dave")), 0o600); err != nil {
		t.Fatal(err)
	}
	if keys, err := loadAuthorizedKeys(plain); err != nil || keys[string(ro.PublicKey().Marshal())].role != roleReadOnly {
		t.Fatalf("a key without a role: %v, %v; want readonly", keys, err)
	}
}

func TestAuthorizedKeysRefusesWhatItDoesNotUnderstand(t *testing.T) {
	k := newClientKey(t)
	for _, c := range []struct{ data, want string }{
		{authorizedLine(k, "ivsdash-role=admin", "eve"), `line 1: ivsdash-role="admin": give readonly or operator`},
		{"# only a comment\nssh-ed25519 not-base64!\n", "line 2: not an authorized key line"},
		{"# nobody\n", "holds no key"},
	} {
		path := filepath.Join(t.TempDir(), "keys")
		if err := os.WriteFile(path, []byte(c.data), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := loadAuthorizedKeys(path); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.data, err, c.want)
		}
	}
}

func TestHostKeyGeneratedOnceAndPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "host_key")
	first, created, err := loadOrCreateHostKey(path)
	if err != nil || !created {
		t.Fatalf("first run: created %v, %v", created, err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("host key file: %v, %v; want mode 0600", fi, err)
	}
	again, created, err := loadOrCreateHostKey(path)
	if err != nil || created {
		t.Fatalf("second run: created %v, %v", created, err)
	}
	if fp := gossh.FingerprintSHA256(again.PublicKey()); fp != gossh.FingerprintSHA256(first.PublicKey()) || !strings.HasPrefix(fp, "SHA256:") {
		t.Fatalf("the key changed between runs, or its fingerprint %q is not ssh-keygen's form", fp)
	}
	bad := filepath.Join(t.TempDir(), "bad")
	if err := os.WriteFile(bad, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := loadOrCreateHostKey(bad); err == nil {
		t.Fatal("a file that is not a key was taken as one")
	}
}
