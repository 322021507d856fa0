package panes

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/ui"
)

// compositionsPane lists server-side compositions: state, stage, each
// destination's state, start and end.
type compositionsPane = kit.ResourceList[service.Composition]

func NewCompositionsPane(c *kit.Context) *compositionsPane {
	known := &destinationKinds{byComposition: map[string][]service.Destination{}}
	return kit.NewResourceList(c, &kit.ListSpec[service.Composition]{
		Kind:     keymap.PaneCompositions,
		OpenHelp: "details", CreateHelp: "start composition", RemoveHelp: "stop composition",
		Title:     "Compositions",
		Noun:      "compositions",
		Columns:   compositionColumns,
		Cell:      compositionCell,
		ARN:       func(x service.Composition) string { return x.ARN },
		Text:      func(x service.Composition) string { return x.ARN + " " + x.State + " " + c.StageName(x.StageARN) },
		FetchKind: "compositions",
		Load: func(c *kit.Context) func(ctx context.Context) ([]service.Composition, error) {
			client := c.Client
			return func(ctx context.Context) ([]service.Composition, error) {
				items, err := client.AllCompositions(ctx, service.CompositionFilter{})
				if err == nil {
					known.fill(ctx, client, items)
				}
				return items, err
			}
		},
		StageOf: func(x service.Composition) string { return x.StageARN },
		Summary: func(c *kit.Context, items []service.Composition) string {
			active := 0
			for _, x := range items {
				if x.State == "ACTIVE" || x.State == "STARTING" {
					active++
				}
			}
			return ui.Counted(len(items), "composition") + fmt.Sprintf(" · %d running", active)
		},
		Copy:          func(x service.Composition) (string, string) { return x.ARN, "composition ARN" },
		Open:          func(_ *kit.Context, x service.Composition) route.Route { return route.Composition{Composition: x} },
		Create:        func(c *kit.Context, pane kit.PaneID) kit.Dialog { return NewCompositionForm(c, pane, "") },
		Remove:        stopCompositionDialog,
		Tags:          func(x service.Composition) (string, string) { return x.ARN, compositionWhat(x) },
		Console:       compositionConsole,
		Empty:         "no compositions: c starts one (or c on a stage's detail or sessions)",
		EmptyReadOnly: "no compositions",
	})
}

func compositionConsole(x service.Composition) ivs.ConsoleTarget {
	return ivs.ConsoleTarget{CompositionARN: x.ARN}
}

func compositionWhat(x service.Composition) string { return "composition " + kit.ResourceID(x.ARN) }

var compositionColumns = []ui.Column{
	{Title: "COMPOSITION", Width: 14},
	{Title: "STATE", Width: 12},
	{Title: "STAGE", MinWidth: 10, Flex: 2},
	{Title: "DESTINATIONS", MinWidth: 16, Flex: 3},
	{Title: "START", MinWidth: 10, Flex: 2},
	{Title: "END", MinWidth: 8, Flex: 1},
}

func compositionCell(c *kit.Context, x service.Composition, col int) string {
	s, now := c.Styles, c.CurrentTime()
	switch col {
	case 0:
		return kit.ResourceID(x.ARN)
	case 1:
		return s.StateBadge(x.State)
	case 2:
		return ui.Sanitize(c.StageName(x.StageARN))
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

// destinationsText is "S3 recording ● ACTIVE · channel ◌ STARTING".
func destinationsText(s *ui.Styles, ds []service.Destination) string {
	parts := make([]string, 0, len(ds))
	for _, d := range ds {
		parts = append(parts, destinationKind(d)+" "+s.StateBadge(d.State))
	}
	return strings.Join(parts, " · ")
}

// destinationKind says what a destination is: where it records or
// broadcasts. A destination read only by ListCompositions (a summary: id
// and state) is a "destination" until GetComposition says more.
func destinationKind(d service.Destination) string {
	switch {
	case d.S3 != nil:
		return "S3 recording"
	case d.Channel != nil:
		return "channel"
	}
	return "destination"
}

// destinationKinds remembers the destinations GetComposition read, by
// composition: ListCompositions returns only their ids and states, and a
// composition's destinations are fixed when it starts, so one
// GetComposition per composition is enough for the list to say what each
// destination is.
type destinationKinds struct {
	mu            sync.Mutex
	byComposition map[string][]service.Destination
}

// maxKindLookups bounds the GetComposition calls of one listing; the rest
// are read by the next.
const maxKindLookups = 10

// fill completes the destinations of items with what GetComposition read,
// reading the compositions not read yet. A failed read leaves them
// summaries: the next listing tries again.
func (k *destinationKinds) fill(ctx context.Context, client *service.Client, items []service.Composition) {
	k.mu.Lock()
	defer k.mu.Unlock()
	lookups := 0
	for i, x := range items {
		full, ok := k.byComposition[x.ARN]
		if !ok && lookups < maxKindLookups && len(x.Destinations) > 0 {
			lookups++
			if got, err := client.GetComposition(ctx, x.ARN); err == nil {
				full, ok = got.Destinations, true
				k.byComposition[x.ARN] = full
			}
		}
		if !ok {
			continue
		}
		ds := slices.Clone(x.Destinations)
		for j, d := range ds {
			for _, f := range full {
				if f.ID == d.ID {
					ds[j].Name, ds[j].Channel, ds[j].S3 = f.Name, f.Channel, f.S3
				}
			}
		}
		items[i].Destinations = ds
	}
}

// stopCompositionDialog asks before stopping a composition.
func stopCompositionDialog(c *kit.Context, pane kit.PaneID, x service.Composition) tea.Cmd {
	if x.State == "STOPPING" || x.State == "STOPPED" {
		return kit.Flash(kit.FlashInfo, "composition "+kit.ResourceID(x.ARN)+" is already "+strings.ToLower(x.State))
	}
	q := fmt.Sprintf("Stop composition %s of stage %s?", kit.ResourceID(x.ARN), kit.QuoteUntrusted(c.StageName(x.StageARN)))
	detail := "Its broadcast and recording end now, and IVS deletes the composition."
	client, arn := c.Client, x.ARN
	return kit.ConfirmAction(c, pane, "Stop composition", q, detail, "stopped composition "+kit.ResourceID(arn), func(ctx context.Context) error {
		return client.StopComposition(ctx, arn)
	})
}
