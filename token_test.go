package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTokenCommandViaTheAPI(t *testing.T) {
	env := newCLIEnv(t)
	code, out, errOut := env.run(t, "token", "--stage", env.stage.ARN, "--user-id", "cli-viewer", "--subscribe", "--duration", "30", "--attribute", "role=viewer")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	token := strings.TrimSpace(out)
	if strings.Count(out, "\n") != 1 || strings.Count(token, ".") != 2 {
		t.Fatalf("stdout must be the token alone on one line, got %q", out)
	}
	if errOut != "" {
		t.Fatalf("nothing on stderr on success, got %q", errOut)
	}
	p, sess := env.joinedAs(t, token)
	if p.UserID != "cli-viewer" {
		t.Fatalf("joined as %q", p.UserID)
	}
	// Subscribe only: a publish is refused with the IVS error event.
	_ = env.e.Publish(env.stage.ARN, p.ID)
	evs, err := env.client.AllParticipantEvents(context.Background(), env.stage.ARN, sess, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if last := evs[len(evs)-1]; last.ErrorCode != "INSUFFICIENT_CAPABILITIES" {
		t.Fatalf("a --subscribe token published: %+v", evs)
	}
}

func TestTokenCommandSignsLocally(t *testing.T) {
	env := newCLIEnv(t)
	dir := filepath.Join(t.TempDir(), "keys")
	code, out, errOut := env.run(t, "token", "--generate-key", dir)
	if code != 0 {
		t.Fatalf("--generate-key: exit %d: %s", code, errOut)
	}
	priv, pub := filepath.Join(dir, "ivs-signing-key.pem"), filepath.Join(dir, "ivs-public-key.pem")
	if !strings.Contains(out, "import-public-key") || !strings.Contains(out, "file://"+pub) {
		t.Fatalf("--generate-key should print the import command:\n%s", out)
	}
	if fi, err := os.Stat(priv); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("private key: %v %v", fi, err)
	}
	// A second run refuses to overwrite the key pair.
	if code, _, errOut := env.run(t, "token", "--generate-key", dir); code != 1 || !strings.Contains(errOut, "already exists") {
		t.Fatalf("regenerating over an existing key: exit %d, %q", code, errOut)
	}
	material, err := os.ReadFile(pub)
	if err != nil {
		t.Fatal(err)
	}
	key, err := env.client.ImportPublicKey(context.Background(), "cli-signer", string(material), nil)
	if err != nil {
		t.Fatalf("ImportPublicKey: %v", err)
	}

	mintedBefore := env.e.Operations()["CreateParticipantToken"]
	code, out, errOut = env.run(t, "token", "--stage", env.stage.ARN, "--user-id", "self-signed-ada", "--publish", "--subscribe",
		"--signing-key", priv, "--public-key-arn", key.ARN, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got tokenJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("--json output does not parse: %v\n%s", err, out)
	}
	if got.MintedBy != "local" || got.PublicKeyARN != key.ARN || got.UserID != "self-signed-ada" || got.StageARN != env.stage.ARN || got.DurationMinutes != 720 {
		t.Fatalf("--json details: %+v", got)
	}
	if n := env.e.Operations()["CreateParticipantToken"]; n != mintedBefore {
		t.Fatalf("a local token called CreateParticipantToken (%d -> %d)", mintedBefore, n)
	}
	p, _ := env.joinedAs(t, got.Token)
	if p.UserID != "self-signed-ada" || p.ID != got.ParticipantID {
		t.Fatalf("joined as %+v, want self-signed-ada / %s", p, got.ParticipantID)
	}

	// A token signed by a key whose public half was deleted is refused.
	if err := env.client.DeletePublicKey(context.Background(), key.ARN); err != nil {
		t.Fatal(err)
	}
	_, out, _ = env.run(t, "token", "--stage", env.stage.ARN, "--signing-key", priv, "--public-key-arn", key.ARN)
	if _, err := env.e.Join(strings.TrimSpace(out)); err == nil {
		t.Fatal("the emulator accepted a token signed with a deleted public key")
	}
}

func TestTokenCommandErrors(t *testing.T) {
	env := newCLIEnv(t)
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no stage", []string{"token"}, 2, "--stage is required"},
		{"stray argument", []string{"token", "--stage", env.stage.ARN, "extra"}, 2, `ivsdash token: unexpected argument "extra"`},
		{"key without ARN", []string{"token", "--stage", env.stage.ARN, "--signing-key", "k.pem"}, 1, "--signing-key needs --public-key-arn"},
		{"ARN without key", []string{"token", "--stage", env.stage.ARN, "--public-key-arn", "arn:aws:ivs:us-east-1:123456789012:public-key/abcdABCD1234"}, 1, "--public-key-arn needs --signing-key"},
		{"missing key file", []string{"token", "--stage", env.stage.ARN, "--signing-key", "/nonexistent/k.pem", "--public-key-arn", "arn:aws:ivs:us-east-1:123456789012:public-key/abcdABCD1234"}, 1, "does not exist"},
		{"bad attribute", []string{"token", "--stage", env.stage.ARN, "--attribute", "novalue"}, 2, "key=value"},
		{"unknown stage", []string{"token", "--stage", "arn:aws:ivs:us-east-1:123456789012:stage/nosuchstage1"}, 1, "ivsdash token:"},
		{"duration too long", []string{"token", "--stage", env.stage.ARN, "--duration", "99999"}, 2, "1 to 20160 minutes"},
		{"user id too long", []string{"token", "--stage", env.stage.ARN, "--user-id", strings.Repeat("ü", 129)}, 2, "129 characters"},
		{"attributes too big", []string{"token", "--stage", env.stage.ARN, "--attribute", "k=" + strings.Repeat("v", 1100)}, 2, "1024 in total"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := env.run(t, c.args...)
			if code != c.code || !strings.Contains(errOut, c.want) {
				t.Fatalf("exit %d, stderr %q; want exit %d and %q", code, errOut, c.code, c.want)
			}
			if out != "" {
				t.Fatalf("stdout must stay empty on failure, got %q", out)
			}
		})
	}
}

// A malformed stage ARN is refused before any call: the API would only
// answer ValidationException, at the cost of a call from the shared quota.
func TestStageARNIsCheckedLocally(t *testing.T) {
	env := newCLIEnv(t)
	calls := func() int {
		n := 0
		for _, c := range env.e.Operations() {
			n += c
		}
		return n
	}
	before := calls()
	for _, args := range [][]string{
		{"token", "--stage", "nope"},
		{"token", "--stage", "arn:aws:ivs:us-east-1:123456789012:channel/abcdABCD1234"},
		{"token", "--stage", "arn:aws:ivs:us-east-1:123456789012:stage/" + strings.Repeat("a", 100)},
		{"export", "--stage", "stage/abcdABCD1234"},
	} {
		code, out, errOut := env.run(t, args...)
		if code != 2 || !strings.Contains(errOut, "is not a stage ARN (arn:aws:ivs:REGION:ACCOUNT:stage/ID)") || out != "" {
			t.Errorf("%q: exit %d, stderr %q", args, code, errOut)
		}
	}
	if n := calls(); n != before {
		t.Fatalf("%d API calls for malformed ARNs", n-before)
	}
}

// A command run from a shell gets fixes in the shell's words: nothing to
// refresh or press, and no --demo where the command has none.
func TestCommandFixesSpeakCommandLine(t *testing.T) {
	env := newCLIEnv(t)
	for _, args := range [][]string{
		{"token", "--stage", "arn:aws:ivs:us-east-1:123456789012:stage/nosuchstage1"},
		{"export", "--stage", env.stage.ARN, "--session", "st-NoSuchSession"},
	} {
		code, _, errOut := env.run(t, args...)
		if code != 1 || !strings.Contains(errOut, "\n  fix: check the ARN or id and --region") {
			t.Errorf("%q: exit %d, want a fix that names what to check:\n%s", args, code, errOut)
		}
		for _, word := range []string{"refresh", "press", "--demo"} {
			if strings.Contains(errOut, word) {
				t.Errorf("%q: the fix says %q, a dashboard word:\n%s", args, word, errOut)
			}
		}
	}
}
