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

// promptTargets are what the `:` prompt offers, completes and suggests: the
// jumps, and ctx, which opens the contexts over the panes (not a first pane).
var promptTargets = append(slices.Clone(jumpTargets), "ctx")

// openPane pushes the pane of a route; a route without a pane does nothing.
func (a *App) openPane(r route.Route) tea.Cmd {
	p := panes.Panes.Open(a.ctx, r)
	if p == nil {
		return nil
	}
	return a.push(p)
}

// closestJump is the `:` target nearest to a mistyped one, by edit
// distance, when it is near enough to be what was meant: at most a third
// of the letters wrong.
func closestJump(typed string) (string, bool) {
	best, bestDist := "", -1
	for _, t := range promptTargets {
		// A longer target also counts as far as what was typed goes, so
		// "compsi" is near "compositions".
		d := min(editDistance(typed, t), editDistance(typed, t[:min(len(t), max(len(typed), 3))]))
		if bestDist < 0 || d < bestDist {
			best, bestDist = t, d
		}
	}
	return best, bestDist >= 0 && bestDist <= max(len(typed)/3, 1)+1 && bestDist < len(typed)
}

// editDistance is the optimal string alignment distance between a and b,
// in bytes (the targets are ASCII): letters inserted, deleted, changed or
// swapped with their neighbour count one each.
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
