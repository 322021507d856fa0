package panes

import (
	"context"
	"fmt"
	"math"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/service/metrics"
	"github.com/ivsdash/ivsdash/ui"
)

// Broadcast health of one stage, shared by the stage detail and its
// sessions: Publishers and Subscribers over the last 15 minutes as charts,
// against the stage's quotas.

// stageHealth is a stage's counts from CloudWatch, read once a minute.
type stageHealth struct {
	kit.Health[metrics.StageCounts]
	stageID string
}

const stageHealthKind = "health"

// refresh reads the counts when a minute has passed (nil when metrics are off).
func (h *stageHealth) refresh(c *kit.Context, b *kit.BasePane) tea.Cmd {
	if !c.MetricsOn() || !h.Due(c.CurrentTime()) {
		return nil
	}
	id := h.stageID
	return kit.FetchHealth(c, b, stageHealthKind, false, c.MetricsWindow(kit.MetricsRecent),
		func(ctx context.Context, m *metrics.Client, w metrics.Window) (metrics.StageCounts, error) {
			counts, err := m.StageCounts(ctx, w, []string{id})
			return counts[id], err
		})
}

// height is how many lines the charts take of a pane w x paneH: none with
// metrics off, a note's lines, else up to half the pane.
func (h *stageHealth) height(c *kit.Context, w, paneH int) int {
	switch {
	case c.Metrics == nil:
		return 0
	case h.Note(c) != "":
		return kit.Lines(kit.NoteText(c, h.Note(c), w))
	}
	return min(max(paneH/2, 0), 14)
}

// view draws the two charts side by side (stacked when narrow), or the note.
func (h *stageHealth) view(c *kit.Context, w, height int) string {
	if height <= 0 {
		return ""
	}
	if note := h.Note(c); note != "" {
		return kit.NoteText(c, note, w)
	}
	charts := []ui.Chart{
		countChart("Publishers", h.Val.Publishers, h.Window, ivs.MaxPublishersPerStage, true),
		countChart("Subscribers", h.Val.Subscribers, h.Window, ivs.MaxSubscribersPerStage, false),
	}
	return ui.ChartGrid(c.Styles, charts, w, height, 2, 36)
}

// countChart is a count's chart titled with its use of the quota
// ("Subscribers 3/10,000"); withLimit draws the quota as a dashed line
// (Subscribers' 10,000 would flatten a small audience to nothing).
func countChart(title string, s metrics.Series, w metrics.Window, quota int, withLimit bool) ui.Chart {
	now := 0.0
	if p, ok := s.Last(); ok {
		now = p.Value
	}
	return ui.Chart{
		Title:  title + " " + quotaUse(int(math.Round(now)), quota),
		Points: kit.ChartPoints(s),
		Start:  w.Start, End: w.End, Step: w.Period,
		Limit: float64(quota), HasLimit: withLimit,
	}
}

// quotaNear is the share of a quota past which a use is marked.
const quotaNear = 0.8

// quotaUse is "n/quota", with the share and a ▲ past 80% (words and a sign,
// so it reads without colour).
func quotaUse(n, quota int) string {
	s := ui.Count(n) + "/" + ui.Count(quota)
	if quota > 0 && float64(n) > quotaNear*float64(quota) {
		s += fmt.Sprintf(" ▲ %d%% of quota", int(math.Round(100*float64(n)/float64(quota))))
	}
	return s
}
