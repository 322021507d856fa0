package bus

import (
	"encoding/json"
	"testing"
	"time"
)

func TestMatch(t *testing.T) {
	pattern := map[string]any{}
	_ = json.Unmarshal([]byte(`{"source":["aws.ivs"],"detail-type":["IVS Stage Update","IVS Composition State Change"],"detail":{"event_name":["Participant Published"]}}`), &pattern)
	for _, c := range []struct {
		event string
		want  bool
	}{
		{`{"source":"aws.ivs","detail-type":"IVS Stage Update","detail":{"event_name":"Participant Published"}}`, true},
		{`{"source":"aws.ivs","detail-type":"IVS Stage Update","detail":{"event_name":"Participant Unpublished"}}`, false},
		{`{"source":"aws.ivs","detail-type":"IVS Stream State Change","detail":{"event_name":"Participant Published"}}`, false},
		{`{"source":"aws.ec2","detail-type":"IVS Stage Update","detail":{"event_name":"Participant Published"}}`, false},
		{`{"source":"aws.ivs","detail-type":"IVS Stage Update"}`, false},
	} {
		var ev map[string]any
		_ = json.Unmarshal([]byte(c.event), &ev)
		if got := match(pattern, ev); got != c.want {
			t.Errorf("%s: %v, want %v", c.event, got, c.want)
		}
	}
	// A list in the event matches when any element does (resources).
	var p, ev map[string]any
	_ = json.Unmarshal([]byte(`{"resources":["arn:b"]}`), &p)
	_ = json.Unmarshal([]byte(`{"resources":["arn:a","arn:b"]}`), &ev)
	if !match(p, ev) {
		t.Error("resources")
	}
}

type fakeQueues struct {
	policy string
	sent   []time.Duration
}

func (f *fakeQueues) Attributes(string, []string) (map[string]string, error) {
	return map[string]string{"Policy": f.policy}, nil
}

func (f *fakeQueues) Send(_, _ string, delay time.Duration) (string, string, error) {
	f.sent = append(f.sent, delay)
	return "id", "md5", nil
}

func TestRulesTargetsAndPolicy(t *testing.T) {
	q := &fakeQueues{}
	verdict := Decision{}
	b := New("us-east-1", "123456789012", q, 1, func(string) Decision { return verdict })
	if _, err := b.PutRule("bad name", `{"source":["aws.ivs"]}`, "", ""); err == nil {
		t.Error("a rule name with a space was taken")
	}
	if _, err := b.PutRule("r", `{"source":"aws.ivs"}`, "", ""); err == nil {
		t.Error("a pattern value that is not a list was taken")
	}
	arn, err := b.PutRule("r", `{"source":["aws.ivs"]}`, "", "")
	if err != nil || arn != "arn:aws:events:us-east-1:123456789012:rule/r" {
		t.Fatalf("%q %v", arn, err)
	}
	if failed, err := b.PutTargets("r", []Target{{ID: "q", ARN: "arn:aws:sqs:us-east-1:123456789012:q"}, {ID: "l", ARN: "arn:aws:lambda:us-east-1:123456789012:function:f"}}); err != nil || len(failed) != 1 || failed[0].ID != "l" {
		t.Fatalf("%+v %v", failed, err)
	}
	if _, err := b.PutTargets("nope", []Target{{ID: "q", ARN: "arn:aws:sqs:us-east-1:123456789012:q"}}); err == nil {
		t.Error("targets of a missing rule")
	}
	event := []byte(`{"source":"aws.ivs","detail-type":"IVS Stage Update"}`)
	b.Put("IVS Stage Update", event)
	if len(q.sent) != 0 {
		t.Fatal("delivered without a queue policy")
	}
	q.policy = `{"Statement":[{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":["sqs:SendMessage"],"Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:events:us-east-1:123456789012:rule/other"}}}]}`
	b.Put("IVS Stage Update", event)
	if len(q.sent) != 0 {
		t.Fatal("delivered with a policy for another rule")
	}
	q.policy = `{"Statement":[{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sqs:SendMessage","Condition":{"ArnEquals":{"aws:SourceArn":"` + arn + `"}}}]}`
	verdict = Decision{Delay: time.Second, Duplicate: true, Reorder: true}
	b.Put("IVS Stage Update", event)
	if len(q.sent) != 2 || q.sent[0] < 2*time.Second || q.sent[0] > 4*time.Second {
		t.Fatalf("delays %v: want two copies, each 1 s late plus 1-3 s held back", q.sent)
	}
	verdict = Decision{Lose: true}
	b.Put("IVS Stage Update", event)
	if s := b.Stats(); len(q.sent) != 2 || s.Lost != 1 || s.Duplicated != 1 || s.Reordered != 1 || s.Failed != 2 || s.Delivered != 2 {
		t.Errorf("sent %v, stats %+v", q.sent, s)
	}
}
