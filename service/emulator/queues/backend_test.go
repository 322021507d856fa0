package queues

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"testing"
	"time"
)

// A delayed message waits; a received one is invisible for its visibility
// timeout and comes back with its receive count; a deleted one is gone.
func TestDelayVisibilityAndDelete(t *testing.T) {
	b := New("us-east-1", "123456789012", nil)
	if err := b.CreateQueue("q", map[string]string{"VisibilityTimeout": "1"}); err != nil {
		t.Fatal(err)
	}
	if err := b.CreateQueue("q", map[string]string{"VisibilityTimeout": "1"}); err != nil {
		t.Errorf("the same queue again: %v", err)
	}
	ctx := context.Background()
	if _, _, err := b.Send("q", "later", 300*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.Receive(ctx, ReceiveRequest{Queue: "q", Max: 10, Wait: 0, Visibility: -1}); len(got) != 0 {
		t.Fatal("a delayed message was handed out at once")
	}
	began := time.Now()
	got, err := b.Receive(ctx, ReceiveRequest{Queue: "q", Max: 10, Wait: 2 * time.Second, Visibility: -1})
	if err != nil || len(got) != 1 || time.Since(began) > time.Second {
		t.Fatalf("%d messages after %s: %v", len(got), time.Since(began), err)
	}
	if sum := md5.Sum([]byte("later")); got[0].MD5OfBody != hex.EncodeToString(sum[:]) || got[0].Body != "later" {
		t.Errorf("md5 %q", got[0].MD5OfBody)
	}
	again, _ := b.Receive(ctx, ReceiveRequest{Queue: "q", Max: 10, Wait: 3 * time.Second, Visibility: -1})
	if len(again) != 1 || again[0].ReceiveCount != 2 || again[0].ReceiptHandle == got[0].ReceiptHandle {
		t.Fatalf("redelivery %+v", again)
	}
	if err := b.Delete("q", got[0].ReceiptHandle); err != nil {
		t.Errorf("a stale handle: %v", err)
	}
	ok, failed, err := b.DeleteBatch("q", []BatchEntry{{ID: "a", ReceiptHandle: again[0].ReceiptHandle}, {ID: "b", ReceiptHandle: "junk"}})
	if err != nil || len(ok) != 1 || len(failed) != 1 || failed[0].Code != "ReceiptHandleIsInvalid" {
		t.Fatalf("%v %+v %v", ok, failed, err)
	}
	if got, _ := b.Receive(ctx, ReceiveRequest{Queue: "q", Max: 10, Wait: 1500 * time.Millisecond, Visibility: -1}); len(got) != 0 {
		t.Error("a deleted message came back")
	}
	for _, entries := range [][]BatchEntry{nil, make([]BatchEntry, 11), {{ID: "x", ReceiptHandle: "h"}, {ID: "x", ReceiptHandle: "h"}}} {
		if _, _, err := b.DeleteBatch("q", entries); err == nil {
			t.Errorf("batch of %d: no error", len(entries))
		}
	}
}

// A long poll ends when its context does.
func TestReceiveEndsWithContext(t *testing.T) {
	b := New("us-east-1", "123456789012", nil)
	_ = b.CreateQueue("q", nil)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	began := time.Now()
	if got, _ := b.Receive(ctx, ReceiveRequest{Queue: "q", Max: 1, Wait: 20 * time.Second, Visibility: -1}); len(got) != 0 || time.Since(began) > 2*time.Second {
		t.Errorf("%d messages after %s", len(got), time.Since(began))
	}
	if _, err := b.Receive(ctx, ReceiveRequest{Queue: "nope"}); err == nil || err.(*Error).QueryCode != "AWS.SimpleQueueService.NonExistentQueue" {
		t.Errorf("missing queue: %v", err)
	}
}
