package service

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime/types"
)

// ListParticipants lists one page of a session's participants (summaries).
// The API filters by published=true only: a filter for participants that
// never published is refused here; AllParticipants can do it client-side.
func (c *Client) ListParticipants(ctx context.Context, stageARN, sessionID string, f ParticipantFilter, r PageRequest) (Page[Participant], error) {
	const op = "ListParticipants"
	in, err := participantsInput(op, stageARN, sessionID, f)
	if err != nil {
		return Page[Participant]{}, err
	}
	if f.Published != nil && !*f.Published {
		return Page[Participant]{}, invalid(op, "IVS can filter for participants that published, not for those that did not")
	}
	if in.NextToken, in.MaxResults, err = r.params(op); err != nil {
		return Page[Participant]{}, err
	}
	out, err := invoke(ctx, c, op, c.api.ListParticipants, in)
	if err != nil {
		return Page[Participant]{}, err
	}
	return Page[Participant]{Items: mapItems(out.Participants, participantFromSummary), NextToken: str(out.NextToken)}, nil
}

// AllParticipants lists every participant of a session that matches f.
func (c *Client) AllParticipants(ctx context.Context, stageARN, sessionID string, f ParticipantFilter) ([]Participant, error) {
	const op = "ListParticipants"
	in, err := participantsInput(op, stageARN, sessionID, f)
	if err != nil {
		return nil, err
	}
	p := ivsrealtime.NewListParticipantsPaginator(c.api, in,
		func(o *ivsrealtime.ListParticipantsPaginatorOptions) {
			o.Limit, o.StopOnDuplicateToken = allLimit(op), true
		})
	all, err := collect(ctx, c, op, p, func(o *ivsrealtime.ListParticipantsOutput) []Participant {
		return mapItems(o.Participants, participantFromSummary)
	})
	if err != nil || f.Published == nil || *f.Published {
		return all, err
	}
	// published=false: the API cannot filter for it, so filter here.
	kept := all[:0]
	for _, p := range all {
		if !p.Published {
			kept = append(kept, p)
		}
	}
	return kept, nil
}

func participantsInput(op, stageARN, sessionID string, f ParticipantFilter) (*ivsrealtime.ListParticipantsInput, error) {
	if err := required(op, "stage ARN", stageARN, "session id", sessionID); err != nil {
		return nil, err
	}
	n := 0
	for _, set := range []bool{f.UserID != "", f.Published != nil, f.State != "", f.RecordingState != ""} {
		if set {
			n++
		}
	}
	if n > 1 {
		return nil, invalid(op, "IVS filters participants by one of user id, published, state or recording state at a time")
	}
	return &ivsrealtime.ListParticipantsInput{
		StageArn:               aws.String(stageARN),
		SessionId:              aws.String(sessionID),
		FilterByUserId:         optString(f.UserID),
		FilterByPublished:      f.Published != nil && *f.Published,
		FilterByState:          types.ParticipantState(f.State),
		FilterByRecordingState: types.ParticipantRecordingFilterByRecordingState(f.RecordingState),
	}, nil
}

// GetParticipant gets everything IVS knows of one participant of a session.
func (c *Client) GetParticipant(ctx context.Context, stageARN, sessionID, participantID string) (Participant, error) {
	const op = "GetParticipant"
	if err := required(op, "stage ARN", stageARN, "session id", sessionID, "participant id", participantID); err != nil {
		return Participant{}, err
	}
	out, err := invoke(ctx, c, op, c.api.GetParticipant, &ivsrealtime.GetParticipantInput{
		StageArn: aws.String(stageARN), SessionId: aws.String(sessionID), ParticipantId: aws.String(participantID),
	})
	if err != nil {
		return Participant{}, err
	}
	return participantFromSDK(out.Participant), nil
}

// DisconnectParticipant disconnects a participant from a stage; reason
// (optional, at most 128 characters) is shown to the participant.
func (c *Client) DisconnectParticipant(ctx context.Context, stageARN, participantID, reason string) error {
	const op = "DisconnectParticipant"
	if err := required(op, "stage ARN", stageARN, "participant id", participantID); err != nil {
		return err
	}
	_, err := invoke(ctx, c, op, c.api.DisconnectParticipant, &ivsrealtime.DisconnectParticipantInput{
		StageArn: aws.String(stageARN), ParticipantId: aws.String(participantID), Reason: optString(reason),
	})
	return err
}
