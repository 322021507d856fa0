package service

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime/types"
)

// CreateParticipantToken mints a token for a stage. The token comes back as
// a Secret, masked wherever it is printed.
func (c *Client) CreateParticipantToken(ctx context.Context, r TokenRequest) (ParticipantToken, error) {
	const op = "CreateParticipantToken"
	if err := required(op, "stage ARN", r.StageARN); err != nil {
		return ParticipantToken{}, err
	}
	out, err := invoke(ctx, c, op, c.api.CreateParticipantToken, &ivsrealtime.CreateParticipantTokenInput{
		StageArn:     aws.String(r.StageARN),
		UserId:       optString(r.UserID),
		Attributes:   r.Attributes,
		Capabilities: castAll[types.ParticipantTokenCapability](r.Capabilities),
		Duration:     optInt32(r.DurationMinutes),
	})
	if err != nil {
		return ParticipantToken{}, err
	}
	if out.ParticipantToken == nil {
		return ParticipantToken{}, malformed(op, "IVS answered without a token")
	}
	return tokenFromSDK(*out.ParticipantToken), nil
}
