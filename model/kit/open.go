package kit

import (
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/route"
)

// OpenMsg asks the root to open the pane of a route over the top one.
type OpenMsg struct{ To route.Route }

// OpenRoute is how a pane opens another.
func OpenRoute(r route.Route) tea.Cmd { return Send(OpenMsg{r}) }
