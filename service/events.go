package service

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
)

// ListParticipantEvents lists one page of a participant's events, in time order.
func (c *Client) ListParticipantEvents(ctx context.Context, stageARN, sessionID, participantID string, r PageRequest) (Page[Event], error) {
	const op = "ListParticipantEvents"
	if err := required(op, "stage ARN", stageARN, "session id", sessionID, "participant id", participantID); err != nil {
		return Page[Event]{}, err
	}
	token, max, err := r.params(op)
	if err != nil {
		return Page[Event]{}, err
	}
	out, err := invoke(ctx, c, op, c.api.ListParticipantEvents, &ivsrealtime.ListParticipantEventsInput{
		StageArn: aws.String(stageARN), SessionId: aws.String(sessionID), ParticipantId: aws.String(participantID),
		NextToken: token, MaxResults: max,
	})
	if err != nil {
		return Page[Event]{}, err
	}
	return Page[Event]{Items: mapItems(out.Events, eventFromSDK), NextToken: str(out.NextToken)}, nil
}

// AllParticipantEvents lists every event of a participant in a session.
func (c *Client) AllParticipantEvents(ctx context.Context, stageARN, sessionID, participantID string) ([]Event, error) {
	const op = "ListParticipantEvents"
	if err := required(op, "stage ARN", stageARN, "session id", sessionID, "participant id", participantID); err != nil {
		return nil, err
	}
	p := ivsrealtime.NewListParticipantEventsPaginator(c.api, &ivsrealtime.ListParticipantEventsInput{
		StageArn: aws.String(stageARN), SessionId: aws.String(sessionID), ParticipantId: aws.String(participantID),
	}, func(o *ivsrealtime.ListParticipantEventsPaginatorOptions) {
		o.Limit, o.StopOnDuplicateToken = allLimit(op), true
	})
	return collect(ctx, c, op, p, func(o *ivsrealtime.ListParticipantEventsOutput) []Event {
		return mapItems(o.Events, eventFromSDK)
	})
}
