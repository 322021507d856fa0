package kit

import (
	"context"
	"time"

	"github.com/ivsdash/ivsdash/service/budget"
)

// Only what is visible is polled, and what a person waits for goes first.
// A pane covered by another stops its background work (the stages pane's
// live figures, follow-up pages) and picks it up again when it is on top.
// Background calls (the error watcher, live figures) are marked so the
// service budget serves the visible pane's calls before them.

// backgroundTimeout bounds a background call, its wait for the budget
// included: it may wait behind a long foreground load (101 pages of
// participants at 1 call/s) without failing, and still ends.
const backgroundTimeout = 3 * time.Minute

// OnTop reports whether pane id is the one on screen. Without a root (a
// pane tested alone) every pane is.
func (c *Context) OnTop(id PaneID) bool {
	return c.Top == nil || c.Top() == id
}

// BackgroundContext bounds one background call: the program's lifetime and
// backgroundTimeout, marked for the budget as background work.
func (c *Context) BackgroundContext() (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(c.Lifetime(), backgroundTimeout)
	return budget.Background(ctx), cancel
}
