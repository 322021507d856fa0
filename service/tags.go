package service

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
)

// ListTags lists the tags of any IVS Real-Time resource (never nil).
func (c *Client) ListTags(ctx context.Context, arn string) (map[string]string, error) {
	const op = "ListTagsForResource"
	if err := required(op, "resource ARN", arn); err != nil {
		return nil, err
	}
	out, err := invoke(ctx, c, op, c.api.ListTagsForResource, &ivsrealtime.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil {
		return nil, err
	}
	tags := copyMap(out.Tags)
	if tags == nil {
		tags = map[string]string{}
	}
	return tags, nil
}

// TagResource adds or overwrites tags on a resource.
func (c *Client) TagResource(ctx context.Context, arn string, tags map[string]string) error {
	const op = "TagResource"
	if err := required(op, "resource ARN", arn); err != nil {
		return err
	}
	if len(tags) == 0 {
		return invalid(op, "no tags given")
	}
	_, err := invoke(ctx, c, op, c.api.TagResource, &ivsrealtime.TagResourceInput{ResourceArn: aws.String(arn), Tags: tags})
	return err
}

// UntagResource removes tags by key.
func (c *Client) UntagResource(ctx context.Context, arn string, keys []string) error {
	const op = "UntagResource"
	if err := required(op, "resource ARN", arn); err != nil {
		return err
	}
	if len(keys) == 0 {
		return invalid(op, "no tag keys given")
	}
	_, err := invoke(ctx, c, op, c.api.UntagResource, &ivsrealtime.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: keys})
	return err
}
