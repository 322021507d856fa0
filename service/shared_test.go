package service_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service"
)

// Reads shared within a polling period cost one call however many ask, at
// once or one after the other; a mutation is heard by the hook and makes
// the next read call again.
func TestSharedReadsOneCallPerPeriod(t *testing.T) {
	e, c := fastEmulator(t)
	ctx := ctxT(t)
	c.ShareReads(time.Hour) // one period for the whole test
	type heard struct {
		op   string
		who  any
		fail bool
	}
	var (
		mu   sync.Mutex
		muts []heard
	)
	type whoKey struct{}
	c.OnMutation(func(ctx context.Context, op string, _ any, err error) {
		mu.Lock()
		muts = append(muts, heard{op, ctx.Value(whoKey{}), err != nil})
		mu.Unlock()
	})

	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if _, err := c.ListStages(ctx, service.PageRequest{}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if _, err := c.ListStages(ctx, service.PageRequest{}); err != nil {
		t.Fatal(err)
	}
	if n := e.Operations()["ListStages"]; n != 1 {
		t.Fatalf("11 reads in one period made %d ListStages calls, want 1", n)
	}
	// Another input is another answer.
	if _, err := c.ListStages(ctx, service.PageRequest{Max: 7}); err != nil {
		t.Fatal(err)
	}
	if n := e.Operations()["ListStages"]; n != 2 {
		t.Fatalf("a read with another page size made %d calls in all, want 2", n)
	}

	who := context.WithValue(ctx, whoKey{}, "alice")
	if _, _, err := c.CreateStage(who, service.CreateStageRequest{Name: "shared"}); err != nil {
		t.Fatal(err)
	}
	page, err := c.ListStages(ctx, service.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if n := e.Operations()["ListStages"]; n != 3 {
		t.Fatalf("the read after a mutation made %d calls in all, want 3", n)
	}
	found := false
	for _, s := range page.Items {
		found = found || s.Name == "shared"
	}
	if !found {
		t.Fatal("the read after CreateStage does not list the new stage")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(muts) != 1 || muts[0] != (heard{"CreateStage", "alice", false}) {
		t.Fatalf("the mutation hook heard %+v, want one CreateStage by alice", muts)
	}
}

// Without ShareReads every read is a call, as before.
func TestSharedReadsOffByDefault(t *testing.T) {
	e, c := fastEmulator(t)
	ctx := ctxT(t)
	for range 3 {
		if _, err := c.ListStages(ctx, service.PageRequest{}); err != nil {
			t.Fatal(err)
		}
	}
	if n := e.Operations()["ListStages"]; n != 3 {
		t.Fatalf("3 reads made %d calls, want 3", n)
	}
}

// A caller who gives up does not fail the others waiting for the same call.
func TestSharedReadsCallerCancelLeavesOthers(t *testing.T) {
	_, c := fastEmulator(t)
	ctx := ctxT(t)
	c.ShareReads(time.Hour)
	gone, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := c.ListStages(gone, service.PageRequest{}); err == nil {
		t.Fatal("a cancelled caller got an answer")
	}
	if _, err := c.ListStages(ctx, service.PageRequest{}); err != nil {
		t.Fatalf("the next caller failed: %v", err)
	}
}

// With ShareWalks, a page after the first stays fresh beyond the period:
// a viewer walking behind another reads the pages it has just read.
func TestSharedReadsWalksKeepLaterPages(t *testing.T) {
	e, c := fastEmulator(t)
	ctx := ctxT(t)
	for _, name := range []string{"a", "b", "c"} {
		if _, _, err := c.CreateStage(ctx, service.CreateStageRequest{Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	c.ShareReads(time.Nanosecond) // every read in a period of its own
	walk := func() {
		first, err := c.ListStages(ctx, service.PageRequest{Max: 1})
		if err != nil || first.NextToken == "" {
			t.Fatalf("first page: %v, next token %q", err, first.NextToken)
		}
		if _, err := c.ListStages(ctx, service.PageRequest{Max: 1, Token: first.NextToken}); err != nil {
			t.Fatal(err)
		}
	}
	walk()
	walk()
	if n := e.Operations()["ListStages"]; n != 4 {
		t.Fatalf("two walks of two pages without ShareWalks made %d calls, want 4", n)
	}
	c.ShareWalks(time.Hour)
	walk()
	walk()
	// The second page read last is still kept: only the first pages call.
	if n := e.Operations()["ListStages"] - 4; n != 2 {
		t.Fatalf("two walks with ShareWalks made %d calls, want 2 (the first pages)", n)
	}
}
