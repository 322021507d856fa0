package main

import (
	"bytes"
	"context"
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
