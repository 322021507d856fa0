package service

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime/types"
)

// ListStorageConfigurations lists one page of storage configurations.
func (c *Client) ListStorageConfigurations(ctx context.Context, r PageRequest) (Page[StorageConfiguration], error) {
	const op = "ListStorageConfigurations"
	token, max, err := r.params(op)
	if err != nil {
		return Page[StorageConfiguration]{}, err
	}
	out, err := invoke(ctx, c, op, c.api.ListStorageConfigurations, &ivsrealtime.ListStorageConfigurationsInput{NextToken: token, MaxResults: max})
	if err != nil {
		return Page[StorageConfiguration]{}, err
	}
	return Page[StorageConfiguration]{Items: mapItems(out.StorageConfigurations, storageFromSummary), NextToken: str(out.NextToken)}, nil
}

// AllStorageConfigurations lists every storage configuration.
func (c *Client) AllStorageConfigurations(ctx context.Context) ([]StorageConfiguration, error) {
	p := ivsrealtime.NewListStorageConfigurationsPaginator(c.api, &ivsrealtime.ListStorageConfigurationsInput{},
		func(o *ivsrealtime.ListStorageConfigurationsPaginatorOptions) {
			o.Limit, o.StopOnDuplicateToken = allLimit("ListStorageConfigurations"), true
		})
	return collect(ctx, c, "ListStorageConfigurations", p, func(o *ivsrealtime.ListStorageConfigurationsOutput) []StorageConfiguration {
		return mapItems(o.StorageConfigurations, storageFromSummary)
	})
}

// GetStorageConfiguration gets one storage configuration.
func (c *Client) GetStorageConfiguration(ctx context.Context, arn string) (StorageConfiguration, error) {
	const op = "GetStorageConfiguration"
	if err := required(op, "storage configuration ARN", arn); err != nil {
		return StorageConfiguration{}, err
	}
	out, err := invoke(ctx, c, op, c.api.GetStorageConfiguration, &ivsrealtime.GetStorageConfigurationInput{Arn: aws.String(arn)})
	if err != nil {
		return StorageConfiguration{}, err
	}
	return storageFromSDK(out.StorageConfiguration), nil
}

// CreateStorageConfiguration registers an S3 bucket for recordings.
func (c *Client) CreateStorageConfiguration(ctx context.Context, name, bucket string, tags map[string]string) (StorageConfiguration, error) {
	const op = "CreateStorageConfiguration"
	if err := required(op, "bucket name", bucket); err != nil {
		return StorageConfiguration{}, err
	}
	out, err := invoke(ctx, c, op, c.api.CreateStorageConfiguration, &ivsrealtime.CreateStorageConfigurationInput{
		Name: optString(name), S3: &types.S3StorageConfiguration{BucketName: aws.String(bucket)}, Tags: tags,
	})
	if err != nil {
		return StorageConfiguration{}, err
	}
	return storageFromSDK(out.StorageConfiguration), nil
}

// DeleteStorageConfiguration deletes one; IVS refuses (Conflict) while a composition uses it.
func (c *Client) DeleteStorageConfiguration(ctx context.Context, arn string) error {
	const op = "DeleteStorageConfiguration"
	if err := required(op, "storage configuration ARN", arn); err != nil {
		return err
	}
	_, err := invoke(ctx, c, op, c.api.DeleteStorageConfiguration, &ivsrealtime.DeleteStorageConfigurationInput{Arn: aws.String(arn)})
	return err
}
