package service

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
)

// ListPublicKeys lists one page of imported public keys (no key material).
func (c *Client) ListPublicKeys(ctx context.Context, r PageRequest) (Page[PublicKey], error) {
	const op = "ListPublicKeys"
	token, max, err := r.params(op)
	if err != nil {
		return Page[PublicKey]{}, err
	}
	out, err := invoke(ctx, c, op, c.api.ListPublicKeys, &ivsrealtime.ListPublicKeysInput{NextToken: token, MaxResults: max})
	if err != nil {
		return Page[PublicKey]{}, err
	}
	return Page[PublicKey]{Items: mapItems(out.PublicKeys, publicKeyFromSummary), NextToken: str(out.NextToken)}, nil
}

// AllPublicKeys lists every imported public key.
func (c *Client) AllPublicKeys(ctx context.Context) ([]PublicKey, error) {
	p := ivsrealtime.NewListPublicKeysPaginator(c.api, &ivsrealtime.ListPublicKeysInput{},
		func(o *ivsrealtime.ListPublicKeysPaginatorOptions) {
			o.Limit, o.StopOnDuplicateToken = allLimit("ListPublicKeys"), true
		})
	return collect(ctx, c, "ListPublicKeys", p, func(o *ivsrealtime.ListPublicKeysOutput) []PublicKey {
		return mapItems(o.PublicKeys, publicKeyFromSummary)
	})
}

// GetPublicKey gets a public key with its PEM and fingerprint.
func (c *Client) GetPublicKey(ctx context.Context, arn string) (PublicKey, error) {
	const op = "GetPublicKey"
	if err := required(op, "public key ARN", arn); err != nil {
		return PublicKey{}, err
	}
	out, err := invoke(ctx, c, op, c.api.GetPublicKey, &ivsrealtime.GetPublicKeyInput{Arn: aws.String(arn)})
	if err != nil {
		return PublicKey{}, err
	}
	return publicKeyFromSDK(out.PublicKey), nil
}

// ImportPublicKey imports the public half of a P-384 key pair (PEM) so
// tokens signed by its private half are accepted. At most 3 per region.
func (c *Client) ImportPublicKey(ctx context.Context, name, pem string, tags map[string]string) (PublicKey, error) {
	const op = "ImportPublicKey"
	if err := required(op, "public key material (PEM)", pem); err != nil {
		return PublicKey{}, err
	}
	out, err := invoke(ctx, c, op, c.api.ImportPublicKey, &ivsrealtime.ImportPublicKeyInput{
		Name: optString(name), PublicKeyMaterial: aws.String(pem), Tags: tags,
	})
	if err != nil {
		return PublicKey{}, err
	}
	return publicKeyFromSDK(out.PublicKey), nil
}

// DeletePublicKey deletes a public key; tokens signed with its private half stop working.
func (c *Client) DeletePublicKey(ctx context.Context, arn string) error {
	const op = "DeletePublicKey"
	if err := required(op, "public key ARN", arn); err != nil {
		return err
	}
	_, err := invoke(ctx, c, op, c.api.DeletePublicKey, &ivsrealtime.DeletePublicKeyInput{Arn: aws.String(arn)})
	return err
}
