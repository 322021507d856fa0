package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/ivsdash/ivsdash/service/ivs"
)

type pushedEnv struct {
	*env
	sqs *sqs.Client
	eb  *eventbridge.Client
}

// startPushed runs an emulator on the wall clock (long polls wait on it)
// with an SQS and an EventBridge client of the real SDK.
func startPushed(t *testing.T, opts Options) *pushedEnv {
	opts.Now, opts.NoThrottle = time.Now, true
	v := start(t, opts)
	return &pushedEnv{env: v,
		sqs: sqs.NewFromConfig(sdkConfig(), func(o *sqs.Options) { o.BaseEndpoint = aws.String(v.e.URL()) }),
		eb:  eventbridge.NewFromConfig(sdkConfig(), func(o *eventbridge.Options) { o.BaseEndpoint = aws.String(v.e.URL()) }),
	}
}

// feed makes a queue, a rule for IVS's three detail types targeting it, and
// the queue policy that lets the rule send, as `events setup` does.
func (v *pushedEnv) feed(t *testing.T, name string) string {
	t.Helper()
	q := must[*sqs.CreateQueueOutput](t)(v.sqs.CreateQueue(v.ctx, &sqs.CreateQueueInput{QueueName: aws.String(name)}))
	pattern, _ := json.Marshal(map[string]any{"source": []string{ivs.EventSource}, "detail-type": ivs.DetailTypes})
	rule := must[*eventbridge.PutRuleOutput](t)(v.eb.PutRule(v.ctx, &eventbridge.PutRuleInput{Name: aws.String(name), EventPattern: aws.String(string(pattern))}))
	queueARN := "arn:aws:sqs:us-east-1:123456789012:" + name
	out := must[*eventbridge.PutTargetsOutput](t)(v.eb.PutTargets(v.ctx, &eventbridge.PutTargetsInput{Rule: aws.String(name),
		Targets: []ebtypes.Target{{Id: aws.String("queue"), Arn: aws.String(queueARN)}}}))
	equal(t, "failed targets", out.FailedEntryCount, 0)
	policy := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sqs:SendMessage","Resource":%q,"Condition":{"ArnEquals":{"aws:SourceArn":%q}}}]}`, queueARN, aws.ToString(rule.RuleArn))
	_, err := v.sqs.SetQueueAttributes(v.ctx, &sqs.SetQueueAttributesInput{QueueUrl: q.QueueUrl, Attributes: map[string]string{"Policy": policy}})
	noErr(t, err)
	return aws.ToString(q.QueueUrl)
}

func (v *pushedEnv) receive(t *testing.T, url string, wait, visibility int32) []sqstypes.Message {
	t.Helper()
	out, err := v.sqs.ReceiveMessage(v.ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 10,
		WaitTimeSeconds: wait, VisibilityTimeout: visibility, MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{"All"}})
	noErr(t, err)
	return out.Messages
}

// A publish on a stage reaches the queue as the IVS Stage Update of AWS's
// page, long polling returns as soon as it arrives, an undeleted message
// comes back after its visibility timeout with its receive count, and a
// deleted one does not.
func TestPushedStageUpdateThroughSQS(t *testing.T) {
	v := startPushed(t, Options{})
	url := v.feed(t, "ivsdash-test")
	st := v.stage("pushed")
	j := v.join(aws.ToString(st.Arn), "host-1")

	got := make(chan []sqstypes.Message, 1)
	go func() { got <- v.receive(t, url, 5, 1) }()
	time.Sleep(200 * time.Millisecond)
	began := time.Now()
	noErr(t, v.e.Publish(j.StageARN, j.ParticipantID))
	msgs := <-got
	if waited := time.Since(began); waited > 2*time.Second {
		t.Errorf("the long poll answered %s after the publish", waited)
	}
	if len(msgs) != 1 {
		t.Fatalf("%d messages, want the one Stage Update", len(msgs))
	}
	var env ivs.Envelope[ivs.StageUpdateDetail]
	noErr(t, json.Unmarshal([]byte(aws.ToString(msgs[0].Body)), &env))
	equal(t, "version", env.Version, "0")
	equal(t, "source", env.Source, "aws.ivs")
	equal(t, "detail-type", env.DetailType, "IVS Stage Update")
	equal(t, "account", env.Account, "123456789012")
	equal(t, "region", env.Region, "us-east-1")
	equal(t, "resources", strings.Join(env.Resources, ","), j.StageARN)
	equal(t, "event_name", env.Detail.EventName, "Participant Published")
	equal(t, "session_id", env.Detail.SessionID, j.SessionID)
	equal(t, "participant_id", env.Detail.ParticipantID, j.ParticipantID)
	equal(t, "user_id", env.Detail.UserID, "host-1")
	if _, err := time.Parse(time.RFC3339, env.Time); err != nil || env.ID == "" {
		t.Errorf("time %q, id %q", env.Time, env.ID)
	}
	equal(t, "receive count", msgs[0].Attributes["ApproximateReceiveCount"], "1")

	// Not deleted: back after the 1 s visibility timeout.
	again := v.receive(t, url, 3, 1)
	if len(again) != 1 || aws.ToString(again[0].MessageId) != aws.ToString(msgs[0].MessageId) {
		t.Fatalf("redelivery: %d messages", len(again))
	}
	equal(t, "receive count", again[0].Attributes["ApproximateReceiveCount"], "2")
	del := must[*sqs.DeleteMessageBatchOutput](t)(v.sqs.DeleteMessageBatch(v.ctx, &sqs.DeleteMessageBatchInput{QueueUrl: aws.String(url),
		Entries: []sqstypes.DeleteMessageBatchRequestEntry{{Id: aws.String("0"), ReceiptHandle: again[0].ReceiptHandle}}}))
	equal(t, "deleted", len(del.Successful), 1)
	if left := v.receive(t, url, 2, 1); len(left) != 0 {
		t.Errorf("%d messages after the delete", len(left))
	}

	// Join errors are never pushed; a publish error is.
	noErr(t, v.e.RecordError(j.StageARN, j.ParticipantID, ivs.EventJoinError, "INSUFFICIENT_CAPABILITIES"))
	noErr(t, v.e.RecordError(j.StageARN, j.ParticipantID, ivs.EventPublishError, "BITRATE_EXCEEDED"))
	msgs = v.receive(t, url, 2, 30)
	if len(msgs) != 1 || !strings.Contains(aws.ToString(msgs[0].Body), `"event_name":"Participant Publish Error"`) {
		t.Errorf("after a join error and a publish error: %d messages", len(msgs))
	}
}

// SQS's error shapes, as the Go SDK reads them and on the wire.
func TestSQSErrors(t *testing.T) {
	v := startPushed(t, Options{})
	_, err := v.sqs.GetQueueUrl(v.ctx, &sqs.GetQueueUrlInput{QueueName: aws.String("nope")})
	var missing *sqstypes.QueueDoesNotExist
	if !errors.As(err, &missing) {
		t.Fatalf("GetQueueUrl of a missing queue: %v", err)
	}
	equal(t, "the SDK's code", apiCode(err), "AWS.SimpleQueueService.NonExistentQueue")

	req, _ := http.NewRequest(http.MethodPost, v.e.URL(), strings.NewReader(`{"QueueUrl":"`+v.e.QueueURL("nope")+`","MaxNumberOfMessages":1}`))
	req.Header.Set("X-Amz-Target", "AmazonSQS.ReceiveMessage")
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	resp, err := HTTPClient().Do(req)
	noErr(t, err)
	defer resp.Body.Close()
	var body map[string]string
	noErr(t, json.NewDecoder(resp.Body).Decode(&body))
	equal(t, "status", resp.StatusCode, 400)
	equal(t, "__type", body["__type"], "com.amazonaws.sqs#QueueDoesNotExist")
	equal(t, "x-amzn-query-error", resp.Header.Get("x-amzn-query-error"), "AWS.SimpleQueueService.NonExistentQueue;Sender")
	equal(t, "content type", resp.Header.Get("Content-Type"), "application/x-amz-json-1.0")

	url := must[*sqs.CreateQueueOutput](t)(v.sqs.CreateQueue(v.ctx, &sqs.CreateQueueInput{QueueName: aws.String("q")})).QueueUrl
	_, err = v.sqs.ReceiveMessage(v.ctx, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 11})
	equal(t, "11 messages", apiCode(err), "InvalidParameterValue")
	_, err = v.sqs.DeleteMessage(v.ctx, &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: aws.String("junk")})
	equal(t, "bad handle", apiCode(err), "ReceiptHandleIsInvalid")
	_, err = v.sqs.CreateQueue(v.ctx, &sqs.CreateQueueInput{QueueName: aws.String("q"), Attributes: map[string]string{"VisibilityTimeout": "5"}})
	equal(t, "same name, other attributes", apiCode(err), "QueueAlreadyExists")
	_, err = v.eb.DescribeRule(v.ctx, &eventbridge.DescribeRuleInput{Name: aws.String("nope")})
	var notFound *ebtypes.ResourceNotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("DescribeRule of a missing rule: %v", err)
	}
}

// Without the queue policy EventBridge cannot send; with duplicate and
// loss faults every event arrives twice or not at all.
func TestPushedDeliveryFaultsAndPolicy(t *testing.T) {
	v := startPushed(t, Options{})
	url := v.feed(t, "faulty")
	_, err := v.sqs.SetQueueAttributes(v.ctx, &sqs.SetQueueAttributesInput{QueueUrl: aws.String(url), Attributes: map[string]string{"Policy": ""}})
	noErr(t, err)
	st := v.stage("faulty")
	j := v.join(aws.ToString(st.Arn), "u")
	noErr(t, v.e.Publish(j.StageARN, j.ParticipantID))
	if msgs := v.receive(t, url, 1, 30); len(msgs) != 0 {
		t.Fatalf("%d messages reached a queue whose policy does not let EventBridge send", len(msgs))
	}

	url = v.feed(t, "faulty2")
	noErr(t, v.e.SetFaults("duplicate=100%"))
	noErr(t, v.e.Unpublish(j.StageARN, j.ParticipantID))
	msgs := v.receive(t, url, 2, 30)
	if len(msgs) != 2 || aws.ToString(msgs[0].Body) != aws.ToString(msgs[1].Body) {
		t.Fatalf("duplicate=100%%: %d messages", len(msgs))
	}
	noErr(t, v.e.SetFaults("loss=100%@DeliverIVSStageUpdate"))
	noErr(t, v.e.Publish(j.StageARN, j.ParticipantID))
	if msgs := v.receive(t, url, 1, 30); len(msgs) != 0 {
		t.Fatalf("loss=100%%: %d messages", len(msgs))
	}
	// The first queue, without a policy, failed each of the three events.
	if s := v.e.PushedStats(); s.Lost != 1 || s.Duplicated != 1 || s.Failed != 3 {
		t.Errorf("stats %+v", s)
	}
}
