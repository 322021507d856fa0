package budget

import (
	"context"
	"time"

	"github.com/aws/smithy-go/middleware"
)

// Gate is the SDK middleware that makes every HTTP attempt, the SDK's own
// retries and every page of a paginator included, go through the budget.
// It belongs in the Finalize step just inside the retry loop, so it runs once
// per attempt: it waits for the operation's limiter (and its group's
// backoff) and bounds the attempt with Timeout.
type Gate struct {
	Budget  *Budget
	Timeout time.Duration // per attempt; 0 means none
}

// ID names the gate in the middleware stack.
func (*Gate) ID() string { return "ivsdash.BudgetGate" }

// HandleFinalize waits for the budget, then sends the attempt.
func (g *Gate) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	if err := g.Budget.Wait(ctx, middleware.GetOperationName(ctx)); err != nil {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, err
	}
	if g.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, g.Timeout)
		defer cancel()
	}
	return next.HandleFinalize(ctx, in)
}
