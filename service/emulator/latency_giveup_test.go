package emulator

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
)

// A client that gives up on an injected delay is not served after it: the
// call is counted refused when the client hangs up, not run seconds later.
func TestFaultLatencyClientGivesUp(t *testing.T) {
	v := faulted(t, "latency=5s@ListStages")
	ctx, cancel := context.WithTimeout(v.ctx, 200*time.Millisecond)
	defer cancel()
	if _, err := v.c.ListStages(ctx, &ivsrealtime.ListStagesInput{}); err == nil {
		t.Fatal("ListStages answered within its 200ms deadline despite a 5s delay")
	}
	deadline := time.Now().Add(3 * time.Second)
	for v.e.Refused()["ListStages"] == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := v.e.Refused()["ListStages"]; n != 1 {
		t.Fatalf("refused %d ListStages within 3s of the client giving up, want 1 (operations %v)", n, v.e.Operations())
	}
	if n := v.e.Operations()["ListStages"]; n != 0 {
		t.Fatalf("the abandoned call reached the operation %d times", n)
	}
}
