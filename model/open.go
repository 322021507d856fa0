package model

import (
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/route"
)

// openMsg asks the root to open the pane of a route over the top one.
type openMsg struct{ to route.Route }

// openRoute is how a pane opens another.
func openRoute(r route.Route) tea.Cmd { return send(openMsg{r}) }
