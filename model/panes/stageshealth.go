package panes

import (
	"context"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/service/metrics"
	"github.com/ivsdash/ivsdash/ui"
)

// The stages pane's sparklines: Subscribers and Publishers of each live
// stage on screen over the last 15 minutes, read for the visible rows in
// one GetMetricData call, at most once a minute for the same screen.

// stageSparks is what the sparklines draw and when each screen was read.
type stageSparks struct {
	counts map[string]metrics.StageCounts // by stage id, kept across screens
	window metrics.Window                 // of the last answer
	asked  map[string]time.Time           // a screen's live stage ids -> when read
	failed error                          // the last call's failure
}

const sparksKind = "sparks"

// sparkColumns go before the stages' last column (the tags, least needed).
var sparkColumns = []ui.Column{
	{Title: "SUBS 15m", Width: 15},
	{Title: "PUBS 15m", Width: 15},
}

// sparkNext reads the sparklines of the live stages on screen unless this
// screen was read within the minute or a read is in flight (its answer
// asks again, in case the screen changed meanwhile).
func (p *StagesPane) sparkNext(c *kit.Context) tea.Cmd {
	if !c.MetricsOn() || !c.OnTop(p.PaneID) || p.Reqs.InFlight[sparksKind] {
		return nil
	}
	var ids []string
	first, last := p.List.Window()
	for row := first; row < last; row++ {
		if r := p.List.At(row); r.ActiveSessionID != "" {
			ids = append(ids, r.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	now := c.CurrentTime()
	screen := strings.Join(ids, ",")
	if at, ok := p.sparks.asked[screen]; ok && now.Sub(at) < kit.MetricsEvery {
		return nil
	}
	if p.sparks.asked == nil {
		p.sparks.asked = map[string]time.Time{}
	}
	for k, at := range p.sparks.asked {
		if now.Sub(at) >= kit.MetricsEvery {
			delete(p.sparks.asked, k)
		}
	}
	p.sparks.asked[screen] = now
	return kit.FetchHealth(c, &p.BasePane, sparksKind, false, c.MetricsWindow(kit.MetricsRecent),
		func(ctx context.Context, m *metrics.Client, w metrics.Window) (map[string]metrics.StageCounts, error) {
			return m.StageCounts(ctx, w, ids)
		})
}

// sparksDone takes the sparklines' answer; false when msg is not one.
func (p *StagesPane) sparksDone(c *kit.Context, msg tea.Msg) (tea.Cmd, bool) {
	m, ok := msg.(kit.Fetched[kit.Windowed[map[string]metrics.StageCounts]])
	if !ok {
		return nil, false
	}
	if !p.Reqs.Done(m.Kind, m.Req) {
		return nil, true
	}
	if m.Err != nil {
		p.sparks.failed = m.Err
		c.MetricsFailed(m.Err)
		return nil, true
	}
	p.sparks.failed = nil
	if p.sparks.counts == nil {
		p.sparks.counts = map[string]metrics.StageCounts{}
	}
	for id, counts := range m.Val.Val {
		p.sparks.counts[id] = counts
	}
	p.sparks.window = m.Val.Window
	return p.sparkNext(c), true
}

// sparkTable adds the sparkline columns to the stages' columns and cells
// when CloudWatch is on (and not refused); else it leaves them as they are.
func (p *StagesPane) sparkTable(c *kit.Context, cols []ui.Column, cell func(stageRow, int) string) ([]ui.Column, func(stageRow, int) string) {
	if !c.MetricsOn() || len(cols) == 0 {
		return cols, cell
	}
	// After the pane's own columns, so a column keeps its index for sorting
	// (kit.List sorts by the pane's columns) and a narrow screen drops the
	// sparklines first.
	n := len(cols)
	out := append(append([]ui.Column(nil), cols...), sparkColumns...)
	s, w := c.Styles, p.sparks.window
	return out, func(r stageRow, col int) string {
		switch {
		case col < n:
			return cell(r, col)
		case r.ActiveSessionID == "":
			return ""
		}
		counts, ok := p.sparks.counts[r.ID]
		if !ok {
			return s.Muted.Render("…")
		}
		series := counts.Subscribers
		if col == n+1 {
			series = counts.Publishers
		}
		return ui.Sparkline(s, kit.ChartPoints(series), w.Start, w.Period, int(kit.MetricsRecent/w.Period))
	}
}

// sparkNote is what the header adds about the sparklines: the refusal,
// once, in place of them, or that the last read failed (they keep their
// points).
func (p *StagesPane) sparkNote(c *kit.Context) string {
	switch {
	case c.Metrics == nil:
		return ""
	case c.MetricsDenied:
		return " · no sparklines: grant cloudwatch:GetMetricData"
	case p.sparks.failed != nil:
		return " · sparklines stale (CloudWatch failed)"
	}
	return ""
}
