package budget

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"
)

// grants records the order in which calls got their tokens.
type grants struct {
	mu  sync.Mutex // only for reading from the test goroutine; onGrant runs under b.mu
	seq []bool     // true: a background call
}

func recordGrants(b *Budget) *grants {
	g := &grants{}
	b.SetGrantHook(func(_ string, bg bool) {
		g.mu.Lock()
		g.seq = append(g.seq, bg)
		g.mu.Unlock()
	})
	return g
}

func (g *grants) snapshot() []bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]bool(nil), g.seq...)
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// A flood of background calls is waiting when a foreground call comes: the
// foreground call gets its token before every background call still
// waiting, except at most the one that took a token as it arrived.
func TestBackgroundFloodDelaysForegroundByAtMostOneToken(t *testing.T) {
	const op = "ListParticipants"
	b := New(Config{Fraction: 4, Burst: 1}) // 20 calls/s: a token every 50ms
	g := recordGrants(b)
	ctx := context.Background()
	if err := b.Wait(ctx, op); err != nil { // empty the bucket
		t.Fatal(err)
	}
	const flood = 30
	var wg sync.WaitGroup
	for range flood {
		wg.Go(func() {
			if err := b.Wait(Background(ctx), op); err != nil {
				t.Error(err)
			}
		})
	}
	// The flood is being served: some background calls went, most wait.
	waitFor(t, "the first background grant", func() bool { return len(g.snapshot()) >= 2 })

	arrived := len(g.snapshot())
	if err := b.Wait(ctx, op); err != nil {
		t.Fatal(err)
	}
	wg.Wait()

	seq := g.snapshot()
	fg := -1
	for i := arrived; i < len(seq); i++ {
		if !seq[i] {
			fg = i
			break
		}
	}
	if fg < 0 {
		t.Fatalf("the foreground grant is missing from %v", seq)
	}
	if before := fg - arrived; before > 1 {
		t.Errorf("%d background calls got a token between the foreground call's arrival and its grant, want at most 1 (grants %v)", before, seq)
	}
	if after := len(seq) - 1 - fg; after < 2 {
		// Not a priority failure, but then the flood was over and the test proved nothing.
		t.Fatalf("only %d background calls were still waiting after the foreground one: the flood ended too early (grants %v)", after, seq)
	}
	if bgs := len(seq) - 2; bgs != flood {
		t.Errorf("%d background grants, want all %d served in the end", bgs, flood)
	}
}

// Background calls wait for the foreground queue of their operation to
// empty; other operations are not held up.
func TestBackgroundWaitsForTheForegroundQueue(t *testing.T) {
	const op = "ListParticipants"
	b := New(Config{Fraction: 2, Burst: 1}) // 10 calls/s
	g := recordGrants(b)
	ctx := context.Background()
	if err := b.Wait(ctx, op); err != nil {
		t.Fatal(err)
	}
	const fgCalls = 4
	var wg sync.WaitGroup
	for range fgCalls {
		wg.Go(func() {
			if err := b.Wait(ctx, op); err != nil {
				t.Error(err)
			}
		})
	}
	// Every foreground call has begun waiting (or already got its token).
	waitFor(t, "the foreground calls to queue", func() bool {
		b.mu.Lock()
		defer b.mu.Unlock()
		return b.ops[op].waiting[foreground]+len(g.seq)-1 == fgCalls
	})
	if err := b.Wait(Background(ctx), op); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	seq := g.snapshot()
	if len(seq) != fgCalls+2 || !seq[len(seq)-1] {
		t.Fatalf("grants %v: want the background call last, after the %d queued foreground calls", seq, fgCalls)
	}

	// Another operation's foreground queue does not concern it.
	other := New(Config{Fraction: 2, Burst: 1})
	other.ops["GetStage"].waiting[foreground] = 3 // as if three were queued there
	done := make(chan error, 1)
	go func() { done <- other.Wait(Background(ctx), "ListStages") }()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestBackgroundWaitHonoursContext(t *testing.T) {
	b := New(Config{Fraction: 0.01, Burst: 1}) // a token every 20s
	ctx := context.Background()
	if err := b.Wait(ctx, "GetStage"); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(Background(ctx), 50*time.Millisecond)
	defer cancel()
	if err := b.Wait(short, "GetStage"); !heldBack(err, context.DeadlineExceeded) {
		t.Errorf("background wait past its deadline: %v want the budget to give up at the deadline", err)
	}
	// Behind a waiting foreground call, a canceled background call returns.
	b.ops["GetStage"].waiting[foreground] = 1
	canceled, cancel2 := context.WithCancel(Background(ctx))
	time.AfterFunc(10*time.Millisecond, cancel2)
	if err := b.Wait(canceled, "GetStage"); !heldBack(err, context.Canceled) {
		t.Errorf("canceled background wait: %v want it canceled", err)
	}
}

// With a burst of two, background calls leave the bucket's last token to
// the foreground: a foreground call that comes after them does not wait.
func TestBackgroundLeavesTheLastTokenToTheForeground(t *testing.T) {
	const op = "GetStage"
	b := New(Config{Fraction: 0.01, Burst: 2}) // a token every 20s; the bucket starts full
	g := recordGrants(b)
	ctx := context.Background()
	if err := b.Wait(Background(ctx), op); err != nil {
		t.Fatal(err)
	}
	// A second background call would take the last token: it waits for
	// the next one, 20 s away, and so gives up at its short deadline.
	short, cancel := context.WithTimeout(Background(ctx), 200*time.Millisecond)
	defer cancel()
	if err := b.Wait(short, op); !heldBack(err, context.DeadlineExceeded) {
		t.Fatalf("a background call took the bucket's last token: %v (grants %v)", err, g.snapshot())
	}
	// The foreground call gets that token at once (its deadline is far
	// shorter than the 20 s to the next token: rate.Wait refuses a longer wait).
	fgCtx, cancel2 := context.WithTimeout(ctx, 5*time.Second)
	defer cancel2()
	if err := b.Wait(fgCtx, op); err != nil {
		t.Fatalf("the foreground call found no token left: %v (grants %v)", err, g.snapshot())
	}
	if seq := g.snapshot(); len(seq) != 2 || !seq[0] || seq[1] {
		t.Errorf("grants %v, want [background foreground]", seq)
	}
}

// Bulk work (an export) takes every token it is left, and the watcher's
// background calls, spaced to their share, keep that share while it runs.
func TestBulkLeavesBackgroundItsShare(t *testing.T) {
	const op = "ListParticipantEvents"
	b := New(Config{Fraction: 4}) // 20 calls/s, burst 2
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	bulkCalls := 0
	var wg sync.WaitGroup
	for range 6 { // an export's workers, always waiting
		wg.Go(func() {
			for b.Wait(Bulk(ctx), op) == nil {
				mu.Lock()
				bulkCalls++
				mu.Unlock()
			}
		})
	}
	// The watcher: a call every 100 ms (half of 20/s), one at a time.
	const period, span = 100 * time.Millisecond, 2 * time.Second
	start := time.Now()
	bgCalls := 0
	for next := start; time.Since(start) < span; next = next.Add(period) {
		time.Sleep(time.Until(next))
		if err := b.Wait(Background(ctx), op); err != nil {
			t.Fatal(err)
		}
		bgCalls++
	}
	elapsed := time.Since(start)
	cancel()
	wg.Wait()
	share := float64(bgCalls) / (elapsed.Seconds() * 20)
	if share < 0.4 || share > 0.6 {
		t.Errorf("background made %d calls in %v: %.0f%% of the rate, want its half", bgCalls, elapsed.Round(time.Millisecond), 100*share)
	}
	if total := float64(bgCalls+bulkCalls) / elapsed.Seconds(); total < 17 || total > 23 {
		t.Errorf("%d background and %d bulk calls in %v: %.1f/s, want the whole 20/s used", bgCalls, bulkCalls, elapsed, total)
	}
}

// Alone, bulk work runs at the whole rate, and a foreground call still goes
// before it.
func TestBulkAloneUsesTheWholeRate(t *testing.T) {
	const op = "GetParticipant"
	const span = 1500 * time.Millisecond
	b := New(Config{Fraction: 2}) // 10 calls/s, burst 2
	g := recordGrants(b)
	ctx, cancel := context.WithTimeout(context.Background(), span)
	defer cancel()
	var mu sync.Mutex
	n := 0
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for b.Wait(Bulk(ctx), op) == nil {
				mu.Lock()
				n++
				mu.Unlock()
			}
		})
	}
	waitFor(t, "bulk calls under way", func() bool { return len(g.snapshot()) >= 3 })
	before := len(g.snapshot())
	if err := b.Wait(context.Background(), op); err != nil {
		t.Fatal(err)
	}
	seq := g.snapshot()
	if fg := slices.Index(seq[before:], false); fg < 0 || fg > 1 {
		t.Errorf("grants after the foreground call arrived: %v: want it first or second", seq[before:])
	}
	wg.Wait()
	// 15 tokens in 1.5 s and the burst of 2, less the foreground call's.
	if n < 14 || n > 16 {
		t.Errorf("%d bulk calls in %v at 10/s, want 14 to 16", n, span)
	}
}

// Usage says bulk work runs while an export's calls come, and for
// bulkRecently after, so the error watcher steps back meanwhile.
func TestUsageSaysBulkWorkRuns(t *testing.T) {
	clk := &fakeClock{t: time.Unix(2_000_000, 0)}
	b := New(Config{})
	b.now = clk.now
	if b.Usage().Bulk {
		t.Fatal("bulk before any bulk call")
	}
	if err := b.Wait(Background(context.Background()), "ListParticipantEvents"); err != nil {
		t.Fatal(err)
	}
	if b.Usage().Bulk {
		t.Fatal("a background call counted as bulk")
	}
	if err := b.Wait(Bulk(context.Background()), "ListParticipantEvents"); err != nil {
		t.Fatal(err)
	}
	if !b.Usage().Bulk {
		t.Fatal("a bulk call just made, and Usage does not say bulk work runs")
	}
	clk.t = clk.t.Add(bulkRecently - time.Second)
	if !b.Usage().Bulk {
		t.Fatal("bulk work stopped counting before bulkRecently")
	}
	clk.t = clk.t.Add(2 * time.Second)
	if b.Usage().Bulk {
		t.Fatal("bulk work still counted past bulkRecently after its last call")
	}
}
