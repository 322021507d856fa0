package panes

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/ui"
)

// contextRow is a profile of the AWS config file or a region of IVS
// Real-Time: enter switches to it, keeping the other.
type contextRow struct {
	Kind, Name string // "profile" or "region"
}

// contextsPane is :ctx, k9s's contexts: the profiles of ~/.aws/config and
// the regions where IVS Real-Time runs; enter switches the dashboard.
type contextsPane struct {
	*kit.ResourceList[contextRow]
}

func newContextsPane(c *kit.Context) *contextsPane {
	current := func(c *kit.Context, x contextRow) bool {
		if x.Kind == "profile" {
			return x.Name == kit.OrDefault(c.Profile, "default")
		}
		return c.Client != nil && x.Name == c.Client.Region()
	}
	return &contextsPane{kit.NewResourceList(c, &kit.ListSpec[contextRow]{
		Kind:     keymap.PaneContexts,
		OpenHelp: "switch to it",
		Title:    "Contexts: AWS profiles and IVS Real-Time regions",
		Noun:     "contexts",
		Columns:  []ui.Column{{Title: "KIND", Width: 8}, {Title: "NAME", MinWidth: 16, Flex: 1}, {Title: "", Width: 8}},
		Cell: func(c *kit.Context, x contextRow, col int) string {
			switch col {
			case 0:
				return x.Kind
			case 1:
				return x.Name
			}
			if current(c, x) {
				return "current"
			}
			return ""
		},
		ARN:  func(x contextRow) string { return x.Kind + "/" + x.Name },
		Text: func(x contextRow) string { return x.Kind + " " + x.Name },
		Load: func(*kit.Context) func(ctx context.Context) ([]contextRow, error) {
			return func(context.Context) ([]contextRow, error) {
				profiles, err := service.Profiles(service.ConfigFilePath())
				var rows []contextRow
				for _, p := range profiles {
					rows = append(rows, contextRow{"profile", p})
				}
				for _, r := range ivs.RealTimeRegions {
					rows = append(rows, contextRow{"region", r})
				}
				return rows, err
			}
		},
		Copy:  func(x contextRow) (string, string) { return x.Name, x.Kind },
		Empty: "no profiles in the AWS config file and no regions",
	})}
}

// Update switches on enter; the rest is the list's.
func (p *contextsPane) Update(c *kit.Context, msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok && key.Matches(km, c.Keys.Open) {
		sel, ok := p.Selected()
		if !ok {
			return nil
		}
		if sel.Kind == "profile" {
			return kit.Send(kit.SwitchContextMsg{Profile: sel.Name})
		}
		return kit.Send(kit.SwitchContextMsg{Region: sel.Name})
	}
	return p.ResourceList.Update(c, msg)
}
