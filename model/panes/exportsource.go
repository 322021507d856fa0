package panes

import (
	"context"
	"slices"
	"time"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/watch"
	"github.com/ivsdash/ivsdash/service"
)

// exportSource answers report.CollectWith from what the watcher has read,
// and from the API for the rest, so an export of a watched session costs
// few calls.
type exportSource struct {
	client *service.Client
	events map[string][]service.Event // participant id -> events read to the end
	parts  []service.Participant      // the full list, when the watcher has it
}

// newExportSource shares what the watcher can lend an export of session k.
func newExportSource(c *kit.Context, k watch.Key, now time.Time) *exportSource {
	src := &exportSource{client: c.Client}
	src.events, src.parts = c.Watch.Lend(k, now)
	return src
}

func (e *exportSource) GetStage(ctx context.Context, arn string) (service.Stage, error) {
	return e.client.GetStage(ctx, arn)
}

func (e *exportSource) GetStageSession(ctx context.Context, stageARN, sessionID string) (service.Session, error) {
	return e.client.GetStageSession(ctx, stageARN, sessionID)
}

func (e *exportSource) AllParticipants(ctx context.Context, stageARN, sessionID string, f service.ParticipantFilter) ([]service.Participant, error) {
	if e.parts != nil && f == (service.ParticipantFilter{}) {
		return slices.Clone(e.parts), nil
	}
	return e.client.AllParticipants(ctx, stageARN, sessionID, f)
}

func (e *exportSource) AllParticipantEvents(ctx context.Context, stageARN, sessionID, participantID string) ([]service.Event, error) {
	if evs, ok := e.events[participantID]; ok {
		return evs, nil
	}
	return e.client.AllParticipantEvents(ctx, stageARN, sessionID, participantID)
}

// Holds reports whether the watcher lent this participant's events: the
// export reads them at no cost.
func (e *exportSource) Holds(participantID string) bool {
	_, ok := e.events[participantID]
	return ok
}

// ListParticipantEvents reads a page the watcher did not lend, so the
// export counts its calls.
func (e *exportSource) ListParticipantEvents(ctx context.Context, stageARN, sessionID, participantID string, r service.PageRequest) (service.Page[service.Event], error) {
	return e.client.ListParticipantEvents(ctx, stageARN, sessionID, participantID, r)
}

// GetParticipant reads a participant's client details, which the export
// fetches for those its Details choose.
func (e *exportSource) GetParticipant(ctx context.Context, stageARN, sessionID, participantID string) (service.Participant, error) {
	return e.client.GetParticipant(ctx, stageARN, sessionID, participantID)
}
