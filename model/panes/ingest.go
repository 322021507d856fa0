package panes

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// Ingest configurations (`:ingest`): RTMP(S) encoders (OBS, ffmpeg) that
// publish into a stage as a participant. The list filters as the API does
// (by state or by stage, one at a time); create, attach and delete are in
// ingestforms.go, the detail with the encoder's URL in ingestdetail.go.

// ingestFilterMode is what `f` cycles through.
type ingestFilterMode int

const (
	IngestAll ingestFilterMode = iota
	ingestActive
	ingestInactive
	ingestStage
	ingestFilterModes
)

// IngestPane is the list of ingest configurations.
type IngestPane struct {
	*kit.ResourceList[service.IngestConfiguration]
	Mode     ingestFilterMode
	stageARN string // with ingestStage
}

var ingestColumns = []ui.Column{
	{Title: "NAME", MinWidth: 10, Flex: 2},
	{Title: "PROTOCOL", Width: 8},
	{Title: "STATE", Width: 10},
	{Title: "STAGE", MinWidth: 10, Flex: 2},
	{Title: "PARTICIPANT", MinWidth: 12, Width: 12},
	{Title: "USER ID", MinWidth: 8, Flex: 2},
}

func NewIngestPane(c *kit.Context) *IngestPane {
	p := &IngestPane{}
	p.ResourceList = kit.NewResourceList(c, &kit.ListSpec[service.IngestConfiguration]{
		Kind:     keymap.PaneIngest,
		OpenHelp: "details", CreateHelp: "create ingest", RemoveHelp: "delete (force)",
		Title:   "Ingest configurations",
		Noun:    "ingest configurations",
		Columns: ingestColumns,
		Cell: func(c *kit.Context, x service.IngestConfiguration, col int) string {
			s := c.Styles
			switch col {
			case 0:
				return ui.Sanitize(kit.DisplayName(x.Name))
			case 1:
				return x.Protocol
			case 2:
				return s.IngestState(x.State)
			case 3:
				if x.StageARN == "" {
					return s.Muted.Render("none")
				}
				return ui.Sanitize(c.StageName(x.StageARN))
			case 4:
				return x.ParticipantID
			case 5:
				return ui.Sanitize(x.UserID)
			}
			return ""
		},
		ARN: func(x service.IngestConfiguration) string { return x.ARN },
		Text: func(x service.IngestConfiguration) string {
			return x.Name + " " + x.ARN + " " + x.Protocol + " " + x.State + " " + x.UserID + " " + x.ParticipantID
		},
		Load: func(c *kit.Context) func(ctx context.Context) ([]service.IngestConfiguration, error) {
			client, f := c.Client, p.APIFilter()
			return func(ctx context.Context) ([]service.IngestConfiguration, error) {
				return client.AllIngestConfigurations(ctx, f)
			}
		},
		StageOf: func(x service.IngestConfiguration) string { return x.StageARN },
		Open: func(_ *kit.Context, x service.IngestConfiguration) route.Route {
			return route.IngestConfiguration{Config: x}
		},
		Create: func(c *kit.Context, pane kit.PaneID) kit.Dialog { return NewIngestForm(c, pane, p.stageARN) },
		Remove: func(c *kit.Context, pane kit.PaneID, x service.IngestConfiguration) tea.Cmd {
			return deleteIngestDialog(c, pane, x)
		},
		Tags:  func(x service.IngestConfiguration) (string, string) { return x.ARN, ingestWhat(x) },
		Empty: "no ingest configurations: c creates one for an RTMP(S) encoder such as OBS or ffmpeg",
	})
	return p
}

func ingestWhat(x service.IngestConfiguration) string {
	return "ingest configuration " + kit.NameOr(x.Name, x.ARN)
}

// APIFilter is the filter the list call sends: the API takes one of state
// or stage, never both.
func (p *IngestPane) APIFilter() service.IngestFilter {
	switch p.Mode {
	case ingestActive:
		return service.IngestFilter{State: "ACTIVE"}
	case ingestInactive:
		return service.IngestFilter{State: "INACTIVE"}
	case ingestStage:
		return service.IngestFilter{StageARN: p.stageARN}
	}
	return service.IngestFilter{}
}

func (p *IngestPane) filterText(c *kit.Context) string {
	switch p.Mode {
	case ingestActive:
		return "ACTIVE only"
	case ingestInactive:
		return "INACTIVE only"
	case ingestStage:
		return "stage " + c.StageName(p.stageARN)
	}
	return "all"
}

// Refresh names the rows' stages too, should the last listing have failed.
func (p *IngestPane) Refresh(c *kit.Context) tea.Cmd {
	return tea.Batch(p.ResourceList.Refresh(c), p.NameStages(c))
}

func (p *IngestPane) Update(c *kit.Context, msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		k := c.Keys
		switch {
		case key.Matches(msg, k.FilterCycle):
			return p.cycleFilter(c)
		case key.Matches(msg, k.Attach):
			if sel, ok := p.Selected(); ok {
				return AttachIngestDialog(c, p.PaneID, sel)
			}
			return kit.NothingSelected(c, msg, "ingest configurations")
		}
	}
	return p.ResourceList.Update(c, msg)
}

// Help adds f and a to the kit's keys.
func (p *IngestPane) Help(k *keymap.KeyMap) keymap.Help {
	return p.KitHelp(k, keymap.As(k.FilterCycle, "all/active/inactive/stage"), k.Attach)
}

// cycleFilter moves to the next filter: all, ACTIVE, INACTIVE, the stage of
// the selection (skipped when it has none), and lists again.
func (p *IngestPane) cycleFilter(c *kit.Context) tea.Cmd {
	next := (p.Mode + 1) % ingestFilterModes
	if next == ingestStage {
		sel, ok := p.Selected()
		if !ok || sel.StageARN == "" {
			next = IngestAll
		} else {
			p.stageARN = sel.StageARN
		}
	}
	p.Mode = next
	if p.Mode != ingestStage {
		p.stageARN = ""
	}
	p.LoadState.Loading = true
	return tea.Batch(p.Fetch(c, true), kit.Flash(kit.FlashInfo, "ingest configurations: "+p.filterText(c)))
}

func (p *IngestPane) View(c *kit.Context, w, h int) string {
	return p.Render(c, w, h, p.Spec.Title, p.Summary(c)+" · filter: "+p.filterText(c)+" (f)")
}
