// Package report gathers one stage session's participants and events into a
// Report and writes it as JSON, CSV or Markdown for an incident ticket.
package report

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
)

// Report is everything known about one session, as of GeneratedAt.
type Report struct {
	Stage        service.Stage
	Session      service.Session
	Participants []service.Participant // with details where fetched
	Events       []service.Event       // all participants' events merged, time order
	GeneratedAt  time.Time
	// Partial is set when some participants' events or details could not be
	// fetched, or the collection was cancelled; Note says what is missing.
	Partial bool
	Note    string
}

// Source is what Collect reads from; *service.Client satisfies it, so every
// call goes through the client's API budget.
type Source interface {
	GetStage(ctx context.Context, arn string) (service.Stage, error)
	GetStageSession(ctx context.Context, stageARN, sessionID string) (service.Session, error)
	AllParticipants(ctx context.Context, stageARN, sessionID string, f service.ParticipantFilter) ([]service.Participant, error)
	AllParticipantEvents(ctx context.Context, stageARN, sessionID, participantID string) ([]service.Event, error)
}

// DetailSource is a Source that can also fetch one participant's details
// (browser, OS, ISP, SDK, attributes). When the Source given to Collect is
// one, Collect fetches them; ListParticipants alone does not return them.
type DetailSource interface {
	Source
	GetParticipant(ctx context.Context, stageARN, sessionID, participantID string) (service.Participant, error)
}

// Collect fetches the stage, the session, its participants, each
// participant's events and every participant's details (when c is a
// DetailSource), calling progress(done, total) as participants complete.
// It is CollectWith with DetailsAll: see there for partial reports.
func Collect(ctx context.Context, c Source, stageARN, sessionID string, progress func(done, total int)) (Report, error) {
	opts := Options{Details: DetailsAll}
	if progress != nil {
		last := -1
		opts.Progress = func(p Progress) {
			if p.Done != last {
				last = p.Done
				progress(p.Done, p.Listed)
			}
		}
	}
	return CollectWith(ctx, c, stageARN, sessionID, opts)
}

// CollectWith fetches the stage, the session, its participants and each
// participant's events, and the details opts.Details asks for when c is a
// DetailSource, reporting to opts.Progress as calls complete. A participant
// whose events or details fail is kept, and the report is marked Partial
// with a note. If ctx ends, CollectWith returns what it gathered, marked
// Partial, with ctx's error. Other errors (the stage or session unreadable)
// return no report.
//
// Its calls are bulk work for the budget: they take what the visible pane's
// calls and the error watcher's share leave, and the whole rate when alone.
func CollectWith(ctx context.Context, c Source, stageARN, sessionID string, opts Options) (Report, error) {
	if c == nil {
		return Report{}, errors.New("export: no source to read from")
	}
	if stageARN == "" || sessionID == "" {
		return Report{}, errors.New("export: a stage ARN and a session id are both needed")
	}
	ctx = budget.Bulk(ctx)
	stage, err := c.GetStage(ctx, stageARN)
	if err != nil {
		return Report{}, fmt.Errorf("export: reading stage: %w", err)
	}
	session, err := c.GetStageSession(ctx, stageARN, sessionID)
	if err != nil {
		return Report{}, fmt.Errorf("export: reading session %s: %w", sessionID, err)
	}
	parts, err := c.AllParticipants(ctx, stageARN, sessionID, service.ParticipantFilter{})
	if err != nil {
		return Report{}, fmt.Errorf("export: listing participants of session %s: %w", sessionID, err)
	}
	if session.ID == "" {
		session.ID = sessionID
	}

	detail, _ := c.(DetailSource)
	results := newPipeline(c, detail, stageARN, sessionID, parts, opts).run(ctx)

	r := Report{Stage: stage, Session: session, GeneratedAt: time.Now().UTC()}
	var (
		eventFailures, detailFailures int
		firstErr                      error
	)
	for i, res := range results {
		p := parts[i]
		if res.detailErr == nil && res.detail != nil {
			p = mergeDetail(p, *res.detail)
		}
		r.Participants = append(r.Participants, p)
		for _, e := range res.events {
			// Events are fetched per participant, so the owner is known even
			// if a response leaves the field out.
			if e.ParticipantID == "" {
				e.ParticipantID = p.ID
			}
			r.Events = append(r.Events, e)
		}
		if res.eventsErr != nil {
			eventFailures++
			firstErr = cmp.Or(firstErr, res.eventsErr)
		}
		if res.detailErr != nil {
			detailFailures++
			firstErr = cmp.Or(firstErr, res.detailErr)
		}
	}
	// Stable, so events of the same instant keep the order IVS listed them
	// in within a participant, and participants keep their list order.
	service.SortEvents(r.Events)
	slices.SortStableFunc(r.Participants, func(a, b service.Participant) int { return a.FirstJoin.Compare(b.FirstJoin) })

	var notes []string
	if eventFailures > 0 {
		notes = append(notes, fmt.Sprintf("events of %d of %d participants could not be fetched", eventFailures, len(parts)))
	}
	if detailFailures > 0 {
		notes = append(notes, fmt.Sprintf("details of %d of %d participants could not be fetched", detailFailures, len(parts)))
	}
	ctxErr := ctx.Err()
	if len(notes) > 0 || ctxErr != nil {
		r.Partial = true
		if ctxErr != nil {
			notes = append(notes, "collection was interrupted")
		} else if firstErr != nil {
			notes = append(notes, "first error: "+firstErr.Error())
		}
	}
	if session.Live() {
		notes = append(notes, "the session was still live when this report was made")
	}
	if detail != nil && len(parts) > 0 {
		if n := opts.details().note(); n != "" {
			notes = append(notes, n)
		}
	}
	r.Note = strings.Join(notes, "; ")
	if ctxErr != nil {
		return r, fmt.Errorf("export: collection interrupted: %w", ctxErr)
	}
	return r, nil
}

// mergeDetail takes GetParticipant's fuller record but keeps summary fields
// the detail left empty.
func mergeDetail(summary, detail service.Participant) service.Participant {
	out := detail
	out.ID = cmp.Or(out.ID, summary.ID)
	out.UserID = cmp.Or(out.UserID, summary.UserID)
	out.State = cmp.Or(out.State, summary.State)
	out.Published = out.Published || summary.Published
	out.RecordingState = cmp.Or(out.RecordingState, summary.RecordingState)
	if out.FirstJoin.IsZero() {
		out.FirstJoin = summary.FirstJoin
	}
	out.ReplicationState = cmp.Or(out.ReplicationState, summary.ReplicationState)
	out.ReplicationType = cmp.Or(out.ReplicationType, summary.ReplicationType)
	return out
}
