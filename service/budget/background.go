package budget

import "context"

// A call is foreground (what a person is waiting for: the visible pane's
// loads, an action) unless its context says Background (the error watcher,
// the stages pane's live figures). The budget serves foreground waiters
// first: a background call takes a token of its operation only when no
// foreground call of that operation is waiting, so background work never
// delays a foreground call by more than one token's interval.

type backgroundKey struct{}

// Background marks the calls made with ctx as background work.
func Background(ctx context.Context) context.Context {
	return context.WithValue(ctx, backgroundKey{}, true)
}

// IsBackground reports whether calls made with ctx are background work.
func IsBackground(ctx context.Context) bool {
	bg, _ := ctx.Value(backgroundKey{}).(bool)
	return bg
}
