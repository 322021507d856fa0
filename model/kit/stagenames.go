package kit

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/service"
)

// stageNamesEvery bounds how often a pane lists the stages to name the ones
// it shows only by ARN (compositions, ingest configurations).
const stageNamesEvery = time.Minute

// StageNamesRead names the stage listing in the status bar when it fails.
const StageNamesRead = "stage names"

// stageNamer lists the stages for a pane whose rows carry stage ARNs, so its
// STAGE column reads "main-broadcast" rather than an id. The names land in
// the shared Context, so once any pane knows them, nobody lists again.
type stageNamer struct {
	at     time.Time
	failed bool // the last listing failed: the next chance tries again
}

// fetch lists the stages when one of arns has no name yet and the last
// listing is older than stageNamesEvery (or there was none).
func (n *stageNamer) fetch(c *Context, b *BasePane, arns func(yield func(string) bool)) tea.Cmd {
	if !n.failed && !n.at.IsZero() && c.CurrentTime().Sub(n.at) < stageNamesEvery {
		return nil
	}
	missing := false
	for arn := range arns {
		if arn != "" && c.StageNames[arn] == "" {
			missing = true
			break
		}
	}
	if !missing {
		if n.failed { // another pane named them meanwhile
			n.failed = false
			b.LoadState.BackgroundRead(StageNamesRead, nil, c.CurrentTime())
		}
		return nil
	}
	client := c.Client
	cmd := FetchFor(c, b, "stage-names", false, func(ctx context.Context) ([]service.Stage, error) {
		return client.AllStages(ctx)
	}, InBackground)
	if cmd != nil {
		n.at = c.CurrentTime()
		if n.failed {
			// Asked again: unknown until it answers, not failing.
			n.failed = false
			b.LoadState.BackgroundRead(StageNamesRead, nil, n.at)
		}
	}
	return cmd
}

// update takes the listing; it reports whether msg was it.
func (n *stageNamer) update(c *Context, b *BasePane, msg tea.Msg) bool {
	m, ok := msg.(Fetched[[]service.Stage])
	if !ok || m.Kind != "stage-names" {
		return false
	}
	if !b.Reqs.Done(m.Kind, m.Req) {
		return true
	}
	b.LoadState.BackgroundRead(StageNamesRead, m.Err, m.At)
	if m.Err != nil {
		n.failed = true // rows keep their ids until a listing works
		return true
	}
	for _, s := range m.Val {
		c.RememberStage(s)
	}
	return true
}
