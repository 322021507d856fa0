package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/ivsdash/ivsdash/model"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/emulator"
	"github.com/ivsdash/ivsdash/service/pushed"
)

// SQS queue names: letters, digits, hyphens and underscores, 1 to 80.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html
var queueNamePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,80}$`)

// runEvents dispatches `ivsdash events SUBCOMMAND`.
func runEvents(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "setup" {
		what := "a subcommand"
		if len(args) > 0 {
			what = fmt.Sprintf("%q", args[0])
		}
		return badUsage(stderr, "ivsdash events", usageError{fmt.Sprintf("unknown subcommand %s (subcommands: setup)", what)})
	}
	return runEventsSetup(ctx, args[1:], stdout, stderr)
}

// runEventsSetup prints, or with --apply makes, what pushed events need:
// the SQS queue, the EventBridge rule for IVS's three detail types with
// the queue as its target, and the queue policy that lets EventBridge send.
func runEventsSetup(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ivsdash events setup", flag.ContinueOnError)
	var conn connectionFlags
	conn.register(fs)
	queue := fs.String("queue-name", "", "`name` of the SQS queue, one per dashboard (required)")
	rule := fs.String("rule-name", "", "`name` of the EventBridge rule (default: the queue's name)")
	apply := fs.Bool("apply", false, "make the queue, rule, target and policy (only what is missing or different)")
	help := func(w io.Writer) {
		fmt.Fprintln(w, "ivsdash events setup: the SQS queue and EventBridge rule that push IVS Real-Time events to a dashboard")
		fmt.Fprintln(w, "\nUsage: ivsdash events setup --queue-name NAME [--rule-name NAME] [--apply]\n\nFlags:")
	}
	if err := parseFlags(fs, args, stderr, help); err != nil {
		return badUsage(stderr, fs.Name(), err)
	}
	for _, n := range []struct{ flag, value string }{{"--queue-name", *queue}, {"--rule-name", *rule}} {
		if (n.value != "" || n.flag == "--queue-name") && !queueNamePattern.MatchString(n.value) {
			return badUsage(stderr, fs.Name(), usageError{n.flag + " " + fmt.Sprintf("%q", n.value) + ": 1 to 80 letters, digits, hyphens or underscores"})
		}
	}
	setup := pushed.Setup{QueueName: *queue, RuleName: *rule}
	if !*apply {
		fmt.Fprint(stdout, setup.Plan(conn.region, ""))
		fmt.Fprintln(stdout, "\nNothing was changed: add --apply to make these (a second run changes nothing).")
		return 0
	}
	rep := reporter{cmd: fs.Name(), stderr: stderr, noDemo: true}
	client, closeLog, err := conn.open(ctx, &rep)
	defer closeLog()
	if err != nil {
		return rep.fail(err)
	}
	res, err := setup.Apply(ctx, pushed.NewClients(client.AWSConfig(), conn.endpoint, nil))
	if err != nil {
		return rep.fail(err)
	}
	for _, s := range res.Steps {
		mark := "unchanged"
		if s.Changed {
			mark = "changed  "
		}
		fmt.Fprintf(stdout, "%s  %s\n", mark, s.What)
	}
	if !res.Changed() {
		fmt.Fprintln(stdout, "Nothing to change: the setup was already in place.")
	}
	fmt.Fprintf(stdout, "\nRead it with: ivsdash --events-queue %s\n", res.QueueURL)
	return 0
}

// checkEventsQueue validates --events-queue.
func checkEventsQueue(queueURL string) error {
	if queueURL == "" {
		return nil
	}
	if _, _, err := pushed.ParseQueueURL(queueURL); err != nil {
		return fmt.Errorf("--events-queue: %w", err)
	}
	return nil
}

// queueInRegion checks that an AWS queue is in the dashboard's region:
// IVS sends a stage's events to the EventBridge of the stage's region, and
// a rule there can only target a queue of that region. A queue elsewhere
// would hold another region's events (or none). Other URLs (an emulator)
// name no region.
func queueInRegion(queueURL, region string) error {
	endpoint, qRegion, err := pushed.ParseQueueURL(queueURL)
	if err != nil || endpoint != "" || qRegion == "" || region == "" || qRegion == region {
		return err
	}
	return fmt.Errorf("the queue is in %s, the dashboard in %s: IVS sends %s's events to EventBridge in %s; make a queue there (ivsdash events setup --region %s)",
		qRegion, region, region, region, region)
}

// demoEventsQueue makes the demo's events queue and rule on the embedded
// emulator, as `events setup --apply` would, and returns the queue's URL.
func demoEventsQueue(ctx context.Context, emu *emulator.Emulator, region string) (string, error) {
	cfg := aws.Config{Region: region, Credentials: credentials.NewStaticCredentialsProvider("ivsdash", "ivsdash-local", "")}
	res, err := pushed.Setup{QueueName: "ivsdash-demo"}.Apply(ctx, pushed.NewClients(cfg, emu.URL(), emulator.HTTPClient()))
	if err != nil {
		return "", fmt.Errorf("the demo's events queue: %w", err)
	}
	return res.QueueURL, nil
}

// newEventsReader is the pushed-events reader of a dashboard: the queue
// at queueURL, read with the IVS client's credentials and region. The
// caller starts it (Reader.Start) and reads Reader.Events.
func newEventsReader(client *service.Client, queueURL string) (*pushed.Reader, error) {
	if queueURL == "" {
		return nil, errors.New("no events queue")
	}
	return pushed.New(pushed.Config{QueueURL: queueURL, AWS: client.AWSConfig()})
}

// startEventsQueue starts reading the events queue of a dashboard (nil
// without --events-queue); it stops with ctx.
func startEventsQueue(ctx context.Context, queueURL string, client *service.Client) (model.EventFeed, error) {
	if queueURL == "" {
		return nil, nil
	}
	if err := queueInRegion(queueURL, client.Region()); err != nil {
		return nil, fmt.Errorf("--events-queue: %w", err)
	}
	r, err := newEventsReader(client, queueURL)
	if err != nil {
		return nil, fmt.Errorf("--events-queue: %w", err)
	}
	r.Start(ctx)
	return r, nil
}
