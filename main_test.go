package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/emulator"
)

// The token and export commands, run as a script would run them, against
// the emulator over --endpoint-url.

type cliEnv struct {
	e      *emulator.Emulator
	client *service.Client
	stage  service.Stage
	sess   string
	bob    string
}

func newCLIEnv(t *testing.T) cliEnv {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	e, err := emulator.Start(ctx, "127.0.0.1:0", emulator.Options{NoThrottle: true})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close(); cancel() })
	c := service.NewForEndpoint(e.URL(), "us-east-1", budget.Config{Fraction: 1})
	st, _, err := c.CreateStage(ctx, service.CreateStageRequest{Name: "cli-stage"})
	if err != nil {
		t.Fatal(err)
	}
	env := cliEnv{e: e, client: c, stage: st}
	tok, err := c.CreateParticipantToken(ctx, service.TokenRequest{StageARN: st.ARN, UserID: "bob", Capabilities: []string{service.CapabilitySubscribe}})
	if err != nil {
		t.Fatal(err)
	}
	j, err := e.Join(tok.Token.Reveal())
	if err != nil {
		t.Fatal(err)
	}
	_ = e.Publish(st.ARN, j.ParticipantID) // PUBLISH_ERROR INSUFFICIENT_CAPABILITIES
	env.sess, env.bob = j.SessionID, j.ParticipantID
	return env
}

func (env cliEnv) run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	args = append(args, "--endpoint-url", env.e.URL(), "--region", "us-east-1", "--budget", "1")
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

// joinedAs joins with a token and returns the participant's user id as
// ListParticipants reports it.
func (env cliEnv) joinedAs(t *testing.T, token string) (service.Participant, string) {
	t.Helper()
	j, err := env.e.Join(token)
	if err != nil {
		t.Fatalf("the emulator refused the token: %v", err)
	}
	ps, err := env.client.AllParticipants(context.Background(), env.stage.ARN, j.SessionID, service.ParticipantFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.ID == j.ParticipantID {
			return p, j.SessionID
		}
	}
	t.Fatalf("participant %s not listed", j.ParticipantID)
	return service.Participant{}, ""
}

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

func TestExportCommand(t *testing.T) {
	env := newCLIEnv(t)
	// JSON on stdout, for the live session by default.
	code, out, errOut := env.run(t, "export", "--stage", env.stage.ARN, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		Session struct {
			ID string `json:"sessionId"`
		} `json:"session"`
		Participants []struct {
			UserID string `json:"userId"`
		} `json:"participants"`
		ErrorsByCode map[string]struct {
			Count int `json:"count"`
		} `json:"errorsByCode"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("JSON export does not parse: %v\n%s", err, out)
	}
	if rep.Session.ID != env.sess || len(rep.Participants) != 1 || rep.Participants[0].UserID != "bob" || rep.ErrorsByCode["INSUFFICIENT_CAPABILITIES"].Count != 1 {
		t.Fatalf("JSON export: %+v", rep)
	}

	// CSV to a file; a second run refuses to overwrite it.
	path := filepath.Join(t.TempDir(), "incident.csv")
	code, out, errOut = env.run(t, "export", "--stage", env.stage.ARN, "--session", env.sess, "--format", "csv", "--out", path)
	if code != 0 || out != "" || !strings.Contains(errOut, "wrote "+path) {
		t.Fatalf("--out: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatalf("CSV export does not parse: %v", err)
	}
	found := false
	for _, r := range rows[1:] {
		found = found || r[0] == "bob" && r[1] == env.bob && r[5] == "INSUFFICIENT_CAPABILITIES"
	}
	if !found {
		t.Fatalf("no CSV row for bob's error: %v", rows)
	}
	before, _ := os.ReadFile(path)
	if code, _, errOut := env.run(t, "export", "--stage", env.stage.ARN, "--format", "csv", "--out", path); code != 1 || !strings.Contains(errOut, "never overwrites") {
		t.Fatalf("overwrite: exit %d, %q", code, errOut)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("the existing export was changed")
	}

	// Markdown is the default.
	code, out, _ = env.run(t, "export", "--stage", env.stage.ARN)
	if code != 0 || !strings.HasPrefix(out, "# IVS incident report") {
		t.Fatalf("Markdown export: exit %d\n%s", code, out)
	}

	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"export"}, 2, "--stage is required"},
		{[]string{"export", "--stage", env.stage.ARN, "--format", "xml"}, 2, "choose md, json or csv"},
		{[]string{"export", "--stage", env.stage.ARN, "--session", "st-NoSuchSession1"}, 1, "ivsdash export:"},
	} {
		code, out, errOut := env.run(t, c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", c.args, code, out, errOut)
		}
	}
}

func TestDashboardFlagsOfTriage(t *testing.T) {
	var errb bytes.Buffer
	f, err := parseDashboardFlags([]string{"--error-window", "30m", "--bell"}, &errb)
	if err != nil || f.errorWindow.Minutes() != 30 || !f.bell {
		t.Fatalf("flags: %+v %v", f, err)
	}
	if _, err := parseDashboardFlags([]string{"--error-window", "10s"}, &errb); err == nil {
		t.Fatal("a 10s error window is accepted")
	}
}
