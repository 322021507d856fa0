package model

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
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
	ingestAll ingestFilterMode = iota
	ingestActive
	ingestInactive
	ingestStage
	ingestFilterModes
)

// ingestPane is the list of ingest configurations.
type ingestPane struct {
	*resourceList[service.IngestConfiguration]
	mode     ingestFilterMode
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

func newIngestPane(c *Context) *ingestPane {
	p := &ingestPane{}
	p.resourceList = newResourceList(c, &listSpec[service.IngestConfiguration]{
		kind:     keymap.PaneIngest,
		openHelp: "details", createHelp: "create ingest", removeHelp: "delete (force)",
		title:   "Ingest configurations",
		noun:    "ingest configurations",
		columns: ingestColumns,
		cell: func(c *Context, x service.IngestConfiguration, col int) string {
			s := c.Styles
			switch col {
			case 0:
				return ui.Sanitize(displayName(x.Name))
			case 1:
				return x.Protocol
			case 2:
				return s.IngestState(x.State)
			case 3:
				if x.StageARN == "" {
					return s.Muted.Render("none")
				}
				return ui.Sanitize(c.stageName(x.StageARN))
			case 4:
				return x.ParticipantID
			case 5:
				return ui.Sanitize(x.UserID)
			}
			return ""
		},
		arn: func(x service.IngestConfiguration) string { return x.ARN },
		text: func(x service.IngestConfiguration) string {
			return x.Name + " " + x.ARN + " " + x.Protocol + " " + x.State + " " + x.UserID + " " + x.ParticipantID
		},
		load: func(c *Context) func(ctx context.Context) ([]service.IngestConfiguration, error) {
			client, f := c.Client, p.apiFilter()
			return func(ctx context.Context) ([]service.IngestConfiguration, error) {
				return client.AllIngestConfigurations(ctx, f)
			}
		},
		stageOf: func(x service.IngestConfiguration) string { return x.StageARN },
		open: func(_ *Context, x service.IngestConfiguration) route.Route {
			return route.IngestConfiguration{Config: x}
		},
		create: func(c *Context, pane paneID) Dialog { return newIngestForm(c, pane, p.stageARN) },
		remove: func(c *Context, pane paneID, x service.IngestConfiguration) tea.Cmd {
			return deleteIngestDialog(c, pane, x)
		},
		tags:  func(x service.IngestConfiguration) (string, string) { return x.ARN, ingestWhat(x) },
		empty: "no ingest configurations: c creates one for an RTMP(S) encoder such as OBS or ffmpeg",
	})
	return p
}

func ingestWhat(x service.IngestConfiguration) string {
	return "ingest configuration " + nameOr(x.Name, x.ARN)
}

// apiFilter is the filter the list call sends: the API takes one of state
// or stage, never both.
func (p *ingestPane) apiFilter() service.IngestFilter {
	switch p.mode {
	case ingestActive:
		return service.IngestFilter{State: "ACTIVE"}
	case ingestInactive:
		return service.IngestFilter{State: "INACTIVE"}
	case ingestStage:
		return service.IngestFilter{StageARN: p.stageARN}
	}
	return service.IngestFilter{}
}

func (p *ingestPane) filterText(c *Context) string {
	switch p.mode {
	case ingestActive:
		return "ACTIVE only"
	case ingestInactive:
		return "INACTIVE only"
	case ingestStage:
		return "stage " + c.stageName(p.stageARN)
	}
	return "all"
}

// Refresh names the rows' stages too, should the last listing have failed.
func (p *ingestPane) Refresh(c *Context) tea.Cmd {
	return tea.Batch(p.resourceList.Refresh(c), p.nameStages(c))
}

func (p *ingestPane) Update(c *Context, msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		k := c.Keys
		switch {
		case key.Matches(msg, k.FilterCycle):
			return p.cycleFilter(c)
		case key.Matches(msg, k.Attach):
			if sel, ok := p.selected(); ok {
				return attachIngestDialog(c, p.id, sel)
			}
			return nil
		}
	}
	return p.resourceList.Update(c, msg)
}

// Help adds f and a to the kit's keys.
func (p *ingestPane) Help(k *keymap.KeyMap) keymap.Help {
	return p.help(k, keymap.As(k.FilterCycle, "all/active/inactive/stage"), k.Attach)
}

// cycleFilter moves to the next filter: all, ACTIVE, INACTIVE, the stage of
// the selection (skipped when it has none), and lists again.
func (p *ingestPane) cycleFilter(c *Context) tea.Cmd {
	next := (p.mode + 1) % ingestFilterModes
	if next == ingestStage {
		sel, ok := p.selected()
		if !ok || sel.StageARN == "" {
			next = ingestAll
		} else {
			p.stageARN = sel.StageARN
		}
	}
	p.mode = next
	if p.mode != ingestStage {
		p.stageARN = ""
	}
	p.load.loading = true
	return tea.Batch(p.fetch(c, true), flash(flashInfo, "ingest configurations: "+p.filterText(c)))
}

func (p *ingestPane) View(c *Context, w, h int) string {
	return p.render(c, w, h, p.spec.title, p.summary(c)+" · filter: "+p.filterText(c)+" (f)")
}
