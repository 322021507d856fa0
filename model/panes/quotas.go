package panes

import (
	"context"
	"math"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/service/metrics"
	"github.com/ivsdash/ivsdash/ui"
)

// quotasPane is the account's headroom (`:quotas`): the region's concurrent
// publishers and subscriptions (CloudWatch) and the counts of stages,
// active compositions and configurations against their quotas, each marked
// past 80%. Both are read once a minute while the pane shows.
type quotasPane struct {
	kit.BasePane
	counts   ResourceCounts
	countsAt time.Time
	region   kit.Health[metrics.RegionCounts]
	table    ui.TableState
}

// ResourceCounts are the resources the quotas limit.
type ResourceCounts struct {
	Stages, ActiveCompositions, Encoders, Storage, Ingest, PublicKeys int
}

func NewQuotasPane(c *kit.Context) *quotasPane {
	p := &quotasPane{}
	p.PaneID = c.NextPaneID()
	return p
}

func (p *quotasPane) Kind() string  { return string(keymap.PaneQuotas) }
func (p *quotasPane) Crumb() string { return "quotas" }

func (p *quotasPane) Init(c *kit.Context) tea.Cmd {
	p.LoadState.Loading = true
	return p.Refresh(c)
}

// Refresh counts the resources and reads the region's metrics, each at most
// once a minute: quotas are a slow picture, and counting pages through
// every stage.
func (p *quotasPane) Refresh(c *kit.Context) tea.Cmd {
	var cmds []tea.Cmd
	if p.countsAt.IsZero() || c.CurrentTime().Sub(p.countsAt) >= kit.MetricsEvery {
		client := c.Client
		cmds = append(cmds, kit.FetchFor(c, &p.BasePane, "counts", false, func(ctx context.Context) (ResourceCounts, error) {
			return countResources(ctx, client)
		}))
	}
	if c.MetricsOn() && p.region.Due(c.CurrentTime()) {
		cmds = append(cmds, kit.FetchHealth(c, &p.BasePane, "region", false, c.MetricsWindow(kit.MetricsRecent),
			func(ctx context.Context, m *metrics.Client, w metrics.Window) (metrics.RegionCounts, error) {
				return m.Region(ctx, w)
			}))
	}
	return tea.Batch(cmds...)
}

// countResources lists what the quotas count: six listings, the stages'
// paged through.
func countResources(ctx context.Context, client *service.Client) (ResourceCounts, error) {
	var n ResourceCounts
	stages, err := client.AllStages(ctx)
	if err != nil {
		return n, err
	}
	comps, err := client.AllCompositions(ctx, service.CompositionFilter{})
	if err != nil {
		return n, err
	}
	for _, x := range comps {
		if x.State == "STARTING" || x.State == "ACTIVE" { // STOPPING frees its slot
			n.ActiveCompositions++
		}
	}
	enc, err := client.AllEncoderConfigurations(ctx)
	if err != nil {
		return n, err
	}
	sto, err := client.AllStorageConfigurations(ctx)
	if err != nil {
		return n, err
	}
	ing, err := client.AllIngestConfigurations(ctx, service.IngestFilter{})
	if err != nil {
		return n, err
	}
	keys, err := client.AllPublicKeys(ctx)
	if err != nil {
		return n, err
	}
	n.Stages, n.Encoders, n.Storage, n.Ingest, n.PublicKeys = len(stages), len(enc), len(sto), len(ing), len(keys)
	return n, nil
}

// Help declares the keys of Update.
func (p *quotasPane) Help(k *keymap.KeyMap) keymap.Help { return k.DetailHelp() }

func (p *quotasPane) Update(c *kit.Context, msg tea.Msg) tea.Cmd {
	if p.region.Handle(c, &p.BasePane, msg) {
		return nil
	}
	switch msg := msg.(type) {
	case kit.Fetched[ResourceCounts]:
		if !p.Reqs.Done(msg.Kind, msg.Req) {
			return nil
		}
		if msg.Err != nil {
			p.LoadState.Fail(msg.Err, msg.At)
			return nil
		}
		p.counts, p.countsAt = msg.Val, msg.At
		p.LoadState.OK(msg.At)
	case tea.KeyPressMsg:
		kit.MoveTable(c, msg, &p.table, len(p.rows(c)), 1)
	}
	return nil
}

var quotaColumns = []ui.Column{
	{Title: "QUOTA", MinWidth: 24, Flex: 2},
	{Title: "USED", Width: 9, Align: ui.AlignRight},
	{Title: "OF", Width: 7, Align: ui.AlignRight},
	{Title: "SHARE", Width: 12, Align: ui.AlignRight},
	{Title: "LAST 15m", Width: 15},
	{Title: "SCOPE", MinWidth: 10, Flex: 1},
}

// quotaRow is one quota and its use; known is false while unread.
type quotaRow struct {
	name, scope string
	used, quota int
	known       bool
	spark       *metrics.Series // region-wide counts have their last 15 minutes
}

func (p *quotasPane) rows(c *kit.Context) []quotaRow {
	counted := !p.countsAt.IsZero()
	rows := []quotaRow{}
	if c.Metrics != nil {
		r := p.region.Val
		rows = append(rows,
			regionRow("Concurrent publishers", r.ConcurrentPublishers, ivs.MaxConcurrentPublishers, p.region.Have),
			regionRow("Concurrent subscriptions", r.ConcurrentSubscriptions, ivs.MaxConcurrentSubscriptions, p.region.Have))
	}
	n := p.counts
	return append(rows,
		quotaRow{name: "Stages", scope: "region", used: n.Stages, quota: ivs.MaxStages, known: counted},
		quotaRow{name: "Active compositions", scope: "account", used: n.ActiveCompositions, quota: ivs.MaxActiveCompositions, known: counted},
		quotaRow{name: "Encoder configurations", scope: "region", used: n.Encoders, quota: ivs.MaxEncoderConfigurations, known: counted},
		quotaRow{name: "Storage configurations", scope: "region", used: n.Storage, quota: ivs.MaxStorageConfigurations, known: counted},
		quotaRow{name: "Ingest configurations", scope: "region", used: n.Ingest, quota: ivs.MaxIngestConfigurations, known: counted},
		quotaRow{name: "Public keys", scope: "region", used: n.PublicKeys, quota: ivs.MaxPublicKeys, known: counted},
	)
}

// regionRow is a region-wide count's latest minute against its quota.
func regionRow(name string, s metrics.Series, quota int, have bool) quotaRow {
	row := quotaRow{name: name, scope: "region (CloudWatch)", quota: quota, known: have, spark: &s}
	if p, ok := s.Last(); ok {
		row.used = int(math.Round(p.Value))
	}
	return row
}

func (p *quotasPane) View(c *kit.Context, w, h int) string {
	s := c.Styles
	rows := p.rows(c)
	near := 0
	for _, r := range rows {
		if r.known && quotaIsNear(r.used, r.quota) {
			near++
		}
	}
	title := ui.Header(s, "Quotas", ui.Counted(near, "quota")+" past 80%", w)
	note := ""
	switch {
	case c.Metrics == nil:
		note = "concurrent publishers and subscriptions need CloudWatch (off: --no-metrics)"
	default:
		note = p.region.Note(c)
		if note == "reading broadcast health from CloudWatch…" {
			note = ""
		}
	}
	tableH := h - 1
	if note != "" {
		note = kit.NoteText(c, note, w)
		tableH -= kit.Lines(note)
	}
	win := c.MetricsWindow(kit.MetricsRecent)
	empty := kit.EmptyText(&p.LoadState, "counting…", "")
	table := ui.RenderTable(s, quotaColumns, ui.WithEmpty(ui.SourceFunc{N: len(rows), F: func(i, col int) string {
		r := rows[i]
		switch col {
		case 0:
			return r.name
		case 1:
			if !r.known {
				return s.Muted.Render("…")
			}
			return ui.Count(r.used)
		case 2:
			return ui.Count(r.quota)
		case 3:
			if !r.known {
				return ""
			}
			share := int(math.Round(100 * float64(r.used) / float64(r.quota)))
			if quotaIsNear(r.used, r.quota) {
				return s.Bad.Render(ui.Count(share) + "% ▲ near")
			}
			return ui.Count(share) + "%"
		case 4:
			if r.spark == nil || !r.known {
				return ""
			}
			return ui.Sparkline(s, kit.ChartPoints(*r.spark), win.Start, win.Period, int(kit.MetricsRecent/win.Period))
		case 5:
			return s.Muted.Render(r.scope)
		}
		return ""
	}}, empty), p.table, w, tableH)
	out := title + "\n" + table
	if note != "" {
		out += "\n" + note
	}
	return out
}

// quotaIsNear reports a use past 80% of its quota.
func quotaIsNear(used, quota int) bool {
	return quota > 0 && float64(used) > quotaNear*float64(quota)
}
