package model

import (
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
	"github.com/ivsdash/ivsdash/model/route"
)

// rootPane builds the first pane of a `:` jump ("" is the stages); nil
// when there is no such jump.
func (a *App) rootPane(kind string) kit.Pane {
	if kind == "" {
		kind = "stages"
	}
	r, ok := route.Jump(kind)
	if !ok {
		return nil
	}
	return panes.Panes.Open(a.ctx, r)
}

// StartPanes lists the panes the dashboard can open first (Config.Start):
// the destinations of the `:` jump.
func StartPanes() []string { return slices.Clone(jumpTargets) }

// jumpTargets are the `:` destinations, k9s style.
var jumpTargets = func() []string {
	names := make([]string, len(route.Jumps))
	for i, j := range route.Jumps {
		names[i] = j.Name
	}
	return names
}()

// openPane pushes the pane of a route; a route without a pane does nothing.
func (a *App) openPane(r route.Route) tea.Cmd {
	p := panes.Panes.Open(a.ctx, r)
	if p == nil {
		return nil
	}
	return a.push(p)
}
