package service

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
)

// ListStages lists one page of stages (summaries: no endpoints or recording).
func (c *Client) ListStages(ctx context.Context, r PageRequest) (Page[Stage], error) {
	const op = "ListStages"
	token, max, err := r.params(op)
	if err != nil {
		return Page[Stage]{}, err
	}
	out, err := invoke(ctx, c, op, c.api.ListStages, &ivsrealtime.ListStagesInput{NextToken: token, MaxResults: max})
	if err != nil {
		return Page[Stage]{}, err
	}
	return Page[Stage]{Items: mapItems(out.Stages, stageFromSummary), NextToken: str(out.NextToken)}, nil
}

// AllStages lists every stage, page by page through the budget.
func (c *Client) AllStages(ctx context.Context) ([]Stage, error) {
	p := ivsrealtime.NewListStagesPaginator(c.api, &ivsrealtime.ListStagesInput{}, func(o *ivsrealtime.ListStagesPaginatorOptions) {
		o.Limit, o.StopOnDuplicateToken = allLimit("ListStages"), true
	})
	return collect(ctx, c, "ListStages", p, func(o *ivsrealtime.ListStagesOutput) []Stage {
		return mapItems(o.Stages, stageFromSummary)
	})
}

// GetStage gets one stage with its endpoints and recording configuration.
func (c *Client) GetStage(ctx context.Context, arn string) (Stage, error) {
	const op = "GetStage"
	if err := required(op, "stage ARN", arn); err != nil {
		return Stage{}, err
	}
	out, err := invoke(ctx, c, op, c.api.GetStage, &ivsrealtime.GetStageInput{Arn: aws.String(arn)})
	if err != nil {
		return Stage{}, err
	}
	return stageFromSDK(out.Stage), nil
}

// CreateStage creates a stage and mints the tokens of r.Tokens with it.
func (c *Client) CreateStage(ctx context.Context, r CreateStageRequest) (Stage, []ParticipantToken, error) {
	const op = "CreateStage"
	in := &ivsrealtime.CreateStageInput{
		Name:                                  optString(r.Name),
		Tags:                                  r.Tags,
		AutoParticipantRecordingConfiguration: autoRecordingToSDK(r.AutoRecording),
		ParticipantTokenConfigurations:        mapItems(r.Tokens, tokenConfigToSDK),
	}
	out, err := invoke(ctx, c, op, c.api.CreateStage, in)
	if err != nil {
		return Stage{}, nil, err
	}
	return stageFromSDK(out.Stage), mapItems(out.ParticipantTokens, tokenFromSDK), nil
}

// UpdateStage renames a stage and/or changes its recording configuration.
func (c *Client) UpdateStage(ctx context.Context, r UpdateStageRequest) (Stage, error) {
	const op = "UpdateStage"
	if err := required(op, "stage ARN", r.ARN); err != nil {
		return Stage{}, err
	}
	in := &ivsrealtime.UpdateStageInput{
		Arn:                                   aws.String(r.ARN),
		AutoParticipantRecordingConfiguration: autoRecordingToSDK(r.AutoRecording),
	}
	if r.Name != nil {
		in.Name = aws.String(*r.Name)
	}
	out, err := invoke(ctx, c, op, c.api.UpdateStage, in)
	if err != nil {
		return Stage{}, err
	}
	return stageFromSDK(out.Stage), nil
}

// DeleteStage deletes a stage; everyone in it is disconnected.
func (c *Client) DeleteStage(ctx context.Context, arn string) error {
	const op = "DeleteStage"
	if err := required(op, "stage ARN", arn); err != nil {
		return err
	}
	_, err := invoke(ctx, c, op, c.api.DeleteStage, &ivsrealtime.DeleteStageInput{Arn: aws.String(arn)})
	return err
}
