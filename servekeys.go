package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	gossh "golang.org/x/crypto/ssh"
)

// role is what an SSH viewer may do: readonly is --read-only's dashboard,
// operator the full one.
type role string

const (
	roleReadOnly role = "readonly"
	roleOperator role = "operator"
)

// roleOption is the authorized_keys option that gives a key its role, as in
// `ivsdash-role=operator ssh-ed25519 AAAA... alice@laptop`; a key without it
// is readonly.
const roleOption = "ivsdash-role"

// viewerKey is one line of the authorized keys file.
type viewerKey struct {
	fingerprint string // SHA256:..., as ssh-keygen -l shows it
	comment     string
	role        role
}

// authorizedKeys are the keys allowed in, by their wire form.
type authorizedKeys map[string]viewerKey

// loadAuthorizedKeys reads an OpenSSH authorized_keys file. A line that does
// not parse or gives an unknown role is an error naming the line: a key file
// half understood would let in someone it meant to keep out, or with the
// wrong role.
func loadAuthorizedKeys(path string) (authorizedKeys, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	keys := authorizedKeys{}
	for n, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		pub, comment, options, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: not an authorized key line: %v", path, n+1, err)
		}
		r, err := roleOf(options)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %v", path, n+1, err)
		}
		keys[string(pub.Marshal())] = viewerKey{fingerprint: gossh.FingerprintSHA256(pub), comment: comment, role: r}
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s holds no key: nobody could connect", path)
	}
	return keys, nil
}

// roleOf reads ivsdash-role from a key line's options (readonly without it).
func roleOf(options []string) (role, error) {
	r := roleReadOnly
	for _, o := range options {
		name, value, ok := strings.Cut(o, "=")
		if !ok || name != roleOption {
			continue
		}
		switch v := role(strings.Trim(value, `"`)); v {
		case roleReadOnly, roleOperator:
			r = v
		default:
			return "", fmt.Errorf("%s=%q: give %s or %s", roleOption, strings.Trim(value, `"`), roleReadOnly, roleOperator)
		}
	}
	return r, nil
}

// loadOrCreateHostKey reads the server's private host key, or, when the file
// does not exist, generates an Ed25519 key and writes it there (mode 0600).
func loadOrCreateHostKey(path string) (signer gossh.Signer, created bool, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		data, err = newHostKey(path)
		created = err == nil
	}
	if err != nil {
		return nil, false, err
	}
	signer, err = gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, false, fmt.Errorf("%s: not a private key in OpenSSH or PEM form: %v", path, err)
	}
	return signer, created, nil
}

func newHostKey(path string) ([]byte, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "ivsdash serve host key")
	if err != nil {
		return nil, err
	}
	data := pem.EncodeToMemory(block)
	fh, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	_, err = fh.Write(data)
	if cerr := fh.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
		return nil, err
	}
	return data, nil
}
