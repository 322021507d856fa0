package service

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
)

// ListStageSessions lists one page of a stage's sessions.
func (c *Client) ListStageSessions(ctx context.Context, stageARN string, r PageRequest) (Page[Session], error) {
	const op = "ListStageSessions"
	if err := required(op, "stage ARN", stageARN); err != nil {
		return Page[Session]{}, err
	}
	token, max, err := r.params(op)
	if err != nil {
		return Page[Session]{}, err
	}
	out, err := invoke(ctx, c, op, c.api.ListStageSessions, &ivsrealtime.ListStageSessionsInput{
		StageArn: aws.String(stageARN), NextToken: token, MaxResults: max,
	})
	if err != nil {
		return Page[Session]{}, err
	}
	return Page[Session]{Items: mapItems(out.StageSessions, sessionFromSummary), NextToken: str(out.NextToken)}, nil
}

// AllStageSessions lists every session of a stage.
func (c *Client) AllStageSessions(ctx context.Context, stageARN string) ([]Session, error) {
	const op = "ListStageSessions"
	if err := required(op, "stage ARN", stageARN); err != nil {
		return nil, err
	}
	p := ivsrealtime.NewListStageSessionsPaginator(c.api, &ivsrealtime.ListStageSessionsInput{StageArn: aws.String(stageARN)},
		func(o *ivsrealtime.ListStageSessionsPaginatorOptions) {
			o.Limit, o.StopOnDuplicateToken = allLimit(op), true
		})
	return collect(ctx, c, op, p, func(o *ivsrealtime.ListStageSessionsOutput) []Session {
		return mapItems(o.StageSessions, sessionFromSummary)
	})
}

// GetStageSession gets one session of a stage.
func (c *Client) GetStageSession(ctx context.Context, stageARN, sessionID string) (Session, error) {
	const op = "GetStageSession"
	if err := required(op, "stage ARN", stageARN, "session id", sessionID); err != nil {
		return Session{}, err
	}
	out, err := invoke(ctx, c, op, c.api.GetStageSession, &ivsrealtime.GetStageSessionInput{
		StageArn: aws.String(stageARN), SessionId: aws.String(sessionID),
	})
	if err != nil {
		return Session{}, err
	}
	return sessionFromSDK(out.StageSession), nil
}
