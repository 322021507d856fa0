// Package queues is the emulator's Amazon SQS: standard queues in memory
// (create, look up, attributes, send, receive with long polling and a
// visibility timeout, delete) and their wire, the AWS JSON 1.0 protocol
// (X-Amz-Target: AmazonSQS.<Operation>) that current AWS SDKs speak. As in
// the IVS emulator, the backend (this file) takes and returns plain values
// and knows nothing of HTTP; wire.go decodes, checks and encodes.
package queues

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"
)

// SQS's defaults and bounds.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html
const (
	DefaultVisibilityTimeout = 30 * time.Second
	MaxVisibilityTimeout     = 12 * time.Hour
	MaxWait                  = 20 * time.Second
	MaxMessages              = 10
	MaxBatchEntries          = 10
	DefaultRetention         = 4 * 24 * time.Hour
	MaxMessageBytes          = 262144
	maxQueueNameLength       = 80
)

// maxMessagesPerQueue bounds what one queue keeps in memory (the oldest go
// first); a dashboard that never reads must not grow the emulator forever.
const maxMessagesPerQueue = 10_000

var queueNamePattern = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,80}$`)

// Error is an SQS error: Code is the JSON protocol's error type (the
// shape's name, e.g. QueueDoesNotExist), QueryCode the code of the older
// query protocol that AWS still sends in the x-amzn-query-error header
// (AWS.SimpleQueueService.NonExistentQueue), Sender whether the caller is
// at fault, Status the HTTP status.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-json-faqs.html
type Error struct {
	Code, QueryCode string
	Sender          bool
	Status          int
	Message         string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

func sqsError(code, queryCode string, status int, format string, a ...any) *Error {
	return &Error{Code: code, QueryCode: queryCode, Sender: status < 500, Status: status, Message: fmt.Sprintf(format, a...)}
}

// The errors the operations here answer with, as the SQS API reference
// names them.
func nonExistentQueue() *Error {
	return sqsError("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", 400, "The specified queue does not exist.")
}

func invalidParameter(format string, a ...any) *Error {
	return sqsError("InvalidParameterValue", "InvalidParameterValue", 400, format, a...)
}

func invalidAttributeName(name string) *Error {
	return sqsError("InvalidAttributeName", "InvalidAttributeName", 400, "Unknown Attribute %s.", name)
}

func invalidAttributeValue(name, value string) *Error {
	return sqsError("InvalidAttributeValue", "InvalidAttributeValue", 400, "Invalid value for the parameter %s: %s.", name, value)
}

func queueNameExists(name string) *Error {
	return sqsError("QueueNameExists", "QueueAlreadyExists", 400, "A queue already exists with the same name and a different value for attribute(s): %s", name)
}

func receiptHandleInvalid(h string) *Error {
	return sqsError("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", 400, "The input receipt handle %q is not a valid receipt handle.", h)
}

// Message is a message as ReceiveMessage hands it out.
type Message struct {
	ID, ReceiptHandle, Body, MD5OfBody string
	SentAt, FirstReceivedAt            time.Time
	ReceiveCount                       int
}

type message struct {
	id, body, md5 string
	sentAt        time.Time
	visibleAt     time.Time // not before: delayed, or in flight
	firstReceived time.Time
	receives      int
	handle        string // of the last receive; "" before any
}

type queue struct {
	name     string
	attrs    map[string]string // settable attributes, as given
	created  time.Time
	modified time.Time
	msgs     []*message
	handles  map[string]*message
	arrived  chan struct{} // closed and replaced when a message may be ready
}

// Backend holds the queues of one account in one region.
type Backend struct {
	region, account string
	now             func() time.Time

	mu     sync.Mutex
	queues map[string]*queue
}

// New makes the queues of an account; now is the clock (nil: time.Now).
func New(region, account string, now func() time.Time) *Backend {
	if now == nil {
		now = time.Now
	}
	return &Backend{region: region, account: account, now: now, queues: map[string]*queue{}}
}

// Account is the account the queue URLs and ARNs name.
func (b *Backend) Account() string { return b.account }

// ARN is the ARN of the queue named name.
func (b *Backend) ARN(name string) string {
	return "arn:aws:sqs:" + b.region + ":" + b.account + ":" + name
}

// settable are the attributes CreateQueue and SetQueueAttributes take, with
// their defaults; FIFO and KMS attributes are not emulated.
var settable = map[string]string{
	"DelaySeconds":                  "0",
	"MaximumMessageSize":            strconv.Itoa(MaxMessageBytes),
	"MessageRetentionPeriod":        strconv.Itoa(int(DefaultRetention / time.Second)),
	"Policy":                        "",
	"ReceiveMessageWaitTimeSeconds": "0",
	"VisibilityTimeout":             strconv.Itoa(int(DefaultVisibilityTimeout / time.Second)),
	"RedrivePolicy":                 "",
	"SqsManagedSseEnabled":          "true",
}

// numeric bounds of the settable attributes, in seconds or bytes.
var bounds = map[string][2]int{
	"DelaySeconds":                  {0, 900},
	"MaximumMessageSize":            {1024, MaxMessageBytes},
	"MessageRetentionPeriod":        {60, 1209600},
	"ReceiveMessageWaitTimeSeconds": {0, 20},
	"VisibilityTimeout":             {0, 43200},
}

func checkAttributes(attrs map[string]string) error {
	for k, v := range attrs {
		if _, ok := settable[k]; !ok {
			return invalidAttributeName(k)
		}
		if bd, ok := bounds[k]; ok {
			n, err := strconv.Atoi(v)
			if err != nil || n < bd[0] || n > bd[1] {
				return invalidAttributeValue(k, v)
			}
		}
	}
	return nil
}

// CreateQueue makes a queue, or returns the existing one's name when its
// attributes are the same (SQS's idempotence); different ones are a
// QueueNameExists error.
func (b *Backend) CreateQueue(name string, attrs map[string]string) error {
	if !queueNamePattern.MatchString(name) {
		return invalidParameter("Can only include alphanumeric characters, hyphens, or underscores. 1 to %d in length", maxQueueNameLength)
	}
	if err := checkAttributes(attrs); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if q, ok := b.queues[name]; ok {
		for k, v := range attrs {
			if q.value(k) != v {
				return queueNameExists(name)
			}
		}
		return nil
	}
	now := b.now()
	q := &queue{name: name, attrs: map[string]string{}, created: now, modified: now,
		handles: map[string]*message{}, arrived: make(chan struct{})}
	for k, v := range attrs {
		q.attrs[k] = v
	}
	b.queues[name] = q
	return nil
}

func (q *queue) value(k string) string {
	if v, ok := q.attrs[k]; ok {
		return v
	}
	return settable[k]
}

func (q *queue) seconds(k string) time.Duration {
	n, _ := strconv.Atoi(q.value(k))
	return time.Duration(n) * time.Second
}

func (b *Backend) get(name string) (*queue, error) {
	q, ok := b.queues[name]
	if !ok {
		return nil, nonExistentQueue()
	}
	return q, nil
}

// Exists reports whether a queue of that name exists (GetQueueUrl).
func (b *Backend) Exists(name string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	_, err := b.get(name)
	return err
}

// attributeNames are every attribute GetQueueAttributes answers, settable
// and computed.
var computed = []string{"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
	"ApproximateNumberOfMessagesDelayed", "CreatedTimestamp", "LastModifiedTimestamp", "QueueArn"}

// Attributes answers GetQueueAttributes: names may hold All.
func (b *Backend) Attributes(name string, names []string) (map[string]string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	q, err := b.get(name)
	if err != nil {
		return nil, err
	}
	now := b.now()
	b.expire(q, now)
	all := map[string]string{
		"CreatedTimestamp":      strconv.FormatInt(q.created.Unix(), 10),
		"LastModifiedTimestamp": strconv.FormatInt(q.modified.Unix(), 10),
		"QueueArn":              b.ARN(q.name),
	}
	var visible, inFlight, delayed int
	for _, m := range q.msgs {
		switch {
		case !m.visibleAt.After(now):
			visible++
		case m.receives > 0:
			inFlight++
		default:
			delayed++
		}
	}
	all["ApproximateNumberOfMessages"] = strconv.Itoa(visible)
	all["ApproximateNumberOfMessagesNotVisible"] = strconv.Itoa(inFlight)
	all["ApproximateNumberOfMessagesDelayed"] = strconv.Itoa(delayed)
	for k := range settable {
		if v := q.value(k); v != "" {
			all[k] = v
		}
	}
	out := map[string]string{}
	for _, n := range names {
		if n == "All" {
			return all, nil
		}
		if _, ok := settable[n]; !ok && !slices.Contains(computed, n) {
			return nil, invalidAttributeName(n)
		}
		if v, ok := all[n]; ok {
			out[n] = v
		}
	}
	return out, nil
}

// SetAttributes answers SetQueueAttributes.
func (b *Backend) SetAttributes(name string, attrs map[string]string) error {
	if err := checkAttributes(attrs); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	q, err := b.get(name)
	if err != nil {
		return err
	}
	for k, v := range attrs {
		q.attrs[k] = v
	}
	q.modified = b.now()
	return nil
}

// Send puts a message in a queue after delay (-1: the queue's
// DelaySeconds) and returns its id and the MD5 of its body.
func (b *Backend) Send(name, body string, delay time.Duration) (id, md5OfBody string, err error) {
	if body == "" {
		return "", "", sqsError("MissingParameter", "MissingParameter", 400, "The request must contain the parameter MessageBody.")
	}
	if len(body) > MaxMessageBytes {
		return "", "", invalidParameter("One or more parameters are invalid. Reason: Message must be shorter than %d bytes.", MaxMessageBytes)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	q, err := b.get(name)
	if err != nil {
		return "", "", err
	}
	if delay < 0 {
		delay = q.seconds("DelaySeconds")
	}
	now := b.now()
	sum := md5.Sum([]byte(body))
	m := &message{id: uuid.NewString(), body: body, md5: hex.EncodeToString(sum[:]), sentAt: now, visibleAt: now.Add(delay)}
	if len(q.msgs) >= maxMessagesPerQueue {
		q.drop(0)
	}
	q.msgs = append(q.msgs, m)
	q.wake()
	return m.id, m.md5, nil
}

func (q *queue) wake() {
	close(q.arrived)
	q.arrived = make(chan struct{})
}

func (q *queue) drop(i int) {
	if h := q.msgs[i].handle; h != "" {
		delete(q.handles, h)
	}
	q.msgs = slices.Delete(q.msgs, i, i+1)
}

// expire drops the messages older than the retention period.
func (b *Backend) expire(q *queue, now time.Time) {
	keep := q.seconds("MessageRetentionPeriod")
	for len(q.msgs) > 0 && now.Sub(q.msgs[0].sentAt) >= keep {
		q.drop(0)
	}
}

// ReceiveRequest is one ReceiveMessage: Wait <0 and Visibility <0 mean the
// queue's own (ReceiveMessageWaitTimeSeconds, VisibilityTimeout).
type ReceiveRequest struct {
	Queue      string
	Max        int
	Wait       time.Duration
	Visibility time.Duration
}

// Receive hands out up to Max visible messages, waiting up to Wait for the
// first (long polling); each becomes invisible for the visibility timeout,
// after which it is handed out again unless deleted. It ends early, with
// what it has, when ctx ends.
func (b *Backend) Receive(ctx context.Context, r ReceiveRequest) ([]Message, error) {
	if r.Max <= 0 {
		r.Max = 1
	}
	b.mu.Lock()
	q, err := b.get(r.Queue)
	if err != nil {
		b.mu.Unlock()
		return nil, err
	}
	if r.Wait < 0 {
		r.Wait = q.seconds("ReceiveMessageWaitTimeSeconds")
	}
	if r.Visibility < 0 {
		r.Visibility = q.seconds("VisibilityTimeout")
	}
	// The wait is on the wall clock: the emulator's clock may be a test's,
	// which does not move while a client waits.
	deadline := time.Now().Add(r.Wait)
	b.mu.Unlock()
	for {
		b.mu.Lock()
		now := b.now()
		b.expire(q, now)
		out, next := b.take(q, r, now)
		arrived := q.arrived
		b.mu.Unlock()
		left := time.Until(deadline)
		if len(out) > 0 || left <= 0 {
			return out, nil
		}
		if !next.IsZero() && next.Sub(now) < left {
			left = next.Sub(now) // a delayed or in-flight message comes back first
		}
		t := time.NewTimer(left)
		select {
		case <-arrived:
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, nil
		}
		t.Stop()
	}
}

// take hands out what is visible now; next is when the first message that
// is not becomes visible (zero: none).
func (b *Backend) take(q *queue, r ReceiveRequest, now time.Time) (out []Message, next time.Time) {
	for _, m := range q.msgs {
		if m.visibleAt.After(now) {
			if next.IsZero() || m.visibleAt.Before(next) {
				next = m.visibleAt
			}
			continue
		}
		if len(out) == r.Max {
			break
		}
		if m.handle != "" {
			delete(q.handles, m.handle)
		}
		m.receives++
		if m.firstReceived.IsZero() {
			m.firstReceived = now
		}
		m.handle = m.id + ":" + uuid.NewString()
		q.handles[m.handle] = m
		m.visibleAt = now.Add(r.Visibility)
		out = append(out, Message{ID: m.id, ReceiptHandle: m.handle, Body: m.body, MD5OfBody: m.md5,
			SentAt: m.sentAt, FirstReceivedAt: m.firstReceived, ReceiveCount: m.receives})
	}
	return out, next
}

var handlePattern = regexp.MustCompile(`^[0-9a-f-]{36}:[0-9a-f-]{36}$`)

// Delete deletes the message a receipt handle names. A well-formed handle
// of a message already deleted (or received again since) is a success, as
// in SQS; a malformed one is ReceiptHandleIsInvalid.
func (b *Backend) Delete(name, handle string) error {
	if !handlePattern.MatchString(handle) {
		return receiptHandleInvalid(handle)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	q, err := b.get(name)
	if err != nil {
		return err
	}
	m, ok := q.handles[handle]
	if !ok {
		return nil
	}
	if i := slices.Index(q.msgs, m); i >= 0 {
		q.drop(i)
	}
	return nil
}

// BatchEntry is one entry of DeleteMessageBatch.
type BatchEntry struct{ ID, ReceiptHandle string }

// BatchFailure is an entry that failed, with the error's code and text.
type BatchFailure struct {
	ID, Code, Message string
	SenderFault       bool
}

var batchIDPattern = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,80}$`)

// DeleteBatch deletes up to ten messages; each entry succeeds or fails on
// its own, but a queue that does not exist, an empty or too long batch, and
// ids that repeat fail the whole call.
func (b *Backend) DeleteBatch(name string, entries []BatchEntry) (ok []string, failed []BatchFailure, err error) {
	switch {
	case len(entries) == 0:
		return nil, nil, sqsError("EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest", 400, "There should be at least one DeleteMessageBatchRequestEntry in the request.")
	case len(entries) > MaxBatchEntries:
		return nil, nil, sqsError("TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400, "Maximum number of entries per request are %d. You have sent %d.", MaxBatchEntries, len(entries))
	}
	seen := map[string]bool{}
	for _, e := range entries {
		if !batchIDPattern.MatchString(e.ID) {
			return nil, nil, sqsError("InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId", 400, "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.")
		}
		if seen[e.ID] {
			return nil, nil, sqsError("BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400, "Id %s repeated.", e.ID)
		}
		seen[e.ID] = true
	}
	if err := b.Exists(name); err != nil {
		return nil, nil, err
	}
	for _, e := range entries {
		if err := b.Delete(name, e.ReceiptHandle); err != nil {
			var se *Error
			if errors.As(err, &se) {
				failed = append(failed, BatchFailure{ID: e.ID, Code: se.Code, Message: se.Message, SenderFault: se.Sender})
				continue
			}
			return nil, nil, err
		}
		ok = append(ok, e.ID)
	}
	return ok, failed, nil
}
