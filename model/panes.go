package model

import (
	"reflect"

	"github.com/ivsdash/ivsdash/model/route"
)

// How a pane is written and opened:
//
//   - A list or a detail is a spec of the kit: a listSpec for resourceList
//     (columns, cells, the load, what enter, c, ctrl+d, T and y do) or a
//     detailSpec for resourceDetail; a pane with keys or state of its own
//     embeds the kit and handles its messages before handing the rest on.
//   - Its Help (the footer and the ? screen) is declared beside its Update.
//   - It gets a route value in model/route and one register line below;
//     others open it by returning openRoute(route.X{...}).
//
// A key press goes to the root (App.key), which applies read-only to the
// key map, handles the global keys and hands the rest to the top pane; a
// pane's fetch runs as a command and its result comes back addressed to
// the pane (paneMsg), and stale answers are dropped (requests).

// registry maps each route to the constructor of its pane, as k9s's
// registrar maps a resource to its view: panes open each other by
// returning a route (openRoute), and only the root builds panes, here.
type registry map[reflect.Type]func(c *Context, r route.Route) Pane

// register maps routes of type R to build.
func register[R route.Route](reg registry, build func(c *Context, r R) Pane) {
	reg[reflect.TypeFor[R]()] = func(c *Context, r route.Route) Pane { return build(c, r.(R)) }
}

// open builds the pane of r; nil when no pane is registered for it.
func (reg registry) open(c *Context, r route.Route) Pane {
	if r == nil {
		return nil
	}
	build, ok := reg[reflect.TypeOf(r)]
	if !ok {
		return nil
	}
	return build(c, r)
}

// panes is every pane of the dashboard, by route.
var panes = func() registry {
	reg := registry{}
	register(reg, func(c *Context, _ route.Stages) Pane { return newStagesPane(c) })
	register(reg, func(c *Context, r route.Stage) Pane { return newStageDetailPane(c, r.Stage) })
	register(reg, func(c *Context, r route.Sessions) Pane { return newSessionsPane(c, r.Stage) })
	register(reg, func(c *Context, r route.Participants) Pane { return newParticipantsPane(c, r.Stage, r.Session) })
	register(reg, func(c *Context, r route.Participant) Pane {
		return newParticipantPane(c, r.Stage, r.Session, r.Participant)
	})
	register(reg, func(c *Context, r route.Timeline) Pane {
		p := newTimelinePane(c, r.Stage, r.Session)
		p.errorsOnly = r.ErrorsOnly
		return p
	})
	register(reg, func(c *Context, r route.Replicas) Pane {
		return newReplicasPane(c, r.Stage, r.Session, r.Participant)
	})
	register(reg, func(c *Context, r route.Tags) Pane { return newTagsPane(c, r.ARN, r.What) })
	register(reg, func(c *Context, _ route.Compositions) Pane { return newCompositionsPane(c) })
	register(reg, func(c *Context, r route.Composition) Pane { return newCompositionPane(c, r.Composition) })
	register(reg, func(c *Context, _ route.Triage) Pane { return newTriagePane(c) })
	register(reg, func(c *Context, _ route.Ingest) Pane { return newIngestPane(c) })
	register(reg, func(c *Context, r route.IngestConfiguration) Pane { return newIngestDetailPane(c, r.Config) })
	register(reg, func(c *Context, _ route.Encoders) Pane { return newEncodersPane(c) })
	register(reg, func(c *Context, r route.EncoderConfiguration) Pane { return newEncoderPane(c, r.Config) })
	register(reg, func(c *Context, _ route.Storage) Pane { return newStoragePane(c) })
	register(reg, func(c *Context, r route.StorageConfiguration) Pane {
		return newStorageDetailPane(c, r.Config)
	})
	register(reg, func(c *Context, _ route.Keys) Pane { return newKeysPane(c) })
	register(reg, func(c *Context, r route.PublicKey) Pane { return newKeyDetailPane(c, r.Key) })
	return reg
}()
