package panes

import (
	"context"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/service/metrics"
	"github.com/ivsdash/ivsdash/ui"
)

// breakdownPane answers "is it one SDK, one country?" for a stage: its
// subscribers' bitrate, dropped frames and packet loss over the last 15
// minutes split by platform, SDK version or country (tab cycles), one row
// a value, the worst first.
type breakdownPane struct {
	kit.BasePane
	stage  service.Stage
	by     int // index in breakdownDims
	health kit.Health[[]BreakdownRow]
	table  ui.TableState
	rows   int
}

// breakdownDims are what tab cycles through.
var breakdownDims = []string{ivs.DimPlatform, ivs.DimSDKVersion, ivs.DimSubscriberCountryCode}

// breakdownMetrics are the subscriber-side quality metrics, in column order.
var breakdownMetrics = []string{ivs.MetricSubscribeBitrate, ivs.MetricDroppedFrames, ivs.MetricDownloadPacketLoss}

// BreakdownRow is one value of the dimension ("iOS", "1.14.0", "DE") and
// its series of each metric (in breakdownMetrics' order; none when absent).
type BreakdownRow struct {
	Value  string
	Series [3]*metrics.Series
}

func NewBreakdownPane(c *kit.Context, stage service.Stage) *breakdownPane {
	p := &breakdownPane{stage: stage}
	p.PaneID = c.NextPaneID()
	return p
}

func (p *breakdownPane) Kind() string  { return string(keymap.PaneBreakdown) }
func (p *breakdownPane) Crumb() string { return "quality" }

func (p *breakdownPane) CurrentStage() (service.Stage, bool) { return p.stage, true }

func (p *breakdownPane) Init(c *kit.Context) tea.Cmd {
	p.LoadState.Loading = true
	return p.fetch(c, false)
}

func (p *breakdownPane) Refresh(c *kit.Context) tea.Cmd {
	if !p.health.Due(c.CurrentTime()) {
		return nil
	}
	return p.fetch(c, false)
}

// fetch reads the three metrics by the chosen dimension: a ListMetrics and
// a GetMetricData call each. With force (the dimension changed) an answer
// for the old one is dropped.
func (p *breakdownPane) fetch(c *kit.Context, force bool) tea.Cmd {
	if !c.MetricsOn() {
		return nil
	}
	id, by := p.stage.ID, breakdownDims[p.by]
	return kit.FetchHealth(c, &p.BasePane, "breakdown", force, c.MetricsWindow(kit.MetricsRecent),
		func(ctx context.Context, m *metrics.Client, w metrics.Window) ([]BreakdownRow, error) {
			return readBreakdown(ctx, m, w, id, by)
		})
}

// readBreakdown gathers the three metrics' series by value of by.
func readBreakdown(ctx context.Context, m *metrics.Client, w metrics.Window, stageID, by string) ([]BreakdownRow, error) {
	rows := map[string]*BreakdownRow{}
	for i, metric := range breakdownMetrics {
		series, err := m.Breakdown(ctx, w, stageID, metric, by)
		if err != nil {
			return nil, err
		}
		for _, s := range series {
			value := s.Dimension(by)
			if by == ivs.DimSDKVersion {
				value = s.Dimension(ivs.DimPlatform) + " " + value
			}
			r := rows[value]
			if r == nil {
				r = &BreakdownRow{Value: value}
				rows[value] = r
			}
			r.Series[i] = &s
		}
	}
	out := make([]BreakdownRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, *r)
	}
	SortBreakdown(out)
	return out, nil
}

// SortBreakdown puts the worst first: most dropped frames, then most
// packet loss, then by value.
func SortBreakdown(rows []BreakdownRow) {
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		for _, k := range []int{1, 2} {
			if va, vb := lastOf(a.Series[k]), lastOf(b.Series[k]); va != vb {
				return va > vb
			}
		}
		return a.Value < b.Value
	})
}

// lastOf is a series' newest value, -1 when there is none.
func lastOf(s *metrics.Series) float64 {
	if s == nil {
		return -1
	}
	if p, ok := s.Last(); ok {
		return p.Value
	}
	return -1
}

// Help declares the keys of Update.
func (p *breakdownPane) Help(k *keymap.KeyMap) keymap.Help {
	h := k.DetailHelp(keymap.As(k.NextField, "platform/SDK/country"))
	return h
}

func (p *breakdownPane) Update(c *kit.Context, msg tea.Msg) tea.Cmd {
	if p.health.Handle(c, &p.BasePane, msg) {
		if p.health.Err != nil {
			p.LoadState.Fail(p.health.Err, p.health.At)
		} else if p.health.Have {
			p.LoadState.OK(p.health.At)
		}
		return nil
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if key.Matches(msg, c.Keys.NextField) {
			p.by = (p.by + 1) % len(breakdownDims)
			p.health = kit.Health[[]BreakdownRow]{}
			p.table = ui.TableState{}
			p.LoadState.Loading = true
			return p.fetch(c, true)
		}
		kit.MoveTable(c, msg, &p.table, len(p.health.Val), max(p.rows, 1))
	}
	return nil
}

var breakdownColumns = []ui.Column{
	{Title: "", MinWidth: 14, Flex: 1},
	{Title: "SUBSCRIBE BITRATE", Width: 17, Align: ui.AlignRight},
	{Title: "15m", Width: 15},
	{Title: "DROPPED FRAMES", Width: 14, Align: ui.AlignRight},
	{Title: "15m", Width: 15},
	{Title: "PACKET LOSS", Width: 11, Align: ui.AlignRight},
	{Title: "15m", Width: 15},
}

// breakdownTitles name the dimensions in the first column's title.
var breakdownTitles = map[string]string{
	ivs.DimPlatform: "PLATFORM", ivs.DimSDKVersion: "SDK VERSION", ivs.DimSubscriberCountryCode: "COUNTRY",
}

func (p *breakdownPane) View(c *kit.Context, w, h int) string {
	s := c.Styles
	by := breakdownDims[p.by]
	var names []string
	for i, d := range breakdownDims {
		n := strings.ToLower(breakdownTitles[d])
		if i == p.by {
			n = "[" + n + "]"
		}
		names = append(names, n)
	}
	title := ui.Header(s, "Quality of "+ui.Sanitize(kit.DisplayName(p.stage.Name)), "by "+strings.Join(names, " "), w)
	cols := append([]ui.Column(nil), breakdownColumns...)
	cols[0].Title = breakdownTitles[by]
	empty := "no subscriber with a recent SDK in the last 15 minutes (Web 1.5.2, Android and iOS 1.12.0 report metrics)"
	if note := p.health.Note(c); note != "" {
		empty = note
	}
	rows := p.health.Val
	win := p.health.Window
	format := []func(float64) string{ui.BitRate, ui.Percent, ui.Percent}
	p.rows = ui.TableBodyHeight(h - 1)
	table := ui.RenderTable(s, cols, ui.WithEmpty(ui.SourceFunc{N: len(rows), F: func(i, col int) string {
		r := rows[i]
		if col == 0 {
			return ui.Sanitize(r.Value)
		}
		m := (col - 1) / 2
		series := r.Series[m]
		if series == nil {
			return s.Muted.Render("—")
		}
		if col%2 == 1 {
			last, ok := series.Last()
			if !ok {
				return s.Muted.Render("no data")
			}
			return format[m](last.Value)
		}
		return ui.Sparkline(s, kit.ChartPoints(*series), win.Start, win.Period, int(kit.MetricsRecent/win.Period))
	}}, empty), p.table, w, h-1)
	return title + "\n" + table
}
