package service

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
)

// ListEncoderConfigurations lists one page of encoder configurations (no video settings).
func (c *Client) ListEncoderConfigurations(ctx context.Context, r PageRequest) (Page[EncoderConfiguration], error) {
	const op = "ListEncoderConfigurations"
	token, max, err := r.params(op)
	if err != nil {
		return Page[EncoderConfiguration]{}, err
	}
	out, err := invoke(ctx, c, op, c.api.ListEncoderConfigurations, &ivsrealtime.ListEncoderConfigurationsInput{NextToken: token, MaxResults: max})
	if err != nil {
		return Page[EncoderConfiguration]{}, err
	}
	return Page[EncoderConfiguration]{Items: mapItems(out.EncoderConfigurations, encoderFromSummary), NextToken: str(out.NextToken)}, nil
}

// AllEncoderConfigurations lists every encoder configuration.
func (c *Client) AllEncoderConfigurations(ctx context.Context) ([]EncoderConfiguration, error) {
	p := ivsrealtime.NewListEncoderConfigurationsPaginator(c.api, &ivsrealtime.ListEncoderConfigurationsInput{},
		func(o *ivsrealtime.ListEncoderConfigurationsPaginatorOptions) {
			o.Limit, o.StopOnDuplicateToken = allLimit("ListEncoderConfigurations"), true
		})
	return collect(ctx, c, "ListEncoderConfigurations", p, func(o *ivsrealtime.ListEncoderConfigurationsOutput) []EncoderConfiguration {
		return mapItems(o.EncoderConfigurations, encoderFromSummary)
	})
}

// GetEncoderConfiguration gets an encoder configuration with its video settings.
func (c *Client) GetEncoderConfiguration(ctx context.Context, arn string) (EncoderConfiguration, error) {
	const op = "GetEncoderConfiguration"
	if err := required(op, "encoder configuration ARN", arn); err != nil {
		return EncoderConfiguration{}, err
	}
	out, err := invoke(ctx, c, op, c.api.GetEncoderConfiguration, &ivsrealtime.GetEncoderConfigurationInput{Arn: aws.String(arn)})
	if err != nil {
		return EncoderConfiguration{}, err
	}
	return encoderFromSDK(out.EncoderConfiguration), nil
}

// CreateEncoderConfiguration creates a transcoding preset; zero video fields
// take the API defaults (1280x720, 2.5 Mbps, 30 fps).
func (c *Client) CreateEncoderConfiguration(ctx context.Context, name string, v Video, tags map[string]string) (EncoderConfiguration, error) {
	const op = "CreateEncoderConfiguration"
	out, err := invoke(ctx, c, op, c.api.CreateEncoderConfiguration, &ivsrealtime.CreateEncoderConfigurationInput{
		Name: optString(name), Video: videoToSDK(v), Tags: tags,
	})
	if err != nil {
		return EncoderConfiguration{}, err
	}
	return encoderFromSDK(out.EncoderConfiguration), nil
}

// DeleteEncoderConfiguration deletes one; IVS refuses (Conflict) while a composition uses it.
func (c *Client) DeleteEncoderConfiguration(ctx context.Context, arn string) error {
	const op = "DeleteEncoderConfiguration"
	if err := required(op, "encoder configuration ARN", arn); err != nil {
		return err
	}
	_, err := invoke(ctx, c, op, c.api.DeleteEncoderConfiguration, &ivsrealtime.DeleteEncoderConfigurationInput{Arn: aws.String(arn)})
	return err
}
