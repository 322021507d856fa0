package panes

import (
	"reflect"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/route"
)

// How a pane is written, opened and fed: model/README.md.

// registry maps each route to the constructor of its pane, as k9s's
// registrar maps a resource to its view: panes open each other by
// returning a route (kit.OpenRoute), and only the root builds panes, here.
type registry map[reflect.Type]func(c *kit.Context, r route.Route) kit.Pane

// register maps routes of type R to build.
func register[R route.Route](reg registry, build func(c *kit.Context, r R) kit.Pane) {
	reg[reflect.TypeFor[R]()] = func(c *kit.Context, r route.Route) kit.Pane { return build(c, r.(R)) }
}

// Open builds the pane of r; nil when no pane is registered for it.
func (reg registry) Open(c *kit.Context, r route.Route) kit.Pane {
	if r == nil {
		return nil
	}
	build, ok := reg[reflect.TypeOf(r)]
	if !ok {
		return nil
	}
	return build(c, r)
}

// Panes is every pane of the dashboard, by route.
var Panes = func() registry {
	reg := registry{}
	register(reg, func(c *kit.Context, _ route.Stages) kit.Pane { return newStagesPane(c) })
	register(reg, func(c *kit.Context, r route.Stage) kit.Pane { return NewStageDetailPane(c, r.Stage) })
	register(reg, func(c *kit.Context, r route.Sessions) kit.Pane { return NewSessionsPane(c, r.Stage) })
	register(reg, func(c *kit.Context, r route.Participants) kit.Pane { return NewParticipantsPane(c, r.Stage, r.Session) })
	register(reg, func(c *kit.Context, r route.Participant) kit.Pane {
		return NewParticipantPane(c, r.Stage, r.Session, r.Participant)
	})
	register(reg, func(c *kit.Context, r route.Timeline) kit.Pane {
		p := NewTimelinePane(c, r.Stage, r.Session)
		p.ErrorsOnly = r.ErrorsOnly
		p.SetFilter(r.Filter)
		return p
	})
	register(reg, func(c *kit.Context, r route.Replicas) kit.Pane {
		return NewReplicasPane(c, r.Stage, r.Session, r.Participant)
	})
	register(reg, func(c *kit.Context, r route.Tags) kit.Pane { return NewTagsPane(c, r.ARN, r.What) })
	register(reg, func(c *kit.Context, _ route.Compositions) kit.Pane { return NewCompositionsPane(c) })
	register(reg, func(c *kit.Context, r route.Composition) kit.Pane { return NewCompositionPane(c, r.Composition) })
	register(reg, func(c *kit.Context, _ route.Triage) kit.Pane { return NewTriagePane(c) })
	register(reg, func(c *kit.Context, _ route.Ingest) kit.Pane { return NewIngestPane(c) })
	register(reg, func(c *kit.Context, r route.IngestConfiguration) kit.Pane { return NewIngestDetailPane(c, r.Config) })
	register(reg, func(c *kit.Context, _ route.Encoders) kit.Pane { return NewEncodersPane(c) })
	register(reg, func(c *kit.Context, r route.EncoderConfiguration) kit.Pane { return NewEncoderPane(c, r.Config) })
	register(reg, func(c *kit.Context, _ route.Storage) kit.Pane { return NewStoragePane(c) })
	register(reg, func(c *kit.Context, r route.StorageConfiguration) kit.Pane {
		return NewStorageDetailPane(c, r.Config)
	})
	register(reg, func(c *kit.Context, _ route.Keys) kit.Pane { return NewKeysPane(c) })
	register(reg, func(c *kit.Context, r route.PublicKey) kit.Pane { return NewKeyDetailPane(c, r.Key) })
	register(reg, func(c *kit.Context, r route.Breakdown) kit.Pane { return NewBreakdownPane(c, r.Stage) })
	register(reg, func(c *kit.Context, _ route.Quotas) kit.Pane { return NewQuotasPane(c) })
	register(reg, func(c *kit.Context, _ route.Contexts) kit.Pane { return newContextsPane(c) })
	return reg
}()
