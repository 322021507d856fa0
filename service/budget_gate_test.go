package service

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/ivsdash/ivsdash/service/budget"
)

// The mark travels from the caller's context through the SDK's middleware
// to the budget gate.
func TestBackgroundMarkReachesTheBudget(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"stages":[]}`))
	}))
	defer srv.Close()
	c := NewForEndpoint(srv.URL, "", budget.Config{Unlimited: true})
	var (
		mu  sync.Mutex
		seq []bool // true: a background call
	)
	c.budget.SetGrantHook(func(_ string, bg bool) { mu.Lock(); seq = append(seq, bg); mu.Unlock() })
	ctx := context.Background()
	if _, err := c.ListStages(budget.Background(ctx), PageRequest{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListStages(ctx, PageRequest{}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seq) != 2 || !seq[0] || seq[1] {
		t.Errorf("grants %v, want [background foreground]", seq)
	}
	if budget.IsBackground(ctx) || !budget.IsBackground(budget.Background(ctx)) {
		t.Error("IsBackground does not read the mark")
	}
}
