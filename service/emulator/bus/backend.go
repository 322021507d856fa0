// Package bus is the emulator's Amazon EventBridge default event bus: the
// rules and targets `ivsdash events setup` makes (PutRule, PutTargets,
// DescribeRule, ListTargetsByRule) and the delivery of the events IVS would
// send to every SQS queue a matching rule targets, with the delivery faults
// of the emulator's grammar (delay, duplication, reordering, loss). The
// backend (this file) takes plain values; wire.go speaks AWS JSON 1.1
// (X-Amz-Target: AWSEvents.<Operation>).
package bus

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// Queues is what delivery needs of the emulator's SQS: a queue's policy
// and sending to it.
type Queues interface {
	Attributes(name string, names []string) (map[string]string, error)
	Send(name, body string, delay time.Duration) (id, md5 string, err error)
}

// Decision is what the fault plan does to one delivery.
type Decision struct {
	Delay                    time.Duration
	Duplicate, Reorder, Lose bool
}

// Error is an EventBridge error: Code is its type (ResourceNotFoundException).
type Error struct {
	Code, Message string
	Status        int
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

func validation(format string, a ...any) *Error {
	return &Error{Code: "ValidationException", Status: 400, Message: fmt.Sprintf(format, a...)}
}

func ruleNotFound(name string) *Error {
	return &Error{Code: "ResourceNotFoundException", Status: 400, Message: fmt.Sprintf("Rule %s does not exist on EventBus default.", name)}
}

// Rule is a rule of the default bus, as DescribeRule shows it.
type Rule struct {
	Name, ARN, EventPattern, State, Description string
}

// Target is a rule's target: an id and the ARN it delivers to.
type Target struct{ ID, ARN string }

type rule struct {
	Rule
	pattern map[string]any
	targets []Target
}

// Stats count deliveries, for tests and the emulator's counters.
type Stats struct {
	Matched, Delivered, Duplicated, Reordered, Lost, Failed int
}

// Backend is the default event bus of one account in one region.
type Backend struct {
	region, account string
	queues          Queues
	decide          func(detailType string) Decision

	mu    sync.Mutex
	rules map[string]*rule
	order []string
	rng   *rand.Rand
	stats Stats
}

// New makes the bus; decide is the fault plan's verdict on one delivery of
// a detail type (nil: no faults).
func New(region, account string, queues Queues, seed uint64, decide func(detailType string) Decision) *Backend {
	if decide == nil {
		decide = func(string) Decision { return Decision{} }
	}
	return &Backend{region: region, account: account, queues: queues, decide: decide,
		rules: map[string]*rule{}, rng: rand.New(rand.NewPCG(seed, 0xeb))}
}

var ruleNamePattern = regexp.MustCompile(`^[.\-_A-Za-z0-9]{1,64}$`)

// PutRule makes or replaces a rule of the default bus and returns its ARN.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html
func (b *Backend) PutRule(name, pattern, state, description string) (string, error) {
	if !ruleNamePattern.MatchString(name) {
		return "", validation("1 validation error detected: Value '%s' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+", name)
	}
	if pattern == "" {
		return "", validation("Parameter(s) EventPattern or ScheduleExpression must be specified.")
	}
	var p map[string]any
	if err := json.Unmarshal([]byte(pattern), &p); err != nil || p == nil {
		return "", &Error{Code: "InvalidEventPatternException", Status: 400, Message: "Event pattern is not valid. Reason: it is not a JSON object."}
	}
	if err := checkPattern(p); err != nil {
		return "", err
	}
	if state == "" {
		state = "ENABLED"
	}
	if state != "ENABLED" && state != "DISABLED" {
		return "", validation("1 validation error detected: Value '%s' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]", state)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	r, ok := b.rules[name]
	if !ok {
		r = &rule{}
		b.rules[name] = r
		b.order = append(b.order, name)
	}
	r.Rule = Rule{Name: name, ARN: b.RuleARN(name), EventPattern: pattern, State: state, Description: description}
	r.pattern = p
	return r.ARN, nil
}

// checkPattern accepts what match understands: objects of arrays of
// strings (exact values), nested.
func checkPattern(p map[string]any) error {
	for k, v := range p {
		switch v := v.(type) {
		case map[string]any:
			if err := checkPattern(v); err != nil {
				return err
			}
		case []any:
			for _, x := range v {
				if _, ok := x.(string); !ok {
					return &Error{Code: "InvalidEventPatternException", Status: 400, Message: fmt.Sprintf("Event pattern is not valid. Reason: %s: only exact string values are emulated", k)}
				}
			}
		default:
			return &Error{Code: "InvalidEventPatternException", Status: 400, Message: fmt.Sprintf("Event pattern is not valid. Reason: Match value must be String, number, true, false, or null at %s", k)}
		}
	}
	return nil
}

// RuleARN is the ARN of a rule of the default bus.
func (b *Backend) RuleARN(name string) string {
	return "arn:aws:events:" + b.region + ":" + b.account + ":rule/" + name
}

// DescribeRule answers DescribeRule.
func (b *Backend) DescribeRule(name string) (Rule, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	r, ok := b.rules[name]
	if !ok {
		return Rule{}, ruleNotFound(name)
	}
	return r.Rule, nil
}

// PutTargets adds or replaces (by id) targets of a rule. Only SQS queues
// are emulated targets; another ARN fails its entry.
func (b *Backend) PutTargets(name string, targets []Target) (failed []TargetFailure, err error) {
	if len(targets) == 0 || len(targets) > 10 {
		return nil, validation("1 validation error detected: Value at 'targets' failed to satisfy constraint: Member must have length between 1 and 10")
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	r, ok := b.rules[name]
	if !ok {
		return nil, ruleNotFound(name)
	}
	for _, t := range targets {
		if _, ok := queueName(t.ARN); !ok || t.ID == "" {
			failed = append(failed, TargetFailure{ID: t.ID, Code: "ValidationException", Message: "Only SQS queue targets are emulated: " + t.ARN})
			continue
		}
		if i := slices.IndexFunc(r.targets, func(x Target) bool { return x.ID == t.ID }); i >= 0 {
			r.targets[i] = t
		} else {
			r.targets = append(r.targets, t)
		}
	}
	return failed, nil
}

// TargetFailure is a PutTargets entry that failed.
type TargetFailure struct{ ID, Code, Message string }

// Targets answers ListTargetsByRule.
func (b *Backend) Targets(name string) ([]Target, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	r, ok := b.rules[name]
	if !ok {
		return nil, ruleNotFound(name)
	}
	return slices.Clone(r.targets), nil
}

// Stats are the deliveries so far.
func (b *Backend) Stats() Stats {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.stats
}

// queueName reads the queue name from an SQS queue ARN.
func queueName(arn string) (string, bool) {
	parts := strings.Split(arn, ":")
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "sqs" || parts[5] == "" {
		return "", false
	}
	return parts[5], true
}

// Put sends one event (an EventBridge envelope, already JSON) to every
// queue a matching enabled rule targets, as EventBridge would, through
// the fault plan: a lost event reaches no queue, a duplicated one reaches
// each twice, a reordered one is held back 1-3 s so later ones overtake it.
// A queue whose policy does not let EventBridge send to it for that rule
// gets nothing, as in AWS (the rule's invocation fails).
func (b *Backend) Put(detailType string, event []byte) {
	var fields map[string]any
	if json.Unmarshal(event, &fields) != nil {
		return
	}
	type delivery struct {
		queue, ruleARN string
	}
	b.mu.Lock()
	var to []delivery
	for _, name := range b.order {
		r := b.rules[name]
		if r.State != "ENABLED" || !match(r.pattern, fields) {
			continue
		}
		for _, t := range r.targets {
			if q, ok := queueName(t.ARN); ok {
				to = append(to, delivery{q, r.ARN})
			}
		}
	}
	if len(to) > 0 {
		b.stats.Matched++
	}
	b.mu.Unlock()
	for _, d := range to {
		if !b.allowed(d.queue, d.ruleARN) {
			b.count(func(s *Stats) { s.Failed++ })
			continue
		}
		verdict := b.decide(detailType)
		if verdict.Lose {
			b.count(func(s *Stats) { s.Lost++ })
			continue
		}
		delay := verdict.Delay
		if verdict.Reorder {
			b.mu.Lock()
			delay += time.Second + time.Duration(b.rng.Int64N(int64(2*time.Second)))
			b.mu.Unlock()
			b.count(func(s *Stats) { s.Reordered++ })
		}
		copies := 1
		if verdict.Duplicate {
			copies = 2
			b.count(func(s *Stats) { s.Duplicated++ })
		}
		for range copies {
			if _, _, err := b.queues.Send(d.queue, string(event), delay); err != nil {
				b.count(func(s *Stats) { s.Failed++ })
				continue
			}
			b.count(func(s *Stats) { s.Delivered++ })
		}
	}
}

func (b *Backend) count(f func(*Stats)) {
	b.mu.Lock()
	f(&b.stats)
	b.mu.Unlock()
}

// match is EventBridge's matching for exact values: every field of the
// pattern must be in the event, a list of values matching one of them
// (a list in the event matches when any element does, as for resources),
// an object matching the event's object field by field.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
func match(pattern, event map[string]any) bool {
	for k, want := range pattern {
		got, ok := event[k]
		if !ok {
			return false
		}
		switch want := want.(type) {
		case map[string]any:
			sub, ok := got.(map[string]any)
			if !ok || !match(want, sub) {
				return false
			}
		case []any:
			if !anyEqual(want, got) {
				return false
			}
		}
	}
	return true
}

func anyEqual(values []any, got any) bool {
	if list, ok := got.([]any); ok {
		for _, g := range list {
			if anyEqual(values, g) {
				return true
			}
		}
		return false
	}
	for _, v := range values {
		if v == got {
			return true
		}
	}
	return false
}

// allowed reports whether the queue's policy lets EventBridge (the
// events.amazonaws.com principal) call sqs:SendMessage for this rule: an
// Allow statement for that principal and action whose aws:SourceArn
// condition, if any, names the rule.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions
func (b *Backend) allowed(queue, ruleARN string) bool {
	attrs, err := b.queues.Attributes(queue, []string{"Policy"})
	if err != nil || attrs["Policy"] == "" {
		return false
	}
	var policy struct {
		Statement []struct {
			Effect    string
			Principal struct{ Service any }
			Action    any
			Condition map[string]map[string]any
		}
	}
	if json.Unmarshal([]byte(attrs["Policy"]), &policy) != nil {
		return false
	}
	for _, s := range policy.Statement {
		if s.Effect != "Allow" || !contains(s.Principal.Service, "events.amazonaws.com") ||
			!(contains(s.Action, "sqs:SendMessage") || contains(s.Action, "sqs:*")) {
			continue
		}
		ok := true
		for _, cond := range s.Condition {
			if v, has := cond["aws:SourceArn"]; has && !contains(v, ruleARN) {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// contains reads a policy value that is a string or a list of strings.
func contains(v any, s string) bool {
	switch v := v.(type) {
	case string:
		return v == s
	case []any:
		for _, x := range v {
			if x == s {
				return true
			}
		}
	}
	return false
}
