package pushed

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// Setup is what a dashboard's pushed events need: an SQS queue of its
// own (SQS hands a message to one reader), an EventBridge rule on the
// default bus matching IVS Real-Time's three detail types with the queue
// as its target, and the queue policy that lets EventBridge send to it
// for that rule.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions
type Setup struct {
	QueueName string
	RuleName  string // "" means the queue's name
}

// TargetID is the id of the queue among the rule's targets.
const TargetID = "ivsdash-events-queue"

func (s Setup) rule() string {
	if s.RuleName != "" {
		return s.RuleName
	}
	return s.QueueName
}

// EventPattern is the rule's event pattern: source aws.ivs and the three
// detail types.
func (s Setup) EventPattern() string {
	data, _ := json.Marshal(struct {
		Source     []string `json:"source"`
		DetailType []string `json:"detail-type"`
	}{[]string{ivs.EventSource}, ivs.DetailTypes})
	return string(data)
}

// Policy is the queue policy: EventBridge may call sqs:SendMessage on the
// queue for this rule only.
func (s Setup) Policy(queueARN, ruleARN string) string {
	data, _ := json.MarshalIndent(map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Sid":       "EventBridgeSendsIVSEvents",
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": ivs.DeliveryPrincipal},
			"Action":    ivs.DeliveryIAMAction,
			"Resource":  queueARN,
			"Condition": map[string]any{"ArnEquals": map[string]any{"aws:SourceArn": ruleARN}},
		}},
	}, "", "  ")
	return string(data)
}

// Plan describes the setup for a region and account ("" prints
// placeholders), with the IAM actions each side needs.
func (s Setup) Plan(region, account string) string {
	if region == "" {
		region = "REGION"
	}
	if account == "" {
		account = "ACCOUNT_ID"
	}
	queueARN := "arn:aws:sqs:" + region + ":" + account + ":" + s.QueueName
	ruleARN := "arn:aws:events:" + region + ":" + account + ":rule/" + s.rule()
	var b strings.Builder
	fmt.Fprintf(&b, "SQS queue %s (%s)\n\n", s.QueueName, queueARN)
	fmt.Fprintf(&b, "EventBridge rule %s on the default bus (%s), event pattern:\n  %s\n", s.rule(), ruleARN, s.EventPattern())
	fmt.Fprintf(&b, "  target %s: %s\n\n", TargetID, queueARN)
	fmt.Fprintf(&b, "Queue policy (lets EventBridge send to the queue for this rule only):\n%s\n\n", s.Policy(queueARN, ruleARN))
	fmt.Fprintf(&b, "IAM actions:\n  to make this (--apply): %s\n", strings.Join(ivs.SetupIAMActions, ", "))
	fmt.Fprintf(&b, "  for the dashboard to read the queue: %s\n", strings.Join(ivs.ReaderIAMActions, ", "))
	fmt.Fprintf(&b, "  EventBridge (%s) to deliver, granted by the queue policy: %s\n", ivs.DeliveryPrincipal, ivs.DeliveryIAMAction)
	return b.String()
}

// Step is one part of the setup and whether Apply changed it.
type Step struct {
	What    string
	Changed bool
}

// Result is what Apply did; QueueURL is the queue to pass to --events-queue.
type Result struct {
	QueueURL, QueueARN, RuleARN string
	Steps                       []Step
}

// Changed reports whether Apply changed anything.
func (r Result) Changed() bool {
	for _, s := range r.Steps {
		if s.Changed {
			return true
		}
	}
	return false
}

// Clients are the SDK clients Apply calls.
type Clients struct {
	SQS         *sqs.Client
	EventBridge *eventbridge.Client
}

// NewClients builds the clients from an AWS configuration; endpoint, when
// set (an emulator), receives both services' calls.
func NewClients(cfg aws.Config, endpoint string, client *http.Client) Clients {
	return Clients{
		SQS: sqs.NewFromConfig(cfg, func(o *sqs.Options) {
			if endpoint != "" {
				o.BaseEndpoint = aws.String(endpoint)
			}
			o.HTTPClient = httpClient(client, o.HTTPClient)
		}),
		EventBridge: eventbridge.NewFromConfig(cfg, func(o *eventbridge.Options) {
			if endpoint != "" {
				o.BaseEndpoint = aws.String(endpoint)
			}
			o.HTTPClient = httpClient(client, o.HTTPClient)
		}),
	}
}

// Apply makes the queue, the rule, its target and the queue policy, each
// only when missing or different, so a second run changes nothing.
func (s Setup) Apply(ctx context.Context, c Clients) (Result, error) {
	var r Result
	step := func(what string, changed bool) { r.Steps = append(r.Steps, Step{what, changed}) }

	// The queue.
	got, err := c.SQS.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(s.QueueName)})
	var missing *sqstypes.QueueDoesNotExist
	switch {
	case err == nil:
		r.QueueURL = aws.ToString(got.QueueUrl)
		step("queue "+s.QueueName+" exists", false)
	case errors.As(err, &missing):
		made, err := c.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(s.QueueName)})
		if err != nil {
			return r, fmt.Errorf("create queue %s: %w", s.QueueName, err)
		}
		r.QueueURL = aws.ToString(made.QueueUrl)
		step("created queue "+s.QueueName, true)
	default:
		return r, fmt.Errorf("look up queue %s: %w", s.QueueName, err)
	}
	attrs, err := c.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(r.QueueURL),
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn, sqstypes.QueueAttributeNamePolicy}})
	if err != nil {
		return r, fmt.Errorf("read queue %s: %w", s.QueueName, err)
	}
	r.QueueARN = attrs.Attributes[string(sqstypes.QueueAttributeNameQueueArn)]

	// The rule.
	rule, err := c.EventBridge.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String(s.rule())})
	var noRule *ebtypes.ResourceNotFoundException
	switch {
	case err == nil && sameJSON(aws.ToString(rule.EventPattern), s.EventPattern()) && rule.State == ebtypes.RuleStateEnabled:
		r.RuleARN = aws.ToString(rule.Arn)
		step("rule "+s.rule()+" matches IVS's three detail types", false)
	case err == nil || errors.As(err, &noRule):
		put, err := c.EventBridge.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String(s.rule()),
			EventPattern: aws.String(s.EventPattern()), State: ebtypes.RuleStateEnabled,
			Description: aws.String("IVS Real-Time events for an ivsdash dashboard (ivsdash events setup)")})
		if err != nil {
			return r, fmt.Errorf("put rule %s: %w", s.rule(), err)
		}
		r.RuleARN = aws.ToString(put.RuleArn)
		step("put rule "+s.rule(), true)
	default:
		return r, fmt.Errorf("describe rule %s: %w", s.rule(), err)
	}

	// The rule's target.
	targets, err := c.EventBridge.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String(s.rule())})
	if err != nil {
		return r, fmt.Errorf("list the targets of rule %s: %w", s.rule(), err)
	}
	targeted := false
	for _, t := range targets.Targets {
		targeted = targeted || aws.ToString(t.Arn) == r.QueueARN
	}
	if targeted {
		step("rule "+s.rule()+" targets the queue", false)
	} else {
		out, err := c.EventBridge.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String(s.rule()),
			Targets: []ebtypes.Target{{Id: aws.String(TargetID), Arn: aws.String(r.QueueARN)}}})
		if err == nil && out.FailedEntryCount > 0 {
			err = fmt.Errorf("%s", aws.ToString(out.FailedEntries[0].ErrorMessage))
		}
		if err != nil {
			return r, fmt.Errorf("put the queue as a target of rule %s: %w", s.rule(), err)
		}
		step("put the queue as the target of rule "+s.rule(), true)
	}

	// The queue policy.
	policy := s.Policy(r.QueueARN, r.RuleARN)
	if sameJSON(attrs.Attributes[string(sqstypes.QueueAttributeNamePolicy)], policy) {
		step("queue policy lets EventBridge send", false)
	} else {
		if _, err := c.SQS.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: aws.String(r.QueueURL),
			Attributes: map[string]string{string(sqstypes.QueueAttributeNamePolicy): policy}}); err != nil {
			return r, fmt.Errorf("set the policy of queue %s: %w", s.QueueName, err)
		}
		step("set the queue policy that lets EventBridge send", true)
	}
	return r, nil
}

// sameJSON compares two JSON documents by value ("" is no document).
func sameJSON(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}
