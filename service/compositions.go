package service

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
)

// ListCompositions lists one page of compositions (summaries: no layout or
// destination configuration).
func (c *Client) ListCompositions(ctx context.Context, f CompositionFilter, r PageRequest) (Page[Composition], error) {
	const op = "ListCompositions"
	token, max, err := r.params(op)
	if err != nil {
		return Page[Composition]{}, err
	}
	in := compositionsInput(f)
	in.NextToken, in.MaxResults = token, max
	out, err := invoke(ctx, c, op, c.api.ListCompositions, in)
	if err != nil {
		return Page[Composition]{}, err
	}
	return Page[Composition]{Items: mapItems(out.Compositions, compositionFromSummary), NextToken: str(out.NextToken)}, nil
}

// AllCompositions lists every composition that matches f.
func (c *Client) AllCompositions(ctx context.Context, f CompositionFilter) ([]Composition, error) {
	p := ivsrealtime.NewListCompositionsPaginator(c.api, compositionsInput(f),
		func(o *ivsrealtime.ListCompositionsPaginatorOptions) {
			o.Limit, o.StopOnDuplicateToken = allLimit("ListCompositions"), true
		})
	return collect(ctx, c, "ListCompositions", p, func(o *ivsrealtime.ListCompositionsOutput) []Composition {
		return mapItems(o.Compositions, compositionFromSummary)
	})
}

func compositionsInput(f CompositionFilter) *ivsrealtime.ListCompositionsInput {
	return &ivsrealtime.ListCompositionsInput{
		FilterByStageArn:                optString(f.StageARN),
		FilterByEncoderConfigurationArn: optString(f.EncoderConfigurationARN),
	}
}

// GetComposition gets a composition with its layout and destinations.
func (c *Client) GetComposition(ctx context.Context, arn string) (Composition, error) {
	const op = "GetComposition"
	if err := required(op, "composition ARN", arn); err != nil {
		return Composition{}, err
	}
	out, err := invoke(ctx, c, op, c.api.GetComposition, &ivsrealtime.GetCompositionInput{Arn: aws.String(arn)})
	if err != nil {
		return Composition{}, err
	}
	return compositionFromSDK(out.Composition), nil
}

// StartComposition starts composing a stage to a channel and/or S3.
func (c *Client) StartComposition(ctx context.Context, r StartCompositionRequest) (Composition, error) {
	const op = "StartComposition"
	if err := required(op, "stage ARN", r.StageARN); err != nil {
		return Composition{}, err
	}
	if r.Layout.Grid != nil && r.Layout.PiP != nil {
		return Composition{}, invalid(op, "a composition has a grid or a picture-in-picture layout, not both")
	}
	if len(r.Destinations) == 0 {
		return Composition{}, invalid(op, "a composition needs at least one destination (a channel or S3)")
	}
	for _, d := range r.Destinations {
		if d.Channel == nil && d.S3 == nil {
			return Composition{}, invalid(op, "each destination needs a channel or an S3 configuration")
		}
	}
	out, err := invoke(ctx, c, op, c.api.StartComposition, &ivsrealtime.StartCompositionInput{
		StageArn:         aws.String(r.StageARN),
		Layout:           layoutToSDK(r.Layout),
		Destinations:     mapItems(r.Destinations, destinationToSDK),
		Tags:             r.Tags,
		IdempotencyToken: optString(r.IdempotencyToken),
	})
	if err != nil {
		return Composition{}, err
	}
	return compositionFromSDK(out.Composition), nil
}

// StopComposition stops (and so deletes) a composition.
func (c *Client) StopComposition(ctx context.Context, arn string) error {
	const op = "StopComposition"
	if err := required(op, "composition ARN", arn); err != nil {
		return err
	}
	_, err := invoke(ctx, c, op, c.api.StopComposition, &ivsrealtime.StopCompositionInput{Arn: aws.String(arn)})
	return err
}
