package service

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime/types"
)

// ListIngestConfigurations lists one page of ingest configurations (no stream keys).
func (c *Client) ListIngestConfigurations(ctx context.Context, f IngestFilter, r PageRequest) (Page[IngestConfiguration], error) {
	const op = "ListIngestConfigurations"
	in, err := ingestInput(op, f)
	if err != nil {
		return Page[IngestConfiguration]{}, err
	}
	if in.NextToken, in.MaxResults, err = r.params(op); err != nil {
		return Page[IngestConfiguration]{}, err
	}
	out, err := invoke(ctx, c, op, c.api.ListIngestConfigurations, in)
	if err != nil {
		return Page[IngestConfiguration]{}, err
	}
	return Page[IngestConfiguration]{Items: mapItems(out.IngestConfigurations, ingestFromSummary), NextToken: str(out.NextToken)}, nil
}

// AllIngestConfigurations lists every ingest configuration that matches f.
func (c *Client) AllIngestConfigurations(ctx context.Context, f IngestFilter) ([]IngestConfiguration, error) {
	const op = "ListIngestConfigurations"
	in, err := ingestInput(op, f)
	if err != nil {
		return nil, err
	}
	p := ivsrealtime.NewListIngestConfigurationsPaginator(c.api, in,
		func(o *ivsrealtime.ListIngestConfigurationsPaginatorOptions) {
			o.Limit, o.StopOnDuplicateToken = allLimit(op), true
		})
	return collect(ctx, c, op, p, func(o *ivsrealtime.ListIngestConfigurationsOutput) []IngestConfiguration {
		return mapItems(o.IngestConfigurations, ingestFromSummary)
	})
}

func ingestInput(op string, f IngestFilter) (*ivsrealtime.ListIngestConfigurationsInput, error) {
	if f.StageARN != "" && f.State != "" {
		return nil, invalid(op, "IVS filters ingest configurations by stage or by state, not both")
	}
	return &ivsrealtime.ListIngestConfigurationsInput{
		FilterByStageArn: optString(f.StageARN),
		FilterByState:    types.IngestConfigurationState(f.State),
	}, nil
}

// GetIngestConfiguration gets one ingest configuration with its stream key
// (a Secret, masked when printed).
func (c *Client) GetIngestConfiguration(ctx context.Context, arn string) (IngestConfiguration, error) {
	const op = "GetIngestConfiguration"
	if err := required(op, "ingest configuration ARN", arn); err != nil {
		return IngestConfiguration{}, err
	}
	out, err := invoke(ctx, c, op, c.api.GetIngestConfiguration, &ivsrealtime.GetIngestConfigurationInput{Arn: aws.String(arn)})
	if err != nil {
		return IngestConfiguration{}, err
	}
	return ingestFromSDK(out.IngestConfiguration), nil
}

// CreateIngestConfiguration creates an RTMP(S) ingest; RTMP needs InsecureIngest.
func (c *Client) CreateIngestConfiguration(ctx context.Context, r CreateIngestRequest) (IngestConfiguration, error) {
	const op = "CreateIngestConfiguration"
	if err := required(op, "ingest protocol (RTMP or RTMPS)", r.Protocol); err != nil {
		return IngestConfiguration{}, err
	}
	out, err := invoke(ctx, c, op, c.api.CreateIngestConfiguration, &ivsrealtime.CreateIngestConfigurationInput{
		Name:           optString(r.Name),
		IngestProtocol: types.IngestProtocol(r.Protocol),
		InsecureIngest: r.InsecureIngest,
		StageArn:       optString(r.StageARN),
		UserId:         optString(r.UserID),
		Attributes:     r.Attributes,
		Tags:           r.Tags,
	})
	if err != nil {
		return IngestConfiguration{}, err
	}
	return ingestFromSDK(out.IngestConfiguration), nil
}

// UpdateIngestConfiguration attaches an ingest configuration to a stage
// ("" detaches it). IVS refuses (Conflict) while it is ACTIVE.
func (c *Client) UpdateIngestConfiguration(ctx context.Context, arn, stageARN string) (IngestConfiguration, error) {
	const op = "UpdateIngestConfiguration"
	if err := required(op, "ingest configuration ARN", arn); err != nil {
		return IngestConfiguration{}, err
	}
	out, err := invoke(ctx, c, op, c.api.UpdateIngestConfiguration, &ivsrealtime.UpdateIngestConfigurationInput{
		Arn: aws.String(arn), StageArn: aws.String(stageARN),
	})
	if err != nil {
		return IngestConfiguration{}, err
	}
	return ingestFromSDK(out.IngestConfiguration), nil
}

// DeleteIngestConfiguration deletes one; force disconnects an active publisher first.
func (c *Client) DeleteIngestConfiguration(ctx context.Context, arn string, force bool) error {
	const op = "DeleteIngestConfiguration"
	if err := required(op, "ingest configuration ARN", arn); err != nil {
		return err
	}
	_, err := invoke(ctx, c, op, c.api.DeleteIngestConfiguration, &ivsrealtime.DeleteIngestConfigurationInput{Arn: aws.String(arn), Force: force})
	return err
}
