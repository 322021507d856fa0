package budget

import "context"

// Calls come in three classes, served in this order for each operation:
//   - foreground: what a person is waiting for (the visible pane's loads,
//     an action);
//   - background: work that paces itself to a share of the budget (the
//     error watcher, the stages pane's live figures);
//   - bulk: long work a person asked for (an export), which takes every
//     token the two others leave, so it runs at the whole rate when alone
//     and never starves the watcher of its share.
//
// A call of a later class takes a token of its operation only when no call
// of an earlier class is waiting for one, so background and bulk work never
// delay a foreground call by more than one token's interval.

type class int

const (
	foreground class = iota
	background
	bulk
	classes
)

type classKey struct{}

// Background marks the calls made with ctx as background work.
func Background(ctx context.Context) context.Context {
	return context.WithValue(ctx, classKey{}, background)
}

// Bulk marks the calls made with ctx as bulk work: served after foreground
// calls and waiting background calls.
func Bulk(ctx context.Context) context.Context {
	return context.WithValue(ctx, classKey{}, bulk)
}

// IsBackground reports whether calls made with ctx are background work.
func IsBackground(ctx context.Context) bool { return classOf(ctx) == background }

func classOf(ctx context.Context) class {
	c, _ := ctx.Value(classKey{}).(class)
	return c
}
