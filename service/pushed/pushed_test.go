package pushed_test

import (
	"context"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/emulator"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/service/pushed"
)

func awsConfig() aws.Config {
	return aws.Config{
		Region:     "us-east-1",
		HTTPClient: emulator.HTTPClient(),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret", Source: "test"}, nil
		}),
		RetryMaxAttempts: 1,
		Retryer:          func() aws.Retryer { return aws.NopRetryer{} },
	}
}

type fixture struct {
	e       *emulator.Emulator
	ctx     context.Context
	clients pushed.Clients
}

func start(t *testing.T, faults string) *fixture {
	return startWith(t, emulator.Options{NoThrottle: true, Seed: 3, Faults: faults})
}

func startWith(t *testing.T, opts emulator.Options) *fixture {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	e, err := emulator.Start(ctx, "127.0.0.1:0", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	return &fixture{e: e, ctx: ctx, clients: pushed.NewClients(awsConfig(), e.URL(), nil)}
}

// live makes a stage with a joined participant and returns them.
func (f *fixture) live(t *testing.T) emulator.JoinResult {
	t.Helper()
	api := ivsrealtime.NewFromConfig(awsConfig(), func(o *ivsrealtime.Options) { o.BaseEndpoint = aws.String(f.e.URL()) })
	st, err := api.CreateStage(f.ctx, &ivsrealtime.CreateStageInput{Name: aws.String("pushed")})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := api.CreateParticipantToken(f.ctx, &ivsrealtime.CreateParticipantTokenInput{StageArn: st.Stage.Arn, UserId: aws.String("host-1")})
	if err != nil {
		t.Fatal(err)
	}
	j, err := f.e.Join(aws.ToString(tok.ParticipantToken.Token))
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func (f *fixture) reader(t *testing.T, queueURL string) (*pushed.Reader, context.CancelFunc) {
	t.Helper()
	r, err := pushed.New(pushed.Config{QueueURL: queueURL, AWS: awsConfig(), HTTPClient: emulator.HTTPClient()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(f.ctx)
	r.Start(ctx)
	t.Cleanup(func() { cancel(); <-r.Done() })
	return r, cancel
}

// next waits for a batch.
func next(t *testing.T, r *pushed.Reader) pushed.Batch {
	t.Helper()
	select {
	case b, ok := <-r.Events():
		if !ok {
			t.Fatal("the reader stopped")
		}
		return b
	case <-time.After(10 * time.Second):
		t.Fatalf("no events within 10 s; health %+v", r.Health())
	}
	return pushed.Batch{}
}

func TestSetupIsIdempotent(t *testing.T) {
	f := start(t, "")
	s := pushed.Setup{QueueName: "ivsdash-alice"}
	first, err := s.Apply(f.ctx, f.clients)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Steps) != 4 || !first.Changed() {
		t.Fatalf("first run: %+v", first.Steps)
	}
	for _, st := range first.Steps {
		if !st.Changed {
			t.Errorf("first run left %q unchanged", st.What)
		}
	}
	second, err := s.Apply(f.ctx, f.clients)
	if err != nil {
		t.Fatal(err)
	}
	if second.Changed() || second.QueueURL != first.QueueURL || second.RuleARN != first.RuleARN {
		t.Errorf("second run changed something: %+v", second)
	}
	if !strings.HasSuffix(first.QueueURL, "/123456789012/ivsdash-alice") || first.RuleARN != "arn:aws:events:us-east-1:123456789012:rule/ivsdash-alice" {
		t.Errorf("queue %s, rule %s", first.QueueURL, first.RuleARN)
	}
	plan := s.Plan("us-east-1", "123456789012")
	for _, want := range append([]string{"IVS Stage Update", "IVS Composition State Change", "IVS Participant Recording State Change", "events.amazonaws.com", "aws:SourceArn"}, ivs.SetupIAMActions...) {
		if !strings.Contains(plan, want) {
			t.Errorf("the plan does not name %q", want)
		}
	}
}

// Pushed events reach the reader as service.Events marked pushed, each
// once although EventBridge delivered it twice, each batch in time order
// (reordered deliveries come in later batches: the consumer merges by
// time), leave the queue empty, and cost no IVS API call.
func TestReaderDedupsOrdersAndDeletes(t *testing.T) {
	f := start(t, "duplicate=100%@Deliver*;reorder=50%@Deliver*")
	res, err := pushed.Setup{QueueName: "q"}.Apply(f.ctx, f.clients)
	if err != nil {
		t.Fatal(err)
	}
	j := f.live(t)
	before := maps.Clone(f.e.Operations())
	r, _ := f.reader(t, res.QueueURL)
	for range 3 {
		if err := f.e.Publish(j.StageARN, j.ParticipantID); err != nil {
			t.Fatal(err)
		}
		if err := f.e.Unpublish(j.StageARN, j.ParticipantID); err != nil {
			t.Fatal(err)
		}
	}
	var got []pushed.StageUpdate
	for len(got) < 6 {
		b := next(t, r)
		for i := 1; i < len(b.StageUpdates); i++ {
			if b.StageUpdates[i].Event.Time.Before(b.StageUpdates[i-1].Event.Time) {
				t.Errorf("a batch out of time order: %+v", b.StageUpdates)
			}
		}
		got = append(got, b.StageUpdates...)
	}
	time.Sleep(1500 * time.Millisecond) // the duplicates still on their way
	select {
	case b := <-r.Events():
		t.Fatalf("a duplicate got through: %+v", b)
	default:
	}
	for _, u := range got {
		if u.Event.Source != service.SourcePushed || u.StageARN != j.StageARN || u.SessionID != j.SessionID || u.UserID != "host-1" || u.Event.ParticipantID != j.ParticipantID {
			t.Errorf("update %+v", u)
		}
		if u.Event.Name != ivs.EventPublishStarted && u.Event.Name != ivs.EventPublishStopped {
			t.Errorf("name %s (%s)", u.Event.Name, u.PushedName)
		}
	}
	if h := r.Health(); h.Received != 6 || h.Duplicates < 1 || h.LastMessage.IsZero() || h.Failures != 0 {
		t.Errorf("health %+v", h)
	}
	if after := f.e.Operations(); !maps.Equal(before, after) {
		t.Errorf("the reader called IVS: %v -> %v", before, after)
	}
	// Everything handed on was deleted.
	deadline := time.Now().Add(5 * time.Second)
	for {
		a, err := f.clients.SQS.GetQueueAttributes(f.ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(res.QueueURL), AttributeNames: []sqsAttr{"All"}})
		if err != nil {
			t.Fatal(err)
		}
		if a.Attributes["ApproximateNumberOfMessages"] == "0" && a.Attributes["ApproximateNumberOfMessagesNotVisible"] == "0" && a.Attributes["ApproximateNumberOfMessagesDelayed"] == "0" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("messages left in the queue: %v", a.Attributes)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// A queue that stops answering is said after three failed receives, and
// a cancelled reader stops within a long poll.
func TestReaderHealthAndCancel(t *testing.T) {
	f := start(t, "outage=1h@ReceiveMessage")
	res, err := pushed.Setup{QueueName: "down"}.Apply(f.ctx, f.clients)
	if err != nil {
		t.Fatal(err)
	}
	r, cancel := f.reader(t, res.QueueURL)
	deadline := time.Now().Add(10 * time.Second)
	for !r.Health().Stopped {
		if time.Now().After(deadline) {
			t.Fatalf("not stopped: %+v", r.Health())
		}
		time.Sleep(50 * time.Millisecond)
	}
	h := r.Health()
	if h.Failures < 3 || !strings.Contains(h.Status(time.Now()), "stopped answering") || !strings.Contains(h.LastError, "ServiceUnavailable") {
		t.Errorf("health %+v: %s", h, h.Status(time.Now()))
	}

	if err := f.e.SetFaults(""); err != nil {
		t.Fatal(err)
	}
	deadline = time.Now().Add(10 * time.Second)
	for r.Health().Stopped {
		if time.Now().After(deadline) {
			t.Fatalf("still stopped after the queue came back: %+v", r.Health())
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // now inside a 20 s long poll
	began := time.Now()
	cancel()
	select {
	case <-r.Done():
	case <-time.After(2 * time.Second):
		t.Fatal("the reader did not stop within 2 s of its context ending")
	}
	if _, open := <-r.Events(); open {
		t.Error("Events still open after the reader stopped")
	}
	if d := time.Since(began); d > time.Second {
		t.Errorf("stopping took %s", d)
	}
}

func TestParseQueueURL(t *testing.T) {
	for _, c := range []struct{ url, endpoint, region, err string }{
		{"https://sqs.eu-west-1.amazonaws.com/123456789012/ivsdash", "", "eu-west-1", ""},
		{"http://127.0.0.1:4566/123456789012/q", "http://127.0.0.1:4566", "", ""},
		{"sqs://x/123456789012/q", "", "", "not a queue URL"},
		{"https://sqs.us-east-1.amazonaws.com/q", "", "", "/ACCOUNT/QUEUE-NAME"},
		{"https://sqs.us-east-1.amazonaws.com/12345/q", "", "", "/ACCOUNT/QUEUE-NAME"},
	} {
		endpoint, region, err := pushed.ParseQueueURL(c.url)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: %v, want %q", c.url, err, c.err)
			}
			continue
		}
		if err != nil || endpoint != c.endpoint || region != c.region {
			t.Errorf("%s: %q %q %v", c.url, endpoint, region, err)
		}
	}
}

type sqsAttr = sqstypes.QueueAttributeName
