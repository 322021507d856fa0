// Package pushed reads the events IVS Real-Time pushes to Amazon
// EventBridge (participant publishes and publish errors, replication,
// composition and participant recording state changes) from the SQS queue
// an EventBridge rule sends them to: a background long-poller that spends
// no IVS API quota. It decodes each EventBridge envelope into plain values
// (a StageUpdate carries a service.Event marked SourcePushed), drops the
// duplicates EventBridge delivers (by event id), hands the rest on in
// batches, deletes them from the queue once handed on, and keeps a health
// state for the status bar. setup.go makes the rule, queue and policy.
package pushed

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"

	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/internal/sdkbody"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/service/sanitize"
)

// Config configures a Reader.
type Config struct {
	// QueueURL is the queue's URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME,
	// or the emulator's http://HOST:PORT/ACCOUNT/NAME, which is also where
	// its SQS calls then go).
	QueueURL string
	// AWS holds the credentials and region (service.Client.AWSConfig()).
	// An empty region is read from an AWS queue URL.
	AWS aws.Config
	// Budget bounds the reader's own calls (the queue group); zero is the
	// default fraction.
	Budget budget.Config
	// FailuresBeforeStopped is how many failed receives in a row make the
	// queue "stopped answering"; 0 means 3.
	FailuresBeforeStopped int
	HTTPClient            *http.Client // optional
	Logger                *slog.Logger // optional; message bodies are never logged
	Now                   func() time.Time
}

// The reader's long poll: the longest wait SQS allows and its most
// messages per answer, so an idle dashboard makes 180 receives an hour.
const (
	WaitTimeSeconds = ivs.QueueMaxWaitSeconds
	MaxMessages     = ivs.QueueMaxMessages
)

// maxSeen bounds the event ids kept for dropping duplicates; EventBridge
// duplicates arrive close together, far within this many events.
const maxSeen = 50_000

// Batch is what one receive handed on, each kind in time order.
type Batch struct {
	StageUpdates []StageUpdate
	Compositions []CompositionChange
	Recordings   []RecordingChange
}

// Len counts the events of a batch.
func (b Batch) Len() int { return len(b.StageUpdates) + len(b.Compositions) + len(b.Recordings) }

// Health is the reader's state, for the status bar.
type Health struct {
	QueueURL    string
	Running     bool
	LastAnswer  time.Time // the last receive that answered (with or without messages)
	LastMessage time.Time // when a message last arrived
	LastEvent   time.Time // the newest event's own time
	LastError   string    // of the last failed call, sanitised; "" after a success
	LastErrorAt time.Time
	Failures    int  // failed receives in a row
	Stopped     bool // Failures reached Config.FailuresBeforeStopped: poll instead
	Received    int  // events handed on
	Duplicates  int  // events dropped as already seen
	Skipped     int  // messages that were not IVS events (deleted)
}

// Status says the health in words: "events pushed, the last 12s ago",
// or "queue stopped answering (...): polling instead".
func (h Health) Status(now time.Time) string {
	switch {
	case h.Stopped:
		return "events queue stopped answering (" + h.LastError + "): polling instead"
	case !h.Running:
		return "events queue not read"
	case h.LastMessage.IsZero():
		return "events pushed, none yet"
	}
	return "events pushed, the last " + now.Sub(h.LastMessage).Truncate(time.Second).String() + " ago"
}

// Reader long-polls one queue in the background. It is safe for
// concurrent use.
type Reader struct {
	cfg    Config
	api    *sqs.Client
	events chan Batch
	now    func() time.Time
	log    *slog.Logger

	mu       sync.Mutex
	health   Health
	seen     map[string]bool
	seenList []string
	started  bool
	done     chan struct{}
}

// New checks the queue URL and builds the reader; it makes no call.
func New(cfg Config) (*Reader, error) {
	endpoint, region, err := ParseQueueURL(cfg.QueueURL)
	if err != nil {
		return nil, err
	}
	awsCfg := cfg.AWS.Copy()
	if awsCfg.Region == "" {
		awsCfg.Region = region
	}
	if awsCfg.Region == "" {
		return nil, fmt.Errorf("events queue: no AWS region (pass --region, or use the queue's https://sqs.REGION.amazonaws.com URL)")
	}
	if cfg.FailuresBeforeStopped <= 0 {
		cfg.FailuresBeforeStopped = 3
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b := budget.New(cfg.Budget)
	api := sqs.NewFromConfig(awsCfg, func(o *sqs.Options) {
		o.HTTPClient = httpClient(cfg.HTTPClient, o.HTTPClient)
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
		}
		o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error {
			return s.Finalize.Insert(&budget.Gate{Budget: b}, "Retry", middleware.After)
		})
	})
	return &Reader{cfg: cfg, api: api, events: make(chan Batch, 16), now: cfg.Now, log: log,
		health: Health{QueueURL: cfg.QueueURL}, seen: map[string]bool{}, done: make(chan struct{})}, nil
}

// ParseQueueURL checks a queue URL and returns where its SQS calls go: ""
// (the SDK's own endpoint) and the region for an AWS queue, the URL's
// scheme and host for any other (an emulator).
func ParseQueueURL(queueURL string) (endpoint, region string, err error) {
	u, err := url.Parse(strings.TrimSpace(queueURL))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", "", fmt.Errorf("events queue %q is not a queue URL (like https://sqs.us-east-1.amazonaws.com/123456789012/ivsdash-events)", queueURL)
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) != 2 || len(parts[0]) != 12 || strings.Trim(parts[0], "0123456789") != "" || parts[1] == "" {
		return "", "", fmt.Errorf("events queue %q: the path must be /ACCOUNT/QUEUE-NAME", queueURL)
	}
	host := u.Hostname()
	if strings.HasSuffix(host, ".amazonaws.com") || strings.HasSuffix(host, ".amazonaws.com.cn") {
		if labels := strings.Split(host, "."); len(labels) >= 4 && labels[0] == "sqs" {
			region = labels[1]
		}
		return "", region, nil
	}
	return u.Scheme + "://" + u.Host, "", nil
}

// Events delivers the batches; it is closed when the reader stops.
func (r *Reader) Events() <-chan Batch { return r.events }

// Health is the reader's state now.
func (r *Reader) Health() Health {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.health
}

// Done is closed when the reader has stopped (its context ended).
func (r *Reader) Done() <-chan struct{} { return r.done }

// Start runs the long-poller in the background until ctx ends; a second
// call does nothing. It never blocks the caller.
func (r *Reader) Start(ctx context.Context) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.started {
		return
	}
	r.started, r.health.Running = true, true
	go r.run(ctx)
}

func (r *Reader) run(ctx context.Context) {
	defer func() {
		r.mu.Lock()
		r.health.Running = false
		r.mu.Unlock()
		close(r.events)
		close(r.done)
	}()
	for ctx.Err() == nil {
		msgs, err := r.receive(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			if !sleep(ctx, r.failed(err)) {
				return
			}
			continue
		}
		batch, handles := r.take(msgs)
		if batch.Len() > 0 {
			select {
			case r.events <- batch:
			case <-ctx.Done():
				return // not deleted: the queue hands them out again
			}
		}
		r.delete(ctx, handles)
	}
}

func (r *Reader) receive(ctx context.Context) ([]sqstypes.Message, error) {
	// After a failure the first receive does not wait: a long poll would
	// say the queue is back only when it ends, up to 20 s later.
	wait := int32(WaitTimeSeconds)
	if r.Health().Failures > 0 {
		wait = 0
	}
	ctx, cancel := context.WithTimeout(ctx, (WaitTimeSeconds+10)*time.Second)
	defer cancel()
	out, err := r.api.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
		QueueUrl: aws.String(r.cfg.QueueURL), MaxNumberOfMessages: MaxMessages, WaitTimeSeconds: wait,
	})
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.health.LastAnswer = r.now()
	r.health.Failures, r.health.Stopped, r.health.LastError = 0, false, ""
	if len(out.Messages) > 0 {
		r.health.LastMessage = r.health.LastAnswer
	}
	r.mu.Unlock()
	return out.Messages, nil
}

// failed records a failed receive and returns how long to wait before the
// next: 1 s doubling to 30 s.
func (r *Reader) failed(err error) time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.health.Failures++
	r.health.LastError, r.health.LastErrorAt = describe(err), r.now()
	r.health.Stopped = r.health.Failures >= r.cfg.FailuresBeforeStopped
	r.log.Warn("events queue receive failed", "failures", r.health.Failures, "error", r.health.LastError)
	wait := time.Second << min(r.health.Failures-1, 5)
	return min(wait, 30*time.Second)
}

// describe is an error in a few words: the AWS error code and message, or
// the transport's error.
func describe(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return sanitize.Text(ae.ErrorCode() + ": " + ae.ErrorMessage())
	}
	return sanitize.Text(err.Error())
}

// take decodes the messages into a batch of the events not seen before;
// every message's receipt handle is returned to be deleted (duplicates and
// messages that are not IVS events included).
func (r *Reader) take(msgs []sqstypes.Message) (Batch, []string) {
	var b Batch
	handles := make([]string, 0, len(msgs))
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, m := range msgs {
		handles = append(handles, aws.ToString(m.ReceiptHandle))
		d, err := decode(aws.ToString(m.Body))
		if err != nil {
			r.health.Skipped++
			r.log.Debug("events queue: a message that is not an IVS event", "messageId", aws.ToString(m.MessageId), "error", err)
			continue
		}
		if r.seen[d.id] {
			r.health.Duplicates++
			continue
		}
		r.remember(d.id)
		r.health.Received++
		var at time.Time
		switch {
		case d.stage != nil:
			b.StageUpdates, at = append(b.StageUpdates, *d.stage), d.stage.Event.Time
		case d.composition != nil:
			b.Compositions, at = append(b.Compositions, *d.composition), d.composition.Time
		case d.recording != nil:
			b.Recordings, at = append(b.Recordings, *d.recording), d.recording.Time
		}
		if at.After(r.health.LastEvent) {
			r.health.LastEvent = at
		}
	}
	slices.SortStableFunc(b.StageUpdates, func(x, y StageUpdate) int { return x.Event.Time.Compare(y.Event.Time) })
	slices.SortStableFunc(b.Compositions, func(x, y CompositionChange) int { return x.Time.Compare(y.Time) })
	slices.SortStableFunc(b.Recordings, func(x, y RecordingChange) int { return x.Time.Compare(y.Time) })
	return b, handles
}

func (r *Reader) remember(id string) {
	if len(r.seenList) >= maxSeen {
		delete(r.seen, r.seenList[0])
		r.seenList = r.seenList[1:]
	}
	r.seen[id] = true
	r.seenList = append(r.seenList, id)
}

// delete removes handed-on messages, ten per DeleteMessageBatch. A failed
// delete only means the message comes back, and is then dropped as seen.
func (r *Reader) delete(ctx context.Context, handles []string) {
	for start := 0; start < len(handles); start += ivs.QueueMaxBatch {
		chunk := handles[start:min(start+ivs.QueueMaxBatch, len(handles))]
		entries := make([]sqstypes.DeleteMessageBatchRequestEntry, len(chunk))
		for i, h := range chunk {
			entries[i] = sqstypes.DeleteMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), ReceiptHandle: aws.String(h)}
		}
		out, err := r.api.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: aws.String(r.cfg.QueueURL), Entries: entries})
		if err == nil && len(out.Failed) > 0 {
			err = fmt.Errorf("%d of %d deletes failed: %s", len(out.Failed), len(entries), aws.ToString(out.Failed[0].Code))
		}
		if err != nil && ctx.Err() == nil {
			r.mu.Lock()
			r.health.LastError, r.health.LastErrorAt = describe(err), r.now()
			r.mu.Unlock()
			r.log.Warn("events queue delete failed", "error", describe(err))
		}
	}
}

// httpClient is the client's HTTP client: the one given, else the
// configuration's, else the SDK's default; wrapped as the service client
// wraps its own (see package sdkbody).
func httpClient(given *http.Client, configured sdkbody.Doer) sdkbody.Doer {
	switch {
	case given != nil:
		configured = given
	case configured == nil:
		configured = awshttp.NewBuildableClient()
	}
	return sdkbody.Client(configured)
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
