package model

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// compositionsPane lists server-side compositions: state, stage, each
// destination's state, start and end.
type compositionsPane = resourceList[service.Composition]

func newCompositionsPane(c *Context) *compositionsPane {
	return newResourceList(c, &listSpec[service.Composition]{
		kind:     keymap.PaneCompositions,
		openHelp: "details", createHelp: "start composition", removeHelp: "stop composition",
		title:     "Compositions",
		noun:      "compositions",
		columns:   compositionColumns,
		cell:      compositionCell,
		arn:       func(x service.Composition) string { return x.ARN },
		text:      func(x service.Composition) string { return x.ARN + " " + x.State + " " + c.stageName(x.StageARN) },
		fetchKind: "compositions",
		load: func(c *Context) func(ctx context.Context) ([]service.Composition, error) {
			client := c.Client
			return func(ctx context.Context) ([]service.Composition, error) {
				return client.AllCompositions(ctx, service.CompositionFilter{})
			}
		},
		stageOf: func(x service.Composition) string { return x.StageARN },
		summary: func(c *Context, items []service.Composition) string {
			active := 0
			for _, x := range items {
				if x.State == "ACTIVE" || x.State == "STARTING" {
					active++
				}
			}
			return ui.Counted(len(items), "composition") + fmt.Sprintf(" · %d running", active)
		},
		copy:          func(x service.Composition) (string, string) { return x.ARN, "composition ARN" },
		open:          func(_ *Context, x service.Composition) route.Route { return route.Composition{Composition: x} },
		create:        func(c *Context, pane paneID) Dialog { return newCompositionForm(c, pane, "") },
		remove:        stopCompositionDialog,
		tags:          func(x service.Composition) (string, string) { return x.ARN, compositionWhat(x) },
		empty:         "no compositions: c starts one (or c on a stage's detail or sessions)",
		emptyReadOnly: "no compositions",
	})
}

func compositionWhat(x service.Composition) string { return "composition " + resourceID(x.ARN) }

var compositionColumns = []ui.Column{
	{Title: "COMPOSITION", Width: 14},
	{Title: "STATE", Width: 12},
	{Title: "STAGE", MinWidth: 10, Flex: 2},
	{Title: "DESTINATIONS", MinWidth: 16, Flex: 3},
	{Title: "START", MinWidth: 10, Flex: 2},
	{Title: "END", MinWidth: 8, Flex: 1},
}

func compositionCell(c *Context, x service.Composition, col int) string {
	s, now := c.Styles, c.now()
	switch col {
	case 0:
		return resourceID(x.ARN)
	case 1:
		return s.StateBadge(x.State)
	case 2:
		return ui.Sanitize(c.stageName(x.StageARN))
	case 3:
		return destinationsText(s, x.Destinations)
	case 4:
		return ui.TimeAge(x.Start, now)
	case 5:
		if x.End.IsZero() {
			return s.Muted.Render("—")
		}
		return ui.Age(x.End, now) + " ago"
	}
	return ""
}

// destinationsText is "channel ● ACTIVE · s3 ◌ STARTING".
func destinationsText(s *ui.Styles, ds []service.Destination) string {
	parts := make([]string, 0, len(ds))
	for _, d := range ds {
		kind := "dest"
		switch {
		case d.Channel != nil:
			kind = "channel"
		case d.S3 != nil:
			kind = "s3"
		case d.Name != "":
			kind = ui.Sanitize(d.Name)
		}
		parts = append(parts, kind+" "+s.StateBadge(d.State))
	}
	return strings.Join(parts, " · ")
}

// stopCompositionDialog asks before stopping a composition.
func stopCompositionDialog(c *Context, pane paneID, x service.Composition) tea.Cmd {
	if x.State == "STOPPING" || x.State == "STOPPED" {
		return flash(flashInfo, "composition "+resourceID(x.ARN)+" is already "+strings.ToLower(x.State))
	}
	q := fmt.Sprintf("Stop composition %s of stage %s?", resourceID(x.ARN), quoteUntrusted(c.stageName(x.StageARN)))
	detail := "Its broadcast and recording end now, and IVS deletes the composition."
	client, arn := c.Client, x.ARN
	return send(openDialogMsg{newConfirm("Stop composition", q, detail, false, func(string) tea.Cmd {
		return action(c, pane, "stopped composition "+resourceID(arn), func(ctx context.Context) error {
			return client.StopComposition(ctx, arn)
		})
	})})
}
