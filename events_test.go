package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
)

// Without --apply the setup is printed (rule, queue, policy, the IAM
// actions) and nothing is called; with it the emulator gets it, and a
// second run changes nothing and says so.
func TestEventsSetupCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"events", "setup", "--queue-name", "ivsdash-alice", "--region", "eu-west-1"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	for _, want := range append([]string{"IVS Stage Update", "IVS Composition State Change", "IVS Participant Recording State Change",
		"arn:aws:sqs:eu-west-1:ACCOUNT_ID:ivsdash-alice", "events.amazonaws.com", "sqs:SendMessage", "sqs:ReceiveMessage", "add --apply"}, ivs.SetupIAMActions...) {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the printed setup lacks %q:\n%s", want, out.String())
		}
	}

	env := newCLIEnv(t)
	code, first, errs := env.run(t, "events", "setup", "--queue-name", "ivsdash-alice", "--apply")
	if code != 0 || strings.Count("\n"+first, "\nchanged ") != 4 || !strings.Contains(first, "--events-queue "+env.e.QueueURL("ivsdash-alice")) {
		t.Fatalf("first --apply: exit %d\n%s%s", code, first, errs)
	}
	code, second, errs := env.run(t, "events", "setup", "--queue-name", "ivsdash-alice", "--apply")
	if code != 0 || strings.Contains("\n"+second, "\nchanged ") || !strings.Contains(second, "Nothing to change") {
		t.Fatalf("second --apply: exit %d\n%s%s", code, second, errs)
	}
}

func TestEventsFlagMistakes(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"events"}, "ivsdash events: unknown subcommand a subcommand (subcommands: setup)"},
		{[]string{"events", "nope"}, `unknown subcommand "nope"`},
		{[]string{"events", "setup"}, `--queue-name "": 1 to 80 letters`},
		{[]string{"events", "setup", "--queue-name", "a b"}, `--queue-name "a b"`},
		{[]string{"--events-queue", "not a url"}, "--events-queue"},
		{[]string{"--events-queue", "https://sqs.us-east-1.amazonaws.com/q"}, "/ACCOUNT/QUEUE-NAME"},
	} {
		var out, errOut bytes.Buffer
		if code := run(c.args, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), c.want) {
			t.Errorf("%q: exit %d, stderr %q, want %q", c.args, code, errOut.String(), c.want)
		}
	}
	f, err := parseDashboardFlags([]string{"--events-queue", "https://sqs.us-east-1.amazonaws.com/123456789012/ivsdash-alice"}, &bytes.Buffer{})
	if err != nil || f.eventsQueue != "https://sqs.us-east-1.amazonaws.com/123456789012/ivsdash-alice" {
		t.Errorf("a good --events-queue: %v %q", err, f.eventsQueue)
	}
}

// The demo's queue is fed by the emulator, and the reader the dashboard
// will start gets its events as service.Events marked pushed.
func TestDemoEventsQueueFeedsTheReader(t *testing.T) {
	env := newCLIEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	url, err := demoEventsQueue(ctx, env.e, "us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	r, err := newEventsReader(env.client, url)
	if err != nil {
		t.Fatal(err)
	}
	r.Start(ctx)
	noCodes := env.e.Operations()
	if err := env.e.RecordError(env.stage.ARN, env.bob, ivs.EventPublishError, "BITRATE_EXCEEDED"); err != nil {
		t.Fatal(err)
	}
	select {
	case b := <-r.Events():
		if len(b.StageUpdates) != 1 || b.StageUpdates[0].Event.Name != ivs.EventPublishError || b.StageUpdates[0].Event.Source != service.SourcePushed {
			t.Fatalf("batch %+v", b)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("no event; health %+v", r.Health())
	}
	if got := env.e.Operations(); len(got) != len(noCodes) {
		t.Errorf("reading pushed events called IVS: %v", got)
	}
	cancel()
	<-r.Done()
}
