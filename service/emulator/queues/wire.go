package queues

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The wire: AWS JSON 1.0, as the AWS SDKs for Go v2 (service/sqs v1.53)
// and JavaScript v3 send it: POST to the endpoint, the operation in
// X-Amz-Target (AmazonSQS.ReceiveMessage), a JSON body with the API
// reference's member names. The Go SDK also sends X-Amzn-Query-Mode: true
// and reads x-amzn-query-error for the query protocol's error code; AWS
// sends that header on every error, and so does this.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html

// TargetPrefix is the X-Amz-Target prefix of SQS operations.
const TargetPrefix = "AmazonSQS."

// ContentType is the AWS JSON 1.0 media type.
const ContentType = "application/x-amz-json-1.0"

// Operations lists the operations served, sorted.
var Operations = []string{"CreateQueue", "DeleteMessage", "DeleteMessageBatch", "GetQueueAttributes",
	"GetQueueUrl", "ReceiveMessage", "SendMessage", "SetQueueAttributes"}

// URL is the queue URL of name at endpoint (e.g. http://127.0.0.1:4566),
// in SQS's shape: <endpoint>/<account>/<name>.
func (b *Backend) URL(endpoint, name string) string {
	return strings.TrimRight(endpoint, "/") + "/" + b.account + "/" + name
}

// nameOf reads the queue name from a queue URL of this account.
func (b *Backend) nameOf(queueURL string) (string, error) {
	u, err := url.Parse(queueURL)
	if err != nil || queueURL == "" {
		return "", nonExistentQueue()
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) != 2 || parts[0] != b.account {
		return "", nonExistentQueue()
	}
	return parts[1], nil
}

type queueRef struct {
	QueueURL string `json:"QueueUrl"`
}

type createQueueIn struct {
	QueueName  string            `json:"QueueName"`
	Attributes map[string]string `json:"Attributes"`
}

type getQueueURLIn struct {
	QueueName string `json:"QueueName"`
}

type attributesIn struct {
	queueRef
	AttributeNames []string          `json:"AttributeNames"`
	Attributes     map[string]string `json:"Attributes"`
}

type sendIn struct {
	queueRef
	MessageBody  string `json:"MessageBody"`
	DelaySeconds *int   `json:"DelaySeconds"`
}

type receiveIn struct {
	queueRef
	MaxNumberOfMessages         *int     `json:"MaxNumberOfMessages"`
	WaitTimeSeconds             *int     `json:"WaitTimeSeconds"`
	VisibilityTimeout           *int     `json:"VisibilityTimeout"`
	AttributeNames              []string `json:"AttributeNames"`
	MessageSystemAttributeNames []string `json:"MessageSystemAttributeNames"`
}

type deleteIn struct {
	queueRef
	ReceiptHandle string `json:"ReceiptHandle"`
}

type deleteBatchIn struct {
	queueRef
	Entries []struct {
		ID            string `json:"Id"`
		ReceiptHandle string `json:"ReceiptHandle"`
	} `json:"Entries"`
}

type messageOut struct {
	MessageID     string            `json:"MessageId"`
	ReceiptHandle string            `json:"ReceiptHandle"`
	MD5OfBody     string            `json:"MD5OfBody"`
	Body          string            `json:"Body"`
	Attributes    map[string]string `json:"Attributes,omitempty"`
}

type batchOK struct {
	ID string `json:"Id"`
}

type batchFailed struct {
	ID          string `json:"Id"`
	SenderFault bool   `json:"SenderFault"`
	Code        string `json:"Code"`
	Message     string `json:"Message,omitempty"`
}

// Call runs one operation on a JSON body; endpoint makes the queue URLs
// it answers with. The answer is what to encode as JSON, or an *Error.
func (b *Backend) Call(ctx context.Context, op, endpoint string, body []byte) (any, error) {
	switch op {
	case "CreateQueue":
		in, err := decode[createQueueIn](body)
		if err != nil {
			return nil, err
		}
		if err := b.CreateQueue(in.QueueName, in.Attributes); err != nil {
			return nil, err
		}
		return queueRef{QueueURL: b.URL(endpoint, in.QueueName)}, nil
	case "GetQueueUrl":
		in, err := decode[getQueueURLIn](body)
		if err != nil {
			return nil, err
		}
		if err := b.Exists(in.QueueName); err != nil {
			return nil, err
		}
		return queueRef{QueueURL: b.URL(endpoint, in.QueueName)}, nil
	case "GetQueueAttributes":
		return withQueue(b, body, func(name string, in *attributesIn) (any, error) {
			names := in.AttributeNames
			if len(names) == 0 {
				return struct{}{}, nil
			}
			attrs, err := b.Attributes(name, names)
			return struct {
				Attributes map[string]string `json:"Attributes"`
			}{attrs}, err
		})
	case "SetQueueAttributes":
		return withQueue(b, body, func(name string, in *attributesIn) (any, error) {
			return struct{}{}, b.SetAttributes(name, in.Attributes)
		})
	case "SendMessage":
		return withQueue(b, body, func(name string, in *sendIn) (any, error) {
			delay := time.Duration(-1)
			if in.DelaySeconds != nil {
				if *in.DelaySeconds < 0 || *in.DelaySeconds > 900 {
					return nil, invalidParameter("Value %d for parameter DelaySeconds is invalid. Reason: must be between 0 and 900, if provided.", *in.DelaySeconds)
				}
				delay = time.Duration(*in.DelaySeconds) * time.Second
			}
			id, sum, err := b.Send(name, in.MessageBody, delay)
			return struct {
				MessageID        string `json:"MessageId"`
				MD5OfMessageBody string `json:"MD5OfMessageBody"`
			}{id, sum}, err
		})
	case "ReceiveMessage":
		return withQueue(b, body, func(name string, in *receiveIn) (any, error) { return b.receive(ctx, name, in) })
	case "DeleteMessage":
		return withQueue(b, body, func(name string, in *deleteIn) (any, error) {
			return struct{}{}, b.Delete(name, in.ReceiptHandle)
		})
	case "DeleteMessageBatch":
		return withQueue(b, body, func(name string, in *deleteBatchIn) (any, error) {
			entries := make([]BatchEntry, len(in.Entries))
			for i, e := range in.Entries {
				entries[i] = BatchEntry{ID: e.ID, ReceiptHandle: e.ReceiptHandle}
			}
			ok, failed, err := b.DeleteBatch(name, entries)
			out := struct {
				Successful []batchOK     `json:"Successful"`
				Failed     []batchFailed `json:"Failed"`
			}{Successful: []batchOK{}, Failed: []batchFailed{}}
			for _, id := range ok {
				out.Successful = append(out.Successful, batchOK{id})
			}
			for _, f := range failed {
				out.Failed = append(out.Failed, batchFailed{ID: f.ID, SenderFault: f.SenderFault, Code: f.Code, Message: f.Message})
			}
			return out, err
		})
	}
	return nil, &Error{Code: "UnknownOperationException", QueryCode: "InvalidAction", Sender: true, Status: http.StatusBadRequest,
		Message: "The action or operation requested is invalid. Verify that the action is typed correctly."}
}

func (b *Backend) receive(ctx context.Context, name string, in *receiveIn) (any, error) {
	r := ReceiveRequest{Queue: name, Max: 1, Wait: -1, Visibility: -1}
	if n := in.MaxNumberOfMessages; n != nil {
		if *n < 1 || *n > MaxMessages {
			return nil, invalidParameter("Value %d for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and %d, if provided.", *n, MaxMessages)
		}
		r.Max = *n
	}
	if n := in.WaitTimeSeconds; n != nil {
		if *n < 0 || *n > int(MaxWait/time.Second) {
			return nil, invalidParameter("Value %d for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= %d, if provided.", *n, int(MaxWait/time.Second))
		}
		r.Wait = time.Duration(*n) * time.Second
	}
	if n := in.VisibilityTimeout; n != nil {
		if *n < 0 || *n > int(MaxVisibilityTimeout/time.Second) {
			return nil, invalidParameter("Value %d for parameter VisibilityTimeout is invalid. Reason: Must be >= 0 and <= %d, if provided.", *n, int(MaxVisibilityTimeout/time.Second))
		}
		r.Visibility = time.Duration(*n) * time.Second
	}
	msgs, err := b.Receive(ctx, r)
	if err != nil {
		return nil, err
	}
	want := append(in.AttributeNames, in.MessageSystemAttributeNames...)
	out := struct {
		Messages []messageOut `json:"Messages,omitempty"`
	}{}
	for _, m := range msgs {
		out.Messages = append(out.Messages, messageOut{MessageID: m.ID, ReceiptHandle: m.ReceiptHandle,
			MD5OfBody: m.MD5OfBody, Body: m.Body, Attributes: systemAttributes(m, b.account, want)})
	}
	return out, nil
}

// systemAttributes are the message attributes asked for (All for every one).
func systemAttributes(m Message, account string, want []string) map[string]string {
	all := map[string]string{
		"ApproximateReceiveCount":          strconv.Itoa(m.ReceiveCount),
		"SentTimestamp":                    strconv.FormatInt(m.SentAt.UnixMilli(), 10),
		"ApproximateFirstReceiveTimestamp": strconv.FormatInt(m.FirstReceivedAt.UnixMilli(), 10),
		"SenderId":                         account,
	}
	out := map[string]string{}
	for _, w := range want {
		if w == "All" {
			return all
		}
		if v, ok := all[w]; ok {
			out[w] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

type withURL interface{ url() string }

func (q queueRef) url() string { return q.QueueURL }

func withQueue[In any, PIn interface {
	*In
	withURL
}](b *Backend, body []byte, fn func(name string, in PIn) (any, error)) (any, error) {
	in, err := decode[In](body)
	if err != nil {
		return nil, err
	}
	p := PIn(in)
	name, err := b.nameOf(p.url())
	if err != nil {
		return nil, err
	}
	return fn(name, p)
}

func decode[In any](body []byte) (*In, error) {
	in := new(In)
	if len(bytes.TrimSpace(body)) == 0 {
		return in, nil
	}
	if err := json.Unmarshal(body, in); err != nil {
		return nil, sqsError("SerializationException", "SerializationException", 400, "Could not read the request body as JSON: %v", err)
	}
	return in, nil
}

// WriteAnswer writes out or err in the JSON 1.0 shape: errors with
// __type (namespace#Code), message, and the x-amzn-query-error header
// (QueryCode;Sender or ;Receiver).
func WriteAnswer(w http.ResponseWriter, out any, err error) int {
	h := w.Header()
	h["Content-Type"] = []string{ContentType}
	status := http.StatusOK
	var data []byte
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			e = &Error{Code: "InternalError", QueryCode: "InternalError", Status: 500, Message: err.Error()}
		}
		fault := "Receiver"
		if e.Sender {
			fault = "Sender"
		}
		h["x-amzn-query-error"] = []string{e.QueryCode + ";" + fault}
		status = e.Status
		data, _ = json.Marshal(struct {
			Type    string `json:"__type"`
			Message string `json:"message"`
		}{"com.amazonaws.sqs#" + e.Code, e.Message})
	} else {
		data, err = json.Marshal(out)
		if err != nil {
			return WriteAnswer(w, nil, err)
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	_, _ = w.Write(data)
	return status
}
