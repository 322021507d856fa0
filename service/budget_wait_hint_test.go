package service

import (
	"context"
	"strings"
	"testing"

	"github.com/ivsdash/ivsdash/service/budget"
)

// A call whose deadline passed while the budget held it back (a backoff
// after throttling) is not a network problem, and its fix does not say so.
func TestBudgetWaitTimeoutNamesTheBackoff(t *testing.T) {
	e := classify("ListParticipants", &budget.WaitError{Err: context.DeadlineExceeded}, "")
	if e.Kind != Timeout || e.Code != codeBudgetWait {
		t.Fatalf("kind %v code %q, want a timeout coded %q", e.Kind, e.Code, codeBudgetWait)
	}
	if h := e.Hint(); strings.Contains(h, "network") || !strings.Contains(h, "throttl") {
		t.Errorf("hint %q should name the throttling backoff, not the network", h)
	}
	// A deadline passed on the wire is still a network matter.
	plain := classify("ListParticipants", context.DeadlineExceeded, "")
	if plain.Code != "" || !strings.Contains(plain.Hint(), "network") {
		t.Errorf("plain timeout: code %q hint %q", plain.Code, plain.Hint())
	}
}
